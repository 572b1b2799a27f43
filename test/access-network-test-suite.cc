// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-core-routing.h"
#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue-disc.h"
#include "ns3/queue.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <optional>

/**
 * \file
 * \ingroup file-distribution-tests
 * Tests of AccessNetworkHelper: rates, addresses and routes as configured, and a transfer
 * between two hosts that runs at the slower of the sender's uplink and the receiver's downlink.
 */

using namespace ns3;

namespace
{

/**
 * Sends \p bytes from host \p from to host \p to and returns when the last byte arrived.
 * \param net the built network
 * \param from the sender
 * \param to the receiver
 * \param bytes how many
 * \param port the sink's port
 * \return the reception time of the last byte, or -1 s when not all arrived
 */
Time
Transfer(AccessNetworkHelper& net, uint32_t from, uint32_t to, uint32_t bytes, uint16_t port)
{
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkHelper.Install(net.GetHost(to)).Get(0));
    BulkSendHelper sender("ns3::TcpSocketFactory", InetSocketAddress(net.GetHostAddress(to), port));
    sender.SetAttribute("MaxBytes", UintegerValue(bytes));
    sender.Install(net.GetHost(from));
    Time last = Seconds(-1);
    // A raw pointer: a Ptr in the sink's own trace would keep the sink alive for ever (a
    // reference cycle that LeakSanitizer reports).
    PacketSink* const rawSink = PeekPointer(sink);
    sink->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [&last, rawSink, bytes](Ptr<const Packet>, const Address&) {
                if (rawSink->GetTotalRx() == bytes)
                {
                    last = Simulator::Now();
                }
            }));
    Simulator::Stop(Seconds(100));
    Simulator::Run();
    Simulator::Destroy();
    return last;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * Devices, addresses and routes are as configured.
 */
class AccessNetworkLayoutTestCase : public TestCase
{
  public:
    AccessNetworkLayoutTestCase()
        : TestCase("rates, addresses and routes as configured")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        NS_TEST_ASSERT_MSG_EQ(net.AddHost(DataRate("10Mbps"), DataRate("20Mbps")), 0, "");
        NS_TEST_ASSERT_MSG_EQ(net.AddHosts(2, DataRate("1Mbps"), DataRate("2Mbps")), 1, "");
        auto up = CreateObject<ConstantRandomVariable>();
        up->SetAttribute("Constant", DoubleValue(3e5));
        auto down = CreateObject<UniformRandomVariable>();
        down->SetAttribute("Min", DoubleValue(1e6));
        down->SetAttribute("Max", DoubleValue(2e6));
        NS_TEST_ASSERT_MSG_EQ(net.AddHosts(2, up, down), 3, "");
        net.SetDelay(MilliSeconds(7));
        NS_TEST_ASSERT_MSG_EQ(net.SetQueueDisc("ns3::NoSuchQueueDisc"), false, "unknown type");
        NS_TEST_ASSERT_MSG_EQ(net.SetQueueDisc("ns3::Node"), false, "not a queue disc");
        NS_TEST_ASSERT_MSG_EQ(net.GetHost(0), nullptr, "no node before Install()");
        NS_TEST_ASSERT_MSG_EQ(net.GetHostAddress(1), Ipv4Address("10.0.0.6"), "known early");

