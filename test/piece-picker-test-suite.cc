// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/bitfield.h"
#include "ns3/piece-picker.h"
#include "ns3/test.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of PiecePicker: geometry, rarest first, random first pieces, strict priority,
 * endgame, departures, aborts, interest, and complete downloads.
 */

using namespace ns3;

namespace
{

/// \return a bitfield of \p size pieces with \p pieces set
Bitfield
Pieces(uint32_t size, const std::vector<uint32_t>& pieces)
{
    Bitfield bf(size);
    for (auto p : pieces)
    {
        bf.Set(p);
    }
    return bf;
}

/// \return a bitfield of \p size pieces, all set
Bitfield
All(uint32_t size)
{
    Bitfield bf(size);
    bf.SetAll();
    return bf;
}

/// A small deterministic generator for tests (LCG), counting its calls.
struct TestRng
{
    uint64_t state; //!< LCG state
    uint32_t calls; //!< number of draws

    /// \param n bound \return a value in [0, n)
    uint32_t operator()(uint32_t n)
    {
        ++calls;
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<uint32_t>(state >> 33) % n;
    }
};

} // namespace

/**
 * \ingroup file-distribution-tests
 * Piece and block sizes, the shorter last piece and last block, bad geometries.
 */
class PiecePickerGeometryTestCase : public TestCase
{
  public:
    PiecePickerGeometryTestCase()
        : TestCase("last piece shorter, last block shorter, bad geometry")
    {
    }

