// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/choker.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of Choker: tit-for-tat, optimistic rotation, seed modes, anti-snubbing.
 */

using namespace ns3;

namespace
{

/// A connection that exists for 100 s, choked, not optimistic, that sent a block just now.
ChokerPeer
Peer(uint32_t id, bool interested, double downloadRate, double uploadRate = 0)
{
    return ChokerPeer{id, interested, false, false, downloadRate, uploadRate, 100.0, 0.0};
}

/// "1,2,3": ids in order, for exact comparisons with readable failure messages.
std::string
Ids(const std::vector<uint32_t>& ids)
{
    std::string s;
    for (auto id : ids)
    {
        s += (s.empty() ? "" : ",") + std::to_string(id);
    }
    return s;
}

/// Does what the peer application does with a decision: updates the snapshot's flags.
void
Apply(std::vector<ChokerPeer>& peers, const ChokerDecision& d)
{
    for (auto& p : peers)
    {
        p.unchoked = std::find(d.unchoke.begin(), d.unchoke.end(), p.id) != d.unchoke.end();
        p.optimistic =
            std::find(d.optimistic.begin(), d.optimistic.end(), p.id) != d.optimistic.end();
    }
}

/// A random source that returns scripted values (cycling) and records the bounds it got.
struct ScriptedRandom
{
    std::vector<uint32_t> values; //!< returned in turn
    std::vector<uint32_t> bounds; //!< the n of every call
    std::size_t next{0};          //!< index of the next value
};

/// Installs a ScriptedRandom on \p choker and returns it for inspection.
std::shared_ptr<ScriptedRandom>
Script(Choker& choker, std::vector<uint32_t> values)
{
    auto script = std::make_shared<ScriptedRandom>();
    script->values = std::move(values);
    choker.SetRandom([script](uint32_t n) {
        script->bounds.push_back(n);
        return script->values[script->next++ % script->values.size()];
    });
    return script;
}

/// Installs a seeded mt19937 on \p choker.
void
Seeded(Choker& choker, uint32_t seed)
{
    auto engine = std::make_shared<std::mt19937>(seed);
    choker.SetRandom([engine](uint32_t n) { return static_cast<uint32_t>((*engine)() % n); });
}

/// Peers 1..8, all interested, download rates giving the ranking 4,6,2,7,3,5,1,8.
std::vector<ChokerPeer>
EightPeers()
{
    const double rates[] = {10, 50, 30, 70, 20, 60, 40, 5};
    std::vector<ChokerPeer> peers;
    for (uint32_t id = 1; id <= 8; ++id)
    {
        peers.push_back(Peer(id, true, rates[id - 1]));
    }
    return peers;
}

/// Peers 1..8, all interested; 1..4 are the fastest (80, 70, 60, 50), 5..8 send nothing.
std::vector<ChokerPeer>
FourFastFourIdle()
{
    std::vector<ChokerPeer> peers;
    for (uint32_t id = 1; id <= 8; ++id)
    {
        peers.push_back(Peer(id, true, id <= 4 ? 90.0 - 10 * id : 0.0));
    }
    return peers;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * A leecher unchokes the 4 interested peers that upload to it fastest, never an uninterested
 * one, and all interested peers when there are fewer than 4.
 */
class ChokerTitForTatTestCase : public TestCase
{
  public:
    ChokerTitForTatTestCase()
        : TestCase("leecher: top 4 interested by download rate")
    {
    }

  private:
    void DoRun() override
    {
        Choker choker;
        Script(choker, {0});
        auto peers = EightPeers();
        auto d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "4,6,2,7", "the 4 fastest, fastest first");
        // Optimistic draw among the choked interested 1,3,5,8 (id order); the stub draws 0.
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "1", "optimistic pick");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "4,6,2,7,1", "regular then optimistic");
        NS_TEST_ASSERT_MSG_EQ(choker.GetRound(), 1, "one round done");

        // The order of the snapshot does not matter.
        Choker reversed;
        Script(reversed, {0});
        std::reverse(peers.begin(), peers.end());
        const std::string reversedIds = Ids(reversed.Rechoke(peers, false).unchoke);
        NS_TEST_ASSERT_MSG_EQ(reversedIds, "4,6,2,7,1", "same decision whatever the input order");

        // Equal rates: lowest id first.
        Choker ties;
        Script(ties, {0});
        std::vector<ChokerPeer> equal;
        for (uint32_t id : {9, 3, 7, 1, 5})
        {
            equal.push_back(Peer(id, true, 42));
        }
        d = ties.Rechoke(equal, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "1,3,5,7", "ties broken by id");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "9", "the only candidate left");
    }
};

/**
 * \ingroup file-distribution-tests
 * Uninterested peers get no slot, however fast; fewer than 4 interested are all unchoked.
 */
class ChokerInterestTestCase : public TestCase
{
  public:
    ChokerInterestTestCase()
        : TestCase("uninterested peers are excluded; fewer than 4 interested all unchoked")
    {
    }

