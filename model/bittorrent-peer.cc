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
                          "(libtorrent's send_redundant_have, true by default there and here): "
                          "a seed learns its leechers' progress, which its anti-leech ranking "
                          "needs; false saves a packet and its ACK per such neighbour.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentPeer::m_sendRedundantHave),
                          MakeBooleanChecker())
            .AddAttribute("ConnectTimeout",
                          "A dial not connected by then fails (libtorrent's "
                          "peer_connect_timeout).",
                          TimeValue(Seconds(15)),
                          MakeTimeAccessor(&BitTorrentPeer::m_connectTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("HandshakeTimeout",
                          "A connection whose remote handshake has not arrived by then is "
                          "closed (libtorrent's handshake_timeout).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&BitTorrentPeer::m_handshakeTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("PeerTimeout",
                          "A connection that received nothing for this long is closed and "
                          "counts as a failure of its endpoint (libtorrent's peer_timeout; "
                          "BEP 3: two minutes).",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&BitTorrentPeer::m_peerTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("KeepAliveInterval",
                          "A keep-alive goes out after this long without sending anything "
                          "(libtorrent: half of peer_timeout, so that the other side's "
                          "time-out never fires on an idle connection).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&BitTorrentPeer::m_keepAliveInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RequestTimeout",
                          "A request unanswered for this long snubs the peer: its requests "
                          "go back to the picker and it gets one at a time until it sends a "
                          "block (libtorrent's request_timeout).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&BitTorrentPeer::m_requestTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("PieceTimeout",
                          "No block for this long while requests are outstanding snubs the "
                          "peer likewise (libtorrent's piece_timeout).",
                          TimeValue(Seconds(20)),
                          MakeTimeAccessor(&BitTorrentPeer::m_pieceTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MinReconnectTime",
                          "An endpoint is dialled again only (failures + 1) x this long after "
                          "its last connection or dial ended (libtorrent's "
                          "min_reconnect_time).",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&BitTorrentPeer::m_minReconnectTime),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("MaxFailCount",
                          "An endpoint that failed this many times (dial refused or timed out, "
                          "connection timed out or broke the protocol) is not dialled again "
                          "(libtorrent's max_failcount).",
                          UintegerValue(3),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxFailCount),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("TrackerReceiveTimeout",
                          "An announce fails when nothing arrives for this long once "
                          "connected (libtorrent's tracker_receive_timeout).",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&BitTorrentPeer::m_trackerReceiveTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("TrackerCompletionTimeout",
                          "An announce fails when it takes longer than this in all "
                          "(libtorrent's tracker_completion_timeout). Failed announces are "
                          "retried with libtorrent's back-off: 17, 55, 117, 205 s, ...",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&BitTorrentPeer::m_trackerCompletionTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
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
            .AddAttribute(
                "Departure",
                "How the peer leaves when its seed time ends or the application "
                "stops: graceful (a `stopped` announce, then FIN on every "
                "connection) or crash (nothing at all; see Crash).",
                StringValue("graceful"),
                MakeStringAccessor(&BitTorrentPeer::SetDeparture, &BitTorrentPeer::GetDeparture),
                MakeStringChoiceChecker({"graceful", "crash"}))
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
            .AddTraceSource("Snubbed",
                            "Requests to a peer timed out (RequestTimeout, PieceTimeout): they "
                            "went back to the picker.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_snubbedTrace),
                            "ns3::BitTorrentPeer::SnubbedTracedCallback")
            .AddTraceSource("Crashed",
                            "The peer crashed: it stopped without a word.",
                            MakeTraceSourceAccessor(&BitTorrentPeer::m_crashedTrace),
                            "ns3::TracedCallback::Void")
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
BitTorrentPeer::SetDeparture(std::string mode)
{
    if (mode != "graceful" && mode != "crash")
    {
        NS_LOG_ERROR("Departure '" << mode << "': allowed are graceful, crash");
        return false;
    }
    m_crashOnLeave = mode == "crash";
    return true;
}

std::string
BitTorrentPeer::GetDeparture() const
{
    return m_crashOnLeave ? "crash" : "graceful";
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

    PeerConnectorConfig connector;
    connector.port = m_port;
    connector.maxPeers = m_maxPeers;
    connector.maxConnections = m_maxConnections;
    connector.connectTimeout = m_connectTimeout;
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