  private:
    void DoRun() override
    {
        // 3 pieces of 40000 bytes, the last one 20000; blocks of 16384.
        PiecePicker picker(3, 40000, 100000);
        NS_TEST_ASSERT_MSG_EQ(picker.IsValid(), true, "consistent");
        NS_TEST_ASSERT_MSG_EQ(picker.GetPieceSize(0), 40000, "full piece");
        NS_TEST_ASSERT_MSG_EQ(picker.GetPieceSize(2), 20000, "last piece");
        NS_TEST_ASSERT_MSG_EQ(picker.GetPieceSize(3), 0, "out of range");
        NS_TEST_ASSERT_MSG_EQ(picker.GetBlockCount(0), 3, "16384+16384+7232");
        NS_TEST_ASSERT_MSG_EQ(picker.GetBlockCount(2), 2, "16384+3616");
        NS_TEST_ASSERT_MSG_EQ(picker.GetBlockCount(3), 0, "out of range");

        picker.SetRandomFirstPieces(0);
        picker.AddPeer(1, Pieces(3, {2}));
        auto blocks = picker.Pick(1, 10);
        NS_TEST_ASSERT_MSG_EQ(blocks.size(), 2, "both blocks of the last piece");
        NS_TEST_ASSERT_MSG_EQ((blocks[0] == BlockRequest{2, 0, 16384}), true, "first block");
        NS_TEST_ASSERT_MSG_EQ((blocks[1] == BlockRequest{2, 16384, 3616}), true, "short block");
        picker.AddPeer(2, Pieces(3, {0}));
        blocks = picker.Pick(2, 10);
        NS_TEST_ASSERT_MSG_EQ(blocks.size(), 3, "three blocks of piece 0");
        NS_TEST_ASSERT_MSG_EQ((blocks[2] == BlockRequest{0, 32768, 7232}), true, "short block");

        // A block with a wrong length or offset is not a block of this torrent.
        auto r = picker.OnBlockReceived(1, BlockRequest{2, 16384, 16384});
        NS_TEST_ASSERT_MSG_EQ((r.wasRequested || r.duplicate || r.pieceCompleted),
                              false,
                              "wrong length ignored");
        r = picker.OnBlockReceived(1, BlockRequest{2, 100, 3616});
        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, false, "unaligned offset ignored");
        r = picker.OnBlockReceived(1, BlockRequest{7, 0, 16384});
        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, false, "no such piece");
        r = picker.OnBlockReceived(1, BlockRequest{2, 16384, 3616});
        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, true, "the real short block");
        r = picker.OnBlockReceived(1, BlockRequest{2, 0, 16384});
        NS_TEST_ASSERT_MSG_EQ(r.pieceCompleted, true, "piece 2 complete");
        NS_TEST_ASSERT_MSG_EQ(picker.GetHave().Test(2), true, "have piece 2");

        // Exactly divisible: no short last block.
        PiecePicker exact(4, 32768, 4 * 32768);
        NS_TEST_ASSERT_MSG_EQ(exact.GetBlockCount(3), 2, "two full blocks");

        // Inconsistent geometries give an empty picker that never crashes.
        for (auto* bad : {new PiecePicker(3, 40000, 80000),
                          new PiecePicker(3, 40000, 120001),
                          new PiecePicker(0, 40000, 0),
                          new PiecePicker(3, 0, 0),
                          new PiecePicker(3, 40000, 100000, 0)})
        {
            NS_TEST_ASSERT_MSG_EQ(bad->IsValid(), false, "inconsistent geometry");
            NS_TEST_ASSERT_MSG_EQ(bad->GetPieceCount(), 0, "no pieces");
            NS_TEST_ASSERT_MSG_EQ(bad->AddHave(1, 0), false, "no piece 0");
            NS_TEST_ASSERT_MSG_EQ(bad->Pick(1, 5).empty(), true, "nothing to pick");
            NS_TEST_ASSERT_MSG_EQ(bad->OnBlockReceived(1, {0, 0, 16384}).wasRequested,
                                  false,
                                  "no block");
            NS_TEST_ASSERT_MSG_EQ(bad->GetBlockCount(0), 0, "no blocks");
            delete bad;
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Rarest first: the exact piece chosen from hand-built availability.
 */
class PiecePickerRarestFirstTestCase : public TestCase
{
  public:
    PiecePickerRarestFirstTestCase()
        : TestCase("rarest first picks the exact rarest piece the peer has")
    {
    }

  private:
    void DoRun() override
    {
        // One block per piece. Availability: 0:4, 1:3, 2:2, 3:2, 4:1, 5:0.
        PiecePicker picker(6, 16384, 6 * 16384);
        picker.SetRandomFirstPieces(0);
        picker.AddPeer(10, Pieces(6, {0, 1, 2, 3, 4}));
        picker.AddPeer(11, Pieces(6, {0, 1, 2}));
        picker.AddPeer(12, Pieces(6, {0, 1}));
        picker.AddHave(13, 0);
        picker.AddHave(13, 3);
        picker.AddHave(13, 3); // repeated have: no effect
        const std::vector<uint32_t> expectedAvail{4, 3, 2, 2, 1, 0};
        for (uint32_t i = 0; i < 6; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(i), expectedAvail[i], "piece " << i);
        }
        // Peer 12 lacks the rarer pieces: its rarest is piece 1.
        auto b = picker.Pick(12, 1);
        NS_TEST_ASSERT_MSG_EQ(b.size(), 1, "one block");
        NS_TEST_ASSERT_MSG_EQ(b[0].piece, 1, "rarest that peer 12 has");
        // Peer 10: 4 (rarest), then 2 and 3 (tie) in some order, then 0.
        b = picker.Pick(10, 1);
        NS_TEST_ASSERT_MSG_EQ(b[0].piece, 4, "rarest overall");
        std::set<uint32_t> tie;
        tie.insert(picker.Pick(10, 1).at(0).piece);
        tie.insert(picker.Pick(10, 1).at(0).piece);
        NS_TEST_ASSERT_MSG_EQ((tie == std::set<uint32_t>{2, 3}), true, "the tie 2, 3");
        b = picker.Pick(10, 5);
        NS_TEST_ASSERT_MSG_EQ(b.size(), 1, "only piece 0 left that 10 has");
        NS_TEST_ASSERT_MSG_EQ(b[0].piece, 0, "most common last");
        NS_TEST_ASSERT_MSG_EQ(picker.Pick(11, 5).empty(), true, "no endgame: piece 5 unrequested");

        // A have changes the order at once: piece 0 becomes the only one at availability 1.
        PiecePicker p2(3, 16384, 3 * 16384);
        p2.SetRandomFirstPieces(0);
        p2.AddPeer(1, All(3));
        p2.AddPeer(2, All(3));
        p2.AddHave(3, 1);
        p2.AddHave(3, 2);
        NS_TEST_ASSERT_MSG_EQ(p2.Pick(1, 1).at(0).piece, 0, "0 is rarest after the haves");

        // A peer with few pieces among many (the word-wise scan): still the exact rarest.
        {
            PiecePicker big(10000, 16384, 10000ULL * 16384);
            big.SetRandomFirstPieces(0);
            big.AddPeer(1, All(10000));
            big.AddPeer(2, Pieces(10000, {100, 5000, 9000}));
            big.AddHave(3, 5000);
            big.AddHave(4, 9000);
            NS_TEST_ASSERT_MSG_EQ(big.Pick(2, 1).at(0).piece, 100, "rarest of three");
        }
        // A peer whose pieces are all common: the walk through the rarer bucket is cut off
        // and the scan finds the rarest of its pieces.
        {
            PiecePicker p(1000, 16384, 1000ULL * 16384);
            p.SetRandomFirstPieces(0);
            std::vector<uint32_t> first100;
            for (uint32_t i = 0; i < 100; ++i)
            {
                first100.push_back(i);
            }
            p.AddPeer(1, All(1000));
            p.AddPeer(2, Pieces(1000, first100));
            first100.erase(first100.begin());
            p.AddPeer(3, Pieces(1000, first100));
            NS_TEST_ASSERT_MSG_EQ(p.Pick(2, 1).at(0).piece, 0, "piece 0: availability 2");
            NS_TEST_ASSERT_MSG_LT(p.Pick(2, 1).at(0).piece, 100, "then one of its own");
        }

        // Ties are broken by the RNG: different generators pick different pieces.
        std::set<uint32_t> firsts;
        for (uint64_t seed = 1; seed <= 20; ++seed)
        {
            PiecePicker p(8, 16384, 8 * 16384);
            p.SetRandomFirstPieces(0);
            TestRng rng{seed, 0};
            p.SetRandom([&rng](uint32_t n) { return rng(n); });
            p.AddPeer(1, All(8));
            firsts.insert(p.Pick(1, 1).at(0).piece);
        }
        NS_TEST_ASSERT_MSG_GT(firsts.size(), 3, "ties spread over pieces");
    }
};

