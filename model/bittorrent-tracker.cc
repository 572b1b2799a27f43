// SPDX-License-Identifier: GPL-2.0-only

#include "bittorrent-tracker.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BitTorrentTracker");

NS_OBJECT_ENSURE_REGISTERED(BitTorrentTracker);

namespace
{

std::string
ToHex(const BitTorrentTracker::InfoHash& bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes)
    {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xf]);
    }
    return out;
}

/// Whole seconds for the bencoded interval fields, at least 1 for a non-zero time.
uint32_t
ToSeconds(Time t)
{
    const double s = std::ceil(t.GetSeconds());
    return s <= 0 ? 0 : s >= 4294967295.0 ? 4294967295u : static_cast<uint32_t>(s);
}

} // namespace

TypeId
BitTorrentTracker::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BitTorrentTracker")
            .SetParent<Application>()
            .SetGroupName("FileDistribution")
            .AddConstructor<BitTorrentTracker>()
            .AddAttribute("Port",
                          "TCP port the tracker listens on (2710 is in Wireshark's HTTP ports).",
                          UintegerValue(2710),
                          MakeUintegerAccessor(&BitTorrentTracker::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Interval",
                          "Re-announce interval sent to peers (rounded up to whole seconds).",
                          TimeValue(Seconds(1800)),
                          MakeTimeAccessor(&BitTorrentTracker::m_interval),
                          MakeTimeChecker(Seconds(1)))
            .AddAttribute("MinInterval",
                          "Minimum re-announce interval sent to peers; 0 leaves it out.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&BitTorrentTracker::m_minInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("PeerTimeout",
                          "A peer that has not announced for this long leaves the swarm; "
                          "0 means twice Interval.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&BitTorrentTracker::m_peerTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxNumwant",
                          "Most peers returned in one response, whatever numwant asks.",
                          UintegerValue(200),
                          MakeUintegerAccessor(&BitTorrentTracker::m_maxNumwant),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AcceptUnknownTorrents",
                          "Serve any info_hash (true), or only those given to AddTorrent() "
                          "(false: others get a failure reason).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentTracker::m_acceptUnknownTorrents),
                          MakeBooleanChecker())
            // 8 KiB: nginx's large_client_header_buffers (8k) and Tomcat's maxHttpHeaderSize
            // (8192); an announce is about 300 bytes.
            .AddAttribute("MaxHeadBytes",
                          "Largest HTTP request head accepted; larger ones get 400. A "
                          "connection never holds more head bytes than this.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&BitTorrentTracker::m_maxHeadBytes),
                          MakeUintegerChecker<uint32_t>(64))
            // 30 s: opentracker's OT_CLIENT_TIMEOUT (trackerlogic.h), set on every accepted
            // connection (the real-client testbed's tracker); opentracker then closes without
            // a response, this tracker answers 408 first. Honest announces take one round trip.
            .AddAttribute("RequestTimeout",
                          "A connection whose request head is not complete this long after it "
                          "was accepted gets 408 Request Timeout and is closed.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&BitTorrentTracker::m_requestTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            // 8192: Tomcat's maxConnections for its NIO connectors (opentracker has no cap of
            // its own, only the process's open-file limit). Announces are one short connection
            // each, so a swarm of 1000 peers that all announce at once needs at most 1000;
            // bittorrent-benchmark allows 5000 peers.
            .AddAttribute("MaxConnections",
                          "Most connections open at once, handshakes in progress included; "
                          "further connection requests are refused (not answered).",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&BitTorrentTracker::m_maxConnections),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Announce",
                            "An announce was accepted: info_hash hex, peer address, port, event.",
                            MakeTraceSourceAccessor(&BitTorrentTracker::m_announceTrace),
                            "ns3::BitTorrentTracker::AnnounceTracedCallback")
            .AddTraceSource("SwarmSize",
                            "A swarm's size changed: info_hash hex, seeders, leechers.",
                            MakeTraceSourceAccessor(&BitTorrentTracker::m_swarmSizeTrace),
                            "ns3::BitTorrentTracker::SwarmSizeTracedCallback")
            .AddTraceSource("Refused",
                            "A connection request was refused: MaxConnections were open.",
                            MakeTraceSourceAccessor(&BitTorrentTracker::m_refusedTrace),
                            "ns3::BitTorrentTracker::RefusedTracedCallback");
    return tid;
}

BitTorrentTracker::BitTorrentTracker()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_http.SetCallbacks(MakeCallback(&BitTorrentTracker::HandleHead, this),
                        MakeCallback(&BitTorrentTracker::HandleHeadTooLarge, this),
                        MakeCallback(&BitTorrentTracker::HandleRequestTimeout, this),
                        MakeCallback(&TracedCallback<const Address&>::operator(), &m_refusedTrace));
}

BitTorrentTracker::~BitTorrentTracker()
{
    NS_LOG_FUNCTION(this);
}