  private:
    void DoRun() override
    {
        Choker choker;
        Script(choker, {0});
        auto peers = EightPeers();
        peers.push_back(Peer(9, false, 1e9));
        peers[3].interested = false; // peer 4, the fastest interested one so far
        auto d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "6,2,7,3", "9 and 4 are not interested");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "1", "1,5,8 are candidates, not 4 or 9");

        Choker few;
        auto script = Script(few, {0});
        std::vector<ChokerPeer> three{Peer(1, true, 0),
                                      Peer(2, true, 5),
                                      Peer(3, true, 1),
                                      Peer(4, false, 100),
                                      Peer(5, false, 0)};
        d = few.Rechoke(three, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "2,3,1", "all 3 interested, even at rate 0");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "", "nobody interested is left to draw");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "2,3,1", "uninterested peers stay choked");
        NS_TEST_ASSERT_MSG_EQ(script->bounds.size(), 0, "no draw without candidates");
    }
};

/**
 * \ingroup file-distribution-tests
 * The optimistic slot moves on rounds 0, 3, 6 only, to a choked interested peer, and stays
 * with its holder in between.
 */
class ChokerOptimisticRotationTestCase : public TestCase
{
  public:
    ChokerOptimisticRotationTestCase()
        : TestCase("optimistic slot rotates on rounds 0, 3, 6 and stays in between")
    {
    }

  private:
    void DoRun() override
    {
        Choker choker;
        auto script = Script(choker, {1, 2, 0});
        auto peers = FourFastFourIdle();
        // Round 0 draws index 1 of {5,6,7,8}; round 3 index 2 of {5,7,8} (6 is unchoked);
        // round 6 index 0 of {5,6,7} (8 is unchoked).
        const std::vector<std::string> expected{"6", "6", "6", "8", "8", "8", "5", "5"};
        for (uint32_t round = 0; round < expected.size(); ++round)
        {
            auto d = choker.Rechoke(peers, false);
            NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "1,2,3,4", "regular set, round " << round);
            NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic),
                                  expected[round],
                                  "optimistic, round " << round);
            Apply(peers, d);
        }
        NS_TEST_ASSERT_MSG_EQ(Ids(script->bounds), "4,3,3", "one draw on rounds 0, 3 and 6");
    }
};

/**
 * \ingroup file-distribution-tests
 * Between rotations the slot is refilled at once if its holder disconnects, loses interest or
 * earns a regular slot; the rotation schedule does not move.
 */
class ChokerOptimisticRefillTestCase : public TestCase
{
  public:
    ChokerOptimisticRefillTestCase()
        : TestCase("optimistic slot refilled when its holder leaves, loses interest, is promoted")
    {
    }

  private:
    void DoRun() override
    {
        Choker choker;
        auto script = Script(choker, {0});
        auto peers = FourFastFourIdle();
        auto d = choker.Rechoke(peers, false); // round 0: draws 5 from {5,6,7,8}
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "5", "round 0");
        Apply(peers, d);

        peers[4].interested = false; // round 1: 5 loses interest
        d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "6", "round 1: drawn from {6,7,8}");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "1,2,3,4,6", "5 is choked again");
        Apply(peers, d);

        peers.erase(peers.begin() + 5); // round 2: 6 disconnects
        d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "7", "round 2: drawn from {7,8}");
        Apply(peers, d);

        // Round 3 is a rotation: 7 is unchoked, so the slot goes to 8, the only choked one.
        d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "8", "round 3: rotation");
        Apply(peers, d);

        // Round 4: 8 turns out to be the fastest: promoted to regular, 4 falls out; the slot
        // goes to a choked peer (7), not to 4, which we unchoked last round.
        peers.back().downloadRate = 1000;
        d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "8,1,2,3", "round 4: 8 promoted");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "7", "round 4: slot refilled");
        Apply(peers, d);
        NS_TEST_ASSERT_MSG_EQ(Ids(script->bounds), "4,3,2,1,1", "draws and their ranges");

        // Round 5: 7 keeps the slot; 4, choked now, waits for the rotation of round 6.
        d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "7", "round 5: holder stays");
        NS_TEST_ASSERT_MSG_EQ(script->bounds.size(), 5, "no draw on round 5");
    }
};

/**
 * \ingroup file-distribution-tests
 * Over many random rounds with churn, the decision keeps its invariants: no duplicate, the
 * optimistic peers outside the regular set, only interested peers, slots used when possible,
 * holders kept between rotations.
 */
class ChokerInvariantsTestCase : public TestCase
{
  public:
    ChokerInvariantsTestCase()
        : TestCase("random rounds: optimistic never duplicates a regular, slots filled")
    {
    }

