// SPDX-License-Identifier: GPL-2.0-only

#include "bittorrent-tracker-helper.h"

#include "ns3/bittorrent-tracker.h"
#include "ns3/uinteger.h"

namespace ns3
{

BitTorrentTrackerHelper::BitTorrentTrackerHelper(uint16_t port)
{
    m_factory.SetTypeId(BitTorrentTracker::GetTypeId());
    m_factory.Set("Port", UintegerValue(port));
}

void
BitTorrentTrackerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
BitTorrentTrackerHelper::Install(Ptr<Node> node) const
{
    Ptr<Application> app = m_factory.Create<BitTorrentTracker>();
    node->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
BitTorrentTrackerHelper::Install(const NodeContainer& nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        apps.Add(Install(*it));
    }
    return apps;
}

} // namespace ns3
