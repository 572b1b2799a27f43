// SPDX-License-Identifier: GPL-2.0-only
//
// Wall-clock, event and memory cost of BitTorrent swarms, and of the 200-peer swarm against
// ns-3's own BulkSendApplication + PacketSink moving the same bytes.
//
// For each swarm size N (--sizes) a fresh access network is built: host 0 is the tracker and
// the initial seed (upload = download = u_s), hosts 1..N are leechers (upload u, download d).
// The swarm runs until its last leecher completes (SwarmStatistics stops the simulation).
// Each size runs in a child process (fork), so the peak resident memory of a row is that
// swarm's own and one size cannot warm the allocator for the next.
//
// The baseline moves the same N F payload bytes with one BulkSendApplication per leecher
// over the same network, uploads spread like the swarm's: a chain seed -> 1 -> 2 -> ... -> N,
// every leecher receives F from its predecessor (the seed and leechers 1..N-1 each upload F;
// a swarm's uploads are spread over every host, too). Its flows are limited by u, as the
// swarm's are (N F / (u_s + N u) is the binding bound), so both simulate about the same time.
//
//   ./bittorrent-benchmark                                   (50, 200, 1000 peers, 10 MB)
//   ./bittorrent-benchmark --sizes=20,50 --file-size=2MB --baseline-size=50
//   ./bittorrent-benchmark --sizes=200 --baseline-size=0     (no BulkSend run)
//   ./bittorrent-benchmark --sizes=none --baseline-size=0 --bulk-sizes=1000   (BulkSend alone)

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/command-line.h"
#include "ns3/data-rate.h"
#include "ns3/distribution-bounds.h"
#include "ns3/inet-socket-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/quantity-parser.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// The network and file shared by every run.
struct Scenario
{
    uint64_t fileSize;        //!< F, bytes
    DataRate serverUpload;    //!< u_s (the seed's download rate too)
    DataRate peerUpload;      //!< u
    DataRate peerDownload;    //!< d
    Time delay;               //!< access link delay
    QueueingOptions queueing; //!< --queue-limits, --codel-scaling, --tcp-ecn, validated
};

/// The figures of one run; plain data, so a child process can write it into a pipe.
struct Result
{
    double distributionTime{0}; //!< simulated D, seconds (last receiver done)
    double wallSeconds{0};      //!< wall-clock time of set-up, run and destroy
    double cpuSeconds{0};       //!< processor time of the same
    uint64_t events{0};         //!< events the simulator executed
    uint64_t bytes{0};          //!< payload bytes received by the leechers
    uint64_t packets{0};        //!< packets the hosts put on their access links
    uint64_t wireBytes{0};      //!< bytes of those packets (headers included)
    uint64_t peakRssKib{0};     //!< peak resident memory of the process, KiB
    uint32_t complete{0};       //!< receivers with all F bytes
    uint32_t connections{0};    //!< peak connections summed over the peers (swarm only)
    bool ok{false};             //!< the child delivered its figures
};

/**
 * Builds the access network: host 0 is the seed, hosts 1..n the leechers.
 * \param s the scenario
 * \param n the number of leechers
 * \param network the helper to fill
 */
void
Build(const Scenario& s, uint32_t n, AccessNetworkHelper& network)
{
    network.SetDelay(s.delay);
    std::string badOption; // main() validated the options on a helper of its own
    network.ApplyQueueingOptions(s.queueing, &badOption);
    network.AddHost(s.serverUpload, s.serverUpload);
    network.AddHosts(n, s.peerUpload, s.peerDownload);
    network.Install();
}

/**
 * Counts the packets (and their bytes) every host transmits on its access link: the work
 * the network does, whatever the application.
 * \param network the installed network
 * \param result where to count
 */
void
CountPackets(AccessNetworkHelper& network, Result& result)
{
    for (uint32_t i = 0; i < network.GetHostCount(); ++i)
    {
        network.GetHostDevice(i)->TraceConnectWithoutContext(
            "PhyTxEnd",
            Callback<void, Ptr<const Packet>>([&result](Ptr<const Packet> packet) {
                ++result.packets;
                result.wireBytes += packet->GetSize();
            }));
    }
}

/// Peak resident memory of this process in KiB (Linux reports ru_maxrss in KiB).
uint64_t
PeakRssKib()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<uint64_t>(usage.ru_maxrss);
}

/**
 * Builds the access network of n leechers, counts its packets, lets \p simulate install and
 * run the applications (it calls Simulator::Destroy before returning), and times it all.
 * \param s the scenario
 * \param n the number of leechers
 * \param simulate installs the applications, runs and fills the rest of the result
 * \return the figures
 */
