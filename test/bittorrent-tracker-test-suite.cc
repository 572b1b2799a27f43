// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/application-container.h"
#include "ns3/bittorrent-tracker-helper.h"
#include "ns3/bittorrent-tracker.h"
#include "ns3/boolean.h"
#include "ns3/http-message.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/tracker-protocol.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * BitTorrentTracker in a small simulation: real announces over ns-3 TCP from a minimal HTTP
 * client, on a star of point-to-point links around the tracker.
 */

using namespace ns3;

namespace
{

using Endpoint = std::pair<Ipv4Address, uint16_t>;

/// One HTTP exchange over its own TCP connection: send a request, collect all until close.
class HttpExchange
{
  public:
    HttpExchange(Ptr<Node> node, Ipv4Address server, std::string request)
        : m_node(node),
          m_server(server),
          m_request(std::move(request))
    {
    }

    /// Connects and sends at \p at.
    void StartAt(Time at)
    {
        Simulator::Schedule(at, &HttpExchange::Start, this);
    }

    bool closedByServer{false}; //!< the server closed the connection
    std::string received;       //!< every byte received

    /// The parsed response head, if the received bytes hold one.
    std::optional<HttpResponse> GetResponse() const
    {
        HttpHeadFramer framer(1 << 20);
        framer.Append(reinterpret_cast<const uint8_t*>(received.data()), received.size());
        return ParseHttpResponse(framer.TakeHead(), nullptr);
    }

    /// The bytes after the response head.
    std::string GetBody() const
    {
        HttpHeadFramer framer(1 << 20);
        framer.Append(reinterpret_cast<const uint8_t*>(received.data()), received.size());
        return framer.TakeRemainder();
    }

    /// The decoded announce response, if the body is one.
    std::optional<AnnounceResponse> GetAnnounceResponse() const
    {
        return AnnounceResponse::Decode(GetBody(), nullptr);
    }

  private:
    void Start()
    {
        m_socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&HttpExchange::Connected, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetRecvCallback(MakeCallback(&HttpExchange::Read, this));
        m_socket->SetCloseCallbacks(MakeCallback(&HttpExchange::Closed, this),
                                    MakeCallback(&HttpExchange::Closed, this));
        m_socket->Connect(InetSocketAddress(m_server, 2710));
    }

    void Connected(Ptr<Socket> socket)
    {
        socket->Send(reinterpret_cast<const uint8_t*>(m_request.data()), m_request.size(), 0);
    }

    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            std::string bytes(packet->GetSize(), '\0');
            packet->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
            received += bytes;
        }
    }

    void Closed(Ptr<Socket> socket)
    {
        closedByServer = true;
        socket->Close();
    }

    Ptr<Node> m_node;      //!< where the client runs
    Ipv4Address m_server;  //!< the tracker's address
    std::string m_request; //!< bytes to send
    Ptr<Socket> m_socket;  //!< the connection
};

/// A star: node 0 is the tracker, nodes 1..n clients, each on its own 10.1.i.0/24 link.
struct Star
{
    NodeContainer nodes;                     //!< tracker first
    std::vector<Ipv4Address> trackerAddress; //!< tracker's address on client i's link
    std::vector<Ipv4Address> clientAddress;  //!< client i's address

    explicit Star(uint32_t clients)
    {
        nodes.Create(clients + 1);
        InternetStackHelper internet;
        internet.Install(nodes);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        link.SetChannelAttribute("Delay", StringValue("2ms"));
        trackerAddress.emplace_back("0.0.0.0"); // index 0 unused
        clientAddress.emplace_back("0.0.0.0");
        for (uint32_t i = 1; i <= clients; ++i)
        {
            auto devices = link.Install(nodes.Get(0), nodes.Get(i));
            Ipv4AddressHelper addresses;
            addresses.SetBase(("10.1." + std::to_string(i) + ".0").c_str(), "255.255.255.0");
            auto interfaces = addresses.Assign(devices);
            trackerAddress.push_back(interfaces.GetAddress(0));
            clientAddress.push_back(interfaces.GetAddress(1));
        }
    }
};

