// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/scenario-config.h"
#include "ns3/test.h"

#include <cmath>
#include <map>
#include <string>

/**
 * \file
 * \ingroup file-distribution-tests
 * Unit tests of the scenario runner's validation: defaults, every key's effect on the runs,
 * sweeps, rate ranges, and a message naming the key for every unknown key or bad value.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * Defaults and the effect of every key on the settings of a single run.
 */
class ScenarioConfigValuesTestCase : public TestCase
{
  public:
    ScenarioConfigValuesTestCase()
        : TestCase("defaults and the value of every key")
    {
    }

  private:
    void DoRun() override
    {
        std::string error;
        const auto defaults = ParseScenarioConfig({}, &error);
        NS_TEST_ASSERT_MSG_EQ(defaults.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(defaults->runs.size(), 1, "one run without a sweep");
        const DistributionSettings& d = defaults->runs[0];
        NS_TEST_ASSERT_MSG_EQ(d.hosts, 20, "");
        NS_TEST_ASSERT_MSG_EQ(d.fileSize, 4000000, "");
        NS_TEST_ASSERT_MSG_EQ(d.pieceLength, 65536, "");
        NS_TEST_ASSERT_MSG_EQ(d.serverUpload.GetBitRate(), 10000000, "");
        NS_TEST_ASSERT_MSG_EQ(d.hostUpload.uniform, false, "");
        NS_TEST_ASSERT_MSG_EQ(d.hostUpload.min.GetBitRate(), 2000000, "");
        NS_TEST_ASSERT_MSG_EQ(d.hostDownload.max.GetBitRate(), 8000000, "");
        NS_TEST_ASSERT_MSG_EQ(d.delay, MilliSeconds(2), "");
        NS_TEST_ASSERT_MSG_EQ(d.seedTime.ToString(), "inf", "inf by default");
        NS_TEST_ASSERT_MSG_EQ(d.maxPeers, 30, "");
        NS_TEST_ASSERT_MSG_EQ(d.unchokeSlots, 4, "BEP 3's four");
        NS_TEST_ASSERT_MSG_EQ(d.seedUnchokeSlots, 4, "a leecher's, as libtorrent");
        NS_TEST_ASSERT_MSG_EQ(d.seedChoking, "round-robin", "libtorrent's default");
        NS_TEST_ASSERT_MSG_EQ(d.pipelineDepth, 10, "");
        NS_TEST_ASSERT_MSG_EQ(d.arrivals.ToString(), "flash", "a flash crowd");
        NS_TEST_ASSERT_MSG_EQ(d.leecherSession.ToString(), "inf", "");
        NS_TEST_ASSERT_MSG_EQ(d.seeds, 1, "");
        NS_TEST_ASSERT_MSG_EQ(d.crashOnLeave, false, "");
        NS_TEST_ASSERT_MSG_EQ(d.freeRiders, 0, "");
        NS_TEST_ASSERT_MSG_EQ(d.hostClasses.size(), 0, "");
        NS_TEST_ASSERT_MSG_EQ(d.lossRate, 0, "");
        NS_TEST_ASSERT_MSG_EQ(d.linkDowns.size(), 0, "");
        NS_TEST_ASSERT_MSG_EQ(d.stallTime, Seconds(600), "");
        NS_TEST_ASSERT_MSG_EQ(d.rngRun, 1, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->sweepKey, "", "");
        NS_TEST_ASSERT_MSG_EQ(defaults->sweepX.size(), 1, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->sweepX[0], 20, "x is N without a sweep");
        NS_TEST_ASSERT_MSG_EQ(defaults->clientServer, true, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->bitTorrent, true, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->csv, true, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->plot, true, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->pcap, false, "");
        NS_TEST_ASSERT_MSG_EQ(defaults->outputDir, "scenario-results", "");
        NS_TEST_ASSERT_MSG_EQ(defaults->name, "scenario", "");

        const std::map<std::string, std::string> values = {
            {"network.hosts", "7"},
            {"network.server-upload", "20Mbps"},
            {"network.host-upload", "uniform(1Mbps, 3Mbps)"},
            {"network.host-download", "  5Mbps "},
            {"network.delay", "10ms"},
            {"file.size", "2MiB"},
            {"file.piece-size", "256KiB"},
            {"bittorrent.seed-time", "30s"},
            {"bittorrent.max-peers", "4"},
            {"bittorrent.unchoke-slots", "25"},
            {"bittorrent.seed-unchoke-slots", "9"},
            {"bittorrent.seed-choking", "anti-leech"},
            {"bittorrent.pipeline-depth", "3"},
            {"bittorrent.join-window", "1min"},
            {"run.name", "my-run_1"},
            {"run.modes", "bittorrent"},
            {"run.rng-run", "9"},
            {"output.dir", "out"},
            {"output.csv", "false"},
            {"output.plot", "0"},
            {"output.pcap", "yes"},
        };
        const auto c = ParseScenarioConfig(values, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, error);
        const DistributionSettings& s = c->runs[0];
        NS_TEST_ASSERT_MSG_EQ(s.hosts, 7, "");
        NS_TEST_ASSERT_MSG_EQ(s.serverUpload.GetBitRate(), 20000000, "");
        NS_TEST_ASSERT_MSG_EQ(s.hostUpload.uniform, true, "");
        NS_TEST_ASSERT_MSG_EQ(s.hostUpload.min.GetBitRate(), 1000000, "");
        NS_TEST_ASSERT_MSG_EQ(s.hostUpload.max.GetBitRate(), 3000000, "");
        NS_TEST_ASSERT_MSG_EQ(s.hostDownload.uniform, false, "");
        NS_TEST_ASSERT_MSG_EQ(s.hostDownload.min.GetBitRate(), 5000000, "spaces trimmed");
        NS_TEST_ASSERT_MSG_EQ(s.delay, MilliSeconds(10), "");
        NS_TEST_ASSERT_MSG_EQ(s.fileSize, 2097152, "");
        NS_TEST_ASSERT_MSG_EQ(s.pieceLength, 262144, "");
        NS_TEST_ASSERT_MSG_EQ(s.seedTime.ToString(), "30s", "");
        NS_TEST_ASSERT_MSG_EQ(s.maxPeers, 4, "");
        NS_TEST_ASSERT_MSG_EQ(s.unchokeSlots, 25, "");
        NS_TEST_ASSERT_MSG_EQ(s.seedUnchokeSlots, 9, "");
        NS_TEST_ASSERT_MSG_EQ(s.seedChoking, "anti-leech", "");
        NS_TEST_ASSERT_MSG_EQ(s.pipelineDepth, 3, "");
        NS_TEST_ASSERT_MSG_EQ(s.arrivals.ToString(), "uniform(60s)", "join-window is short for it");
        NS_TEST_ASSERT_MSG_EQ(s.rngRun, 9, "");
        NS_TEST_ASSERT_MSG_EQ(c->name, "my-run_1", "");
        NS_TEST_ASSERT_MSG_EQ(c->clientServer, false, "");
        NS_TEST_ASSERT_MSG_EQ(c->bitTorrent, true, "");
        NS_TEST_ASSERT_MSG_EQ(c->outputDir, "out", "");
        NS_TEST_ASSERT_MSG_EQ(c->csv, false, "");
        NS_TEST_ASSERT_MSG_EQ(c->plot, false, "");
        NS_TEST_ASSERT_MSG_EQ(c->pcap, true, "");

        NS_TEST_ASSERT_MSG_EQ(ResolveScenarioKey("hosts").value_or(""), "network.hosts", "");
        NS_TEST_ASSERT_MSG_EQ(ResolveScenarioKey("file-size").value_or(""), "file.size", "");
        NS_TEST_ASSERT_MSG_EQ(ResolveScenarioKey("file.size").value_or(""), "file.size", "");
        NS_TEST_ASSERT_MSG_EQ(ResolveScenarioKey("output").value_or(""), "output.dir", "");
        NS_TEST_ASSERT_MSG_EQ(ResolveScenarioKey("size").has_value(), false, "");
        NS_TEST_ASSERT_MSG_EQ(ResolveScenarioKey("").has_value(), false, "");
    }
};

/**
 * \ingroup file-distribution-tests
 * Comma lists: one run per value of the swept key, the others shared.
 */
class ScenarioConfigSweepTestCase : public TestCase
{
  public:
    ScenarioConfigSweepTestCase()
        : TestCase("sweeps")
    {
    }

