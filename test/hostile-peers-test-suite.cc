// SPDX-License-Identifier: GPL-2.0-only
//
// Hostile peers against a seed in a small swarm: each attack is a scripted TCP client that
// connects to the seed and sends bytes no honest peer sends. The seed closes the connection
// and counts it (or, for floods, refuses what is over its limits), its memory stays bounded,
// and the honest leechers finish as they do without the attacker.

#include "ns3/access-network-helper.h"
#include "ns3/allowed-fast-set.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/peer-wire-framer.h"
#include "ns3/peer-wire-message.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/swarm-statistics.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <functional>
#include <map>

using namespace ns3;

namespace
{

using Bytes = std::vector<uint8_t>;

/// What one attacker's connection saw.
struct AttackLog
{
    std::optional<double> connectedAt;             //!< when TCP connected
    std::optional<double> closedAt;                //!< when the seed closed it (FIN or RST)
    std::map<PeerWireMessageType, uint32_t> types; //!< messages the seed sent, by type
    uint64_t bytesSent{0};                         //!< bytes the attacker got into TCP
};

/// One scripted chunk: bytes to send this long after the connection is up.
struct Step
{
    Time after;  //!< since connected
    Bytes bytes; //!< what to send
};

/**
 * A test-only attacker: connects to the seed and plays a script. It parses what comes back
 * (after the seed's handshake) to count the seed's messages.
 */
class Attacker
{
  public:
    Attacker(Ptr<Node> node,
             const InetSocketAddress& to,
             const PeerWireLimits& limits,
             std::vector<Step> script,
             Time at)
        : m_framer(limits, true),
          m_script(std::move(script))
    {
        m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&Attacker::Connected, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetRecvCallback(MakeCallback(&Attacker::Read, this));
        m_socket->SetCloseCallbacks(MakeCallback(&Attacker::Closed, this),
                                    MakeCallback(&Attacker::Closed, this));
        Simulator::Schedule(at, [this, to]() { m_socket->Connect(to); });
    }

    const AttackLog& GetLog() const
    {
        return m_log;
    }

  private:
    void Connected(Ptr<Socket> socket)
    {
        m_log.connectedAt = Simulator::Now().GetSeconds();
        for (const auto& step : m_script)
        {
            Simulator::Schedule(step.after, [this, &step]() { Send(step.bytes); });
        }
    }

    void Send(const Bytes& bytes)
    {
        if (m_log.closedAt)
        {
            return;
        }
        // Bulk sends go in pieces as TCP makes room; what does not fit is dropped (a flood
        // only needs to be larger than the seed's limits).
        const uint32_t room = m_socket->GetTxAvailable();
        const uint32_t n = std::min<uint32_t>(room, static_cast<uint32_t>(bytes.size()));
        if (n > 0 && m_socket->Send(bytes.data(), n, 0) > 0)
        {
            m_log.bytesSent += n;
        }
    }

    void Read(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()))
        {
            Bytes bytes(packet->GetSize());
            packet->CopyData(bytes.data(), bytes.size());
            m_framer.Push(bytes.data(), bytes.size());
            while (auto m = m_framer.Next())
            {
                ++m_log.types[m->type];
            }
        }
    }

    void Closed(Ptr<Socket> socket)
    {
        if (!m_log.closedAt)
        {
            m_log.closedAt = Simulator::Now().GetSeconds();
        }
    }

    Ptr<Socket> m_socket;
    PeerWireFramer m_framer;
    std::vector<Step> m_script;
    AttackLog m_log;
};

/// The outcome of a swarm with or without attackers.
struct Outcome
{
    std::optional<double> distributionTime; //!< D of the honest leechers
    uint64_t seedProtocolErrors{0};         //!< connections the seed closed for bad bytes
    uint32_t seedMaxConnections{0};         //!< most connections the seed had at once
    std::vector<AttackLog> attacks;         //!< one per attacker
};

/// Builds the attackers' scripts for a torrent (the seed's info_hash is needed).
using Script = std::function<std::vector<std::vector<Step>>(const TorrentMetainfo& torrent,
                                                            Ipv4Address attacker)>;