void
BitTorrentTracker::AddTorrent(const InfoHash& infoHash)
{
    NS_LOG_FUNCTION(this << ToHex(infoHash));
    m_swarms.emplace(infoHash, Swarm());
}

uint32_t
BitTorrentTracker::GetSeeders(const InfoHash& infoHash) const
{
    const auto it = m_swarms.find(infoHash);
    return it == m_swarms.end() ? 0 : it->second.seeders;
}

uint32_t
BitTorrentTracker::GetLeechers(const InfoHash& infoHash) const
{
    const auto it = m_swarms.find(infoHash);
    return it == m_swarms.end()
               ? 0
               : static_cast<uint32_t>(it->second.peers.size()) - it->second.seeders;
}

uint32_t
BitTorrentTracker::GetTorrentCount() const
{
    return static_cast<uint32_t>(m_swarms.size());
}

uint64_t
BitTorrentTracker::GetAnnounceCount() const
{
    return m_announces;
}

uint64_t
BitTorrentTracker::GetFailedRequestCount() const
{
    return m_failures;
}

uint64_t
BitTorrentTracker::GetTimedOutRequestCount() const
{
    return m_http.GetTimedOutCount();
}

uint64_t
BitTorrentTracker::GetRefusedConnectionCount() const
{
    return m_http.GetRefusedCount();
}

uint32_t
BitTorrentTracker::GetOpenConnectionCount() const
{
    return m_http.GetOpenCount();
}

uint32_t
BitTorrentTracker::GetPeakConnectionCount() const
{
    return m_http.GetPeakCount();
}

uint32_t
BitTorrentTracker::GetPeakHeadBytes() const
{
    return m_http.GetPeakHeadBytes();
}

int64_t
BitTorrentTracker::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

Time
BitTorrentTracker::GetPeerTimeout() const
{
    return m_peerTimeout.IsStrictlyPositive() ? m_peerTimeout : m_interval * 2;
}

void
BitTorrentTracker::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (auto& [hash, swarm] : m_swarms)
    {
        for (auto& [id, peer] : swarm.peers)
        {
            peer.expiry.Cancel();
        }
    }
    m_swarms.clear();
    m_http.Dispose();
    m_rng = nullptr;
    Application::DoDispose();
}

void
BitTorrentTracker::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_http.IsListening())
    {
        return;
    }
    Ptr<Socket> listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        NS_LOG_WARN("cannot bind the tracker to port " << m_port);
        listener->Close();
        return;
    }
    listener->Listen();
    m_http.SetLimits(m_maxHeadBytes, m_requestTimeout, m_maxConnections);
    m_http.Start(listener);
}

void
BitTorrentTracker::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_http.Stop();
    for (auto& [hash, swarm] : m_swarms)
    {
        for (auto& [id, peer] : swarm.peers)
        {
            peer.expiry.Cancel();
        }
    }
}

void
BitTorrentTracker::HandleHeadTooLarge(Ptr<Socket> socket, const Address& /* from */)
{
    ++m_failures;
    Respond(socket, 400, "Bad Request", "request head too large\n");
}

void
BitTorrentTracker::HandleRequestTimeout(Ptr<Socket> socket, const Address& /* from */)
{
    Respond(socket, 408, "Request Timeout", "request head not complete in time\n");
}

void
BitTorrentTracker::HandleHead(Ptr<Socket> socket, const Address& from, const std::string& head)
{
    NS_LOG_FUNCTION(this << socket);
    // HTTP/1.0: one request per connection; Respond() closes it and later bytes are dropped.
    const Ipv4Address address = InetSocketAddress::ConvertFrom(from).GetIpv4();
    std::string error;
    const auto request = ParseHttpRequest(head, &error);
    if (!request || request->method != "GET")
    {
        ++m_failures;
        Respond(socket,
                400,
                "Bad Request",
                request ? "only GET is supported\n" : "malformed request: " + error + "\n");
        return;
    }
    if (request->path != "/announce")
    {
        ++m_failures;
        Respond(socket, 404, "Not Found", "the tracker serves /announce only\n");
        return;
    }
    AnnounceResponse response;
    const auto announce = AnnounceRequest::FromHttpRequest(*request, &error);
    if (!announce)
    {
        response.failureReason = error;
    }
    else if (!m_acceptUnknownTorrents && m_swarms.find(announce->infoHash) == m_swarms.end())
    {
        response.failureReason = "unknown info_hash";
    }
    else
    {
        response = Announce(*announce, address);
    }
    if (!response.failureReason.empty())
    {
        ++m_failures;
        NS_LOG_INFO("announce from " << address << " refused: " << response.failureReason);
    }
    Respond(socket, 200, "OK", response.Encode());
}