        NodeContainer hosts = net.Install();
        NS_TEST_ASSERT_MSG_EQ(hosts.GetN(), 5, "");
        NS_TEST_ASSERT_MSG_EQ(net.GetHostCount(), 5, "");
        NS_TEST_ASSERT_MSG_EQ(net.GetHosts().Get(4), hosts.Get(4), "");
        NS_TEST_ASSERT_MSG_EQ(net.GetCore()->GetNDevices(), 6, "loopback + one device per host");
        NS_TEST_ASSERT_MSG_EQ(net.GetUploadRate(3), DataRate("300kbps"), "constant draw");
        NS_TEST_ASSERT_MSG_EQ((net.GetDownloadRate(4) >= DataRate("1Mbps") &&
                               net.GetDownloadRate(4) <= DataRate("2Mbps")),
                              true,
                              "uniform draw");
        for (uint32_t i = 0; i < hosts.GetN(); ++i)
        {
            DataRateValue rate;
            net.GetHostDevice(i)->GetAttribute("DataRate", rate);
            NS_TEST_ASSERT_MSG_EQ(rate.Get(), net.GetUploadRate(i), "host side sends at u_i");
            net.GetCoreDevice(i)->GetAttribute("DataRate", rate);
            NS_TEST_ASSERT_MSG_EQ(rate.Get(), net.GetDownloadRate(i), "core side sends at d_i");
            NS_TEST_ASSERT_MSG_EQ(net.GetHostDevice(i)->GetNode(), hosts.Get(i), "");
            NS_TEST_ASSERT_MSG_EQ(net.GetCoreDevice(i)->GetNode(), net.GetCore(), "");

            Ptr<Ipv4> ip = hosts.Get(i)->GetObject<Ipv4>();
            NS_TEST_ASSERT_MSG_EQ(ip->GetNInterfaces(), 2, "loopback and the access link");
            NS_TEST_ASSERT_MSG_EQ(ip->GetAddress(1, 0).GetLocal(), net.GetHostAddress(i), "");
            Ptr<Ipv4StaticRouting> routing = Ipv4StaticRoutingHelper().GetStaticRouting(ip);
            NS_TEST_ASSERT_MSG_EQ(routing->GetDefaultRoute().GetGateway(),
                                  Ipv4Address(0x0A000000 + 4 * i + 1),
                                  "default route to the core");
        }
        NS_TEST_ASSERT_MSG_EQ(net.GetHostAddress(2), Ipv4Address("10.0.0.10"), "");
        NS_TEST_ASSERT_MSG_EQ(net.GetHost(5), nullptr, "out of range");
        NS_TEST_ASSERT_MSG_EQ(net.GetHostDevice(5), nullptr, "out of range");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * A bulk transfer runs at min(u_sender, d_receiver), in both directions, with both links
 * asymmetric, and pcap tracing can be enabled. Two networks in one process do not collide.
 */
class AccessNetworkRateTestCase : public TestCase
{
  public:
    AccessNetworkRateTestCase()
        : TestCase("a transfer runs at min(u_sender, d_receiver)")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t bytes = 500000; // 4 Mbit
        {
            // Uplink-limited: 2 Mbps up, the receiver downloads at 10 Mbps.
            AccessNetworkHelper net;
            net.AddHost(DataRate("2Mbps"), DataRate("50Mbps"));
            net.AddHost(DataRate("1Mbps"), DataRate("10Mbps"));
            net.Install();
            const double t = Transfer(net, 0, 1, bytes, 5000).GetSeconds();
            // 2 s of payload; TCP/IP/PPP headers add 3.7 %, slow start and the handshake a bit.
            NS_TEST_ASSERT_MSG_EQ((t >= 2.0 && t <= 2.0 * 1.1), true, "took " << t << " s");
        }
        {
            // Downlink-limited, reverse direction, and a second network in the same process.
            AccessNetworkHelper net;
            net.AddHost(DataRate("2Mbps"), DataRate("1Mbps"));
            net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
            net.Install();
            const double t = Transfer(net, 1, 0, bytes, 5001).GetSeconds();
            NS_TEST_ASSERT_MSG_EQ((t >= 4.0 && t <= 4.0 * 1.1), true, "took " << t << " s");
        }
    }
};

/**
 * \ingroup file-distribution-tests
 * 2000 hosts: addresses stay unique and distinct /30s, and set-up is fast (static routes).
 */
class AccessNetworkScaleTestCase : public TestCase
{
  public:
    AccessNetworkScaleTestCase()
        : TestCase("2000 hosts")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper net;
        net.AddHosts(2000, DataRate("1Mbps"), DataRate("1Mbps"));
        net.Install();
        NS_TEST_ASSERT_MSG_EQ(net.GetCore()->GetNDevices(), 2001, "loopback + 2000");
        NS_TEST_ASSERT_MSG_EQ(net.GetHostAddress(1999), Ipv4Address("10.0.31.62"), "");
        NS_TEST_ASSERT_MSG_EQ(net.GetHost(1999)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(),
                              Ipv4Address("10.0.31.62"),
                              "");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * Byte queue limits keep the device queue short (the packets wait in the queue disc), CoDel's
 * target and interval are scaled to each device's rate, and with TCP's ECN (the default)
 * FqCoDel marks where it would otherwise drop.
 */
class AccessNetworkQueueingTestCase : public TestCase
{
  public:
    AccessNetworkQueueingTestCase()
        : TestCase("byte queue limits, rate-scaled CoDel, ECN")
    {
    }

