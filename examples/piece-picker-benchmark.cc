// SPDX-License-Identifier: GPL-2.0-only

/**
 * \file
 * \ingroup file-distribution
 * Micro-benchmark of PiecePicker: a whole download simulated in memory, no sockets.
 *
 * One downloader with `peers` neighbours (`seeds` of them seeds, the others holding each
 * piece with probability `density` and announcing the rest with haves as the download
 * goes). Every round each neighbour is asked for up to `pipeline` blocks, delivers half of
 * its queue, and a share of the haves arrives. The wall-clock time of each kind of call is
 * measured in batches and printed as ns per call, for each piece count asked for, to show
 * how the cost scales with P.
 *
 *     ./piece-picker-benchmark                      # P = 4,000 and 40,000
 *     ./piece-picker-benchmark --pieces=40000 --density=0.1
 */

#include "ns3/bitfield.h"
#include "ns3/command-line.h"
#include "ns3/piece-picker.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{

/// A fast repeatable generator for the scenario (not the picker's tie-breaks).
struct Rng
{
    uint64_t state; //!< xorshift64 state

    /// \param n bound \return a value in [0, n)
    uint32_t Below(uint32_t n)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<uint32_t>(state % n);
    }
};

/// The figures of one run.
struct Result
{
    uint32_t pieces{0};       //!< P
    uint64_t blocks{0};       //!< blocks in the torrent
    uint64_t haves{0};        //!< AddHave calls
    uint64_t picks{0};        //!< Pick calls
    uint64_t picked{0};       //!< blocks returned by Pick
    uint64_t received{0};     //!< OnBlockReceived calls
    uint64_t duplicates{0};   //!< blocks received twice (endgame)
    uint64_t cancels{0};      //!< cancels to send (endgame)
    uint64_t endgamePicks{0}; //!< Pick calls made in endgame
    double endgamePickNs{0};  //!< total ns in those
    double haveNs{0};         //!< total ns in AddHave
    double pickNs{0};         //!< total ns in Pick
    double receiveNs{0};      //!< total ns in OnBlockReceived
    uint32_t rounds{0};       //!< rounds until complete
    bool complete{false};     //!< the download finished
};

using Clock = std::chrono::steady_clock;

