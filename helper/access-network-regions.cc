// SPDX-License-Identifier: GPL-2.0-only

// AccessNetworkHelper's regions: several core routers joined by a backbone, and how hosts
// and cores are placed on the ranks of a distributed run (doc/distributed.rst).

#include "access-network-helper.h"

#include "ns3/access-core-routing.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/ordered-point-to-point-channel.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AccessNetworkRegions");

void
AccessNetworkHelper::SetRegions(uint32_t regions)
{
    m_regions = std::max<uint32_t>(regions, 1);
}

void
AccessNetworkHelper::SetBackboneDelay(Time delay)
{
    m_backboneDelay = delay;
}

void
AccessNetworkHelper::SetServerLoad(double hosts)
{
    m_serverLoad = hosts > 0 ? hosts : 0.0; // also maps NaN to 0
}

uint32_t
AccessNetworkHelper::GetRegionCount() const
{
    return m_regions;
}

uint32_t
AccessNetworkHelper::GetHostBlock(uint32_t i, uint32_t blocks, double load) const
{
    const auto others = static_cast<uint64_t>(m_rates.size()) - 1; // hosts 1.. (not the server)
    if (i == 0 || blocks <= 1 || others == 0)
    {
        return 0;
    }
    // Host i >= 1 starts at load + i - 1 on a line of load + others hosts' work, cut into
    // equal blocks. Every rank computes the same doubles; with load 0 the quotient of two
    // exactly represented integers is exact, so the blocks are those of integer division.
    const double position = load + static_cast<double>(i - 1);
    const double total = load + static_cast<double>(others);
    const auto block = static_cast<uint32_t>(std::floor(position * blocks / total));
    return std::min(block, blocks - 1); // position < total: only rounding could reach blocks
}

uint32_t
AccessNetworkHelper::GetHostRegion(uint32_t i) const
{
    return GetHostBlock(i, m_regions, m_serverLoad);
}

uint32_t
AccessNetworkHelper::GetRegionRank(uint32_t region) const
{
    // Contiguous blocks of regions, so that with as many regions as ranks region k is on rank
    // k, and with more, a rank's hosts are still one contiguous block.
    return static_cast<uint32_t>(static_cast<uint64_t>(region) * m_ranks / m_regions);
}

Ptr<Node>
AccessNetworkHelper::GetRegionCore(uint32_t region) const
{
    return region < m_cores.GetN() ? m_cores.Get(region) : nullptr;
}

NetDeviceContainer
AccessNetworkHelper::InstallOrderedLink(Ptr<Node> a,
                                        Ptr<Node> b,
                                        DataRate rate,
                                        QueueSize depth) const
{
    // The devices as PointToPointHelper::Install makes them (same order, addresses, queues
    // and flow control), on an OrderedPointToPointChannel.
    NetDeviceContainer devices;
    for (const Ptr<Node>& node : {a, b})
    {
        Ptr<PointToPointNetDevice> device = CreateObject<PointToPointNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        device->SetDataRate(rate);
        node->AddDevice(device);
        Ptr<DropTailQueue<Packet>> queue = CreateObject<DropTailQueue<Packet>>();
        queue->SetMaxSize(depth);
        device->SetQueue(queue);
        Ptr<NetDeviceQueueInterface> queueInterface = CreateObject<NetDeviceQueueInterface>();
        device->AggregateObject(queueInterface);
        queueInterface->GetTxQueue(0)->ConnectQueueTraces(queue);
        devices.Add(device);
    }
    Ptr<OrderedPointToPointChannel> channel = CreateObject<OrderedPointToPointChannel>();
    channel->SetAttribute("Delay", TimeValue(m_backboneDelay));
    for (uint32_t e = 0; e < 2; ++e)
    {
        DynamicCast<PointToPointNetDevice>(devices.Get(e))->Attach(channel);
    }
    return devices;
}

void
AccessNetworkHelper::InstallBackbone(const std::vector<Ptr<AccessCoreRouting>>& routing)
{
    NS_LOG_FUNCTION(this << m_regions);
    // Fast enough that every host could send across one backbone link at once, and deep
    // enough for a packet from every host arriving together: a backbone link never limits a
    // transfer and never drops, as the star's core never does.
    uint64_t sumUp = 0;
    for (const auto& r : m_rates)
    {
        sumUp += r.up.GetBitRate();
    }
    const DataRate rate(std::max<uint64_t>(sumUp, 1));
    const QueueSize depth(QueueSizeUnit::PACKETS,
                          std::max<uint32_t>(100, static_cast<uint32_t>(m_rates.size())));
    // A link between two ranks is PointToPointHelper's (a remote channel, whose packets
    // DistributedRun::OrderRemoteArrivals() delivers in order); any other an ordered channel,
    // so that a backbone link delivers the same way whichever ranks its ends are on.
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(rate));
    p2p.SetChannelAttribute("Delay", TimeValue(m_backboneDelay));
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(depth));
    const uint32_t self = Simulator::GetSystemId();

    // Link (a, b), a < b, is the /30 after the hosts' and the links before it: core a is .1,
    // core b .2. Every core learns, for every other region, its interface and next hop there.
    const auto hosts = static_cast<uint32_t>(m_rates.size());
    std::vector<std::vector<uint32_t>> interfaceTo(m_regions, std::vector<uint32_t>(m_regions));
    std::vector<std::vector<Ipv4Address>> gatewayTo(m_regions, std::vector<Ipv4Address>(m_regions));
    uint32_t link = 0;
    for (uint32_t a = 0; a < m_regions; ++a)
    {
        for (uint32_t b = a + 1; b < m_regions; ++b, ++link)
        {
            const bool betweenRanks =
                m_ranks > 1 && (GetRegionRank(a) != self || GetRegionRank(b) != self);
            NetDeviceContainer devices =
                betweenRanks ? p2p.Install(m_cores.Get(a), m_cores.Get(b))
                             : InstallOrderedLink(m_cores.Get(a), m_cores.Get(b), rate, depth);
            const uint32_t network = m_base.Get() + 4 * (hosts + link);
            const uint32_t ends[2] = {a, b};
            for (uint32_t e = 0; e < 2; ++e)
            {
                Ptr<Ipv4> ip = m_cores.Get(ends[e])->GetObject<Ipv4>();
                const int32_t interface = ip->AddInterface(devices.Get(e));
                ip->AddAddress(interface,
                               Ipv4InterfaceAddress(Ipv4Address(network + 1 + e),
                                                    Ipv4Mask("255.255.255.252")));
                ip->SetUp(interface);
                interfaceTo[ends[e]][ends[1 - e]] = static_cast<uint32_t>(interface);
                gatewayTo[ends[e]][ends[1 - e]] = Ipv4Address(network + 2 - e);
            }
        }
    }
    for (uint32_t i = 0; i < hosts; ++i)
    {
        const uint32_t home = GetHostRegion(i);
        for (uint32_t k = 0; k < m_regions; ++k)
        {
            if (k != home)
            {
                routing[k]->AddRemoteHost(i, interfaceTo[k][home], gatewayTo[k][home]);
            }
        }
    }
}

} // namespace ns3
