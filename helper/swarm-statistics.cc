// SPDX-License-Identifier: GPL-2.0-only

#include "swarm-statistics.h"

#include "ns3/bittorrent-peer.h"
#include "ns3/boolean.h"
#include "ns3/callback.h"
#include "ns3/gnuplot.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <fstream>
#include <iomanip>

namespace ns3
{

SwarmStatistics::~SwarmStatistics()
{
    m_progressEvent.Cancel();
    m_stallEvent.Cancel();
    m_sampleEvent.Cancel();
}

void
SwarmStatistics::EnableSamples(Time interval, std::vector<double> capacityBps)
{
    m_sampleInterval = interval;
    m_capacityBps = std::move(capacityBps);
    m_capacityBps.resize(m_peers.size(), 0);
    m_sampleEvent.Cancel();
    m_sampleEvent = Simulator::Schedule(interval, &SwarmStatistics::Sample, this);
}

void
SwarmStatistics::TrackUplinks(const std::vector<Ptr<NetDevice>>& devices)
{
    m_wireBytesUp.assign(devices.size(), 0);
    for (std::size_t i = 0; i < devices.size(); ++i)
    {
        // Only the leechers' uplinks are read: no per-packet sink on an initial seed's.
        const bool seed = i < m_isSeed.size() && m_isSeed[i];
        if (devices[i] && !seed)
        {
            devices[i]->TraceConnectWithoutContext(
                "PhyTxEnd",
                MakeCallback(&SwarmStatistics::UplinkSent, this).Bind(i));
        }
    }
}

void
SwarmStatistics::UplinkSent(std::size_t index, Ptr<const Packet> packet)
{
    m_wireBytesUp[index] += packet->GetSize();
}

const std::vector<SwarmSample>&
SwarmStatistics::GetSamples() const
{
    return m_samples;
}

void
SwarmStatistics::Sample()
{
    SwarmSample s{Simulator::Now().GetSeconds(), 0, 0, GetLeechersDone(), 0, 0};
    uint64_t up = 0;
    uint64_t leecherWire = 0;
    uint32_t fullCopies = 0;
    std::fill(m_pieceCopies.begin(), m_pieceCopies.end(), 0);
    for (std::size_t i = 0; i < m_peers.size(); ++i)
    {
        const Ptr<BitTorrentPeer>& peer = m_peers[i];
        up += peer->GetBytesUploaded();
        leecherWire += m_isSeed[i] || i >= m_wireBytesUp.size() ? 0 : m_wireBytesUp[i];
        if (!peer->IsStarted() || peer->IsGone())
        {
            continue;
        }
        ++s.online;
        s.capacityBps += m_capacityBps[i];
        s.leecherCapacityBps += m_isSeed[i] ? 0 : m_capacityBps[i];
        if (peer->IsComplete())
        {
            ++s.seeds;
            ++fullCopies; // every piece: no need to walk the bitfield
            continue;
        }
        const Bitfield& have = peer->GetHave();
        m_pieceCopies.resize(have.GetSize(), 0);
        for (uint32_t piece = 0; piece < have.GetSize(); ++piece)
        {
            m_pieceCopies[piece] += have.Test(piece) ? 1 : 0;
        }
    }
    const double seconds = m_sampleInterval.GetSeconds();
    s.uploadBps = 8.0 * (up - m_lastSampleUp) / seconds;
    s.leecherUploadBps = 8.0 * (leecherWire - m_lastSampleLeecherWire) / seconds;
    m_lastSampleUp = up;
    m_lastSampleLeecherWire = leecherWire;
    if (!m_pieceCopies.empty())
    {
        const uint32_t rarest = *std::min_element(m_pieceCopies.begin(), m_pieceCopies.end());
        const auto more = std::count_if(m_pieceCopies.begin(),
                                        m_pieceCopies.end(),
                                        [rarest](uint32_t c) { return c > rarest; });
        s.minCopies = fullCopies + rarest;
        s.distributedCopies = s.minCopies + static_cast<double>(more) / m_pieceCopies.size();
    }
    else
    {
        s.minCopies = fullCopies;
        s.distributedCopies = fullCopies;
    }
    m_samples.push_back(s);
    m_sampleEvent = Simulator::Schedule(m_sampleInterval, &SwarmStatistics::Sample, this);
}

void
SwarmStatistics::Track(ApplicationContainer peers)
{
    for (uint32_t i = 0; i < peers.GetN(); ++i)
    {
        Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(peers.Get(i));
        if (!peer)
        {
            continue;
        }
        const uint32_t index = static_cast<uint32_t>(m_peers.size());
        m_peers.push_back(peer);
        BooleanValue seed;
        peer->GetAttribute("InitialSeed", seed);
        m_isSeed.push_back(seed.Get());
        m_finishedFlags.push_back(false);
        if (!seed.Get())
        {
            ++m_leechers;
            // A leecher is finished when it completes, or when it leaves without completing.
            peer->TraceConnectWithoutContext(
                "DownloadCompleted",
                MakeCallback(&SwarmStatistics::Completed, this).Bind(index));
            peer->TraceConnectWithoutContext(
                "Left",
                MakeCallback(&SwarmStatistics::Finished, this).Bind(index));
            peer->TraceConnectWithoutContext(
                "Crashed",
                MakeCallback(&SwarmStatistics::Finished, this).Bind(index));
        }
    }
    if (m_stallEvent.IsExpired() && m_stallInterval.IsStrictlyPositive())
    {
        m_stallEvent = Simulator::Schedule(m_stallInterval, &SwarmStatistics::CheckStall, this);
    }
}

void
SwarmStatistics::SetStallDetection(Time interval, Time stallTime)
{
    m_stallInterval = interval;
    m_stallTime = stallTime;
    m_stallEvent.Cancel();
    if (interval.IsStrictlyPositive() && !m_peers.empty())
    {
        m_stallEvent = Simulator::Schedule(interval, &SwarmStatistics::CheckStall, this);
    }
}

std::optional<SwarmStatistics::Stall>
SwarmStatistics::GetStall() const
{
    return m_stall;
}

std::vector<uint32_t>
SwarmStatistics::GetMissingPieces() const
{
    // O(peers x pieces / 64) every CheckInterval: the union of what live peers hold.
    std::optional<Bitfield> held;
    for (std::size_t i = 0; i < m_peers.size(); ++i)
    {
        const Ptr<BitTorrentPeer>& peer = m_peers[i];
        if (peer->IsGone())
        {
            continue;
        }
        if (!peer->IsStarted())
        {
            if (m_isSeed[i])
            {
                return {}; // an initial seed yet to start brings every piece
            }
            continue;
        }
        const Bitfield& have = peer->GetHave();
        if (!held)
        {
            held = have;
        }
        else
        {
            held->Merge(have);
        }
    }
    std::vector<uint32_t> missing;
    if (!held)
    {
        return missing;
    }
    for (uint32_t piece = 0; piece < held->GetSize(); ++piece)
    {
        if (!held->Test(piece))
        {
            missing.push_back(piece);
        }
    }
    return missing;
}

std::vector<uint32_t>
SwarmStatistics::GetStuckLeechers() const
{
    std::vector<uint32_t> stuck;
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        if (!m_isSeed[i] && !m_finishedFlags[i] && !m_peers[i]->IsGone())
        {
            stuck.push_back(i);
        }
    }
    return stuck;
}

