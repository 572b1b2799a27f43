// SPDX-License-Identifier: GPL-2.0-only
//
// BEP 6, the Fast Extension: the allowed fast set against the BEP's own vectors, and a
// choked leecher that still downloads its allowed fast pieces (and only those).

#include "ns3/access-network-helper.h"
#include "ns3/allowed-fast-set.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/boolean.h"
#include "ns3/callback.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/test.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <set>
#include <sstream>

using namespace ns3;

namespace
{

/// "1,2,3": for exact comparisons with readable failure messages.
std::string
Join(const std::vector<uint32_t>& pieces)
{
    std::ostringstream s;
    for (std::size_t i = 0; i < pieces.size(); ++i)
    {
        s << (i ? "," : "") << pieces[i];
    }
    return s.str();
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * BEP 6's canonical allowed fast set: the BEP's example vectors (80.4.4.200, info_hash of
 * 0xaa bytes, 1313 pieces); libtorrent's variant hashes the whole address and leaves out the
 * pieces the peer has.
 */
class AllowedFastSetTestCase : public TestCase
{
  public:
    AllowedFastSetTestCase()
        : TestCase("allowed fast set: BEP 6's vectors and libtorrent's variant")
    {
    }

  private:
    void DoRun() override
    {
        std::array<uint8_t, 20> infoHash;
        infoHash.fill(0xaa);
        const Bitfield none(1313);
        const std::array<uint8_t, 4> ip{80, 4, 4, 200};
        NS_TEST_ASSERT_MSG_EQ(Join(ComputeAllowedFastSet(ip, infoHash, 1313, 7, none, false)),
                              "1059,431,808,1217,287,376,1188",
                              "BEP 6, k = 7");
        NS_TEST_ASSERT_MSG_EQ(Join(ComputeAllowedFastSet(ip, infoHash, 1313, 9, none, false)),
                              "1059,431,808,1217,287,376,1188,353,508",
                              "BEP 6, k = 9");
        // libtorrent hashes all four bytes: the same set for x.x.x.0 only.
        const std::array<uint8_t, 4> ip0{80, 4, 4, 0};
        NS_TEST_ASSERT_MSG_EQ(Join(ComputeAllowedFastSet(ip0, infoHash, 1313, 7, none, true)),
                              "1059,431,808,1217,287,376,1188",
                              "libtorrent, the /24's address");
        NS_TEST_ASSERT_MSG_NE(Join(ComputeAllowedFastSet(ip, infoHash, 1313, 7, none, true)),
                              "1059,431,808,1217,287,376,1188",
                              "libtorrent, another address of the /24");
        // libtorrent: a piece the peer has is drawn, counted, and left out.
        Bitfield has(1313);
        has.Set(431);
        has.Set(1188);
        NS_TEST_ASSERT_MSG_EQ(Join(ComputeAllowedFastSet(ip0, infoHash, 1313, 7, has, true)),
                              "1059,808,1217,287,376",
                              "libtorrent leaves out what the peer has");
        // As many or more than the pieces: all of them (libtorrent: all the peer lacks).
        Bitfield some(4);
        some.Set(2);
        NS_TEST_ASSERT_MSG_EQ(Join(ComputeAllowedFastSet(ip, infoHash, 4, 5, some, false)),
                              "0,1,2,3",
                              "k >= pieces, BEP 6");
        NS_TEST_ASSERT_MSG_EQ(Join(ComputeAllowedFastSet(ip, infoHash, 4, 4, some, true)),
                              "0,1,3",
                              "k >= pieces, libtorrent");
        NS_TEST_ASSERT_MSG_EQ(ComputeAllowedFastSet(ip, infoHash, 0, 5, none, true).size(),
                              0,
                              "no pieces");
        NS_TEST_ASSERT_MSG_EQ(ComputeAllowedFastSet(ip, infoHash, 1313, 0, none, true).size(),
                              0,
                              "k = 0");
        // Two pieces, one wanted: the draws end although most words hit the same pieces.
        NS_TEST_ASSERT_MSG_EQ(ComputeAllowedFastSet(ip, infoHash, 2, 1, none, false).size(),
                              1,
                              "k = 1 of 2");
    }
};

/**
 * \ingroup file-distribution-tests
 * A seed with one slot and two free-riding leechers (they upload nothing, not even allowed
 * fast pieces). The leecher the seed chokes still downloads its allowed fast set, computed
 * from its address, and nothing else, until the other one completes and frees the slot; with
 * the Fast Extension off on the leechers' side it gets nothing in that time. Both complete.
 */
class ChokedLeecherAllowedFastTestCase : public TestCase
{
  public:
    ChokedLeecherAllowedFastTestCase()
        : TestCase("a choked leecher downloads exactly its allowed fast pieces")
    {
    }

  private:
    /// Pieces completed by each leecher, and each one's pieces when the first completes.
    struct Log
    {
        std::vector<std::set<uint32_t>> pieces{2};  //!< so far
        std::vector<std::set<uint32_t>> atFirst{2}; //!< when the first leecher completed
        int first{-1};                              //!< which one completed first
    };

    static void Piece(Log* log, uint32_t leecher, uint32_t piece)
    {
        log->pieces[leecher].insert(piece);
    }

    static void Completed(Log* log, uint32_t leecher, Time)
    {
        if (log->first < 0)
        {
            log->first = static_cast<int>(leecher);
            log->atFirst = log->pieces;
        }
    }

    void Check(bool leechersFast)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        AccessNetworkHelper net;
        const uint32_t server = net.AddHost(DataRate("8Mbps"), DataRate("8Mbps"));
        const uint32_t first = net.AddHosts(2, DataRate("2Mbps"), DataRate("8Mbps"));
        net.Install();
        // 8 pieces of 64 KiB: the unchoked leecher takes 8, the choked one its 3, in parallel.
        const TorrentMetainfo torrent = TorrentMetainfo::Synthesize("f.bin", 8 * 65536, 65536);
        BitTorrentHelper bt(torrent);
        bt.InstallTracker(net.GetHost(server), net.GetHostAddress(server));
        bt.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(1));
        bt.SetPeerAttribute("OptimisticUnchokeSlots", UintegerValue(0));
        bt.SetPeerAttribute("SeedingPieceQuota", UintegerValue(1000));
        bt.SetPeerAttribute("AllowedFastSetSize", UintegerValue(3));
        ApplicationContainer seeds = bt.InstallSeeds(net.GetHost(server));
        bt.SetPeerAttribute("FreeRider", BooleanValue(true));
        bt.SetPeerAttribute("FastExtension", BooleanValue(leechersFast));
        NodeContainer nodes(net.GetHost(first), net.GetHost(first + 1));
        ApplicationContainer leechers = bt.InstallLeechers(nodes);
        ApplicationContainer all(seeds);
        all.Add(leechers);
        bt.AssignStreams(all, 1000);
        Log log;
        for (uint32_t i = 0; i < 2; ++i)
        {
            leechers.Get(i)->TraceConnectWithoutContext("PieceCompleted",
                                                        MakeBoundCallback(&Piece, &log, i));
            leechers.Get(i)->TraceConnectWithoutContext("DownloadCompleted",
                                                        MakeBoundCallback(&Completed, &log, i));
        }
        SwarmStatistics stats;
        stats.Track(all);
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        const auto done = stats.GetDistributionTime();
        Simulator::Destroy();

        const std::string what = leechersFast ? "fast: " : "no fast: ";
        NS_TEST_ASSERT_MSG_EQ(done.has_value(), true, what << "both complete");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(log.first, 0, what << "someone completed");
        if (log.first < 0)
        {
            return;
        }
        const uint32_t other = 1 - log.first;
        std::array<uint8_t, 4> address{};
        net.GetHostAddress(first + other).Serialize(address.data());
        const auto allowed =
            ComputeAllowedFastSet(address, torrent.GetInfoHash(), 8, 3, Bitfield(8), true);
        NS_TEST_ASSERT_MSG_EQ(allowed.size(), 3, "3 pieces allowed");
        const std::set<uint32_t> expected = leechersFast
                                                ? std::set<uint32_t>(allowed.begin(), allowed.end())
                                                : std::set<uint32_t>{};
        std::vector<uint32_t> got(log.atFirst[other].begin(), log.atFirst[other].end());
        NS_TEST_ASSERT_MSG_EQ(Join(got),
                              Join({expected.begin(), expected.end()}),
                              what << "the choked leecher's pieces when the other completed");
    }

    void DoRun() override
    {
        Check(true);
        Check(false);
    }
};

/**
 * \ingroup file-distribution-tests
 * The Fast Extension's suite.
 */
class FastExtensionTestSuite : public TestSuite
{
  public:
    FastExtensionTestSuite()
        : TestSuite("file-distribution-fast-extension")
    {
        AddTestCase(new AllowedFastSetTestCase);
        AddTestCase(new ChokedLeecherAllowedFastTestCase);
    }
};

/// The static instance that registers the suite.
static FastExtensionTestSuite g_fastExtensionTestSuite;
