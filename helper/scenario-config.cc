// SPDX-License-Identifier: GPL-2.0-only

#include "scenario-config.h"

#include "ns3/quantity-parser.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace ns3
{

namespace
{

/// \return \p text without leading and trailing spaces and tabs
std::string
Trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
    {
        return "";
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

/// \return the key's description in messages: "network.hosts (--hosts)"
std::string
Describe(const ScenarioKey& key)
{
    return key.key + " (--" + key.option + ")";
}

/// \return the key of that INI name, or null
const ScenarioKey*
FindKey(const std::string& name)
{
    for (const auto& key : GetScenarioKeys())
    {
        if (key.key == name)
        {
            return &key;
        }
    }
    return nullptr;
}

/// \return a rate spec's value for plots: the rate, or the middle of the range
double
RateX(const RateSpec& spec)
{
    return (static_cast<double>(spec.min.GetBitRate()) +
            static_cast<double>(spec.max.GetBitRate())) /
           2;
}

/**
 * \brief Applies one value of a sweepable key to settings.
 * \param key the key's INI name
 * \param text the value
 * \param s the settings to change
 * \param x receives the value as a number
 * \param error receives the parser's message
 * \return false when the value is bad
 */
bool
ApplySetting(const std::string& key,
             const std::string& text,
             DistributionSettings& s,
             double& x,
             std::string* error)
{
    if (key == "network.hosts")
    {
        const auto v = ParseCount(text, 1, 2000, error);
        if (v)
        {
            s.hosts = static_cast<uint32_t>(*v);
            x = static_cast<double>(*v);
        }
        return v.has_value();
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
    if (key == "network.delay" || key == "bittorrent.join-window")
    {
        const auto v = ParseTime(text, error);
        if (v)
        {
            (key == "network.delay" ? s.delay : s.joinWindow) = *v;
            x = v->GetSeconds();
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
            if (error)
            {
                *error = "invalid piece size '" + text + "'; expected 16KiB..16MiB";
            }
            return false;
        }
        if (v)
        {
            s.pieceLength = static_cast<uint32_t>(*v);
            x = static_cast<double>(*v);
        }
        return v.has_value();
    }
    if (key == "bittorrent.seed-time")
    {
        if (text == "inf")
        {
            s.seedTime = Time::Max();
            x = std::numeric_limits<double>::infinity();
            return true;
        }
        const auto v = ParseTime(text, error);
        if (v)
        {
            s.seedTime = *v;
            x = v->GetSeconds();
        }
        else if (error)
        {
            *error += " (or inf: seed until the end)";
        }
        return v.has_value();
    }
    if (key == "bittorrent.max-peers")
    {
        const auto v = ParseCount(text, 1, 1000, error);
        if (v)
        {
            s.maxPeers = static_cast<uint32_t>(*v);
            x = static_cast<double>(*v);
        }
        return v.has_value();
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
        const auto v = ParseCount(text, 1, 1000, error);
        if (v)
        {
            s.seedUnchokeSlots = static_cast<uint32_t>(*v);
            x = static_cast<double>(*v);
        }
        else if (error)
        {
            *error += " (or auto: mainline's count for the seed's upload rate)";
        }
        return v.has_value();
    }
    if (key == "bittorrent.unchoke-slots" || key == "bittorrent.pipeline-depth")
    {
        const bool slots = key == "bittorrent.unchoke-slots";
        const auto v = ParseCount(text, 1, slots ? 1000 : 256, error);
        if (v)
        {
            (slots ? s.unchokeSlots : s.pipelineDepth) = static_cast<uint32_t>(*v);
            x = static_cast<double>(*v);
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
    if (error)
    {
        *error = "not a run parameter";
    }
    return false;
}

/// \return whether \p name may name files: 1..64 letters, digits, '.', '_', '-'
bool
IsFileNameSafe(const std::string& name)
{
    if (name.empty() || name.size() > 64 || name[0] == '.')
    {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
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
        {"network.delay", "delay", "2ms", "one-way delay of every access link", true},
        {"file.size", "file-size", "4MB", "file size F: bytes or with a unit (4MB, 10MiB)", true},
        {"file.piece-size", "piece-size", "64KiB", "BitTorrent piece length (16KiB..16MiB)", true},
        {"bittorrent.seed-time",
         "seed-time",
         "inf",
         "how long a finished leecher keeps seeding: a time, 0 or inf",
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
         "auto",
         "regular unchoke slots of a seed: auto (mainline's count for its upload rate: 26 at "
         "10 Mbps) or 1..1000",
         true},
        {"bittorrent.pipeline-depth",
         "pipeline-depth",
         "10",
         "block requests outstanding per connection (1..256)",
         true},
        {"bittorrent.join-window",
         "join-window",
         "0s",
         "leechers join uniformly within this time (0s: all at once)",
         true},
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
        {"output.dir", "output", "scenario-results", "directory the files are written to", false},
        {"output.csv", "csv", "true", "write results.csv and one CSV of hosts per run", false},
        {"output.plot", "plot", "true", "write a gnuplot script of D against the sweep", false},
        {"output.pcap", "pcap", "false", "capture the server's and host 1's access links", false},
    };
    return keys;
}

std::optional<std::string>
ResolveScenarioKey(const std::string& name)
{
    for (const auto& key : GetScenarioKeys())
    {
        if (key.key == name || key.option == name)
        {
            return key.key;
        }
    }
    return std::nullopt;
}

std::vector<std::string>
SplitScenarioList(const std::string& text)
{
    std::vector<std::string> items;
    std::string current;
    int depth = 0;
    for (char c : text)
    {
        if (c == '(')
        {
            ++depth;
        }
        else if (c == ')' && depth > 0)
        {
            --depth;
        }
        if (c == ',' && depth == 0)
        {
            items.push_back(Trim(current));
            current.clear();
        }
        else
        {
            current += c;
        }
    }
    items.push_back(Trim(current));
    return items;
}

std::optional<RateSpec>
ParseRateSpec(const std::string& text, std::string* error)
{
    const std::string t = Trim(text);
    const std::string prefix = "uniform(";
    if (t.compare(0, prefix.size(), prefix) != 0)
    {
        const auto rate = ParseDataRate(t, error);
        return rate ? std::optional<RateSpec>(RateSpec(*rate)) : std::nullopt;
    }
    const std::string expected = "; expected uniform(MIN,MAX) with two rates, MIN <= MAX";
    if (t.back() != ')')
    {
        if (error)
        {
            *error = "invalid rate range '" + text + "': no closing parenthesis" + expected;
        }
        return std::nullopt;
    }
    const std::string inner = t.substr(prefix.size(), t.size() - prefix.size() - 1);
    const auto comma = inner.find(',');
    if (comma == std::string::npos || inner.find(',', comma + 1) != std::string::npos)
    {
        if (error)
        {
            *error = "invalid rate range '" + text + "'" + expected;
        }
        return std::nullopt;
    }
    const auto min = ParseDataRate(Trim(inner.substr(0, comma)), error);
    if (!min)
    {
        return std::nullopt;
    }
    const auto max = ParseDataRate(Trim(inner.substr(comma + 1)), error);
    if (!max)
    {
        return std::nullopt;
    }
    if (*max < *min)
    {
        if (error)
        {
            *error = "invalid rate range '" + text + "': MIN is above MAX" + expected;
        }
        return std::nullopt;
    }
    return RateSpec::Uniform(*min, *max);
}

std::optional<ScenarioConfig>
ParseScenarioConfig(const std::map<std::string, std::string>& values, std::string* error)
{
    std::string localError;
    std::string* err = error ? error : &localError;
    auto fail = [err](const ScenarioKey& key, const std::string& message) {
        *err = Describe(key) + ": " + message;
        return std::nullopt;
    };

    std::map<std::string, std::string> merged;
    for (const auto& key : GetScenarioKeys())
    {
        merged[key.key] = key.defaultValue;
    }
    for (const auto& [name, value] : values)
    {
        if (!FindKey(name))
        {
            std::string known;
            for (const auto& key : GetScenarioKeys())
            {
                known += (known.empty() ? "" : ", ") + key.key;
            }
            *err = "unknown key '" + name + "'; known keys: " + known;
            return std::nullopt;
        }
        merged[name] = value;
    }

    ScenarioConfig config;
    DistributionSettings base;
    double unusedX = 0;
    for (const auto& key : GetScenarioKeys())
    {
        const std::string& text = merged[key.key];
        if (!key.sweepable)
        {
            continue;
        }
        const std::vector<std::string> items = SplitScenarioList(text);
        if (items.size() > 1)
        {
            if (!config.sweepKey.empty())
            {
                return fail(key,
                            "lists several values, and so does " + config.sweepKey +
                                "; only one key may be swept");
            }
            config.sweepKey = key.key;
            config.sweepValues = items;
            continue;
        }
        if (!ApplySetting(key.key, items[0], base, unusedX, err))
        {
            return fail(key, *err);
        }
    }

    // The keys that are not run parameters.
    const ScenarioKey& nameKey = *FindKey("run.name");
    config.name = Trim(merged[nameKey.key]);
    if (!IsFileNameSafe(config.name))
    {
        return fail(nameKey,
                    "invalid name '" + config.name +
                        "'; expected 1 to 64 letters, digits, '.', '_' or '-', not starting "
                        "with '.'");
    }
    const ScenarioKey& modesKey = *FindKey("run.modes");
    config.clientServer = false;
    config.bitTorrent = false;
    for (const auto& mode : SplitScenarioList(merged[modesKey.key]))
    {
        bool& flag = mode == "client-server" ? config.clientServer : config.bitTorrent;
        if ((mode != "client-server" && mode != "bittorrent") || flag)
        {
            return fail(modesKey,
                        "invalid mode '" + mode +
                            "'; expected client-server, bittorrent or both, each once, "
                            "separated by a comma");
        }
        flag = true;
    }
    const ScenarioKey& dirKey = *FindKey("output.dir");
    config.outputDir = Trim(merged[dirKey.key]);
    if (config.outputDir.empty())
    {
        return fail(dirKey, "the output directory must not be empty");
    }
    for (const auto& [name, flag] :
         std::vector<std::pair<std::string, bool*>>{{"output.csv", &config.csv},
                                                    {"output.plot", &config.plot},
                                                    {"output.pcap", &config.pcap}})
    {
        const auto v = ParseBool(Trim(merged[name]), err);
        if (!v)
        {
            return fail(*FindKey(name), *err);
        }
        *flag = *v;
    }

    // One run per swept value, or the base alone.
    if (config.sweepKey.empty())
    {
        config.runs.push_back(base);
        config.sweepX.push_back(base.hosts);
    }
    for (const auto& item : config.sweepValues)
    {
        DistributionSettings s = base;
        double x = 0;
        if (!ApplySetting(config.sweepKey, item, s, x, err))
        {
            return fail(*FindKey(config.sweepKey), *err);
        }
        config.runs.push_back(s);
        config.sweepX.push_back(x);
    }
    for (std::size_t i = 0; i < config.runs.size(); ++i)
    {
        const std::string invalid = DistributionExperiment::Validate(config.runs[i]);
        if (!invalid.empty())
        {
            *err = invalid;
            if (!config.sweepKey.empty())
            {
                *err +=
                    " (in the run with " + config.sweepKey + " = " + config.sweepValues[i] + ")";
            }
            return std::nullopt;
        }
    }
    return config;
}

} // namespace ns3