/// \return nanoseconds since \p t0
double
Since(Clock::time_point t0)
{
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

/**
 * Runs one simulated download.
 * \param pieces P
 * \param peers neighbours
 * \param seeds how many of them are seeds
 * \param density probability that a non-seed has a piece at the start
 * \param pipeline blocks outstanding per neighbour
 * \param seed scenario seed
 * \return the figures
 */
Result
Run(uint32_t pieces,
    uint32_t peers,
    uint32_t seeds,
    double density,
    uint32_t pipeline,
    uint64_t seed)
{
    const uint32_t pieceLength = 256 * 1024;
    Result res;
    res.pieces = pieces;
    PiecePicker picker(pieces, pieceLength, uint64_t{pieces} * pieceLength);
    Rng rng{seed * 0x9E3779B97F4A7C15ULL + 1};

    // Initial bitfields; the pieces each non-seed lacks arrive later as haves.
    std::vector<std::pair<uint32_t, uint32_t>> haves; // (peer, piece)
    const uint32_t threshold = static_cast<uint32_t>(density * 1000000);
    for (uint32_t p = 0; p < peers; ++p)
    {
        Bitfield has(pieces);
        for (uint32_t i = 0; i < pieces; ++i)
        {
            if (p < seeds || rng.Below(1000000) < threshold)
            {
                has.Set(i);
            }
            else
            {
                haves.emplace_back(p, i);
            }
        }
        picker.AddPeer(p, has);
    }
    for (std::size_t i = haves.size(); i > 1; --i)
    {
        std::swap(haves[i - 1], haves[rng.Below(static_cast<uint32_t>(i))]);
    }
    for (uint32_t i = 0; i < pieces; ++i)
    {
        res.blocks += picker.GetBlockCount(i);
    }

    std::vector<std::deque<BlockRequest>> queues(peers);
    std::size_t nextHave = 0;
    uint64_t fresh = 0; // blocks received for the first time
    while (!picker.IsComplete() && res.rounds < 10000000)
    {
        ++res.rounds;
        // Requests: top every pipeline up.
        const bool endgame = picker.IsInEndgame();
        const uint64_t picksBefore = res.picks;
        auto t0 = Clock::now();
        for (uint32_t p = 0; p < peers; ++p)
        {
            const uint32_t room = pipeline - static_cast<uint32_t>(queues[p].size());
            if (room == 0)
            {
                continue;
            }
            for (const auto& b : picker.Pick(p, room))
            {
                queues[p].push_back(b);
                ++res.picked;
            }
            ++res.picks;
        }
        const double pickNs = Since(t0);
        res.pickNs += pickNs;
        if (endgame)
        {
            res.endgamePickNs += pickNs;
            res.endgamePicks += res.picks - picksBefore;
        }

        // Deliveries: every neighbour sends the older half of its queue (at least one).
        std::vector<std::pair<uint32_t, BlockRequest>> arrivals;
        for (uint32_t p = 0; p < peers; ++p)
        {
            const std::size_t n = (queues[p].size() + 1) / 2;
            for (std::size_t k = 0; k < n; ++k)
            {
                arrivals.emplace_back(p, queues[p].front());
                queues[p].pop_front();
            }
        }
        std::vector<std::pair<uint32_t, BlockRequest>> cancels;
        t0 = Clock::now();
        for (const auto& [p, b] : arrivals)
        {
            auto r = picker.OnBlockReceived(p, b);
            if (r.duplicate)
            {
                ++res.duplicates;
            }
            else
            {
                ++fresh;
            }
            for (uint32_t c : r.cancelPeers)
            {
                cancels.emplace_back(c, b);
            }
        }
        res.receiveNs += Since(t0);
        res.received += arrivals.size();
        res.cancels += cancels.size();
        for (const auto& [c, b] : cancels)
        {
            auto& q = queues[c];
            q.erase(std::remove(q.begin(), q.end(), b), q.end());
        }

        // Haves arrive in step with our own progress.
        const std::size_t due = static_cast<std::size_t>(haves.size() * fresh / res.blocks);
        t0 = Clock::now();
        const std::size_t from = nextHave;
        for (; nextHave < due; ++nextHave)
        {
            picker.AddHave(haves[nextHave].first, haves[nextHave].second);
        }
        res.haveNs += Since(t0);
        res.haves += nextHave - from;
    }
    res.complete = picker.IsComplete();
    return res;
}

/// \param total ns \param n calls \return ns per call, formatted
std::string
PerCall(double total, uint64_t n)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(0) << (n == 0 ? 0.0 : total / n);
    return os.str();
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t pieces = 0;
    uint32_t peers = 50;
    uint32_t seeds = 5;
    double density = 0.5;
    uint32_t pipeline = 16;
    uint64_t seed = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("pieces", "piece count P (0: run 4000 and 40000)", pieces);
    cmd.AddValue("peers", "neighbours of the downloader", peers);
    cmd.AddValue("seeds", "how many neighbours are seeds", seeds);
    cmd.AddValue("density", "share of pieces a non-seed neighbour has at the start", density);
    cmd.AddValue("pipeline", "blocks outstanding per neighbour", pipeline);
    cmd.AddValue("seed", "scenario seed", seed);
    cmd.Parse(argc, argv);
    if (peers == 0 || pipeline == 0 || seeds > peers || density < 0 || density > 1)
    {
        std::cerr << "need peers >= 1, pipeline >= 1, seeds <= peers, 0 <= density <= 1\n";
        return 1;
    }
    std::vector<uint32_t> sizes{4000, 40000};
    if (pieces > 0)
    {
        sizes = {pieces};
    }

    std::cout << "PiecePicker micro-benchmark: " << peers << " peers (" << seeds
              << " seeds), density " << density << ", pipeline " << pipeline
              << ", 256 KiB pieces of 16 blocks\n\n";
    std::cout << std::setw(7) << "P" << std::setw(9) << "blocks" << std::setw(9) << "haves"
              << std::setw(11) << "ns/AddHave" << std::setw(9) << "ns/Pick" << std::setw(10)
              << "ns/block" << std::setw(12) << "ns/Received" << std::setw(13) << "ns/Pick(end)"
              << std::setw(9) << "cancels" << std::setw(6) << "dups" << std::setw(10)
              << "complete\n";
    for (uint32_t p : sizes)
    {
        const Result r = Run(p, peers, seeds, density, pipeline, seed);
        std::cout << std::setw(7) << r.pieces << std::setw(9) << r.blocks << std::setw(9) << r.haves
                  << std::setw(11) << PerCall(r.haveNs, r.haves) << std::setw(9)
                  << PerCall(r.pickNs, r.picks) << std::setw(10) << PerCall(r.pickNs, r.picked)
                  << std::setw(12) << PerCall(r.receiveNs, r.received) << std::setw(13)
                  << PerCall(r.endgamePickNs, r.endgamePicks) << std::setw(9) << r.cancels
                  << std::setw(6) << r.duplicates << std::setw(10) << (r.complete ? "yes" : "NO")
                  << "\n";
    }
    std::cout << "\nns/Pick: per call (up to `pipeline` blocks), whole run; ns/block: per block"
                 " picked;\nns/Pick(end): per call in endgame only; cancels: endgame duplicates"
                 " cancelled;\ndups: blocks that still arrived twice.\n";
    return 0;
}
