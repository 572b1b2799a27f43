// SPDX-License-Identifier: GPL-2.0-only
//
// libFuzzer harness of the scenario configuration (helper/scenario-config.h,
// helper/churn-spec.h): an INI file read as scenario-runner reads it (Boost.Program_options'
// parse_config_file, unregistered keys allowed, one value per key) into ParseScenarioConfig,
// and the value parsers the keys use.
//
// Input: [0] what to parse (modulo 7), then the text:
//   0 an INI scenario file          -> ParseScenarioConfig
//   1 a host rate                   -> ParseRateSpec
//   2 a duration                    -> ParseDurationSpec
//   3 an arrival process            -> ParseArrivalSpec (file(PATH) is left out: no file access)
//   4 host classes                  -> ParseHostClasses
//   5 link outages                  -> ParseLinkDowns
//   6 a comma list                  -> SplitScenarioList
// Values that mention file( are skipped in every mode, so that the fuzzer never reads files.
//
// Invariants:
// - a scenario that parses has one run per swept value (one without a sweep), a file-safe
//   name, an output directory and at least one mode, and every run passes
//   DistributionExperiment::Validate;
// - a sweep is its runs: setting the swept key to any one of its values alone parses, to the
//   same settings as that run of the sweep;
// - where a formatter exists, what it writes parses back to the same value:
//   RateSpec::ToString, DurationSpec::ToString, ArrivalSpec::ToString; host classes and link
//   outages written back field by field (exact numbers) parse to the same lists;
// - SplitScenarioList items are trimmed, and the items joined with commas split the same;
// - every refusal comes with a message.

#include "fuzz-common.h"

#include "ns3/churn-spec.h"
#include "ns3/distribution-experiment.h"
#include "ns3/scenario-config.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

/// \return a double written exactly (hexadecimal floating point)
std::string
Exact(double d)
{
    std::ostringstream os;
    os << std::hexfloat << d;
    return os.str();
}

std::string
Describe(const RateSpec& r)
{
    return (r.uniform ? "U" : "F") + std::to_string(r.min.GetBitRate()) + "-" +
           std::to_string(r.max.GetBitRate());
}

std::string
Describe(const DurationSpec& d)
{
    return std::to_string(static_cast<int>(d.kind)) + "/" +
           std::to_string(d.value.GetNanoSeconds()) + "/" + Exact(d.shape);
}

std::string
Describe(const ArrivalSpec& a)
{
    std::string s = std::to_string(static_cast<int>(a.kind)) + "/" +
                    std::to_string(a.window.GetNanoSeconds()) + "/" + Exact(a.rate) + "/" + a.path;
    for (double t : a.times)
    {
        s += "," + Exact(t);
    }
    return s;
}

std::string
Describe(const std::vector<HostClass>& classes)
{
    std::string s;
    for (const auto& c : classes)
    {
        s += c.name + ":" + Exact(c.share) + ":" + std::to_string(c.up.GetBitRate()) + ":" +
             std::to_string(c.down.GetBitRate()) + ";";
    }
    return s;
}

std::string
Describe(const std::vector<LinkDownSpec>& outages)
{
    std::string s;
    for (const auto& o : outages)
    {
        s += o.host + "#" + std::to_string(o.index) + "@" +
             std::to_string(o.down.GetNanoSeconds()) + "-" + std::to_string(o.up.GetNanoSeconds()) +
             ";";
    }
    return s;
}

/// \return every field of \p s, exactly
std::string
Describe(const DistributionSettings& s)
{
    std::ostringstream os;
    os << "hosts=" << s.hosts << " file=" << s.fileSize << " piece=" << s.pieceLength
       << " us=" << s.serverUpload.GetBitRate() << " up=" << Describe(s.hostUpload)
       << " down=" << Describe(s.hostDownload) << " delay=" << s.delay.GetNanoSeconds()
       << " seedTime=" << Describe(s.seedTime) << " maxPeers=" << s.maxPeers
       << " slots=" << s.unchokeSlots << " seedSlots=" << s.seedUnchokeSlots
       << " pipeline=" << s.pipelineDepth << " arrivals=" << Describe(s.arrivals)
       << " leecherSession=" << Describe(s.leecherSession)
       << " seedSession=" << Describe(s.seedSession) << " crash=" << s.crashOnLeave
       << " seeds=" << s.seeds << " ownTracker=" << s.trackerOwnHost
       << " riders=" << Exact(s.freeRiders) << " classes=" << Describe(s.hostClasses)
       << " loss=" << Exact(s.lossRate) << " down=" << Describe(s.linkDowns)
       << " stall=" << s.stallTime.GetNanoSeconds() << " qdisc=" << s.queueDisc
       << " devq=" << s.deviceQueuePackets << " pcap=" << s.pcapPrefix << " rng=" << s.rngRun;
    return os.str();
}