/// An info_hash filled with \p b.
BitTorrentTracker::InfoHash
InfoHashOf(uint8_t b)
{
    BitTorrentTracker::InfoHash h;
    h.fill(b);
    return h;
}

/// The GET request of an announce.
std::string
AnnounceBytes(uint8_t hash,
              uint32_t peer,
              uint16_t port,
              uint64_t left,
              AnnounceRequest::Event event,
              uint32_t numwant = 50)
{
    AnnounceRequest a;
    a.infoHash = InfoHashOf(hash);
    const std::string id = "-TT0001-" + std::to_string(100000000000ULL + peer);
    std::copy(id.begin(), id.begin() + 20, a.peerId.begin());
    a.port = port;
    a.left = left;
    a.event = event;
    a.numwant = numwant;
    return FormatHttpRequest("GET", a.ToTarget(), {{"Host", "tracker:2710"}});
}

/// The peers of a response as a set, for order-free comparison.
std::set<Endpoint>
PeerSet(const AnnounceResponse& r)
{
    return std::set<Endpoint>(r.peers.begin(), r.peers.end());
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * Swarm membership through started/completed/stopped, exact peer lists, many torrents.
 */
class TrackerSwarmTestCase : public TestCase
{
  public:
    TrackerSwarmTestCase()
        : TestCase("started, completed and stopped change the swarm; exact peer lists")
    {
    }

  private:
    void DoRun() override
    {
        using E = AnnounceRequest::Event;
        Star star(3);
        BitTorrentTrackerHelper helper(2710);
        auto apps = helper.Install(star.nodes.Get(0));
        Ptr<BitTorrentTracker> tracker = DynamicCast<BitTorrentTracker>(apps.Get(0));
        tracker->AssignStreams(1);
        apps.Start(Seconds(0));
        apps.Stop(Seconds(20));

        std::vector<std::string> announces;
        std::vector<std::string> sizes;
        tracker->TraceConnectWithoutContext("Announce",
                                            MakeBoundCallback(
                                                +[](std::vector<std::string>* log,
                                                    const std::string& hex,
                                                    Ipv4Address address,
                                                    uint16_t port,
                                                    const std::string& event) {
                                                    std::ostringstream s;
                                                    s << hex.substr(0, 2) << " " << address << ":"
                                                      << port << " " << event;
                                                    log->push_back(s.str());
                                                },
                                                &announces));
        tracker->TraceConnectWithoutContext("SwarmSize",
                                            MakeBoundCallback(
                                                +[](std::vector<std::string>* log,
                                                    const std::string& hex,
                                                    uint32_t seeders,
                                                    uint32_t leechers) {
                                                    log->push_back(hex.substr(0, 2) + " " +
                                                                   std::to_string(seeders) + "/" +
                                                                   std::to_string(leechers));
                                                },
                                                &sizes));

        std::vector<std::unique_ptr<HttpExchange>> x;
        auto at = [&](double t, uint32_t node, std::string bytes) {
            x.push_back(std::make_unique<HttpExchange>(star.nodes.Get(node),
                                                       star.trackerAddress[node],
                                                       std::move(bytes)));
            x.back()->StartAt(Seconds(t));
        };
        at(1, 1, AnnounceBytes(0xaa, 1, 6881, 100, E::STARTED));
        at(2, 2, AnnounceBytes(0xaa, 2, 6882, 0, E::STARTED));
        at(3, 3, AnnounceBytes(0xaa, 3, 6883, 100, E::STARTED));
        at(3.5, 1, AnnounceBytes(0xbb, 4, 7000, 100, E::STARTED));
        at(4, 1, AnnounceBytes(0xaa, 1, 6881, 0, E::COMPLETED));
        at(5, 2, AnnounceBytes(0xaa, 2, 6882, 0, E::STOPPED));
        at(6, 3, AnnounceBytes(0xaa, 3, 6883, 50, E::NONE));
        Simulator::Stop(Seconds(21));
        Simulator::Run();

        const Endpoint p1{star.clientAddress[1], 6881};
        const Endpoint p2{star.clientAddress[2], 6882};
        const Endpoint p3{star.clientAddress[3], 6883};

        struct Expected
        {
            uint32_t complete;
            uint32_t incomplete;
            std::set<Endpoint> peers;
        };

        const std::vector<Expected> expected{
            {0, 1, {}},       // the first peer never gets itself
            {1, 1, {p1}},     // a seed gets the leecher
            {1, 2, {p1, p2}}, // a leecher gets everyone else
            {0, 1, {}},       // another torrent: its own swarm
            {2, 1, {p3}},     // P1 completed: a seed now, it gets leechers only
            {1, 1, {}},       // P2 stopped: no peers for a leaving peer
            {1, 1, {p1}},     // regular announce
        };
        for (std::size_t i = 0; i < expected.size(); ++i)
        {
            const auto head = x[i]->GetResponse();
            NS_TEST_ASSERT_MSG_EQ(head.has_value(), true, "response " << i);
            NS_TEST_ASSERT_MSG_EQ(head->status, 200, "status " << i);
            NS_TEST_ASSERT_MSG_EQ(head->version, "HTTP/1.0", "version " << i);
            NS_TEST_ASSERT_MSG_EQ(head->GetHeader("content-type").value_or(""),
                                  "text/plain",
                                  "content type " << i);
            NS_TEST_ASSERT_MSG_EQ(head->GetContentLength().value_or(0),
                                  x[i]->GetBody().size(),
                                  "content length " << i);
            NS_TEST_ASSERT_MSG_EQ(x[i]->closedByServer, true, "closed after response " << i);
            const auto r = x[i]->GetAnnounceResponse();
            NS_TEST_ASSERT_MSG_EQ(r.has_value(), true, "bencoded body " << i);
            NS_TEST_ASSERT_MSG_EQ(r->failureReason, "", "no failure " << i);
            NS_TEST_ASSERT_MSG_EQ(r->interval, 1800, "default interval " << i);
            NS_TEST_ASSERT_MSG_EQ(r->complete, expected[i].complete, "complete " << i);
            NS_TEST_ASSERT_MSG_EQ(r->incomplete, expected[i].incomplete, "incomplete " << i);
            NS_TEST_ASSERT_MSG_EQ(r->peers.size(), expected[i].peers.size(), "count " << i);
            NS_TEST_ASSERT_MSG_EQ((PeerSet(*r) == expected[i].peers), true, "peers " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(tracker->GetSeeders(InfoHashOf(0xaa)), 1, "seeds at the end");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetLeechers(InfoHashOf(0xaa)), 1, "leechers at the end");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetLeechers(InfoHashOf(0xbb)), 1, "the other torrent");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetSeeders(InfoHashOf(0xcc)), 0, "an unknown torrent");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetTorrentCount(), 2, "two torrents");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetAnnounceCount(), 7, "announces");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetFailedRequestCount(), 0, "no failures");
        const std::vector<std::string> expectedAnnounces{"aa 10.1.1.2:6881 started",
                                                         "aa 10.1.2.2:6882 started",
                                                         "aa 10.1.3.2:6883 started",
                                                         "bb 10.1.1.2:7000 started",
                                                         "aa 10.1.1.2:6881 completed",
                                                         "aa 10.1.2.2:6882 stopped",
                                                         "aa 10.1.3.2:6883 "};
        NS_TEST_ASSERT_MSG_EQ((announces == expectedAnnounces), true, "Announce trace");
        const std::vector<std::string> expectedSizes{"aa 0/1",
                                                     "aa 1/1",
                                                     "aa 1/2",
                                                     "bb 0/1",
                                                     "aa 2/1",
                                                     "aa 1/1"};
        NS_TEST_ASSERT_MSG_EQ((sizes == expectedSizes), true, "SwarmSize trace");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * numwant and MaxNumwant bound a random subset that never holds the asker.
 */