  private:
    /// What one upload measured.
    struct UploadResult
    {
        Time done;                 //!< when the last byte arrived
        uint32_t maxDevicePackets; //!< the longest device queue on the uplink
        uint32_t drops;            //!< packets the uplink's queue disc dropped
        uint32_t marks;            //!< packets the uplink's queue disc marked CE
    };

    /**
     * Uploads 500 kB from a 2 Mbps host to a 10 Mbps one (100-packet device queues).
     * \param queueLimits the helper's queue limits type; nothing: the helper's default
     * \param ecn whether TCP uses ECN
     * \return what the uplink saw
     */
    static UploadResult Upload(std::optional<std::string> queueLimits, bool ecn)
    {
        AccessNetworkHelper net;
        if (queueLimits)
        {
            net.SetQueueLimits(*queueLimits);
        }
        net.SetTcpEcn(ecn);
        net.AddHost(DataRate("2Mbps"), DataRate("50Mbps"));
        net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        net.Install();
        UploadResult result{Seconds(-1), 0, 0, 0};
        auto device = DynamicCast<PointToPointNetDevice>(net.GetHostDevice(0));
        device->GetQueue()->TraceConnectWithoutContext(
            "PacketsInQueue",
            Callback<void, uint32_t, uint32_t>([&result](uint32_t, uint32_t n) {
                result.maxDevicePackets = std::max(result.maxDevicePackets, n);
            }));
        Ptr<QueueDisc> queueDisc =
            net.GetHost(0)->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(device);
        result.done = Transfer(net, 0, 1, 500000, 5002);
        result.drops = queueDisc->GetStats().nTotalDroppedPackets;
        result.marks = queueDisc->GetStats().nTotalMarkedPackets;
        return result;
    }

