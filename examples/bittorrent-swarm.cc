// SPDX-License-Identifier: GPL-2.0-only
//
// A BitTorrent swarm on the lecture's access network, measured against the P2P bound
//
//   D_p2p >= max(F / u_s, F / d_min, N F / (u_s + sum u_i))
//
// Host 0 runs the tracker (HTTP, TCP 2710) and the initial seed (upload u_s); hosts 1..N run
// one leecher each (upload u, download d); further initial seeds (--seeds > 1) get hosts of
// their own with the leechers' rates. Peers trade 256 KiB pieces in 16 KiB blocks over the
// BEP 3 wire protocol on TCP 6881, rarest first, choking by tit-for-tat. The example prints the
// distribution time D (last leecher done), the P2P bound, the client-server bound for the same
// parameters, D / bound and the mean download time; with churn and faults, who left, who
// crashed, and, when the swarm cannot finish, who is stuck and which pieces nobody alive holds
// (exit code 1).
//
// Its options are the scenario files' keys (scenarios/README.md): one vocabulary everywhere.
//
//   ./bittorrent-swarm
//   ./bittorrent-swarm --hosts=50 --file-size=10MB --host-upload=1Mbps --csv=swarm.csv
//   ./bittorrent-swarm --hosts=5 --file-size=2MB --pcap=true     (then: tshark -r ...)
//   ./bittorrent-swarm --seed-time=0 --join-window=60s           (selfish peers, arrivals)
//   ./bittorrent-swarm --arrivals="poisson(0.5)" --seed-time="exponential(60s)" --hosts=100
//   ./bittorrent-swarm --free-riders=0.2 --host-classes="dsl:0.7:1Mbps:8Mbps +
//   fibre:0.3:20Mbps:100Mbps"
//   ./bittorrent-swarm --link-down="server@5s-185s" --loss=0.01 --departure=crash

#include "ns3/access-network-helper.h"
#include "ns3/command-line.h"
#include "ns3/distributed-run.h"
#include "ns3/distribution-experiment.h"
#include "ns3/quantity-parser.h"
#include "ns3/scenario-options.h"

#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

/// Prints an input error and returns the exit code of one.
int
InputError(const std::string& message)
{
    std::cerr << "bittorrent-swarm: error: " << message << std::endl;
    return 1;
}

/// \param path a file to write \return true if it can be written
bool
CanWrite(const std::string& path)
{
    return path.empty() || std::ofstream(path, std::ios::app).good();
}

} // namespace

