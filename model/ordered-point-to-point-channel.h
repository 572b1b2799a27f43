// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_ORDERED_POINT_TO_POINT_CHANNEL_H
#define FILE_DISTRIBUTION_ORDERED_POINT_TO_POINT_CHANNEL_H

#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/ptr.h"

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief A point-to-point channel whose packets are delivered in an order that does not
 * depend on how the simulation is split over processes.
 *
 * ns-3 runs events of the same simulated time in the order they were scheduled. A packet
 * that crosses to another rank of a distributed run is scheduled at its receiver when the
 * message is picked up at a synchronisation point, not when it was sent, so among the events
 * of its arrival time it lands elsewhere than in a serial run, and a swarm turns such a
 * changed order into other choking decisions. This channel, and the packets from other ranks
 * (DistributedRun::OrderRemoteArrivals()), take another rule: a packet that arrives at time T
 * is delivered at T + 1 time step (1 ns), after every event of time T, together with every
 * other packet that arrived at T on such a link, sorted by (receiving node, interface).
 * The order then only depends on the packets, so a network whose links between ranks are all
 * ordered links gives the same events in a serial run and on any number of ranks.
 * AccessNetworkHelper uses it for the backbone links between regional cores.
 */
class OrderedPointToPointChannel : public PointToPointChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Sends \p p from \p src: it arrives at the other end after \p txTime and the
     * channel's delay, and is delivered one time step later, in order (Arrive()).
     * \param p the packet
     * \param src the sending device
     * \param txTime its transmission time
     * \return true
     */
    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;

    /**
     * \brief Takes a packet that arrives now at \p device, for delivery one time step later
     * with the other arrivals of now, sorted by (node id, interface index).
     * \param device the receiving device
     * \param packet the packet
     */
    static void Arrive(Ptr<PointToPointNetDevice> device, Ptr<Packet> packet);
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_ORDERED_POINT_TO_POINT_CHANNEL_H