void
SwarmStatistics::CheckStall()
{
    if (m_finished == m_leechers)
    {
        return;
    }
    const Time now = Simulator::Now();
    uint64_t moved = 0;
    for (const auto& peer : m_peers)
    {
        moved += peer->GetBytesDownloaded();
    }
    if (moved != m_lastMoved)
    {
        m_lastMoved = moved;
        m_lastMovedAt = now;
    }
    std::string reason;
    std::vector<uint32_t> missing = GetMissingPieces();
    if (!missing.empty())
    {
        reason = std::to_string(missing.size()) + " piece(s) are held by no live peer";
    }
    else if (now - m_lastMovedAt >= m_stallTime)
    {
        reason = "no block moved for " + std::to_string(m_stallTime.GetSeconds()) + " s";
    }
    if (reason.empty())
    {
        m_stallEvent = Simulator::Schedule(m_stallInterval, &SwarmStatistics::CheckStall, this);
        return;
    }
    m_stall = Stall{now.GetSeconds(), reason, missing, GetStuckLeechers()};
    m_progressEvent.Cancel();
    if (m_stopWhenDone)
    {
        Simulator::Stop();
    }
}

void
SwarmStatistics::WriteStuckReport(std::ostream& os) const
{
    const auto stuck = GetStuckLeechers();
    const auto missing = GetMissingPieces();
    os << stuck.size() << " leecher(s) neither done nor gone";
    if (!stuck.empty())
    {
        os << ":";
    }
    os << "\n";
    for (uint32_t i : stuck)
    {
        const Ptr<BitTorrentPeer>& peer = m_peers[i];
        os << "  peer " << i << " (node " << peer->GetNode()->GetId()
           << "): " << peer->GetPiecesHave() << " pieces, " << peer->GetConnectionCount()
           << " connections" << (peer->IsStarted() ? "" : ", not started yet") << "\n";
    }
    if (missing.empty())
    {
        os << "every piece is held by a live peer\n";
        return;
    }
    os << missing.size() << " piece(s) held by no live peer:";
    for (std::size_t k = 0; k < missing.size() && k < 50; ++k)
    {
        os << " " << missing[k];
    }
    os << (missing.size() > 50 ? " ...\n" : "\n");
}

