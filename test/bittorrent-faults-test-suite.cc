// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/fault-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/test.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <map>
#include <optional>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * System tests of BitTorrent swarms under faults: links that go silent and come back, peers
 * that crash, a tracker that does not answer or refuses, seeds that leave too early, loss.
 */

using namespace ns3;

namespace
{

/// One swarm under faults.
struct FaultScenario
{
    uint32_t leechers{5};                               //!< N
    uint32_t extraSeeds{0};                             //!< initial seeds besides the server
    uint64_t fileSize{1000000};                         //!< F, bytes
    uint32_t pieceLength{262144};                       //!< piece length
    DataRate serverUp{"10Mbps"};                        //!< u_s
    DataRate peerUp{"2Mbps"};                           //!< u_i
    DataRate peerDown{"8Mbps"};                         //!< d_i
    bool trackerHost{false};                            //!< the tracker on a host of its own
    double lossRate{0};                                 //!< on every access link
    std::optional<std::pair<Time, Time>> serverOutage;  //!< the server's link down, up
    std::optional<std::pair<Time, Time>> trackerOutage; //!< the tracker's link down, up
    uint32_t crashes{0};                                //!< leechers that crash (the first ones)
    Time crashAt{Seconds(2)};                           //!< when
    std::optional<Time> serverLeavesAt;                 //!< the server stops (gracefully)
    Time limit{Seconds(1000)};                          //!< Simulator::Stop
};

/// What a run gave.
struct FaultOutcome
{
    std::vector<SwarmStatistics::PeerRecord> records; //!< seeds first, then leechers
    std::optional<SwarmStatistics::Stall> stall;      //!< why it stopped, if it stalled
    double endTime{0};                                //!< when the simulation stopped
    std::vector<double> snubsOfCrashed;               //!< when connections to crashed peers
                                                      //!< were snubbed
    uint32_t firstLeecher{0};                         //!< index of the first leecher record
};

/// Snubbed trace sink: records snubs of connections to the crashed peers' addresses.
void
RecordSnub(std::pair<const std::vector<Ipv4Address>*, std::vector<double>*> sink,
           const Address& remote)
{
    const Ipv4Address ip = InetSocketAddress::ConvertFrom(remote).GetIpv4();
    for (const auto& crashed : *sink.first)
    {
        if (crashed == ip)
        {
            sink.second->push_back(Simulator::Now().GetSeconds());
        }
    }
}

FaultOutcome
RunFaults(const FaultScenario& s)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    AccessNetworkHelper net;
    const uint32_t server = net.AddHost(s.serverUp, s.serverUp);
    const uint32_t firstExtra = net.AddHosts(s.extraSeeds, s.peerUp, s.peerDown);
    const uint32_t first = net.AddHosts(s.leechers, s.peerUp, s.peerDown);
    const uint32_t trackerHost = s.trackerHost ? net.AddHost(s.peerUp, s.peerDown) : server;
    net.Install();

    const TorrentMetainfo torrent =
        TorrentMetainfo::Synthesize("file.bin", s.fileSize, s.pieceLength);
    BitTorrentHelper bt(torrent);
    bt.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
    bt.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
    bt.InstallTracker(net.GetHost(trackerHost), net.GetHostAddress(trackerHost));
    ApplicationContainer seeds = bt.InstallSeeds(net.GetHost(server));
    for (uint32_t i = 0; i < s.extraSeeds; ++i)
    {
        seeds.Add(bt.InstallSeeds(net.GetHost(firstExtra + i)));
    }
    NodeContainer leecherNodes;
    for (uint32_t i = 0; i < s.leechers; ++i)
    {
        leecherNodes.Add(net.GetHost(first + i));
    }
    ApplicationContainer leechers = bt.InstallLeechers(leecherNodes);
    ApplicationContainer all(seeds);
    all.Add(leechers);
    bt.AssignStreams(all, 1000);

    FaultHelper faults(net);
    faults.SetLossRate(s.lossRate);
    if (s.serverOutage)
    {
        faults.AddOutage(server, s.serverOutage->first, s.serverOutage->second);
    }
    if (s.trackerOutage)
    {
        faults.AddOutage(trackerHost, s.trackerOutage->first, s.trackerOutage->second);
    }
    faults.SilenceCrashes(leechers);
    faults.AssignStreams(5000);

