// SPDX-License-Identifier: GPL-2.0-only
//
// Experiments from scenario files: reads an INI scenario (scenarios/README.md explains the
// keys) plus command-line overrides, runs client-server and/or BitTorrent distribution on the
// same access network for every value of the swept key, and writes
//
//   - a results table on stdout (mode, N, D, bound, D / bound),
//   - DIR/results.csv (one row per run and mode) and DIR/NAME-runK-MODE-hosts.csv (one row per
//     host of each run),
//   - DIR/NAME.plt, a gnuplot script of D against the swept value for both modes with both
//     bounds (`gnuplot NAME.plt` draws NAME.png: client-server grows linearly, P2P flattens),
//   - optionally pcaps of the server's and the first host's access links.
//
//   ./scenario-runner scenarios/lecture.ini
//   ./scenario-runner scenarios/lecture.ini --hosts=5,10 --file-size=2MB --output=out
//   ./scenario-runner scenarios/lecture.ini --set network.host-upload=uniform(1Mbps,3Mbps)
//   ./scenario-runner --hosts=4 --modes=bittorrent      (no file: the defaults)
//
// An unknown key, a malformed value or an unreadable file gets a message naming it and what
// is allowed, and exit code 1.

#include "ns3/distributed-run.h"
#include "ns3/distribution-experiment.h"
#include "ns3/gnuplot.h"
#include "ns3/quantity-parser.h"
#include "ns3/scenario-config.h"
#include "ns3/swarm-statistics.h"

#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

using namespace ns3;
namespace po = boost::program_options;

