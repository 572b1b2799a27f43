// SPDX-License-Identifier: GPL-2.0-only
//
// Wall-clock cost of the file server against ns-3's own BulkSendApplication + PacketSink.
//
// The same distribution (one server, N clients, F bytes each, the same access network) is run
// twice in this process: once with FileServer/FileClient (HTTP heads + virtual payload), once
// with one BulkSendApplication per client on the server and a PacketSink on each client. Both
// simulations stop when the last client has its F bytes. Printed: the simulated distribution
// time D of both, their wall-clock times and the ratio ours / BulkSend (goal: <= 1.1).
//
//   ./client-server-benchmark --clients=20 --file-size=5MB --server-upload=50Mbps

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/command-line.h"
#include "ns3/distribution-bounds.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/quantity-parser.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <cstdint>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <string>

using namespace ns3;

namespace
{

/// The scenario shared by both runs.
struct Scenario
{
    uint32_t clients;        //!< N
    uint64_t fileSize;       //!< F, bytes
    DataRate serverUpload;   //!< u_s
    DataRate clientDownload; //!< d
    DataRate clientUpload;   //!< u
    Time delay;              //!< access link delay
    uint32_t bulkSendSize;   //!< BulkSendApplication's SendSize
};

/// The result of one run.
struct Result
{
    double distributionTime{0}; //!< simulated D, seconds
    double wallSeconds{0};      //!< wall-clock time of set-up + run
    double cpuSeconds{0};       //!< processor time of set-up + run
    uint32_t complete{0};       //!< clients with all F bytes
};

/**
 * Builds the network of the scenario.
 * \param s the scenario
 * \param network the helper to fill
 */
void
Build(const Scenario& s, AccessNetworkHelper& network)
{
    network.SetDelay(s.delay);
    network.AddHost(s.serverUpload, s.serverUpload);
    network.AddHosts(s.clients, s.clientUpload, s.clientDownload);
    network.Install();
}

/// Runs the distribution with FileServer / FileClient. \param s the scenario \return result
Result
RunFileServer(const Scenario& s)
{
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    Result result;
    {
        AccessNetworkHelper network;
        Build(s, network);
        FileServerHelper(s.fileSize).Install(network.GetHost(0));
        FileClientHelper clientHelper(network.GetHostAddress(0));
        for (uint32_t i = 1; i <= s.clients; ++i)
        {
            Ptr<Application> app = clientHelper.Install(network.GetHost(i)).Get(0);
            app->TraceConnectWithoutContext(
                "DownloadComplete",
                Callback<void, uint64_t, Time>([&result, &s](uint64_t, Time) {
                    result.distributionTime = Simulator::Now().GetSeconds();
                    if (++result.complete == s.clients)
                    {
                        Simulator::Stop();
                    }
                }));
        }
        Simulator::Run();
        Simulator::Destroy();
    }
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    return result;
}

/// Runs the distribution with BulkSend + PacketSink. \param s the scenario \return result
Result
RunBulkSend(const Scenario& s)
{
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    Result result;
    {
        AccessNetworkHelper network;
        Build(s, network);
        const uint16_t port = 80;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        for (uint32_t i = 1; i <= s.clients; ++i)
        {
            Ptr<PacketSink> sink =
                DynamicCast<PacketSink>(sinkHelper.Install(network.GetHost(i)).Get(0));
            const uint64_t f = s.fileSize;
            sink->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>, const Address&>(
                    [&result, &s, sink, f](Ptr<const Packet>, const Address&) {
                        if (sink->GetTotalRx() == f)
                        {
                            result.distributionTime = Simulator::Now().GetSeconds();
                            if (++result.complete == s.clients)
                            {
                                Simulator::Stop();
                            }
                        }
                    }));
            BulkSendHelper sender("ns3::TcpSocketFactory",
                                  InetSocketAddress(network.GetHostAddress(i), port));
            sender.SetAttribute("MaxBytes", UintegerValue(f));
            sender.SetAttribute("SendSize", UintegerValue(s.bulkSendSize));
            sender.Install(network.GetHost(0));
        }
        Simulator::Run();
        Simulator::Destroy();
    }
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    return result;
}

