// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/distribution-bounds.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/object-vector.h"
#include "ns3/packet.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/swarm-statistics.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <sstream>

/**
 * \file
 * \ingroup file-distribution-tests
 * System tests of BitTorrent swarms: tracker, seeds and leechers on an access network.
 */

using namespace ns3;

namespace
{

/// One swarm to simulate.
struct SwarmScenario
{
    uint32_t leechers{20};        //!< N
    uint64_t fileSize{2000000};   //!< F, bytes
    uint32_t pieceLength{262144}; //!< piece length
    DataRate serverUp{"10Mbps"};  //!< u_s (the one seed)
    DataRate peerUp{"2Mbps"};     //!< u_i
    DataRate peerDown{"8Mbps"};   //!< d_i
    bool freeRiders{false};       //!< leechers never upload
    uint32_t run{1};              //!< RngRun
    bool garbagePeer{false};      //!< a host that sends garbage to the seed's port
    bool drain{false};            //!< run on after the last leecher until TCP is idle
    bool redundantHaves{true};    //!< BitTorrentPeer::SendRedundantHave (its default)
    uint32_t unchokeSlots{4};     //!< BitTorrentPeer::UnchokeSlots (regular slots)
    uint32_t pipelineDepth{10};   //!< BitTorrentPeer::PipelineDepth
    uint32_t seedUnchokeSlots{0}; //!< BitTorrentPeer::SeedUnchokeSlots (0: automatic)
    bool tcpNoDelay{true};        //!< BitTorrentPeer::TcpNoDelay (its default)
};

/// What a swarm run gave.
struct SwarmOutcome
{
    std::vector<SwarmStatistics::PeerRecord> records; //!< per peer
    std::optional<double> distributionTime;           //!< D
    double p2pBound{0};                               //!< the P2P bound
    double csBound{0};                                //!< the client-server bound
    std::string csv;                                  //!< the statistics CSV
    uint64_t seedProtocolErrors{0};                   //!< bad connections the seed closed
    uint32_t pieceCount{0};                           //!< pieces of the torrent
    std::vector<uint64_t> leecherHaves;               //!< 'have' messages each leecher sent
    uint32_t seedUnchokedEarly{0};  //!< connections the initial seed unchokes at t = 0.5 s
    uint32_t peerSockets{0};        //!< peer-wire sockets of the first leecher at t = 2 s
    uint32_t peerSocketsNoDelay{0}; //!< those of them with TCP_NODELAY (Nagle off)
    uint32_t dialledSockets{0};     //!< of them, connections the leecher dialled
    uint32_t acceptedSockets{0};    //!< of them, connections the leecher accepted
};

/// Sends garbage to \p to once connected.
void
SendGarbage(Ptr<Socket> socket)
{
    std::string junk = "GET / HTTP/1.1\r\nthis is not a BitTorrent handshake at all\r\n\r\n";
    socket->Send(reinterpret_cast<const uint8_t*>(junk.data()), junk.size(), 0);
}

/// Counts the peer-wire sockets (local or remote port 6881) of a node and those with NoDelay.
void
CountPeerSockets(Ptr<Node> node, SwarmOutcome* out)
{
    ObjectVectorValue sockets;
    node->GetObject<TcpL4Protocol>()->GetAttribute("SocketList", sockets);
    for (auto it = sockets.Begin(); it != sockets.End(); ++it)
    {
        Ptr<TcpSocketBase> socket = DynamicCast<TcpSocketBase>(it->second);
        Address local;
        Address remote;
        const bool listening = socket->GetSockName(local) == 0 &&
                               InetSocketAddress::ConvertFrom(local).GetPort() == 6881;
        // A listener has a peer name too, the wildcard 0.0.0.0:0.
        const bool connected = socket->GetPeerName(remote) == 0 &&
                               InetSocketAddress::ConvertFrom(remote).GetPort() != 0;
        const bool dialled = connected && InetSocketAddress::ConvertFrom(remote).GetPort() == 6881;
        out->dialledSockets += dialled ? 1 : 0;
        out->acceptedSockets += listening && connected ? 1 : 0;
        if (listening || dialled)
        {
            ++out->peerSockets;
            BooleanValue noDelay;
            socket->GetAttribute("TcpNoDelay", noDelay);
            out->peerSocketsNoDelay += noDelay.Get() ? 1 : 0;
        }
    }
}

/// The Choke trace's sink: counts the connections a peer unchokes.
void
CountUnchokes(uint32_t* unchoked, const Address&, bool choke)
{
    *unchoked = choke ? *unchoked - 1 : *unchoked + 1;
}

SwarmOutcome
RunSwarm(const SwarmScenario& s)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(s.run);
    AccessNetworkHelper net;
    const uint32_t server = net.AddHost(s.serverUp, s.serverUp);
    const uint32_t first = net.AddHosts(s.leechers, s.peerUp, s.peerDown);
    const uint32_t garbage = net.AddHost(s.peerUp, s.peerDown);
    net.Install();