/**
 * \ingroup file-distribution-tests
 * Random first pieces: within the pieces the peer has, drawn with the RNG; rarest first after.
 */
class PiecePickerRandomFirstTestCase : public TestCase
{
  public:
    PiecePickerRandomFirstTestCase()
        : TestCase("random first pieces come from the peer's pieces, by the RNG")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 100;
        const std::set<uint32_t> offered{3, 17, 42, 64, 99};
        std::set<uint32_t> firsts;
        for (uint64_t seed = 1; seed <= 30; ++seed)
        {
            PiecePicker picker(n, 16384, n * 16384);
            picker.SetRandomFirstPieces(2);
            TestRng rng{seed, 0};
            picker.SetRandom([&rng](uint32_t k) { return rng(k); });
            // Piece 99 is the rarest the peer has (others: seeds everywhere else).
            Bitfield rest = All(n);
            rest.Clear(99);
            picker.AddPeer(1, rest);
            picker.AddPeer(2, rest);
            picker.AddPeer(3, Pieces(n, {3, 17, 42, 64, 99}));
            // Two random pieces ...
            for (int k = 0; k < 2; ++k)
            {
                auto b = picker.Pick(3, 1);
                NS_TEST_ASSERT_MSG_EQ(b.size(), 1, "a block");
                NS_TEST_ASSERT_MSG_EQ(offered.count(b[0].piece), 1, "a piece peer 3 has");
                if (k == 0)
                {
                    firsts.insert(b[0].piece);
                }
                picker.OnBlockReceived(3, b[0]);
            }
            NS_TEST_ASSERT_MSG_GT(rng.calls, 0, "the RNG was used");
            // ... then rarest first: 99 if still missing.
            if (!picker.GetHave().Test(99))
            {
                NS_TEST_ASSERT_MSG_EQ(picker.Pick(3, 1).at(0).piece, 99, "rarest after 2");
            }
        }
        NS_TEST_ASSERT_MSG_GT(firsts.size(), 2, "the first piece depends on the RNG");
        NS_TEST_ASSERT_MSG_GT(firsts.size() - firsts.count(99), 0, "not always the rarest");

        // A peer with a single piece among 10,000 is still found (the word-wise scan).
        PiecePicker big(10000, 16384, 10000ULL * 16384);
        big.AddHave(1, 7777);
        NS_TEST_ASSERT_MSG_EQ(big.Pick(1, 1).at(0).piece, 7777, "its only piece");
    }
};

/**
 * \ingroup file-distribution-tests
 * Strict priority: a started piece is finished before a rarer new one.
 */
class PiecePickerStrictPriorityTestCase : public TestCase
{
  public:
    PiecePickerStrictPriorityTestCase()
        : TestCase("strict priority finishes a started piece before a rarer one")
    {
    }

