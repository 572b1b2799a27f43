// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/distribution-experiment.h"
#include "ns3/swarm-phases.h"
#include "ns3/test.h"

#include <numeric>
#include <sstream>

/**
 * \file
 * \ingroup file-distribution-tests
 * The phase summary: ramp-up, steady utilisation, tail and duplicates, computed by hand from
 * samples; and on a small swarm, where the samples, the availability and the duplicates must
 * agree with the per-peer figures.
 */

using namespace ns3;

namespace
{

/// \return a sample at \p t with the leechers' upload \p up of capacity \p capacity (Mbit/s)
SwarmSample
At(double t, double up, double capacity)
{
    SwarmSample s{t, 0, 0, 0, 0, 0};
    s.leecherUploadBps = up * 1e6;
    s.leecherCapacityBps = capacity * 1e6;
    return s;
}

} // namespace

/// SwarmPhases::Compute on hand-made samples.
class SwarmPhasesComputeTestCase : public TestCase
{
  public:
    SwarmPhasesComputeTestCase()
        : TestCase("ramp-up, steady and overall utilisation, tail, duplicates")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<SwarmSample> samples{At(1, 2, 10),
                                               At(2, 5, 10),
                                               At(3, 8, 10), // 80 %: the ramp-up ends
                                               At(4, 9, 10),
                                               At(5, 7, 10),  // contains the first completion
                                               At(6, 6, 10),  // contains the last
                                               At(7, 1, 10)}; // after the end: not counted
        const uint64_t f = 1000;
        const SwarmPhases p = SwarmPhases::Compute(samples, {5.5, 4.5}, {f + 100, f}, f);
        NS_TEST_ASSERT_MSG_EQ(p.rampUpTime.has_value(), true, "it ramped up");
        NS_TEST_ASSERT_MSG_EQ_TOL(p.rampUpTime.value_or(0), 3.0, 1e-12, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(p.steadyUtilisation, (9.0 + 7.0) / 20, 1e-12, "t = 4, 5");
        NS_TEST_ASSERT_MSG_EQ_TOL(p.overallUtilisation, 37.0 / 60, 1e-12, "t = 1..6");
        NS_TEST_ASSERT_MSG_EQ_TOL(p.GetTail(), 1.0, 1e-12, "5.5 - 4.5");
        NS_TEST_ASSERT_MSG_EQ(p.duplicateBytes, 100, "");
        NS_TEST_ASSERT_MSG_EQ(p.payloadDownloaded, 2 * f + 100, "");

        const SwarmPhases never = SwarmPhases::Compute({At(1, 7, 10), At(2, 7.9, 10)}, {}, {}, f);
        NS_TEST_ASSERT_MSG_EQ(never.rampUpTime.has_value(), false, "79 % is not 80 %");
        NS_TEST_ASSERT_MSG_EQ(never.steadyUtilisation, 0, "no steady phase");
        NS_TEST_ASSERT_MSG_EQ_TOL(never.overallUtilisation, 0.745, 1e-12, "");
        NS_TEST_ASSERT_MSG_EQ(never.GetTail(), 0, "no completion");
        NS_TEST_ASSERT_MSG_EQ(never.GetDuplicateShare(), 0, "");

        // No capacity online (every leecher gone): no ramp-up, no division by zero.
        const SwarmPhases empty = SwarmPhases::Compute({At(1, 0, 0)}, {}, {}, f);
        NS_TEST_ASSERT_MSG_EQ(empty.rampUpTime.has_value(), false, "");
        NS_TEST_ASSERT_MSG_EQ(empty.overallUtilisation, 0, "");

        std::ostringstream csv;
        SwarmPhases::WriteCsvHeader(csv);
        p.WriteCsvRow(csv);
        NS_TEST_ASSERT_MSG_EQ(csv.str(),
                              "ramp_up_s,steady_utilisation,overall_utilisation,first_done_s,"
                              "last_done_s,tail_s,duplicate_bytes,duplicate_share\n"
                              "3,0.8,0.616667,4.5,5.5,1,100,0.047619\n",
                              "");
    }
};