    const TorrentMetainfo torrent =
        TorrentMetainfo::Synthesize("file.bin", s.fileSize, s.pieceLength);
    BitTorrentHelper bt(torrent);
    bt.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
    bt.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
    bt.InstallTracker(net.GetHost(server), net.GetHostAddress(server));
    bt.SetPeerAttribute("UnchokeSlots", UintegerValue(s.unchokeSlots));
    bt.SetPeerAttribute("PipelineDepth", UintegerValue(s.pipelineDepth));
    bt.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(s.seedUnchokeSlots));
    bt.SetPeerAttribute("TcpNoDelay", BooleanValue(s.tcpNoDelay));
    ApplicationContainer seeds = bt.InstallSeeds(net.GetHost(server));
    bt.SetPeerAttribute("FreeRider", BooleanValue(s.freeRiders));
    bt.SetPeerAttribute("SendRedundantHave", BooleanValue(s.redundantHaves));
    NodeContainer leecherNodes;
    for (uint32_t i = 0; i < s.leechers; ++i)
    {
        leecherNodes.Add(net.GetHost(first + i));
    }
    ApplicationContainer leechers = bt.InstallLeechers(leecherNodes);
    ApplicationContainer all(seeds);
    all.Add(leechers);
    bt.AssignStreams(all, 1000);

    Ptr<Socket> junk;
    if (s.garbagePeer)
    {
        junk = Socket::CreateSocket(net.GetHost(garbage), TcpSocketFactory::GetTypeId());
        junk->Bind();
        junk->SetConnectCallback(MakeCallback(&SendGarbage), MakeNullCallback<void, Ptr<Socket>>());
        Simulator::Schedule(Seconds(0.5), [junk, &net, server]() {
            junk->Connect(InetSocketAddress(net.GetHostAddress(server), 6881));
        });
    }

    SwarmOutcome out;
    // Read before anyone completes: a leecher that completes loses interest, and its slot
    // goes to another one while it stays unchoked.
    uint32_t seedUnchoked = 0;
    seeds.Get(0)->TraceConnectWithoutContext("Choke",
                                             MakeBoundCallback(&CountUnchokes, &seedUnchoked));
    Simulator::Schedule(Seconds(0.5),
                        [&out, &seedUnchoked]() { out.seedUnchokedEarly = seedUnchoked; });
    Ptr<Node> firstLeecher = net.GetHost(first);
    Simulator::Schedule(Seconds(2),
                        [&out, firstLeecher]() { CountPeerSockets(firstLeecher, &out); });

    SwarmStatistics stats;
    stats.Track(all);
    stats.SetStopWhenDone(!s.drain);
    const double bits = 8.0 * s.fileSize;
    out.p2pBound = DistributionBounds::PeerToPeer(s.leechers,
                                                  bits,
                                                  s.serverUp.GetBitRate(),
                                                  s.peerDown.GetBitRate(),
                                                  s.leechers * s.peerUp.GetBitRate());
    out.csBound = DistributionBounds::ClientServer(s.leechers,
                                                   bits,
                                                   s.serverUp.GetBitRate(),
                                                   s.peerDown.GetBitRate());
    // Draining: blocks still in TCP when the last leecher completes arrive within seconds.
    Simulator::Stop(Seconds(s.drain ? 3 * out.csBound + 30 : 10 * out.csBound + 60));
    Simulator::Run();
    out.records = stats.GetRecords();
    out.distributionTime = stats.GetDistributionTime();
    std::ostringstream csv;
    stats.WriteCsv(csv);
    out.csv = csv.str();
    out.seedProtocolErrors = DynamicCast<BitTorrentPeer>(seeds.Get(0))->GetProtocolErrors();
    out.pieceCount = torrent.GetPieceCount();
    for (uint32_t i = 0; i < leechers.GetN(); ++i)
    {
        out.leecherHaves.push_back(
            DynamicCast<BitTorrentPeer>(leechers.Get(i))->GetHaveMessagesSent());
    }
    Simulator::Destroy();
    return out;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * A flash crowd of 20 leechers and one seed: everyone completes, bytes add up, D respects the
 * bound and comes close to it.
 */
