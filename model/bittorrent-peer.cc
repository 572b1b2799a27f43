// SPDX-License-Identifier: GPL-2.0-only

#include "bittorrent-peer.h"

#include "accepted-socket-fixup.h"
#include "string-choice-checker.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BitTorrentPeer");

BitTorrentPeer::BitTorrentPeer()
    : m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

BitTorrentPeer::~BitTorrentPeer()
{
    NS_LOG_FUNCTION(this);
}

void
BitTorrentPeer::SetTorrent(const TorrentMetainfo& torrent)
{
    m_metainfo = torrent;
}

void
BitTorrentPeer::SetTracker(Ipv4Address address, uint16_t port)
{
    m_trackerAddress = address;
    m_trackerPort = port;
    m_trackerSet = true;
}

const Bitfield&
BitTorrentPeer::GetHave() const
{
    static const Bitfield none;
    return m_torrent ? m_torrent->GetPicker().GetHave() : none;
}

bool
BitTorrentPeer::IsStarted() const
{
    return m_torrent != nullptr;
}

bool
BitTorrentPeer::HasCrashed() const
{
    return m_crashed;
}

bool
BitTorrentPeer::IsGone() const
{
    return m_left || m_crashed;
}

bool
BitTorrentPeer::IsComplete() const
{
    return m_torrent && m_torrent->GetPicker().IsComplete();
}

bool
BitTorrentPeer::HasLeft() const
{
    return m_left;
}

Time
BitTorrentPeer::GetJoinTime() const
{
    return m_joinTime;
}

std::optional<Time>
BitTorrentPeer::GetCompletionTime() const
{
    return m_completionTime;
}

std::optional<Time>
BitTorrentPeer::GetLeaveTime() const
{
    return m_leaveTime;
}

uint64_t
BitTorrentPeer::GetBytesUploaded() const
{
    return m_torrent ? m_torrent->GetBytesUploaded() : 0;
}

uint64_t
BitTorrentPeer::GetBytesDownloaded() const
{
    return m_torrent ? m_torrent->GetBytesDownloaded() : 0;
}

uint32_t
BitTorrentPeer::GetPiecesHave() const
{
    return GetHave().Count();
}

uint64_t
BitTorrentPeer::GetProtocolErrors() const
{
    return m_torrent ? m_torrent->GetProtocolErrors() : 0;
}

uint64_t
BitTorrentPeer::GetHaveMessagesSent() const
{
    return m_torrent ? m_torrent->GetHaveMessagesSent() : 0;
}

uint32_t
BitTorrentPeer::GetConnectionCount() const
{
    return m_torrent ? static_cast<uint32_t>(m_torrent->GetConnections().size()) : 0;
}

uint32_t
BitTorrentPeer::GetMaxConnectionCount() const
{
    return m_torrent ? m_torrent->GetMaxConnectionCount() : 0;
}

const std::array<uint8_t, 20>&
BitTorrentPeer::GetPeerId() const
{
    return m_peerId;
}

const TrackerClient&
BitTorrentPeer::GetTrackerClient() const
{
    return m_tracker;
}

const PeerList&
BitTorrentPeer::GetPeerList() const
{
    static const PeerList none;
    return m_connector ? m_connector->GetPeerList() : none;
}

int64_t
BitTorrentPeer::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
BitTorrentPeer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_tracker.Cancel();
    m_torrent.reset();
    m_connector.reset();
    m_random = nullptr;
    Application::DoDispose();
}

