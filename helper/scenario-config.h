// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_SCENARIO_CONFIG_H
#define FILE_DISTRIBUTION_SCENARIO_CONFIG_H

#include "ns3/distribution-experiment.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * The keys of a scenario file (scenarios/README.md) and their validation into
 * DistributionSettings: pure logic, no simulator, every bad value an error message.
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief One key of a scenario file.
 */
struct ScenarioKey
{
    std::string key;          //!< "section.name", as Boost.Program_options names INI keys
    std::string option;       //!< the command-line option mirroring it (without "--")
    std::string defaultValue; //!< the value when neither the file nor the command line sets it
    std::string help;         //!< what it is and what is allowed
    bool sweepable;           //!< whether a comma list of values sweeps it
};

/**
 * \ingroup file-distribution
 * \brief A validated scenario: one DistributionSettings per run of the sweep, and what to run
 * and write.
 */
struct ScenarioConfig
{
    std::vector<DistributionSettings> runs; //!< one per sweep value (one run without a sweep)
    std::string sweepKey;                   //!< the swept key, "" when nothing is swept
    std::vector<std::string> sweepValues;   //!< the swept key's value of each run, as written
    std::vector<double> sweepX;             //!< the same as numbers (bytes, bit/s, s), for plots
    bool clientServer{true};                //!< run the client-server mode
    bool bitTorrent{true};                  //!< run the BitTorrent mode
    bool csv{true};                         //!< write results.csv and per-run host CSVs
    bool plot{true};                        //!< write the gnuplot script of D
    bool pcap{false};                       //!< capture the server's and host 1's links
    std::string outputDir;                  //!< where the files go
    std::string name;                       //!< the scenario's name (file names, plot title)
};

/// \ingroup file-distribution
/// \return every key a scenario may set, in the order of scenarios/README.md
const std::vector<ScenarioKey>& GetScenarioKeys();

/**
 * \ingroup file-distribution
 * \param key a key's INI name
 * \return true if the key sets a field of DistributionSettings (not run.name, run.modes or
 * an output.* key)
 */
bool IsRunParameter(const std::string& key);

/**
 * \ingroup file-distribution
 * \brief Validates one value of a run parameter into settings: the one place where the
 * examples' options and the scenario files' keys become DistributionSettings.
 * \param key the key's INI name
 * \param text the value (one item, not a list)
 * \param settings the settings to change
 * \param x receives the value as a number for plots (bytes, bit/s, s)
 * \param error receives a message naming the value and what is allowed (not null)
 * \return false when the value is bad
 */
bool ApplyScenarioSetting(const std::string& key,
                          const std::string& text,
                          DistributionSettings& settings,
                          double& x,
                          std::string* error);

/**
 * \ingroup file-distribution
 * \brief Finds a key by its INI name ("network.hosts") or its option name ("hosts").
 * \param name the name
 * \return the key's INI name, or nothing when no key has that name
 */
std::optional<std::string> ResolveScenarioKey(const std::string& name);

/**
 * \ingroup file-distribution
 * \brief Splits a value at the commas that are not inside parentheses, trimming spaces:
 * "10, 20" gives {"10", "20"}, "uniform(1Mbps,2Mbps)" stays whole.
 * \param text the value
 * \return the items (one item, possibly empty, when there is no comma)
 */
std::vector<std::string> SplitScenarioList(const std::string& text);

/**
 * \ingroup file-distribution
 * \brief Parses a host rate: a data rate ("2Mbps") or "uniform(MIN, MAX)" with MIN <= MAX.
 * \param text the value
 * \param error receives a message naming the value and what is allowed (may be null)
 * \return the rate, or nothing
 */
std::optional<RateSpec> ParseRateSpec(const std::string& text, std::string* error);

/**
 * \ingroup file-distribution
 * \brief Validates the values of a scenario into runs. Keys missing from \p values take their
 * defaults; one sweepable key may hold a comma list (one run per item).
 * \param values INI name ("network.hosts") -> value, as read from the file and the command line
 * \param error receives a message naming the key, the value and what is allowed (may be null)
 * \return the scenario, or nothing on the first unknown key or bad value
 */
std::optional<ScenarioConfig> ParseScenarioConfig(const std::map<std::string, std::string>& values,
                                                  std::string* error);

} // namespace ns3

#endif // FILE_DISTRIBUTION_SCENARIO_CONFIG_H