class BitTorrentSwarmCompletesTestCase : public TestCase
{
  public:
    BitTorrentSwarmCompletesTestCase()
        : TestCase("20 leechers + 1 seed: all complete, bytes add up, bound respected")
    {
    }

  private:
    void DoRun() override
    {
        SwarmScenario s;
        s.fileSize = 4000000;
        s.pieceLength = 65536;
        s.drain = true;
        const SwarmOutcome out = RunSwarm(s);
        uint64_t up = 0;
        uint64_t down = 0;
        for (const auto& r : out.records)
        {
            NS_TEST_ASSERT_MSG_EQ(r.pieces, out.pieceCount, "peer " << r.index << " has it all");
            if (!r.initialSeed)
            {
                NS_TEST_ASSERT_MSG_EQ(r.doneTime.has_value(), true, "leecher " << r.index);
                NS_TEST_ASSERT_MSG_GT_OR_EQ(r.bytesDown, s.fileSize, "at least F bytes");
            }
            up += r.bytesUp;
            down += r.bytesDown;
        }
        NS_TEST_ASSERT_MSG_EQ(up, down, "what was uploaded is what was downloaded");
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "D is known");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(*out.distributionTime, out.p2pBound, "never below the bound");
        // Measured 1.317 here, 1.309-1.320 over RngRun 1-3 with the example (1.52-1.66 before
        // seeds took mainline's automatic slot count; see doc/bittorrent-efficiency.rst): with
        // 62 pieces, piece granularity, the start-up and the end phase keep it above 1.3.
        NS_TEST_ASSERT_MSG_LT(*out.distributionTime,
                              1.45 * out.p2pBound,
                              "D / bound = " << *out.distributionTime / out.p2pBound);
        NS_TEST_ASSERT_MSG_LT(*out.distributionTime, 0.5 * out.csBound, "P2P beats client-server");
    }
};

/**
 * \ingroup file-distribution-tests
 * A homogeneous flash crowd that all completes, never below the P2P bound and within a given
 * factor of it (the scenarios are in the suite's constructor).
 */
class BitTorrentNearBoundTestCase : public TestCase
{
  public:
    /**
     * \param name the test's name
     * \param scenario the swarm
     * \param factor D must not exceed factor x the bound
     */
    BitTorrentNearBoundTestCase(const std::string& name,
                                const SwarmScenario& scenario,
                                double factor)
        : TestCase(name),
          m_scenario(scenario),
          m_factor(factor)
    {
    }

  private:
    void DoRun() override
    {
        const SwarmOutcome out = RunSwarm(m_scenario);
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "all complete");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(*out.distributionTime, out.p2pBound, "never below the bound");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(*out.distributionTime,
                                    m_factor * out.p2pBound,
                                    "D / bound = " << *out.distributionTime / out.p2pBound);
    }

    SwarmScenario m_scenario; //!< the swarm
    double m_factor;          //!< the largest D / bound allowed
};

/**
 * \ingroup file-distribution-tests
 * A seed unchokes as many connections as mainline BitTorrent's rule gives its upload rate
 * (27 slots at 10 Mbps), unless SeedUnchokeSlots says otherwise.
 */
class BitTorrentSeedSlotsTestCase : public TestCase
{
  public:
    BitTorrentSeedSlotsTestCase()
        : TestCase("a seed's unchoke slots follow its upload rate")
    {
    }

  private:
    void DoRun() override
    {
        SwarmScenario s;
        s.leechers = 10;
        s.fileSize = 1000000;
        s.pieceLength = 65536;
        SwarmOutcome out = RunSwarm(s);
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "all complete");
        NS_TEST_ASSERT_MSG_EQ(out.seedUnchokedEarly, 10, "26 + 1 slots: every leecher at once");
        s.seedUnchokeSlots = 4;
        out = RunSwarm(s);
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "all complete");
        NS_TEST_ASSERT_MSG_EQ(out.seedUnchokedEarly, 5, "4 + 1 slots");
    }
};

/**
 * \ingroup file-distribution-tests
 * 'have' goes only to neighbours that lack the piece, unless SendRedundantHave is set.
 */