    FaultOutcome out;
    out.firstLeecher = seeds.GetN();
    std::vector<Ipv4Address> crashed;
    for (uint32_t i = 0; i < s.crashes; ++i)
    {
        Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(leechers.Get(i));
        Simulator::Schedule(s.crashAt, &BitTorrentPeer::Crash, peer);
        crashed.push_back(net.GetHostAddress(first + i));
    }
    for (uint32_t i = s.crashes; i < leechers.GetN(); ++i)
    {
        leechers.Get(i)->TraceConnectWithoutContext(
            "Snubbed",
            // The bound value's type must be the parameter's exactly (const included): the
            // callback casts to it (UBSan: a downcast to the wrong CallbackImpl otherwise).
            MakeBoundCallback(&RecordSnub,
                              std::pair<const std::vector<Ipv4Address>*, std::vector<double>*>(
                                  &crashed,
                                  &out.snubsOfCrashed)));
    }
    if (s.serverLeavesAt)
    {
        seeds.Get(0)->SetStopTime(*s.serverLeavesAt);
    }

    SwarmStatistics stats;
    stats.Track(all);
    Simulator::Stop(s.limit);
    Simulator::Run();
    out.endTime = Simulator::Now().GetSeconds();
    out.records = stats.GetRecords();
    out.stall = stats.GetStall();
    Simulator::Destroy();
    return out;
}

