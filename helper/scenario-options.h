// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_SCENARIO_OPTIONS_H
#define FILE_DISTRIBUTION_SCENARIO_OPTIONS_H

#include "ns3/command-line.h"
#include "ns3/distribution-experiment.h"

#include <map>
#include <optional>
#include <set>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The scenario keys (GetScenarioKeys) as an example's command-line options, so that
 * every example and scenario-runner share one vocabulary and one validation
 * (ApplyScenarioSetting): `--hosts`, `--host-upload`, `--arrivals`, `--link-down`, ...
 *
 * \code
 *   ScenarioOptions options({"network", "file", "bittorrent", "churn", "faults"},
 *                           {{"file.piece-size", "256KiB"}},      // this example's defaults
 *                           {{"peers", "network.hosts"}});        // older names still work
 *   CommandLine cmd(__FILE__);
 *   options.AddTo(cmd);
 *   cmd.Parse(argc, argv);
 *   std::string error;
 *   auto settings = options.Parse(&error); // nothing, and a message naming the option
 * \endcode
 */
class ScenarioOptions
{
  public:
    /**
     * \param sections the key sections to offer ("network", "file", ...); run parameters only
     * \param defaults this example's defaults, by INI key, where they differ from the keys'
     * \param aliases older option names -> the INI key they set
     * \param excluded INI keys not to offer
     */
    ScenarioOptions(const std::set<std::string>& sections,
                    const std::map<std::string, std::string>& defaults = {},
                    const std::map<std::string, std::string>& aliases = {},
                    const std::set<std::string>& excluded = {});

    /// \param cmd the example's command line: gets one option per key and alias
    void AddTo(CommandLine& cmd);

    /**
     * \brief Validates what was given (after CommandLine::Parse).
     * \param error receives a message naming the option, the value and what is allowed
     * \return the settings of one run, or nothing (also for a list of values: sweeps are
     * scenario-runner's)
     */
    std::optional<DistributionSettings> Parse(std::string* error) const;

  private:
    std::map<std::string, std::string> m_values;      //!< INI key -> value (the default first)
    std::map<std::string, std::string> m_defaults;    //!< INI key -> this example's default
    std::map<std::string, std::string> m_help;        //!< INI key -> help text
    std::map<std::string, std::string> m_options;     //!< INI key -> option name
    std::map<std::string, std::string> m_aliases;     //!< alias option -> INI key
    std::map<std::string, std::string> m_aliasValues; //!< alias option -> value, "" unset
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_SCENARIO_OPTIONS_H