class BitTorrentRedundantHaveTestCase : public TestCase
{
  public:
    BitTorrentRedundantHaveTestCase()
        : TestCase("'have' suppression: none to a seed, one per piece when redundant")
    {
    }

  private:
    void DoRun() override
    {
        // One leecher: its only neighbour is the seed, which has every piece.
        SwarmScenario s;
        s.leechers = 1;
        s.fileSize = 2000000; // 8 pieces of 256 KiB
        s.drain = true;
        s.redundantHaves = false;
        SwarmOutcome out = RunSwarm(s);
        NS_TEST_ASSERT_MSG_EQ(out.pieceCount, 8, "the torrent");
        NS_TEST_ASSERT_MSG_EQ(out.leecherHaves.at(0), 0, "nothing the seed needs to know");
        s.redundantHaves = true;
        out = RunSwarm(s);
        NS_TEST_ASSERT_MSG_EQ(out.leecherHaves.at(0), 8, "one 'have' per piece");
        // In a swarm, suppression saves messages but changes no decision: all complete.
        s.leechers = 10;
        s.redundantHaves = false;
        const SwarmOutcome lazy = RunSwarm(s);
        s.redundantHaves = true;
        const SwarmOutcome redundant = RunSwarm(s);
        uint64_t lazyHaves = 0;
        uint64_t redundantHaves = 0;
        for (uint32_t i = 0; i < s.leechers; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(lazy.records.at(i + 1).doneTime.has_value(), true, "done");
            lazyHaves += lazy.leecherHaves.at(i);
            redundantHaves += redundant.leecherHaves.at(i);
        }
        NS_TEST_ASSERT_MSG_LT(lazyHaves, redundantHaves, "fewer messages");
    }
};

/**
 * \ingroup file-distribution-tests
 * TcpNoDelay reaches every peer-wire socket, dialled and accepted: true by default (ns-3's
 * default, Nagle's algorithm off); false turns Nagle on, as libtorrent leaves it.
 */
class BitTorrentNoDelayTestCase : public TestCase
{
  public:
    BitTorrentNoDelayTestCase()
        : TestCase("TcpNoDelay sets every peer socket, dialled and accepted; both complete")
    {
    }