    void DoRun() override
    {
        {
            AccessNetworkHelper net;
            NS_TEST_ASSERT_MSG_EQ(net.SetQueueLimits("ns3::NoSuchLimits"), false, "unknown");
            NS_TEST_ASSERT_MSG_EQ(net.SetQueueLimits("ns3::FqCoDelQueueDisc"), false, "");
            NS_TEST_ASSERT_MSG_EQ(net.SetQueueLimits("ns3::DynamicQueueLimits"), true, "");
            NS_TEST_ASSERT_MSG_EQ(net.SetDownlinkQueueDisc("ns3::Node"), false, "not a disc");
            NS_TEST_ASSERT_MSG_EQ(net.SetDownlinkQueueDisc("ns3::FqCoDelQueueDisc"), true, "");
            net.SetCoDelRateScaling(true);
            net.AddHost(DataRate("2Mbps"), DataRate("8Mbps"));
            net.Install();
            auto get = [](Ptr<NetDevice> device, const std::string& name) {
                Ptr<QueueDisc> qd =
                    device->GetNode()->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(
                        device);
                StringValue value("0s");
                if (qd)
                {
                    qd->GetAttribute(name, value);
                }
                return Time(value.Get());
            };
            // 1502 bytes take 6.008 ms at 2 Mbps: 1.5 times that is above 5 ms.
            NS_TEST_ASSERT_MSG_EQ(get(net.GetHostDevice(0), "Target"), MicroSeconds(9012), "");
            NS_TEST_ASSERT_MSG_EQ(get(net.GetHostDevice(0), "Interval"), MicroSeconds(104012), "");
            // 1.5 ms at 8 Mbps: CoDel's defaults stay.
            NS_TEST_ASSERT_MSG_EQ(get(net.GetCoreDevice(0), "Target"), MilliSeconds(5), "");
            NS_TEST_ASSERT_MSG_EQ(get(net.GetCoreDevice(0), "Interval"), MilliSeconds(100), "");
            Simulator::Destroy();
        }
        {
            // By default the downloads wait in the core device's drop-tail FIFO, as behind an
            // access provider's shaper; the hosts' own devices have FqCoDel.
            AccessNetworkHelper net;
            net.AddHost(DataRate("2Mbps"), DataRate("8Mbps"));
            net.Install();
            auto rootOf = [](Ptr<NetDevice> device) {
                return device->GetNode()
                    ->GetObject<TrafficControlLayer>()
                    ->GetRootQueueDiscOnDevice(device);
            };
            NS_TEST_ASSERT_MSG_EQ((rootOf(net.GetCoreDevice(0)) == nullptr), true, "no disc");
            // A byte-sized FIFO: 100 full-size packets of 1502 bytes, or 2500 SYNs.
            auto core = DynamicCast<PointToPointNetDevice>(net.GetCoreDevice(0));
            NS_TEST_ASSERT_MSG_EQ((core && core->GetQueue()->GetMaxSize() == QueueSize("150200B")),
                                  true,
                                  "the downloads' FIFO counts bytes");
            auto host = DynamicCast<PointToPointNetDevice>(net.GetHostDevice(0));
            NS_TEST_ASSERT_MSG_EQ((host && host->GetQueue()->GetMaxSize() == QueueSize("100p")),
                                  true,
                                  "the host's device queue stays in packets");
            Ptr<QueueDisc> hostDisc = rootOf(net.GetHostDevice(0));
            NS_TEST_ASSERT_MSG_EQ(
                (hostDisc && hostDisc->GetInstanceTypeId().GetName() == "ns3::FqCoDelQueueDisc"),
                true,
                "FqCoDel on the host's device");
            Simulator::Destroy();
        }

        const UploadResult bql = Upload("ns3::DynamicQueueLimits", true);
        const double t = bql.done.GetSeconds();
        NS_TEST_ASSERT_MSG_EQ((t >= 2.0 && t <= 2.0 * 1.1), true, "took " << t << " s");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(bql.maxDevicePackets, 3, "BQL keeps the device queue short");
        NS_TEST_ASSERT_MSG_GT(bql.marks, 0, "so FqCoDel sees the queue and marks");
        NS_TEST_ASSERT_MSG_EQ(bql.drops, 0, "ECN: marks, no drops");

        const UploadResult plain = Upload("", true);
        NS_TEST_ASSERT_MSG_GT(plain.maxDevicePackets, 20, "without BQL the device queue fills");

        // The helper's default is BQL: the same short device queue.
        const UploadResult byDefault = Upload(std::nullopt, true);
        NS_TEST_ASSERT_MSG_LT_OR_EQ(byDefault.maxDevicePackets, 3, "BQL by default");

        // Without ECN the same short queue costs drops and retransmissions.
        const UploadResult noEcn = Upload("ns3::DynamicQueueLimits", false);
        NS_TEST_ASSERT_MSG_GT(noEcn.drops, 0, "CoDel drops when TCP does not use ECN");
        NS_TEST_ASSERT_MSG_EQ(noEcn.marks, 0, "");
    }
};

/**
 * \ingroup file-distribution-tests
 * A download to a host whose slow uplink is busy with five uploads, as a leecher's is in a
 * swarm: the download's ACKs wait behind the uploads. Behind the default drop-tail FIFO the
 * download keeps nearly all of d; under FqCoDel at the core each mark halves a window that
 * the long ACK path needs whole: 12 % of d is lost here, a quarter in a swarm, where more
 * flows share both links (doc/bittorrent-fidelity.rst).
 */
class AccessNetworkBusyUplinkTestCase : public TestCase
{
  public:
    AccessNetworkBusyUplinkTestCase()
        : TestCase("a download keeps its rate while the host's uplink is busy")
    {
    }

  private:
    /**
     * \param downlinkDisc the core's queue disc toward the hosts ("" for the default)
     * \return the download's goodput from t = 1 s to 6 s, bit/s
     */
    static double Goodput(const std::string& downlinkDisc)
    {
        AccessNetworkHelper net;
        if (!downlinkDisc.empty())
        {
            net.SetDownlinkQueueDisc(downlinkDisc);
        }
        net.AddHost(DataRate("60Mbps"), DataRate("60Mbps")); // a seed
        net.AddHost(DataRate("1Mbps"), DataRate("4Mbps"));   // the leecher
        net.AddHost(DataRate("10Mbps"), DataRate("10Mbps")); // its uploads' receiver
        net.Install();
        auto sinkOn = [&net](uint32_t host, uint16_t port) {
            PacketSinkHelper helper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
            return DynamicCast<PacketSink>(helper.Install(net.GetHost(host)).Get(0));
        };
        auto send = [&net](uint32_t from, uint32_t to, uint16_t port) {
            BulkSendHelper helper("ns3::TcpSocketFactory",
                                  InetSocketAddress(net.GetHostAddress(to), port));
            helper.SetAttribute("MaxBytes", UintegerValue(0));
            helper.Install(net.GetHost(from));
        };
        Ptr<PacketSink> download = sinkOn(1, 7000);
        send(0, 1, 7000);
        for (uint16_t port = 7001; port <= 7005; ++port)
        {
            sinkOn(2, port);
            send(1, 2, port);
        }
        uint64_t atOne = 0;
        Simulator::Schedule(Seconds(1), [&atOne, download]() { atOne = download->GetTotalRx(); });
        Simulator::Stop(Seconds(6));
        Simulator::Run();
        const double bps = 8.0 * (download->GetTotalRx() - atOne) / 5;
        Simulator::Destroy();
        return bps;
    }

