// SPDX-License-Identifier: GPL-2.0-only
//
// Client-server file distribution on the lecture's access network, measured against the bound
//
//   D_cs >= max(N F / u_s, F / d_min)
//
// One server (upload u_s) sends its own copy of an F-byte file to each of N clients (download
// d, upload u) over HTTP/1.0 on TCP port 80. Every host hangs off one core router by its own
// access link; the core is never the bottleneck. The example prints each client's completion
// time, the distribution time D (the last client done), the bound and D/bound.
//
//   ./client-server-distribution --clients=10 --file-size=10MB --server-upload=20Mbps
//   ./client-server-distribution --clients=4 --file-size=5MB --server-upload=100Mbps
//     --client-download=5Mbps --pcap=true --csv=clients.csv
//
// With --pcap=true the server's and the first client's access devices are captured
// (client-server-distribution-client-server-<node>-<device>.pcap); tshark/Wireshark show the
// exchange as HTTP. With --mpi=true under mpirun the run is distributed over the ranks
// (doc/distributed.rst).

#include "ns3/access-network-helper.h"
#include "ns3/command-line.h"
#include "ns3/distributed-run.h"
#include "ns3/distribution-bounds.h"
#include "ns3/distribution-experiment.h"
#include "ns3/nstime.h"
#include "ns3/quantity-parser.h"
#include "ns3/scenario-options.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// The largest client count accepted: the access addresses (a /30 each) stay in 10.0.0.0/8.