/// A small swarm: the samples, the availability and the phases agree with the peers.
class SwarmPhasesSwarmTestCase : public TestCase
{
  public:
    SwarmPhasesSwarmTestCase()
        : TestCase("a small swarm: samples, availability and phases")
    {
    }

  private:
    void DoRun() override
    {
        DistributionSettings s;
        s.hosts = 6;
        s.fileSize = 2 * 1024 * 1024;
        s.pieceLength = 64 * 1024;
        s.serverUpload = DataRate("4Mbps");
        s.hostUpload = RateSpec(DataRate("2Mbps"));
        s.hostDownload = RateSpec(DataRate("8Mbps"));
        s.rngRun = 1;
        const DistributionResult r = DistributionExperiment(s).RunBitTorrent(nullptr);
        NS_TEST_ASSERT_MSG_EQ(r.leechersDone, 6, "everyone finishes");
        NS_TEST_ASSERT_MSG_EQ(r.samples.empty(), false, "sampled every second");
        if (r.samples.empty() || !r.distributionTime)
        {
            return;
        }
        // Availability: the seed is always there, so the rarest piece has a copy; at first it
        // has exactly one (only the seed holds anything); when the last sample comes, every
        // leecher that finished is a copy too.
        const SwarmSample& first = r.samples.front();
        NS_TEST_ASSERT_MSG_EQ(first.minCopies, 1, "one copy at t = 1 s: the seed's");
        for (const SwarmSample& x : r.samples)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(x.minCopies, 1, "the seed never leaves");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(x.distributedCopies, x.minCopies, "");
            NS_TEST_ASSERT_MSG_LT(x.distributedCopies, x.minCopies + 1, "");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(x.minCopies, x.online, "");
            // A packet counts when its last bit leaves: a window holds at most one more
            // packet per link than its capacity.
            NS_TEST_ASSERT_MSG_LT_OR_EQ(x.leecherUploadBps,
                                        x.leecherCapacityBps + 6 * 1502 * 8,
                                        "within the uplinks");
            NS_TEST_ASSERT_MSG_EQ_TOL(x.leecherCapacityBps, 6 * 2e6, 1, "all online");
        }
        const SwarmSample& last = r.samples.back();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(last.minCopies, 1 + last.leechersDone, "");

        // The phases agree with the per-peer rows.
        uint64_t down = 0;
        double firstDone = 1e9;
        for (const auto& row : r.hostRows)
        {
            if (row.role == "leecher")
            {
                down += row.bytesDown;
                firstDone = std::min(firstDone, row.doneTime.value_or(1e9));
            }
        }
        const SwarmPhases& p = r.phases;
        NS_TEST_ASSERT_MSG_EQ(p.payloadDownloaded, down, "");
        NS_TEST_ASSERT_MSG_EQ(p.duplicateBytes, down - 6 * s.fileSize, "bytes beyond 6 F");
        NS_TEST_ASSERT_MSG_EQ_TOL(p.lastCompletion.value_or(0), *r.distributionTime, 1e-9, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(p.firstCompletion.value_or(0), firstDone, 1e-9, "");
        NS_TEST_ASSERT_MSG_EQ(p.rampUpTime.has_value(), true, "the uplinks get busy");
        NS_TEST_ASSERT_MSG_LT(p.rampUpTime.value_or(1e9), firstDone, "before anyone is done");
        NS_TEST_ASSERT_MSG_GT(p.steadyUtilisation, 0.6, "busy once ramped up (0.77 measured)");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(p.steadyUtilisation, 1.0, "");
        NS_TEST_ASSERT_MSG_LT(p.overallUtilisation, p.steadyUtilisation, "ramp and tail cost");
    }
};

/// The phase summary's tests.
class SwarmPhasesTestSuite : public TestSuite
{
  public:
    SwarmPhasesTestSuite()
        : TestSuite("file-distribution-swarm-phases")
    {
        AddTestCase(new SwarmPhasesComputeTestCase);
        AddTestCase(new SwarmPhasesSwarmTestCase);
    }
};

/// Registers the suite.
static SwarmPhasesTestSuite g_swarmPhasesTestSuite;
