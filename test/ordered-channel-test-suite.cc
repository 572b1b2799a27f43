// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/drop-tail-queue.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/ordered-point-to-point-channel.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Tests of OrderedPointToPointChannel: packets that arrive at the same time are delivered one
 * time step later in (node, interface) order, whatever order they were sent in.
 */

using namespace ns3;

/**
 * \ingroup file-distribution-tests
 * Two links into one node, A's on interface 1 and B's on interface 2: B sends first, A at the
 * same instant. A plain channel delivers in sending order at the arrival time; an ordered one
 * one time step later, interface 1 first.
 */
class OrderedChannelTestCase : public TestCase
{
  public:
    OrderedChannelTestCase()
        : TestCase("same-time arrivals: one step later, by node and interface")
    {
    }

  private:
    /// What the receiving node saw: which sender, when.
    struct Delivery
    {
        std::string from; //!< "A" or "B"
        Time at;          //!< delivery time
    };

    /**
     * \brief Runs the two transfers on links of \p ordered or plain channels.
     * \param ordered whether to use OrderedPointToPointChannel
     * \return the deliveries at the common receiver, in order
     */
    static std::vector<Delivery> Run(bool ordered)
    {
        Ptr<Node> receiver = CreateObject<Node>();
        std::vector<Ptr<PointToPointNetDevice>> senders;
        std::vector<Delivery> deliveries;
        for (const std::string name : {"A", "B"})
        {
            Ptr<Node> node = CreateObject<Node>();
            Ptr<PointToPointChannel> channel = CreateObject<PointToPointChannel>();
            if (ordered)
            {
                channel = CreateObject<OrderedPointToPointChannel>();
            }
            channel->SetAttribute("Delay", TimeValue(MilliSeconds(1)));
            Ptr<PointToPointNetDevice> ends[2];
            for (const Ptr<Node>& n : {node, receiver})
            {
                Ptr<PointToPointNetDevice> device = CreateObject<PointToPointNetDevice>();
                device->SetAddress(Mac48Address::Allocate());
                device->SetDataRate(DataRate("8Mbps"));
                device->SetQueue(CreateObject<DropTailQueue<Packet>>());
                n->AddDevice(device);
                device->Attach(channel);
                ends[n == node ? 0 : 1] = device;
            }
            senders.push_back(ends[0]);
            ends[1]->TraceConnectWithoutContext(
                "PhyRxEnd",
                Callback<void, Ptr<const Packet>>([&deliveries, name](Ptr<const Packet>) {
                    deliveries.push_back({name, Simulator::Now()});
                }));
        }
        // B's send is scheduled first, so it runs first at t = 1 s.
        for (uint32_t s : {1, 0})
        {
            Simulator::Schedule(Seconds(1), [device = senders[s]]() {
                device->Send(Create<Packet>(998), device->GetBroadcast(), 0x0800);
            });
        }
        Simulator::Run();
        Simulator::Destroy();
        return deliveries;
    }

    void DoRun() override
    {
        // 1000 bytes with the PPP header take 1 ms at 8 Mbps, plus 1 ms of delay.
        const Time arrival = Seconds(1) + MilliSeconds(2);
        const std::vector<Delivery> plain = Run(false);
        NS_TEST_ASSERT_MSG_EQ(plain.size(), 2, "");
        NS_TEST_ASSERT_MSG_EQ(plain[0].from + plain[1].from, "BA", "in sending order");
        NS_TEST_ASSERT_MSG_EQ(plain[0].at, arrival, "");

        const std::vector<Delivery> ordered = Run(true);
        NS_TEST_ASSERT_MSG_EQ(ordered.size(), 2, "");
        NS_TEST_ASSERT_MSG_EQ(ordered[0].from + ordered[1].from, "AB", "interface 1 first");
        NS_TEST_ASSERT_MSG_EQ(ordered[0].at, arrival + TimeStep(1), "one step late");
        NS_TEST_ASSERT_MSG_EQ(ordered[1].at, arrival + TimeStep(1), "together");
    }
};

/**
 * \ingroup file-distribution-tests
 * The OrderedPointToPointChannel test suite.
 */
class OrderedChannelTestSuite : public TestSuite
{
  public:
    OrderedChannelTestSuite()
        : TestSuite("file-distribution-ordered-channel")
    {
        AddTestCase(new OrderedChannelTestCase);
    }
};

static OrderedChannelTestSuite g_orderedChannelTestSuite; //!< the suite's instance
