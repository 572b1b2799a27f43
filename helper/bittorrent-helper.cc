// SPDX-License-Identifier: GPL-2.0-only

#include "bittorrent-helper.h"

#include "churn-spec.h"

#include "ns3/bittorrent-peer.h"
#include "ns3/bittorrent-tracker.h"
#include "ns3/boolean.h"
#include "ns3/node.h"
#include "ns3/uinteger.h"

namespace ns3
{

BitTorrentHelper::BitTorrentHelper(const TorrentMetainfo& torrent)
    : m_torrent(torrent)
{
    m_peerFactory.SetTypeId(BitTorrentPeer::GetTypeId());
    m_trackerFactory.SetTypeId(BitTorrentTracker::GetTypeId());
}

void
BitTorrentHelper::SetPeerAttribute(const std::string& name, const AttributeValue& value)
{
    m_peerFactory.Set(name, value);
}

void
BitTorrentHelper::SetTrackerAttribute(const std::string& name, const AttributeValue& value)
{
    m_trackerFactory.Set(name, value);
}

ApplicationContainer
BitTorrentHelper::InstallTracker(Ptr<Node> node, Ipv4Address address, uint16_t port)
{
    m_trackerFactory.Set("Port", UintegerValue(port));
    Ptr<BitTorrentTracker> tracker = m_trackerFactory.Create<BitTorrentTracker>();
    tracker->AddTorrent(m_torrent.GetInfoHash());
    node->AddApplication(tracker);
    m_tracker = tracker;
    m_trackerAddress = address;
    m_trackerPort = port;
    return ApplicationContainer(tracker);
}

ApplicationContainer
BitTorrentHelper::InstallSeeds(NodeContainer nodes)
{
    return Install(nodes, true);
}

ApplicationContainer
BitTorrentHelper::InstallLeechers(NodeContainer nodes)
{
    return Install(nodes, false);
}

void
BitTorrentHelper::SetArrivals(Ptr<RandomVariableStream> interarrival)
{
    m_interarrival = interarrival;
    m_joinTime = nullptr;
}

void
BitTorrentHelper::SetJoinTimes(Ptr<RandomVariableStream> joinTime)
{
    m_joinTime = joinTime;
    m_interarrival = nullptr;
}

void
BitTorrentHelper::SetLifetimes(Ptr<RandomVariableStream> lifetime)
{
    m_lifetime = lifetime;
}

void
BitTorrentHelper::SetJoinTimeList(std::vector<double> seconds)
{
    m_joinTimeList = std::move(seconds);
    m_interarrival = nullptr;
    m_joinTime = nullptr;
}

void
BitTorrentHelper::SetSeedTimes(Ptr<RandomVariableStream> seedTime)
{
    m_seedTime = seedTime;
}

void
BitTorrentHelper::SetFreeRiders(double share)
{
    m_freeRiders = share;
}

ApplicationContainer
BitTorrentHelper::Install(NodeContainer nodes, bool seed)
{
    ApplicationContainer apps;
    uint32_t i = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it, ++i)
    {
        Ptr<Node> node = *it;
        const uint16_t k = m_peersOnNode[node->GetId()]++;
        m_peerFactory.Set("Port", UintegerValue(6881 + k));
        m_peerFactory.Set("InitialSeed", BooleanValue(seed));
        Ptr<BitTorrentPeer> peer = m_peerFactory.Create<BitTorrentPeer>();
        if (!seed && IsFreeRider(i, nodes.GetN(), m_freeRiders))
        {
            peer->SetAttribute("FreeRider", BooleanValue(true));
        }
        if (!seed && m_seedTime)
        {
            peer->SetAttribute("SeedTime",
                               TimeValue(Seconds(std::max(0.0, m_seedTime->GetValue()))));
        }
        peer->SetTorrent(m_torrent);
        if (m_trackerAddress)
        {
            peer->SetTracker(*m_trackerAddress, m_trackerPort);
        }
        node->AddApplication(peer);
        double join = 0;
        if (!seed && m_interarrival)
        {
            m_lastArrival += std::max(0.0, m_interarrival->GetValue());
            join = m_lastArrival;
        }
        else if (!seed && m_joinTime)
        {
            join = std::max(0.0, m_joinTime->GetValue());
        }
        else if (!seed && !m_joinTimeList.empty())
        {
            join = m_joinTimeList[std::min<std::size_t>(m_leechersInstalled,
                                                        m_joinTimeList.size() - 1)];
        }
        m_leechersInstalled += seed ? 0 : 1;
        peer->SetStartTime(Seconds(join));
        if (!seed && m_lifetime)
        {
            peer->SetStopTime(Seconds(join + std::max(0.0, m_lifetime->GetValue())));
        }
        apps.Add(peer);
    }
    return apps;
}

int64_t
BitTorrentHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t used = 0;
    for (auto variable : {m_interarrival, m_joinTime, m_lifetime, m_seedTime})
    {
        if (variable)
        {
            variable->SetStream(stream + used++);
        }
    }
    if (Ptr<BitTorrentTracker> tracker = DynamicCast<BitTorrentTracker>(m_tracker))
    {
        used += tracker->AssignStreams(stream + used);
    }
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        if (Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(apps.Get(i)))
        {
            used += peer->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