  private:
    void DoRun() override
    {
        for (bool strict : {true, false})
        {
            // Two blocks per piece. Availability: 0:3, 1:2, 2:2.
            PiecePicker picker(3, 32768, 3 * 32768);
            picker.SetRandomFirstPieces(0);
            picker.SetStrictPriority(strict);
            picker.AddPeer(1, All(3));
            picker.AddPeer(2, All(3));
            picker.AddPeer(3, Pieces(3, {0}));
            auto b = picker.Pick(3, 1);
            NS_TEST_ASSERT_MSG_EQ((b.at(0) == BlockRequest{0, 0, 16384}), true, "0 started");
            b = picker.Pick(1, 1);
            if (strict)
            {
                NS_TEST_ASSERT_MSG_EQ((b.at(0) == BlockRequest{0, 16384, 16384}),
                                      true,
                                      "rest of piece 0 first");
            }
            else
            {
                NS_TEST_ASSERT_MSG_NE(b.at(0).piece, 0, "without strict priority: rarer");
            }
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Endgame: duplicates from other peers only, and the cancel list.
 */
class PiecePickerEndgameTestCase : public TestCase
{
  public:
    PiecePickerEndgameTestCase()
        : TestCase("endgame requests duplicates and reports the peers to cancel")
    {
    }

  private:
    void DoRun() override
    {
        {
            // The default cap: one duplicate per block, so a third peer gets nothing.
            PiecePicker capped(2, 16384, 2 * 16384);
            capped.SetEndgamePipelineDepth(5); // busy blocks even with requests outstanding
            for (uint32_t peer : {1, 2, 3})
            {
                capped.AddPeer(peer, All(2));
            }
            capped.Pick(1, 1);
            capped.Pick(2, 1);
            NS_TEST_ASSERT_MSG_EQ(capped.Pick(1, 5).size(), 1, "one duplicate for peer 1");
            NS_TEST_ASSERT_MSG_EQ(capped.Pick(3, 5).size(), 1, "only the block asked once");
            NS_TEST_ASSERT_MSG_EQ(capped.Pick(2, 5).empty(), true, "every block asked twice");
        }
        PiecePicker picker(2, 16384, 2 * 16384);
        picker.SetEndgameMaxRequesters(3);
        picker.SetEndgamePipelineDepth(5);
        picker.AddPeer(1, All(2));
        picker.AddPeer(2, All(2));
        picker.AddPeer(3, All(2));
        NS_TEST_ASSERT_MSG_EQ(picker.IsInEndgame(), false, "nothing requested yet");
        auto a = picker.Pick(1, 1);
        NS_TEST_ASSERT_MSG_EQ(picker.IsInEndgame(), false, "one block still unrequested");
        auto b = picker.Pick(2, 1);
        NS_TEST_ASSERT_MSG_NE(a.at(0).piece, b.at(0).piece, "two different pieces");
        NS_TEST_ASSERT_MSG_EQ(picker.IsInEndgame(), true, "every block requested");
        auto again = picker.Pick(1, 5);
        NS_TEST_ASSERT_MSG_EQ(again.size(), 1, "only the block peer 1 was not asked for");
        NS_TEST_ASSERT_MSG_EQ((again[0] == b[0]), true, "peer 2's block");
        auto third = picker.Pick(3, 5);
        NS_TEST_ASSERT_MSG_EQ(third.size(), 2, "both blocks for peer 3");
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(3), 2, "outstanding at 3");

        auto r = picker.OnBlockReceived(2, b[0]);
        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, true, "requested");
        NS_TEST_ASSERT_MSG_EQ(r.pieceCompleted, true, "one block piece");
        std::vector<uint32_t> cancels = r.cancelPeers;
        std::sort(cancels.begin(), cancels.end());
        NS_TEST_ASSERT_MSG_EQ((cancels == std::vector<uint32_t>{1, 3}), true, "cancel at 1, 3");
        r = picker.OnBlockReceived(1, b[0]);
        NS_TEST_ASSERT_MSG_EQ(r.duplicate, true, "arrived twice");
        NS_TEST_ASSERT_MSG_EQ(r.cancelPeers.empty(), true, "nothing to cancel");
        r = picker.OnBlockReceived(3, a[0]);
        NS_TEST_ASSERT_MSG_EQ((r.cancelPeers == std::vector<uint32_t>{1}), true, "cancel at 1");
        NS_TEST_ASSERT_MSG_EQ(picker.IsComplete(), true, "done");
        NS_TEST_ASSERT_MSG_EQ(picker.IsInEndgame(), false, "no endgame when complete");
        NS_TEST_ASSERT_MSG_EQ(picker.Pick(1, 5).empty(), true, "nothing left");

        // Endgame disabled: no duplicates.
        PiecePicker off(2, 16384, 2 * 16384);
        off.SetEndgameEnabled(false);
        off.AddPeer(1, All(2));
        off.AddPeer(2, All(2));
        NS_TEST_ASSERT_MSG_EQ(off.Pick(1, 5).size(), 2, "both blocks");
        NS_TEST_ASSERT_MSG_EQ(off.Pick(2, 5).empty(), true, "no duplicates");
        NS_TEST_ASSERT_MSG_EQ(off.IsInEndgame(), false, "disabled");
    }
};

/**
 * \ingroup file-distribution-tests
 * Endgame depth 1 (libtorrent's rule): a busy block only for a peer with nothing
 * outstanding, one at a time, the most recently requested first.
 */
class PiecePickerEndgameDepthTestCase : public TestCase
{
  public:
    PiecePickerEndgameDepthTestCase()
        : TestCase("endgame gives one busy block to idle peers only, newest request first")
    {
    }