void
BitTorrentPeer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = true;
    m_joinTime = Simulator::Now();
    if (!m_metainfo)
    {
        m_metainfo = TorrentMetainfo::Synthesize(m_fileName, m_fileSize, m_pieceLength);
    }
    m_limits.pieceCount = m_metainfo->GetPieceCount();
    m_limits.pieceLength = m_metainfo->GetPieceLength();
    m_limits.totalLength = m_metainfo->GetLength();
    m_limits.infoHash = m_metainfo->GetInfoHash();
    m_limits.maxMessageLength = m_maxMessageLength;
    m_limits.maxRequestLength = m_maxRequestLength;
    m_connectionConfig.sendWatermark = m_sendWatermark;
    m_connectionConfig.maxQueuedRequests = m_maxQueuedRequests;
    m_connectionConfig.keepAliveInterval = m_keepAliveInterval;
    m_connectionConfig.peerTimeout = m_peerTimeout;
    m_connectionConfig.handshakeTimeout = m_handshakeTimeout;
    m_connectionConfig.requestTimeout = m_requestTimeout;
    m_connectionConfig.pieceTimeout = m_pieceTimeout;

    auto uniform = [this](uint32_t n) { return n <= 1 ? 0u : m_random->GetInteger(0, n - 1); };
    auto picker = std::make_unique<PiecePicker>(m_limits.pieceCount,
                                                m_limits.pieceLength,
                                                m_limits.totalLength);
    picker->SetRandom(uniform);
    picker->SetRandomFirstPieces(m_randomFirstPieces);
    picker->SetRarestFirst(m_rarestFirst);
    picker->SetStrictPriority(m_strictPriority);
    picker->SetEndgameEnabled(m_endgame);
    picker->SetEndgameMaxRequesters(m_endgameMaxRequesters);
    picker->SetEndgamePipelineDepth(m_endgamePipelineDepth);
    if (m_initialSeed)
    {
        picker->SetHaveAll();
    }
    m_chokerConfig.regularSlots = m_unchokeSlots;
    m_chokerConfig.seedRegularSlots = SeedRegularSlots();
    m_chokerConfig.optimisticSlots = m_optimisticSlots;
    m_chokerConfig.optimisticEveryRounds = m_optimisticRounds;
    m_chokerConfig.antiSnubbing = m_antiSnubbing;
    m_chokerConfig.seedQuotaBytes = static_cast<double>(m_seedingPieceQuota) * m_limits.pieceLength;

    // Azureus-style peer id: client tag, then what makes it unique in the simulation.
    char id[21];
    std::snprintf(id, sizeof(id), "-NS0001-%07u%05u", GetNode()->GetId() % 10000000u, m_port);
    std::copy(id, id + 20, m_peerId.begin());

    TorrentSettings settings;
    settings.limits = m_limits;
    settings.peerId = m_peerId;
    settings.connection = m_connectionConfig;
    settings.choker = m_chokerConfig;
    settings.pipelineDepth = m_pipelineDepth;
    settings.freeRider = m_freeRider;
    settings.sendRedundantHave = m_sendRedundantHave;
    settings.fastExtension = m_fastExtension;
    settings.allowedFastSetSize = m_allowedFastSetSize;
    settings.rechokeInterval = m_rechokeInterval;
    settings.random = uniform;
    m_torrent =
        std::make_unique<Torrent>(settings, std::move(picker), static_cast<Torrent::Host&>(*this));

    PeerConnectorConfig connector;
    connector.port = m_port;
    connector.maxPeers = m_maxPeers;
    connector.maxConnections = m_maxConnections;
    connector.connectTimeout = m_connectTimeout;
    connector.tcpNoDelay = m_tcpNoDelay;
    connector.peerList.minReconnectTime = m_minReconnectTime;
    connector.peerList.maxFailCount = m_maxFailCount;
    connector.peerList.multipleConnectionsPerIp = m_multipleConnectionsPerIp;
    m_connector = std::make_unique<PeerConnector>(connector);
    if (!m_connector->Start(
            GetNode(),
            [this](Ptr<Socket> socket, const Address& remote, bool outgoing) {
                m_connectionOpenedTrace(remote);
                m_torrent->AddConnection(socket, remote, outgoing);
            },
            [this]() { return GetConnectionCount(); },
            [this](Ipv4Address ip) { return AcceptsFrom(ip); }))
    {
        NS_LOG_ERROR("port " << m_port << " is taken on node " << GetNode()->GetId()
                             << "; the peer does not start");
        m_running = false;
        return;
    }

    if (m_trackerSet)
    {
        m_tracker.SetTimeouts(m_trackerReceiveTimeout, m_trackerCompletionTimeout);
        m_tracker.Start(
            GetNode(),
            InetSocketAddress(m_trackerAddress, m_trackerPort),
            [this](AnnounceRequest::Event event) { return MakeAnnounce(event); },
            [this](const AnnounceResponse& response) {
                for (const auto& endpoint : response.peers)
                {
                    m_connector->AddPeer(endpoint);
                }
                m_connector->ConnectMore();
            });
    }
    m_torrent->Start();
    NS_LOG_INFO("peer " << std::string(m_peerId.begin(), m_peerId.end()) << " started with "
                        << GetPiecesHave() << "/" << m_limits.pieceCount << " pieces");
}

void
BitTorrentPeer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    Leave();
}

// ---------------------------------------------------------------------------------------
// Tracker

AnnounceRequest
BitTorrentPeer::MakeAnnounce(AnnounceRequest::Event event) const
{
    AnnounceRequest request;
    request.infoHash = m_limits.infoHash;
    request.peerId = m_peerId;
    request.port = m_port;
    request.uploaded = GetBytesUploaded();
    request.downloaded = GetBytesDownloaded();
    const PiecePicker& picker = m_torrent->GetPicker();
    const Bitfield& have = picker.GetHave();
    uint64_t haveBytes = uint64_t{have.Count()} * m_limits.pieceLength;
    if (have.Test(m_limits.pieceCount - 1))
    {
        haveBytes -= m_limits.pieceLength - picker.GetPieceSize(m_limits.pieceCount - 1);
    }
    request.left = m_limits.totalLength - haveBytes;
    request.event = event;
    request.numwant = event == AnnounceRequest::Event::STOPPED ? 0 : m_numWant;
    return request;
}

