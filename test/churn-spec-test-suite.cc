// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/churn-spec.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of the churn, population and fault values: durations, arrivals, host classes,
 * free riders, link outages.
 */

using namespace ns3;

/// Durations: inf, fixed, exponential, Weibull; bad values named.
class DurationSpecTestCase : public TestCase
{
  public:
    DurationSpecTestCase()
        : TestCase("durations: inf, 300s, exponential(MEAN), weibull(SCALE,SHAPE)")
    {
    }

  private:
    void DoRun() override
    {
        auto d = ParseDurationSpec("inf", nullptr);
        NS_TEST_ASSERT_MSG_EQ((d && d->kind == DurationSpec::Kind::INFINITE), true, "inf");
        d = ParseDurationSpec(" 300s ", nullptr);
        NS_TEST_ASSERT_MSG_EQ((d && d->kind == DurationSpec::Kind::FIXED), true, "fixed");
        NS_TEST_ASSERT_MSG_EQ(d->value, Seconds(300), "300 s");
        d = ParseDurationSpec("0s", nullptr);
        NS_TEST_ASSERT_MSG_EQ((d && d->value.IsZero()), true, "zero is allowed");
        d = ParseDurationSpec("exponential(2min)", nullptr);
        NS_TEST_ASSERT_MSG_EQ((d && d->kind == DurationSpec::Kind::EXPONENTIAL), true, "exp");
        NS_TEST_ASSERT_MSG_EQ_TOL(d->GetMeanSeconds(), 120, 1e-9, "its mean");
        NS_TEST_ASSERT_MSG_EQ(d->ToString(), "exponential(120s)", "written back");
        d = ParseDurationSpec("weibull(100s, 1)", nullptr);
        NS_TEST_ASSERT_MSG_EQ((d && d->kind == DurationSpec::Kind::WEIBULL), true, "weibull");
        NS_TEST_ASSERT_MSG_EQ_TOL(d->GetMeanSeconds(), 100, 1e-9, "shape 1: exponential");
        // Written so that they read back exactly (a fuzzing finding, doc/fuzzing.rst): no
        // scientific notation, which ParseTime refuses, and no digits rounded away.
        for (const char* text : {"1000000000s", "1234567ms", "1ns", "weibull(1500ms,0.123456789)"})
        {
            const auto spec = ParseDurationSpec(text, nullptr);
            NS_TEST_ASSERT_MSG_EQ(spec.has_value(), true, text);
            const auto again = ParseDurationSpec(spec->ToString(), nullptr);
            NS_TEST_ASSERT_MSG_EQ(
                (again && again->value == spec->value && again->shape == spec->shape),
                true,
                text << " is written " << spec->ToString());
        }
        NS_TEST_ASSERT_MSG_EQ(ParseDurationSpec("1000000000s", nullptr)->ToString(),
                              "1000000000s",
                              "not 1e+09s");
        NS_TEST_ASSERT_MSG_EQ(ParseDurationSpec("0.5s", nullptr)->ToString(), "500ms", "exact");
        std::string error;
        for (const char* bad : {"",
                                "forever",
                                "-5s",
                                "exponential()",
                                "exponential(0s)",
                                "weibull(10s)",
                                "weibull(10s,0)",
                                "weibull(10s,x)"})
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(ParseDurationSpec(bad, &error).has_value(), false, bad);
            NS_TEST_ASSERT_MSG_NE(error.find("expected inf"), std::string::npos, error);
        }
    }
};

/// Arrivals: flash, uniform, Poisson, a file of join times.
class ArrivalSpecTestCase : public TestCase
{
  public:
    ArrivalSpecTestCase()
        : TestCase("arrivals: flash, uniform(W), poisson(RATE), file(PATH)")
    {
    }

