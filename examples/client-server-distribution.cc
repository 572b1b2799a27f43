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
// (client-server-distribution-<node>-<device>.pcap); tshark/Wireshark show the exchange as HTTP.

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/command-line.h"
#include "ns3/distribution-bounds.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/file-server.h"
#include "ns3/nstime.h"
#include "ns3/quantity-parser.h"
#include "ns3/queue-size.h"
#include "ns3/scenario-options.h"
#include "ns3/simulator.h"

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
    cmd.Parse(argc, argv);

    std::string error;
    const auto settings = options.Parse(&error);
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
    const auto clientUpload = std::optional<DataRate>(settings->hostUpload.min);
    const auto delay = std::optional<Time>(settings->delay);
    const auto pcap = ParseBool(pcapText, &error);
    if (!pcap)
    {
        return InputError("pcap", error);
    }
    const auto deviceQueue = ParseCount(deviceQueueText, 1, 1000000, &error);
    if (!deviceQueue)
    {
        return InputError("device-queue", error);
    }
    const auto tcpBuffer = ParseByteSize(tcpBufferText, &error);
    if (!tcpBuffer || *tcpBuffer > UINT32_MAX)
    {
        return InputError("tcp-buffer", tcpBuffer ? "at most 4GiB - 1 bytes" : error);
    }

    const uint32_t n = static_cast<uint32_t>(*clients);
    const double fileBits = 8.0 * static_cast<double>(*fileSize);
    const double bound = DistributionBounds::ClientServer(n,
                                                          fileBits,
                                                          serverUpload->GetBitRate(),
                                                          clientDownload->GetBitRate());

    AccessNetworkHelper network;
    network.SetDelay(*delay);
    network.SetDeviceQueueSize(QueueSize(QueueSizeUnit::PACKETS, *deviceQueue));
    network.SetTcpBufferSizes(static_cast<uint32_t>(*tcpBuffer), static_cast<uint32_t>(*tcpBuffer));
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
    // Host 0 is the server; its download link carries only ACKs.
    const uint32_t serverIndex = network.AddHost(*serverUpload, *serverUpload);
    const uint32_t firstClient = network.AddHosts(n, *clientUpload, *clientDownload);
    network.Install();
    if (*pcap)
    {
        network.EnablePcap("client-server-distribution", serverIndex);
        network.EnablePcap("client-server-distribution", firstClient);
    }

    FileServerHelper serverHelper(*fileSize);
    ApplicationContainer serverApps = serverHelper.Install(network.GetHost(serverIndex));
    serverApps.Start(Seconds(0));

    FileClientHelper clientHelper(network.GetHostAddress(serverIndex));
    std::vector<Ptr<FileClient>> fileClients;
    uint32_t done = 0;
    auto onDone = [&done, n]() {
        // TCP lingers in TIME_WAIT for 240 s after the last close: stop as soon as the last
        // client is done instead of letting the simulator run on.
        if (++done == n)
        {
            Simulator::Stop();
        }
    };
    for (uint32_t i = 0; i < n; ++i)
    {
        ApplicationContainer app = clientHelper.Install(network.GetHost(firstClient + i));
        app.Start(Seconds(0));
        Ptr<FileClient> client = DynamicCast<FileClient>(app.Get(0));
        client->TraceConnectWithoutContext(
            "DownloadComplete",
            Callback<void, uint64_t, Time>([&onDone](uint64_t, Time) { onDone(); }));
        client->TraceConnectWithoutContext(
            "Failed",
            Callback<void, int, uint64_t>([&onDone](int, uint64_t) { onDone(); }));
        fileClients.push_back(client);
    }
    // A safety net far beyond any plausible D: a run that reaches it reports the stragglers.
    const Time limit = Seconds(10 * bound + 60);
    Simulator::Stop(limit);
    Simulator::Run();

    std::cout << "Client-server distribution: N = " << n << " clients, F = " << *fileSize
              << " bytes, u_s = " << RateSpec(*serverUpload).ToString()
              << ", d = " << settings->hostDownload.ToString()
              << ", u = " << settings->hostUpload.ToString() << ", delay = " << delay->As(Time::MS)
              << "\n\n";
    std::cout << std::setw(8) << "client" << std::setw(14) << "address" << std::setw(14) << "bytes"
              << std::setw(8) << "status" << std::setw(16) << "completion (s)"
              << "\n";
    double distributionTime = 0;
    uint32_t incomplete = 0;
    std::ofstream csv;
    if (!csvFile.empty())
    {
        csv.open(csvFile);
        if (!csv)
        {
            std::cerr << "client-server-distribution: error: --csv: cannot write '" << csvFile
                      << "'" << std::endl;
            Simulator::Destroy();
            return 1;
        }
        csv << "client,address,upload_bps,download_bps,request_time_s,completion_time_s,"
               "bytes,status,complete\n";
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<FileClient> client = fileClients[i];
        const bool complete = client->IsComplete();
        const double completion = client->GetCompletionTime().GetSeconds();
        if (complete)
        {
            distributionTime = std::max(distributionTime, completion);
        }
        else
        {
            ++incomplete;
        }
        std::ostringstream address;
        address << network.GetHostAddress(firstClient + i);
        std::cout << std::setw(8) << i + 1 << std::setw(14) << address.str() << std::setw(14)
                  << client->GetBytesReceived() << std::setw(8) << client->GetStatus()
                  << std::setw(16);
        if (complete)
        {
            std::cout << std::fixed << std::setprecision(3) << completion << "\n";
        }
        else
        {
            std::cout << "incomplete"
                      << "\n";
        }
        if (csv.is_open())
        {
            csv << i + 1 << "," << address.str() << ","
                << network.GetUploadRate(firstClient + i).GetBitRate() << ","
                << network.GetDownloadRate(firstClient + i).GetBitRate() << ","
                << std::setprecision(9) << client->GetRequestTime().GetSeconds() << ","
                << (complete ? std::to_string(completion) : std::string()) << ","
                << client->GetBytesReceived() << "," << client->GetStatus() << ","
                << (complete ? "true" : "false") << "\n";
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
                  << " clients did not complete (simulation stopped at "
                  << Simulator::Now().GetSeconds() << " s)\n";
        Simulator::Destroy();
        return 1;
    }
    std::cout << "measured distribution time D = " << distributionTime << " s (last client done)\n"
              << "D / bound = " << std::setprecision(4) << distributionTime / bound << "\n";
    if (!csvFile.empty())
    {
        std::cout << "per-client rows written to " << csvFile << "\n";
    }
    Simulator::Destroy();
    return 0;
}