    void DoRun() override
    {
        // 1448 payload bytes in 1502 on the wire: 3.856 Mbit/s of goodput at most.
        // Measured: 3.841 Mbit/s (99.6 %) and 3.403 Mbit/s (88 %).
        const double fifo = Goodput("");
        NS_TEST_ASSERT_MSG_GT(fifo, 0.97 * 3.856e6, "the default FIFO keeps the rate");
        const double codel = Goodput("ns3::FqCoDelQueueDisc");
        NS_TEST_ASSERT_MSG_LT(codel, 0.92 * 3.856e6, "FqCoDel at the core loses some");
    }
};

/**
 * \ingroup file-distribution-tests
 * Regions: hosts in contiguous blocks around their own core, cores joined in pairs by backbone
 * links that add their delay and never limit; ranks follow the regions.
 */
class AccessNetworkRegionsTestCase : public TestCase
{
  public:
    AccessNetworkRegionsTestCase()
        : TestCase("regions: blocks of hosts per core, a full mesh of backbone links")
    {
    }

  private:
    /**
     * \brief Sends one UDP datagram of 100 bytes from host \p from to host \p to, 1 s from now.
     * \return the simulated time it took to arrive, or -1 s
     */
    static Time OneWay(AccessNetworkHelper& net, uint32_t from, uint32_t to)
    {
        Ptr<Socket> receiver = Socket::CreateSocket(net.GetHost(to), UdpSocketFactory::GetTypeId());
        receiver->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        Time arrival = Seconds(-1);
        receiver->SetRecvCallback(Callback<void, Ptr<Socket>>([&arrival](Ptr<Socket> s) {
            s->Recv();
            arrival = Simulator::Now();
        }));
        Ptr<Socket> sender = Socket::CreateSocket(net.GetHost(from), UdpSocketFactory::GetTypeId());
        const InetSocketAddress destination(net.GetHostAddress(to), 9);
        const Time sent = Simulator::Now() + Seconds(1);
        Simulator::Schedule(Seconds(1), [sender, destination]() {
            sender->SendTo(Create<Packet>(100), 0, destination);
        });
        Simulator::Run();
        receiver->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        return arrival.IsStrictlyPositive() ? arrival - sent : arrival;
    }

