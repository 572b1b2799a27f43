// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-core-routing.h"
#include "ns3/access-network-helper.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/test.h"

/**
 * \file
 * \ingroup file-distribution-tests
 * Tests of AccessCoreRouting: the core of an access network forwards to host i's link,
 * delivers its own addresses locally and has no route to anything else.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * Routes computed from addresses match the links AccessNetworkHelper built.
 */
class AccessCoreRoutingTestCase : public TestCase
{
  public:
    AccessCoreRoutingTestCase()
        : TestCase("host i's address leaves on host i's link; the rest is local or unrouted")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        net.SetNetworkBase(Ipv4Address("10.1.0.0"));
        net.AddHosts(3, DataRate("1Mbps"), DataRate("2Mbps"));
        net.Install();
        Ptr<Ipv4> coreIp = net.GetCore()->GetObject<Ipv4>();
        Ptr<Ipv4RoutingProtocol> protocol = coreIp->GetRoutingProtocol();
        Ptr<AccessCoreRouting> routing = DynamicCast<AccessCoreRouting>(protocol);
        NS_TEST_ASSERT_MSG_NE(routing, nullptr, "the core uses AccessCoreRouting");

        for (uint32_t i = 0; i < 3; ++i)
        {
            Ptr<Ipv4Route> route = routing->Lookup(net.GetHostAddress(i));
            NS_TEST_ASSERT_MSG_NE(route, nullptr, "host " << i);
            NS_TEST_ASSERT_MSG_EQ(route->GetOutputDevice(), net.GetCoreDevice(i), "its link");
            NS_TEST_ASSERT_MSG_EQ(route->GetDestination(), net.GetHostAddress(i), "");
            NS_TEST_ASSERT_MSG_EQ(route->GetSource(), Ipv4Address(0x0A010000 + 4 * i + 1), "");
            NS_TEST_ASSERT_MSG_EQ(route->GetGateway(), Ipv4Address("0.0.0.0"), "connected");
        }
        NS_TEST_ASSERT_MSG_EQ(routing->Lookup(Ipv4Address("10.1.0.1")), nullptr, "core's own");
        NS_TEST_ASSERT_MSG_EQ(routing->Lookup(Ipv4Address("10.1.0.3")), nullptr, "broadcast");
        NS_TEST_ASSERT_MSG_EQ(routing->Lookup(Ipv4Address("10.1.0.14")), nullptr, "host 3");
        NS_TEST_ASSERT_MSG_EQ(routing->Lookup(Ipv4Address("10.0.255.254")), nullptr, "below");
        NS_TEST_ASSERT_MSG_EQ(routing->Lookup(Ipv4Address("192.168.0.2")), nullptr, "elsewhere");

        // RouteOutput: the same route, unless bound to another device.
        Ipv4Header header;
        header.SetDestination(net.GetHostAddress(2));
        Socket::SocketErrno error = Socket::ERROR_NOTERROR;
        Ptr<Packet> packet = Create<Packet>(100);
        NS_TEST_ASSERT_MSG_EQ(protocol->RouteOutput(packet, header, nullptr, error),
                              routing->Lookup(net.GetHostAddress(2)),
                              "");
        NS_TEST_ASSERT_MSG_EQ(error, Socket::ERROR_NOTERROR, "");
        NS_TEST_ASSERT_MSG_EQ(protocol->RouteOutput(packet, header, net.GetCoreDevice(0), error),
                              nullptr,
                              "bound to host 0's link");
        NS_TEST_ASSERT_MSG_EQ(error, Socket::ERROR_NOROUTETOHOST, "");

        // RouteInput through the base class: forward, deliver locally, or decline.
        Ptr<Ipv4Route> forwarded;
        int32_t delivered = -1;
        auto ucb = Ipv4RoutingProtocol::UnicastForwardCallback(
            [&forwarded](Ptr<Ipv4Route> route, Ptr<const Packet>, const Ipv4Header&) {
                forwarded = route;
            });
        auto mcb = Ipv4RoutingProtocol::MulticastForwardCallback(
            [](Ptr<Ipv4MulticastRoute>, Ptr<const Packet>, const Ipv4Header&) {});
        auto lcb = Ipv4RoutingProtocol::LocalDeliverCallback(
            [&delivered](Ptr<const Packet>, const Ipv4Header&, uint32_t interface) {
                delivered = static_cast<int32_t>(interface);
            });
        auto ecb = Ipv4RoutingProtocol::ErrorCallback(
            [](Ptr<const Packet>, const Ipv4Header&, Socket::SocketErrno) {});
        Ptr<const NetDevice> fromHost0 = net.GetCoreDevice(0);
        header.SetDestination(net.GetHostAddress(1));
        NS_TEST_ASSERT_MSG_EQ(protocol->RouteInput(packet, header, fromHost0, ucb, mcb, lcb, ecb),
                              true,
                              "");
        NS_TEST_ASSERT_MSG_NE(forwarded, nullptr, "forwarded");
        NS_TEST_ASSERT_MSG_EQ(forwarded->GetOutputDevice(), net.GetCoreDevice(1), "to host 1");
        NS_TEST_ASSERT_MSG_EQ(delivered, -1, "not delivered");

        forwarded = nullptr;
        header.SetDestination(Ipv4Address("10.1.0.9")); // the core's side of host 2's link
        NS_TEST_ASSERT_MSG_EQ(protocol->RouteInput(packet, header, fromHost0, ucb, mcb, lcb, ecb),
                              true,
                              "");
        NS_TEST_ASSERT_MSG_EQ(forwarded, nullptr, "not forwarded");
        NS_TEST_ASSERT_MSG_EQ(delivered,
                              coreIp->GetInterfaceForDevice(net.GetCoreDevice(0)),
                              "delivered on the arrival interface");

        delivered = -1;
        header.SetDestination(Ipv4Address("10.1.0.14"));
        NS_TEST_ASSERT_MSG_EQ(protocol->RouteInput(packet, header, fromHost0, ucb, mcb, lcb, ecb),
                              false,
                              "no host 3: no route");
        NS_TEST_ASSERT_MSG_EQ(forwarded, nullptr, "");
        NS_TEST_ASSERT_MSG_EQ(delivered, -1, "");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * The suite.
 */
class AccessCoreRoutingTestSuite : public TestSuite
{
  public:
    AccessCoreRoutingTestSuite()
        : TestSuite("file-distribution-access-core-routing")
    {
        AddTestCase(new AccessCoreRoutingTestCase);
    }
};

static AccessCoreRoutingTestSuite g_accessCoreRoutingTestSuite; //!< the suite's instance
