// SPDX-License-Identifier: GPL-2.0-only
//
// Client-server and BitTorrent side by side on one access network: the lecture's comparison.
//
//   D_cs  >= max(N F / u_s, F / d_min)
//   D_p2p >= max(F / u_s, F / d_min, N F / (u_s + sum u_i))
//
// The same network is built twice: a server (upload u_s) and N hosts (upload u, download d)
// hanging off one core router by their own access links. First the server uploads N copies
// of the F-byte file over HTTP/1.0 (FileServer/FileClient); then the server runs a BitTorrent
// tracker and the initial seed and the N hosts form a swarm. For each the example prints the
// measured distribution time D, the bound and D / bound, and how the two scale with N.
//
//   ./distribution-comparison
//   ./distribution-comparison --hosts=40 --file-size=8MB --pcap=true

#include "ns3/command-line.h"
#include "ns3/distribution-experiment.h"
#include "ns3/quantity-parser.h"
#include "ns3/scenario-options.h"

#include <iomanip>
#include <iostream>
#include <optional>

using namespace ns3;

namespace
{

/// Prints an input error and returns the exit code of one.
int
InputError(const std::string& message)
{
    std::cerr << "distribution-comparison: error: " << message << std::endl;
    return 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    // The scenario files' keys (scenarios/README.md) as options: one vocabulary everywhere.
    ScenarioOptions options({"network", "file", "bittorrent", "churn", "faults"});
    std::string pcapText = "false";

    CommandLine cmd(__FILE__);
    cmd.Usage("Client-server and BitTorrent distribution of one file on the same access "
              "network, each compared with its lower bound.");
    options.AddTo(cmd);
    cmd.AddValue("pcap", "capture the server's and the first host's links", pcapText);
    cmd.Parse(argc, argv);

    std::string error;
    auto settings = options.Parse(&error);
    if (!settings)
    {
        return InputError(error);
    }
    const auto pcap = ParseBool(pcapText, &error);
    if (!pcap)
    {
        return InputError("--pcap: " + error);
    }
    DistributionSettings& s = *settings;
    s.rngRun = 0; // keep ns-3's --RngRun
    s.pcapPrefix = *pcap ? "comparison" : "";
    const std::string invalid = DistributionExperiment::Validate(s);
    if (!invalid.empty())
    {
        return InputError(invalid);
    }

    std::cout << "Distributing F = " << s.fileSize
              << " bytes from a server (u_s = " << RateSpec(s.serverUpload).ToString()
              << ") to N = " << s.hosts << " hosts (u_i = " << s.hostUpload.ToString()
              << ", d_i = " << s.hostDownload.ToString() << ")\n"
              << std::endl;
    const DistributionExperiment experiment(s);
    const DistributionResult cs = experiment.RunClientServer();
    const DistributionResult p2p = experiment.RunBitTorrent();
    const std::optional<double> dcs = cs.distributionTime;
    const std::optional<double> dp2p = p2p.distributionTime;

    std::cout << std::fixed << std::setprecision(2);
    std::cout << std::left << std::setw(16) << "" << std::right << std::setw(14) << "measured D"
              << std::setw(14) << "lower bound" << std::setw(12) << "D / bound"
              << "\n";
    auto row = [](const std::string& name, std::optional<double> measured, double bound) {
        std::cout << std::left << std::setw(16) << name << std::right << std::setw(12);
        if (measured)
        {
            std::cout << *measured << " s" << std::setw(12) << bound << " s" << std::setw(12)
                      << *measured / bound << "\n";
        }
        else
        {
            std::cout << "incomplete" << std::setw(12) << bound << " s\n";
        }
    };
    row("client-server", dcs, cs.bound);
    row("BitTorrent", dp2p, p2p.bound);
    if (dcs && dp2p)
    {
        std::cout << "\nBitTorrent was " << *dcs / *dp2p
                  << " times faster. Client-server time grows like N F / u_s; the swarm's "
                     "uploads grow with N too, so its time stays nearly flat (try --hosts=40)."
                  << std::endl;
    }
    if (!s.pcapPrefix.empty())
    {
        std::cout << "pcaps: comparison-client-server-*.pcap (HTTP), comparison-bittorrent-*.pcap "
                     "(BitTorrent, tracker HTTP on 2710)"
                  << std::endl;
    }
    return dcs && dp2p ? 0 : 1;
}