    void DoRun() override
    {
        {
            // Placement only: 4 regions on 2 ranks over host 0 and 8 others.
            AccessNetworkHelper net;
            net.AddHosts(9, DataRate("1Mbps"), DataRate("1Mbps"));
            net.SetRanks(2);
            net.SetRegions(4);
            const uint32_t regions[9] = {0, 0, 0, 1, 1, 2, 2, 3, 3};
            for (uint32_t i = 0; i < 9; ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(net.GetHostRegion(i), regions[i], "host " << i);
                NS_TEST_ASSERT_MSG_EQ(net.GetHostRank(i), regions[i] / 2, "with its core");
            }
            NS_TEST_ASSERT_MSG_EQ(net.GetRegionRank(1), 0, "");
            NS_TEST_ASSERT_MSG_EQ(net.GetRegionRank(2), 1, "");
            // The server counted as 1 + 4 hosts: the 12 hosts' work in blocks of 3, so that
            // region 0 holds the server alone.
            net.SetServerLoad(4);
            const uint32_t weighted[9] = {0, 1, 1, 2, 2, 2, 3, 3, 3};
            for (uint32_t i = 0; i < 9; ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(net.GetHostRegion(i), weighted[i], "host " << i);
            }
        }
        {
            // The star on 2 ranks: rank 0 also runs the core (0.35 of a host per host, 2.8
            // here) and the server's extra 2: 12.8 hosts' work, rank 0's half holds hosts
            // 0-2. Serially everything is on rank 0.
            AccessNetworkHelper net;
            net.AddHosts(9, DataRate("1Mbps"), DataRate("1Mbps"));
            net.SetServerLoad(2);
            NS_TEST_ASSERT_MSG_EQ(net.GetHostRank(8), 0, "serial");
            net.SetRanks(2);
            for (uint32_t i = 0; i < 9; ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(net.GetHostRank(i), (i < 3 ? 0U : 1U), "host " << i);
            }
        }

        AccessNetworkHelper net;
        net.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        net.AddHosts(6, DataRate("2Mbps"), DataRate("8Mbps"));
        net.SetRegions(3);
        net.SetBackboneDelay(MilliSeconds(5));
        net.Install();
        NS_TEST_ASSERT_MSG_EQ(net.GetRegionCount(), 3, "");
        NS_TEST_ASSERT_MSG_EQ(net.GetCore(), net.GetRegionCore(0), "");
        NS_TEST_ASSERT_MSG_EQ(net.GetRegionCore(3), nullptr, "out of range");
        // Core 0: loopback, hosts 0-2, two backbone links; cores 1 and 2: two hosts each.
        const uint32_t devices[3] = {6, 5, 5};
        for (uint32_t k = 0; k < 3; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(net.GetRegionCore(k)->GetNDevices(), devices[k], "core " << k);
        }
        for (uint32_t i = 0; i < 7; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(net.GetCoreDevice(i)->GetNode(),
                                  net.GetRegionCore(net.GetHostRegion(i)),
                                  "host " << i << "'s link joins its region's core");
        }
        // Link (0, 2), the second of the mesh, is the /30 after the hosts' seven and link
        // (0, 1)'s: core 0 is 10.0.0.33, core 2 10.0.0.34.
        auto routing = DynamicCast<AccessCoreRouting>(
            net.GetRegionCore(0)->GetObject<Ipv4>()->GetRoutingProtocol());
        Ptr<Ipv4Route> route = routing->Lookup(net.GetHostAddress(5));
        NS_TEST_ASSERT_MSG_NE(route, nullptr, "core 0 knows host 5 of region 2");
        NS_TEST_ASSERT_MSG_EQ(route->GetGateway(), Ipv4Address("10.0.0.34"), "via core 2");
        NS_TEST_ASSERT_MSG_EQ(route->GetSource(), Ipv4Address("10.0.0.33"), "");
        DataRateValue rate;
        route->GetOutputDevice()->GetAttribute("DataRate", rate);
        NS_TEST_ASSERT_MSG_EQ(rate.Get(), DataRate("22Mbps"), "every upload at once");

        // One datagram: 130 bytes with UDP, IP and PPP headers, at each link's rate, plus the
        // links' delays: 2 ms twice within a region, and 5 ms more between two.
        auto serialize = [](double bps) { return Seconds(130 * 8 / bps); };
        const Time within = serialize(2e6) + MilliSeconds(4) + serialize(8e6);
        // (Backbone links deliver one time step late, in order: OrderedPointToPointChannel.)
        const Time between = within + serialize(22e6) + MilliSeconds(5) + TimeStep(1);
        const Time oneWay[2] = {OneWay(net, 1, 2), OneWay(net, 1, 6)};
        NS_TEST_ASSERT_MSG_EQ(oneWay[0], within, "hosts 1 -> 2, region 0");
        NS_TEST_ASSERT_MSG_EQ(oneWay[1], between, "host 1 -> 6, region 2");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * The AccessNetworkHelper test suite.
 */
class AccessNetworkTestSuite : public TestSuite
{
  public:
    AccessNetworkTestSuite()
        : TestSuite("file-distribution-access-network")
    {
        AddTestCase(new AccessNetworkLayoutTestCase);
        AddTestCase(new AccessNetworkRateTestCase);
        AddTestCase(new AccessNetworkScaleTestCase);
        AddTestCase(new AccessNetworkQueueingTestCase);
        AddTestCase(new AccessNetworkBusyUplinkTestCase);
        AddTestCase(new AccessNetworkRegionsTestCase);
    }
};

static AccessNetworkTestSuite g_accessNetworkTestSuite; //!< the suite's instance