  private:
    void DoRun() override
    {
        auto a = ParseArrivalSpec("flash", nullptr);
        NS_TEST_ASSERT_MSG_EQ((a && a->kind == ArrivalSpec::Kind::FLASH), true, "flash");
        a = ParseArrivalSpec("uniform(60s)", nullptr);
        NS_TEST_ASSERT_MSG_EQ((a && a->window == Seconds(60)), true, "uniform");
        a = ParseArrivalSpec("poisson(0.5/s)", nullptr);
        NS_TEST_ASSERT_MSG_EQ((a && a->kind == ArrivalSpec::Kind::POISSON), true, "poisson");
        NS_TEST_ASSERT_MSG_EQ_TOL(a->rate, 0.5, 1e-12, "rate");
        NS_TEST_ASSERT_MSG_EQ(ParseArrivalSpec("poisson(2)", nullptr)->rate, 2, "no unit");
        // Read back exactly (a fuzzing finding, doc/fuzzing.rst).
        NS_TEST_ASSERT_MSG_EQ(ParseArrivalSpec("uniform(20000000s)", nullptr)->ToString(),
                              "uniform(20000000s)",
                              "not 2e+07s");
        NS_TEST_ASSERT_MSG_EQ(ParseArrivalSpec("poisson(0.1234567)", nullptr)->ToString(),
                              "poisson(0.1234567)",
                              "every digit");
        const std::string path = CreateTempDirFilename("joins.txt");
        {
            std::ofstream out(path);
            out << "# join times\n0\n  2.5 \n\n10 # late\n";
        }
        a = ParseArrivalSpec("file(" + path + ")", nullptr);
        NS_TEST_ASSERT_MSG_EQ((a && a->times.size() == 3), true, "three times");
        NS_TEST_ASSERT_MSG_EQ_TOL(a->times[1], 2.5, 1e-12, "2.5 s");
        {
            std::ofstream out(path);
            out << "1\nsoon\n";
        }
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(ParseArrivalSpec("file(" + path + ")", &error).has_value(),
                              false,
                              "a bad line");
        NS_TEST_ASSERT_MSG_NE(error.find(":2: invalid join time 'soon'"), std::string::npos, error);
        for (const char* bad : {"crowd",
                                "uniform()",
                                "poisson(0)",
                                "poisson(-1)",
                                "poisson(x)",
                                "file()",
                                "file(/nonexistent/joins.txt)"})
        {
            NS_TEST_ASSERT_MSG_EQ(ParseArrivalSpec(bad, &error).has_value(), false, bad);
        }
        std::remove(path.c_str());
    }
};

/// Host classes: parsing, shares adding up, exact counts per class.
class HostClassesTestCase : public TestCase
{
  public:
    HostClassesTestCase()
        : TestCase("host classes: NAME:SHARE:UP:DOWN, shares add up to 1, exact counts")
    {
    }

  private:
    void DoRun() override
    {
        auto c = ParseHostClasses("dsl:0.5:1Mbps:8Mbps + cable:0.3:5Mbps:50Mbps + "
                                  "fibre:0.2:50Mbps:100Mbps",
                                  nullptr);
        NS_TEST_ASSERT_MSG_EQ((c && c->size() == 3), true, "three classes");
        NS_TEST_ASSERT_MSG_EQ(c->at(1).up, DataRate("5Mbps"), "cable up");
        const auto a = AssignHostClasses(*c, 10);
        NS_TEST_ASSERT_MSG_EQ(std::count(a.begin(), a.end(), 0u), 5, "5 dsl");
        NS_TEST_ASSERT_MSG_EQ(std::count(a.begin(), a.end(), 1u), 3, "3 cable");
        NS_TEST_ASSERT_MSG_EQ(std::count(a.begin(), a.end(), 2u), 2, "2 fibre");
        const auto b = AssignHostClasses(*c, 7); // 3.5, 2.1, 1.4: one more to the 0.5
        NS_TEST_ASSERT_MSG_EQ(b.size(), 7, "every host");
        NS_TEST_ASSERT_MSG_EQ(std::count(b.begin(), b.end(), 0u), 4, "3 + the largest remainder");
        NS_TEST_ASSERT_MSG_EQ(std::count(b.begin(), b.end(), 1u), 2, "2");
        NS_TEST_ASSERT_MSG_EQ(std::count(b.begin(), b.end(), 2u), 1, "1");
        NS_TEST_ASSERT_MSG_EQ(ParseHostClasses("none", nullptr)->empty(), true, "none");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(ParseHostClasses("a:0.5:1Mbps:2Mbps", &error).has_value(),
                              false,
                              "shares must add up to 1");
        NS_TEST_ASSERT_MSG_NE(error.find("add up to"), std::string::npos, error);
        for (const char* bad : {"a:1:1Mbps",
                                "a:1:fast:2Mbps",
                                "a:0:1Mbps:2Mbps",
                                "a b:1:1Mbps:2Mbps",
                                "a:0.5:1Mbps:2Mbps + a:0.5:1Mbps:2Mbps"})
        {
            NS_TEST_ASSERT_MSG_EQ(ParseHostClasses(bad, &error).has_value(), false, bad);
        }
    }
};