class TrackerNumwantTestCase : public TestCase
{
  public:
    TrackerNumwantTestCase()
        : TestCase("a random subset of at most numwant peers, capped, never the asker")
    {
    }

  private:
    void DoRun() override
    {
        using E = AnnounceRequest::Event;
        Star star(2);
        BitTorrentTrackerHelper helper;
        helper.SetAttribute("MaxNumwant", UintegerValue(10));
        auto apps = helper.Install(star.nodes.Get(0));
        DynamicCast<BitTorrentTracker>(apps.Get(0))->AssignStreams(7);
        apps.Start(Seconds(0));

        std::vector<std::unique_ptr<HttpExchange>> x;
        auto at = [&](double t, uint32_t node, std::string bytes) {
            x.push_back(std::make_unique<HttpExchange>(star.nodes.Get(node),
                                                       star.trackerAddress[node],
                                                       std::move(bytes)));
            x.back()->StartAt(Seconds(t));
        };
        // 12 peers on node 1 (ports 7000..7011), all at once on parallel connections.
        std::set<Endpoint> all;
        for (uint16_t i = 0; i < 12; ++i)
        {
            at(1, 1, AnnounceBytes(1, i, 7000 + i, 100, E::STARTED));
            all.emplace(star.clientAddress[1], 7000 + i);
        }
        at(2, 2, AnnounceBytes(1, 100, 6881, 100, E::STARTED, 5));
        at(2.5, 2, AnnounceBytes(1, 100, 6881, 100, E::NONE, 5));
        at(3, 2, AnnounceBytes(1, 100, 6881, 100, E::NONE, 0));
        at(3.5, 2, AnnounceBytes(1, 100, 6881, 100, E::NONE, 50));
        at(4, 1, AnnounceBytes(1, 3, 7003, 100, E::NONE, 50));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        for (std::size_t i = 0; i < 12; ++i)
        {
            const auto r = x[i]->GetAnnounceResponse();
            NS_TEST_ASSERT_MSG_EQ(r.has_value(), true, "response " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(x[11]->GetAnnounceResponse()->incomplete,
                              12,
                              "12 parallel announces counted");
        const Endpoint self{star.clientAddress[2], 6881};
        std::vector<std::set<Endpoint>> picks;
        for (std::size_t i : {12, 13})
        {
            const auto r = x[i]->GetAnnounceResponse();
            NS_TEST_ASSERT_MSG_EQ(r.has_value(), true, "response " << i);
            NS_TEST_ASSERT_MSG_EQ(r->peers.size(), 5, "numwant=5 gives 5");
            const auto set = PeerSet(*r);
            NS_TEST_ASSERT_MSG_EQ(set.size(), 5, "distinct");
            NS_TEST_ASSERT_MSG_EQ(std::includes(all.begin(), all.end(), set.begin(), set.end()),
                                  true,
                                  "from the swarm, not the asker");
            picks.push_back(set);
        }
        NS_TEST_ASSERT_MSG_EQ((picks[0] != picks[1]), true, "random subsets (stream 7)");
        NS_TEST_ASSERT_MSG_EQ(x[14]->GetAnnounceResponse()->peers.size(), 0, "numwant=0");
        const auto capped = x[15]->GetAnnounceResponse();
        NS_TEST_ASSERT_MSG_EQ(capped->peers.size(), 10, "MaxNumwant caps numwant=50");
        NS_TEST_ASSERT_MSG_EQ(PeerSet(*capped).count(self), 0, "never the asker");
        NS_TEST_ASSERT_MSG_EQ(capped->incomplete, 13, "13 leechers");
        const auto fromSwarm = x[16]->GetAnnounceResponse();
        NS_TEST_ASSERT_MSG_EQ(fromSwarm->peers.size(), 10, "capped");
        NS_TEST_ASSERT_MSG_EQ(PeerSet(*fromSwarm).count(Endpoint{star.clientAddress[1], 7003}),
                              0,
                              "never the asker, same address as other peers");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * Peers silent for PeerTimeout (2x Interval by default) leave the swarm.
 */
class TrackerExpiryTestCase : public TestCase
{
  public:
    TrackerExpiryTestCase()
        : TestCase("peers that stop announcing expire after PeerTimeout")
    {
    }

  private:
    void DoRun() override
    {
        using E = AnnounceRequest::Event;
        Star star(2);
        BitTorrentTrackerHelper helper;
        helper.SetAttribute("Interval", TimeValue(Seconds(10)));
        helper.SetAttribute("MinInterval", TimeValue(Seconds(5)));
        auto apps = helper.Install(star.nodes.Get(0));
        Ptr<BitTorrentTracker> tracker = DynamicCast<BitTorrentTracker>(apps.Get(0));
        apps.Start(Seconds(0));

        std::vector<std::unique_ptr<HttpExchange>> x;
        auto at = [&](double t, uint32_t node, std::string bytes) {
            x.push_back(std::make_unique<HttpExchange>(star.nodes.Get(node),
                                                       star.trackerAddress[node],
                                                       std::move(bytes)));
            x.back()->StartAt(Seconds(t));
        };
        at(1, 1, AnnounceBytes(9, 1, 6881, 100, E::STARTED));
        at(2, 2, AnnounceBytes(9, 2, 6881, 0, E::STARTED));
        at(15, 2, AnnounceBytes(9, 2, 6881, 0, E::NONE));
        std::vector<std::pair<uint32_t, uint32_t>> counts; // (seeds, leechers) at checkpoints
        for (double t : {20.9, 21.2, 34.9, 35.2})
        {
            Simulator::Schedule(Seconds(t), [&counts, tracker]() {
                counts.emplace_back(tracker->GetSeeders(InfoHashOf(9)),
                                    tracker->GetLeechers(InfoHashOf(9)));
            });
        }
        Simulator::Stop(Seconds(40));
        Simulator::Run();

        const auto r = x[0]->GetAnnounceResponse();
        NS_TEST_ASSERT_MSG_EQ(r.has_value(), true, "response");
        NS_TEST_ASSERT_MSG_EQ(r->interval, 10, "interval attribute");
        NS_TEST_ASSERT_MSG_EQ(r->minInterval, 5, "min interval attribute");
        NS_TEST_ASSERT_MSG_EQ(counts.size(), 4, "four checkpoints");
        // P1 announced at 1 s (+ a few ms of handshake): gone just after 21 s. P2 re-announced
        // at 15 s: gone just after 35 s.
        NS_TEST_ASSERT_MSG_EQ((counts[0] == std::make_pair(1u, 1u)), true, "20.9 s: both");
        NS_TEST_ASSERT_MSG_EQ((counts[1] == std::make_pair(1u, 0u)), true, "21.2 s: P1 expired");
        NS_TEST_ASSERT_MSG_EQ((counts[2] == std::make_pair(1u, 0u)), true, "34.9 s: P2 stays");
        NS_TEST_ASSERT_MSG_EQ((counts[3] == std::make_pair(0u, 0u)), true, "35.2 s: all gone");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * Garbage, oversized heads, wrong paths, bad parameters and unknown torrents get errors, and
 * the tracker keeps serving the next client.
 */
class TrackerBadRequestTestCase : public TestCase
{
  public:
    TrackerBadRequestTestCase()
        : TestCase("bad requests get 400, 404 or a failure reason; service goes on")
    {
    }

  private:
    void DoRun() override
    {
        using E = AnnounceRequest::Event;
        Star star(1);
        BitTorrentTrackerHelper helper;
        helper.SetAttribute("AcceptUnknownTorrents", BooleanValue(false));
        auto apps = helper.Install(star.nodes.Get(0));
        Ptr<BitTorrentTracker> tracker = DynamicCast<BitTorrentTracker>(apps.Get(0));
        tracker->AddTorrent(InfoHashOf(0x11));
        apps.Start(Seconds(0));

        std::vector<std::unique_ptr<HttpExchange>> x;
        auto at = [&](double t, std::string bytes) {
            x.push_back(std::make_unique<HttpExchange>(star.nodes.Get(1),
                                                       star.trackerAddress[1],
                                                       std::move(bytes)));
            x.back()->StartAt(Seconds(t));
        };
        at(1, std::string("\x16\x03\x01\x00\x05hello\r\n\r\n", 14)); // a TLS hello, say
        at(1.5, std::string(10000, 'A'));                            // no end of head
        at(2, "GET /scrape?info_hash=x HTTP/1.0\r\n\r\n");
        at(2.5, "POST /announce HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
        at(3, "GET /announce?port=1 HTTP/1.0\r\n\r\n");
        at(3.5, AnnounceBytes(0x22, 1, 6881, 10, E::STARTED));
        at(4, AnnounceBytes(0x11, 1, 6881, 10, E::STARTED));
        at(4.5, AnnounceBytes(0x11, 2, 6882, 10, E::STARTED));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        const std::vector<int> status{400, 400, 404, 400, 200, 200, 200, 200};
        for (std::size_t i = 0; i < status.size(); ++i)
        {
            const auto head = x[i]->GetResponse();
            NS_TEST_ASSERT_MSG_EQ(head.has_value(), true, "a response to request " << i);
            NS_TEST_ASSERT_MSG_EQ(head->status, status[i], "status of request " << i);
            NS_TEST_ASSERT_MSG_EQ(head->GetContentLength().value_or(0),
                                  x[i]->GetBody().size(),
                                  "content length " << i);
            NS_TEST_ASSERT_MSG_EQ(x[i]->closedByServer, true, "closed after response " << i);
        }
        NS_TEST_ASSERT_MSG_EQ(x[0]->GetResponse()->reason, "Bad Request", "reason");
        NS_TEST_ASSERT_MSG_EQ(x[4]->GetAnnounceResponse()->failureReason,
                              "missing info_hash",
                              "bad parameters: failure reason");
        NS_TEST_ASSERT_MSG_EQ(x[5]->GetAnnounceResponse()->failureReason,
                              "unknown info_hash",
                              "unregistered torrent");
        const auto first = x[6]->GetAnnounceResponse();
        NS_TEST_ASSERT_MSG_EQ((first && first->failureReason.empty()), true, "served");
        const auto second = x[7]->GetAnnounceResponse();
        NS_TEST_ASSERT_MSG_EQ((second && second->peers.size() == 1 &&
                               second->peers[0] == Endpoint{star.clientAddress[1], 6881}),
                              true,
                              "the next client is served with the first peer");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetFailedRequestCount(), 6, "six failures");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetAnnounceCount(), 2, "two announces");
        NS_TEST_ASSERT_MSG_EQ(tracker->GetTorrentCount(), 1, "no swarm for the unknown hash");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * The BitTorrent tracker test suite.
 */
class BitTorrentTrackerTestSuite : public TestSuite
{
  public:
    BitTorrentTrackerTestSuite()
        : TestSuite("file-distribution-bittorrent-tracker")
    {
        AddTestCase(new TrackerSwarmTestCase);
        AddTestCase(new TrackerNumwantTestCase);
        AddTestCase(new TrackerExpiryTestCase);
        AddTestCase(new TrackerBadRequestTestCase);
    }
};

/// The static instance that registers the suite.
static BitTorrentTrackerTestSuite g_bitTorrentTrackerTestSuite;
