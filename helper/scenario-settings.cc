// SPDX-License-Identifier: GPL-2.0-only
//
// The keys of scenario files and of the examples' options (one vocabulary), and how each
// value becomes a field of DistributionSettings.

#include "scenario-config.h"

#include "ns3/quantity-parser.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{

/// \return a rate spec's value for plots: the rate, or the middle of the range
double
RateX(const RateSpec& spec)
{
    return (static_cast<double>(spec.min.GetBitRate()) +
            static_cast<double>(spec.max.GetBitRate())) /
           2;
}

/**
 * \brief Parses a share: a number within [0, max].
 * \param text the value
 * \param max the largest allowed
 * \param error receives a message naming the value and what is allowed
 * \return the share, or nothing
 */
std::optional<double>
ParseShare(const std::string& text, double max, std::string* error)
{
    std::istringstream in(text);
    double v = 0;
    if (!(in >> v) || !in.eof() || !std::isfinite(v) || v < 0 || v > max)
    {
        if (error)
        {
            std::ostringstream os;
            os << "invalid value '" << text << "'; expected a number from 0 to " << max;
            *error = os.str();
        }
        return std::nullopt;
    }
    return v;
}

/// \param d a duration \return its value on a plot axis: the mean, s (inf for inf)
double
DurationX(const DurationSpec& d)
{
    return d.GetMeanSeconds();
}

/**
 * \brief Parses a count and stores it.
 * \param text the value \param min smallest \param max largest \param field where it goes
 * \param x its plot value \param error the message \return false when bad
 */
bool
SetCount(const std::string& text,
         uint64_t min,
         uint64_t max,
         uint32_t& field,
         double& x,
         std::string* error)
{
    const auto v = ParseCount(text, min, max, error);
    if (v)
    {
        field = static_cast<uint32_t>(*v);
        x = static_cast<double>(*v);
    }
    return v.has_value();
}

} // namespace

const std::vector<ScenarioKey>&
GetScenarioKeys()
{
    static const std::vector<ScenarioKey> keys = {
        {"network.hosts", "hosts", "20", "number of hosts N that want the file (1..2000)", true},
        {"network.server-upload", "server-upload", "10Mbps", "upload rate u_s of the server", true},
        {"network.host-upload",
         "host-upload",
         "2Mbps",
         "upload rate u_i of every host: a rate, or uniform(MIN,MAX) drawn per host",
         true},
        {"network.host-download",
         "host-download",
         "8Mbps",
         "download rate d_i of every host: a rate, or uniform(MIN,MAX) drawn per host",
         true},
        {"network.host-classes",
         "host-classes",
         "none",
         "host classes with their own rates, NAME:SHARE:UP:DOWN joined by + (dsl:0.6:1Mbps:8Mbps"
         " + fibre:0.4:50Mbps:100Mbps); they replace host-upload and host-download",
         false},
        {"network.delay", "delay", "2ms", "one-way delay of every access link", true},
        {"network.regions",
         "regions",
         "1",
         "core routers (1..64): 1 is the star; more split the hosts into contiguous blocks "
         "around a core each, every two cores joined by a backbone link that never limits",
         true},
        {"network.backbone-delay",
         "backbone-delay",
         "1ms",
         "one-way delay of every backbone link between two regional cores (positive)",
         true},
        {"file.size", "file-size", "4MB", "file size F: bytes or with a unit (4MB, 10MiB)", true},
        {"file.piece-size", "piece-size", "64KiB", "BitTorrent piece length (16KiB..16MiB)", true},
        {"bittorrent.seeds",
         "seeds",
         "1",
         "initial seeds (1..100): the server, and seeds - 1 hosts with the hosts' rates",
         true},
        {"bittorrent.tracker-host",
         "tracker-host",
         "server",
         "where the tracker runs: server (beside the first seed) or own (a host of its own)",
         false},
        {"bittorrent.seed-time",
         "seed-time",
         "inf",
         "how long a finished leecher keeps seeding: inf, a time (0s: leaves at once), "
         "exponential(MEAN) or weibull(SCALE,SHAPE), drawn per peer",
         true},
        {"bittorrent.free-riders",
         "free-riders",
         "0",
         "share of the leechers that never upload (0..1), spread evenly",
         true},
        {"bittorrent.max-peers",
         "max-peers",
         "30",
         "neighbours each peer connects to (1..1000)",
         true},
        {"bittorrent.unchoke-slots",
         "unchoke-slots",
         "4",
         "tit-for-tat unchoke slots of every peer (1..1000; at least the hosts: no tit-for-tat)",
         true},
        {"bittorrent.seed-unchoke-slots",
         "seed-unchoke-slots",
         "4",
         "regular unchoke slots of a seed: 1..1000 (4, as libtorrent's slots count for a seed "
         "too) or auto (mainline's count for its upload rate: 26 at 10 Mbps)",
         true},
        {"bittorrent.seed-choking",
         "seed-choking",
         "round-robin",
         "whom a seed unchokes: round-robin (libtorrent's default: a peer keeps its slot for 20 "
         "pieces and a minute), fastest-upload (BEP 3) or anti-leech",
         false},
        {"bittorrent.pipeline-depth",
         "pipeline-depth",
         "10",
         "block requests outstanding per connection (1..256)",
         true},
        {"bittorrent.join-window",
         "join-window",
         "0s",
         "leechers join uniformly within this time (0s: all at once); short for "
         "arrivals=uniform(WINDOW)",
         true},
        {"churn.arrivals",
         "arrivals",
         "flash",
         "how leechers arrive: flash, uniform(WINDOW), poisson(RATE per second) or file(PATH) "
         "(one join time in seconds per line)",
         true},
        {"churn.leecher-session",
         "leecher-session",
         "inf",
         "how long a leecher stays from its arrival, done or not: inf, a time, "
         "exponential(MEAN) or weibull(SCALE,SHAPE)",
         true},
        {"churn.seed-session",
         "seed-session",
         "inf",
         "how long the initial seeds (the server first) stay: inf, a time, exponential(MEAN) or "
         "weibull(SCALE,SHAPE); a swarm whose seeds leave before a full copy spread stalls",
         true},
        {"churn.departure",
         "departure",
         "graceful",
         "how peers leave: graceful (stopped announce, FIN) or crash (silent)",
         false},
        {"faults.loss",
         "loss",
         "0",
         "random packet loss on every access link, both directions (0..0.5)",
         true},
        {"faults.link-down",
         "link-down",
         "none",
         "access links down for a while, HOST@DOWN-UP joined by + (HOST server, tracker or a "
         "host 1..N; UP a time or inf): server@30s-210s + tracker@0s-60s",
         false},
        {"run.name",
         "name",
         "scenario",
         "name of the scenario in file names and titles (letters, digits, . _ -)",
         false},
        {"run.modes",
         "modes",
         "client-server,bittorrent",
         "what to run: client-server, bittorrent or both (comma list)",
         false},
        {"run.rng-run", "rng-run", "1", "ns-3 RngRun of every run (1..4294967295)", true},
        {"run.stall-time",
         "stall-time",
         "600s",
         "a BitTorrent run in which no block moved for this long ends as stalled",
         false},
        {"output.dir", "output", "scenario-results", "directory the files are written to", false},
        {"output.csv", "csv", "true", "write results.csv and one CSV of hosts per run", false},
        {"output.plot", "plot", "true", "write a gnuplot script of D against the sweep", false},
        {"output.pcap", "pcap", "false", "capture the server's and host 1's access links", false},
    };
    return keys;
}