  private:
    void DoRun() override
    {
        std::string error;
        auto c =
            ParseScenarioConfig({{"network.hosts", "10, 20,40"}, {"file.size", "1MB"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(c->sweepKey, "network.hosts", "");
        NS_TEST_ASSERT_MSG_EQ(c->runs.size(), 3, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[0].hosts, 10, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[1].hosts, 20, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[2].hosts, 40, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[2].fileSize, 1000000, "shared by every run");
        NS_TEST_ASSERT_MSG_EQ(c->sweepValues[1], "20", "");
        NS_TEST_ASSERT_MSG_EQ(c->sweepX[2], 40, "");

        // A rate range is one value even though it holds a comma.
        c = ParseScenarioConfig({{"network.host-upload", "1Mbps, uniform(1Mbps,3Mbps)"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(c->runs.size(), 2, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[0].hostUpload.uniform, false, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[1].hostUpload.uniform, true, "");
        NS_TEST_ASSERT_MSG_EQ(c->sweepX[1], 2e6, "x of a range is its middle");

        c = ParseScenarioConfig({{"bittorrent.seed-unchoke-slots", "4, auto"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(c->runs[0].seedUnchokeSlots, 4, "");
        NS_TEST_ASSERT_MSG_EQ(c->runs[1].seedUnchokeSlots, 0, "auto is the attribute's 0");
        NS_TEST_ASSERT_MSG_EQ(c->sweepX[0], 4, "");
        NS_TEST_ASSERT_MSG_EQ(std::isinf(c->sweepX[1]), true, "auto has no place on an axis");

        c = ParseScenarioConfig({{"run.rng-run", "1,2,3"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(c->runs[2].rngRun, 3, "repetitions");

        c = ParseScenarioConfig({{"file.size", "1MB,2MB"}, {"network.hosts", "2,3"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), false, "two swept keys");
        NS_TEST_ASSERT_MSG_EQ(error,
                              "file.size (--file-size): lists several values, and so does "
                              "network.hosts; only one key may be swept",
                              "");

        c = ParseScenarioConfig({{"network.hosts", "2,,3"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), false, "an empty item");
        NS_TEST_ASSERT_MSG_EQ(error.find("network.hosts (--hosts): invalid value ''"), 0, error);

        c = ParseScenarioConfig({{"bittorrent.seed-time", "inf, 0s"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), true, error);
        NS_TEST_ASSERT_MSG_EQ(c->runs[1].seedTime.ToString(), "0s", "");
        NS_TEST_ASSERT_MSG_EQ(std::isinf(c->sweepX[0]), true, "");

        const auto items = SplitScenarioList(" a ,uniform(1, 2), b(c,(d,e)) ");
        NS_TEST_ASSERT_MSG_EQ(items.size(), 3, "");
        NS_TEST_ASSERT_MSG_EQ(items[0], "a", "");
        NS_TEST_ASSERT_MSG_EQ(items[1], "uniform(1, 2)", "");
        NS_TEST_ASSERT_MSG_EQ(items[2], "b(c,(d,e))", "");
        NS_TEST_ASSERT_MSG_EQ(SplitScenarioList("").size(), 1, "");
        NS_TEST_ASSERT_MSG_EQ(SplitScenarioList("x)),y").size(), 2, "unbalanced: no crash");
    }
};

/**
 * \ingroup file-distribution-tests
 * Every kind of bad input gives a message that names the key and what is allowed.
 */
class ScenarioConfigErrorsTestCase : public TestCase
{
  public:
    ScenarioConfigErrorsTestCase()
        : TestCase("errors name the key, the value and what is allowed")
    {
    }

  private:
    void DoRun() override
    {
        const std::pair<std::pair<const char*, const char*>, const char*> bad[] = {
            {{"network.hostz", "3"}, "unknown key 'network.hostz'; known keys: network.hosts, "},
            {{"hosts", "3"}, "unknown key 'hosts'"},
            {{"network.hosts", "0"},
             "network.hosts (--hosts): invalid value '0'; expected a whole number from 1 to 2000"},
            {{"network.hosts", "2001"}, "network.hosts (--hosts): invalid value '2001'"},
            {{"network.hosts", "-1"}, "network.hosts (--hosts): invalid value '-1'"},
            {{"network.server-upload", "fast"}, "network.server-upload (--server-upload): "},
            {{"network.host-upload", "uniform(2Mbps,1Mbps)"},
             "network.host-upload (--host-upload): invalid rate range 'uniform(2Mbps,1Mbps)': "
             "MIN is above MAX"},
            {{"network.host-upload", "uniform(1Mbps)"},
             "network.host-upload (--host-upload): invalid rate range 'uniform(1Mbps)'; "
             "expected uniform(MIN,MAX)"},
            {{"network.host-download", "uniform(1Mbps,2Mbps"},
             "network.host-download (--host-download): invalid rate range 'uniform(1Mbps,2Mbps': "
             "no closing parenthesis"},
            {{"network.host-download", "uniform(1Mbps,x)"},
             "network.host-download (--host-download): invalid data rate 'x'"},
            {{"network.delay", "-2ms"}, "network.delay (--delay): invalid time '-2ms'"},
            {{"network.regions", "65"},
             "network.regions (--regions): invalid value '65'; expected a whole number from 1 "
             "to 64"},
            {{"network.backbone-delay", "0s"},
             "network.backbone-delay (--backbone-delay): the backbone delay must be positive"},
            {{"file.size", "0"}, "file.size (--file-size): invalid byte size '0'"},
            {{"file.piece-size", "1KiB"},
             "file.piece-size (--piece-size): invalid piece size '1KiB'; expected 16KiB..16MiB"},
            {{"file.piece-size", "32MiB"}, "file.piece-size (--piece-size): invalid piece size"},
            {{"bittorrent.seed-time", "forever"},
             "bittorrent.seed-time (--seed-time): invalid duration 'forever'"},
            {{"bittorrent.max-peers", "0"}, "bittorrent.max-peers (--max-peers): invalid value"},
            {{"bittorrent.unchoke-slots", "0"},
             "bittorrent.unchoke-slots (--unchoke-slots): invalid value '0'; expected a whole "
             "number from 1 to 1000"},
            {{"bittorrent.seed-unchoke-slots", "all"},
             "bittorrent.seed-unchoke-slots (--seed-unchoke-slots): invalid value 'all'; expected "
             "a whole number from 1 to 1000 (or auto"},
            {{"bittorrent.seed-choking", "fastest"},
             "bittorrent.seed-choking (--seed-choking): invalid seed-choking 'fastest'; expected "
             "round-robin, fastest-upload or anti-leech"},
            {{"bittorrent.pipeline-depth", "257"},
             "bittorrent.pipeline-depth (--pipeline-depth): invalid value '257'"},
            {{"run.name", "../x"}, "run.name (--name): invalid name '../x'"},
            {{"run.name", ""}, "run.name (--name): invalid name ''"},
            {{"run.modes", "p2p"},
             "run.modes (--modes): invalid mode 'p2p'; expected client-server, bittorrent"},
            {{"run.modes", "bittorrent,bittorrent"}, "run.modes (--modes): invalid mode"},
            {{"run.modes", ""}, "run.modes (--modes): invalid mode ''"},
            {{"run.rng-run", "0"}, "run.rng-run (--rng-run): invalid value '0'"},
            {{"bittorrent.seeds", "0"}, "bittorrent.seeds (--seeds): invalid value '0'"},
            {{"bittorrent.tracker-host", "cloud"},
             "bittorrent.tracker-host (--tracker-host): invalid tracker host 'cloud'; expected "
             "server or own"},
            {{"bittorrent.free-riders", "1.5"},
             "bittorrent.free-riders (--free-riders): invalid value '1.5'; expected a number "
             "from 0 to 1"},
            {{"churn.arrivals", "poisson(fast)"}, "churn.arrivals (--arrivals): invalid arrivals"},
            {{"churn.leecher-session", "weibull(1s)"},
             "churn.leecher-session (--leecher-session): invalid duration 'weibull(1s)'"},
            {{"churn.departure", "vanish"},
             "churn.departure (--departure): invalid departure 'vanish'; expected graceful or "
             "crash"},
            {{"faults.loss", "0.9"},
             "faults.loss (--loss): invalid value '0.9'; expected a number from 0 to 0.5"},
            {{"faults.link-down", "server@5s"},
             "faults.link-down (--link-down): invalid link outage"},
            {{"network.host-classes", "a:0.5:1Mbps:2Mbps"},
             "network.host-classes (--host-classes): host classes 'a:0.5:1Mbps:2Mbps': the "
             "shares add up to"},
            {{"run.stall-time", "0s"}, "run.stall-time (--stall-time): the stall time must be"},
            {{"output.dir", " "}, "output.dir (--output): the output directory must not be empty"},
            {{"output.csv", "maybe"},
             "output.csv (--csv): invalid value 'maybe'; expected true or false"},
            {{"output.pcap", "2"}, "output.pcap (--pcap): invalid value '2'"},
            {{"file.size", "1TB"},
             "the file has more than a million pieces; use a larger piece size"},
        };
        for (const auto& [entry, expected] : bad)
        {
            std::string error;
            const auto c = ParseScenarioConfig({{entry.first, entry.second}}, &error);
            NS_TEST_ASSERT_MSG_EQ(c.has_value(), false, entry.first << " = " << entry.second);
            NS_TEST_ASSERT_MSG_EQ(error.find(expected),
                                  0,
                                  entry.first << " = '" << entry.second << "': " << error);
        }

        // Values that are fine alone but not together.
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(ParseScenarioConfig({{"bittorrent.join-window", "10s"},
                                                   {"churn.arrivals", "poisson(1)"}},
                                                  &error)
                                  .has_value(),
                              false,
                              "two ways to say how leechers arrive");
        NS_TEST_ASSERT_MSG_NE(error.find("set one of them"), std::string::npos, error);
        // The same with join-window swept: a sweep is the set of its runs (a fuzzing finding,
        // doc/fuzzing.rst), so it cannot make the conflict disappear.
        NS_TEST_ASSERT_MSG_EQ(ParseScenarioConfig({{"bittorrent.join-window", "0s, 10s"},
                                                   {"churn.arrivals", "poisson(1)"}},
                                                  &error)
                                  .has_value(),
                              false,
                              "a swept join-window and arrivals");
        NS_TEST_ASSERT_MSG_NE(error.find("set one of them"), std::string::npos, error);
        // join-window 0 s is the flash-crowd default: it leaves churn.arrivals as it is, in a
        // sweep as alone.
        const auto zeros = ParseScenarioConfig(
            {{"bittorrent.join-window", "0s, 0s"}, {"churn.arrivals", "poisson(1)"}},
            &error);
        NS_TEST_ASSERT_MSG_EQ((zeros && zeros->runs.size() == 2), true, error);
        NS_TEST_ASSERT_MSG_EQ(zeros->runs[1].arrivals.ToString(), "poisson(1)", "not replaced");
        NS_TEST_ASSERT_MSG_EQ(
            ParseScenarioConfig({{"network.hosts", "3"}, {"faults.link-down", "5@1s-2s"}}, &error)
                .has_value(),
            false,
            "host 5 of 3");
        NS_TEST_ASSERT_MSG_EQ(error, "link-down 5: there are hosts 1..3 (and server, tracker)", "");
        const auto churn = ParseScenarioConfig(
            {{"churn.arrivals", "poisson(0.5)"},
             {"churn.leecher-session", "exponential(5min)"},
             {"churn.departure", "crash"},
             {"bittorrent.seed-time", "weibull(60s,0.5)"},
             {"bittorrent.free-riders", "0.25"},
             {"bittorrent.seeds", "3"},
             {"bittorrent.tracker-host", "own"},
             {"faults.loss", "0.01"},
             {"faults.link-down", "server@1s-2s + tracker@0s-inf"},
             {"network.host-classes", "dsl:0.5:1Mbps:8Mbps + fibre:0.5:50Mbps:100Mbps"},
             {"run.stall-time", "5min"}},
            &error);
        NS_TEST_ASSERT_MSG_EQ(churn.has_value(), true, error);
        const DistributionSettings& cs = churn->runs[0];
        NS_TEST_ASSERT_MSG_EQ(cs.arrivals.ToString(), "poisson(0.5)", "");
        NS_TEST_ASSERT_MSG_EQ(cs.leecherSession.ToString(), "exponential(300s)", "");
        NS_TEST_ASSERT_MSG_EQ(cs.crashOnLeave, true, "");
        NS_TEST_ASSERT_MSG_EQ(cs.seedTime.ToString(), "weibull(60s,0.5)", "");
        NS_TEST_ASSERT_MSG_EQ(cs.freeRiders, 0.25, "");
        NS_TEST_ASSERT_MSG_EQ(cs.seeds, 3, "");
        NS_TEST_ASSERT_MSG_EQ(cs.trackerOwnHost, true, "");
        NS_TEST_ASSERT_MSG_EQ(cs.lossRate, 0.01, "");
        NS_TEST_ASSERT_MSG_EQ(cs.linkDowns.size(), 2, "");
        NS_TEST_ASSERT_MSG_EQ(cs.hostClasses.size(), 2, "");
        NS_TEST_ASSERT_MSG_EQ(cs.stallTime, Seconds(300), "");

        // A run that only a sweep value makes invalid names that value.
        error.clear();
        const auto c = ParseScenarioConfig({{"file.size", "1MB, 1TB"}}, &error);
        NS_TEST_ASSERT_MSG_EQ(c.has_value(), false, "");
        NS_TEST_ASSERT_MSG_EQ(error,
                              "the file has more than a million pieces; use a larger piece size "
                              "(in the run with file.size = 1TB)",
                              "");
        // No error pointer: still no crash.
        NS_TEST_ASSERT_MSG_EQ(ParseScenarioConfig({{"x", "y"}}, nullptr).has_value(), false, "");
        NS_TEST_ASSERT_MSG_EQ(ParseRateSpec("", nullptr).has_value(), false, "");
        NS_TEST_ASSERT_MSG_EQ(ParseRateSpec("uniform(", nullptr).has_value(), false, "");
        NS_TEST_ASSERT_MSG_EQ(ParseRateSpec("uniform()", nullptr).has_value(), false, "");
    }
};

/**
 * \ingroup file-distribution-tests
 * The scenario configuration test suite.
 */
class ScenarioConfigTestSuite : public TestSuite
{
  public:
    ScenarioConfigTestSuite()
        : TestSuite("file-distribution-scenario-config")
    {
        AddTestCase(new ScenarioConfigValuesTestCase);
        AddTestCase(new ScenarioConfigSweepTestCase);
        AddTestCase(new ScenarioConfigErrorsTestCase);
    }
};

static ScenarioConfigTestSuite g_scenarioConfigTestSuite; //!< the suite's instance