/// 1 seed (10 Mbps), 5 honest leechers (2 / 8 Mbps), 1 MB in 16 pieces; attackers on one
/// host of their own connect to the seed at 0.5 s. With \p until the run goes on that long
/// (the seeds keep serving) so that slow attacks play out; \p seedSlots are the seed's regular
/// slots.
Outcome
RunAttack(const Script& script, Time until = Seconds(0), uint32_t seedSlots = 4)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    AccessNetworkHelper net;
    const uint32_t server = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
    const uint32_t first = net.AddHosts(5, DataRate("2Mbps"), DataRate("8Mbps"));
    const uint32_t evil = net.AddHost(DataRate("8Mbps"), DataRate("8Mbps"));
    net.Install();
    const TorrentMetainfo torrent = TorrentMetainfo::Synthesize("f.bin", 1 << 20, 65536);
    BitTorrentHelper bt(torrent);
    bt.InstallTracker(net.GetHost(server), net.GetHostAddress(server));
    bt.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(seedSlots));
    ApplicationContainer seeds = bt.InstallSeeds(net.GetHost(server));
    bt.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(4));
    NodeContainer nodes;
    for (uint32_t i = 0; i < 5; ++i)
    {
        nodes.Add(net.GetHost(first + i));
    }
    ApplicationContainer leechers = bt.InstallLeechers(nodes);
    ApplicationContainer all(seeds);
    all.Add(leechers);
    bt.AssignStreams(all, 1000);

    PeerWireLimits limits;
    limits.pieceCount = torrent.GetPieceCount();
    limits.pieceLength = torrent.GetPieceLength();
    limits.totalLength = torrent.GetLength();
    limits.infoHash = torrent.GetInfoHash();
    std::vector<std::unique_ptr<Attacker>> attackers;
    if (script)
    {
        for (auto& steps : script(torrent, net.GetHostAddress(evil)))
        {
            attackers.push_back(
                std::make_unique<Attacker>(net.GetHost(evil),
                                           InetSocketAddress(net.GetHostAddress(server), 6881),
                                           limits,
                                           std::move(steps),
                                           Seconds(0.5)));
        }
    }
    SwarmStatistics stats;
    stats.Track(all);
    stats.SetStopWhenDone(until.IsZero());
    Simulator::Stop(until.IsZero() ? Seconds(120) : until);
    Simulator::Run();
    Outcome out;
    out.distributionTime = stats.GetDistributionTime();
    auto seed = DynamicCast<BitTorrentPeer>(seeds.Get(0));
    out.seedProtocolErrors = seed->GetProtocolErrors();
    out.seedMaxConnections = seed->GetMaxConnectionCount();
    for (const auto& a : attackers)
    {
        out.attacks.push_back(a->GetLog());
    }
    Simulator::Destroy();
    return out;
}

/// A valid handshake for \p torrent, announcing BEP 6 if \p fast.
Bytes
Handshake(const TorrentMetainfo& torrent, bool fast = false)
{
    std::array<uint8_t, 20> id{};
    std::fill(id.begin(), id.end(), 'x');
    return PeerWireCodec::EncodeHandshake(torrent.GetInfoHash(), id, PeerWireCodec::Reserved(fast));
}

/// \p a followed by \p b.
Bytes
Cat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * Malformed messages: each closes the attacker's connection at once and counts one protocol
 * error; the honest leechers finish exactly as without the attacker.
 */
class HostileMalformedTestCase : public TestCase
{
  public:
    HostileMalformedTestCase()
        : TestCase("malformed messages: closed at once, counted, the swarm unaffected")
    {
    }

