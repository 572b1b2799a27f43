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

#include <iomanip>
#include <iostream>
#include <optional>

using namespace ns3;

namespace
{

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
    DistributionSettings s;
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
    s.pcapPrefix = *pcap ? "comparison" : "";
    const std::string invalid = DistributionExperiment::Validate(s);
    if (!invalid.empty())
    {
        std::cerr << "distribution-comparison: error: " << invalid << std::endl;
        return 1;
    }

    std::cout << "Distributing F = " << s.fileSize
              << " bytes from a server (u_s = " << serverUploadText << ") to N = " << s.hosts
              << " hosts (u_i = " << hostUploadText << ", d_i = " << hostDownloadText << ")\n"
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