  private:
    void DoRun() override
    {
        SwarmScenario s;
        s.leechers = 10;
        const SwarmOutcome noDelay = RunSwarm(s);
        s.tcpNoDelay = false;
        const SwarmOutcome nagle = RunSwarm(s);
        // The first leecher listens, dialled some neighbours and accepted others.
        NS_TEST_ASSERT_MSG_GT(noDelay.dialledSockets, 0, "connections it dialled");
        NS_TEST_ASSERT_MSG_GT(noDelay.acceptedSockets, 0, "connections it accepted");
        NS_TEST_ASSERT_MSG_EQ(noDelay.peerSockets,
                              1 + noDelay.dialledSockets + noDelay.acceptedSockets,
                              "the listener and its connections");
        NS_TEST_ASSERT_MSG_EQ(noDelay.peerSocketsNoDelay, noDelay.peerSockets, "the default");
        NS_TEST_ASSERT_MSG_GT(nagle.dialledSockets, 0, "connections it dialled");
        NS_TEST_ASSERT_MSG_GT(nagle.acceptedSockets, 0, "connections it accepted");
        NS_TEST_ASSERT_MSG_EQ(nagle.peerSocketsNoDelay, 0, "Nagle on every one");
        for (uint32_t i = 1; i <= s.leechers; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(noDelay.records.at(i).doneTime.has_value(), true, "done");
            NS_TEST_ASSERT_MSG_EQ(nagle.records.at(i).doneTime.has_value(), true, "done");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Leechers that never upload leave all the work to the seed: client-server time.
 */
class BitTorrentFreeRidersTestCase : public TestCase
{
  public:
    BitTorrentFreeRidersTestCase()
        : TestCase("free riders: the swarm takes about as long as client-server")
    {
    }

  private:
    void DoRun() override
    {
        SwarmScenario s;
        s.leechers = 8;
        s.freeRiders = true;
        const SwarmOutcome out = RunSwarm(s);
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "all complete");
        for (const auto& r : out.records)
        {
            if (!r.initialSeed)
            {
                NS_TEST_ASSERT_MSG_EQ(r.bytesUp, 0, "free riders upload nothing");
            }
        }
        NS_TEST_ASSERT_MSG_GT_OR_EQ(*out.distributionTime, out.csBound, "client-server bound");
        NS_TEST_ASSERT_MSG_LT(*out.distributionTime, 1.15 * out.csBound, "close to it");
    }
};

/**
 * \ingroup file-distribution-tests
 * A connection that sends garbage is closed and counted; the swarm completes.
 */
class BitTorrentGarbagePeerTestCase : public TestCase
{
  public:
    BitTorrentGarbagePeerTestCase()
        : TestCase("a peer sending garbage is cut off, the others finish")
    {
    }

  private:
    void DoRun() override
    {
        SwarmScenario s;
        s.leechers = 5;
        s.garbagePeer = true;
        const SwarmOutcome out = RunSwarm(s);
        NS_TEST_ASSERT_MSG_EQ(out.seedProtocolErrors, 1, "the seed closed the bad connection");
        NS_TEST_ASSERT_MSG_EQ(out.distributionTime.has_value(), true, "the others complete");
    }
};

/**
 * \ingroup file-distribution-tests
 * The same RngRun gives byte-identical statistics; another run differs.
 */
class BitTorrentDeterminismTestCase : public TestCase
{
  public:
    BitTorrentDeterminismTestCase()
        : TestCase("same RngRun, byte-identical CSV")
    {
    }

  private:
    void DoRun() override
    {
        SwarmScenario s;
        s.leechers = 10;
        const std::string a = RunSwarm(s).csv;
        const std::string b = RunSwarm(s).csv;
        NS_TEST_ASSERT_MSG_EQ(a, b, "same run, same bytes");
        s.run = 2;
        const std::string c = RunSwarm(s).csv;
        NS_TEST_ASSERT_MSG_NE(a, c, "another run draws other random choices");
    }
};

/**
 * \ingroup file-distribution-tests
 * The BitTorrent swarm test suite.
 */
class BitTorrentSwarmTestSuite : public TestSuite
{
  public:
    BitTorrentSwarmTestSuite()
        : TestSuite("file-distribution-bittorrent-swarm")
    {
        AddTestCase(new BitTorrentSwarmCompletesTestCase);
        // N = 20, u_i = d_i / 4 = 2 Mbps, u_s = 10 Mbps, BitTorrent's defaults (tit-for-tat,
        // 4 + 1 slots; seeds by mainline's rule). Measured 1.199 here, 1.146-1.235 over RngRun
        // 1-3 (bittorrent-swarm --file-size=10MB --piece-size=64KiB --peer-download=8Mbps);
        // 1.42-1.66 while seeds had 4 + 1 slots too (doc/bittorrent-efficiency.rst).
        SwarmScenario homogeneous;
        homogeneous.fileSize = 10000000;
        homogeneous.pieceLength = 65536; // 153 pieces
        AddTestCase(new BitTorrentNearBoundTestCase(
            "homogeneous swarm, default choking: D within 1.3 x the bound",
            homogeneous,
            1.3));
        // The lecture's bound assumes that every peer uploads at full rate until the end:
        // without tit-for-tat (every interested neighbour unchoked), 4 MB in 245 pieces, and a
        // short pipeline per neighbour that leaves blocks for the other uploaders. Measured
        // 1.218 here, 1.213-1.222 over RngRun 1-6; with 4 + 1 slots 1.22 too since seeds take
        // mainline's count (1.41-1.43 before).
        SwarmScenario cooperative;
        cooperative.fileSize = 4000000;
        cooperative.pieceLength = 16384;
        cooperative.unchokeSlots = cooperative.leechers;
        cooperative.pipelineDepth = 4;
        AddTestCase(new BitTorrentNearBoundTestCase(
            "homogeneous swarm, every neighbour unchoked: D within 1.3 x the bound",
            cooperative,
            1.3));
        AddTestCase(new BitTorrentSeedSlotsTestCase);
        AddTestCase(new BitTorrentRedundantHaveTestCase);
        AddTestCase(new BitTorrentNoDelayTestCase);
        AddTestCase(new BitTorrentFreeRidersTestCase);
        AddTestCase(new BitTorrentGarbagePeerTestCase);
        AddTestCase(new BitTorrentDeterminismTestCase);
    }
};

/// The static instance that registers the suite.
static BitTorrentSwarmTestSuite g_bitTorrentSwarmTestSuite;
