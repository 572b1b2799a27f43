// SPDX-License-Identifier: GPL-2.0-only

#include "distribution-experiment.h"

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/callback.h"
#include "ns3/distributed-run.h"
#include "ns3/distribution-bounds.h"
#include "ns3/double.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/log.h"
#include "ns3/node-container.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/swarm-statistics.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>
#include <sys/resource.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DistributionExperiment");

namespace
{
/// \return this process's peak resident memory in MiB (Linux reports ru_maxrss in KiB)
double
PeakMemoryMiB()
{
    struct rusage usage
    {
    };

    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024;
}

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
    // As a user writes it: 10Mbps, 500kbps, 1234bps.
    auto text = [](DataRate rate) {
        const uint64_t bps = rate.GetBitRate();
        if (bps >= 1000000 && bps % 1000000 == 0)
        {
            return std::to_string(bps / 1000000) + "Mbps";
        }
        if (bps >= 1000 && bps % 1000 == 0)
        {
            return std::to_string(bps / 1000) + "kbps";
        }
        return std::to_string(bps) + "bps";
    };
    return uniform ? "uniform(" + text(min) + "," + text(max) + ")" : text(min);
}

void
DistributionResult::WriteRankStatistics(std::ostream& os) const
{
    if (ranks.size() < 2)
    {
        return;
    }
    const auto flags = os.flags();
    const auto precision = os.precision();
    os << "rank      events   run (s)   packets from other ranks   peak MiB\n";
    for (std::size_t r = 0; r < ranks.size(); ++r)
    {
        os << std::setw(4) << r << std::setw(12) << ranks[r].events << std::setw(10) << std::fixed
           << std::setprecision(1) << ranks[r].runSeconds << std::setw(27)
           << ranks[r].packetsReceived << std::setw(11) << ranks[r].peakMiB << "\n";
    }
    os.flags(flags);
    os.precision(precision);
}

void
DistributionResult::WriteHostsCsv(std::ostream& os) const
{
    os << "mode,hosts,host,role,class,free_rider,upload_bps,download_bps,start_s,done_s,"
          "download_s,bytes_up,bytes_down,finished,departure,left_s\n";
    const auto flags = os.flags();
    const auto precision = os.precision();
    os << std::fixed << std::setprecision(6);
    for (const auto& r : hostRows)
    {
        os << mode << "," << hosts << "," << r.host << "," << r.role << "," << r.hostClass << ","
           << (r.freeRider ? "yes" : "no") << "," << std::setprecision(0) << r.uploadBps << ","
           << r.downloadBps << "," << std::setprecision(6) << r.startTime << ",";
        if (r.doneTime)
        {
            os << *r.doneTime << "," << (*r.doneTime - r.startTime);
        }
        else
        {
            os << ",";
        }
        os << "," << r.bytesUp << "," << r.bytesDown << "," << (r.doneTime ? "yes" : "no") << ","
           << r.departure << ",";
        if (r.leftTime)
        {
            os << *r.leftTime;
        }
        os << "\n";
    }
    os.flags(flags);
    os.precision(precision);
}

