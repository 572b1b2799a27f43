// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/distribution-bounds.h"
#include "ns3/test.h"

#include <cmath>
#include <string>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of DistributionBounds against hand-computed values, including the textbook's
 * homework table (Kurose & Ross, chapter 2, problem "F = 15 Gbits, u_s = 30 Mbps, d_i = 2 Mbps").
 */

using namespace ns3;

namespace
{
constexpr double F = 15e9;   //!< the homework's file, bits
constexpr double US = 30e6;  //!< the homework's server upload rate, bit/s
constexpr double DI = 2e6;   //!< the homework's download rate, bit/s
constexpr double TOL = 1e-6; //!< seconds
} // namespace

/**
 * \ingroup file-distribution-tests
 * The client-server column of the homework table and simple hand-computed cases.
 */
class ClientServerBoundTestCase : public TestCase
{
  public:
    ClientServerBoundTestCase()
        : TestCase("client-server bound: homework table and hand-computed values")
    {
    }

  private:
    void DoRun() override
    {
        // N = 10: F/d = 7500 s dominates 10 F/u_s = 5000 s.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(10, F, US, DI), 7500, TOL, "");
        // N = 100: 100 F/u_s = 50000 s dominates.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(100, F, US, DI), 50000, TOL, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(1000, F, US, DI),
                                  500000,
                                  TOL,
                                  "");
        // The crossover: N F/u_s = F/d_min when N = u_s/d_min = 15.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(15, F, US, DI), 7500, TOL, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(16, F, US, DI), 8000, TOL, "");
        // One 8 Mbit file, one client: the slower of the two links.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(1, 8e6, 4e6, 1e6), 8, TOL, "");
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(1, 8e6, 1e6, 4e6), 8, TOL, "");
        // 3 clients, 10 MB file, 10 Mbps server, 100 Mbps clients: 3 * 8e7 / 1e7 = 24 s.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::ClientServer(3, 8e7, 1e7, 1e8), 24, TOL, "");
    }
};

/**
 * \ingroup file-distribution-tests
 * The P2P rows of the homework table (u = 300 kbps, 700 kbps, 2 Mbps; N = 10, 100, 1000).
 */
class PeerToPeerBoundTestCase : public TestCase
{
  public:
    PeerToPeerBoundTestCase()
        : TestCase("peer-to-peer bound: homework table")
    {
    }

  private:
    void DoRun() override
    {
        struct Row
        {
            uint32_t n;
            double u;
            double expected;
        };

        // Hand-computed: max(F/u_s = 500, F/d = 7500, N F / (u_s + N u)).
        const Row rows[] = {
            {10, 300e3, 7500},             // 150e9/33e6 = 4545.45 < 7500
            {100, 300e3, 25000},           // 1.5e12/60e6
            {1000, 300e3, 1.5e13 / 330e6}, // 45454.545...
            {10, 700e3, 7500},             // 150e9/37e6 = 4054.05 < 7500
            {100, 700e3, 15000},           // 1.5e12/100e6
            {1000, 700e3, 1.5e13 / 730e6}, // 20547.945...
            {10, 2e6, 7500},               // 150e9/50e6 = 3000 < 7500
            {100, 2e6, 7500},              // 1.5e12/230e6 = 6521.7 < 7500
            {1000, 2e6, 7500},             // 1.5e13/2030e6 = 7389.2 < 7500
        };
        for (const Row& row : rows)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(
                DistributionBounds::PeerToPeer(row.n, F, US, DI, row.n * row.u),
                row.expected,
                TOL,
                "N = " << row.n << ", u = " << row.u);
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::PeerToPeer(1000, F, US, DI, 1000 * 300e3),
                                  45454.545454,
                                  1e-3,
                                  "");
        // The server must upload one copy at least: F/u_s dominates with a slow server.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::PeerToPeer(2, 8e6, 1e5, 1e9, 1e9),
                                  80,
                                  TOL,
                                  "");
        // Peers that upload nothing: the P2P bound is the client-server bound.
        NS_TEST_ASSERT_MSG_EQ_TOL(DistributionBounds::PeerToPeer(100, F, US, DI, 0),
                                  DistributionBounds::ClientServer(100, F, US, DI),
                                  TOL,
                                  "");
        // Never above the client-server bound.
        for (uint32_t n : {1u, 10u, 100u, 1000u})
        {
            NS_TEST_ASSERT_MSG_EQ((DistributionBounds::PeerToPeer(n, F, US, DI, n * 1e5) <=
                                   DistributionBounds::ClientServer(n, F, US, DI)),
                                  true,
                                  "N = " << n);
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * Invalid arguments give an error message and NaN, never an abort.
 */
class BoundsValidationTestCase : public TestCase
{
  public:
    BoundsValidationTestCase()
        : TestCase("invalid arguments: message and NaN")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(10, F, US, DI, 0), "", "valid");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(0, F, US, DI),
                              "the number of hosts N must be greater than zero (got 0)",
                              "n = 0");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(1, 0, US, DI),
                              "the file size F must be a finite number of bits greater than zero "
                              "(got 0)",
                              "F = 0");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(1, F, -1, DI),
                              "the server upload rate u_s must be a finite rate greater than zero "
                              "(got -1)",
                              "u_s < 0");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(1, F, US, 0),
                              "the minimum download rate d_min must be a finite rate greater than "
                              "zero (got 0)",
                              "d_min = 0");
        // The first bad argument is named.
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(0, 0, 0, 0, -1).find("number of hosts"),
                              4,
                              "first argument named");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(1, F, US, DI, -1).empty(), false, "");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(1, NAN, US, DI).empty(), false, "NaN");
        NS_TEST_ASSERT_MSG_EQ(DistributionBounds::Validate(1, F, INFINITY, DI).empty(), false, "");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(DistributionBounds::ClientServer(0, F, US, DI)), true, "");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(DistributionBounds::ClientServer(1, F, 0, DI)), true, "");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(DistributionBounds::PeerToPeer(1, F, US, DI, -5)),
                              true,
                              "");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(DistributionBounds::PeerToPeer(1, -F, US, DI, 0)),
                              true,
                              "");
    }
};

/**
 * \ingroup file-distribution-tests
 * The DistributionBounds test suite.
 */
class DistributionBoundsTestSuite : public TestSuite
{
  public:
    DistributionBoundsTestSuite()
        : TestSuite("file-distribution-distribution-bounds")
    {
        AddTestCase(new ClientServerBoundTestCase);
        AddTestCase(new PeerToPeerBoundTestCase);
        AddTestCase(new BoundsValidationTestCase);
    }
};

static DistributionBoundsTestSuite g_distributionBoundsTestSuite; //!< the suite's instance