namespace
{

/// Prints an error and returns the exit code of one.
int
InputError(const std::string& message)
{
    std::cerr << "scenario-runner: error: " << message << std::endl;
    return 1;
}

/**
 * \brief Finds a scenario file: as given, or, for a relative path not found from here,
 * relative to the module's source directory (so that tests run from a build directory).
 * \param path the path given
 * \return the path to open
 */
std::string
FindScenarioFile(const std::string& path)
{
    std::error_code ec;
#ifdef FILE_DISTRIBUTION_SOURCE_DIR
    const std::filesystem::path p(path);
    if (!std::filesystem::exists(p, ec) && p.is_relative())
    {
        const std::filesystem::path alt = std::filesystem::path(FILE_DISTRIBUTION_SOURCE_DIR) / p;
        if (std::filesystem::exists(alt, ec))
        {
            return alt.string();
        }
    }
#endif
    return path;
}

/**
 * \brief Reads a scenario file into INI name -> value.
 * \param path the file
 * \param values where to
 * \param error receives the message on failure
 * \return false on failure
 */
bool
ReadScenarioFile(const std::string& path,
                 std::map<std::string, std::string>& values,
                 std::string& error)
{
    std::ifstream in(path);
    if (!in)
    {
        error = "cannot read scenario file '" + path + "'";
        return false;
    }
    try
    {
        // Unregistered keys are accepted here so that ParseScenarioConfig names them and lists
        // the known ones.
        const po::options_description none;
        const po::parsed_options parsed = po::parse_config_file(in, none, true);
        for (const auto& option : parsed.options)
        {
            if (option.value.size() != 1)
            {
                error = path + ": key '" + option.string_key + "' has no single value";
                return false;
            }
            if (!values.emplace(option.string_key, option.value[0]).second)
            {
                error = path + ": key '" + option.string_key + "' is set twice";
                return false;
            }
        }
    }
    catch (const std::exception& e)
    {
        error = path + ": " + e.what();
        return false;
    }
    return true;
}

/// The outcome of one mode of one run, for the table, the CSV and the plot.
struct Row
{
    std::size_t run;           //!< index in the sweep
    DistributionResult result; //!< what the experiment returned
};

/// \return seconds with two decimals, or "incomplete"
std::string
Seconds2(std::optional<double> value)
{
    if (!value)
    {
        return "incomplete";
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(2) << *value;
    return os.str();
}

/// \return the axis label for a swept key
std::string
AxisLabel(const std::string& key)
{
    static const std::map<std::string, std::string> labels = {
        {"", "hosts N"},
        {"network.hosts", "hosts N"},
        {"network.server-upload", "server upload rate u_s (bit/s)"},
        {"network.host-upload", "host upload rate u_i (bit/s)"},
        {"network.host-download", "host download rate d_i (bit/s)"},
        {"network.delay", "access link delay (s)"},
        {"file.size", "file size F (bytes)"},
        {"file.piece-size", "piece length (bytes)"},
        {"bittorrent.seed-time", "seed time (s)"},
        {"bittorrent.max-peers", "neighbours per peer"},
        {"bittorrent.unchoke-slots", "unchoke slots per peer"},
        {"bittorrent.seed-unchoke-slots", "unchoke slots of a seed"},
        {"bittorrent.pipeline-depth", "requests outstanding per connection"},
        {"bittorrent.join-window", "join window (s)"},
        {"run.rng-run", "RngRun"},
    };
    const auto it = labels.find(key);
    return it == labels.end() ? key : it->second;
}

/**
 * \brief Writes the gnuplot script of D and the bounds against the swept value.
 * \param file the .plt file
 * \param config the scenario
 * \param rows the results
 * \return false when the file cannot be written
 */
bool
WritePlot(const std::string& file, const ScenarioConfig& config, const std::vector<Row>& rows)
{
    // Gnuplot cannot place x = inf (seed-time = inf): then the runs are numbered instead.
    bool finite = true;
    for (double x : config.sweepX)
    {
        finite = finite && std::isfinite(x);
    }
    auto xOf = [&](std::size_t run) { return finite ? config.sweepX[run] : double(run + 1); };

    const std::string png = std::filesystem::path(file).stem().string() + ".png";
    Gnuplot plot(png, "Distribution time D of '" + config.name + "' and the lower bounds");
    plot.SetTerminal("png size 800,600");
    plot.SetLegend(finite ? AxisLabel(config.sweepKey) : "run (see results.csv)",
                   "distribution time D (s)");
    plot.AppendExtra("set key top left");
    plot.AppendExtra("set yrange [0:*]");
    Gnuplot2dDataset cs("client-server D");
    Gnuplot2dDataset bt("BitTorrent D");
    Gnuplot2dDataset csBound("client-server bound max(NF/u_s, F/d_min)");
    Gnuplot2dDataset p2pBound("P2P bound max(F/u_s, F/d_min, NF/(u_s+sum u_i))");
    cs.SetStyle(Gnuplot2dDataset::LINES_POINTS);
    bt.SetStyle(Gnuplot2dDataset::LINES_POINTS);
    csBound.SetStyle(Gnuplot2dDataset::LINES);
    p2pBound.SetStyle(Gnuplot2dDataset::LINES);
    std::set<std::size_t> boundsDone;
    for (const auto& row : rows)
    {
        const double x = xOf(row.run);
        if (row.result.distributionTime)
        {
            (row.result.mode == "client-server" ? cs : bt).Add(x, *row.result.distributionTime);
        }
        if (boundsDone.insert(row.run).second)
        {
            csBound.Add(x, row.result.clientServerBound);
            p2pBound.Add(x, row.result.peerToPeerBound);
        }
    }
    if (config.clientServer)
    {
        plot.AddDataset(cs);
    }
    if (config.bitTorrent)
    {
        plot.AddDataset(bt);
    }
    plot.AddDataset(csBound);
    plot.AddDataset(p2pBound);
    std::ofstream out(file);
    plot.GenerateOutput(out);
    return static_cast<bool>(out);
}

/**
 * \brief Writes results.csv.
 * \param file the file
 * \param config the scenario
 * \param rows the results
 * \return false when the file cannot be written
 */
bool
WriteResults(const std::string& file, const ScenarioConfig& config, const std::vector<Row>& rows)
{
    std::ofstream out(file);
    out << "run,sweep_key,sweep_value,mode,hosts,file_bytes,piece_bytes,server_upload_bps,"
           "host_upload,host_download,delay_s,rng_run,D_s,bound_s,D_over_bound,cs_bound_s,"
           "p2p_bound_s,wall_s,leechers_done,leechers_gone,mean_download_s,stall\n";
    out << std::setprecision(9);
    for (const auto& row : rows)
    {
        const DistributionSettings& s = config.runs[row.run];
        const DistributionResult& r = row.result;
        out << row.run << "," << config.sweepKey << ","
            << (config.sweepKey.empty() ? "" : config.sweepValues[row.run]) << "," << r.mode << ","
            << r.hosts << "," << s.fileSize << "," << s.pieceLength << ","
            << s.serverUpload.GetBitRate() << "," << s.hostUpload.ToString() << ","
            << s.hostDownload.ToString() << "," << s.delay.GetSeconds() << "," << s.rngRun << ",";
        if (r.distributionTime)
        {
            out << *r.distributionTime << "," << r.bound << "," << *r.distributionTime / r.bound;
        }
        else
        {
            out << "," << r.bound << ",";
        }
        out << "," << r.clientServerBound << "," << r.peerToPeerBound << "," << r.wallSeconds << ","
            << r.leechersDone << "," << r.leechersGone << "," << r.meanDownloadTime << ","
            << (r.stall.empty() ? "" : "\"" + r.stall + "\"") << "\n";
    }
    return static_cast<bool>(out);
}

} // namespace

int
main(int argc, char* argv[])
{
    // Every scenario key has a command-line option of the same meaning (--hosts for
    // [network] hosts); values stay text so that ParseScenarioConfig validates them all alike.
    po::options_description general("Options");
    general.add_options()("help,h", "print this help and exit")(
        "scenario",
        po::value<std::string>(),
        "the INI scenario file (also the first positional argument)")(
        "set",
        po::value<std::vector<std::string>>()->composing(),
        "KEY=VALUE: set a scenario key by its INI name (network.hosts=40) or option name "
        "(hosts=40); may be repeated")(
        "mpi",
        po::value<std::string>()->implicit_value("true")->value_name("BOOL"),
        "distribute every run over the ranks of mpirun (ns-3's granted-time-window engine; "
        "needs a build with MPI, doc/distributed.rst)");
    po::options_description keys("Scenario keys (INI [section] name, command-line --option)");
    for (const auto& key : GetScenarioKeys())
    {
        keys.add_options()(
            key.option.c_str(),
            po::value<std::string>()->value_name("VALUE"),
            (key.help + " [" + key.key + ", default " + key.defaultValue + "]").c_str());
    }
    po::options_description all;
    all.add(general).add(keys);
    po::positional_options_description positional;
    positional.add("scenario", 1);

    po::variables_map vm;
    try
    {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    }
    catch (const std::exception& e)
    {
        return InputError(std::string(e.what()) + " (see --help)");
    }
    if (vm.count("help"))
    {
        std::cout << "Usage: scenario-runner [SCENARIO.ini] [--KEY=VALUE ...] [--set "
                     "KEY=VALUE ...]\n\n"
                     "Runs client-server and/or BitTorrent distribution of one file on the same "
                     "access network for every value\nof the swept key (a comma list: "
                     "hosts = 10,20,40) and writes a table, CSVs and a gnuplot script.\n"
                     "Command-line values override the file's.\n\n"
                  << all << std::endl;
        return 0;
    }

    std::map<std::string, std::string> values;
    std::string error;
    DistributedRun::Guard mpiGuard; // ends MPI on every return once it started
    if (vm.count("mpi"))
    {
        const auto mpi = ParseBool(vm["mpi"].as<std::string>(), &error);
        if (!mpi)
        {
            return InputError("--mpi: " + error);
        }
        if (*mpi && !DistributedRun::Enable(&argc, &argv, &error))
        {
            return InputError("--mpi: " + error);
        }
    }
    // Every rank has every result; rank 0 writes the files (pcaps: each rank its own hosts').
    const bool writer = DistributedRun::GetRank() == 0;
    if (vm.count("scenario"))
    {
        const std::string path = FindScenarioFile(vm["scenario"].as<std::string>());
        if (!ReadScenarioFile(path, values, error))
        {
            return InputError(error);
        }
    }
    for (const auto& key : GetScenarioKeys())
    {
        if (vm.count(key.option))
        {
            values[key.key] = vm[key.option].as<std::string>();
        }
    }
    if (vm.count("set"))
    {
        for (const auto& assignment : vm["set"].as<std::vector<std::string>>())
        {
            const auto eq = assignment.find('=');
            if (eq == std::string::npos)
            {
                return InputError("--set '" + assignment + "': expected KEY=VALUE");
            }
            const std::string name = assignment.substr(0, eq);
            const auto key = ResolveScenarioKey(name);
            if (!key)
            {
                return InputError("--set '" + assignment + "': unknown key '" + name +
                                  "' (see --help for the keys)");
            }
            values[*key] = assignment.substr(eq + 1);
        }
    }

    const auto config = ParseScenarioConfig(values, &error);
    if (!config)
    {
        return InputError(error);
    }
    if (DistributedRun::IsEnabled() &&
        (config->runs.size() > 1 || (config->clientServer && config->bitTorrent)))
    {
        // ns-3.37's MPI interface frees its buffers in Simulator::Destroy and cannot start
        // again in the same process (doc/distributed.rst).
        return InputError("--mpi: a distributed run is one simulation per process: give one "
                          "mode (run.modes) and no swept key; this scenario has " +
                          std::to_string(config->runs.size()) + " run(s)" +
                          (config->clientServer && config->bitTorrent ? " in two modes" : ""));
    }
    std::error_code ec;
    std::filesystem::create_directories(config->outputDir, ec);
    if (ec || !std::filesystem::is_directory(config->outputDir, ec))
    {
        return InputError("output.dir (--output): cannot create directory '" + config->outputDir +
                          "'");
    }
    const std::filesystem::path dir(config->outputDir);

    std::cout << "Scenario '" << config->name << "': " << config->runs.size() << " run(s)";
    if (!config->sweepKey.empty())
    {
        std::cout << ", sweeping " << config->sweepKey;
    }
    std::cout << "; output in " << config->outputDir << "/\n\n";
    const bool showSweep = !config->sweepKey.empty() && config->sweepKey != "network.hosts";
    std::cout << std::left << std::setw(15) << "mode";
    if (showSweep)
    {
        std::cout << std::setw(18) << config->sweepKey.substr(config->sweepKey.find('.') + 1);
    }
    std::cout << std::right << std::setw(6) << "N" << std::setw(13) << "D (s)" << std::setw(13)
              << "bound (s)" << std::setw(11) << "D/bound" << std::setw(12) << "mean (s)"
              << std::setw(10) << "done" << std::setw(10) << "wall (s)" << std::endl;

    std::vector<Row> rows;
    bool allComplete = true;
    for (std::size_t i = 0; i < config->runs.size(); ++i)
    {
        DistributionSettings settings = config->runs[i];
        const std::string runName = config->name + "-run" + std::to_string(i);
        if (config->pcap)
        {
            settings.pcapPrefix = (dir / runName).string();
        }
        const DistributionExperiment experiment(settings);
        std::vector<std::string> modes;
        if (config->clientServer)
        {
            modes.emplace_back("client-server");
        }
        if (config->bitTorrent)
        {
            modes.emplace_back("bittorrent");
        }
        for (const auto& mode : modes)
        {
            Row row{i,
                    mode == "client-server" ? experiment.RunClientServer()
                                            : experiment.RunBitTorrent()};
            const DistributionResult& r = row.result;
            // With churn, leechers that left unfinished are part of the experiment; a stall,
            // or a leecher still waiting at the end, is not.
            const bool complete =
                mode == "client-server"
                    ? r.distributionTime.has_value()
                    : r.stall.empty() && r.leechersDone + r.leechersGone == r.hosts;
            allComplete = allComplete && complete;
            std::cout << std::left << std::setw(15) << mode;
            if (showSweep)
            {
                std::cout << std::setw(18) << config->sweepValues[i];
            }
            std::cout << std::right << std::setw(6) << r.hosts << std::setw(13)
                      << Seconds2(r.distributionTime) << std::setw(13) << Seconds2(r.bound)
                      << std::setw(11)
                      << (r.distributionTime ? Seconds2(*r.distributionTime / r.bound) : "-")
                      << std::setw(12)
                      << (mode == "bittorrent" && r.leechersDone ? Seconds2(r.meanDownloadTime)
                                                                 : "-")
                      << std::setw(10)
                      << (mode == "bittorrent"
                              ? std::to_string(r.leechersDone) + "/" + std::to_string(r.hosts)
                              : "-")
                      << std::setw(10) << std::fixed << std::setprecision(1) << r.wallSeconds
                      << std::endl;
            if (!r.stall.empty())
            {
                std::cout << "  " << r.stall << "\n" << r.stuckReport;
            }
            r.WriteRankStatistics(std::cout);
            if (config->csv && writer)
            {
                const std::string hostsFile =
                    (dir / (runName + "-" + mode + "-hosts.csv")).string();
                std::ofstream out(hostsFile);
                r.WriteHostsCsv(out);
                if (!out)
                {
                    return InputError("cannot write '" + hostsFile + "'");
                }
                if (!r.samples.empty())
                {
                    const std::string series =
                        (dir / (runName + "-" + mode + "-series.csv")).string();
                    std::ofstream seriesOut(series);
                    SwarmStatistics::WriteSamplesCsv(seriesOut, r.samples);
                    SwarmStatistics::WriteSamplesPlot(series + ".plt",
                                                      config->name + " run " + std::to_string(i),
                                                      r.samples);
                }
            }
            rows.push_back(row);
        }
    }

    std::cout << std::endl;
    if (!writer)
    {
        return allComplete ? 0 : 1;
    }
    if (config->csv)
    {
        const std::string file = (dir / "results.csv").string();
        if (!WriteResults(file, *config, rows))
        {
            return InputError("cannot write '" + file + "'");
        }
        std::cout << "results: " << file << ", per-host rows: " << (dir / config->name).string()
                  << "-runK-MODE-hosts.csv" << std::endl;
    }
    if (config->plot)
    {
        const std::string file = (dir / (config->name + ".plt")).string();
        if (!WritePlot(file, *config, rows))
        {
            return InputError("cannot write '" + file + "'");
        }
        std::cout << "plot: (cd " << config->outputDir << " && gnuplot " << config->name
                  << ".plt) draws " << config->name << ".png" << std::endl;
    }
    if (config->pcap)
    {
        std::cout << "pcaps: " << (dir / config->name).string()
                  << "-runK-{client-server,bittorrent}-*.pcap" << std::endl;
    }
    if (!allComplete)
    {
        std::cerr << "scenario-runner: some runs did not complete (D is 'incomplete')" << std::endl;
        return 1;
    }
    return 0;
}
