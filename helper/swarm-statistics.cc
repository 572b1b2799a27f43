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
        }
    }
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
SwarmStatistics::GetLeecherCount() const
{
    return m_leechers;
}

std::optional<double>
SwarmStatistics::GetDistributionTime() const
{
    std::optional<double> firstJoin;
    double lastDone = 0;
    for (const auto& r : GetRecords())
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
    double sum = 0;
    uint32_t n = 0;
    for (const auto& r : GetRecords())
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
    std::sort(times.begin(), times.end());
    Gnuplot plot(fileName + ".png", title);
    plot.SetTerminal("png");
    plot.SetLegend("download time (s)", "fraction of leechers done");
    plot.AppendExtra("set yrange [0:1]");
    Gnuplot2dDataset cdf("leechers");
    cdf.SetStyle(Gnuplot2dDataset::STEPS);
    for (std::size_t i = 0; i < times.size(); ++i)
    {
        cdf.Add(times[i], double(i + 1) / times.size());
    }
    plot.AddDataset(cdf);
    std::ofstream out(fileName);
    plot.GenerateOutput(out);
}

} // namespace ns3
