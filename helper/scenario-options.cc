// SPDX-License-Identifier: GPL-2.0-only

#include "scenario-options.h"

#include "ns3/scenario-config.h"

namespace ns3
{

ScenarioOptions::ScenarioOptions(const std::set<std::string>& sections,
                                 const std::map<std::string, std::string>& defaults,
                                 const std::map<std::string, std::string>& aliases,
                                 const std::set<std::string>& excluded)
    : m_aliases(aliases)
{
    for (const auto& key : GetScenarioKeys())
    {
        const std::string section = key.key.substr(0, key.key.find('.'));
        if (!sections.count(section) || !IsRunParameter(key.key) || excluded.count(key.key))
        {
            continue;
        }
        auto d = defaults.find(key.key);
        m_defaults[key.key] = d == defaults.end() ? key.defaultValue : d->second;
        m_values[key.key] = m_defaults[key.key];
        m_help[key.key] = key.help;
        m_options[key.key] = key.option;
    }
    for (const auto& [alias, key] : m_aliases)
    {
        m_aliasValues[alias] = "";
    }
}

void
ScenarioOptions::AddTo(CommandLine& cmd)
{
    // CommandLine keeps references: the map's nodes do not move.
    for (auto& [key, value] : m_values)
    {
        cmd.AddValue(m_options[key], m_help[key], value);
    }
    for (auto& [alias, value] : m_aliasValues)
    {
        cmd.AddValue(alias, "the same as --" + m_options[m_aliases[alias]], value);
    }
}

std::optional<DistributionSettings>
ScenarioOptions::Parse(std::string* error) const
{
    std::map<std::string, std::string> values = m_values;
    for (const auto& [alias, value] : m_aliasValues)
    {
        if (value.empty())
        {
            continue;
        }
        const std::string& key = m_aliases.at(alias);
        const std::string& option = m_options.at(key);
        if (values[key] != m_defaults.at(key) && values[key] != value)
        {
            *error = "--" + alias + " and --" + option + " set the same thing (" + key +
                     "); give one of them";
            return std::nullopt;
        }
        values[key] = value;
    }
    auto config = ParseScenarioConfig(values, error);
    if (!config)
    {
        return std::nullopt;
    }
    if (config->runs.size() != 1)
    {
        *error = config->sweepKey + " (--" + m_options.at(config->sweepKey) +
                 "): one value here; a list of values sweeps a parameter in scenario-runner";
        return std::nullopt;
    }
    return config->runs[0];
}

} // namespace ns3