Result
Measure(const Scenario& s,
        uint32_t n,
        const std::function<void(AccessNetworkHelper&, Result&)>& simulate)
{
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    Result result;
    {
        AccessNetworkHelper network;
        Build(s, n, network);
        CountPackets(network, result);
        simulate(network, result);
    }
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    result.peakRssKib = PeakRssKib();
    result.ok = true;
    return result;
}

/**
 * Runs a swarm of n leechers and one seed until the last leecher completes.
 * \param s the scenario
 * \param n the number of leechers
 * \return the figures
 */
Result
RunSwarm(const Scenario& s, uint32_t n)
{
    return Measure(s, n, [&s, n](AccessNetworkHelper& network, Result& result) {
        const TorrentMetainfo torrent = TorrentMetainfo::Synthesize("file.bin", s.fileSize, 262144);
        BitTorrentHelper bittorrent(torrent);
        // Every peer stays (seeds after completing), as in the bound's fluid model.
        bittorrent.SetPeerAttribute("SeedTime", TimeValue(Time::Max()));
        bittorrent.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
        bittorrent.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
        bittorrent.InstallTracker(network.GetHost(0), network.GetHostAddress(0));
        ApplicationContainer seeds = bittorrent.InstallSeeds(network.GetHost(0));
        NodeContainer leecherNodes;
        for (uint32_t i = 1; i <= n; ++i)
        {
            leecherNodes.Add(network.GetHost(i));
        }
        ApplicationContainer leechers = bittorrent.InstallLeechers(leecherNodes);
        SwarmStatistics stats;
        stats.Track(seeds);
        stats.Track(leechers);
        // A safety net: the client-server bound is an upper bound for any sane swarm.
        const double csBound = DistributionBounds::ClientServer(n,
                                                                8.0 * s.fileSize,
                                                                s.serverUpload.GetBitRate(),
                                                                s.peerDownload.GetBitRate());
        Simulator::Stop(Seconds(20 * csBound));
        Simulator::Run();
        result.events = Simulator::GetEventCount();
        result.distributionTime = stats.GetDistributionTime().value_or(0);
        result.complete = stats.GetLeechersDone();
        for (const auto& r : stats.GetRecords())
        {
            result.bytes += r.initialSeed ? 0 : r.bytesDown;
        }
        ApplicationContainer peers(seeds);
        peers.Add(leechers);
        for (auto app = peers.Begin(); app != peers.End(); ++app)
        {
            result.connections += DynamicCast<BitTorrentPeer>(*app)->GetMaxConnectionCount();
        }
        Simulator::Destroy();
    });
}

/**
 * Moves F bytes to each of n leechers with BulkSend along the chain seed -> 1 -> ... -> n.
 * \param s the scenario
 * \param n the number of leechers
 * \return the figures
 */
Result
RunBulkSend(const Scenario& s, uint32_t n)
{
    return Measure(s, n, [&s, n](AccessNetworkHelper& network, Result& result) {
        const uint16_t port = 6881;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        std::vector<Ptr<PacketSink>> sinks;
        for (uint32_t i = 1; i <= n; ++i)
        {
            Ptr<PacketSink> sink =
                DynamicCast<PacketSink>(sinkHelper.Install(network.GetHost(i)).Get(0));
            sinks.push_back(sink);
            const uint64_t f = s.fileSize;
            sink->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>, const Address&>(
                    [&result, n, sink, f](Ptr<const Packet>, const Address&) {
                        if (sink->GetTotalRx() == f)
                        {
                            result.distributionTime = Simulator::Now().GetSeconds();
                            if (++result.complete == n)
                            {
                                Simulator::Stop();
                            }
                        }
                    }));
            BulkSendHelper sender("ns3::TcpSocketFactory",
                                  InetSocketAddress(network.GetHostAddress(i), port));
            sender.SetAttribute("MaxBytes", UintegerValue(f));
            // One application packet per TCP segment: BulkSend's cheapest setting.
            sender.SetAttribute("SendSize", UintegerValue(1448));
            sender.Install(network.GetHost(i - 1));
        }
        Simulator::Run();
        result.events = Simulator::GetEventCount();
        for (const auto& sink : sinks)
        {
            result.bytes += sink->GetTotalRx();
        }
        sinks.clear();
        Simulator::Destroy();
    });
}

