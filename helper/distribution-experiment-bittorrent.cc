// SPDX-License-Identifier: GPL-2.0-only
//
// DistributionExperiment::RunBitTorrent: the BitTorrent mode of an experiment, with churn,
// populations and faults (the client-server mode and the rest are in
// distribution-experiment.cc).

#include "distribution-experiment.h"

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-helper.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/fault-helper.h"
#include "ns3/log.h"
#include "ns3/node-container.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/swarm-statistics.h"
#include "ns3/torrent-metainfo.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DistributionExperimentBitTorrent");

namespace
{

/// The first stream index of the churn draws and the faults: far from ns-3's automatic ones.
constexpr int64_t CHURN_STREAM = 2000000;

/**
 * \brief Sets how leechers arrive, how long they stay and seed, on the helper.
 * \param s the settings
 * \param bt the helper
 */
void
SetChurn(const DistributionSettings& s, BitTorrentHelper& bt)
{
    switch (s.arrivals.kind)
    {
    case ArrivalSpec::Kind::UNIFORM: {
        auto join = CreateObject<UniformRandomVariable>();
        join->SetAttribute("Max", DoubleValue(s.arrivals.window.GetSeconds()));
        bt.SetJoinTimes(join);
        break;
    }
    case ArrivalSpec::Kind::POISSON: {
        // A Poisson process: exponential inter-arrival times of mean 1 / rate.
        auto gap = CreateObject<ExponentialRandomVariable>();
        gap->SetAttribute("Mean", DoubleValue(1.0 / s.arrivals.rate));
        bt.SetArrivals(gap);
        break;
    }
    case ArrivalSpec::Kind::FILE:
        bt.SetJoinTimeList(s.arrivals.times);
        break;
    default:
        break;
    }
    if (auto session = CreateDurationVariable(s.leecherSession))
    {
        bt.SetLifetimes(session);
    }
    if (auto seedTime = CreateDurationVariable(s.seedTime))
    {
        bt.SetSeedTimes(seedTime);
    }
    bt.SetFreeRiders(s.freeRiders);
    bt.SetPeerAttribute("Departure", StringValue(s.crashOnLeave ? "crash" : "graceful"));
}

} // namespace