/// Prints an input error. \param option the option \param message why \return 1
int
InputError(const std::string& option, const std::string& message)
{
    std::cerr << "client-server-benchmark: error: --" << option << ": " << message << std::endl;
    return 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t clients = 20;
    std::string fileSizeText = "5MB";
    std::string serverUploadText = "50Mbps";
    std::string clientDownloadText = "10Mbps";
    std::string clientUploadText = "1Mbps";
    std::string delayText = "2ms";
    uint32_t bulkSendSize = 512;

    CommandLine cmd(__FILE__);
    cmd.AddValue("clients", "number of clients N", clients);
    cmd.AddValue("file-size", "file size F (e.g. 5MB)", fileSizeText);
    cmd.AddValue("server-upload", "server upload rate u_s", serverUploadText);
    cmd.AddValue("client-download", "client download rate d", clientDownloadText);
    cmd.AddValue("client-upload", "client upload rate", clientUploadText);
    cmd.AddValue("delay", "access link delay", delayText);
    cmd.AddValue("bulk-send-size", "BulkSendApplication SendSize (ns-3 default 512)", bulkSendSize);
    cmd.Parse(argc, argv);

    std::string error;
    if (clients == 0)
    {
        return InputError("clients", "must be at least 1");
    }
    if (bulkSendSize == 0)
    {
        return InputError("bulk-send-size", "must be at least 1");
    }
    const auto fileSize = ParseByteSize(fileSizeText, &error);
    if (!fileSize)
    {
        return InputError("file-size", error);
    }
    const auto serverUpload = ParseDataRate(serverUploadText, &error);
    if (!serverUpload)
    {
        return InputError("server-upload", error);
    }
    const auto clientDownload = ParseDataRate(clientDownloadText, &error);
    if (!clientDownload)
    {
        return InputError("client-download", error);
    }
    const auto clientUpload = ParseDataRate(clientUploadText, &error);
    if (!clientUpload)
    {
        return InputError("client-upload", error);
    }
    const auto delay = ParseTime(delayText, &error);
    if (!delay)
    {
        return InputError("delay", error);
    }
    const Scenario
        s{clients, *fileSize, *serverUpload, *clientDownload, *clientUpload, *delay, bulkSendSize};
    const double bound = DistributionBounds::ClientServer(clients,
                                                          8.0 * *fileSize,
                                                          serverUpload->GetBitRate(),
                                                          clientDownload->GetBitRate());

    const Result ours = RunFileServer(s);
    const Result bulk = RunBulkSend(s);

    std::cout << "N = " << clients << ", F = " << *fileSize << " bytes, u_s = " << serverUploadText
              << ", d = " << clientDownloadText << ": "
              << clients * static_cast<double>(*fileSize) / 1e6 << " MB moved per run\n"
              << std::fixed << std::setprecision(3) << "bound " << bound << " s\n"
              << "FileServer/FileClient:   D = " << ours.distributionTime << " s (D/bound "
              << ours.distributionTime / bound << "), wall " << ours.wallSeconds << " s (cpu "
              << ours.cpuSeconds << " s), " << ours.complete << "/" << clients << " complete\n"
              << "BulkSend/PacketSink:     D = " << bulk.distributionTime << " s (D/bound "
              << bulk.distributionTime / bound << "), wall " << bulk.wallSeconds << " s (cpu "
              << bulk.cpuSeconds << " s), " << bulk.complete << "/" << clients << " complete\n"
              << "wall-clock ratio ours/BulkSend = " << ours.wallSeconds / bulk.wallSeconds
              << " (goal <= 1.1); processor-time ratio " << ours.cpuSeconds / bulk.cpuSeconds
              << " (steadier on a loaded machine)\n";
    return ours.complete == clients && bulk.complete == clients ? 0 : 1;
}
