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
#include "ns3/distributed-run.h"
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

/// The figures of one host that the rank simulating it sends to every rank (GatherAll).
constexpr std::size_t RECORD_FIELDS = 11;

/**
 * \brief This rank's records, flattened for DistributedRun::GatherAll: the hosts it
 * simulates (all of them in a serial run).
 * \param records the statistics' records, record i for host i
 * \param peers the peers, peer i on host i
 * \param net the network (which hosts are local)
 * \return RECORD_FIELDS numbers per local host
 */
std::vector<double>
PackLocalRecords(const std::vector<SwarmStatistics::PeerRecord>& records,
                 const ApplicationContainer& peers,
                 const AccessNetworkHelper& net)
{
    const double none = -1; // times are never negative
    std::vector<double> packed;
    for (const auto& r : records)
    {
        if (!net.IsLocal(r.index))
        {
            continue;
        }
        Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(peers.Get(r.index));
        packed.insert(packed.end(),
                      {static_cast<double>(r.index),
                       static_cast<double>(r.node),
                       r.joinTime,
                       r.doneTime.value_or(none),
                       r.leftTime.value_or(none),
                       static_cast<double>(r.bytesUp), // exact below 2^53 bytes
                       static_cast<double>(r.bytesDown),
                       static_cast<double>(r.pieces),
                       static_cast<double>(r.protocolErrors),
                       peer->HasCrashed() ? 1.0 : 0.0,
                       peer->HasLeft() ? 1.0 : 0.0});
    }
    return packed;
}

/// A record as gathered from the rank that simulated its host, and how the peer departed.
struct GatheredRecord
{
    SwarmStatistics::PeerRecord record; //!< the figures
    bool crashed{false};                //!< the peer crashed
    bool left{false};                   //!< the peer left
};

/**
 * \brief Every host's record from every rank's PackLocalRecords().
 * \param packed GatherAll's result
 * \param local this rank's records (for the fields every rank knows: initialSeed)
 * \return one record per host, in host order
 */
std::vector<GatheredRecord>
UnpackRecords(const std::vector<double>& packed,
              const std::vector<SwarmStatistics::PeerRecord>& local)
{
    std::vector<GatheredRecord> all(local.size());
    for (std::size_t at = 0; at + RECORD_FIELDS <= packed.size(); at += RECORD_FIELDS)
    {
        const double* f = &packed[at];
        const auto index = static_cast<uint32_t>(f[0]);
        GatheredRecord& g = all.at(index);
        g.record = local.at(index);
        g.record.node = static_cast<uint32_t>(f[1]);
        g.record.joinTime = f[2];
        g.record.doneTime = f[3] < 0 ? std::nullopt : std::optional<double>(f[3]);
        g.record.leftTime = f[4] < 0 ? std::nullopt : std::optional<double>(f[4]);
        g.record.bytesUp = static_cast<uint64_t>(f[5]);
        g.record.bytesDown = static_cast<uint64_t>(f[6]);
        g.record.pieces = static_cast<uint32_t>(f[7]);
        g.record.protocolErrors = static_cast<uint64_t>(f[8]);
        g.crashed = f[9] != 0;
        g.left = f[10] != 0;
    }
    return all;
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
    ApplicationContainer tracker =
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

    // A distributed run installs every peer on every rank, so that every random draw is made
    // the same way whatever the number of ranks; only the peers of this rank's hosts start.
    const bool distributed = DistributedRun::GetSize() > 1;
    if (distributed)
    {
        for (uint32_t host = 0; host < peers.GetN(); ++host)
        {
            if (!net.IsLocal(host))
            {
                DisableApplication(peers.Get(host));
            }
        }
        if (!net.IsLocal(trackerHost))
        {
            DisableApplication(tracker.Get(0));
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
    std::vector<double> capacity{static_cast<double>(s.serverUpload.GetBitRate())};
    capacity.insert(capacity.end(), rates.up.begin(), rates.up.end());
    capacity.insert(capacity.end(), rates.seedUp.begin(), rates.seedUp.end());
    if (!distributed)
    {
        // These look at every peer at once, which a rank cannot (doc/distributed.rst): a
        // distributed run stops when every rank's leechers are done, or at the time limit.
        stats.SetStallDetection(Seconds(10), s.stallTime);
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
    }
    else
    {
        stats.SetStopWhenDone(false);
        stats.SetStallDetection(Seconds(0), s.stallTime);
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
    const auto localFinished = [&stats, &net, &s]() {
        uint32_t finished = 0;
        for (const auto& r : stats.GetRecords())
        {
            const bool leecher = r.index >= 1 && r.index <= s.hosts;
            finished += leecher && net.IsLocal(r.index) && (r.doneTime || r.leftTime) ? 1 : 0;
        }
        return finished;
    };
    result.ranks =
        RunSimulation(lastJoin + Seconds(20 * result.clientServerBound + 10) + 2 * s.stallTime,
                      localFinished,
                      s.hosts);

    result.endTime = Simulator::Now().GetSeconds();
    // Every host's figures, from the rank that simulated it (this one, in a serial run).
    const std::vector<SwarmStatistics::PeerRecord> localRecords = stats.GetRecords();
    const std::vector<GatheredRecord> gathered =
        UnpackRecords(DistributedRun::GatherAll(PackLocalRecords(localRecords, peers, net)),
                      localRecords);
    std::vector<SwarmStatistics::PeerRecord> records;
    for (const auto& g : gathered)
    {
        records.push_back(g.record);
        const bool leecher = !g.record.initialSeed;
        result.leechersDone += leecher && g.record.doneTime ? 1 : 0;
        result.leechersGone += leecher && !g.record.doneTime && (g.crashed || g.left) ? 1 : 0;
    }
    result.distributionTime = SwarmStatistics::GetDistributionTime(records);
    result.meanDownloadTime = SwarmStatistics::GetMeanDownloadTime(records);
    result.samples = stats.GetSamples();
    if (const auto stall = stats.GetStall())
    {
        std::ostringstream os;
        os << "stalled at t = " << stall->time << " s: " << stall->reason;
        result.stall = os.str();
    }
    else if (result.leechersDone + result.leechersGone < s.hosts)
    {
        std::ostringstream os;
        os << "stopped by the time limit at t = " << result.endTime << " s";
        result.stall = os.str();
    }
    if (!result.stall.empty())
    {
        std::ostringstream os;
        stats.WriteStuckReport(os);
        result.stuckReport = os.str();
    }
    for (const auto& g : gathered)
    {
        const SwarmStatistics::PeerRecord& r = g.record;
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
        row.departure = g.crashed ? "crashed" : g.left ? "left" : "";
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