  private:
    void DoRun() override
    {
        std::mt19937 world(7);
        for (bool seed : {false, true})
        {
            for (auto mode : {ChokerConfig::SeedMode::FASTEST_UPLOAD,
                              ChokerConfig::SeedMode::ROUND_ROBIN,
                              ChokerConfig::SeedMode::ANTI_LEECH})
            {
                ChokerConfig config;
                config.seedMode = mode;
                config.antiSnubbing = true;
                config.optimisticSlots = 2;
                Choker choker(config);
                Seeded(choker, 11);
                std::vector<ChokerPeer> peers;
                uint32_t nextId = 0;
                for (int round = 0; round < 300; ++round)
                {
                    // Churn: a connection may close, a new one may open; interest flips.
                    if (!peers.empty() && world() % 4 == 0)
                    {
                        peers.erase(peers.begin() + world() % peers.size());
                    }
                    if (peers.size() < 30 && world() % 2 == 0)
                    {
                        peers.push_back(Peer(nextId++, true, 0));
                        peers.back().connectedSeconds = 0;
                    }
                    for (auto& p : peers)
                    {
                        p.interested = world() % 5 != 0;
                        p.downloadRate = world() % 4;
                        p.uploadRate = world() % 4;
                        p.connectedSeconds += 10;
                        p.secondsSinceLastBlock = world() % 3 == 0 ? 1e9 : 0;
                    }
                    std::vector<ChokerPeer> before = peers;
                    auto d = choker.Rechoke(peers, seed);
                    Check(before, d, config, seed, round);
                    Apply(peers, d);
                }
            }
        }
    }

    /// Checks one decision against the snapshot it was made from.
    void Check(const std::vector<ChokerPeer>& peers,
               const ChokerDecision& d,
               const ChokerConfig& config,
               bool seed,
               int round)
    {
        std::set<uint32_t> regular(d.regular.begin(), d.regular.end());
        std::set<uint32_t> all(d.unchoke.begin(), d.unchoke.end());
        NS_TEST_ASSERT_MSG_EQ(all.size(), d.unchoke.size(), "duplicate in unchoke");
        NS_TEST_ASSERT_MSG_EQ(d.unchoke.size(),
                              d.regular.size() + d.optimistic.size(),
                              "unchoke = regular + optimistic");
        uint32_t eligible = 0;
        uint32_t interested = 0;
        for (const auto& p : peers)
        {
            const bool snubbed = !seed && p.connectedSeconds >= 60 && p.secondsSinceLastBlock >= 60;
            eligible += p.interested && !snubbed;
            interested += p.interested;
            if (!p.interested)
            {
                NS_TEST_ASSERT_MSG_EQ(all.count(p.id), 0, "uninterested unchoked, " << round);
            }
            if (snubbed)
            {
                NS_TEST_ASSERT_MSG_EQ(regular.count(p.id), 0, "snubbed regular, " << round);
            }
            const bool rotation = round % config.optimisticEveryRounds == 0;
            if (!rotation && p.optimistic && p.interested && !regular.count(p.id))
            {
                NS_TEST_ASSERT_MSG_EQ(std::count(d.optimistic.begin(), d.optimistic.end(), p.id),
                                      1,
                                      "holder lost its slot between rotations, " << round);
            }
        }
        for (auto id : d.optimistic)
        {
            NS_TEST_ASSERT_MSG_EQ(regular.count(id), 0, "optimistic is regular, " << round);
        }
        NS_TEST_ASSERT_MSG_EQ(d.regular.size(),
                              std::min(eligible, config.regularSlots),
                              "regular slots not all used, round " << round);
        NS_TEST_ASSERT_MSG_EQ(
            d.optimistic.size(),
            std::min<std::size_t>(interested - d.regular.size(), config.optimisticSlots),
            "optimistic slots not all used, round " << round);
    }
};

/**
 * \ingroup file-distribution-tests
 * Connections younger than newPeerSeconds hold 3 tickets in the optimistic draw.
 */
class ChokerNewPeerTestCase : public TestCase
{
  public:
    ChokerNewPeerTestCase()
        : TestCase("optimistic draw: new connections weighted 3x")
    {
    }

  private:
    void DoRun() override
    {
        // Regular: 1..4. Candidates: 10 and 11 (old), 20 (connected 5 s ago).
        auto peers = FourFastFourIdle();
        peers.resize(4);
        peers.push_back(Peer(10, true, 0));
        peers.push_back(Peer(20, true, 0));
        peers.push_back(Peer(11, true, 0));
        peers[5].connectedSeconds = 5;
        // Tickets: 20,20,20 then 10, 11.
        const std::vector<std::string> expected{"20", "20", "20", "10", "11"};
        for (uint32_t r = 0; r < expected.size(); ++r)
        {
            Choker choker;
            auto script = Script(choker, {r});
            auto d = choker.Rechoke(peers, false);
            NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), expected[r], "ticket " << r);
            NS_TEST_ASSERT_MSG_EQ(Ids(script->bounds), "5", "3 + 1 + 1 tickets");
        }

        // newPeerSeconds = 0: nobody is new, one ticket each.
        ChokerConfig config;
        config.newPeerSeconds = 0;
        Choker flat(config);
        auto script = Script(flat, {2});
        const std::string flatIds = Ids(flat.Rechoke(peers, false).optimistic);
        NS_TEST_ASSERT_MSG_EQ(flatIds, "20", "index 2 of 10,11,20");
        NS_TEST_ASSERT_MSG_EQ(Ids(script->bounds), "3", "one ticket each");

        // With a real generator, the new connection wins about 3/5 of the draws.
        uint32_t newWins = 0;
        const uint32_t trials = 5000;
        for (uint32_t i = 0; i < trials; ++i)
        {
            Choker choker;
            Seeded(choker, i);
            newWins += choker.Rechoke(peers, false).optimistic.at(0) == 20;
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(newWins / double(trials), 0.6, 0.03, "3/5 of the draws");
    }
};