/**
 * Runs a function in a child process and returns what it returned (ok = false if it failed).
 * \param run the run
 * \param useFork run in a child process (false: in this one; the peak memory is then the
 *        process's peak so far)
 * \return its figures
 */
Result
RunIsolated(const std::function<Result()>& run, bool useFork)
{
    if (!useFork)
    {
        return run();
    }
    int fds[2];
    if (pipe(fds) != 0)
    {
        return Result{};
    }
    std::cout.flush();
    const pid_t pid = fork();
    if (pid < 0)
    {
        close(fds[0]);
        close(fds[1]);
        return Result{};
    }
    if (pid == 0)
    {
        close(fds[0]);
        const Result r = run();
        const ssize_t written = write(fds[1], &r, sizeof(r));
        close(fds[1]);
        _exit(written == static_cast<ssize_t>(sizeof(r)) ? 0 : 1);
    }
    close(fds[1]);
    Result r;
    const ssize_t got = read(fds[0], &r, sizeof(r));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (got != static_cast<ssize_t>(sizeof(r)))
    {
        return Result{};
    }
    return r;
}

/// Prints an input error. \param option the option \param message why \return 1
int
InputError(const std::string& option, const std::string& message)
{
    std::cerr << "bittorrent-benchmark: error: --" << option << ": " << message << std::endl;
    return 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string sizesText = "50,200,1000";
    std::string fileSizeText = "10MB";
    std::string serverUploadText = "20Mbps";
    std::string peerUploadText = "4Mbps";
    std::string peerDownloadText = "16Mbps";
    std::string delayText = "2ms";
    std::string baselineText = "200";
    std::string forkText = "true";
    std::string bulkSizesText;
    QueueingOptions queueing; // --queue-limits, --codel-scaling, --tcp-ecn

    CommandLine cmd(__FILE__);
    cmd.Usage("Wall-clock time, events per second and peak memory of BitTorrent swarms, and "
              "the wall-clock ratio of one swarm to BulkSend moving the same bytes.");
    cmd.AddValue("sizes", "comma-separated swarm sizes N (leechers), or none", sizesText);
    cmd.AddValue("file-size", "file size F: bytes or with a unit (10MB, 4MiB)", fileSizeText);
    cmd.AddValue("server-upload", "upload rate u_s of the seed", serverUploadText);
    cmd.AddValue("peer-upload", "upload rate u of every leecher", peerUploadText);
    cmd.AddValue("peer-download", "download rate d of every leecher", peerDownloadText);
    cmd.AddValue("delay", "one-way delay of every access link", delayText);
    cmd.AddValue("baseline-size", "swarm size compared with BulkSend (0: none)", baselineText);
    cmd.AddValue("bulk-sizes",
                 "comma-separated N at which BulkSend alone also runs (the floor for a swarm "
                 "moving N F bytes on this network)",
                 bulkSizesText);
    cmd.AddValue("fork", "run every size in its own child process (own peak memory)", forkText);
    queueing.AddTo(cmd);
    cmd.Parse(argc, argv);

    std::string error;
    auto parseSizes = [&error](const std::string& text, std::vector<uint32_t>& out) {
        if (text == "none")
        {
            return true;
        }
        std::istringstream in(text);
        std::string item;
        while (std::getline(in, item, ','))
        {
            const auto n = ParseCount(item, 1, 5000, &error);
            if (!n)
            {
                return false;
            }
            out.push_back(static_cast<uint32_t>(*n));
        }
        return true;
    };
    std::vector<uint32_t> sizes;
    if (!parseSizes(sizesText, sizes))
    {
        return InputError("sizes", error);
    }
    std::vector<uint32_t> bulkSizes;
    if (!parseSizes(bulkSizesText, bulkSizes))
    {
        return InputError("bulk-sizes", error);
    }
    const auto baseline = ParseCount(baselineText, 0, 5000, &error);
    if (!baseline)
    {
        return InputError("baseline-size", error);
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
    const auto peerUpload = ParseDataRate(peerUploadText, &error);
    if (!peerUpload)
    {
        return InputError("peer-upload", error);
    }
    const auto peerDownload = ParseDataRate(peerDownloadText, &error);
    if (!peerDownload)
    {
        return InputError("peer-download", error);
    }
    const auto delay = ParseTime(delayText, &error);
    if (!delay)
    {
        return InputError("delay", error);
    }
    const auto useFork = ParseBool(forkText, &error);
    if (!useFork)
    {
        return InputError("fork", error);
    }
    {
        AccessNetworkHelper check;
        std::string badOption;
        const std::string queueingError = check.ApplyQueueingOptions(queueing, &badOption);
        if (!queueingError.empty())
        {
            return InputError(badOption, queueingError);
        }
    }
    const Scenario s{*fileSize, *serverUpload, *peerUpload, *peerDownload, *delay, queueing};

    std::cout << "F = " << *fileSize << " bytes, u_s = " << serverUploadText
              << ", u = " << peerUploadText << ", d = " << peerDownloadText
              << ", delay = " << delayText << (*useFork ? "; one child process per run" : "")
              << "\n"
              << std::setw(6) << "peers" << std::setw(10) << "D (s)" << std::setw(10) << "bound (s)"
              << std::setw(9) << "D/bound" << std::setw(10) << "wall (s)" << std::setw(9)
              << "cpu (s)" << std::setw(12) << "events" << std::setw(11) << "events/s"
              << std::setw(14) << "bytes moved" << std::setw(10) << "packets" << std::setw(8)
              << "conns" << std::setw(11) << "peak MiB" << std::endl;
    auto printRow = [](const std::string& label, double bound, const Result& r) {
        std::cout << std::fixed << std::setw(6) << label << std::setprecision(3) << std::setw(10)
                  << r.distributionTime << std::setw(10) << bound << std::setw(9)
                  << r.distributionTime / bound << std::setprecision(1) << std::setw(10)
                  << r.wallSeconds << std::setw(9) << r.cpuSeconds << std::setw(12) << r.events
                  << std::setprecision(0) << std::setw(11) << r.events / r.wallSeconds
                  << std::setw(14) << r.bytes << std::setw(10) << r.packets << std::setw(8)
                  << r.connections << std::setprecision(1) << std::setw(11) << r.peakRssKib / 1024.0
                  << std::endl;
    };
    auto p2pBound = [&s](uint32_t n) {
        return DistributionBounds::PeerToPeer(n,
                                              8.0 * s.fileSize,
                                              s.serverUpload.GetBitRate(),
                                              s.peerDownload.GetBitRate(),
                                              n * s.peerUpload.GetBitRate());
    };

    bool allDone = true;
    std::optional<Result> baselineSwarm;
    for (uint32_t n : sizes)
    {
        const Result r = RunIsolated([&s, n]() { return RunSwarm(s, n); }, *useFork);
        if (!r.ok)
        {
            std::cout << std::setw(6) << n << "  run failed" << std::endl;
            allDone = false;
            continue;
        }
        printRow(std::to_string(n), p2pBound(n), r);
        allDone = allDone && r.complete == n;
        if (n == *baseline)
        {
            baselineSwarm = r;
        }
    }
    for (uint32_t n : bulkSizes)
    {
        const Result bulk = RunIsolated([&s, n]() { return RunBulkSend(s, n); }, *useFork);
        printRow("bulk", p2pBound(n), bulk);
        allDone = allDone && bulk.ok && bulk.complete == n;
        std::cout << "(BulkSend alone, N = " << n << ")" << std::endl;
    }
    if (*baseline > 0)
    {
        const uint32_t n = static_cast<uint32_t>(*baseline);
        if (!baselineSwarm)
        {
            baselineSwarm = RunIsolated([&s, n]() { return RunSwarm(s, n); }, *useFork);
            printRow(std::to_string(n), p2pBound(n), *baselineSwarm);
        }
        const Result bulk = RunIsolated([&s, n]() { return RunBulkSend(s, n); }, *useFork);
        printRow("bulk", p2pBound(n), bulk);
        allDone = allDone && baselineSwarm->ok && bulk.ok && bulk.complete == n;
        std::cout << std::setprecision(3) << "BulkSend (SendSize 1448) moved the same "
                  << bulk.bytes << " bytes along the chain seed -> 1 -> ... -> " << n << "\n"
                  << "wall-clock ratio swarm/BulkSend at N = " << n << ": "
                  << baselineSwarm->wallSeconds / bulk.wallSeconds << " (goal <= 1.3); "
                  << "processor-time ratio " << baselineSwarm->cpuSeconds / bulk.cpuSeconds
                  << "; events ratio " << static_cast<double>(baselineSwarm->events) / bulk.events
                  << "; packets ratio "
                  << static_cast<double>(baselineSwarm->packets) / bulk.packets
                  << "; packets per MB of payload " << std::setprecision(0)
                  << baselineSwarm->packets / (baselineSwarm->bytes / 1e6) << " (swarm), "
                  << bulk.packets / (bulk.bytes / 1e6) << " (BulkSend)" << std::endl;
    }
    return allDone ? 0 : 1;
}
