// SPDX-License-Identifier: GPL-2.0-only
//
// BitTorrentPeer's attributes and traces: every knob of the peer, its default and its checker
// (the rest of the application is in bittorrent-peer.cc).

#include "bittorrent-peer.h"
#include "string-choice-checker.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BitTorrentPeerAttributes");

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
                          "Requests of one peer queued for service; more are dropped (with a "
                          "reject under BEP 6). libtorrent's max_allowed_in_request_queue is "
                          "2000; 256 x 16 KiB already covers seconds of a fast uplink.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxQueuedRequests),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxMessageLength",
                          "Largest peer wire message accepted (its length prefix); a longer "
                          "one closes the connection. Raised as needed for the torrent's "
                          "bitfield and for a block of MaxRequestLength. What a peer can make "
                          "us buffer is bounded by it.",
                          UintegerValue(1 << 20),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxMessageLength),
                          MakeUintegerChecker<uint32_t>(16))
            .AddAttribute("MaxRequestLength",
                          "Largest block a request or a piece may carry; longer ones close "
                          "the connection (clients send 16 KiB, as this module does; most "
                          "refuse above 128 KiB).",
                          UintegerValue(131072),
                          MakeUintegerAccessor(&BitTorrentPeer::m_maxRequestLength),
                          MakeUintegerChecker<uint32_t>(16384)) // our own blocks are 16 KiB
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
            .AddAttribute("TcpNoDelay",
                          "TCP_NODELAY on the peer connections: true (the default, ns-3's "
                          "TcpSocket default) turns Nagle's algorithm off. libtorrent 2.0 "
                          "leaves it on, but next to Linux's delayed ACKs (40 ms, quick ACKs); "
                          "with ns-3's 200 ms delayed ACK, false stalls requests behind "
                          "unacknowledged ones (doc/bittorrent-fidelity.rst, \"Nagle's "
                          "algorithm\").",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentPeer::m_tcpNoDelay),
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
                          "Regular unchoke slots while seeding: 4 by default, as libtorrent "
                          "counts a seed's unchoked peers against the same slots; 0: mainline "
                          "BitTorrent's automatic count from the upload rate, sqrt(0.6 x "
                          "KiB/s) slots in all, the optimistic ones included (27 for 10 Mbps, "
                          "12 for 2 Mbps).",
                          UintegerValue(4),
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
                          "Whom a seed unchokes: round-robin (libtorrent's default: a peer "
                          "keeps its slot until it had SeedingPieceQuota pieces and a minute), "
                          "fastest-upload (BEP 3) or anti-leech (libtorrent's: peers that just "
                          "started or nearly finished first).",
                          StringValue("round-robin"),
                          MakeStringAccessor(&BitTorrentPeer::SetSeedChokingMode,
                                             &BitTorrentPeer::GetSeedChokingMode),
                          MakeStringChoiceChecker({"fastest-upload", "round-robin", "anti-leech"}))
            .AddAttribute("SeedingPieceQuota",
                          "round-robin seed: the pieces' worth of data a peer receives before "
                          "its slot may pass on (it also keeps the slot at least a minute), "
                          "libtorrent's seeding_piece_quota.",
                          UintegerValue(20),
                          MakeUintegerAccessor(&BitTorrentPeer::m_seedingPieceQuota),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FastExtension",
                          "Announce and use BEP 6, the Fast Extension (as libtorrent does): "
                          "allowed fast pieces, reject messages, have all / have none.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&BitTorrentPeer::m_fastExtension),
                          MakeBooleanChecker())
            .AddAttribute("AllowedFastSetSize",
                          "BEP 6: the pieces a neighbour may request from us even while we "
                          "choke it, chosen from its address (libtorrent's "
                          "allowed_fast_set_size); 0 sends none.",
                          UintegerValue(5),
                          MakeUintegerAccessor(&BitTorrentPeer::m_allowedFastSetSize),
                          MakeUintegerChecker<uint32_t>())
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

} // namespace ns3
