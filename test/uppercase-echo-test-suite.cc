// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/application-container.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/uppercase-echo-client.h"
#include "ns3/uppercase-echo-helper.h"
#include "ns3/uppercase-echo-server.h"

#include <set>

/**
 * \file
 * \ingroup file-distribution-tests
 * System tests of the uppercase echo over UDP and TCP, with several clients and with loss.
 */

using namespace ns3;

namespace
{

/// A star of point-to-point links around a router: host 0 is the server.
struct EchoNetwork
{
    NodeContainer hosts; //!< server then clients
    Ipv4Address server;  //!< the server's address

    EchoNetwork(uint32_t clients, double loss)
    {
        NodeContainer router(1);
        hosts.Create(clients + 1);
        InternetStackHelper stack;
        stack.Install(router);
        stack.Install(hosts);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        link.SetChannelAttribute("Delay", StringValue("2ms"));
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
        int64_t stream = 100;
        for (uint32_t i = 0; i < hosts.GetN(); ++i)
        {
            NetDeviceContainer devices = link.Install(hosts.Get(i), router.Get(0));
            if (loss > 0)
            {
                for (uint32_t d = 0; d < devices.GetN(); ++d)
                {
                    Ptr<RateErrorModel> drop = CreateObject<RateErrorModel>();
                    drop->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
                    drop->SetAttribute("ErrorRate", DoubleValue(loss));
                    stream += drop->AssignStreams(stream);
                    devices.Get(d)->SetAttribute("ReceiveErrorModel", PointerValue(drop));
                }
            }
            Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
            addresses.NewNetwork();
            if (i == 0)
            {
                server = interfaces.GetAddress(0);
            }
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    NodeContainer Clients() const
    {
        NodeContainer clients;
        for (uint32_t i = 1; i < hosts.GetN(); ++i)
        {
            clients.Add(hosts.Get(i));
        }
        return clients;
    }
};

} // namespace

/**
 * \ingroup file-distribution-tests
 * Several clients, no loss: every line comes back upper-cased, exactly once, in order.
 */
class UppercaseEchoAllLinesTestCase : public TestCase
{
  public:
    /// \param protocol UDP or TCP socket factory
    explicit UppercaseEchoAllLinesTestCase(TypeId protocol)
        : TestCase("every line comes back upper-cased once, in order, over " + protocol.GetName()),
          m_protocol(protocol)
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t nClients = 4;
        EchoNetwork net(nClients, 0);
        UppercaseEchoHelper echo(m_protocol);
        ApplicationContainer server = echo.InstallServer(net.hosts.Get(0));
        // Mixed case, digits, punctuation, an empty line, and a long one.
        const std::string longLine(3000, 'x');
        echo.SetClientAttribute("Lines", StringValue("Hello World|mIxEd 123 !?|x||" + longLine));
        echo.SetClientAttribute("Interval", TimeValue(MilliSeconds(10)));
        ApplicationContainer clients = echo.InstallClients(net.Clients(), net.server);
        clients.Start(Seconds(1));
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        const std::vector<std::string> expected{"HELLO WORLD",
                                                "MIXED 123 !?",
                                                "X",
                                                "",
                                                std::string(3000, 'X')};
        for (uint32_t i = 0; i < clients.GetN(); ++i)
        {
            Ptr<UppercaseEchoClient> client = DynamicCast<UppercaseEchoClient>(clients.Get(i));
            NS_TEST_ASSERT_MSG_EQ(client->IsDone(), true, "client " << i << " finished");
            NS_TEST_ASSERT_MSG_EQ(client->GetLost(), 0, "no loss, no lost line");
            const auto& exchanges = client->GetExchanges();
            NS_TEST_ASSERT_MSG_EQ(exchanges.size(), expected.size(), "every line sent once");
            for (std::size_t k = 0; k < exchanges.size(); ++k)
            {
                NS_TEST_ASSERT_MSG_EQ(exchanges[k].reply.has_value(), true, "line " << k);
                NS_TEST_ASSERT_MSG_EQ(exchanges[k].reply.value_or("<none>"), expected[k], k);
                NS_TEST_ASSERT_MSG_GT(exchanges[k].rtt, MilliSeconds(8), "4 links of 2 ms");
            }
        }
        Ptr<UppercaseEchoServer> echoServer = DynamicCast<UppercaseEchoServer>(server.Get(0));
        NS_TEST_ASSERT_MSG_EQ(echoServer->GetLinesServed(),
                              nClients * expected.size(),
                              "the server answered each line exactly once");
        NS_TEST_ASSERT_MSG_EQ(echoServer->GetClients().size(), nClients, "one record per client");
        for (const auto& record : echoServer->GetClients())
        {
            NS_TEST_ASSERT_MSG_EQ(record.linesServed, expected.size(), "lines per client");
        }
        Simulator::Destroy();
    }