/// \param out a run \param from first leecher record to check \return leechers not done
uint32_t
NotDone(const FaultOutcome& out, uint32_t from)
{
    uint32_t n = 0;
    for (uint32_t i = out.firstLeecher + from; i < out.records.size(); ++i)
    {
        n += out.records[i].doneTime ? 0 : 1;
    }
    return n;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * The only seed's link (and the tracker beside it) is silent for 3 minutes, then comes back:
 * connections time out (PeerTimeout), endpoints are dialled again after the back-off, and
 * every leecher finishes.
 */
class BitTorrentSeedOutageTestCase : public TestCase
{
  public:
    BitTorrentSeedOutageTestCase()
        : TestCase("the only seed silent for 3 minutes and back: every leecher finishes")
    {
    }

  private:
    void DoRun() override
    {
        FaultScenario s;
        s.serverOutage = {Seconds(1), Seconds(181)};
        const FaultOutcome out = RunFaults(s);
        NS_TEST_ASSERT_MSG_EQ(out.stall.has_value(), false, "no stall");
        NS_TEST_ASSERT_MSG_EQ(NotDone(out, 0), 0, "every leecher finished");
        for (uint32_t i = out.firstLeecher; i < out.records.size(); ++i)
        {
            // 1 MB at 8 Mbps takes 1 s: nobody had it all before the outage.
            NS_TEST_ASSERT_MSG_GT(*out.records[i].doneTime, 181, "after the outage");
            // Silent connections are closed at 121 s and dialled again 2 x 60 s later.
            NS_TEST_ASSERT_MSG_LT(*out.records[i].doneTime, 260, "soon after the back-off");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Two of 20 leechers crash mid-download in a swarm with two seeds: the others finish, and the
 * requests outstanding at the crashed peers are asked elsewhere within PieceTimeout (20 s), not
 * after PeerTimeout (120 s).
 */
class BitTorrentCrashesTestCase : public TestCase
{
  public:
    BitTorrentCrashesTestCase()
        : TestCase("10 % of leechers crash: the others finish, their requests are asked "
                   "elsewhere within the piece time-out")
    {
    }

  private:
    void DoRun() override
    {
        FaultScenario s;
        s.leechers = 20;
        s.extraSeeds = 1;
        s.fileSize = 4000000;
        s.serverUp = DataRate("4Mbps"); // slow enough that the piece time-out matters
        s.peerUp = DataRate("1Mbps");
        s.peerDown = DataRate("4Mbps");
        s.crashes = 2;
        // By then the crashed peers upload to others (they hold pieces and slots).
        const double crash = 20;
        s.crashAt = Seconds(crash);
        const FaultOutcome out = RunFaults(s);
        NS_TEST_ASSERT_MSG_EQ(out.stall.has_value(), false, "no stall");
        NS_TEST_ASSERT_MSG_EQ(NotDone(out, 2), 0, "every other leecher finished");
        for (uint32_t i = 0; i < 2; ++i)
        {
            const auto& r = out.records[out.firstLeecher + i];
            NS_TEST_ASSERT_MSG_EQ(r.doneTime.has_value(), false, "a crashed peer never finishes");
            NS_TEST_ASSERT_MSG_EQ_TOL(r.leftTime.value_or(-1), crash, 1e-9, "gone at the crash");
        }
        NS_TEST_ASSERT_MSG_GT(out.snubsOfCrashed.size(), 0, "requests were outstanding");
        for (double t : out.snubsOfCrashed)
        {
            NS_TEST_ASSERT_MSG_LT_OR_EQ(t, crash + 20 + 1e-6, "asked elsewhere within 20 s");
        }
        NS_TEST_ASSERT_MSG_LT(out.endTime, crash + 120, "nobody waited for the peer time-out");
    }
};

/**
 * \ingroup file-distribution-tests
 * The tracker (on a host of its own) is unreachable for the first 60 s: announces time out
 * and are retried with back-off, everyone announces again and finishes.
 */
class BitTorrentTrackerOutageTestCase : public TestCase
{
  public:
    BitTorrentTrackerOutageTestCase()
        : TestCase("the tracker silent for the first 60 s: everyone announces again, finishes")
    {
    }

  private:
    void DoRun() override
    {
        FaultScenario s;
        s.trackerHost = true;
        s.trackerOutage = {Seconds(0), Seconds(60)};
        const FaultOutcome out = RunFaults(s);
        NS_TEST_ASSERT_MSG_EQ(out.stall.has_value(), false, "no stall");
        NS_TEST_ASSERT_MSG_EQ(NotDone(out, 0), 0, "every leecher finished");
        for (uint32_t i = out.firstLeecher; i < out.records.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_GT(*out.records[i].doneTime, 60, "no peers before the tracker");
            NS_TEST_ASSERT_MSG_LT(*out.records[i].doneTime, 100, "the retry came soon after");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * A tracker that answers `failure reason` (an unknown torrent): the peer retries with
 * libtorrent's back-off, 17, 55, 117 s after each failure.
 */
class BitTorrentTrackerBackoffTestCase : public TestCase
{
  public:
    BitTorrentTrackerBackoffTestCase()
        : TestCase("a tracker that answers 'failure reason': announces back off 17, 55, 117 s")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        const uint32_t a = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        const uint32_t b = net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        net.Install();
        BitTorrentHelper bt(TorrentMetainfo::Synthesize("known.bin", 100000, 16384));
        bt.SetTrackerAttribute("AcceptUnknownTorrents", BooleanValue(false));
        bt.InstallTracker(net.GetHost(a), net.GetHostAddress(a));
        Ptr<BitTorrentPeer> peer = CreateObject<BitTorrentPeer>();
        peer->SetTorrent(TorrentMetainfo::Synthesize("unknown.bin", 100000, 16384));
        peer->SetTracker(net.GetHostAddress(a), 2710);
        net.GetHost(b)->AddApplication(peer);
        std::map<int, uint32_t> announces; // at a time: announces sent so far
        for (int t : {1, 16, 18, 71, 73, 188, 191})
        {
            Simulator::Schedule(Seconds(t), [&announces, peer, t]() {
                announces[t] = peer->GetTrackerClient().GetAnnounceCount();
            });
        }
        Simulator::Stop(Seconds(200));
        Simulator::Run();
        const uint32_t failures = peer->GetTrackerClient().GetFailures();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(announces[1], 1, "started");
        NS_TEST_ASSERT_MSG_EQ(announces[16], 1, "not before 17 s");
        NS_TEST_ASSERT_MSG_EQ(announces[18], 2, "17 s after the first failure");
        NS_TEST_ASSERT_MSG_EQ(announces[71], 2, "not before 17 + 55 s");
        NS_TEST_ASSERT_MSG_EQ(announces[73], 3, "55 s after the second");
        NS_TEST_ASSERT_MSG_EQ(announces[188], 3, "not before 72 + 117 s");
        NS_TEST_ASSERT_MSG_EQ(announces[191], 4, "117 s after the third");
        NS_TEST_ASSERT_MSG_EQ(failures, 4, "every announce failed");
    }
};

/**
 * \ingroup file-distribution-tests
 * The only seed leaves before a complete copy exists: the run ends at the next check with a
 * stall that names the pieces no live peer holds and the leechers that are stuck.
 */
class BitTorrentSeedLeavesTestCase : public TestCase
{
  public:
    BitTorrentSeedLeavesTestCase()
        : TestCase("the only seed leaves too early: a stall report lists the missing pieces")
    {
    }

  private:
    void DoRun() override
    {
        FaultScenario s;
        s.fileSize = 4000000; // 16 pieces; 5 leechers cannot have them all after 0.5 s
        s.serverLeavesAt = Seconds(0.5);
        const FaultOutcome out = RunFaults(s);
        NS_TEST_ASSERT_MSG_EQ(out.stall.has_value(), true, "stalled");
        NS_TEST_ASSERT_MSG_GT(out.stall->missingPieces.size(), 0, "pieces nobody holds");
        NS_TEST_ASSERT_MSG_EQ(out.stall->stuckLeechers.size(), 5, "every leecher is stuck");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(out.endTime, 10.0 + 1e-9, "found at the first check");
        NS_TEST_ASSERT_MSG_EQ(NotDone(out, 0), 5, "nobody finished");
    }
};

/**
 * \ingroup file-distribution-tests
 * 1 % random loss on every access link, both directions: TCP recovers, everyone finishes.
 */
class BitTorrentLossTestCase : public TestCase
{
  public:
    BitTorrentLossTestCase()
        : TestCase("1 % loss on every access link: everyone finishes")
    {
    }

  private:
    void DoRun() override
    {
        FaultScenario s;
        s.leechers = 10;
        s.fileSize = 2000000;
        s.lossRate = 0.01;
        const FaultOutcome out = RunFaults(s);
        NS_TEST_ASSERT_MSG_EQ(out.stall.has_value(), false, "no stall");
        NS_TEST_ASSERT_MSG_EQ(NotDone(out, 0), 0, "every leecher finished");
        s.lossRate = 0;
        const FaultOutcome clean = RunFaults(s);
        NS_TEST_ASSERT_MSG_GT(out.endTime, clean.endTime, "loss costs time");
    }
};

/**
 * \ingroup file-distribution-tests
 * Files of 1 byte, 100 bytes and 16 KiB + 1 byte (one block, one short block, a block and a
 * byte) download.
 */
class BitTorrentTinyFilesTestCase : public TestCase
{
  public:
    BitTorrentTinyFilesTestCase()
        : TestCase("files of 1 B, 100 B and 16 KiB + 1 B download")
    {
    }

  private:
    void DoRun() override
    {
        for (uint64_t size : {1ULL, 100ULL, 16385ULL})
        {
            FaultScenario s;
            s.leechers = 3;
            s.fileSize = size;
            s.pieceLength = 16384;
            const FaultOutcome out = RunFaults(s);
            NS_TEST_ASSERT_MSG_EQ(NotDone(out, 0), 0, "every leecher finished");
            for (uint32_t i = out.firstLeecher; i < out.records.size(); ++i)
            {
                NS_TEST_ASSERT_MSG_GT_OR_EQ(out.records[i].bytesDown, size, "the bytes");
            }
        }
    }
};

/// The fault suite.
class BitTorrentFaultsTestSuite : public TestSuite
{
  public:
    BitTorrentFaultsTestSuite()
        : TestSuite("file-distribution-bittorrent-faults")
    {
        AddTestCase(new BitTorrentSeedOutageTestCase);
        AddTestCase(new BitTorrentCrashesTestCase);
        AddTestCase(new BitTorrentTrackerOutageTestCase);
        AddTestCase(new BitTorrentTrackerBackoffTestCase);
        AddTestCase(new BitTorrentSeedLeavesTestCase);
        AddTestCase(new BitTorrentLossTestCase);
        AddTestCase(new BitTorrentTinyFilesTestCase);
    }
};

/// Registers the suite.
static BitTorrentFaultsTestSuite g_bitTorrentFaultsTestSuite;