bool
IsRunParameter(const std::string& key)
{
    return key.rfind("output.", 0) != 0 && key != "run.name" && key != "run.modes";
}

bool
ApplyScenarioSetting(const std::string& key,
                     const std::string& text,
                     DistributionSettings& s,
                     double& x,
                     std::string* error)
{
    if (key == "network.hosts")
    {
        return SetCount(text, 1, 2000, s.hosts, x, error);
    }
    if (key == "network.server-upload")
    {
        const auto v = ParseDataRate(text, error);
        if (v)
        {
            s.serverUpload = *v;
            x = static_cast<double>(v->GetBitRate());
        }
        return v.has_value();
    }
    if (key == "network.host-upload" || key == "network.host-download")
    {
        const auto v = ParseRateSpec(text, error);
        if (v)
        {
            (key == "network.host-upload" ? s.hostUpload : s.hostDownload) = *v;
            x = RateX(*v);
        }
        return v.has_value();
    }
    if (key == "network.host-classes")
    {
        const auto v = ParseHostClasses(text, error);
        if (v)
        {
            s.hostClasses = *v;
        }
        return v.has_value();
    }
    if (key == "network.regions")
    {
        return SetCount(text, 1, 64, s.regions, x, error);
    }
    if (key == "network.delay" || key == "network.backbone-delay" || key == "run.stall-time")
    {
        const auto v = ParseTime(text, error);
        if (v)
        {
            (key == "network.delay"            ? s.delay
             : key == "network.backbone-delay" ? s.backboneDelay
                                               : s.stallTime) = *v;
            x = v->GetSeconds();
        }
        if (v && key != "network.delay" && !v->IsStrictlyPositive())
        {
            *error = key == "run.stall-time" ? "the stall time must be positive"
                                             : "the backbone delay must be positive";
            return false;
        }
        return v.has_value();
    }
    if (key == "file.size")
    {
        const auto v = ParseByteSize(text, error);
        if (v)
        {
            s.fileSize = *v;
            x = static_cast<double>(*v);
        }
        return v.has_value();
    }
    if (key == "file.piece-size")
    {
        const auto v = ParseByteSize(text, error);
        if (v && (*v < 16384 || *v > (16u << 20)))
        {
            *error = "invalid piece size '" + text + "'; expected 16KiB..16MiB";
            return false;
        }
        if (v)
        {
            s.pieceLength = static_cast<uint32_t>(*v);
            x = static_cast<double>(*v);
        }
        return v.has_value();
    }
    if (key == "bittorrent.seeds")
    {
        return SetCount(text, 1, 100, s.seeds, x, error);
    }
    if (key == "bittorrent.tracker-host")
    {
        if (text != "server" && text != "own")
        {
            *error = "invalid tracker host '" + text + "'; expected server or own";
            return false;
        }
        s.trackerOwnHost = text == "own";
        return true;
    }
    if (key == "bittorrent.seed-time" || key == "churn.leecher-session" ||
        key == "churn.seed-session")
    {
        const auto v = ParseDurationSpec(text, error);
        if (v)
        {
            (key == "bittorrent.seed-time" ? s.seedTime
             : key == "churn.seed-session" ? s.seedSession
                                           : s.leecherSession) = *v;
            x = DurationX(*v);
        }
        return v.has_value();
    }
    if (key == "bittorrent.free-riders" || key == "faults.loss")
    {
        const bool riders = key == "bittorrent.free-riders";
        const auto v = ParseShare(text, riders ? 1.0 : 0.5, error);
        if (v)
        {
            (riders ? s.freeRiders : s.lossRate) = *v;
            x = *v;
        }
        return v.has_value();
    }
    if (key == "bittorrent.max-peers")
    {
        return SetCount(text, 1, 1000, s.maxPeers, x, error);
    }
    if (key == "bittorrent.seed-unchoke-slots")
    {
        if (text == "auto")
        {
            s.seedUnchokeSlots = 0;
            // Not a position on an axis: the plot numbers the runs, as for seed-time = inf.
            x = std::numeric_limits<double>::infinity();
            return true;
        }
        if (!SetCount(text, 1, 1000, s.seedUnchokeSlots, x, error))
        {
            *error += " (or auto: mainline's count for the seed's upload rate)";
            return false;
        }
        return true;
    }
    if (key == "bittorrent.seed-choking")
    {
        if (text != "round-robin" && text != "fastest-upload" && text != "anti-leech")
        {
            *error = "invalid seed-choking '" + text +
                     "'; expected round-robin, fastest-upload or anti-leech";
            return false;
        }
        s.seedChoking = text;
        return true;
    }
    if (key == "bittorrent.unchoke-slots")
    {
        return SetCount(text, 1, 1000, s.unchokeSlots, x, error);
    }
    if (key == "bittorrent.pipeline-depth")
    {
        return SetCount(text, 1, 256, s.pipelineDepth, x, error);
    }
    if (key == "bittorrent.join-window")
    {
        const auto v = ParseTime(text, error);
        if (v)
        {
            // 0 s (a flash crowd, the default) leaves what churn.arrivals may have set, so that
            // the order in which the two keys are applied does not matter (both set to
            // something else is refused by ParseScenarioConfig).
            if (v->IsStrictlyPositive())
            {
                s.arrivals.kind = ArrivalSpec::Kind::UNIFORM;
                s.arrivals.window = *v;
            }
            x = v->GetSeconds();
        }
        return v.has_value();
    }
    if (key == "churn.arrivals")
    {
        const auto v = ParseArrivalSpec(text, error);
        // flash, the default, leaves what join-window (its short form) may have set.
        if (v && v->kind != ArrivalSpec::Kind::FLASH)
        {
            s.arrivals = *v;
            x = v->kind == ArrivalSpec::Kind::POISSON ? v->rate : v->window.GetSeconds();
        }
        return v.has_value();
    }
    if (key == "churn.departure")
    {
        if (text != "graceful" && text != "crash")
        {
            *error = "invalid departure '" + text + "'; expected graceful or crash";
            return false;
        }
        s.crashOnLeave = text == "crash";
        return true;
    }
    if (key == "faults.link-down")
    {
        const auto v = ParseLinkDowns(text, error);
        if (v)
        {
            s.linkDowns = *v;
        }
        return v.has_value();
    }
    if (key == "run.rng-run")
    {
        const auto v = ParseCount(text, 1, std::numeric_limits<uint32_t>::max(), error);
        if (v)
        {
            s.rngRun = *v;
            x = static_cast<double>(*v);
        }
        return v.has_value();
    }
    *error = "not a run parameter";
    return false;
}

} // namespace ns3