void
SwarmStatistics::SetStopWhenDone(bool stop)
{
    m_stopWhenDone = stop;
}

void
SwarmStatistics::EnableProgress(std::ostream& os, Time interval)
{
    m_progress = &os;
    m_progressInterval = interval;
    m_progressEvent.Cancel();
    m_progressEvent = Simulator::Schedule(interval, &SwarmStatistics::PrintProgress, this);
}

void
SwarmStatistics::PrintProgress()
{
    uint64_t down = 0;
    uint64_t seedUp = 0;
    uint64_t leecherUp = 0;
    for (std::size_t i = 0; i < m_peers.size(); ++i)
    {
        down += m_peers[i]->GetBytesDownloaded();
        (m_isSeed[i] ? seedUp : leecherUp) += m_peers[i]->GetBytesUploaded();
    }
    // Upload rates over the last interval show who carries the distribution.
    const double seconds = m_progressInterval.GetSeconds();
    const uint32_t seeds = static_cast<uint32_t>(m_peers.size()) - m_leechers;
    *m_progress << "  t=" << std::fixed << std::setprecision(0) << Simulator::Now().GetSeconds()
                << "s: " << GetLeechersDone() << "/" << m_leechers << " leechers done, "
                << std::setprecision(1) << down / 1e6 << " MB moved; upload rate per seed "
                << std::setprecision(2)
                << (seeds ? 8e-6 * (seedUp - m_lastSeedUp) / seconds / seeds : 0)
                << " Mbps, per leecher "
                << (m_leechers ? 8e-6 * (leecherUp - m_lastLeecherUp) / seconds / m_leechers : 0)
                << " Mbps" << std::endl;
    m_lastSeedUp = seedUp;
    m_lastLeecherUp = leecherUp;
    m_progressEvent =
        Simulator::Schedule(m_progressInterval, &SwarmStatistics::PrintProgress, this);
}

void
SwarmStatistics::Completed(uint32_t index, Time duration)
{
    Finished(index);
}

void
SwarmStatistics::Finished(uint32_t index)
{
    if (m_finishedFlags[index])
    {
        return;
    }
    m_finishedFlags[index] = true;
    ++m_finished;
    if (m_stopWhenDone && m_finished == m_leechers)
    {
        m_progressEvent.Cancel();
        m_stallEvent.Cancel();
        Simulator::Stop();
    }
}

std::vector<SwarmStatistics::PeerRecord>
SwarmStatistics::GetRecords() const
{
    std::vector<PeerRecord> records;
    records.reserve(m_peers.size());
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        const Ptr<BitTorrentPeer>& peer = m_peers[i];
        PeerRecord r;
        r.index = i;
        r.node = peer->GetNode()->GetId();
        r.initialSeed = m_isSeed[i];
        r.joinTime = peer->GetJoinTime().GetSeconds();
        if (auto done = peer->GetCompletionTime())
        {
            r.doneTime = done->GetSeconds();
        }
        if (auto left = peer->GetLeaveTime())
        {
            r.leftTime = left->GetSeconds();
        }
        r.bytesUp = peer->GetBytesUploaded();
        r.bytesDown = peer->GetBytesDownloaded();
        r.pieces = peer->GetPiecesHave();
        r.protocolErrors = peer->GetProtocolErrors();
        records.push_back(r);
    }
    return records;
}