void
BitTorrentTracker::Respond(Ptr<Socket> socket,
                           int status,
                           const std::string& reason,
                           const std::string& body)
{
    NS_LOG_FUNCTION(this << socket << status);
    const std::string message =
        FormatHttpResponseHead(
            status,
            reason,
            {{"Content-Type", "text/plain"}, {"Content-Length", std::to_string(body.size())}}) +
        body;
    // A response is a few hundred bytes (1.2 kB for 200 peers): it fits in the send buffer.
    if (socket->Send(reinterpret_cast<const uint8_t*>(message.data()), message.size(), 0) < 0)
    {
        NS_LOG_WARN("response to " << socket << " not sent: send buffer full");
    }
    // HTTP/1.0: the response ends with the connection. Close() sends FIN after the data.
    m_http.Close(socket);
}

AnnounceResponse
BitTorrentTracker::Announce(const AnnounceRequest& request, Ipv4Address address)
{
    NS_LOG_FUNCTION(this << address << request.port);
    Swarm& swarm = m_swarms[request.infoHash];
    const uint32_t seedersBefore = swarm.seeders;
    const std::size_t sizeBefore = swarm.peers.size();
    const std::string hex = ToHex(request.infoHash);

    auto existing = swarm.peers.find(request.peerId);
    if (request.event == AnnounceRequest::Event::STOPPED)
    {
        if (existing != swarm.peers.end())
        {
            existing->second.expiry.Cancel();
            swarm.seeders -= existing->second.seed ? 1 : 0;
            swarm.peers.erase(existing);
        }
    }
    else
    {
        if (existing == swarm.peers.end())
        {
            existing =
                swarm.peers.emplace(request.peerId, Peer{address, request.port, false, EventId()})
                    .first;
        }
        Peer& peer = existing->second;
        swarm.seeders -= peer.seed ? 1 : 0;
        peer.address = address;
        peer.port = request.port;
        peer.seed = request.left == 0;
        swarm.seeders += peer.seed ? 1 : 0;
        peer.expiry.Cancel();
        peer.expiry = Simulator::Schedule(GetPeerTimeout(),
                                          &BitTorrentTracker::Expire,
                                          this,
                                          request.infoHash,
                                          request.peerId);
    }
    ++m_announces;
    m_announceTrace(hex, address, request.port, AnnounceRequest::EventToString(request.event));
    if (swarm.seeders != seedersBefore || swarm.peers.size() != sizeBefore)
    {
        NotifySwarmSize(request.infoHash, swarm);
    }

    AnnounceResponse response;
    response.interval = ToSeconds(m_interval);
    response.minInterval = ToSeconds(m_minInterval);
    response.complete = swarm.seeders;
    response.incomplete = static_cast<uint32_t>(swarm.peers.size()) - swarm.seeders;
    if (request.event == AnnounceRequest::Event::STOPPED)
    {
        return response;
    }
    // Candidates: everyone but the asker (by peer_id, or a stale entry at its address and
    // port); a seed needs only leechers.
    const bool askerIsSeed = request.left == 0;
    std::vector<const Peer*> candidates;
    candidates.reserve(swarm.peers.size());
    for (const auto& [id, peer] : swarm.peers)
    {
        if (id == request.peerId || (peer.address == address && peer.port == request.port) ||
            (askerIsSeed && peer.seed))
        {
            continue;
        }
        candidates.push_back(&peer);
    }
    // A uniform random subset: the first k steps of a Fisher-Yates shuffle.
    const std::size_t k =
        std::min<std::size_t>(candidates.size(), std::min(request.numwant, m_maxNumwant));
    for (std::size_t i = 0; i < k; ++i)
    {
        const std::size_t j = m_rng->GetInteger(static_cast<uint32_t>(i),
                                                static_cast<uint32_t>(candidates.size() - 1));
        std::swap(candidates[i], candidates[j]);
        response.peers.emplace_back(candidates[i]->address, candidates[i]->port);
    }
    NS_LOG_INFO("announce " << hex << " from " << address << ":" << request.port << " event '"
                            << AnnounceRequest::EventToString(request.event)
                            << "': " << response.complete << " seeds, " << response.incomplete
                            << " leechers, " << response.peers.size() << " peers sent");
    return response;
}

void
BitTorrentTracker::Expire(InfoHash infoHash, InfoHash peerId)
{
    NS_LOG_FUNCTION(this);
    auto swarm = m_swarms.find(infoHash);
    if (swarm == m_swarms.end())
    {
        return;
    }
    auto peer = swarm->second.peers.find(peerId);
    if (peer == swarm->second.peers.end())
    {
        return;
    }
    NS_LOG_INFO("peer " << peer->second.address << ":" << peer->second.port << " of "
                        << ToHex(infoHash) << " expired");
    swarm->second.seeders -= peer->second.seed ? 1 : 0;
    swarm->second.peers.erase(peer);
    NotifySwarmSize(infoHash, swarm->second);
}

void
BitTorrentTracker::NotifySwarmSize(const InfoHash& infoHash, const Swarm& swarm)
{
    m_swarmSizeTrace(ToHex(infoHash),
                     swarm.seeders,
                     static_cast<uint32_t>(swarm.peers.size()) - swarm.seeders);
}

} // namespace ns3