bool
BitTorrentPeer::AcceptsFrom(Ipv4Address ip) const
{
    // One connection per IP address, unless allowed. A dial in flight to that address does
    // not count: if both peers dial each other at once, the handshake decides which stays.
    if (m_multipleConnectionsPerIp)
    {
        return true;
    }
    for (const auto& [id, connection] : m_torrent->GetConnections())
    {
        const PeerConnection& c = *connection;
        if (c.handshaken && InetSocketAddress::ConvertFrom(c.GetRemote()).GetIpv4() == ip)
        {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------
// What the torrent tells

void
BitTorrentPeer::HandleConnectionClosed(Ptr<Socket> socket,
                                       const Address& remote,
                                       bool outgoing,
                                       bool failed)
{
    m_connector->KeepClosed(socket);
    m_connector->HandleClosed(remote, outgoing, failed);
    m_connectionClosedTrace(remote);
    if (!m_running)
    {
        return;
    }
    m_connector->ConnectMore();
    if (GetConnectionCount() < m_minPeers)
    {
        m_tracker.AnnounceForPeers();
    }
}

void
BitTorrentPeer::HandleHandshake(const PeerConnection& c)
{
    if (c.IsOutgoing())
    {
        m_connector->HandleHandshake(c.GetRemote());
    }
}

void
BitTorrentPeer::HandlePieceCompleted(uint32_t piece)
{
    m_pieceCompletedTrace(piece);
}

void
BitTorrentPeer::HandleChoke(const Address& remote, bool choked)
{
    m_chokeTrace(remote, choked);
}

void
BitTorrentPeer::HandleBlockSent(const Address& remote, uint32_t bytes)
{
    m_blockSentTrace(remote, bytes);
}

void
BitTorrentPeer::HandleBlockReceived(const Address& remote, uint32_t bytes)
{
    m_blockReceivedTrace(remote, bytes);
}

void
BitTorrentPeer::HandleProtocolError(const Address& remote, const std::string& reason)
{
    m_protocolErrorTrace(remote, reason);
}

void
BitTorrentPeer::HandleSnubbed(const Address& remote)
{
    m_snubbedTrace(remote);
}

// ---------------------------------------------------------------------------------------
// Seeding and leaving

uint32_t
BitTorrentPeer::SeedRegularSlots() const
{
    if (m_seedUnchokeSlots > 0)
    {
        return m_seedUnchokeSlots;
    }
    uint64_t bitsPerSecond = m_uploadCapacity.GetBitRate();
    for (uint32_t i = 0; bitsPerSecond == 0 && i < GetNode()->GetNDevices(); ++i)
    {
        DataRateValue rate;
        if (GetNode()->GetDevice(i)->GetAttributeFailSafe("DataRate", rate))
        {
            bitsPerSecond = rate.Get().GetBitRate();
        }
    }
    const uint32_t slots = MainlineUploadSlots(bitsPerSecond / 8.0);
    if (slots == 0)
    {
        return m_unchokeSlots; // no rate known: as many as a leecher
    }
    return slots > m_optimisticSlots ? slots - m_optimisticSlots : 1;
}

void
BitTorrentPeer::HandleDownloadCompleted()
{
    m_completionTime = Simulator::Now();
    NS_LOG_INFO("download completed after " << (*m_completionTime - m_joinTime).As(Time::S));
    m_downloadCompletedTrace(*m_completionTime - m_joinTime);
    // Connections to seeds stay open: blocks they already sent us (endgame duplicates) may
    // still be arriving.
    if (m_seedTime.IsZero())
    {
        Simulator::ScheduleNow(&BitTorrentPeer::Leave, this);
        return;
    }
    m_tracker.AnnounceNow(AnnounceRequest::Event::COMPLETED);
    m_torrent->FillFreeSlots(); // a seed may have more slots than a leecher
    if (m_seedTime != Time::Max())
    {
        m_leaveEvent = Simulator::Schedule(m_seedTime, &BitTorrentPeer::Leave, this);
    }
}

void
BitTorrentPeer::Crash()
{
    if (IsGone() || !m_torrent)
    {
        return;
    }
    NS_LOG_FUNCTION(this);
    m_crashed = true;
    m_running = false;
    m_leaveTime = Simulator::Now();
    m_leaveEvent.Cancel();
    m_torrent->Abandon();
    m_connector->Abandon();
    m_tracker.Abandon();
    m_crashedTrace();
}

void
BitTorrentPeer::Leave()
{
    if (IsGone() || !m_torrent)
    {
        return;
    }
    if (m_crashOnLeave)
    {
        Crash();
        return;
    }
    NS_LOG_FUNCTION(this);
    m_left = true;
    m_running = false;
    m_leaveTime = Simulator::Now();
    m_leaveEvent.Cancel();
    m_torrent->Stop();
    m_connector->Stop();
    m_tracker.Stop();
    m_leftTrace();
}

} // namespace ns3
