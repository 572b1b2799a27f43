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

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/distribution-bounds.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/nstime.h"
#include "ns3/quantity-parser.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/torrent-metainfo.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>
#include <vector>

using namespace ns3;

namespace
{

/// The network and file of the comparison.
struct Setup
{
    uint32_t hosts;        //!< N
    uint64_t fileSize;     //!< F, bytes
    uint32_t pieceLength;  //!< BitTorrent piece length
    DataRate serverUpload; //!< u_s
    DataRate hostUpload;   //!< u_i
    DataRate hostDownload; //!< d_i
    bool pcap;             //!< capture the server's and the first host's links
};

/// Builds the lecture's network: host 0 is the server, hosts 1..N the others.
void
BuildNetwork(const Setup& s, AccessNetworkHelper& net, const std::string& pcapPrefix)
{
    net.AddHost(s.serverUpload, s.serverUpload);
    net.AddHosts(s.hosts, s.hostUpload, s.hostDownload);
    net.Install();
    if (s.pcap)
    {
        net.EnablePcap(pcapPrefix, 0);
        net.EnablePcap(pcapPrefix, 1);
    }
}

/// Client-server: the distribution time, or nothing if a client failed.
std::optional<double>
RunClientServer(const Setup& s)
{
    AccessNetworkHelper net;
    BuildNetwork(s, net, "comparison-client-server");
    FileServerHelper server(s.fileSize);
    server.Install(net.GetHost(0));
    FileClientHelper clientHelper(net.GetHostAddress(0));
    std::vector<Ptr<FileClient>> clients;
    uint32_t finished = 0;
    for (uint32_t i = 1; i <= s.hosts; ++i)
    {
        Ptr<FileClient> client =
            DynamicCast<FileClient>(clientHelper.Install(net.GetHost(i)).Get(0));
        // Stop when the last client is done: TCP's TIME_WAIT would keep the simulator going.
        auto done = [&finished, &s]() {
            if (++finished == s.hosts)
            {
                Simulator::Stop();
            }
        };
        client->TraceConnectWithoutContext(
            "DownloadComplete",
            Callback<void, uint64_t, Time>([done](uint64_t, Time) { done(); }));
        client->TraceConnectWithoutContext(
            "Failed",
            Callback<void, int, uint64_t>([done](int, uint64_t) { done(); }));
        clients.push_back(client);
    }
    Simulator::Run();
    std::optional<double> d = 0.0;
    for (const auto& client : clients)
    {
        if (!client->IsComplete())
        {
            d.reset();
            break;
        }
        d = std::max(*d, client->GetCompletionTime().GetSeconds());
    }
    Simulator::Destroy();
    return d;
}

/// BitTorrent: the distribution time, or nothing if a leecher did not complete.
std::optional<double>
RunBitTorrent(const Setup& s)
{
    AccessNetworkHelper net;
    BuildNetwork(s, net, "comparison-bittorrent");
    BitTorrentHelper bt(TorrentMetainfo::Synthesize("file.bin", s.fileSize, s.pieceLength));
    bt.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
    bt.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
    bt.InstallTracker(net.GetHost(0), net.GetHostAddress(0));
    ApplicationContainer peers = bt.InstallSeeds(net.GetHost(0));
    NodeContainer others;
    for (uint32_t i = 1; i <= s.hosts; ++i)
    {
        others.Add(net.GetHost(i));
    }
    peers.Add(bt.InstallLeechers(others));
    SwarmStatistics stats;
    stats.Track(peers);
    Simulator::Run();
    const std::optional<double> d = stats.GetDistributionTime();
    Simulator::Destroy();
    return d;
}

/// Prints an input error and returns the exit code of one.
int
InputError(const std::string& option, const std::string& message)
{
    std::cerr << "distribution-comparison: error: --" << option << ": " << message << std::endl;
    return 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string hostsText = "20";
    std::string fileSizeText = "4MB";
    std::string pieceSizeText = "64KiB";
    std::string serverUploadText = "10Mbps";
    std::string hostUploadText = "2Mbps";
    std::string hostDownloadText = "8Mbps";
    std::string pcapText = "false";

    CommandLine cmd(__FILE__);
    cmd.Usage("Client-server and BitTorrent distribution of one file on the same access "
              "network, each compared with its lower bound.");
    cmd.AddValue("hosts", "number of hosts N that want the file (1..2000)", hostsText);
    cmd.AddValue("file-size", "file size F: bytes or with a unit (4MB, 10MiB)", fileSizeText);
    cmd.AddValue("piece-size", "BitTorrent piece length (16KiB..16MiB)", pieceSizeText);
    cmd.AddValue("server-upload", "upload rate u_s of the server", serverUploadText);
    cmd.AddValue("host-upload", "upload rate u_i of every host", hostUploadText);
    cmd.AddValue("host-download", "download rate d_i of every host", hostDownloadText);
    cmd.AddValue("pcap", "capture the server's and the first host's links", pcapText);
    cmd.Parse(argc, argv);

    std::string error;
    Setup s;
    const auto hosts = ParseCount(hostsText, 1, 2000, &error);
    if (!hosts)
    {
        return InputError("hosts", error);
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
    const auto serverUpload = ParseDataRate(serverUploadText, &error);
    if (!serverUpload)
    {
        return InputError("server-upload", error);
    }
    const auto hostUpload = ParseDataRate(hostUploadText, &error);
    if (!hostUpload)
    {
        return InputError("host-upload", error);
    }
    const auto hostDownload = ParseDataRate(hostDownloadText, &error);
    if (!hostDownload)
    {
        return InputError("host-download", error);
    }
    const auto pcap = ParseBool(pcapText, &error);
    if (!pcap)
    {
        return InputError("pcap", error);
    }
    s.hosts = static_cast<uint32_t>(*hosts);
    s.fileSize = *fileSize;
    s.pieceLength = static_cast<uint32_t>(*pieceSize);
    s.serverUpload = *serverUpload;
    s.hostUpload = *hostUpload;
    s.hostDownload = *hostDownload;
    s.pcap = *pcap;

    const double bits = 8.0 * s.fileSize;
    const double us = s.serverUpload.GetBitRate();
    const double d = s.hostDownload.GetBitRate();
    const double csBound = DistributionBounds::ClientServer(s.hosts, bits, us, d);
    const double p2pBound =
        DistributionBounds::PeerToPeer(s.hosts, bits, us, d, s.hosts * s.hostUpload.GetBitRate());

    std::cout << "Distributing F = " << s.fileSize
              << " bytes from a server (u_s = " << serverUploadText << ") to N = " << s.hosts
              << " hosts (u_i = " << hostUploadText << ", d_i = " << hostDownloadText << ")\n"
              << std::endl;
    const std::optional<double> dcs = RunClientServer(s);
    const std::optional<double> dp2p = RunBitTorrent(s);

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
    row("client-server", dcs, csBound);
    row("BitTorrent", dp2p, p2pBound);
    if (dcs && dp2p)
    {
        std::cout << "\nBitTorrent was " << *dcs / *dp2p
                  << " times faster. Client-server time grows like N F / u_s; the swarm's "
                     "uploads grow with N too, so its time stays nearly flat (try --hosts=40)."
                  << std::endl;
    }
    if (s.pcap)
    {
        std::cout << "pcaps: comparison-client-server-*.pcap (HTTP), comparison-bittorrent-*.pcap "
                     "(BitTorrent, tracker HTTP on 2710)"
                  << std::endl;
    }
    return dcs && dp2p ? 0 : 1;
}
