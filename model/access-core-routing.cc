// SPDX-License-Identifier: GPL-2.0-only

#include "access-core-routing.h"

#include "ns3/ipv4-interface-address.h"
#include "ns3/log.h"

#include <ostream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AccessCoreRouting");

NS_OBJECT_ENSURE_REGISTERED(AccessCoreRouting);

TypeId
AccessCoreRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AccessCoreRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("FileDistribution")
                            .AddConstructor<AccessCoreRouting>();
    return tid;
}

AccessCoreRouting::AccessCoreRouting()
    : m_base("10.0.0.0")
{
    NS_LOG_FUNCTION(this);
}

void
AccessCoreRouting::SetNetworkBase(Ipv4Address base)
{
    m_base = base;
}

void
AccessCoreRouting::AddHost(uint32_t host, uint32_t interface)
{
    NS_LOG_FUNCTION(this << host << interface);
    SetRoute(host, interface, Ipv4Address::GetAny());
}

void
AccessCoreRouting::AddRemoteHost(uint32_t host, uint32_t interface, Ipv4Address gateway)
{
    NS_LOG_FUNCTION(this << host << interface << gateway);
    SetRoute(host, interface, gateway);
}

void
AccessCoreRouting::SetRoute(uint32_t host, uint32_t interface, Ipv4Address gateway)
{
    if (!m_ipv4 || interface >= m_ipv4->GetNInterfaces() || m_ipv4->GetNAddresses(interface) == 0)
    {
        NS_LOG_WARN("interface " << interface << " has no address; host " << host << " ignored");
        return;
    }
    if (host >= m_routes.size())
    {
        m_routes.resize(host + 1);
        m_interfaces.resize(host + 1, 0);
    }
    // The route a connected /30 gives (out of the link, to the destination itself, gateway
    // 0.0.0.0), or for a host of another region the backbone link and the other core.
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(Ipv4Address(m_base.Get() + 4 * host + 2));
    route->SetGateway(gateway);
    route->SetSource(m_ipv4->GetAddress(interface, 0).GetLocal());
    route->SetOutputDevice(m_ipv4->GetNetDevice(interface));
    m_routes[host] = route;
    m_interfaces[host] = interface;
}

Ptr<Ipv4Route>
AccessCoreRouting::Lookup(Ipv4Address destination) const
{
    const uint32_t offset = destination.Get() - m_base.Get(); // wraps for addresses below base
    const uint32_t host = offset / 4;
    if (offset % 4 != 2 || host >= m_routes.size())
    {
        return nullptr;
    }
    return m_routes[host];
}

Ptr<Ipv4Route>
AccessCoreRouting::RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> route = Lookup(header.GetDestination());
    if (route && oif && route->GetOutputDevice() != oif)
    {
        route = nullptr; // bound to another device: no route there
    }
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
AccessCoreRouting::RouteInput(Ptr<const Packet> p,
                              const Ipv4Header& header,
                              Ptr<const NetDevice> idev,
                              UnicastForwardCallback ucb,
                              MulticastForwardCallback mcb,
                              LocalDeliverCallback lcb,
                              ErrorCallback ecb)
{
    return Route(p, header, idev, ucb, lcb);
}

bool
AccessCoreRouting::RouteInput(Ptr<const Packet> p,
                              const Ipv4Header& header,
                              Ptr<const NetDevice> idev,
                              const UnicastForwardCallback& ucb,
                              const MulticastForwardCallback& mcb,
                              const LocalDeliverCallback& lcb,
                              const ErrorCallback& ecb)
{
    return Route(p, header, idev, ucb, lcb);
}

bool
AccessCoreRouting::Route(Ptr<const Packet> p,
                         const Ipv4Header& header,
                         Ptr<const NetDevice> idev,
                         const UnicastForwardCallback& ucb,
                         const LocalDeliverCallback& lcb)
{
    const Ipv4Address destination = header.GetDestination();
    if (Ptr<Ipv4Route> route = Lookup(destination))
    {
        ucb(route, p, header);
        return true;
    }
    // One of the core's own addresses (base + 4 i + 1): deliver locally, as the weak end
    // system model of the static routing did.
    const uint32_t offset = destination.Get() - m_base.Get();
    const uint32_t host = offset / 4;
    // The core's own address on the link of one of its hosts (a host of another region
    // has a gateway: its link's addresses belong to that region's core).
    if (offset % 4 == 1 && host < m_routes.size() && m_routes[host] &&
        m_routes[host]->GetGateway() == Ipv4Address::GetAny() && !lcb.IsNull())
    {
        lcb(p, header, m_ipv4->GetInterfaceForDevice(idev));
        return true;
    }
    NS_LOG_LOGIC("no route to " << destination);
    return false;
}

void
AccessCoreRouting::NotifyInterfaceUp(uint32_t interface)
{
}

void
AccessCoreRouting::NotifyInterfaceDown(uint32_t interface)
{
}

void
AccessCoreRouting::NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
AccessCoreRouting::NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address)
{
}

void
AccessCoreRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
AccessCoreRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "AccessCoreRouting: " << m_routes.size() << " hosts from " << m_base << "\n";
    for (uint32_t i = 0; i < m_routes.size(); ++i)
    {
        if (m_routes[i])
        {
            os << m_routes[i]->GetDestination() << "/32 via interface " << m_interfaces[i];
            if (m_routes[i]->GetGateway() != Ipv4Address::GetAny())
            {
                os << " gateway " << m_routes[i]->GetGateway();
            }
            os << "\n";
        }
    }
}

void
AccessCoreRouting::DoDispose()
{
    m_routes.clear();
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