DistributionResult
DistributionExperiment::RunBitTorrent(std::ostream* progress) const
{
    NS_LOG_FUNCTION(this << m_settings.hosts);
    const auto wallStart = std::chrono::steady_clock::now();
    const DistributionSettings& s = m_settings;
    DistributionResult result;
    result.mode = "bittorrent";
    result.hosts = s.hosts;
    if (!Validate(s).empty())
    {
        return result; // no D: nothing was run
    }
    const Rates rates = DrawRates();
    SetBounds(rates, result, true);
    result.bound = result.peerToPeerBound;

    // Hosts: 0 the server, 1..N leechers, then the extra seeds, then the tracker's own host.
    AccessNetworkHelper net;
    BuildNetwork(rates, net, "-bittorrent", true);
    const uint32_t firstExtraSeed = s.hosts + 1;
    const uint32_t trackerHost = s.trackerOwnHost ? firstExtraSeed + s.seeds - 1 : 0;

    BitTorrentHelper bt(TorrentMetainfo::Synthesize("file.bin", s.fileSize, s.pieceLength));
    bt.SetPeerAttribute("MaxPeers", UintegerValue(s.maxPeers));
    bt.SetPeerAttribute("UnchokeSlots", UintegerValue(s.unchokeSlots));
    bt.SetPeerAttribute("SeedUnchokeSlots", UintegerValue(s.seedUnchokeSlots));
    bt.SetPeerAttribute("SeedChokingMode", StringValue(s.seedChoking));
    bt.SetPeerAttribute("PipelineDepth", UintegerValue(s.pipelineDepth));
    bt.SetTrackerAttribute("Interval", TimeValue(Seconds(300)));
    bt.SetTrackerAttribute("MinInterval", TimeValue(Seconds(10)));
    bt.InstallTracker(net.GetHost(trackerHost), net.GetHostAddress(trackerHost));
    SetChurn(s, bt);

    // Tracked in host order, so that record i is host i.
    ApplicationContainer peers = bt.InstallSeeds(net.GetHost(0));
    NodeContainer leechers;
    for (uint32_t i = 1; i <= s.hosts; ++i)
    {
        leechers.Add(net.GetHost(i));
    }
    ApplicationContainer leecherApps = bt.InstallLeechers(leechers);
    peers.Add(leecherApps);
    for (uint32_t i = 1; i < s.seeds; ++i)
    {
        peers.Add(bt.InstallSeeds(net.GetHost(firstExtraSeed + i - 1)));
    }
    bt.AssignStreams(peers, CHURN_STREAM);
    if (auto session = CreateDurationVariable(s.seedSession))
    {
        session->SetStream(CHURN_STREAM + 200000);
        for (uint32_t host = 0; host < peers.GetN(); ++host)
        {
            if (host == 0 || host > s.hosts) // the initial seeds
            {
                peers.Get(host)->SetStopTime(Seconds(std::max(0.0, session->GetValue())));
            }
        }
    }

    FaultHelper faults(net);
    if (s.lossRate > 0)
    {
        faults.SetLossRate(s.lossRate);
    }
    for (const auto& o : s.linkDowns)
    {
        faults.AddOutage(o.host == "server"    ? 0
                         : o.host == "tracker" ? trackerHost
                                               : o.index,
                         o.down,
                         o.up);
    }
    faults.SilenceCrashes(peers);
    faults.AssignStreams(CHURN_STREAM + 100000);

    SwarmStatistics stats;
    stats.Track(peers);
    stats.SetStallDetection(Seconds(10), s.stallTime);
    std::vector<double> capacity{static_cast<double>(s.serverUpload.GetBitRate())};
    capacity.insert(capacity.end(), rates.up.begin(), rates.up.end());
    capacity.insert(capacity.end(), rates.seedUp.begin(), rates.seedUp.end());
    stats.EnableSamples(Seconds(1), capacity);
    std::vector<Ptr<NetDevice>> uplinks;
    for (uint32_t i = 0; i < capacity.size(); ++i)
    {
        uplinks.push_back(net.GetHostDevice(i)); // tracked in host order
    }
    stats.TrackUplinks(uplinks);
    if (progress)
    {
        stats.EnableProgress(*progress, Seconds(2));
    }
    // The statistics stop the run when every leecher is done or gone, or when it stalls; a
    // time limit far beyond any plausible D, and never shorter than the stall time, catches
    // a run that moves blocks forever without finishing.
    Time lastJoin;
    for (uint32_t i = 0; i < leecherApps.GetN(); ++i)
    {
        TimeValue start; // ns-3.37's Application has no GetStartTime()
        leecherApps.Get(i)->GetAttribute("StartTime", start);
        lastJoin = std::max(lastJoin, start.Get());
    }
    Simulator::Stop(lastJoin + Seconds(20 * result.clientServerBound + 10) + 2 * s.stallTime);
    Simulator::Run();

    result.distributionTime = stats.GetDistributionTime();
    result.leechersDone = stats.GetLeechersDone();
    result.leechersGone = stats.GetLeechersGone();
    result.meanDownloadTime = stats.GetMeanDownloadTime();
    result.samples = stats.GetSamples();
    if (const auto stall = stats.GetStall())
    {
        std::ostringstream os;
        os << "stalled at t = " << stall->time << " s: " << stall->reason;
        result.stall = os.str();
    }
    else if (!stats.IsDone())
    {
        std::ostringstream os;
        os << "stopped by the time limit at t = " << Simulator::Now().GetSeconds() << " s";
        result.stall = os.str();
    }
    if (!result.stall.empty())
    {
        std::ostringstream os;
        stats.WriteStuckReport(os);
        result.stuckReport = os.str();
    }
    for (const auto& r : stats.GetRecords())
    {
        const uint32_t host = r.index;
        Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(peers.Get(host));
        const bool leecher = host >= 1 && host <= s.hosts;
        DistributionHostResult row{host,
                                   r.initialSeed ? "seed" : "leecher",
                                   capacity[host],
                                   host == 0 ? capacity[0]
                                   : leecher ? rates.down[host - 1]
                                             : rates.seedDown[host - firstExtraSeed],
                                   r.joinTime,
                                   leecher ? r.doneTime : std::nullopt,
                                   r.bytesUp,
                                   r.bytesDown};
        row.hostClass = leecher ? rates.klass[host - 1] : "";
        BooleanValue freeRider;
        peer->GetAttribute("FreeRider", freeRider);
        row.freeRider = freeRider.Get();
        row.departure = peer->HasCrashed() ? "crashed" : peer->HasLeft() ? "left" : "";
        row.leftTime = r.leftTime;
        result.hostRows.push_back(row);
    }
    std::vector<double> completions;
    std::vector<uint64_t> downloaded;
    for (const auto& row : result.hostRows)
    {
        if (row.doneTime)
        {
            completions.push_back(*row.doneTime);
            downloaded.push_back(row.bytesDown);
        }
    }
    result.phases = SwarmPhases::Compute(result.samples, completions, downloaded, s.fileSize);
    Simulator::Destroy();
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return result;
}

} // namespace ns3
