// SPDX-License-Identifier: GPL-2.0-only

#include "distribution-experiment.h"

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/callback.h"
#include "ns3/distribution-bounds.h"
#include "ns3/double.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/log.h"
#include "ns3/node-container.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DistributionExperiment");

namespace
{

/// The stream index of the rate draws: far from what ns-3 assigns automatically.
constexpr int64_t RATE_STREAM = 1000000;

constexpr uint32_t MIN_PIECE = 16384;     //!< the smallest piece length BitTorrentPeer accepts
constexpr uint32_t MAX_PIECE = 16u << 20; //!< the largest piece length BitTorrentPeer accepts

/// \return seconds since \p start of the wall clock
double
WallSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

RateSpec::RateSpec(DataRate rate)
    : uniform(false),
      min(rate),
      max(rate)
{
}

RateSpec
RateSpec::Uniform(DataRate min, DataRate max)
{
    RateSpec spec(min);
    spec.uniform = true;
    spec.max = max;
    return spec;
}

std::string
RateSpec::ToString() const
{
    std::ostringstream os;
    if (uniform)
    {
        os << "uniform(" << min.GetBitRate() << "bps," << max.GetBitRate() << "bps)";
    }
    else
    {
        os << min.GetBitRate() << "bps";
    }
    return os.str();
}

void
DistributionResult::WriteHostsCsv(std::ostream& os) const
{
    os << "mode,hosts,host,role,upload_bps,download_bps,start_s,done_s,download_s,bytes_up,"
          "bytes_down\n";
    const auto flags = os.flags();
    const auto precision = os.precision();
    os << std::fixed << std::setprecision(6);
    for (const auto& r : hostRows)
    {
        os << mode << "," << hosts << "," << r.host << "," << r.role << "," << std::setprecision(0)
           << r.uploadBps << "," << r.downloadBps << "," << std::setprecision(6) << r.startTime
           << ",";
        if (r.doneTime)
        {
            os << *r.doneTime << "," << (*r.doneTime - r.startTime);
        }
        else
        {
            os << ",";
        }
        os << "," << r.bytesUp << "," << r.bytesDown << "\n";
    }
    os.flags(flags);
    os.precision(precision);
}

DistributionExperiment::DistributionExperiment(const DistributionSettings& settings)
    : m_settings(settings)
{
}

std::string
DistributionExperiment::Validate(const DistributionSettings& s)
{
    if (s.hosts == 0)
    {
        return "hosts must be at least 1";
    }
    if (s.fileSize == 0)
    {
        return "the file size must be at least 1 byte";
    }
    if (s.pieceLength < MIN_PIECE || s.pieceLength > MAX_PIECE)
    {
        return "the piece size must be within 16KiB..16MiB";
    }
    if (s.fileSize / s.pieceLength >= 1000000)
    {
        return "the file has more than a million pieces; use a larger piece size";
    }
    if (s.serverUpload.GetBitRate() == 0)
    {
        return "the server upload rate must be positive";
    }
    for (const RateSpec* spec : {&s.hostUpload, &s.hostDownload})
    {
        if (spec->min.GetBitRate() == 0 || spec->max < spec->min)
        {
            return std::string(spec == &s.hostUpload ? "host-upload" : "host-download") +
                   ": a rate range needs 0 < min <= max";
        }
    }
    if (s.delay.IsStrictlyNegative() || s.joinWindow.IsStrictlyNegative() ||
        s.seedTime.IsStrictlyNegative())
    {
        return "delay, join window and seed time must not be negative";
    }
    if (s.maxPeers == 0)
    {
        return "max-peers must be at least 1";
    }
    if (s.unchokeSlots == 0)
    {
        return "unchoke-slots must be at least 1";
    }
    if (s.pipelineDepth == 0 || s.pipelineDepth > 256)
    {
        return "pipeline-depth must be 1..256";
    }
    return "";
}

const DistributionSettings&
DistributionExperiment::GetSettings() const
{
    return m_settings;
}

DistributionExperiment::Rates
DistributionExperiment::DrawRates() const
{
    if (m_settings.rngRun != 0)
    {
        RngSeedManager::SetRun(m_settings.rngRun);
    }
    Rates rates;
    // Only create the variable when needed: creating one takes an automatic stream index,
    // which would shift every stream after it and change fixed-rate runs.
    Ptr<UniformRandomVariable> draw;
    if (m_settings.hostUpload.uniform || m_settings.hostDownload.uniform)
    {
        draw = CreateObject<UniformRandomVariable>();
        draw->SetStream(RATE_STREAM);
    }
    auto drawOne = [&draw](const RateSpec& spec) {
        if (!spec.uniform)
        {
            return static_cast<double>(spec.min.GetBitRate());
        }
        // Whole bit/s, as a DataRate holds them.
        return std::floor(draw->GetValue(static_cast<double>(spec.min.GetBitRate()),
                                         static_cast<double>(spec.max.GetBitRate())));
    };
    for (uint32_t i = 0; i < m_settings.hosts; ++i)
    {
        rates.up.push_back(drawOne(m_settings.hostUpload));
        rates.down.push_back(drawOne(m_settings.hostDownload));
    }
    return rates;
}

void
DistributionExperiment::SetBounds(const Rates& rates, DistributionResult& result) const
{
    const double bits = 8.0 * static_cast<double>(m_settings.fileSize);
    const double us = static_cast<double>(m_settings.serverUpload.GetBitRate());
    const double dmin = *std::min_element(rates.down.begin(), rates.down.end());
    const double sumUp = std::accumulate(rates.up.begin(), rates.up.end(), 0.0);
    result.clientServerBound = DistributionBounds::ClientServer(m_settings.hosts, bits, us, dmin);
    result.peerToPeerBound =
        DistributionBounds::PeerToPeer(m_settings.hosts, bits, us, dmin, sumUp);
}

namespace
{

/**
 * \brief Builds the network: host 0 the server, hosts 1..N with the drawn rates.
 * \param s the settings
 * \param up the hosts' upload rates
 * \param down the hosts' download rates
 * \param net the helper to fill
 * \param pcapSuffix appended to the settings' pcap prefix
 */
void
BuildNetwork(const DistributionSettings& s,
             const std::vector<double>& up,
             const std::vector<double>& down,
             AccessNetworkHelper& net,
             const std::string& pcapSuffix)
{
    net.SetDelay(s.delay);
    net.AddHost(s.serverUpload, s.serverUpload);
    for (uint32_t i = 0; i < s.hosts; ++i)
    {
        net.AddHost(DataRate(static_cast<uint64_t>(up[i])),
                    DataRate(static_cast<uint64_t>(down[i])));
    }
    net.Install();
    if (!s.pcapPrefix.empty())
    {
        net.EnablePcap(s.pcapPrefix + pcapSuffix, 0);
        net.EnablePcap(s.pcapPrefix + pcapSuffix, 1);
    }
}

} // namespace

DistributionResult
DistributionExperiment::RunClientServer() const
{
    NS_LOG_FUNCTION(this << m_settings.hosts);
    const auto wallStart = std::chrono::steady_clock::now();
    DistributionResult result;
    result.mode = "client-server";
    result.hosts = m_settings.hosts;
    if (!Validate(m_settings).empty())
    {
        return result; // no D: nothing was run
    }
    const Rates rates = DrawRates();
    SetBounds(rates, result);
    result.bound = result.clientServerBound;

    AccessNetworkHelper net;
    BuildNetwork(m_settings, rates.up, rates.down, net, "-client-server");
    FileServerHelper server(m_settings.fileSize);
    server.Install(net.GetHost(0));
    FileClientHelper clientHelper(net.GetHostAddress(0));
    std::vector<Ptr<FileClient>> clients;
    uint32_t finished = 0;
    const uint32_t n = m_settings.hosts;
    // Stop when the last client is done: TCP's TIME_WAIT would keep the simulator going.
    auto done = [&finished, n]() {
        if (++finished == n)
        {
            Simulator::Stop();
        }
    };
    for (uint32_t i = 1; i <= n; ++i)
    {
        Ptr<FileClient> client =
            DynamicCast<FileClient>(clientHelper.Install(net.GetHost(i)).Get(0));
        client->TraceConnectWithoutContext(
            "DownloadComplete",
            Callback<void, uint64_t, Time>([done](uint64_t, Time) { done(); }));
        client->TraceConnectWithoutContext(
            "Failed",
            Callback<void, int, uint64_t>([done](int, uint64_t) { done(); }));
        clients.push_back(client);
    }
    Simulator::Stop(Seconds(20 * result.clientServerBound + 10));
    Simulator::Run();

    const double us = static_cast<double>(m_settings.serverUpload.GetBitRate());
    DistributionHostResult serverRow{0, "server", us, us, 0.0, std::nullopt, 0, 0};
    result.hostRows.push_back(serverRow);
    result.distributionTime = 0.0;
    for (uint32_t i = 0; i < n; ++i)
    {
        const Ptr<FileClient>& c = clients[i];
        DistributionHostResult row{i + 1,
                                   "client",
                                   rates.up[i],
                                   rates.down[i],
                                   c->GetRequestTime().GetSeconds(),
                                   std::nullopt,
                                   0,
                                   c->GetBytesReceived()};
        result.hostRows[0].bytesUp += c->GetBytesReceived();
        if (c->IsComplete())
        {
            row.doneTime = c->GetCompletionTime().GetSeconds();
            if (result.distributionTime)
            {
                result.distributionTime = std::max(*result.distributionTime, *row.doneTime);
            }
        }
        else
        {
            result.distributionTime.reset();
        }
        result.hostRows.push_back(row);
    }
    Simulator::Destroy();
    result.wallSeconds = WallSince(wallStart);
    return result;
}

DistributionResult
DistributionExperiment::RunBitTorrent() const
{
    NS_LOG_FUNCTION(this << m_settings.hosts);
    const auto wallStart = std::chrono::steady_clock::now();
    DistributionResult result;
    result.mode = "bittorrent";
    result.hosts = m_settings.hosts;
    if (!Validate(m_settings).empty())
    {
        return result; // no D: nothing was run
    }
    const Rates rates = DrawRates();
    SetBounds(rates, result);
    result.bound = result.peerToPeerBound;

    AccessNetworkHelper net;
    BuildNetwork(m_settings, rates.up, rates.down, net, "-bittorrent");
    BitTorrentHelper bt(
        TorrentMetainfo::Synthesize("file.bin", m_settings.fileSize, m_settings.pieceLength));
    bt.SetPeerAttribute("SeedTime", TimeValue(m_settings.seedTime));
    bt.SetPeerAttribute("MaxPeers", UintegerValue(m_settings.maxPeers));
    bt.SetPeerAttribute("UnchokeSlots", UintegerValue(m_settings.unchokeSlots));
    bt.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(m_settings.seedUnchokeSlots));
    bt.SetPeerAttribute("PipelineDepth", UintegerValue(m_settings.pipelineDepth));
    bt.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
    bt.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
    bt.InstallTracker(net.GetHost(0), net.GetHostAddress(0));
    if (m_settings.joinWindow.IsStrictlyPositive())
    {
        Ptr<UniformRandomVariable> join = CreateObject<UniformRandomVariable>();
        join->SetAttribute("Max", DoubleValue(m_settings.joinWindow.GetSeconds()));
        bt.SetJoinTimes(join);
    }
    ApplicationContainer peers = bt.InstallSeeds(net.GetHost(0));
    NodeContainer others;
    for (uint32_t i = 1; i <= m_settings.hosts; ++i)
    {
        others.Add(net.GetHost(i));
    }
    peers.Add(bt.InstallLeechers(others));
    SwarmStatistics stats;
    stats.Track(peers);
    // A safety net far beyond any plausible D; the statistics stop the run when it is done.
    Simulator::Stop(
        Seconds(m_settings.joinWindow.GetSeconds() + 20 * result.clientServerBound + 10));
    Simulator::Run();

    result.distributionTime = stats.GetDistributionTime();
    const double us = static_cast<double>(m_settings.serverUpload.GetBitRate());
    // Tracked in installation order: the seed on host 0, then the leechers on hosts 1..N.
    for (const auto& r : stats.GetRecords())
    {
        const uint32_t host = r.index;
        const bool isServer = host == 0;
        DistributionHostResult row{host,
                                   r.initialSeed ? "seed" : "leecher",
                                   isServer ? us : rates.up[host - 1],
                                   isServer ? us : rates.down[host - 1],
                                   r.joinTime,
                                   isServer ? std::nullopt : r.doneTime,
                                   r.bytesUp,
                                   r.bytesDown};
        result.hostRows.push_back(row);
    }
    Simulator::Destroy();
    result.wallSeconds = WallSince(wallStart);
    return result;
}

} // namespace ns3