/// Prints an input error and returns the exit code of one.
int
InputError(const std::string& option, const std::string& message)
{
    std::cerr << "client-server-distribution: error: --" << option << ": " << message << std::endl;
    return 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    // Everything is read as text and parsed here: ns-3's own DataRate/Time parsers abort on
    // malformed input, and a user's typo deserves a message and exit code 1 instead.
    // The scenario files' keys (scenarios/README.md) as options, with this example's
    // defaults; the older names --clients, --client-upload, --client-download still work.
    ScenarioOptions options({"network", "file"},
                            {{"network.hosts", "10"},
                             {"file.size", "10MB"},
                             {"network.server-upload", "20Mbps"},
                             {"network.host-download", "10Mbps"},
                             {"network.host-upload", "1Mbps"}},
                            {{"clients", "network.hosts"},
                             {"client-download", "network.host-download"},
                             {"client-upload", "network.host-upload"}},
                            {"file.piece-size", "network.host-classes"});
    std::string pcapText = "false";
    std::string csvFile;
    std::string queueDisc = "ns3::FqCoDelQueueDisc";
    std::string deviceQueueText = "100";
    std::string tcpBufferText = "1MiB";
    QueueingOptions queueing; // --queue-limits, --codel-scaling, --tcp-ecn
    std::string mpiText = "false";
    DistributedRun::Guard mpiGuard; // ends MPI on every return once it started

    CommandLine cmd(__FILE__);
    cmd.Usage("Client-server file distribution over HTTP on an access network, compared with "
              "the bound max(N F / u_s, F / d_min).");
    options.AddTo(cmd);
    cmd.AddValue("pcap", "capture the server's and the first client's access links", pcapText);
    cmd.AddValue("csv", "write one row per client to this CSV file", csvFile);
    cmd.AddValue("queue-disc",
                 "queue discipline of the hosts' devices (their uploads), or 'none'",
                 queueDisc);
    cmd.AddValue("device-queue", "access device queue size, packets", deviceQueueText);
    cmd.AddValue("tcp-buffer", "TCP send and receive buffer size (e.g. 1MiB)", tcpBufferText);
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
        std::cerr << "client-server-distribution: error: " << error << std::endl;
        return 1;
    }
    if (settings->hostUpload.uniform || settings->hostDownload.uniform)
    {
        return InputError("host-upload",
                          "one rate for every client here (uniform ranges are "
                          "for bittorrent-swarm and scenario-runner)");
    }
    const auto clients = std::optional<uint64_t>(settings->hosts);
    const auto fileSize = std::optional<uint64_t>(settings->fileSize);
    const auto serverUpload = std::optional<DataRate>(settings->serverUpload);
    const auto clientDownload = std::optional<DataRate>(settings->hostDownload.min);
    const auto delay = std::optional<Time>(settings->delay);
    const auto pcap = ParseBool(pcapText, &error);
    if (!pcap)
    {
        return InputError("pcap", error);
    }
    const auto mpi = ParseBool(mpiText, &error);
    if (!mpi)
    {
        return InputError("mpi", error);
    }
    const auto deviceQueue = ParseCount(deviceQueueText, 1, 1000000, &error);
    if (!deviceQueue)
    {
        return InputError("device-queue", error);
    }
    const auto tcpBuffer = ParseByteSize(tcpBufferText, &error);
    if (!tcpBuffer || *tcpBuffer == 0 || *tcpBuffer > UINT32_MAX)
    {
        return InputError("tcp-buffer",
                          tcpBuffer ? "'" + tcpBufferText + "': 1 byte to 4GiB - 1 bytes" : error);
    }

    const uint32_t n = static_cast<uint32_t>(*clients);
    const double fileBits = 8.0 * static_cast<double>(*fileSize);
    const double bound = DistributionBounds::ClientServer(n,
                                                          fileBits,
                                                          serverUpload->GetBitRate(),
                                                          clientDownload->GetBitRate());

    AccessNetworkHelper network; // checks the queueing options, for messages that name them
    if (!network.SetQueueDisc(queueDisc == "none" ? "" : queueDisc))
    {
        return InputError("queue-disc",
                          "unknown queue discipline '" + queueDisc +
                              "'; expected an ns-3 QueueDisc type such as "
                              "ns3::FqCoDelQueueDisc, ns3::FifoQueueDisc, or none");
    }
    std::string badOption;
    const std::string queueingError = network.ApplyQueueingOptions(queueing, &badOption);
    if (!queueingError.empty())
    {
        return InputError(badOption, queueingError);
    }
    settings->queueDisc = queueDisc;
    settings->deviceQueuePackets = static_cast<uint32_t>(*deviceQueue);
    settings->tcpBufferBytes = static_cast<uint32_t>(*tcpBuffer);
    settings->queueing = queueing;
    if (*pcap)
    {
        settings->pcapPrefix = "client-server-distribution";
    }
    const std::string invalid = DistributionExperiment::Validate(*settings);
    if (!invalid.empty())
    {
        std::cerr << "client-server-distribution: error: " << invalid << std::endl;
        return 1;
    }
    if (*mpi && !DistributedRun::Enable(&argc, &argv, &error))
    {
        return InputError("mpi", error);
    }
    // Host 0 is the server (its download link carries only ACKs), hosts 1..N the clients.
    const DistributionResult r = DistributionExperiment(*settings).RunClientServer();
    if (DistributedRun::GetRank() != 0)
    {
        return r.distributionTime ? 0 : 1; // every rank has the whole result; rank 0 reports
    }

    std::cout << "Client-server distribution: N = " << n << " clients, F = " << *fileSize
              << " bytes, u_s = " << RateSpec(*serverUpload).ToString()
              << ", d = " << settings->hostDownload.ToString()
              << ", u = " << settings->hostUpload.ToString() << ", delay = " << delay->As(Time::MS)
              << "\n";
    if (DistributedRun::IsEnabled())
    {
        std::cout << "distributed over " << DistributedRun::GetSize() << " ranks\n";
    }
    if (settings->regions > 1)
    {
        std::cout << "network: " << settings->regions << " regional cores, backbone delay "
                  << settings->backboneDelay.As(Time::MS) << "\n";
    }
    std::cout << "\n"
              << std::setw(8) << "client" << std::setw(14) << "address" << std::setw(14) << "bytes"
              << std::setw(8) << "status" << std::setw(16) << "completion (s)"
              << "\n";
    std::ofstream csv;
    if (!csvFile.empty())
    {
        csv.open(csvFile);
        if (!csv)
        {
            std::cerr << "client-server-distribution: error: --csv: cannot write '" << csvFile
                      << "'" << std::endl;
            return 1;
        }
        csv << "client,address,upload_bps,download_bps,request_time_s,completion_time_s,"
               "bytes,status,complete\n";
    }
    uint32_t incomplete = 0;
    const AccessNetworkHelper addresses; // the experiment's addressing: host i's address
    for (const auto& row : r.hostRows)
    {
        if (row.host == 0)
        {
            continue; // the server
        }
        incomplete += row.doneTime ? 0 : 1;
        std::ostringstream address;
        address << addresses.GetHostAddress(row.host);
        std::cout << std::setw(8) << row.host << std::setw(14) << address.str() << std::setw(14)
                  << row.bytesDown << std::setw(8) << row.httpStatus << std::setw(16);
        if (row.doneTime)
        {
            std::cout << std::fixed << std::setprecision(3) << *row.doneTime << "\n";
        }
        else
        {
            std::cout << "incomplete"
                      << "\n";
        }
        if (csv.is_open())
        {
            csv << row.host << "," << address.str() << "," << static_cast<uint64_t>(row.uploadBps)
                << "," << static_cast<uint64_t>(row.downloadBps) << "," << std::setprecision(9)
                << row.startTime << ","
                << (row.doneTime ? std::to_string(*row.doneTime) : std::string()) << ","
                << row.bytesDown << "," << row.httpStatus << ","
                << (row.doneTime ? "true" : "false") << "\n";
        }
    }
    const double serverTerm = n * fileBits / serverUpload->GetBitRate();
    const double clientTerm = fileBits / clientDownload->GetBitRate();
    std::cout << std::fixed << std::setprecision(3) << "\nbound: max(N F / u_s = " << serverTerm
              << " s, F / d_min = " << clientTerm << " s) = " << bound << " s ("
              << (serverTerm >= clientTerm ? "server-limited" : "client-limited") << ")\n";
    if (incomplete > 0)
    {
        std::cout << "error: " << incomplete << " of " << n
                  << " clients did not complete (simulation stopped at " << r.endTime << " s)\n";
        return 1;
    }
    std::cout << "measured distribution time D = " << *r.distributionTime
              << " s (last client done)\n"
              << "D / bound = " << std::setprecision(4) << *r.distributionTime / bound << "\n";
    r.WriteRankStatistics(std::cout);
    if (!csvFile.empty())
    {
        std::cout << "per-client rows written to " << csvFile << "\n";
    }
    return 0;
}
