// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_ACCESS_CORE_ROUTING_H
#define FILE_DISTRIBUTION_ACCESS_CORE_ROUTING_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Forwarding at the core of an access network (AccessNetworkHelper) in O(1) per packet.
 *
 * Host i of the star has the address base + 4 i + 2 on its /30 link, the core base + 4 i + 1.
 * Ipv4StaticRouting finds a host by scanning all N connected routes (and, with the weak end
 * system model, all N interfaces for a local address) for every forwarded packet: with a
 * thousand hosts that scan was most of a swarm's run time. This protocol computes the link
 * from the address instead. It makes the same decisions as the static routes it replaces:
 * packets to host i leave on host i's link, packets to one of the core's own addresses are
 * delivered locally, anything else is dropped (no route). With regions, a core also knows
 * the hosts of the other regions, each behind the backbone link toward its region's core.
 *
 * RouteInput is declared twice, not marked override: ns-3.37 passes its callbacks by value,
 * newer ns-3 by const reference; one of the two overrides the base class in either version.
 */
class AccessCoreRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AccessCoreRouting();

    /**
     * \brief Sets the first address of the star (the network of host 0's /30).
     * \param base the address of the first /30
     */
    void SetNetworkBase(Ipv4Address base);

    /**
     * \brief Declares host i's link; call after its interface is up with its /30 address.
     * \param host the host's index i
     * \param interface the core's interface of that link
     */
    void AddHost(uint32_t host, uint32_t interface);

    /**
     * \brief Declares host i of another region, reached over a backbone link
     * (AccessNetworkHelper::SetRegions()); call after that link's interface is up.
     * \param host the host's index i
     * \param interface this core's interface of the backbone link toward the host's region
     * \param gateway the other core's address on that link
     */
    void AddRemoteHost(uint32_t host, uint32_t interface, Ipv4Address gateway);

    /**
     * \brief The route to an address (the one RouteInput and RouteOutput use).
     * \param destination the address
     * \return the route to host i (its link, or the backbone link toward its region) if
     * destination is host i's address, else null
     */
    Ptr<Ipv4Route> Lookup(Ipv4Address destination) const;

    // Ipv4RoutingProtocol (see the class comment for why there is no override)
    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr);
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb);
    /// \copydoc RouteInput
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    const UnicastForwardCallback& ucb,
                    const MulticastForwardCallback& mcb,
                    const LocalDeliverCallback& lcb,
                    const ErrorCallback& ecb);
    void NotifyInterfaceUp(uint32_t interface);
    void NotifyInterfaceDown(uint32_t interface);
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address);
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address);
    void SetIpv4(Ptr<Ipv4> ipv4);
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit = Time::S) const;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Stores the route to host i.
     * \param host the host's index i
     * \param interface the core's interface toward it
     * \param gateway the next hop, or 0.0.0.0 for the host's own link
     */
    void SetRoute(uint32_t host, uint32_t interface, Ipv4Address gateway);

    /**
     * \brief Forwards or delivers a received packet (both RouteInput signatures end here).
     * \param p the packet
     * \param header its IPv4 header
     * \param idev the device it arrived on
     * \param ucb unicast forwarding
     * \param lcb local delivery
     * \return whether the packet was taken care of
     */
    bool Route(Ptr<const Packet> p,
               const Ipv4Header& header,
               Ptr<const NetDevice> idev,
               const UnicastForwardCallback& ucb,
               const LocalDeliverCallback& lcb);

    Ptr<Ipv4> m_ipv4;                     //!< the core's IPv4
    Ipv4Address m_base;                   //!< network of host 0's /30
    std::vector<Ptr<Ipv4Route>> m_routes; //!< by host index; null for unknown hosts
    std::vector<uint32_t> m_interfaces;   //!< the core's interface of each host's link
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_ACCESS_CORE_ROUTING_H