/// Reads an INI file as scenario-runner's ReadScenarioFile does. \return false when it refuses
bool
ReadIni(const std::string& text, std::map<std::string, std::string>* values)
{
    namespace po = boost::program_options;
    std::istringstream in(text);
    try
    {
        const po::options_description none;
        const po::parsed_options parsed = po::parse_config_file(in, none, true);
        for (const auto& option : parsed.options)
        {
            if (option.value.size() != 1 ||
                !values->emplace(option.string_key, option.value[0]).second)
            {
                return false;
            }
        }
    }
    catch (const std::exception&)
    {
        return false;
    }
    return true;
}

/// \return whether \p text names a file to read (file(PATH)), which the harness leaves out
bool
MentionsFile(const std::string& text)
{
    return text.find("file(") != std::string::npos;
}

void
CheckScenario(const std::string& ini)
{
    std::map<std::string, std::string> values;
    if (!ReadIni(ini, &values))
    {
        return;
    }
    for (const auto& [key, value] : values)
    {
        if (MentionsFile(value))
        {
            return;
        }
    }
    std::string error;
    const auto config = ParseScenarioConfig(values, &error);
    if (!config)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    FD_FUZZ_CHECK(!config->runs.empty());
    FD_FUZZ_CHECK(config->sweepX.size() == config->runs.size());
    if (config->sweepKey.empty())
    {
        FD_FUZZ_CHECK(config->runs.size() == 1 && config->sweepValues.empty());
    }
    else
    {
        FD_FUZZ_CHECK(config->sweepValues.size() == config->runs.size() &&
                      config->runs.size() >= 2);
        FD_FUZZ_CHECK(IsRunParameter(config->sweepKey));
    }
    FD_FUZZ_CHECK(config->clientServer || config->bitTorrent);
    FD_FUZZ_CHECK(!config->outputDir.empty());
    FD_FUZZ_CHECK(
        !config->name.empty() && config->name.size() <= 64 && config->name[0] != '.' &&
        config->name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789._-") == std::string::npos);
    for (const auto& run : config->runs)
    {
        FD_FUZZ_CHECK(DistributionExperiment::Validate(run).empty());
    }
    // The same file parses the same way again.
    const auto again = ParseScenarioConfig(values, &error);
    FD_FUZZ_CHECK(again && again->runs.size() == config->runs.size() &&
                  Describe(again->runs[0]) == Describe(config->runs[0]));

    // A sweep is its runs: each value alone gives the same settings.
    for (std::size_t i = 0; i < config->sweepValues.size() && i < 8; ++i)
    {
        auto single = values;
        single[config->sweepKey] = config->sweepValues[i];
        const auto one = ParseScenarioConfig(single, &error);
        FD_FUZZ_CHECK(one.has_value(),
                      config->sweepKey + " = " + fdfuzz::Quote(config->sweepValues[i]) +
                          " alone is refused, in a sweep accepted: " + error);
        FD_FUZZ_CHECK(one->sweepKey.empty() && one->runs.size() == 1);
        FD_FUZZ_CHECK(Describe(one->runs[0]) == Describe(config->runs[i]),
                      config->sweepKey + " = " + fdfuzz::Quote(config->sweepValues[i]) +
                          "\n  alone:    " + Describe(one->runs[0]) +
                          "\n  in sweep: " + Describe(config->runs[i]));
    }
}

void
CheckRateSpec(const std::string& text)
{
    std::string error;
    const auto spec = ParseRateSpec(text, &error);
    if (!spec)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    FD_FUZZ_CHECK(spec->min.GetBitRate() >= 1 && !(spec->max < spec->min));
    FD_FUZZ_CHECK(spec->uniform || spec->min == spec->max);
    const std::string formatted = spec->ToString();
    const auto again = ParseRateSpec(formatted, &error);
    FD_FUZZ_CHECK(again && Describe(*again) == Describe(*spec),
                  fdfuzz::Quote(formatted) + " for " + Describe(*spec));
}

void
CheckDurationSpec(const std::string& text)
{
    std::string error;
    const auto spec = ParseDurationSpec(text, &error);
    if (!spec)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    FD_FUZZ_CHECK(!spec->value.IsStrictlyNegative());
    FD_FUZZ_CHECK(spec->kind != DurationSpec::Kind::EXPONENTIAL ||
                  spec->value.IsStrictlyPositive());
    FD_FUZZ_CHECK(spec->kind != DurationSpec::Kind::WEIBULL ||
                  (spec->value.IsStrictlyPositive() && spec->shape > 0));
    const std::string formatted = spec->ToString();
    const auto again = ParseDurationSpec(formatted, &error);
    FD_FUZZ_CHECK(again && Describe(*again) == Describe(*spec),
                  fdfuzz::Quote(formatted) + " for " + Describe(*spec));
}

void
CheckArrivalSpec(const std::string& text)
{
    if (MentionsFile(text))
    {
        return;
    }
    std::string error;
    const auto spec = ParseArrivalSpec(text, &error);
    if (!spec)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    FD_FUZZ_CHECK(spec->kind != ArrivalSpec::Kind::FILE);
    FD_FUZZ_CHECK(spec->kind != ArrivalSpec::Kind::POISSON ||
                  (spec->rate > 0 && spec->rate <= 1e6));
    const std::string formatted = spec->ToString();
    const auto again = ParseArrivalSpec(formatted, &error);
    FD_FUZZ_CHECK(again && Describe(*again) == Describe(*spec),
                  fdfuzz::Quote(formatted) + " for " + Describe(*spec));
}

void
CheckHostClasses(const std::string& text)
{
    std::string error;
    const auto classes = ParseHostClasses(text, &error);
    if (!classes)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    double total = 0;
    std::string formatted;
    for (const auto& c : *classes)
    {
        FD_FUZZ_CHECK(!c.name.empty() && c.share > 0 && c.share <= 1);
        FD_FUZZ_CHECK(c.up.GetBitRate() >= 1 && c.down.GetBitRate() >= 1);
        total += c.share;
        std::ostringstream share;
        share << std::setprecision(17) << c.share;
        formatted += (formatted.empty() ? "" : " + ") + c.name + ":" + share.str() + ":" +
                     std::to_string(c.up.GetBitRate()) +
                     "bps:" + std::to_string(c.down.GetBitRate()) + "bps";
    }
    FD_FUZZ_CHECK(classes->empty() || std::abs(total - 1) <= 1e-6);
    const auto again = ParseHostClasses(formatted, &error);
    FD_FUZZ_CHECK(again && Describe(*again) == Describe(*classes), fdfuzz::Quote(formatted));
    // Every host gets a class, each class its share (rounded either way).
    for (uint32_t hosts : {1u, 7u, 100u})
    {
        const auto assignment = AssignHostClasses(*classes, hosts);
        FD_FUZZ_CHECK(assignment.size() == hosts);
        for (uint32_t c = 0; c < classes->size(); ++c)
        {
            const auto count = std::count(assignment.begin(), assignment.end(), c);
            FD_FUZZ_CHECK(std::abs(count - (*classes)[c].share * hosts) < 1 + 1e-6);
        }
    }
}

void
CheckLinkDowns(const std::string& text)
{
    std::string error;
    const auto outages = ParseLinkDowns(text, &error);
    if (!outages)
    {
        FD_FUZZ_CHECK(!error.empty());
        return;
    }
    std::string formatted;
    for (const auto& o : *outages)
    {
        FD_FUZZ_CHECK(o.down < o.up && !o.down.IsStrictlyNegative());
        FD_FUZZ_CHECK(o.host == "server" || o.host == "tracker" || o.index >= 1);
        formatted += (formatted.empty() ? "" : "+") + o.host + "@" +
                     std::to_string(o.down.GetNanoSeconds()) + "ns-" +
                     (o.up == Time::Max() ? std::string("inf")
                                          : std::to_string(o.up.GetNanoSeconds()) + "ns");
    }
    const auto again = ParseLinkDowns(formatted, &error);
    FD_FUZZ_CHECK(again && Describe(*again) == Describe(*outages), fdfuzz::Quote(formatted));
}

void
CheckSplit(const std::string& text)
{
    const auto items = SplitScenarioList(text);
    FD_FUZZ_CHECK(!items.empty());
    std::string joined;
    for (const auto& item : items)
    {
        FD_FUZZ_CHECK(item.empty() || (item.find_first_of(" \t\r\n") != 0 &&
                                       item.find_last_of(" \t\r\n") != item.size() - 1),
                      fdfuzz::Quote(item));
        joined += (joined.empty() && &item == &items.front() ? "" : ",") + item;
    }
    FD_FUZZ_CHECK(SplitScenarioList(joined) == items, fdfuzz::Quote(joined));
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fdfuzz::ByteReader reader(data, size);
    const uint8_t mode = reader.U8() % 7;
    const std::string text = reader.Rest();
    if (mode != 0 && MentionsFile(text))
    {
        return 0;
    }
    switch (mode)
    {
    case 0:
        CheckScenario(text);
        break;
    case 1:
        CheckRateSpec(text);
        break;
    case 2:
        CheckDurationSpec(text);
        break;
    case 3:
        CheckArrivalSpec(text);
        break;
    case 4:
        CheckHostClasses(text);
        break;
    case 5:
        CheckLinkDowns(text);
        break;
    default:
        CheckSplit(text);
        break;
    }
    return 0;
}