int
main(int argc, char* argv[])
{
    // The example's own defaults where they differ from scenario-runner's; the older option
    // names (--peers, --peer-upload, --peer-download) still work.
    ScenarioOptions options({"network", "file", "bittorrent", "churn", "faults", "run"},
                            {{"file.piece-size", "256KiB"}, {"network.host-download", "10Mbps"}},
                            {{"peers", "network.hosts"},
                             {"peer-upload", "network.host-upload"},
                             {"peer-download", "network.host-download"}},
                            {"run.rng-run"}); // ns-3's own --RngRun sets the run
    std::string pcapText = "false";
    std::string progressText = "false";
    std::string csvFile;
    std::string plotFile;
    std::string seriesFile;
    std::string phasesFile;
    std::string queueDisc = "ns3::FqCoDelQueueDisc";
    std::string deviceQueueText = "default";
    QueueingOptions queueing; // --queue-limits, --codel-scaling, --tcp-ecn
    std::string mpiText = "false";
    DistributedRun::Guard mpiGuard; // ends MPI on every return once it started

    CommandLine cmd(__FILE__);
    cmd.Usage("A BitTorrent swarm (tracker, seeds, leechers) on an access network, compared "
              "with the P2P bound max(F/u_s, F/d_min, N F/(u_s + sum u_i)); churn, free "
              "riders, host classes and faults from the options.");
    options.AddTo(cmd);
    cmd.AddValue("pcap", "capture the server's and the first leecher's access links", pcapText);
    cmd.AddValue("csv", "write one row per peer to this CSV file", csvFile);
    cmd.AddValue("plot", "write a gnuplot script of the download-time CDF to this file", plotFile);
    cmd.AddValue("time-series",
                 "write the swarm every second (peers online, seeds, leechers done, upload "
                 "rate and capacity, the leechers' alone, the rarest piece's copies and the "
                 "distributed copies) to this CSV file, and FILE.plt and "
                 "FILE-availability.plt for gnuplot",
                 seriesFile);
    cmd.AddValue("phases",
                 "write the phase summary (ramp-up, utilisation, tail, duplicates) as CSV to "
                 "this file",
                 phasesFile);
    cmd.AddValue("progress", "print progress every 2 simulated seconds", progressText);
    cmd.AddValue("queue-disc",
                 "queue discipline of the hosts' devices (their uploads), or 'none'",
                 queueDisc);
    cmd.AddValue("device-queue",
                 "access device queue size in packets, or 'default' (the helper's)",
                 deviceQueueText);
    queueing.AddTo(cmd);
    cmd.AddValue("mpi",
                 "distribute the simulation over the ranks of mpirun (ns-3's granted-time-window "
                 "engine; needs a build with MPI, doc/distributed.rst)",
                 mpiText);
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
    const auto progress = ParseBool(progressText, &error);
    if (!progress)
    {
        return InputError("--progress: " + error);
    }
    const auto mpi = ParseBool(mpiText, &error);
    if (!mpi)
    {
        return InputError("--mpi: " + error);
    }
    if (*mpi && (*progress || !seriesFile.empty() || !phasesFile.empty()))
    {
        return InputError("--progress, --time-series and --phases look at every peer at once, "
                          "which a distributed run (--mpi) cannot; leave them out");
    }
    if (*mpi && !DistributedRun::Enable(&argc, &argv, &error))
    {
        return InputError("--mpi: " + error);
    }
    for (const auto& [option, path] : {std::pair<std::string, std::string>{"csv", csvFile},
                                       {"plot", plotFile},
                                       {"time-series", seriesFile},
                                       {"phases", phasesFile}})
    {
        if (!CanWrite(path))
        {
            return InputError("--" + option + ": cannot write '" + path + "'");
        }
    }
    settings->rngRun = 0; // keep ns-3's --RngRun
    settings->queueDisc = queueDisc;
    settings->queueing = queueing;
    if (deviceQueueText != "default")
    {
        const auto packets = ParseCount(deviceQueueText, 1, 1000000, &error);
        if (!packets)
        {
            return InputError("--device-queue: " + error + " (or default)");
        }
        settings->deviceQueuePackets = static_cast<uint32_t>(*packets);
    }
    if (*pcap)
    {
        settings->pcapPrefix = "bittorrent-swarm";
    }
    const std::string invalid = DistributionExperiment::Validate(*settings);
    if (!invalid.empty())
    {
        return InputError(invalid);
    }

    const DistributionSettings& s = *settings;
    std::cout << "BitTorrent swarm: N = " << s.hosts << " leechers, " << s.seeds
              << " seed(s), F = " << s.fileSize << " bytes in pieces of " << s.pieceLength
              << " bytes, u_s = " << s.serverUpload
              << ", u_i = " << (s.hostClasses.empty() ? s.hostUpload.ToString() : "by class")
              << ", d_i = " << (s.hostClasses.empty() ? s.hostDownload.ToString() : "by class")
              << std::endl;
    if (DistributedRun::IsEnabled())
    {
        std::cout << "distributed over " << DistributedRun::GetSize() << " ranks" << std::endl;
    }
    if (s.regions > 1)
    {
        std::cout << "network: " << s.regions << " regional cores, backbone delay "
                  << s.backboneDelay.As(Time::MS) << std::endl;
    }
    std::cout << "choking: " << s.unchokeSlots << " + 1 slots per leecher, seeds "
              << (s.seedUnchokeSlots == 0 ? std::string("by their upload rate (mainline's rule)")
                                          : std::to_string(s.seedUnchokeSlots) + " + 1")
              << "; " << s.pipelineDepth << " requests per connection" << std::endl;
    std::cout << "churn: arrivals " << s.arrivals.ToString() << ", leecher session "
              << s.leecherSession.ToString() << ", seed time " << s.seedTime.ToString()
              << ", seed session " << s.seedSession.ToString() << ", departure "
              << (s.crashOnLeave ? "crash" : "graceful") << ", free riders " << s.freeRiders
              << "; faults: loss " << s.lossRate << ", " << s.linkDowns.size() << " link outage(s)"
              << std::endl;

    const DistributionResult r =
        DistributionExperiment(s).RunBitTorrent(*progress ? &std::cout : nullptr);

    uint64_t up = 0;
    uint64_t down = 0;
    uint32_t crashed = 0;
    uint32_t left = 0;
    for (const auto& row : r.hostRows)
    {
        up += row.bytesUp;
        down += row.bytesDown;
        crashed += row.departure == "crashed" ? 1 : 0;
        left += row.departure == "left" && row.role == "leecher" && !row.doneTime ? 1 : 0;
    }
    // Success is every leecher that stayed having finished, and no stall.
    const bool ok = r.stall.empty() && r.leechersDone + r.leechersGone == s.hosts;
    if (DistributedRun::GetRank() != 0)
    {
        return ok ? 0 : 1; // every rank has the whole result; rank 0 reports it
    }
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "leechers done: " << r.leechersDone << "/" << s.hosts;
    if (r.leechersGone > 0)
    {
        std::cout << " (" << r.leechersGone << " gone unfinished: " << left << " left, " << crashed
                  << " crashed)";
    }
    std::cout << std::endl;
    if (r.distributionTime)
    {
        std::cout << "distribution time D = " << *r.distributionTime << " s (last leecher done)\n"
                  << "P2P bound = " << r.peerToPeerBound
                  << " s, D / bound = " << *r.distributionTime / r.peerToPeerBound << "\n"
                  << "client-server bound for the same network = " << r.clientServerBound << " s ("
                  << r.clientServerBound / r.peerToPeerBound << " x the P2P bound)\n";
    }
    if (r.leechersDone > 0)
    {
        std::cout << "mean download time = " << r.meanDownloadTime << " s (over the "
                  << r.leechersDone << " that finished)\n";
    }
    std::cout << "payload uploaded " << up << " bytes, downloaded " << down << " bytes ("
              << std::setprecision(1) << r.wallSeconds << " s wall clock)" << std::endl;
    r.WriteRankStatistics(std::cout);
    if (!r.samples.empty()) // a distributed run has no samples (doc/distributed.rst)
    {
        r.phases.Print(std::cout);
    }
    if (!r.stall.empty())
    {
        std::cout << r.stall << "\n" << r.stuckReport << std::flush;
    }
    if (!phasesFile.empty())
    {
        std::ofstream phases(phasesFile);
        SwarmPhases::WriteCsvHeader(phases);
        r.phases.WriteCsvRow(phases);
        std::cout << "phase summary written to " << phasesFile << std::endl;
    }
    if (!csvFile.empty())
    {
        std::ofstream csv(csvFile);
        r.WriteHostsCsv(csv);
        std::cout << "per-peer rows written to " << csvFile << std::endl;
    }
    if (!plotFile.empty())
    {
        r.WriteCdfPlot(plotFile, "BitTorrent download times");
        std::cout << "gnuplot " << plotFile << " draws " << plotFile << ".png" << std::endl;
    }
    if (!seriesFile.empty())
    {
        std::ofstream series(seriesFile);
        SwarmStatistics::WriteSamplesCsv(series, r.samples);
        SwarmStatistics::WriteSamplesPlot(seriesFile + ".plt", "BitTorrent swarm", r.samples);
        std::cout << "time series written to " << seriesFile << "; gnuplot " << seriesFile
                  << ".plt draws " << seriesFile << ".plt.png, " << seriesFile
                  << "-availability.plt the pieces' availability" << std::endl;
    }
    return ok ? 0 : 1;
}