  private:
    void DoRun() override
    {
        const Outcome baseline = RunAttack(nullptr);
        NS_TEST_ASSERT_MSG_EQ(baseline.distributionTime.has_value(), true, "baseline completes");
        NS_TEST_ASSERT_MSG_EQ(baseline.seedProtocolErrors, 0, "no error without attackers");

        struct Attack
        {
            std::string name;
            std::function<Bytes(const TorrentMetainfo&)> bytes;
        };

        const std::vector<Attack> attacks{
            {"a 2^31 length prefix",
             [](const TorrentMetainfo& t) {
                 return Cat(Handshake(t), {0x80, 0, 0, 0, 7});
             }},
            {"a short bitfield",
             [](const TorrentMetainfo& t) {
                 return Cat(Handshake(t), PeerWireCodec::EncodeBitfield({0xff}));
             }},
            {"a long bitfield",
             [](const TorrentMetainfo& t) {
                 return Cat(Handshake(t), PeerWireCodec::EncodeBitfield({0xff, 0xff, 0}));
             }},
            {"a request beyond the torrent",
             [](const TorrentMetainfo& t) {
                 return Cat(Handshake(t), PeerWireCodec::EncodeRequest(16, 0, 16384));
             }},
            {"a request beyond its piece",
             [](const TorrentMetainfo& t) {
                 return Cat(Handshake(t), PeerWireCodec::EncodeRequest(3, 65536 - 100, 16384));
             }},
            {"a piece nobody asked for",
             [](const TorrentMetainfo& t) {
                 return Cat(Cat(Handshake(t), PeerWireCodec::EncodePieceHeader(0, 0, 16)),
                            Bytes(16, 0));
             }},
            {"a handshake for another torrent",
             [](const TorrentMetainfo& t) {
                 const TorrentMetainfo other = TorrentMetainfo::Synthesize("g.bin", 1 << 20, 65536);
                 return Handshake(other);
             }},
            {"BEP 6 messages without BEP 6",
             [](const TorrentMetainfo& t) {
                 return Cat(Handshake(t, false), PeerWireCodec::EncodeHaveAll());
             }},
        };
        for (const auto& attack : attacks)
        {
            const Outcome out = RunAttack([&attack](const TorrentMetainfo& t, Ipv4Address) {
                return std::vector<std::vector<Step>>{{{Seconds(0), attack.bytes(t)}}};
            });
            NS_TEST_ASSERT_MSG_EQ(out.seedProtocolErrors, 1, attack.name << ": counted");
            const AttackLog& log = out.attacks.at(0);
            NS_TEST_ASSERT_MSG_EQ(log.closedAt.has_value(), true, attack.name << ": closed");
            NS_TEST_ASSERT_MSG_LT(log.closedAt.value_or(1e9) - log.connectedAt.value_or(0),
                                  0.5,
                                  attack.name << ": at once");
            NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, attack.name);
            NS_TEST_ASSERT_MSG_EQ_TOL(out.distributionTime.value_or(0),
                                      baseline.distributionTime.value_or(0),
                                      0.02 * baseline.distributionTime.value_or(0),
                                      attack.name << ": the swarm as without the attacker");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Slow and greedy attackers: a handshake one byte every 30 s is closed at HandshakeTimeout
 * (10 s); 5000 requests in one burst leave at most MaxQueuedRequests (256) queued, the rest
 * rejected (BEP 6); 300 connections from one address get one connection, the others refused.
 */
class HostileSlowAndGreedyTestCase : public TestCase
{
  public:
    HostileSlowAndGreedyTestCase()
        : TestCase("slow handshake, request flood, hundreds of connections: bounded")
    {
    }

  private:
    void DoRun() override
    {
        const Outcome baseline = RunAttack(nullptr);
        const double d0 = baseline.distributionTime.value_or(0);

        // Slowloris: the handshake one byte every 30 s.
        Outcome out = RunAttack(
            [](const TorrentMetainfo& t, Ipv4Address) {
                std::vector<Step> steps;
                const Bytes hs = Handshake(t);
                for (std::size_t i = 0; i < hs.size(); ++i)
                {
                    steps.push_back({Seconds(30.0 * i), {hs[i]}});
                }
                return std::vector<std::vector<Step>>{steps};
            },
            Seconds(60));
        const AttackLog& slow = out.attacks.at(0);
        NS_TEST_ASSERT_MSG_EQ_TOL(slow.closedAt.value_or(0) - slow.connectedAt.value_or(0),
                                  10,
                                  0.1,
                                  "closed at the handshake time-out");
        NS_TEST_ASSERT_MSG_EQ_TOL(out.distributionTime.value_or(0), d0, 0.02 * d0, "slowloris");

        // A flood of requests: handshake (BEP 6), interested, then 5000 requests at once for
        // the pieces outside the attacker's allowed fast set (or, below, inside it).
        auto flood = [](bool allowedOnly) {
            return [allowedOnly](const TorrentMetainfo& t, Ipv4Address attacker) {
                std::array<uint8_t, 4> address{};
                attacker.Serialize(address.data());
                const auto allowed =
                    ComputeAllowedFastSet(address, t.GetInfoHash(), 16, 5, Bitfield(16), true);
                std::vector<uint32_t> pieces;
                for (uint32_t p = 0; p < 16; ++p)
                {
                    const bool isAllowed =
                        std::find(allowed.begin(), allowed.end(), p) != allowed.end();
                    if (isAllowed == allowedOnly)
                    {
                        pieces.push_back(p);
                    }
                }
                Bytes bytes = Cat(Handshake(t, true), PeerWireCodec::EncodeInterested());
                for (uint32_t i = 0; i < 5000; ++i)
                {
                    const uint32_t block = i % (4 * pieces.size());
                    bytes = Cat(bytes,
                                PeerWireCodec::EncodeRequest(pieces[block / 4],
                                                             (block % 4) * 16384,
                                                             16384));
                }
                return std::vector<std::vector<Step>>{{{Seconds(0), bytes}}};
            };
        };
        // The seed has a slot for everyone, so the attacker is unchoked at once and its queue
        // fills up to MaxQueuedRequests.
        out = RunAttack(flood(false), Seconds(0), 10);
        const AttackLog& greedy = out.attacks.at(0);
        const uint32_t pieces = greedy.types.count(PeerWireMessageType::PIECE)
                                    ? greedy.types.at(PeerWireMessageType::PIECE)
                                    : 0;
        const uint32_t rejects = greedy.types.count(PeerWireMessageType::REJECT_REQUEST)
                                     ? greedy.types.at(PeerWireMessageType::REJECT_REQUEST)
                                     : 0;
        NS_TEST_ASSERT_MSG_EQ(greedy.bytesSent, 68 + 5 + 5000 * 17, "the whole flood was sent");
        // Every request is answered: a block, a reject, or still queued (at most 256).
        NS_TEST_ASSERT_MSG_GT_OR_EQ(pieces + rejects, 5000 - 256, "at most 256 queued");
        NS_TEST_ASSERT_MSG_GT(rejects, 0, "the excess rejected");
        NS_TEST_ASSERT_MSG_EQ(out.seedProtocolErrors, 0, "a flood is not malformed");
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "the others complete");
        // The attacker takes a share of the seed's uplink like any leecher: a stated margin.
        NS_TEST_ASSERT_MSG_LT(out.distributionTime.value_or(1e9), 1.5 * d0, "within 1.5 x");

        // The same flood on its allowed fast pieces while choked: libtorrent closes a peer
        // that asks for one more than 3 times their blocks.
        out = RunAttack(flood(true));
        NS_TEST_ASSERT_MSG_EQ(out.seedProtocolErrors, 1, "allowed fast abuse: closed, counted");
        NS_TEST_ASSERT_MSG_EQ(out.attacks.at(0).closedAt.has_value(), true, "closed");
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "the others complete");

        // 300 connections from one address.
        out = RunAttack([](const TorrentMetainfo& t, Ipv4Address) {
            std::vector<std::vector<Step>> many;
            for (uint32_t i = 0; i < 300; ++i)
            {
                many.push_back({{Seconds(0), Handshake(t)}});
            }
            return many;
        });
        uint32_t open = 0;
        for (const auto& log : out.attacks)
        {
            open += log.connectedAt && !log.closedAt ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_LT_OR_EQ(open, 1, "one connection per address stays");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(out.seedMaxConnections, 60, "never above MaxConnections");
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "the others complete");
        // The seed answers each of the 300 (handshake, bitfield) before it closes them, each
        // connection in a flow queue of its own ahead of the honest transfers (FqCoDel serves
        // new flows first): a 1 MB swarm of 3 s pays 0.48 s (1.155 x) for it.
        NS_TEST_ASSERT_MSG_LT(out.distributionTime.value_or(1e9), 1.2 * d0, "within 1.2 x");
    }
};

/**
 * \ingroup file-distribution-tests
 * The hostile peers' suite.
 */
class HostilePeersTestSuite : public TestSuite
{
  public:
    HostilePeersTestSuite()
        : TestSuite("file-distribution-hostile-peers")
    {
        AddTestCase(new HostileMalformedTestCase);
        AddTestCase(new HostileSlowAndGreedyTestCase);
    }
};

/// The static instance that registers the suite.
static HostilePeersTestSuite g_hostilePeersTestSuite;