    TypeId m_protocol; //!< socket factory under test
};

/**
 * \ingroup file-distribution-tests
 * The TCP server holds one connection socket per client, told apart by address and port.
 */
class UppercaseEchoTcpDemultiplexTestCase : public TestCase
{
  public:
    UppercaseEchoTcpDemultiplexTestCase()
        : TestCase("TCP: one connection socket per client, distinct 4-tuples")
    {
    }

  private:
    void DoRun() override
    {
        // Two clients on one node share its address: only the source port tells them apart.
        EchoNetwork net(2, 0);
        UppercaseEchoHelper echo(UppercaseEchoHelper::Tcp());
        ApplicationContainer server = echo.InstallServer(net.hosts.Get(0));
        echo.SetClientAttribute("Interval", TimeValue(MilliSeconds(50)));
        NodeContainer clientNodes = net.Clients();
        clientNodes.Add(net.hosts.Get(1));
        ApplicationContainer clients = echo.InstallClients(clientNodes, net.server);
        clients.Start(Seconds(1));
        // Open at the same time: the server holds all three connections at once.
        uint32_t maxOpen = 0;
        Ptr<UppercaseEchoServer> echoServer = DynamicCast<UppercaseEchoServer>(server.Get(0));
        Simulator::Schedule(Seconds(1.05), [&]() {
            for (const auto& record : echoServer->GetClients())
            {
                maxOpen += record.open ? 1 : 0;
            }
        });
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        const auto& records = echoServer->GetClients();
        NS_TEST_ASSERT_MSG_EQ(records.size(), 3, "three connections accepted");
        NS_TEST_ASSERT_MSG_EQ(maxOpen, 3, "the three connections were open together");
        std::set<std::pair<Ipv4Address, uint16_t>> endpoints;
        for (const auto& record : records)
        {
            const InetSocketAddress remote = InetSocketAddress::ConvertFrom(record.remote);
            const InetSocketAddress local = InetSocketAddress::ConvertFrom(record.local);
            endpoints.insert({remote.GetIpv4(), remote.GetPort()});
            NS_TEST_ASSERT_MSG_EQ(local.GetPort(), 12000, "all reach the listening port");
            NS_TEST_ASSERT_MSG_EQ(local.GetIpv4(), net.server, "the server's address");
            NS_TEST_ASSERT_MSG_EQ(record.linesServed, 3, "each connection served its lines");
            NS_TEST_ASSERT_MSG_EQ(record.open, false, "closed after the client finished");
        }
        NS_TEST_ASSERT_MSG_EQ(endpoints.size(), 3, "distinct (address, port) per connection");
        Address a0 = DynamicCast<UppercaseEchoClient>(clients.Get(0))->GetLocalAddress();
        Address a2 = DynamicCast<UppercaseEchoClient>(clients.Get(2))->GetLocalAddress();
        NS_TEST_ASSERT_MSG_EQ(InetSocketAddress::ConvertFrom(a0).GetIpv4(),
                              InetSocketAddress::ConvertFrom(a2).GetIpv4(),
                              "clients 0 and 2 share a node");
        NS_TEST_ASSERT_MSG_NE(InetSocketAddress::ConvertFrom(a0).GetPort(),
                              InetSocketAddress::ConvertFrom(a2).GetPort(),
                              "so their source ports differ");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * UDP with loss: lost lines are counted and the clients finish anyway.
 */
class UppercaseEchoUdpLossTestCase : public TestCase
{
  public:
    UppercaseEchoUdpLossTestCase()
        : TestCase("UDP with loss: losses are counted, clients finish")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        EchoNetwork net(3, 0.2);
        UppercaseEchoHelper echo(UppercaseEchoHelper::Udp());
        ApplicationContainer server = echo.InstallServer(net.hosts.Get(0));
        std::string lines;
        for (int i = 0; i < 40; ++i)
        {
            lines += (i ? "|line " : "line ") + std::to_string(i);
        }
        echo.SetClientAttribute("Lines", StringValue(lines));
        echo.SetClientAttribute("Interval", TimeValue(MilliSeconds(100)));
        echo.SetClientAttribute("Timeout", TimeValue(Seconds(1)));
        ApplicationContainer clients = echo.InstallClients(net.Clients(), net.server);
        clients.Start(Seconds(1));
        Simulator::Stop(Seconds(60));
        Simulator::Run();

        uint32_t lost = 0;
        uint32_t answered = 0;
        for (uint32_t i = 0; i < clients.GetN(); ++i)
        {
            Ptr<UppercaseEchoClient> client = DynamicCast<UppercaseEchoClient>(clients.Get(i));
            NS_TEST_ASSERT_MSG_EQ(client->IsDone(), true, "a lost datagram is not waited on");
            const auto& exchanges = client->GetExchanges();
            NS_TEST_ASSERT_MSG_EQ(exchanges.size(), 40, "every line was sent");
            uint32_t clientLost = 0;
            for (std::size_t k = 0; k < exchanges.size(); ++k)
            {
                // Each line is either lost or answered with its own upper-case text.
                NS_TEST_ASSERT_MSG_EQ(exchanges[k].lost, !exchanges[k].reply.has_value(), k);
                if (exchanges[k].reply)
                {
                    NS_TEST_ASSERT_MSG_EQ(exchanges[k].reply.value_or("<none>"),
                                          "LINE " + std::to_string(k),
                                          "the reply to line " << k);
                }
                clientLost += exchanges[k].lost ? 1 : 0;
            }
            NS_TEST_ASSERT_MSG_EQ(client->GetLost(), clientLost, "lost counter");
            lost += clientLost;
            answered += exchanges.size() - clientLost;
        }
        // A round trip crosses 4 lossy links: P(success) = 0.8^4 = 0.41, so of 120 lines
        // about 71 are lost; any sane RNG stream gives between 40 and 100.
        NS_TEST_ASSERT_MSG_GT(lost, 40, "losses happen and are counted");
        NS_TEST_ASSERT_MSG_LT(lost, 100, "not everything is lost");
        Ptr<UppercaseEchoServer> echoServer = DynamicCast<UppercaseEchoServer>(server.Get(0));
        NS_TEST_ASSERT_MSG_GT_OR_EQ(echoServer->GetLinesServed(), answered, "served >= answered");
        NS_TEST_ASSERT_MSG_EQ(echoServer->GetClients().size(), 3, "three UDP sources");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * A TCP client that never sends '\n' is cut off; the others are served.
 */
class UppercaseEchoOverlongLineTestCase : public TestCase
{
  public:
    UppercaseEchoOverlongLineTestCase()
        : TestCase("TCP: a client sending an overlong line is disconnected, others served")
    {
    }

  private:
    void DoRun() override
    {
        EchoNetwork net(2, 0);
        UppercaseEchoHelper echo(UppercaseEchoHelper::Tcp());
        echo.SetServerAttribute("MaxLineLength", UintegerValue(100));
        ApplicationContainer server = echo.InstallServer(net.hosts.Get(0));
        echo.SetClientAttribute("Lines", StringValue(std::string(500, 'a') + "|short"));
        ApplicationContainer bad = echo.InstallClients(net.hosts.Get(1), net.server);
        echo.SetClientAttribute("Lines", StringValue("fine|thanks"));
        ApplicationContainer good = echo.InstallClients(net.hosts.Get(2), net.server);
        bad.Start(Seconds(1));
        good.Start(Seconds(1));
        Simulator::Stop(Seconds(20));
        Simulator::Run();

        Ptr<UppercaseEchoServer> echoServer = DynamicCast<UppercaseEchoServer>(server.Get(0));
        NS_TEST_ASSERT_MSG_EQ(echoServer->GetConnectionsRejected(), 1, "one client cut off");
        Ptr<UppercaseEchoClient> badClient = DynamicCast<UppercaseEchoClient>(bad.Get(0));
        NS_TEST_ASSERT_MSG_EQ(badClient->IsDone(), true, "the cut-off client finishes");
        NS_TEST_ASSERT_MSG_EQ(badClient->GetLost(), 2, "its lines are lost");
        Ptr<UppercaseEchoClient> goodClient = DynamicCast<UppercaseEchoClient>(good.Get(0));
        NS_TEST_ASSERT_MSG_EQ(goodClient->GetLost(), 0, "the other client is served");
        NS_TEST_ASSERT_MSG_EQ(goodClient->GetExchanges().at(1).reply.value_or("<none>"),
                              "THANKS",
                              "its reply");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * The uppercase echo test suite.
 */
class UppercaseEchoTestSuite : public TestSuite
{
  public:
    UppercaseEchoTestSuite()
        : TestSuite("file-distribution-uppercase-echo")
    {
        AddTestCase(new UppercaseEchoAllLinesTestCase(UppercaseEchoHelper::Udp()));
        AddTestCase(new UppercaseEchoAllLinesTestCase(UppercaseEchoHelper::Tcp()));
        AddTestCase(new UppercaseEchoTcpDemultiplexTestCase);
        AddTestCase(new UppercaseEchoUdpLossTestCase);
        AddTestCase(new UppercaseEchoOverlongLineTestCase);
    }
};

/// The static instance that registers the suite.
static UppercaseEchoTestSuite g_uppercaseEchoTestSuite;
