// SPDX-License-Identifier: GPL-2.0-only

#include "ordered-point-to-point-channel.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <memory>
#include <tuple>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("OrderedPointToPointChannel");

NS_OBJECT_ENSURE_REGISTERED(OrderedPointToPointChannel);

namespace
{

/// A packet waiting for its ordered delivery.
struct Arrival
{
    uint32_t node;                     //!< the receiving node's id
    uint32_t interface;                //!< the receiving device's interface index
    Ptr<PointToPointNetDevice> device; //!< the receiving device
    Ptr<Packet> packet;                //!< the packet
};

/// The arrivals of one time step. The delivery event owns it, so whatever is pending when a
/// simulation is destroyed goes with its events.
using Batch = std::vector<Arrival>;

std::weak_ptr<Batch> g_open; //!< the batch of g_openStep, while it is still collecting
int64_t g_openStep = -1;     //!< the time step of g_open

/// Delivers a batch one time step after its arrivals, each packet in its node's context.
void
Deliver(const std::shared_ptr<Batch>& batch)
{
    // Two packets of one link cannot arrive at the same time (each takes a transmission time),
    // so (node, interface) orders a batch completely; stable for safety.
    std::stable_sort(batch->begin(), batch->end(), [](const Arrival& a, const Arrival& b) {
        return std::tie(a.node, a.interface) < std::tie(b.node, b.interface);
    });
    for (const auto& a : *batch)
    {
        Simulator::ScheduleWithContext(a.node,
                                       Seconds(0),
                                       &PointToPointNetDevice::Receive,
                                       a.device,
                                       a.packet);
    }
    batch->clear();
}

} // namespace

TypeId
OrderedPointToPointChannel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::OrderedPointToPointChannel")
                            .SetParent<PointToPointChannel>()
                            .SetGroupName("FileDistribution")
                            .AddConstructor<OrderedPointToPointChannel>();
    return tid;
}

bool
OrderedPointToPointChannel::TransmitStart(Ptr<const Packet> p,
                                          Ptr<PointToPointNetDevice> src,
                                          Time txTime)
{
    NS_LOG_FUNCTION(this << p << src << txTime);
    const uint32_t wire = src == GetSource(0) ? 0 : 1;
    Ptr<PointToPointNetDevice> dst = GetDestination(wire);
    Simulator::ScheduleWithContext(dst->GetNode()->GetId(),
                                   txTime + GetDelay(),
                                   &OrderedPointToPointChannel::Arrive,
                                   dst,
                                   p->Copy());
    return true;
}

void
OrderedPointToPointChannel::Arrive(Ptr<PointToPointNetDevice> device, Ptr<Packet> packet)
{
    const int64_t step = Simulator::Now().GetTimeStep();
    std::shared_ptr<Batch> batch = g_open.lock();
    if (!batch || g_openStep != step)
    {
        batch = std::make_shared<Batch>();
        g_open = batch;
        g_openStep = step;
        Simulator::Schedule(TimeStep(1), &Deliver, batch);
    }
    batch->push_back({device->GetNode()->GetId(), device->GetIfIndex(), device, packet});
}

} // namespace ns3
