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

    // join-window is short for arrivals = uniform(WINDOW): one of the two, not both. Either may
    // be a swept list, so every value of one is checked against every value of the other (a
    // sweep is exactly the set of its runs).
    for (const auto& windowText : SplitScenarioList(merged["bittorrent.join-window"]))
    {
        const auto window = ParseTime(windowText, nullptr);
        if (!window || !window->IsStrictlyPositive())
        {
            continue;
        }
        for (const auto& arrivals : SplitScenarioList(merged["churn.arrivals"]))
        {
            if (arrivals != "flash")
            {
                *err = "bittorrent.join-window (--join-window) and churn.arrivals (--arrivals) "
                       "both set how leechers arrive; set one of them";
                return std::nullopt;
            }
        }
    }

    ScenarioConfig config;
    DistributionSettings base;
    double unusedX = 0;
    for (const auto& key : GetScenarioKeys())
    {
        const std::string& text = merged[key.key];
        if (!IsRunParameter(key.key))
        {
            continue;
        }
        if (!key.sweepable)
        {
            if (!ApplyScenarioSetting(key.key, Trim(text), base, unusedX, err))
            {
                return fail(key, *err);
            }
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
        if (!ApplyScenarioSetting(key.key, items[0], base, unusedX, err))
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
        if (!ApplyScenarioSetting(config.sweepKey, item, s, x, err))
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