/**
 * \ingroup file-distribution-tests
 * A seed ranks by upload rate (FASTEST_UPLOAD), counting only peers it currently unchokes.
 */
class ChokerSeedFastestTestCase : public TestCase
{
  public:
    ChokerSeedFastestTestCase()
        : TestCase("seed: rank by upload rate, not download rate")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<ChokerPeer> peers;
        for (uint32_t id = 1; id <= 6; ++id)
        {
            peers.push_back(Peer(id, true, 70.0 - 10 * id, 10.0 * id));
            peers.back().unchoked = id <= 5;
        }
        peers[5].uploadRate = 1000; // 6 is choked: the tail of an old unchoke

        Choker seed;
        Script(seed, {0});
        auto d = seed.Rechoke(peers, true);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "5,4,3,2", "fastest uploads, choked 6 ignored");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "6", "6 is the only choked candidate");

        Choker leecher;
        Script(leecher, {0});
        d = leecher.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "1,2,3,4", "a leecher ranks by download");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "6", "6 is the only choked candidate");
    }
};

/**
 * \ingroup file-distribution-tests
 * A seed may have its own number of regular slots; mainline's automatic count.
 */
class ChokerSeedSlotsTestCase : public TestCase
{
  public:
    ChokerSeedSlotsTestCase()
        : TestCase("seed slots apart from a leecher's; mainline's automatic slot count")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<ChokerPeer> peers;
        for (uint32_t id = 1; id <= 10; ++id)
        {
            peers.push_back(Peer(id, true, 100.0 - id, 0));
        }
        ChokerConfig config;
        config.seedRegularSlots = 7;
        config.optimisticSlots = 0;
        Choker choker(config);
        NS_TEST_ASSERT_MSG_EQ(choker.Rechoke(peers, true).regular.size(), 7, "a seed: 7");
        NS_TEST_ASSERT_MSG_EQ(Ids(choker.Rechoke(peers, false).regular), "1,2,3,4", "a leecher");
        config.seedRegularSlots = 0;
        Choker same(config);
        NS_TEST_ASSERT_MSG_EQ(same.Rechoke(peers, true).regular.size(), 4, "0: as a leecher");
        config.seedRegularSlots = 50;
        Choker all(config);
        NS_TEST_ASSERT_MSG_EQ(all.Rechoke(peers, true).regular.size(), 10, "every interested");

