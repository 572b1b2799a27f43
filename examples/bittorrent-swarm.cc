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
// parameters, D / bound and the mean download time.
//
//   ./bittorrent-swarm
//   ./bittorrent-swarm --peers=50 --file-size=10MB --peer-upload=1Mbps --csv=swarm.csv
//   ./bittorrent-swarm --peers=5 --file-size=2MB --pcap=true     (then: tshark -r ...)
//   ./bittorrent-swarm --seed-time=0 --join-window=60s           (selfish peers, arrivals)
//   ./bittorrent-swarm --piece-size=16KiB --unchoke-slots=20 --pipeline-depth=4
//                                                  (no tit-for-tat: every neighbour unchoked)

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/distribution-bounds.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/quantity-parser.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;

namespace
{

/// Prints an input error and returns the exit code of one.
int
InputError(const std::string& option, const std::string& message)
{
    std::cerr << "bittorrent-swarm: error: --" << option << ": " << message << std::endl;
    return 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    // Everything is read as text and validated here, so a typo gets a message and exit 1.
    std::string peersText = "20";
    std::string seedsText = "1";
    std::string fileSizeText = "4MB";
    std::string pieceSizeText = "256KiB";
    std::string serverUploadText = "10Mbps";
    std::string peerUploadText = "2Mbps";
    std::string peerDownloadText = "10Mbps";
    std::string seedTimeText = "inf";
    std::string maxPeersText = "30";
    std::string unchokeSlotsText = "4";
    std::string pipelineDepthText = "10";
    std::string seedUnchokeSlotsText = "auto";
    std::string joinWindowText = "0s";
    std::string delayText = "2ms";
    std::string pcapText = "false";
    std::string csvFile;
    std::string plotFile;
    std::string progressText = "false";
    std::string queueDisc = "ns3::FqCoDelQueueDisc";
    std::string deviceQueueText = "default";
    QueueingOptions queueing; // --queue-limits, --codel-scaling, --tcp-ecn

    CommandLine cmd(__FILE__);
    cmd.Usage("A BitTorrent swarm (tracker, seeds, leechers) on an access network, compared "
              "with the P2P bound max(F/u_s, F/d_min, N F/(u_s + sum u_i)).");
    cmd.AddValue("peers", "number of leechers N (1..5000)", peersText);
    cmd.AddValue("seeds", "number of initial seeds (1..100); the first is the server", seedsText);
    cmd.AddValue("file-size", "file size F: bytes or with a unit (10MB, 4MiB)", fileSizeText);
    cmd.AddValue("piece-size", "piece length (16KiB..16MiB, e.g. 256KiB)", pieceSizeText);
    cmd.AddValue("server-upload", "upload rate u_s of the server (first seed)", serverUploadText);
    cmd.AddValue("peer-upload", "upload rate u_i of every leecher", peerUploadText);
    cmd.AddValue("peer-download", "download rate d_i of every leecher", peerDownloadText);
    cmd.AddValue("seed-time", "how long a finished leecher seeds: 0, a time, or inf", seedTimeText);
    cmd.AddValue("max-peers", "neighbours each peer connects to (1..1000)", maxPeersText);
    cmd.AddValue("unchoke-slots",
                 "tit-for-tat unchoke slots of every peer, besides the optimistic one (1..1000; "
                 "at least --peers: every interested neighbour is unchoked)",
                 unchokeSlotsText);
    cmd.AddValue("seed-unchoke-slots",
                 "unchoke slots of a seed, besides the optimistic one: auto (mainline "
                 "BitTorrent's count for its upload rate: 26 at 10 Mbps, 11 at 2 Mbps) or "
                 "1..1000",
                 seedUnchokeSlotsText);
    cmd.AddValue("pipeline-depth",
                 "block requests kept outstanding per connection (1..256)",
                 pipelineDepthText);
    cmd.AddValue("join-window",
                 "leechers join uniformly in [0, window] (0s: flash crowd)",
                 joinWindowText);
    cmd.AddValue("delay", "one-way delay of every access link", delayText);
    cmd.AddValue("pcap", "capture the server's and the first leecher's access links", pcapText);
    cmd.AddValue("csv", "write one row per peer to this CSV file", csvFile);
    cmd.AddValue("plot", "write a gnuplot script of the download-time CDF to this file", plotFile);
    cmd.AddValue("progress", "print progress every 2 simulated seconds", progressText);
    cmd.AddValue("queue-disc", "queue discipline of the access devices, or 'none'", queueDisc);
    cmd.AddValue("device-queue",
                 "access device queue size in packets, or 'default' (the helper's)",
                 deviceQueueText);
    queueing.AddTo(cmd);
    cmd.Parse(argc, argv);

    std::string error;
    const auto peers = ParseCount(peersText, 1, 5000, &error);
    if (!peers)
    {
        return InputError("peers", error);
    }
    const auto seeds = ParseCount(seedsText, 1, 100, &error);
    if (!seeds)
    {
        return InputError("seeds", error);
    }
    const auto fileSize = ParseByteSize(fileSizeText, &error);
    if (!fileSize)
    {
        return InputError("file-size", error);
    }
    const auto pieceSize = ParseByteSize(pieceSizeText, &error);
    if (!pieceSize || *pieceSize < 16384 || *pieceSize > (16u << 20))
    {
        return InputError("piece-size",
                          pieceSize ? "'" + pieceSizeText + "' is outside 16KiB..16MiB" : error);
    }
    if (*fileSize / *pieceSize >= 1000000)
    {
        return InputError("file-size", "more than a million pieces; use a larger --piece-size");
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
    std::optional<Time> seedTime = Time::Max();
    if (seedTimeText != "inf")
    {
        seedTime = ParseTime(seedTimeText, &error);
        if (!seedTime)
        {
            return InputError("seed-time", error + " (or inf: seed forever)");
        }
    }
    const auto maxPeers = ParseCount(maxPeersText, 1, 1000, &error);
    if (!maxPeers)
    {
        return InputError("max-peers", error);
    }
    const auto unchokeSlots = ParseCount(unchokeSlotsText, 1, 1000, &error);
    if (!unchokeSlots)
    {
        return InputError("unchoke-slots", error);
    }
    uint32_t seedUnchokeSlots = 0; // the attribute's "automatic"
    if (seedUnchokeSlotsText != "auto")
    {
        const auto slots = ParseCount(seedUnchokeSlotsText, 1, 1000, &error);
        if (!slots)
        {
            return InputError("seed-unchoke-slots", error + " (or auto)");
        }
        seedUnchokeSlots = static_cast<uint32_t>(*slots);
    }
    const auto pipelineDepth = ParseCount(pipelineDepthText, 1, 256, &error);
    if (!pipelineDepth)
    {
        return InputError("pipeline-depth", error);
    }
    const auto joinWindow = ParseTime(joinWindowText, &error);
    if (!joinWindow)
    {
        return InputError("join-window", error);
    }
    const auto delay = ParseTime(delayText, &error);
    if (!delay)
    {
        return InputError("delay", error);
    }
    const auto pcap = ParseBool(pcapText, &error);
    if (!pcap)
    {
        return InputError("pcap", error);
    }
    const auto progress = ParseBool(progressText, &error);
    if (!progress)
    {
        return InputError("progress", error);
    }
    std::ofstream csv;
    if (!csvFile.empty())
    {
        csv.open(csvFile);
        if (!csv)
        {
            return InputError("csv", "cannot write '" + csvFile + "'");
        }
    }

    const uint32_t n = static_cast<uint32_t>(*peers);
    const uint32_t extraSeeds = static_cast<uint32_t>(*seeds) - 1;
    AccessNetworkHelper network;
    network.SetDelay(*delay);
    if (!network.SetQueueDisc(queueDisc == "none" ? "" : queueDisc))
    {
        return InputError("queue-disc",
                          "unknown queue discipline '" + queueDisc +
                              "'; expected an ns-3 QueueDisc type such as "
                              "ns3::FqCoDelQueueDisc, ns3::FifoQueueDisc, or none");
    }
    if (deviceQueueText != "default")
    {
        const auto deviceQueue = ParseCount(deviceQueueText, 1, 1000000, &error);
        if (!deviceQueue)
        {
            return InputError("device-queue", error);
        }
        network.SetDeviceQueueSize(QueueSize(QueueSizeUnit::PACKETS, *deviceQueue));
    }
    std::string badOption;
    const std::string queueingError = network.ApplyQueueingOptions(queueing, &badOption);
    if (!queueingError.empty())
    {
        return InputError(badOption, queueingError);
    }
    const uint32_t server = network.AddHost(*serverUpload, *serverUpload);
    const uint32_t firstExtraSeed = network.AddHosts(extraSeeds, *peerUpload, *peerDownload);
    const uint32_t firstLeecher = network.AddHosts(n, *peerUpload, *peerDownload);
    network.Install();
    if (*pcap)
    {
        network.EnablePcap("bittorrent-swarm", server);
        network.EnablePcap("bittorrent-swarm", firstLeecher);
    }

    const TorrentMetainfo torrent =
        TorrentMetainfo::Synthesize("file.bin", *fileSize, static_cast<uint32_t>(*pieceSize));
    BitTorrentHelper bittorrent(torrent);
    bittorrent.SetPeerAttribute("SeedTime", TimeValue(*seedTime));
    bittorrent.SetPeerAttribute("MaxPeers", UintegerValue(*maxPeers));
    bittorrent.SetPeerAttribute("UnchokeSlots", UintegerValue(*unchokeSlots));
    bittorrent.SetPeerAttribute("PipelineDepth", UintegerValue(*pipelineDepth));
    bittorrent.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(seedUnchokeSlots));
    bittorrent.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
    bittorrent.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
    bittorrent.InstallTracker(network.GetHost(server), network.GetHostAddress(server));
    ApplicationContainer seedApps = bittorrent.InstallSeeds(network.GetHost(server));
    for (uint32_t i = 0; i < extraSeeds; ++i)
    {
        seedApps.Add(bittorrent.InstallSeeds(network.GetHost(firstExtraSeed + i)));
    }
    if (joinWindow->IsStrictlyPositive())
    {
        Ptr<UniformRandomVariable> join = CreateObject<UniformRandomVariable>();
        join->SetAttribute("Max", DoubleValue(joinWindow->GetSeconds()));
        bittorrent.SetJoinTimes(join);
    }
    NodeContainer leecherNodes;
    for (uint32_t i = 0; i < n; ++i)
    {
        leecherNodes.Add(network.GetHost(firstLeecher + i));
    }
    ApplicationContainer leecherApps = bittorrent.InstallLeechers(leecherNodes);

    SwarmStatistics stats;
    stats.Track(seedApps);
    stats.Track(leecherApps);
    if (*progress)
    {
        stats.EnableProgress(std::cout, Seconds(2));
    }

    // The bounds for the same parameters: u_s is what the initial seeds upload together.
    const double fileBits = 8.0 * static_cast<double>(*fileSize);
    const double us = serverUpload->GetBitRate() + extraSeeds * peerUpload->GetBitRate();
    const double sumUi = n * peerUpload->GetBitRate();
    const double p2pBound =
        DistributionBounds::PeerToPeer(n, fileBits, us, peerDownload->GetBitRate(), sumUi);
    const double csBound =
        DistributionBounds::ClientServer(n, fileBits, us, peerDownload->GetBitRate());

    std::cout << "BitTorrent swarm: N = " << n << " leechers, " << *seeds
              << " seed(s), F = " << *fileSize << " bytes in " << torrent.GetPieceCount()
              << " pieces, u_s = " << serverUploadText << ", u_i = " << peerUploadText
              << ", d_i = " << peerDownloadText << std::endl;
    std::cout << "choking: " << *unchokeSlots << " + 1 slots per leecher, seeds "
              << (seedUnchokeSlots == 0 ? std::string("by their upload rate (mainline's rule)")
                                        : std::to_string(seedUnchokeSlots) + " + 1")
              << "; " << *pipelineDepth << " requests per connection" << std::endl;
    const auto wallStart = std::chrono::steady_clock::now();
    // The statistics stop the run when every leecher is done or gone, or when it stalls (no
    // live peer holds some piece, or no block moved for 10 minutes). A time limit far beyond
    // any plausible D, and never shorter than the stall time, catches a run that moves blocks
    // forever without finishing.
    const Time stallTime = Seconds(600);
    stats.SetStallDetection(Seconds(10), stallTime);
    Simulator::Stop(*joinWindow + Seconds(20 * csBound) + 2 * stallTime);
    Simulator::Run();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();

    const auto distribution = stats.GetDistributionTime();
    uint64_t up = 0;
    uint64_t down = 0;
    for (const auto& r : stats.GetRecords())
    {
        up += r.bytesUp;
        down += r.bytesDown;
    }
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "leechers done: " << stats.GetLeechersDone() << "/" << n << std::endl;
    if (distribution)
    {
        std::cout << "distribution time D = " << *distribution << " s (last leecher done)\n"
                  << "P2P bound = " << p2pBound << " s, D / bound = " << std::setprecision(3)
                  << *distribution / p2pBound << "\n"
                  << "client-server bound for the same network = " << csBound << " s ("
                  << csBound / p2pBound << " x the P2P bound)\n"
                  << "mean download time = " << stats.GetMeanDownloadTime() << " s\n";
    }
    std::cout << "payload uploaded " << up << " bytes, downloaded " << down << " bytes ("
              << std::setprecision(1) << wall << " s wall clock)" << std::endl;
    if (csv.is_open())
    {
        stats.WriteCsv(csv);
        std::cout << "per-peer rows written to " << csvFile << std::endl;
    }
    if (!plotFile.empty())
    {
        stats.WriteCdfPlot(plotFile, "BitTorrent download times");
        std::cout << "gnuplot " << plotFile << " draws " << plotFile << ".png" << std::endl;
    }
    if (const auto stall = stats.GetStall())
    {
        std::cout << "stalled at t = " << std::setprecision(3) << stall->time
                  << " s: " << stall->reason << std::endl;
        stats.WriteStuckReport(std::cout);
    }
    else if (stats.GetLeechersDone() < n && !stats.IsDone())
    {
        std::cout << "stopped by the time limit at t = " << Simulator::Now().GetSeconds()
                  << " s" << std::endl;
        stats.WriteStuckReport(std::cout);
    }
    Simulator::Destroy();
    return distribution ? 0 : 1;
}