  private:
    void DoRun() override
    {
        // One piece of 4 blocks; peer 1 asks for all of it.
        PiecePicker picker(1, 4 * 16384, 4 * 16384);
        for (uint32_t peer : {1, 2, 3})
        {
            picker.AddPeer(peer, All(1));
        }
        const auto first = picker.Pick(1, 4);
        NS_TEST_ASSERT_MSG_EQ(first.size(), 4, "the whole piece from peer 1");
        NS_TEST_ASSERT_MSG_EQ(picker.IsInEndgame(), true, "every block requested");
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(1), 4, "four outstanding at 1");
        NS_TEST_ASSERT_MSG_EQ(picker.Pick(1, 4).empty(), true, "never twice at one peer");

        // Peer 2 is idle: one busy block, the last one asked of peer 1.
        auto dup = picker.Pick(2, 4);
        NS_TEST_ASSERT_MSG_EQ(dup.size(), 1, "one busy block at a time");
        NS_TEST_ASSERT_MSG_EQ((dup.at(0) == first[3]), true, "the newest request");
        NS_TEST_ASSERT_MSG_EQ(picker.Pick(2, 4).empty(), true, "not while one is outstanding");
        // Peer 3 gets the newest block asked only once.
        auto dup3 = picker.Pick(3, 4);
        NS_TEST_ASSERT_MSG_EQ((dup3.at(0) == first[2]), true, "newest of the blocks asked once");

        // Peer 2's block arrives: it is idle again and gets the next one.
        auto r = picker.OnBlockReceived(2, dup[0]);
        NS_TEST_ASSERT_MSG_EQ((r.cancelPeers == std::vector<uint32_t>{1}), true, "cancel at 1");
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(1), 3, "the cancelled one ended");
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(2), 0, "nothing left at 2");
        auto next = picker.Pick(2, 4);
        NS_TEST_ASSERT_MSG_EQ(next.size(), 1, "one again");
        NS_TEST_ASSERT_MSG_EQ((next.at(0) == first[1]), true, "the newest asked only once");

        // Aborts and departures keep the counts.
        picker.AbortRequest(2, next[0]);
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(2), 0, "aborted");
        picker.RemovePeer(1);
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(1), 0, "gone");
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(3), 1, "peer 3 still has its block");
    }
};

/**
 * \ingroup file-distribution-tests
 * RemovePeer lowers availability and returns its requests; AbortRequest returns one block.
 */
class PiecePickerDepartureTestCase : public TestCase
{
  public:
    PiecePickerDepartureTestCase()
        : TestCase("RemovePeer and AbortRequest make blocks pickable again")
    {
    }