        // KiB/s: below 9 -> 2, below 15 -> 3, below 42 -> 4, then floor(sqrt(0.6 r)).
        const std::vector<std::pair<double, uint32_t>> cases{
            {1, 2},
            {8.99 * 1024, 2},
            {9 * 1024, 3},
            {14.99 * 1024, 3},
            {15 * 1024, 4},
            {41.99 * 1024, 4},
            {42 * 1024, 5},   // sqrt(25.2)
            {250000, 12},     // 2 Mbps: sqrt(146.5)
            {500000, 17},     // 4 Mbps
            {1250000, 27},    // 10 Mbps: sqrt(732.4)
            {2500000, 38},    // 20 Mbps
            {1e300, 1000000}, // capped, no overflow
        };
        for (const auto& [rate, slots] : cases)
        {
            NS_TEST_ASSERT_MSG_EQ(MainlineUploadSlots(rate), slots, "rate " << rate << " B/s");
        }
        for (double unknown : {0.0, -5.0, std::nan("")})
        {
            NS_TEST_ASSERT_MSG_EQ(MainlineUploadSlots(unknown), 0, "unknown rate " << unknown);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * A round-robin seed (libtorrent's round_robin) keeps the peers it unchokes until each has had
 * its quota of bytes and its minute, then gives the slots to those that waited longest;
 * fastest-upload with equal rates keeps the same peers.
 */
class ChokerSeedRoundRobinTestCase : public TestCase
{
  public:
    ChokerSeedRoundRobinTestCase()
        : TestCase("seed round robin: a slot passes on after its quota and its minute")
    {
    }

  private:
    /// One rechoke interval of uploads: every unchoked peer gets \p bytes more, 10 s older.
    static void Serve(std::vector<ChokerPeer>& peers, double bytes)
    {
        for (auto& p : peers)
        {
            p.uploadedSinceUnchoke = p.unchoked ? p.uploadedSinceUnchoke + bytes : 0;
            p.secondsSinceUnchoke = p.unchoked ? p.secondsSinceUnchoke + 10 : 0;
        }
    }

    /// Apply() that also restarts the counters of the peers unchoked anew.
    static void Unchoke(std::vector<ChokerPeer>& peers, const ChokerDecision& d)
    {
        std::set<uint32_t> before;
        for (const auto& p : peers)
        {
            if (p.unchoked)
            {
                before.insert(p.id);
            }
        }
        Apply(peers, d);
        for (auto& p : peers)
        {
            if (p.unchoked && before.count(p.id) == 0)
            {
                p.uploadedSinceUnchoke = 0;
                p.secondsSinceUnchoke = 0;
            }
        }
    }

    void DoRun() override
    {
        std::vector<ChokerPeer> peers;
        for (uint32_t id = 1; id <= 10; ++id)
        {
            peers.push_back(Peer(id, true, 0, 100));
        }
        peers[9].connectedSeconds = 500; // 10 waited longest: first of the never-unchoked
        ChokerConfig config;
        config.seedMode = ChokerConfig::SeedMode::ROUND_ROBIN;
        config.optimisticSlots = 0;
        config.seedQuotaBytes = 1000;
        config.seedQuotaSeconds = 60;
        Choker choker(config);
        auto script = Script(choker, {0});

        // 300 bytes per 10 s: the quota (over 1000) comes after 40 s, the minute after 70 s
        // (more than 60), so each group keeps its slots 7 rounds, then the next 4 wait longest.
        // (The sets, in id order: within a turn the order of the ranking may change.)
        const std::vector<std::string> expected{"1,2,3,10", "4,5,6,7", "1,8,9,10", "2,3,4,5"};
        std::set<uint32_t> served;
        for (uint32_t turn = 0; turn < expected.size(); ++turn)
        {
            for (uint32_t round = 0; round < 7; ++round)
            {
                auto d = choker.Rechoke(peers, true);
                std::vector<uint32_t> set = d.unchoke;
                std::sort(set.begin(), set.end());
                NS_TEST_ASSERT_MSG_EQ(Ids(set),
                                      expected[turn],
                                      "turn " << turn << " round " << round);
                served.insert(d.unchoke.begin(), d.unchoke.end());
                Unchoke(peers, d);
                Serve(peers, 300);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(served.size(), 10, "all 10 served");
        NS_TEST_ASSERT_MSG_EQ(script->bounds.size(), 0, "no optimistic slot, no draw");

        // Now 2,3,4,5 have had 7 rounds: quota and minute done. A new connection goes first,
        // then 6,7 (served in turn 1), then of 8,9,10,1 (turn 2) the longest connected, 10.
        peers.push_back(Peer(42, true, 0, 0));
        peers.back().connectedSeconds = 1;
        NS_TEST_ASSERT_MSG_EQ(Ids(choker.Rechoke(peers, true).unchoke),
                              "42,6,7,10",
                              "never unchoked, then longest waiting");
        peers.pop_back();

        // The quota alone or the minute alone does not end a turn.
        for (auto& p : peers)
        {
            if (p.unchoked)
            {
                p.uploadedSinceUnchoke = 5000;
                p.secondsSinceUnchoke = 30;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(Ids(choker.Rechoke(peers, true).unchoke),
                              "2,3,4,5",
                              "quota without the minute");
        for (auto& p : peers)
        {
            if (p.unchoked)
            {
                p.uploadedSinceUnchoke = 900;
                p.secondsSinceUnchoke = 600;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(Ids(choker.Rechoke(peers, true).unchoke),
                              "2,3,4,5",
                              "the minute without the quota");
        // Among unchoked peers within their turn, the faster ones rank first.
        peers[3].uploadRate = 500; // id 4
        NS_TEST_ASSERT_MSG_EQ(Ids(choker.Rechoke(peers, true).unchoke),
                              "4,2,3,5",
                              "fastest first within the status quo");

        config.seedMode = ChokerConfig::SeedMode::FASTEST_UPLOAD;
        Choker fastest(config);
        for (auto& p : peers)
        {
            p.unchoked = false;
            p.uploadRate = 100;
        }
        for (uint32_t round = 0; round < 3; ++round)
        {
            auto d = fastest.Rechoke(peers, true);
            NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "1,2,3,4", "equal rates: same 4 by id");
            Apply(peers, d);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * An anti-leech seed (libtorrent's) ranks by how far a peer is from half the file: newcomers
 * and peers about to finish first; equal stages take turns, longest waiting first.
 */
class ChokerSeedAntiLeechTestCase : public TestCase
{
  public:
    ChokerSeedAntiLeechTestCase()
        : TestCase("seed anti-leech: newcomers and nearly done first, the middle last")
    {
    }

  private:
    void DoRun() override
    {
        // id:        1     2     3     4     5     6      7     8
        // completed: 0.5   0.45  0.9   0.0   0.2   0.95   0.1   0.1
        // score:     0     100   800   1000  600   900    800   800
        const std::vector<double> completed{0.5, 0.45, 0.9, 0.0, 0.2, 0.95, 0.1, 0.1};
        std::vector<ChokerPeer> peers;
        for (uint32_t id = 1; id <= completed.size(); ++id)
        {
            peers.push_back(Peer(id, true, 0, 1000.0 * id)); // rates must not matter
            peers.back().completed = completed[id - 1];
        }
        peers[7].connectedSeconds = 500; // 8 waited longer than 7 and 3 (never unchoked)
        ChokerConfig config;
        config.seedMode = ChokerConfig::SeedMode::ANTI_LEECH;
        config.optimisticSlots = 0;
        Choker choker(config);
        auto d = choker.Rechoke(peers, true);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "4,6,8,3", "1000, 900, then 800 by waiting time");
        Apply(peers, d);
        d = choker.Rechoke(peers, true);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "4,6,7,8", "7 never unchoked: ahead of 8 and 3");

        // Out-of-range stages count as the nearest valid one; a leecher ranks by rate.
        peers[0].completed = std::nan("");
        peers[1].completed = 7.0;
        d = choker.Rechoke(peers, true);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "1,2,4,6", "NaN as 0, 7 as 1: score 1000");
        d = choker.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "1,2,3,4", "leechers: tit-for-tat, all rates 0");
    }
};

/**
 * \ingroup file-distribution-tests
 * With anti-snubbing a peer silent for snubSeconds loses its regular slot (it may still be
 * drawn as optimistic); without it, it keeps the slot.
 */
class ChokerAntiSnubbingTestCase : public TestCase
{
  public:
    ChokerAntiSnubbingTestCase()
        : TestCase("anti-snubbing: a snubbing peer loses its regular slot")
    {
    }

  private:
    void DoRun() override
    {
        // 4 sends nothing for 90 s; 5 sends nothing either but just sent a block. Rates 4 and 5
        // tie at 0, so without anti-snubbing 4 wins by id.
        std::vector<ChokerPeer> peers{Peer(1, true, 100),
                                      Peer(2, true, 80),
                                      Peer(3, true, 60),
                                      Peer(4, true, 0),
                                      Peer(5, true, 0)};
        for (auto& p : peers)
        {
            p.unchoked = p.id <= 4;
        }
        peers[3].secondsSinceLastBlock = 90;

        Choker plain;
        Script(plain, {0});
        auto d = plain.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "1,2,3,4", "without anti-snubbing 4 stays");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "5", "5 optimistic");

        ChokerConfig config;
        config.antiSnubbing = true;
        Choker strict(config);
        Script(strict, {0});
        d = strict.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "1,2,3,5", "4 loses its regular slot");
        NS_TEST_ASSERT_MSG_EQ(Ids(d.optimistic), "4", "4 may still be optimistic");

        // The threshold is inclusive; a young connection cannot have snubbed us yet; a seed
        // receives nothing, so it does not apply to seeds.
        peers[3].secondsSinceLastBlock = 59.9;
        Choker below(config);
        const std::string belowIds = Ids(below.Rechoke(peers, false).regular);
        NS_TEST_ASSERT_MSG_EQ(belowIds, "1,2,3,4", "59.9 s");
        peers[3].secondsSinceLastBlock = 60;
        Choker at(config);
        const std::string atIds = Ids(at.Rechoke(peers, false).regular);
        NS_TEST_ASSERT_MSG_EQ(atIds, "1,2,3,5", "60 s");
        peers[3].secondsSinceLastBlock = std::numeric_limits<double>::infinity();
        peers[3].connectedSeconds = 20;
        Choker young(config);
        const std::string youngIds = Ids(young.Rechoke(peers, false).regular);
        NS_TEST_ASSERT_MSG_EQ(youngIds, "1,2,3,4", "20 s old");
        peers[3].connectedSeconds = 100;
        Choker seed(config);
        const std::string seedIds = Ids(seed.Rechoke(peers, true).regular);
        NS_TEST_ASSERT_MSG_EQ(seedIds, "1,2,3,4", "seed");
    }
};

/**
 * \ingroup file-distribution-tests
 * Slot counts and the rotation period come from the configuration.
 */
class ChokerConfigurableTestCase : public TestCase
{
  public:
    ChokerConfigurableTestCase()
        : TestCase("slots and rotation period are configurable")
    {
    }

  private:
    void DoRun() override
    {
        ChokerConfig config;
        config.regularSlots = 2;
        config.optimisticSlots = 2;
        config.optimisticEveryRounds = 2;
        NS_TEST_ASSERT_MSG_EQ(ChokerConfigError(config), "", "valid");
        Choker choker(config);
        auto script = Script(choker, {0});
        auto peers = FourFastFourIdle();
        // Round 0: draw 0 of [3..8] -> 3, swap-remove leaves [8,4,5,6,7], draw 0 -> 8.
        // Round 2: choked candidates [4,5,6,7]: 4, then [7,5,6]: 7.
        const std::vector<std::string> expected{"1,2,3,8", "1,2,3,8", "1,2,4,7", "1,2,4,7"};
        for (uint32_t round = 0; round < expected.size(); ++round)
        {
            auto d = choker.Rechoke(peers, false);
            NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), expected[round], "round " << round);
            NS_TEST_ASSERT_MSG_EQ(d.optimistic.size(), 2, "two optimistic slots");
            Apply(peers, d);
        }
        NS_TEST_ASSERT_MSG_EQ(Ids(script->bounds), "6,5,4,3", "draws on rounds 0 and 2");

        ChokerConfig none;
        none.optimisticSlots = 0;
        NS_TEST_ASSERT_MSG_EQ(ChokerConfigError(none), "", "0 optimistic slots is valid");
        Choker noOptimistic(none);
        auto noDraw = Script(noOptimistic, {0});
        auto d = noOptimistic.Rechoke(FourFastFourIdle(), false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.unchoke), "1,2,3,4", "no optimistic unchoke");
        NS_TEST_ASSERT_MSG_EQ(noDraw->bounds.size(), 0, "no draw");
    }
};

/**
 * \ingroup file-distribution-tests
 * ChokerConfigError names the invalid value; the choker survives an invalid configuration.
 */
class ChokerConfigErrorTestCase : public TestCase
{
  public:
    ChokerConfigErrorTestCase()
        : TestCase("ChokerConfigError names the bad value")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(ChokerConfigError(ChokerConfig{}), "", "defaults are valid");
        auto mentions = [](const ChokerConfig& c, const std::string& name) {
            return ChokerConfigError(c).find(name) != std::string::npos;
        };
        ChokerConfig c;
        c.regularSlots = 0;
        NS_TEST_ASSERT_MSG_EQ(mentions(c, "regularSlots"), true, "0 regular slots");
        c = ChokerConfig{};
        c.optimisticEveryRounds = 0;
        NS_TEST_ASSERT_MSG_EQ(mentions(c, "optimisticEveryRounds"), true, "0 rounds");
        for (double bad : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()})
        {
            c = ChokerConfig{};
            c.snubSeconds = bad;
            NS_TEST_ASSERT_MSG_EQ(mentions(c, "snubSeconds"), true, "snubSeconds " << bad);
        }
        for (double bad : {-1.0, std::nan("")})
        {
            c = ChokerConfig{};
            c.newPeerSeconds = bad;
            NS_TEST_ASSERT_MSG_EQ(mentions(c, "newPeerSeconds"), true, "newPeerSeconds " << bad);
        }
        c = ChokerConfig{};
        c.seedMode = static_cast<ChokerConfig::SeedMode>(7);
        NS_TEST_ASSERT_MSG_EQ(mentions(c, "seedMode"), true, "unknown seed mode");
        Choker unknownMode(c);
        const std::string unknownModeIds =
            Ids(unknownMode.Rechoke(FourFastFourIdle(), true).regular);
        NS_TEST_ASSERT_MSG_EQ(unknownModeIds,
                              "1,2,3,4",
                              "unknown seed mode ranks like FASTEST_UPLOAD");

        // Invalid configurations used anyway: 0 rounds rotates every round, 0 regular slots
        // leaves only the optimistic ones.
        c = ChokerConfig{};
        c.optimisticEveryRounds = 0;
        c.regularSlots = 0;
        Choker odd(c);
        auto script = Script(odd, {0});
        auto peers = FourFastFourIdle();
        for (int round = 0; round < 3; ++round)
        {
            auto d = odd.Rechoke(peers, false);
            NS_TEST_ASSERT_MSG_EQ(d.regular.size(), 0, "no regular slot");
            NS_TEST_ASSERT_MSG_EQ(d.optimistic.size(), 1, "one optimistic slot");
            Apply(peers, d);
        }
        NS_TEST_ASSERT_MSG_EQ(Ids(script->bounds), "8,7,7", "a rotation every round");
    }
};