void
DistributionResult::WriteCdfPlot(const std::string& fileName, const std::string& title) const
{
    std::vector<double> times;
    uint32_t leechers = 0;
    for (const auto& r : hostRows)
    {
        if (r.role == "leecher" || r.role == "client")
        {
            ++leechers;
            if (r.doneTime)
            {
                times.push_back(*r.doneTime - r.startTime);
            }
        }
    }
    SwarmStatistics::WriteCdfPlot(fileName, title, times, leechers);
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
    if (s.delay.IsStrictlyNegative())
    {
        return "the delay must not be negative";
    }
    if (s.regions == 0 || s.regions > 64 || !s.backboneDelay.IsStrictlyPositive())
    {
        return "regions must be 1..64, with a positive backbone delay";
    }
    if (s.regions > 1 && s.regions < DistributedRun::GetSize())
    {
        return "regions (" + std::to_string(s.regions) +
               ") must be 1 or at least the number of ranks (" +
               std::to_string(DistributedRun::GetSize()) + "): every rank simulates whole regions";
    }
    if (s.seeds == 0 || s.seeds > 100)
    {
        return "seeds must be 1..100";
    }
    if (s.arrivals.kind == ArrivalSpec::Kind::FILE && s.arrivals.times.size() < s.hosts)
    {
        return "arrivals " + s.arrivals.ToString() + " lists " +
               std::to_string(s.arrivals.times.size()) + " join time(s) for " +
               std::to_string(s.hosts) + " hosts";
    }
    for (const auto& o : s.linkDowns)
    {
        if (o.host != "server" && o.host != "tracker" && o.index > s.hosts)
        {
            return "link-down " + o.host + ": there are hosts 1.." + std::to_string(s.hosts) +
                   " (and server, tracker)";
        }
    }
    if (s.freeRiders < 0 || s.freeRiders > 1 || s.lossRate < 0 || s.lossRate > 0.5)
    {
        return "free-riders must be 0..1 and loss 0..0.5";
    }
    if (!s.stallTime.IsStrictlyPositive())
    {
        return "the stall time must be positive";
    }
    AccessNetworkHelper probe; // checks the queueing options without building anything
    if (!probe.SetQueueDisc(s.queueDisc == "none" ? "" : s.queueDisc))
    {
        return "unknown queue discipline '" + s.queueDisc +
               "'; expected an ns-3 QueueDisc type such as ns3::FqCoDelQueueDisc, "
               "ns3::FifoQueueDisc, or none";
    }
    std::string badOption;
    const std::string queueing = probe.ApplyQueueingOptions(s.queueing, &badOption);
    if (!queueing.empty())
    {
        return badOption + ": " + queueing;
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
    const auto classes = AssignHostClasses(m_settings.hostClasses, m_settings.hosts);
    for (uint32_t i = 0; i < m_settings.hosts; ++i)
    {
        if (!m_settings.hostClasses.empty())
        {
            const HostClass& c = m_settings.hostClasses[classes[i]];
            rates.up.push_back(static_cast<double>(c.up.GetBitRate()));
            rates.down.push_back(static_cast<double>(c.down.GetBitRate()));
            rates.klass.push_back(c.name);
            continue;
        }
        rates.up.push_back(drawOne(m_settings.hostUpload));
        rates.down.push_back(drawOne(m_settings.hostDownload));
        rates.klass.emplace_back();
    }
    for (uint32_t i = 1; i < m_settings.seeds; ++i)
    {
        rates.seedUp.push_back(drawOne(m_settings.hostUpload));
        rates.seedDown.push_back(drawOne(m_settings.hostDownload));
    }
    return rates;
}

void
DistributionExperiment::SetBounds(const Rates& rates,
                                  DistributionResult& result,
                                  bool withSeeds) const
{
    const double bits = 8.0 * static_cast<double>(m_settings.fileSize);
    const double us =
        static_cast<double>(m_settings.serverUpload.GetBitRate()) +
        (withSeeds ? std::accumulate(rates.seedUp.begin(), rates.seedUp.end(), 0.0) : 0.0);
    const double dmin = *std::min_element(rates.down.begin(), rates.down.end());
    const double sumUp = std::accumulate(rates.up.begin(), rates.up.end(), 0.0);
    result.clientServerBound = DistributionBounds::ClientServer(m_settings.hosts, bits, us, dmin);
    result.peerToPeerBound =
        DistributionBounds::PeerToPeer(m_settings.hosts, bits, us, dmin, sumUp);
}

void
DistributionExperiment::BuildNetwork(const Rates& rates,
                                     AccessNetworkHelper& net,
                                     const std::string& pcapSuffix,
                                     bool bitTorrent) const
{
    const DistributionSettings& s = m_settings;
    net.SetDelay(s.delay);
    net.SetQueueDisc(s.queueDisc == "none" ? "" : s.queueDisc);
    if (s.deviceQueuePackets > 0)
    {
        net.SetDeviceQueueSize(QueueSize(QueueSizeUnit::PACKETS, s.deviceQueuePackets));
    }
    std::string badOption;
    net.ApplyQueueingOptions(s.queueing, &badOption); // Validate() checked them
    if (s.tcpBufferBytes > 0)
    {
        net.SetTcpBufferSizes(s.tcpBufferBytes, s.tcpBufferBytes);
    }
    net.SetRanks(DistributedRun::GetSize());
    net.SetRegions(s.regions);
    net.SetBackboneDelay(s.backboneDelay);
    // Balance the ranks' work, not their host counts (doc/distributed.rst, "Balancing the
    // work"). A file server does every client's work once more. A swarm's server (tracker and
    // first seed) runs about 5,600 events per peer whatever the file, a leecher about 10,000 per MB
    // of the file: measured from the per-rank event counts of 200 peers / 4 MB and 1000 peers
    // / 2 MB with equal blocks, which agree on these two figures within 2 %.
    constexpr double serverEventsPerPeer = 5600;
    constexpr double leecherEventsPerMB = 10150;
    const double fileMB = static_cast<double>(s.fileSize) / 1e6;
    net.SetServerLoad(bitTorrent ? serverEventsPerPeer * s.hosts / (leecherEventsPerMB * fileMB)
                                 : s.hosts - 1.0);
    net.AddHost(s.serverUpload, s.serverUpload);
    for (uint32_t i = 0; i < s.hosts; ++i)
    {
        net.AddHost(DataRate(static_cast<uint64_t>(rates.up[i])),
                    DataRate(static_cast<uint64_t>(rates.down[i])));
    }
    for (std::size_t i = 0; bitTorrent && i < rates.seedUp.size(); ++i)
    {
        net.AddHost(DataRate(static_cast<uint64_t>(rates.seedUp[i])),
                    DataRate(static_cast<uint64_t>(rates.seedDown[i])));
    }
    if (bitTorrent && s.trackerOwnHost)
    {
        net.AddHost(s.serverUpload, s.serverUpload);
    }
    net.Install();
    DistributedRun::OrderRemoteArrivals();
    if (!s.pcapPrefix.empty())
    {
        net.EnablePcap(s.pcapPrefix + pcapSuffix, 0);
        net.EnablePcap(s.pcapPrefix + pcapSuffix, 1);
    }
}

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
    SetBounds(rates, result, false);
    result.bound = result.clientServerBound;

    AccessNetworkHelper net;
    BuildNetwork(rates, net, "-client-server", false);
    FileServerHelper server(m_settings.fileSize);
    server.Install(net.GetHost(0));
    FileClientHelper clientHelper(net.GetHostAddress(0));
    std::vector<Ptr<FileClient>> clients;
    uint32_t finished = 0;
    const uint32_t n = m_settings.hosts;
    const bool distributed = DistributedRun::GetSize() > 1;
    // Stop when the last client is done: TCP's TIME_WAIT would keep the simulator going. (A
    // distributed run decides that with every rank: RunSimulation.)
    auto done = [&finished, n, distributed]() {
        if (++finished == n && !distributed)
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
        if (!net.IsLocal(i))
        {
            DisableApplication(client);
        }
    }
    result.ranks = RunSimulation(
        Seconds(20 * result.clientServerBound + 10),
        [&finished]() { return finished; },
        n);
    result.endTime = Simulator::Now().GetSeconds();
    // Every client's figures, from the rank that simulated it: request, completion (-1:
    // none), bytes, HTTP status.
    std::vector<double> local;
    for (uint32_t i = 0; i < n; ++i)
    {
        const Ptr<FileClient>& c = clients[i];
        if (net.IsLocal(i + 1))
        {
            local.insert(local.end(),
                         {static_cast<double>(i),
                          c->GetRequestTime().GetSeconds(),
                          c->IsComplete() ? c->GetCompletionTime().GetSeconds() : -1.0,
                          static_cast<double>(c->GetBytesReceived()),
                          static_cast<double>(c->GetStatus())});
        }
    }
    const std::vector<double> all = DistributedRun::GatherAll(local);
    std::vector<std::array<double, 4>> figures(n); // request, completion, bytes, status
    for (std::size_t at = 0; at + 5 <= all.size(); at += 5)
    {
        figures.at(static_cast<std::size_t>(
            all[at])) = {all[at + 1], all[at + 2], all[at + 3], all[at + 4]};
    }

    const double us = static_cast<double>(m_settings.serverUpload.GetBitRate());
    DistributionHostResult serverRow{0, "server", us, us, 0.0, std::nullopt, 0, 0};
    result.hostRows.push_back(serverRow);
    result.distributionTime = 0.0;
    for (uint32_t i = 0; i < n; ++i)
    {
        const auto& [request, completion, bytes, status] = figures[i];
        DistributionHostResult row{i + 1,
                                   "client",
                                   rates.up[i],
                                   rates.down[i],
                                   request,
                                   std::nullopt,
                                   0,
                                   static_cast<uint64_t>(bytes)};
        row.httpStatus = static_cast<int>(status);
        result.hostRows[0].bytesUp += static_cast<uint64_t>(bytes);
        if (completion >= 0)
        {
            row.doneTime = completion;
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

std::vector<RankStatistics>
DistributionExperiment::RunSimulation(Time limit,
                                      const std::function<uint32_t()>& localFinished,
                                      uint32_t total)
{
    double runSeconds = 0;
    auto run = [&runSeconds]() {
        const auto runStart = std::chrono::steady_clock::now();
        Simulator::Run();
        runSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();
    };
    if (DistributedRun::GetSize() == 1)
    {
        Simulator::Stop(limit);
        run();
    }
    else
    {
        // One second of simulated time per slice: a collective sum each, against the
        // synchronisations of every lookahead window (a few ms) of the engine itself.
        const Time slice = Seconds(1);
        for (Time end = slice;; end += slice)
        {
            Simulator::Stop(end - Simulator::Now());
            run();
            if (DistributedRun::Sum(localFinished()) >= total || end >= limit)
            {
                break;
            }
        }
    }
    const std::vector<double> all =
        DistributedRun::GatherAll({static_cast<double>(Simulator::GetEventCount()),
                                   runSeconds,
                                   static_cast<double>(DistributedRun::GetRemotePacketsReceived()),
                                   PeakMemoryMiB()});
    std::vector<RankStatistics> ranks;
    for (std::size_t at = 0; at + 4 <= all.size(); at += 4)
    {
        ranks.push_back({static_cast<uint64_t>(all[at]),
                         all[at + 1],
                         static_cast<uint64_t>(all[at + 2]),
                         all[at + 3]});
    }
    return ranks;
}

void
DistributionExperiment::DisableApplication(Ptr<Application> app)
{
    // Application::DoInitialize schedules the start; one far beyond any time limit never
    // comes, and a zero stop time schedules no stop.
    app->SetStartTime(Time::Max() / 2);
    app->SetStopTime(Seconds(0));
}

} // namespace ns3