uint32_t
SwarmStatistics::GetLeechersDone() const
{
    uint32_t done = 0;
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        done += (!m_isSeed[i] && m_peers[i]->GetCompletionTime()) ? 1 : 0;
    }
    return done;
}

uint32_t
SwarmStatistics::GetLeechersGone() const
{
    uint32_t gone = 0;
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        gone += (!m_isSeed[i] && !m_peers[i]->IsComplete() && m_peers[i]->IsGone()) ? 1 : 0;
    }
    return gone;
}

bool
SwarmStatistics::IsDone() const
{
    return m_finished == m_leechers;
}

uint32_t
SwarmStatistics::GetLeecherCount() const
{
    return m_leechers;
}

std::optional<double>
SwarmStatistics::GetDistributionTime() const
{
    return GetDistributionTime(GetRecords());
}

std::optional<double>
SwarmStatistics::GetDistributionTime(const std::vector<PeerRecord>& records)
{
    std::optional<double> firstJoin;
    double lastDone = 0;
    for (const auto& r : records)
    {
        if (r.initialSeed)
        {
            continue;
        }
        if (!r.doneTime)
        {
            return std::nullopt;
        }
        firstJoin = std::min(firstJoin.value_or(r.joinTime), r.joinTime);
        lastDone = std::max(lastDone, *r.doneTime);
    }
    if (!firstJoin)
    {
        return std::nullopt;
    }
    return lastDone - *firstJoin;
}

double
SwarmStatistics::GetMeanDownloadTime() const
{
    return GetMeanDownloadTime(GetRecords());
}

double
SwarmStatistics::GetMeanDownloadTime(const std::vector<PeerRecord>& records)
{
    double sum = 0;
    uint32_t n = 0;
    for (const auto& r : records)
    {
        if (!r.initialSeed && r.doneTime)
        {
            sum += *r.doneTime - r.joinTime;
            ++n;
        }
    }
    return n ? sum / n : 0;
}

void
SwarmStatistics::WriteCsv(std::ostream& os) const
{
    os << "peer,node,role,join_s,done_s,download_s,left_s,bytes_up,bytes_down,pieces,"
          "protocol_errors\n";
    os << std::fixed << std::setprecision(6);
    for (const auto& r : GetRecords())
    {
        os << r.index << "," << r.node << "," << (r.initialSeed ? "seed" : "leecher") << ","
           << r.joinTime << ",";
        if (r.doneTime)
        {
            os << *r.doneTime << "," << (*r.doneTime - r.joinTime);
        }
        else
        {
            os << ",";
        }
        os << ",";
        if (r.leftTime)
        {
            os << *r.leftTime;
        }
        os << "," << r.bytesUp << "," << r.bytesDown << "," << r.pieces << "," << r.protocolErrors
           << "\n";
    }
}

void
SwarmStatistics::WriteCdfPlot(const std::string& fileName, const std::string& title) const
{
    std::vector<double> times;
    for (const auto& r : GetRecords())
    {
        if (!r.initialSeed && r.doneTime)
        {
            times.push_back(*r.doneTime - r.joinTime);
        }
    }
    WriteCdfPlot(fileName, title, times, m_leechers);
}

void
SwarmStatistics::WriteCdfPlot(const std::string& fileName,
                              const std::string& title,
                              std::vector<double> times,
                              uint32_t leechers)
{
    std::sort(times.begin(), times.end());
    Gnuplot plot(fileName + ".png", title);
    plot.SetTerminal("png");
    // Over all leechers: the curve stays below 1 when some never finished.
    plot.SetLegend("download time (s)", "fraction of leechers done");
    plot.AppendExtra("set yrange [0:1]");
    Gnuplot2dDataset cdf("leechers");
    cdf.SetStyle(Gnuplot2dDataset::STEPS);
    for (std::size_t i = 0; i < times.size(); ++i)
    {
        cdf.Add(times[i], double(i + 1) / std::max<uint32_t>(leechers, 1));
    }
    plot.AddDataset(cdf);
    std::ofstream out(fileName);
    plot.GenerateOutput(out);
}

} // namespace ns3