/**
 * \ingroup file-distribution-tests
 * Bad snapshots and a bad random source neither crash nor leak into the decision.
 */
class ChokerRobustnessTestCase : public TestCase
{
  public:
    ChokerRobustnessTestCase()
        : TestCase("bad input: empty, NaN, duplicates, out-of-range random values")
    {
    }

  private:
    void DoRun() override
    {
        Choker choker;
        auto d = choker.Rechoke({}, false);
        NS_TEST_ASSERT_MSG_EQ(d.unchoke.size() + d.optimistic.size() + d.regular.size(),
                              0,
                              "empty snapshot, empty decision");
        NS_TEST_ASSERT_MSG_EQ(choker.GetRound(), 1, "the round still counts");

        // NaN and negative rates count as 0; +inf is just very fast.
        const double nan = std::nan("");
        const double inf = std::numeric_limits<double>::infinity();
        std::vector<ChokerPeer> peers{Peer(1, true, nan),
                                      Peer(2, true, -5),
                                      Peer(3, true, 1),
                                      Peer(4, true, inf),
                                      Peer(5, true, nan),
                                      Peer(6, true, 0.5)};
        peers[0].connectedSeconds = nan;
        peers[0].secondsSinceLastBlock = nan;
        Choker rates;
        Script(rates, {0});
        d = rates.Rechoke(peers, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "4,3,6,1", "NaN/negative rates rank as 0");

        // A repeated id is one connection (its first record); a source returning values
        // out of range is reduced modulo n.
        std::vector<ChokerPeer> dup{Peer(7, true, 1), Peer(7, true, 100), Peer(8, true, 50)};
        Choker dups;
        Script(dups, {std::numeric_limits<uint32_t>::max()});
        d = dups.Rechoke(dup, false);
        NS_TEST_ASSERT_MSG_EQ(Ids(d.regular), "8,7", "7 counted once, at rate 1");
        NS_TEST_ASSERT_MSG_EQ(d.optimistic.size(), 0, "no third peer");

        Choker wild;
        auto script = Script(wild, {std::numeric_limits<uint32_t>::max(), 1000, 3});
        wild.SetRandom(nullptr); // back to the built-in source
        auto many = FourFastFourIdle();
        d = wild.Rechoke(many, false);
        NS_TEST_ASSERT_MSG_EQ(d.optimistic.size(), 1, "built-in source works");
        NS_TEST_ASSERT_MSG_EQ(script->bounds.size(), 0, "the script is no longer used");
        Script(wild, {std::numeric_limits<uint32_t>::max(), 1000, 3});
        for (int round = 0; round < 10; ++round)
        {
            d = wild.Rechoke(many, false);
            NS_TEST_ASSERT_MSG_EQ(d.optimistic.size(), 1, "a valid pick whatever the source");
            NS_TEST_ASSERT_MSG_EQ((d.optimistic.at(0) >= 5), true, "a candidate, not a regular");
            Apply(many, d);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The same snapshots and the same random source give the same decisions; large swarms are
 * cheap.
 */
class ChokerDeterminismTestCase : public TestCase
{
  public:
    ChokerDeterminismTestCase()
        : TestCase("deterministic given the random source; 20000 connections per round")
    {
    }

  private:
    void DoRun() override
    {
        std::mt19937 world(3);
        std::vector<ChokerPeer> peers;
        for (uint32_t id = 0; id < 20000; ++id)
        {
            peers.push_back(Peer(world(), world() % 2, world() % 1000, world() % 1000));
            peers.back().connectedSeconds = world() % 100;
        }
        ChokerConfig config;
        config.optimisticEveryRounds = 1;
        config.optimisticSlots = 3;
        Choker a(config);
        Choker b(config);
        Seeded(a, 5);
        Seeded(b, 5);
        auto peersB = peers;
        for (int round = 0; round < 5; ++round)
        {
            auto da = a.Rechoke(peers, round % 2);
            auto db = b.Rechoke(peersB, round % 2);
            NS_TEST_ASSERT_MSG_EQ(Ids(da.unchoke), Ids(db.unchoke), "round " << round);
            NS_TEST_ASSERT_MSG_EQ(da.unchoke.size(), 7, "4 regular + 3 optimistic");
            Apply(peers, da);
            Apply(peersB, db);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * The choker test suite.
 */
class ChokerTestSuite : public TestSuite
{
  public:
    ChokerTestSuite()
        : TestSuite("file-distribution-choker")
    {
        AddTestCase(new ChokerTitForTatTestCase);
        AddTestCase(new ChokerInterestTestCase);
        AddTestCase(new ChokerOptimisticRotationTestCase);
        AddTestCase(new ChokerOptimisticRefillTestCase);
        AddTestCase(new ChokerInvariantsTestCase);
        AddTestCase(new ChokerNewPeerTestCase);
        AddTestCase(new ChokerSeedFastestTestCase);
        AddTestCase(new ChokerSeedSlotsTestCase);
        AddTestCase(new ChokerSeedRoundRobinTestCase);
        AddTestCase(new ChokerSeedAntiLeechTestCase);
        AddTestCase(new ChokerAntiSnubbingTestCase);
        AddTestCase(new ChokerConfigurableTestCase);
        AddTestCase(new ChokerConfigErrorTestCase);
        AddTestCase(new ChokerRobustnessTestCase);
        AddTestCase(new ChokerDeterminismTestCase);
    }
};

/// The static instance that registers the suite.
static ChokerTestSuite g_chokerTestSuite;