  private:
    void DoRun() override
    {
        PiecePicker picker(4, 32768, 4 * 32768);
        picker.SetRandomFirstPieces(0);
        picker.SetEndgameEnabled(false);
        picker.AddPeer(1, All(4));
        picker.AddPeer(2, Pieces(4, {0, 1}));
        picker.AddHave(3, 1);
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(1), 3, "three have piece 1");
        picker.RemovePeer(3);
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(1), 2, "after departure");
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(0), 2, "unchanged");
        picker.RemovePeer(3); // twice: ignored
        picker.RemovePeer(99);
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(1), 2, "unknown ids ignored");

        // Peer 1 asks for piece 2 (rarest); it leaves; piece 2 is pickable again.
        auto b = picker.Pick(1, 2);
        NS_TEST_ASSERT_MSG_EQ(b.size(), 2, "a whole piece");
        const uint32_t first = b[0].piece;
        NS_TEST_ASSERT_MSG_EQ((first == 2 || first == 3), true, "a rarest piece");
        picker.OnBlockReceived(1, b[0]); // half of it arrives
        picker.RemovePeer(1);
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(first), 0, "nobody has it now");
        NS_TEST_ASSERT_MSG_EQ(picker.GetOutstandingCount(1), 0, "nothing outstanding at 1");
        picker.AddPeer(4, All(4));
        auto again = picker.Pick(4, 1);
        NS_TEST_ASSERT_MSG_EQ((again.at(0) == b[1]), true, "the returned block, first");

        // AbortRequest: only the requesting peer's abort counts.
        PiecePicker p2(2, 16384, 2 * 16384);
        p2.SetEndgameEnabled(false);
        p2.AddPeer(1, All(2));
        p2.AddPeer(2, All(2));
        auto x = p2.Pick(1, 2);
        NS_TEST_ASSERT_MSG_EQ(p2.Pick(2, 2).empty(), true, "all requested");
        p2.AbortRequest(2, x[0]); // not peer 2's request
        NS_TEST_ASSERT_MSG_EQ(p2.Pick(2, 2).empty(), true, "still requested from 1");
        p2.AbortRequest(1, BlockRequest{0, 0, 1}); // not a block: ignored
        p2.AbortRequest(1, x[1]);
        auto y = p2.Pick(2, 2);
        NS_TEST_ASSERT_MSG_EQ(y.size(), 1, "one block back");
        NS_TEST_ASSERT_MSG_EQ((y[0] == x[1]), true, "the aborted block");
        auto r = p2.OnBlockReceived(1, x[1]);
        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, true, "requested (from 2 now)");
        NS_TEST_ASSERT_MSG_EQ((r.cancelPeers == std::vector<uint32_t>{2}), true, "cancel at 2");
    }
};

/**
 * \ingroup file-distribution-tests
 * IsInterestingPeer follows the peer's haves and our completions; bad input is refused.
 */
class PiecePickerInterestTestCase : public TestCase
{
  public:
    PiecePickerInterestTestCase()
        : TestCase("IsInterestingPeer tracks haves and completions")
    {
    }

  private:
    void DoRun() override
    {
        PiecePicker picker(3, 16384, 3 * 16384);
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), false, "unknown");
        NS_TEST_ASSERT_MSG_EQ(picker.AddPeer(1, Bitfield(4)), false, "wrong size refused");
        NS_TEST_ASSERT_MSG_EQ(picker.AddPeer(1, Bitfield(3)), true, "empty bitfield");
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), false, "has nothing");
        NS_TEST_ASSERT_MSG_EQ(picker.AddHave(1, 3), false, "out of range have refused");
        picker.AddHave(1, 0);
        picker.AddHave(1, 2);
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), true, "has 0 and 2");
        picker.AddHave(2, 2);
        // We receive piece 2 (unrequested, from peer 2): still interested in 1 for piece 0.
        auto r = picker.OnBlockReceived(2, BlockRequest{2, 0, 16384});
        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, false, "unrequested");
        NS_TEST_ASSERT_MSG_EQ(r.pieceCompleted, true, "but kept");
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), true, "piece 0 left");
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(2), false, "2 has nothing new");
        picker.OnBlockReceived(1, picker.Pick(1, 1).at(0));
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), false, "we have all it has");
        picker.AddHave(1, 1);
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), true, "a new have");
        // A second bitfield replaces the first.
        picker.AddPeer(1, Pieces(3, {0}));
        NS_TEST_ASSERT_MSG_EQ(picker.IsInterestingPeer(1), false, "only piece 0 now");
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(1), 0, "piece 1 forgotten");
        NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(0), 1, "piece 0 counted once");

        PiecePicker seed(3, 16384, 3 * 16384);
        seed.AddPeer(1, All(3));
        NS_TEST_ASSERT_MSG_EQ(seed.IsInterestingPeer(1), true, "before");
        seed.SetHaveAll();
        NS_TEST_ASSERT_MSG_EQ(seed.IsComplete(), true, "seed");
        NS_TEST_ASSERT_MSG_EQ(seed.IsInterestingPeer(1), false, "a seed wants nothing");
        NS_TEST_ASSERT_MSG_EQ(seed.Pick(1, 4).empty(), true, "nothing to pick");
        NS_TEST_ASSERT_MSG_EQ(seed.OnBlockReceived(1, {0, 0, 16384}).duplicate, true, "dup");
    }
};

