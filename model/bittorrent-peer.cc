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

NS_OBJECT_ENSURE_REGISTERED(BitTorrentPeer);

TypeId
BitTorrentPeer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BitTorrentPeer")
            .SetParent<Application>()
            .SetGroupName("FileDistribution")
            .AddConstructor<BitTorrentPeer>()
            .AddAttribute("Port",
                          "TCP port the peer listens on (6881-6889: Wireshark's BitTorrent ports).",
                          UintegerValue(6881),
                          MakeUintegerAccessor(&BitTorrentPeer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("TrackerPort",
                          "TCP port of the tracker.",
                          UintegerValue(2710),
                          MakeUintegerAccessor(&BitTorrentPeer::m_trackerPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("FileName",
                          "Name of the synthesized torrent (when SetTorrent was not called).",
                          StringValue("file.bin"),
                          MakeStringAccessor(&BitTorrentPeer::m_fileName),
                          MakeStringChecker())
            .AddAttribute("FileSize",
                          "Bytes of the synthesized torrent (when SetTorrent was not called).",
                          UintegerValue(10000000),
                          MakeUintegerAccessor(&BitTorrentPeer::m_fileSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("PieceLength",
                          "Bytes per piece of the synthesized torrent.",
                          UintegerValue(262144),
                          MakeUintegerAccessor(&BitTorrentPeer::m_pieceLength),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("InitialSeed",
                          "The peer starts with every piece.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BitTorrentPeer::m_initialSeed),
                          MakeBooleanChecker())
            .AddAttribute("FreeRider",
                          "The peer downloads but never unchokes anyone (never uploads).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BitTorrentPeer::m_freeRider),
                          MakeBooleanChecker())
            .AddAttribute("MultipleConnectionsPerIp",
                          "Allow several connections with one IP address (needed when a node "
                          "runs several peers); false, libtorrent's default, avoids dialling "
                          "a peer that already dialled us.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BitTorrentPeer::m_multipleConnectionsPerIp),
                          MakeBooleanChecker())
            .AddAttribute("MaxPeers",
                          "Neighbours: the peer opens connections until it has this many.",
                          UintegerValue(30),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxPeers),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxConnections",
                          "Cap on all connections; incoming ones beyond it are refused.",
                          UintegerValue(60),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxConnections),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MinPeers",
                          "Below this many connections the peer re-announces at once "
                          "(no sooner than the tracker's min interval).",
                          UintegerValue(10),
                          MakeUintegerAccessor(&BitTorrentPeer::m_minPeers),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("NumWant",
                          "Peers asked from the tracker per announce.",
                          UintegerValue(50),
                          MakeUintegerAccessor(&BitTorrentPeer::m_numWant),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PipelineDepth",
                          "Block requests kept outstanding per connection.",
                          UintegerValue(10),
                          MakeUintegerAccessor(&BitTorrentPeer::m_pipelineDepth),
                          MakeUintegerChecker<uint32_t>(1, 256))
            .AddAttribute("MaxQueuedRequests",
                          "Requests of one peer queued for service; more are dropped.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxQueuedRequests),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SendWatermark",
                          "Blocks are handed to TCP only while fewer bytes than this wait "
                          "unsent in its send buffer, so a choke or cancel takes effect "
                          "quickly instead of after a whole buffer of queued blocks. Bytes "
                          "in flight do not count: TCP's window alone limits them.",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&BitTorrentPeer::m_sendWatermark),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SendRedundantHave",
                          "Send 'have' also to neighbours that already have the piece "
                          "(libtorrent's send_redundant_have); false saves a packet and its "
                          "ACK per such neighbour and changes nothing they decide.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BitTorrentPeer::m_sendRedundantHave),
                          MakeBooleanChecker())
            .AddAttribute("RechokeInterval",
                          "Time between two rounds of the choker.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&BitTorrentPeer::m_rechokeInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("UnchokeSlots",
                          "Tit-for-tat (regular) unchoke slots.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&BitTorrentPeer::m_unchokeSlots),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SeedUnchokeSlots",
                          "Regular unchoke slots while seeding; 0 (the default): mainline "
                          "BitTorrent's automatic count from the upload rate, sqrt(0.6 x "
                          "KiB/s) slots in all, the optimistic ones included (27 for 10 Mbps, "
                          "12 for 2 Mbps). A seed trades nothing, so tit-for-tat's small set "
                          "has no purpose there.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&BitTorrentPeer::m_seedUnchokeSlots),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("UploadCapacity",
                          "The upload rate the automatic seed slot count assumes, as a user "
                          "enters it in a real client; 0 bps (the default): the data rate of "
                          "the node's access link (its first device with a DataRate "
                          "attribute). No rate limit is applied.",
                          DataRateValue(DataRate(0)),
                          MakeDataRateAccessor(&BitTorrentPeer::m_uploadCapacity),
                          MakeDataRateChecker())
            .AddAttribute("OptimisticUnchokeSlots",
                          "Optimistic unchoke slots (0 disables optimistic unchoking).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BitTorrentPeer::m_optimisticSlots),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("OptimisticUnchokeRounds",
                          "Choker rounds between two optimistic rotations (3 x 10 s = 30 s).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&BitTorrentPeer::m_optimisticRounds),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SeedChokingMode",
                          "Whom a seed unchokes: fastest-upload (BEP 3), round-robin or "
                          "anti-leech (libtorrent's: peers that just started or nearly "
                          "finished first).",
                          StringValue("fastest-upload"),
                          MakeStringAccessor(&BitTorrentPeer::SetSeedChokingMode,
                                             &BitTorrentPeer::GetSeedChokingMode),
                          MakeStringChoiceChecker({"fastest-upload", "round-robin", "anti-leech"}))
            .AddAttribute("AntiSnubbing",
                          "Withhold regular slots from peers that sent nothing for a minute.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BitTorrentPeer::m_antiSnubbing),
                          MakeBooleanChecker())
            .AddAttribute("RandomFirstPieces",
                          "Pieces picked at random before rarest first takes over.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&BitTorrentPeer::m_randomFirstPieces),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RarestFirst",
                          "Pick the rarest pieces first (false: random order).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentPeer::m_rarestFirst),
                          MakeBooleanChecker())
            .AddAttribute("StrictPriority",
                          "Finish started pieces before starting new ones.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentPeer::m_strictPriority),
                          MakeBooleanChecker())
            .AddAttribute("Endgame",
                          "Endgame mode: request the last blocks from several peers.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentPeer::m_endgame),
                          MakeBooleanChecker())
            .AddAttribute("EndgameMaxRequesters",
                          "In endgame, how many peers at most may have one block outstanding "
                          "at once (2: one duplicate request per block).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&BitTorrentPeer::m_endgameMaxRequesters),
                          MakeUintegerChecker<uint32_t>(2))
            .AddAttribute("EndgamePipelineDepth",
                          "In endgame, blocks already requested elsewhere go only to a "
                          "connection with fewer than this many requests outstanding (1, "
                          "libtorrent's rule: one at a time, to idle connections only; "
                          "PipelineDepth: fill every pipeline with duplicates).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BitTorrentPeer::m_endgamePipelineDepth),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SeedTime",
                          "How long the peer seeds after completing: 0 leaves at once "
                          "(selfish); the default, +inf, stays (altruistic).",
                          TimeValue(Time::Max()),
                          MakeTimeAccessor(&BitTorrentPeer::m_seedTime),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("PieceCompleted",
                            "A piece completed.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_pieceCompletedTrace),
                            "ns3::BitTorrentPeer::PieceTracedCallback")
            .AddTraceSource("DownloadCompleted",
                            "Every piece is here.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_downloadCompletedTrace),
                            "ns3::BitTorrentPeer::CompletedTracedCallback")
            .AddTraceSource("ConnectionOpened",
                            "A connection to another peer was established.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_connectionOpenedTrace),
                            "ns3::BitTorrentPeer::ConnectionTracedCallback")
            .AddTraceSource("ConnectionClosed",
                            "A connection to another peer was closed.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_connectionClosedTrace),
                            "ns3::BitTorrentPeer::ConnectionTracedCallback")
            .AddTraceSource("Choke",
                            "We choked (true) or unchoked (false) a peer.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_chokeTrace),
                            "ns3::BitTorrentPeer::ChokeTracedCallback")
            .AddTraceSource("BlockSent",
                            "A block's payload was handed to a connection.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_blockSentTrace),
                            "ns3::BitTorrentPeer::BytesTracedCallback")
            .AddTraceSource("BlockReceived",
                            "A whole block arrived on a connection.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_blockReceivedTrace),
                            "ns3::BitTorrentPeer::BytesTracedCallback")
            .AddTraceSource("ProtocolError",
                            "A connection was closed because its bytes broke the protocol.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_protocolErrorTrace),
                            "ns3::BitTorrentPeer::ProtocolErrorTracedCallback")
            .AddTraceSource("Left",
                            "The peer announced stopped and closed its connections.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_leftTrace),
                            "ns3::TracedCallback::Void");
    return tid;
}

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

bool
BitTorrentPeer::SetSeedChokingMode(std::string mode)
{
    if (mode == "fastest-upload")
    {
        m_chokerConfig.seedMode = ChokerConfig::SeedMode::FASTEST_UPLOAD;
        return true;
    }
    if (mode == "round-robin")
    {
        m_chokerConfig.seedMode = ChokerConfig::SeedMode::ROUND_ROBIN;
        return true;
    }
    if (mode == "anti-leech")
    {
        m_chokerConfig.seedMode = ChokerConfig::SeedMode::ANTI_LEECH;
        return true;
    }
    NS_LOG_ERROR("SeedChokingMode '" << mode
                                     << "': allowed are fastest-upload, round-robin, anti-leech");
    return false;
}

std::string
BitTorrentPeer::GetSeedChokingMode() const
{
    switch (m_chokerConfig.seedMode)
    {
    case ChokerConfig::SeedMode::ROUND_ROBIN:
        return "round-robin";
    case ChokerConfig::SeedMode::ANTI_LEECH:
        return "anti-leech";
    default:
        return "fastest-upload";
    }
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
    return m_torrent ? m_torrent->GetPicker().GetHave().Count() : 0;
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
    m_connecting.clear();
    m_closedSockets.clear();
    m_listener = nullptr;
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
    m_connectionConfig.sendWatermark = m_sendWatermark;
    m_connectionConfig.maxQueuedRequests = m_maxQueuedRequests;

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
    settings.rechokeInterval = m_rechokeInterval;
    settings.random = uniform;
    m_torrent =
        std::make_unique<Torrent>(settings, std::move(picker), static_cast<Torrent::Host&>(*this));

    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        NS_LOG_ERROR("port " << m_port << " is taken on node " << GetNode()->GetId()
                             << "; the peer does not start");
        m_listener = nullptr;
        m_running = false;
        return;
    }
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeCallback(&BitTorrentPeer::HandleAcceptRequest, this),
                                  MakeCallback(&BitTorrentPeer::HandleAccept, this));

    Announce(AnnounceRequest::Event::STARTED);
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

void
BitTorrentPeer::Announce(AnnounceRequest::Event event)
{
    if (!m_trackerSet)
    {
        return;
    }
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
    m_lastAnnounce = Simulator::Now();
    m_tracker.Announce(GetNode(),
                       InetSocketAddress(m_trackerAddress, m_trackerPort),
                       request,
                       MakeCallback(&BitTorrentPeer::HandleAnnounce, this));
}

void
BitTorrentPeer::HandleAnnounce(std::optional<AnnounceResponse> response, std::string error)
{
    NS_LOG_FUNCTION(this);
    if (m_left)
    {
        return;
    }
    Time next = Seconds(m_trackerInterval);
    if (!response || !response->failureReason.empty())
    {
        NS_LOG_WARN("announce failed: " << (response ? response->failureReason : error));
        next = Seconds(15); // retry soon, as clients do after a tracker error
    }
    else
    {
        m_trackerInterval = std::max<uint32_t>(response->interval, 1);
        m_trackerMinInterval = response->minInterval;
        next = Seconds(m_trackerInterval);
        for (const auto& endpoint : response->peers)
        {
            if (m_knownSet.insert(endpoint).second)
            {
                m_knownPeers.push_back(endpoint);
            }
        }
        NS_LOG_INFO("tracker: " << response->peers.size() << " peers, " << response->complete
                                << " seeds, " << response->incomplete << " leechers");
        ConnectToKnownPeers();
    }
    m_announceEvent.Cancel();
    m_nextAnnounceAt = Simulator::Now() + next;
    m_announceEvent =
        Simulator::Schedule(next, &BitTorrentPeer::Announce, this, AnnounceRequest::Event::NONE);
}

void
BitTorrentPeer::MaybeAnnounceForPeers()
{
    if (!m_running || m_tracker.IsBusy() || GetConnectionCount() >= m_minPeers)
    {
        return;
    }
    const Time earliest = m_lastAnnounce + Seconds(std::max<uint32_t>(m_trackerMinInterval, 1));
    const Time when = std::max(earliest, Simulator::Now());
    if (!m_announceEvent.IsExpired() && m_nextAnnounceAt <= when)
    {
        return;
    }
    m_announceEvent.Cancel();
    m_nextAnnounceAt = when;
    m_announceEvent = Simulator::Schedule(when - Simulator::Now(),
                                          &BitTorrentPeer::Announce,
                                          this,
                                          AnnounceRequest::Event::NONE);
}

void
BitTorrentPeer::ConnectToKnownPeers()
{
    while (m_running && GetConnectionCount() + m_connecting.size() < m_maxPeers &&
           m_nextKnown < m_knownPeers.size())
    {
        const auto endpoint = m_knownPeers[m_nextKnown++];
        if (!m_tried.insert(endpoint).second ||
            (!m_multipleConnectionsPerIp && m_connectedIps.count(endpoint.first)))
        {
            continue; // libtorrent's default: one connection per IP address
        }
        Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        socket->Bind();
        socket->SetConnectCallback(MakeCallback(&BitTorrentPeer::HandleConnected, this),
                                   MakeCallback(&BitTorrentPeer::HandleConnectFailed, this));
        const Address remote = InetSocketAddress(endpoint.first, endpoint.second);
        m_connecting.emplace(socket, std::make_pair(m_connectSequence++, remote));
        socket->Connect(remote);
    }
}

// ---------------------------------------------------------------------------------------
// Connections

bool
BitTorrentPeer::HandleAcceptRequest(Ptr<Socket> socket, const Address& from)
{
    if (!m_running || GetConnectionCount() >= m_maxConnections)
    {
        return false;
    }
    // One connection per IP address, unless allowed. A dial in flight to that address does
    // not count: if both peers dial each other at once, the handshake decides which stays.
    const Ipv4Address ip = InetSocketAddress::ConvertFrom(from).GetIpv4();
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

void
BitTorrentPeer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    FixAcceptedSocket(socket);
    NS_LOG_FUNCTION(this << socket << from);
    OpenConnection(socket, from, false);
}

void
BitTorrentPeer::HandleConnected(Ptr<Socket> socket)
{
    auto it = m_connecting.find(socket);
    if (it == m_connecting.end())
    {
        return;
    }
    const Address remote = it->second.second;
    m_connecting.erase(it);
    OpenConnection(socket, remote, true);
}

void
BitTorrentPeer::HandleConnectFailed(Ptr<Socket> socket)
{
    m_closedSockets.push_back(socket);
    m_connecting.erase(socket);
    ConnectToKnownPeers();
}

void
BitTorrentPeer::OpenConnection(Ptr<Socket> socket, const Address& remote, bool outgoing)
{
    m_connectedIps.insert(InetSocketAddress::ConvertFrom(remote).GetIpv4());
    m_connectionOpenedTrace(remote);
    m_torrent->AddConnection(socket, remote, outgoing);
}

// ---------------------------------------------------------------------------------------
// What the torrent tells

void
BitTorrentPeer::HandleConnectionClosed(Ptr<Socket> socket,
                                       const Address& remote,
                                       bool outgoing,
                                       bool failed)
{
    m_closedSockets.push_back(socket);
    m_connectedIps.erase(m_connectedIps.find(InetSocketAddress::ConvertFrom(remote).GetIpv4()));
    m_connectionClosedTrace(remote);
    if (!m_running)
    {
        return;
    }
    ConnectToKnownPeers();
    MaybeAnnounceForPeers();
}

void
BitTorrentPeer::HandleHandshake(const PeerConnection& c)
{
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
    Announce(AnnounceRequest::Event::COMPLETED);
    m_torrent->FillFreeSlots(); // a seed may have more slots than a leecher
    if (m_seedTime != Time::Max())
    {
        m_leaveEvent = Simulator::Schedule(m_seedTime, &BitTorrentPeer::Leave, this);
    }
}

void
BitTorrentPeer::Leave()
{
    if (m_left || !m_torrent)
    {
        return;
    }
    NS_LOG_FUNCTION(this);
    m_left = true;
    m_running = false;
    m_leaveTime = Simulator::Now();
    m_announceEvent.Cancel();
    m_leaveEvent.Cancel();
    m_torrent->Stop();
    std::vector<std::pair<uint64_t, Ptr<Socket>>> connecting;
    for (const auto& [socket, entry] : m_connecting)
    {
        connecting.emplace_back(entry.first, socket);
    }
    std::sort(connecting.begin(), connecting.end());
    for (auto& [sequence, socket] : connecting)
    {
        socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
        m_closedSockets.push_back(socket);
    }
    m_connecting.clear();
    if (m_listener)
    {
        m_listener->Close();
        m_closedSockets.push_back(m_listener);
        m_listener = nullptr;
    }
    Announce(AnnounceRequest::Event::STOPPED);
    m_leftTrace();
}

} // namespace ns3