/// Free riders: round(share x n) of them, spread evenly.
class FreeRidersTestCase : public TestCase
{
  public:
    FreeRidersTestCase()
        : TestCase("free riders: round(share x n), spread evenly")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t n : {1u, 7u, 10u, 20u, 101u})
        {
            for (double share : {0.0, 0.1, 0.25, 0.5, 1.0})
            {
                uint32_t count = 0;
                for (uint32_t i = 0; i < n; ++i)
                {
                    count += IsFreeRider(i, n, share) ? 1 : 0;
                }
                NS_TEST_ASSERT_MSG_EQ(count, static_cast<uint32_t>(std::round(share * n)), n);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(IsFreeRider(4, 10, 0.2), true, "every fifth");
        NS_TEST_ASSERT_MSG_EQ(IsFreeRider(9, 10, 0.2), true, "every fifth");
        NS_TEST_ASSERT_MSG_EQ(IsFreeRider(5, 10, 0.2), false, "not the others");
    }
};

/// Link outages: HOST@DOWN-UP lists.
class LinkDownsTestCase : public TestCase
{
  public:
    LinkDownsTestCase()
        : TestCase("link outages: server@30s-210s + tracker@0s-60s + 3@10s-inf")
    {
    }

  private:
    void DoRun() override
    {
        auto o = ParseLinkDowns("server@30s-210s + tracker@0s-60s + 3@10s-inf", nullptr);
        NS_TEST_ASSERT_MSG_EQ((o && o->size() == 3), true, "three outages");
        NS_TEST_ASSERT_MSG_EQ(o->at(0).host, "server", "the server");
        NS_TEST_ASSERT_MSG_EQ(o->at(0).up, Seconds(210), "back at 210 s");
        NS_TEST_ASSERT_MSG_EQ(o->at(2).index, 3, "host 3");
        NS_TEST_ASSERT_MSG_EQ(o->at(2).up, Time::Max(), "never back");
        std::string error;
        for (const char* bad : {"server",
                                "server@30s",
                                "server@30s-10s",
                                "router@1s-2s",
                                "0@1s-2s",
                                "99999999999@1s-2s",
                                "3@x-2s"})
        {
            error.clear();
            NS_TEST_ASSERT_MSG_EQ(ParseLinkDowns(bad, &error).has_value(), false, bad);
            NS_TEST_ASSERT_MSG_NE(error.find("expected HOST@DOWN-UP"), std::string::npos, error);
        }
    }
};

/// The churn values' unit tests.
class ChurnSpecTestSuite : public TestSuite
{
  public:
    ChurnSpecTestSuite()
        : TestSuite("file-distribution-churn-spec")
    {
        AddTestCase(new DurationSpecTestCase);
        AddTestCase(new ArrivalSpecTestCase);
        AddTestCase(new HostClassesTestCase);
        AddTestCase(new FreeRidersTestCase);
        AddTestCase(new LinkDownsTestCase);
    }
};

/// Registers the suite.
static ChurnSpecTestSuite g_churnSpecTestSuite;