/**
 * \ingroup file-distribution-tests
 * A complete download: every block requested and received exactly once outside endgame.
 */
class PiecePickerFullDownloadTestCase : public TestCase
{
  public:
    PiecePickerFullDownloadTestCase()
        : TestCase("a complete download gets every block exactly once outside endgame")
    {
    }

  private:
    void DoRun() override
    {
        for (bool endgame : {false, true})
        {
            // 50 pieces of 4 blocks, the last piece 2.5 blocks.
            const uint32_t n = 50;
            const uint64_t total = (n - 1) * 65536ULL + 40000;
            PiecePicker picker(n, 65536, total);
            picker.SetEndgameEnabled(endgame);
            TestRng rng{7, 0};
            const uint32_t peers = 6;
            std::vector<Bitfield> has(peers, Bitfield(n));
            for (uint32_t p = 0; p < peers; ++p)
            {
                for (uint32_t i = 0; i < n; ++i)
                {
                    if (rng(3) == 0 || i % peers == p)
                    {
                        has[p].Set(i); // the union covers every piece
                    }
                }
                picker.AddPeer(p, has[p]);
            }
            std::map<std::pair<uint32_t, uint32_t>, uint32_t> picked; // (piece, begin) -> n
            std::map<std::pair<uint32_t, uint32_t>, uint32_t> received;
            std::vector<std::vector<BlockRequest>> queue(peers);
            uint64_t bytes = 0;
            uint32_t rounds = 0;
            while (!picker.IsComplete() && rounds++ < 10000)
            {
                for (uint32_t p = 0; p < peers; ++p)
                {
                    const auto blocks = picker.Pick(p, 3);
                    // A pick may finish the first requests and then go on in endgame.
                    const bool endgameNow = picker.IsInEndgame();
                    for (const auto& b : blocks)
                    {
                        NS_TEST_ASSERT_MSG_EQ(has[p].Test(b.piece), true, "peer has it");
                        if (++picked[{b.piece, b.begin}] > 1)
                        {
                            NS_TEST_ASSERT_MSG_EQ(endgameNow, true, "dup only in endgame");
                        }
                        queue[p].push_back(b);
                    }
                }
                // Each peer delivers its oldest request.
                for (uint32_t p = 0; p < peers; ++p)
                {
                    if (queue[p].empty())
                    {
                        continue;
                    }
                    const BlockRequest b = queue[p].front();
                    queue[p].erase(queue[p].begin());
                    const auto r = picker.OnBlockReceived(p, b);
                    if (!r.duplicate)
                    {
                        ++received[{b.piece, b.begin}];
                        bytes += b.length;
                        NS_TEST_ASSERT_MSG_EQ(r.wasRequested, true, "requested");
                    }
                    for (uint32_t c : r.cancelPeers)
                    {
                        auto& q = queue[c];
                        q.erase(std::remove(q.begin(), q.end(), b), q.end());
                        picker.AbortRequest(c, b); // the cancel: no-op, already received
                    }
                }
            }
            NS_TEST_ASSERT_MSG_EQ(picker.IsComplete(), true, "complete");
            NS_TEST_ASSERT_MSG_EQ(bytes, total, "every byte once");
            uint32_t blocks = 0;
            for (uint32_t i = 0; i < n; ++i)
            {
                blocks += picker.GetBlockCount(i);
            }
            NS_TEST_ASSERT_MSG_EQ(received.size(), blocks, "every block received");
            for (const auto& [key, count] : received)
            {
                NS_TEST_ASSERT_MSG_EQ(count, 1, "received once");
            }
            uint32_t duplicates = 0;
            for (const auto& [key, count] : picked)
            {
                duplicates += count - 1;
            }
            if (endgame)
            {
                NS_TEST_ASSERT_MSG_GT(duplicates, 0, "endgame asked some blocks twice");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(picked.size(), blocks, "every block picked");
                for (const auto& [key, count] : picked)
                {
                    NS_TEST_ASSERT_MSG_EQ(count, 1, "picked once without endgame");
                }
            }
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Random operations, garbage included, never break the picker: afterwards a seed still
 * completes the download with every block exactly once.
 */
class PiecePickerChurnTestCase : public TestCase
{
  public:
    PiecePickerChurnTestCase()
        : TestCase("random churn, aborts and garbage keep the picker consistent")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 37;
        const uint64_t total = 36 * 40000ULL + 1000;
        for (uint64_t seed = 1; seed <= 20; ++seed)
        {
            PiecePicker picker(n, 40000, total);
            TestRng rng{seed, 0};
            picker.SetRandom([&rng](uint32_t k) { return rng(k) + 3 * k; }); // out of range
            picker.SetStrictPriority(seed % 2 == 0);
            picker.SetRarestFirst(seed % 3 != 0);
            std::map<uint32_t, std::vector<BlockRequest>> outstanding;
            uint64_t bytes = 0;
            for (int op = 0; op < 3000; ++op)
            {
                const uint32_t peer = rng(6);
                switch (rng(8))
                {
                case 0:
                    picker.AddHave(peer, rng(n + 2)); // sometimes out of range
                    break;
                case 1: {
                    Bitfield bf(n);
                    for (uint32_t i = 0; i < n; ++i)
                    {
                        if (rng(2) == 0)
                        {
                            bf.Set(i);
                        }
                    }
                    picker.AddPeer(peer, bf);
                    break;
                }
                case 2:
                    if (rng(4) == 0)
                    {
                        picker.RemovePeer(peer);
                        outstanding.erase(peer);
                    }
                    break;
                case 3:
                case 4:
                    for (const auto& b : picker.Pick(peer, rng(5)))
                    {
                        outstanding[peer].push_back(b);
                    }
                    break;
                case 5:
                case 6:
                    if (!outstanding[peer].empty())
                    {
                        auto& q = outstanding[peer];
                        const std::size_t k = rng(static_cast<uint32_t>(q.size()));
                        const BlockRequest b = q[k];
                        q.erase(q.begin() + k);
                        if (rng(3) == 0)
                        {
                            picker.AbortRequest(peer, b);
                        }
                        else if (!picker.OnBlockReceived(peer, b).duplicate)
                        {
                            bytes += b.length;
                        }
                    }
                    break;
                default: {
                    const BlockRequest junk{rng(n + 1), rng(3) * 16384 + rng(2), rng(20000)};
                    if (!picker.OnBlockReceived(peer, junk).duplicate &&
                        picker.GetPieceSize(junk.piece) != 0 && junk.length != 0)
                    {
                        // only a real block can count: check it was one
                        const uint32_t b = junk.begin / 16384;
                        if (junk.begin % 16384 == 0 && b < picker.GetBlockCount(junk.piece) &&
                            junk.length ==
                                std::min<uint32_t>(16384,
                                                   picker.GetPieceSize(junk.piece) - junk.begin))
                        {
                            bytes += junk.length;
                        }
                    }
                    picker.AbortRequest(peer, junk);
                    break;
                }
                }
            }
            // Drain: every remaining neighbour leaves, a seed arrives.
            for (uint32_t p = 0; p < 6; ++p)
            {
                picker.RemovePeer(p);
            }
            for (uint32_t i = 0; i < n; ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(picker.GetAvailability(i), 0, "all gone, seed " << seed);
            }
            picker.AddPeer(100, All(n));
            for (int round = 0; round < 1000 && !picker.IsComplete(); ++round)
            {
                for (const auto& b : picker.Pick(100, 4))
                {
                    const auto r = picker.OnBlockReceived(100, b);
                    NS_TEST_ASSERT_MSG_EQ(r.duplicate, false, "no block twice, seed " << seed);
                    bytes += b.length;
                }
            }
            NS_TEST_ASSERT_MSG_EQ(picker.IsComplete(), true, "complete, seed " << seed);
            NS_TEST_ASSERT_MSG_EQ(bytes, total, "every byte once, seed " << seed);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The piece picker test suite.
 */
class PiecePickerTestSuite : public TestSuite
{
  public:
    PiecePickerTestSuite()
        : TestSuite("file-distribution-piece-picker")
    {
        AddTestCase(new PiecePickerGeometryTestCase);
        AddTestCase(new PiecePickerRarestFirstTestCase);
        AddTestCase(new PiecePickerRandomFirstTestCase);
        AddTestCase(new PiecePickerStrictPriorityTestCase);
        AddTestCase(new PiecePickerEndgameTestCase);
        AddTestCase(new PiecePickerEndgameDepthTestCase);
        AddTestCase(new PiecePickerDepartureTestCase);
        AddTestCase(new PiecePickerInterestTestCase);
        AddTestCase(new PiecePickerFullDownloadTestCase);
        AddTestCase(new PiecePickerChurnTestCase);
    }
};

/// The static instance that registers the suite.
static PiecePickerTestSuite g_piecePickerTestSuite;
