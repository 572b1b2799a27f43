// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/bittorrent-tracker-helper.h"
#include "ns3/bittorrent-tracker.h"
#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/file-server.h"
#include "ns3/http-message.h"
#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/tracker-client.h"
#include "ns3/tracker-protocol.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Hostile HTTP clients against the tracker and the file server (issue 13, part 3): a client
 * that never finishes its request head (slowloris), one that sends a head of megabytes, and
 * hundreds of connections at once. Each case checks that the server applies its limit
 * (RequestTimeout, MaxHeadBytes, MaxConnections) exactly, and that honest clients running at
 * the same time (TrackerClient announces, FileClient downloads) are served as in the same run
 * without attackers, within a stated margin.
 */

using namespace ns3;

namespace
{

/// "Never" in the observations below.
constexpr double NEVER = -1;

/**
 * One step of a hostile client's script: `bytes` are sent `at` after the connection is
 * established; a step with `bulk` > 0 hands that many 'A' bytes to TCP as fast as it takes
 * them instead.
 */
struct Step
{
    Time at;           //!< after the connection is established
    std::string bytes; //!< sent at once
    uint64_t bulk{0};  //!< or: this many 'A' bytes, as fast as TCP takes them
};

/// What a hostile client saw, in seconds of simulated time (NEVER if it did not happen).
struct Observed
{
    double connectedAt{NEVER}; //!< the connection was established
    double responseAt{NEVER};  //!< the first response byte arrived
    double closedAt{NEVER};    //!< the server closed the connection (FIN)
    double errorAt{NEVER};     //!< reset, or the connection could not be established
    double sentAllAt{NEVER};   //!< the last scripted byte was handed to TCP
    uint64_t sentBytes{0};     //!< bytes handed to TCP
    std::string received;      //!< the response (its first 64 KiB)

    /// \return the response's status, 0 without a whole response head
    int GetStatus() const
    {
        HttpHeadFramer framer(1 << 16);
        framer.Append(reinterpret_cast<const uint8_t*>(received.data()), received.size());
        const auto head = ParseHttpResponse(framer.TakeHead(), nullptr);
        return head ? head->status : 0;
    }

    /// \return the bytes after the response head
    std::string GetBody() const
    {
        HttpHeadFramer framer(1 << 16);
        framer.Append(reinterpret_cast<const uint8_t*>(received.data()), received.size());
        framer.TakeHead();
        return framer.TakeRemainder();
    }
};

/**
 * A test-only TCP client that connects at a given time, sends scripted chunks at scripted
 * times and records what the server answered and when it closed. It ignores the server's
 * answer: it goes on with its script (as an attacker would) and closes its side only when the
 * server closed and the script is done.
 */
class HostileClient
{
  public:
    /**
     * \param node where the client runs
     * \param server the server's address and port
     * \param script what to send
     */
    HostileClient(Ptr<Node> node, const Address& server, std::vector<Step> script)
        : m_node(node),
          m_server(server),
          m_script(std::move(script))
    {
    }

    ~HostileClient()
    {
        m_start.Cancel();
        for (auto& event : m_steps)
        {
            event.Cancel();
        }
        if (m_socket)
        {
            m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                         MakeNullCallback<void, Ptr<Socket>>());
            m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
            m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                        MakeNullCallback<void, Ptr<Socket>>());
        }
    }

    HostileClient(const HostileClient&) = delete;
    HostileClient& operator=(const HostileClient&) = delete;

    /// \param at when to connect
    void StartAt(Time at)
    {
        m_start = Simulator::Schedule(at, &HostileClient::Connect, this);
    }

    /// \return what it saw
    const Observed& GetObserved() const
    {
        return m_seen;
    }

  private:
    void Connect()
    {
        m_socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&HostileClient::Connected, this),
                                     MakeCallback(&HostileClient::Failed, this));
        m_socket->SetRecvCallback(MakeCallback(&HostileClient::Read, this));
        m_socket->SetSendCallback(MakeCallback(&HostileClient::Writable, this));
        m_socket->SetCloseCallbacks(MakeCallback(&HostileClient::Closed, this),
                                    MakeCallback(&HostileClient::Failed, this));
        m_socket->Connect(m_server);
    }

    void Connected(Ptr<Socket> socket)
    {
        m_seen.connectedAt = Simulator::Now().GetSeconds();
        m_pendingSteps = m_script.size();
        for (std::size_t i = 0; i < m_script.size(); ++i)
        {
            m_steps.push_back(Simulator::Schedule(m_script[i].at, &HostileClient::Run, this, i));
        }
    }

    void Run(std::size_t i)
    {
        const Step& step = m_script[i];
        if (step.bulk > 0)
        {
            m_bulkLeft += step.bulk;
            Pump();
        }
        else if (!step.bytes.empty())
        {
            const int sent = m_socket->Send(reinterpret_cast<const uint8_t*>(step.bytes.data()),
                                            static_cast<uint32_t>(step.bytes.size()),
                                            0);
            m_seen.sentBytes += sent > 0 ? sent : 0;
        }
        --m_pendingSteps;
        MaybeDone();
    }

    /// Hands bulk bytes to TCP while its send buffer has room.
    void Pump()
    {
        static const std::string chunk(65536, 'A');
        while (m_bulkLeft > 0 && m_socket)
        {
            const uint32_t room = m_socket->GetTxAvailable();
            const auto size = static_cast<uint32_t>(
                std::min<uint64_t>({m_bulkLeft, room, static_cast<uint64_t>(chunk.size())}));
            if (size == 0)
            {
                return; // Writable() comes back when ACKs free the buffer
            }
            const int sent = m_socket->Send(
                Create<Packet>(reinterpret_cast<const uint8_t*>(chunk.data()), size));
            if (sent <= 0)
            {
                return;
            }
            m_bulkLeft -= static_cast<uint64_t>(sent);
            m_seen.sentBytes += static_cast<uint64_t>(sent);
        }
        MaybeDone();
    }

    void Writable(Ptr<Socket> socket, uint32_t available)
    {
        if (m_bulkLeft > 0)
        {
            Pump();
        }
    }

    /// Notes the end of the script; closes once the server has closed too.
    void MaybeDone()
    {
        if (m_pendingSteps > 0 || m_bulkLeft > 0 || !m_socket)
        {
            return;
        }
        if (m_seen.sentAllAt == NEVER)
        {
            m_seen.sentAllAt = Simulator::Now().GetSeconds();
        }
        if (m_seen.closedAt != NEVER)
        {
            m_socket->Close();
        }
    }

    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            if (packet->GetSize() == 0)
            {
                break;
            }
            if (m_seen.responseAt == NEVER)
            {
                m_seen.responseAt = Simulator::Now().GetSeconds();
            }
            const auto keep =
                std::min<uint32_t>(packet->GetSize(), (1u << 16) - m_seen.received.size());
            std::string bytes(keep, '\0');
            packet->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), keep);
            m_seen.received += bytes;
        }
    }

    void Closed(Ptr<Socket> socket)
    {
        m_seen.closedAt = Simulator::Now().GetSeconds();
        MaybeDone();
    }

    void Failed(Ptr<Socket> socket)
    {
        m_seen.errorAt = Simulator::Now().GetSeconds();
        m_bulkLeft = 0;
    }

    Ptr<Node> m_node;              //!< where the client runs
    Address m_server;              //!< the server
    std::vector<Step> m_script;    //!< what to send
    Ptr<Socket> m_socket;          //!< the connection
    EventId m_start;               //!< the connection attempt
    std::vector<EventId> m_steps;  //!< the scripted sends
    std::size_t m_pendingSteps{0}; //!< steps not run yet
    uint64_t m_bulkLeft{0};        //!< bulk bytes not yet handed to TCP
    Observed m_seen;               //!< what it saw
};

/// Hostile clients of one scenario: `count` alike, on one attacker host, starting at `start`.
struct Attack
{
    uint32_t count{1};        //!< connections
    double start{1};          //!< when they connect, seconds
    std::vector<Step> script; //!< what each sends
};

/// Hosts: 0 the server, 1..honest the honest clients, then one host for the attackers.
struct Network
{
    AccessNetworkHelper helper; //!< the access network
    uint32_t firstHonest{1};    //!< the first honest host
    uint32_t attackerHost{0};   //!< the attackers' host

    /// \param honest honest hosts \param server the server's rate both ways
    Network(uint32_t honest, DataRate server)
    {
        helper.AddHost(server, server);
        firstHonest = helper.AddHosts(honest, DataRate("2Mbps"), DataRate("10Mbps"));
        attackerHost = helper.AddHost(DataRate("10Mbps"), DataRate("10Mbps"));
        helper.Install();
    }
};

/// Creates the attackers of \p attacks against \p server from \p node.
std::vector<std::unique_ptr<HostileClient>>
Launch(const std::vector<Attack>& attacks, Ptr<Node> node, const Address& server)
{
    std::vector<std::unique_ptr<HostileClient>> clients;
    for (const auto& attack : attacks)
    {
        for (uint32_t i = 0; i < attack.count; ++i)
        {
            clients.push_back(std::make_unique<HostileClient>(node, server, attack.script));
            clients.back()->StartAt(Seconds(attack.start));
        }
    }
    return clients;
}

/// A script: \p head at once, then one more byte ("a") every \p period, \p count times.
std::vector<Step>
Slowloris(const std::string& head, Time period, uint32_t count)
{
    std::vector<Step> script{{Seconds(0), head, 0}};
    for (uint32_t i = 1; i <= count; ++i)
    {
        script.push_back({period * i, "a", 0});
    }
    return script;
}

// ---------------------------------------------------------------------------------------------
// The tracker

/// What a tracker scenario gave.
struct TrackerOutcome
{
    std::vector<double> honestLatency; //!< start to first reply per honest client, s (NEVER)
    std::vector<Observed> attackers;   //!< what each attacker saw
    uint64_t timedOut{0};              //!< GetTimedOutRequestCount()
    uint64_t failed{0};                //!< GetFailedRequestCount()
    uint64_t announces{0};             //!< GetAnnounceCount()
    uint64_t refused{0};               //!< GetRefusedConnectionCount()
    uint64_t refusedAtSnapshot{0};     //!< the same at the snapshot time
    uint32_t openAtSnapshot{0};        //!< GetOpenConnectionCount() at the snapshot time
    uint32_t peakConnections{0};       //!< GetPeakConnectionCount()
    uint32_t peakHeadBytes{0};         //!< GetPeakHeadBytes()
    uint32_t openAtEnd{0};             //!< GetOpenConnectionCount() at the end
    uint32_t seedersPlusLeechers{0};   //!< the swarm's size at the end
};

/// A tracker scenario.
struct TrackerScenario
{
    uint32_t honest{20};                                 //!< honest TrackerClients
    double honestStart{0.5};                             //!< the first one's start, s
    double honestSpacing{1.5};                           //!< between starts, s
    std::vector<Attack> attacks;                         //!< the attackers
    std::function<void(BitTorrentTrackerHelper&)> setup; //!< tracker attributes
    double snapshot{0};                                  //!< when to read counters, s
    double stop{100};                                    //!< end of the run, s
};

/// The info_hash of the honest swarm.
BitTorrentTracker::InfoHash
SwarmHash()
{
    BitTorrentTracker::InfoHash h;
    h.fill(0x5a);
    return h;
}

/// Runs a tracker scenario: honest TrackerClients announce `started`, attackers do their worst.
TrackerOutcome
RunTracker(const TrackerScenario& scenario)
{
    Network net(scenario.honest, DataRate("10Mbps"));
    BitTorrentTrackerHelper helper;
    if (scenario.setup)
    {
        scenario.setup(helper);
    }
    auto tracker = DynamicCast<BitTorrentTracker>(helper.Install(net.helper.GetHost(0)).Get(0));
    const Address trackerAddress = InetSocketAddress(net.helper.GetHostAddress(0), 2710);

    TrackerOutcome outcome;
    outcome.honestLatency.assign(scenario.honest, NEVER);
    std::vector<std::unique_ptr<TrackerClient>> honest;
    for (uint32_t i = 0; i < scenario.honest; ++i)
    {
        honest.push_back(std::make_unique<TrackerClient>());
        const double start = scenario.honestStart + i * scenario.honestSpacing;
        TrackerClient* client = honest.back().get();
        Ptr<Node> node = net.helper.GetHost(net.firstHonest + i);
        auto build = [i](AnnounceRequest::Event event) {
            AnnounceRequest a;
            a.infoHash = SwarmHash();
            const std::string id = "-HH0001-" + std::to_string(100000000000ULL + i);
            std::copy(id.begin(), id.begin() + 20, a.peerId.begin());
            a.port = 6881;
            a.left = 1000000;
            a.event = event;
            return a;
        };
        auto reply = [&outcome, i, start](const AnnounceResponse&) {
            if (outcome.honestLatency[i] == NEVER)
            {
                outcome.honestLatency[i] = Simulator::Now().GetSeconds() - start;
            }
        };
        Simulator::Schedule(Seconds(start), [client, node, trackerAddress, build, reply]() {
            client->Start(node, trackerAddress, build, reply);
        });
    }
    auto attackers = Launch(scenario.attacks, net.helper.GetHost(net.attackerHost), trackerAddress);
    if (scenario.snapshot > 0)
    {
        Simulator::Schedule(Seconds(scenario.snapshot), [&outcome, tracker]() {
            outcome.refusedAtSnapshot = tracker->GetRefusedConnectionCount();
            outcome.openAtSnapshot = tracker->GetOpenConnectionCount();
        });
    }
    Simulator::Stop(Seconds(scenario.stop));
    Simulator::Run();

    for (const auto& attacker : attackers)
    {
        outcome.attackers.push_back(attacker->GetObserved());
    }
    outcome.timedOut = tracker->GetTimedOutRequestCount();
    outcome.failed = tracker->GetFailedRequestCount();
    outcome.announces = tracker->GetAnnounceCount();
    outcome.refused = tracker->GetRefusedConnectionCount();
    outcome.peakConnections = tracker->GetPeakConnectionCount();
    outcome.peakHeadBytes = tracker->GetPeakHeadBytes();
    outcome.openAtEnd = tracker->GetOpenConnectionCount();
    outcome.seedersPlusLeechers =
        tracker->GetSeeders(SwarmHash()) + tracker->GetLeechers(SwarmHash());
    for (auto& client : honest)
    {
        client->Cancel();
    }
    Simulator::Destroy();
    return outcome;
}

// ---------------------------------------------------------------------------------------------
// The file server

/// What a file server scenario gave.
struct FileOutcome
{
    std::vector<double> downloadTime; //!< start to last byte per honest client, s (NEVER)
    std::vector<Observed> attackers;  //!< what each attacker saw
    uint32_t completed{0};            //!< GetCompletedCount()
    uint32_t badRequests{0};          //!< GetBadRequestCount()
    uint32_t timedOut{0};             //!< GetTimedOutCount()
    uint64_t refused{0};              //!< GetRefusedConnectionCount()
    uint64_t refusedAtSnapshot{0};    //!< the same at the snapshot time
    uint32_t openAtSnapshot{0};       //!< GetOpenConnectionCount() at the snapshot time
    uint32_t peakConnections{0};      //!< GetPeakConnectionCount()
    uint32_t peakHeadBytes{0};        //!< GetPeakHeadBytes()
    uint32_t openAtEnd{0};            //!< GetOpenConnectionCount() at the end
};

/// A file server scenario.
struct FileScenario
{
    uint32_t honest{10};                          //!< honest FileClients
    std::vector<double> starts;                   //!< their starts, s (default: all at 0.1)
    uint64_t fileBytes{2000000};                  //!< F (more than the 1 MiB send buffer)
    std::vector<Attack> attacks;                  //!< the attackers
    std::function<void(FileServerHelper&)> setup; //!< server attributes
    double snapshot{0};                           //!< when to read counters, s
    double stop{300};                             //!< end of the run, s
};

/// Runs a file server scenario: honest FileClients download, attackers do their worst.
FileOutcome
RunFileServer(const FileScenario& scenario)
{
    Network net(scenario.honest, DataRate("10Mbps"));
    FileServerHelper helper(scenario.fileBytes);
    if (scenario.setup)
    {
        scenario.setup(helper);
    }
    auto server = DynamicCast<FileServer>(helper.Install(net.helper.GetHost(0)).Get(0));
    FileOutcome outcome;
    outcome.downloadTime.assign(scenario.honest, NEVER);
    FileClientHelper clientHelper(net.helper.GetHostAddress(0));
    std::vector<Ptr<FileClient>> clients;
    for (uint32_t i = 0; i < scenario.honest; ++i)
    {
        const double start = i < scenario.starts.size() ? scenario.starts[i] : 0.1;
        ApplicationContainer app = clientHelper.Install(net.helper.GetHost(net.firstHonest + i));
        app.Start(Seconds(start));
        clients.push_back(DynamicCast<FileClient>(app.Get(0)));
        clients.back()->TraceConnectWithoutContext(
            "DownloadComplete",
            Callback<void, uint64_t, Time>([&outcome, i, start](uint64_t, Time) {
                outcome.downloadTime[i] = Simulator::Now().GetSeconds() - start;
            }));
    }
    auto attackers = Launch(scenario.attacks,
                            net.helper.GetHost(net.attackerHost),
                            InetSocketAddress(net.helper.GetHostAddress(0), 80));
    if (scenario.snapshot > 0)
    {
        Simulator::Schedule(Seconds(scenario.snapshot), [&outcome, server]() {
            outcome.refusedAtSnapshot = server->GetRefusedConnectionCount();
            outcome.openAtSnapshot = server->GetOpenConnectionCount();
        });
    }
    Simulator::Stop(Seconds(scenario.stop));
    Simulator::Run();

    for (const auto& attacker : attackers)
    {
        outcome.attackers.push_back(attacker->GetObserved());
    }
    outcome.completed = server->GetCompletedCount();
    outcome.badRequests = server->GetBadRequestCount();
    outcome.timedOut = server->GetTimedOutCount();
    outcome.refused = server->GetRefusedConnectionCount();
    outcome.peakConnections = server->GetPeakConnectionCount();
    outcome.peakHeadBytes = server->GetPeakHeadBytes();
    outcome.openAtEnd = server->GetOpenConnectionCount();
    Simulator::Destroy();
    return outcome;
}

/// \return the largest of \p values
double
Max(const std::vector<double>& values)
{
    return values.empty() ? NEVER : *std::max_element(values.begin(), values.end());
}

/// \return the largest ratio of \p attacked to \p alone, element by element
double
WorstRatio(const std::vector<double>& alone, const std::vector<double>& attacked)
{
    double worst = 0;
    for (std::size_t i = 0; i < alone.size() && i < attacked.size(); ++i)
    {
        worst = std::max(worst, attacked[i] / alone[i]);
    }
    return worst;
}

/// How many of \p values are NEVER.
std::size_t
CountNever(const std::vector<double>& values)
{
    return static_cast<std::size_t>(std::count(values.begin(), values.end(), NEVER));
}

/// 5 connections that send \p head and nothing more, 5 that add one byte every 10 s.
std::vector<Attack>
SlowlorisAttack(const std::string& head, double start)
{
    return {{5, start, {{Seconds(0), head, 0}}}, {5, start, Slowloris(head, Seconds(10), 10)}};
}

/// One connection that sends \p head and then 4 MiB without a line end.
std::vector<Attack>
HugeHeadAttack(const std::string& head, double start)
{
    return {{1, start, {{Seconds(0), head, 0}, {Seconds(0), "", 4 << 20}}}};
}

/// Honest file clients: 5 start before the attack (0.1 s), 5 during it (2 s).
const std::vector<double> FILE_STARTS{0.1, 0.1, 0.1, 0.1, 0.1, 2, 2, 2, 2, 2};

/// Slack on times measured from the client: the round trip (about 8.2 ms here) and queueing.
const double RTT_SLACK = 0.02;

} // namespace

/**
 * \ingroup file-distribution-tests
 * Slowloris against the tracker: 10 connections send "GET /announce?" and then nothing, or
 * one more byte every 10 s. Each gets 408 exactly RequestTimeout (default 30 s) after it was
 * accepted and is closed; the 10 are counted; 20 honest TrackerClients that announce from
 * 0.5 s to 29 s are answered as fast as without the attackers (at most 1 % slower; measured:
 * identical, 18.1 to 18.3 ms each).
 */
class HostileTrackerSlowlorisTestCase : public TestCase
{
  public:
    HostileTrackerSlowlorisTestCase()
        : TestCase("tracker: slowloris gets 408 at RequestTimeout, honest announces unaffected")
    {
    }

  private:
    void DoRun() override
    {
        TrackerScenario scenario;
        const TrackerOutcome alone = RunTracker(scenario);
        scenario.attacks = SlowlorisAttack("GET /announce?", 1);
        const TrackerOutcome attacked = RunTracker(scenario);

        NS_TEST_ASSERT_MSG_EQ(attacked.attackers.size(), 10, "ten attackers");
        for (const auto& a : attacked.attackers)
        {
            NS_TEST_ASSERT_MSG_EQ(a.GetStatus(), 408, "answered 408: " << a.received);
            NS_TEST_ASSERT_MSG_EQ(a.GetBody(), "request head not complete in time\n", "");
            const double wait = a.responseAt - a.connectedAt;
            NS_TEST_ASSERT_MSG_EQ((wait >= 30 && wait <= 30 + RTT_SLACK),
                                  true,
                                  "408 at RequestTimeout (30 s) after accept: " << wait);
            NS_TEST_ASSERT_MSG_EQ(
                (a.closedAt >= a.responseAt && a.closedAt <= a.responseAt + RTT_SLACK),
                true,
                "closed with the 408");
            NS_TEST_ASSERT_MSG_EQ(a.errorAt, NEVER, "closed, not reset");
        }
        NS_TEST_ASSERT_MSG_EQ(attacked.timedOut, 10, "the ten counted");
        NS_TEST_ASSERT_MSG_EQ(attacked.failed, 0, "408s are not counted as failed requests");
        NS_TEST_ASSERT_MSG_EQ(attacked.openAtEnd, 0, "no connection left open");
        NS_TEST_ASSERT_MSG_EQ(attacked.peakConnections, 11, "10 attackers + 1 announce");
        NS_TEST_ASSERT_MSG_EQ(alone.timedOut, 0, "no time-out without attackers");

        NS_TEST_ASSERT_MSG_EQ(CountNever(attacked.honestLatency), 0, "every honest announce");
        NS_TEST_ASSERT_MSG_EQ(attacked.announces, 20, "20 honest announces");
        NS_TEST_ASSERT_MSG_EQ(attacked.seedersPlusLeechers, 20, "all 20 in the swarm");
        const double worst = WorstRatio(alone.honestLatency, attacked.honestLatency);
        NS_TEST_ASSERT_MSG_EQ((worst <= 1.01),
                              true,
                              "honest announces at most 1 % slower: " << worst);
    }
};

/**
 * \ingroup file-distribution-tests
 * A 4 MiB request head against the tracker: 400 as soon as MaxHeadBytes (8192) bytes came
 * without a line end, seconds before the client finished sending; the tracker never held more
 * than 8192 head bytes; honest announces during the upload at most 25 % slower (the upload
 * fills the queue in front of the tracker's downlink). Measured: the 400 came 16.7 ms after
 * the connection, the attacker handed its last byte to TCP 11.3 s later, the worst honest
 * announce took 20.0 ms instead of 18.2 ms (+9.8 %).
 */
class HostileTrackerHugeHeadTestCase : public TestCase
{
  public:
    HostileTrackerHugeHeadTestCase()
        : TestCase("tracker: a 4 MiB head gets 400 after MaxHeadBytes, memory bounded")
    {
    }

  private:
    void DoRun() override
    {
        TrackerScenario scenario;
        const TrackerOutcome alone = RunTracker(scenario);
        scenario.attacks = HugeHeadAttack("GET /announce?info_hash=", 1);
        const TrackerOutcome attacked = RunTracker(scenario);

        NS_TEST_ASSERT_MSG_EQ(attacked.attackers.size(), 1, "one attacker");
        const Observed& a = attacked.attackers[0];
        NS_TEST_ASSERT_MSG_EQ(a.GetStatus(), 400, "answered 400: " << a.received);
        NS_TEST_ASSERT_MSG_EQ(a.GetBody(), "request head too large\n", "");
        NS_TEST_ASSERT_MSG_EQ(a.sentBytes, 24 + (4 << 20), "the attacker sent it all");
        NS_TEST_ASSERT_MSG_EQ((a.responseAt - a.connectedAt <= 0.05),
                              true,
                              "400 after the first 8 KiB: " << a.responseAt - a.connectedAt);
        NS_TEST_ASSERT_MSG_EQ((a.sentAllAt - a.responseAt >= 2),
                              true,
                              "400 long before the last byte: " << a.responseAt << " "
                                                                << a.sentAllAt);
        NS_TEST_ASSERT_MSG_EQ(
            (a.closedAt >= a.responseAt && a.closedAt <= a.responseAt + RTT_SLACK),
            true,
            "closed with the 400");
        NS_TEST_ASSERT_MSG_EQ(attacked.peakHeadBytes, 8192, "never more than MaxHeadBytes held");
        NS_TEST_ASSERT_MSG_EQ(attacked.failed, 1, "counted");
        NS_TEST_ASSERT_MSG_EQ(attacked.timedOut, 0, "");
        NS_TEST_ASSERT_MSG_EQ(attacked.openAtEnd, 0, "");

        NS_TEST_ASSERT_MSG_EQ(CountNever(attacked.honestLatency), 0, "every honest announce");
        NS_TEST_ASSERT_MSG_EQ(attacked.seedersPlusLeechers, 20, "all 20 in the swarm");
        const double worst = WorstRatio(alone.honestLatency, attacked.honestLatency);
        NS_TEST_ASSERT_MSG_EQ((worst <= 1.25),
                              true,
                              "honest announces at most 25 % slower: " << worst);
    }
};

/**
 * \ingroup file-distribution-tests
 * 200 connections at once against a tracker with MaxConnections = 50, each sending
 * "GET /announce?" and holding. Exactly 50 are accepted and 150 refused at once; never more
 * than 50 open; the accepted ones get 408 at RequestTimeout, and the refused ones come back
 * with TCP's SYN retries. An honest announce made before the flood is unaffected; the 19 made
 * during it are refused while the flood holds the 50 places and all get answered later, the
 * last 132 s after it started (asserted < 140 s: TCP's SYN retries at 3, 9, 21, 45 s and
 * TrackerClient's 30 s time-out and back-off decide when they come back, and the attackers'
 * own SYN retries take the freed places in waves at 46 s and 94 s). MaxConnections bounds the
 * tracker's memory, not the newcomers' wait: see doc/bittorrent-tracker.rst.
 */
class HostileTrackerFloodTestCase : public TestCase
{
  public:
    HostileTrackerFloodTestCase()
        : TestCase("tracker: 200 connections against MaxConnections = 50")
    {
    }

  private:
    void DoRun() override
    {
        TrackerScenario scenario;
        scenario.stop = 300;
        const TrackerOutcome alone = RunTracker(scenario);
        scenario.setup = [](BitTorrentTrackerHelper& helper) {
            helper.SetAttribute("MaxConnections", UintegerValue(50));
        };
        scenario.attacks = {{200, 1, {{Seconds(0), "GET /announce?", 0}}}};
        scenario.snapshot = 1.5;
        const TrackerOutcome attacked = RunTracker(scenario);

        NS_TEST_ASSERT_MSG_EQ(attacked.openAtSnapshot, 50, "50 open at 1.5 s");
        NS_TEST_ASSERT_MSG_EQ(attacked.refusedAtSnapshot, 150, "150 refused at once");
        NS_TEST_ASSERT_MSG_EQ(attacked.peakConnections, 50, "never more than MaxConnections");
        uint32_t answered = 0;
        uint32_t neverIn = 0;
        for (const auto& a : attacked.attackers)
        {
            if (a.connectedAt == NEVER)
            {
                ++neverIn;
                NS_TEST_ASSERT_MSG_EQ((a.errorAt > 1), true, "refused until TCP gave up");
                continue;
            }
            ++answered;
            NS_TEST_ASSERT_MSG_EQ(a.GetStatus(), 408, "accepted attackers time out");
            const double wait = a.responseAt - a.connectedAt;
            NS_TEST_ASSERT_MSG_EQ((wait >= 30 && wait <= 30 + RTT_SLACK), true, "at 30 s");
        }
        NS_TEST_ASSERT_MSG_EQ(attacked.timedOut, answered, "every accepted one counted");
        NS_TEST_ASSERT_MSG_EQ(answered + neverIn, 200, "");
        NS_TEST_ASSERT_MSG_EQ((attacked.refused >= 150), true, "refused, retries counted");
        NS_TEST_ASSERT_MSG_EQ(attacked.openAtEnd, 0, "");
        NS_TEST_ASSERT_MSG_EQ(alone.peakConnections, 1, "announces one at a time");

        NS_TEST_ASSERT_MSG_EQ(attacked.honestLatency[0],
                              alone.honestLatency[0],
                              "the announce before the flood is unaffected");
        NS_TEST_ASSERT_MSG_EQ(CountNever(attacked.honestLatency), 0, "every honest announce");
        NS_TEST_ASSERT_MSG_EQ(attacked.seedersPlusLeechers, 20, "all 20 in the swarm");
        const double last = Max(attacked.honestLatency);
        NS_TEST_ASSERT_MSG_EQ((last < 140), true, "the last honest announce: " << last << " s");
    }
};

/**
 * \ingroup file-distribution-tests
 * Slowloris against the file server: 10 connections send "GET /file.bin" and then nothing,
 * or one more byte every 10 s. Each gets 408 exactly RequestTimeout (default 60 s) after it
 * was accepted and is closed; the 10 are counted; 10 honest downloads of 2 MB (5 started
 * before, 5 during the attack) finish within 1 % of their times without the attackers
 * (measured: +0.06 % at worst).
 */
class HostileFileServerSlowlorisTestCase : public TestCase
{
  public:
    HostileFileServerSlowlorisTestCase()
        : TestCase("file server: slowloris gets 408 at RequestTimeout, downloads unaffected")
    {
    }

  private:
    void DoRun() override
    {
        FileScenario scenario;
        scenario.starts = FILE_STARTS;
        const FileOutcome alone = RunFileServer(scenario);
        scenario.attacks = SlowlorisAttack("GET /file.bin", 0.5);
        const FileOutcome attacked = RunFileServer(scenario);

        NS_TEST_ASSERT_MSG_EQ(attacked.attackers.size(), 10, "ten attackers");
        for (const auto& a : attacked.attackers)
        {
            NS_TEST_ASSERT_MSG_EQ(a.GetStatus(), 408, "answered 408: " << a.received);
            NS_TEST_ASSERT_MSG_EQ(a.GetBody(), "408 Request Timeout\n", "");
            const double wait = a.responseAt - a.connectedAt;
            NS_TEST_ASSERT_MSG_EQ((wait >= 60 && wait <= 60 + RTT_SLACK),
                                  true,
                                  "408 at RequestTimeout (60 s) after accept: " << wait);
            NS_TEST_ASSERT_MSG_EQ(
                (a.closedAt >= a.responseAt && a.closedAt <= a.responseAt + RTT_SLACK),
                true,
                "closed with the 408");
            NS_TEST_ASSERT_MSG_EQ(a.errorAt, NEVER, "closed, not reset");
        }
        NS_TEST_ASSERT_MSG_EQ(attacked.timedOut, 10, "the ten counted");
        NS_TEST_ASSERT_MSG_EQ(attacked.badRequests, 0, "");
        NS_TEST_ASSERT_MSG_EQ(attacked.openAtEnd, 0, "no connection left open");
        NS_TEST_ASSERT_MSG_EQ(attacked.peakConnections, 20, "10 attackers + 10 downloads");
        NS_TEST_ASSERT_MSG_EQ(alone.timedOut, 0, "no time-out without attackers");

        NS_TEST_ASSERT_MSG_EQ(attacked.completed, 10, "every honest download");
        NS_TEST_ASSERT_MSG_EQ(CountNever(attacked.downloadTime), 0, "");
        const double worst = WorstRatio(alone.downloadTime, attacked.downloadTime);
        NS_TEST_ASSERT_MSG_EQ((worst <= 1.01), true, "downloads at most 1 % slower: " << worst);
    }
};

/**
 * \ingroup file-distribution-tests
 * A 4 MiB request head against the file server while 10 clients download 2 MB: 400 as soon
 * as MaxHeadBytes (8192) bytes came without a line end, seconds before the client finished
 * sending; the server never held more than 8192 head bytes. The rest of the 4 MiB still
 * crosses the server's downlink (read and dropped after the 400, like nginx's lingering
 * close) and queues in front of the downloads' ACKs: the downloads finish within 5 % of their
 * times without the attacker (measured: +3.3 % at worst, D 15.12 s instead of 14.73 s; the
 * 400 came 19.5 ms after the connection, the last attacker byte 14.3 s later).
 */
class HostileFileServerHugeHeadTestCase : public TestCase
{
  public:
    HostileFileServerHugeHeadTestCase()
        : TestCase("file server: a 4 MiB head gets 400 after MaxHeadBytes, memory bounded")
    {
    }

  private:
    void DoRun() override
    {
        FileScenario scenario;
        scenario.starts = FILE_STARTS;
        const FileOutcome alone = RunFileServer(scenario);
        scenario.attacks = HugeHeadAttack("GET /file.bin?", 0.5);
        const FileOutcome attacked = RunFileServer(scenario);

        NS_TEST_ASSERT_MSG_EQ(attacked.attackers.size(), 1, "one attacker");
        const Observed& a = attacked.attackers[0];
        NS_TEST_ASSERT_MSG_EQ(a.GetStatus(), 400, "answered 400: " << a.received);
        NS_TEST_ASSERT_MSG_EQ(a.GetBody(), "400 Bad Request\n", "");
        NS_TEST_ASSERT_MSG_EQ(a.sentBytes, 14 + (4 << 20), "the attacker sent it all");
        NS_TEST_ASSERT_MSG_EQ((a.responseAt - a.connectedAt <= 0.05),
                              true,
                              "400 after the first 8 KiB: " << a.responseAt - a.connectedAt);
        NS_TEST_ASSERT_MSG_EQ((a.sentAllAt - a.responseAt >= 2),
                              true,
                              "400 long before the last byte: " << a.responseAt << " "
                                                                << a.sentAllAt);
        NS_TEST_ASSERT_MSG_EQ(
            (a.closedAt >= a.responseAt && a.closedAt <= a.responseAt + RTT_SLACK),
            true,
            "closed with the 400");
        NS_TEST_ASSERT_MSG_EQ(attacked.peakHeadBytes, 8192, "never more than MaxHeadBytes held");
        NS_TEST_ASSERT_MSG_EQ(attacked.badRequests, 1, "counted");
        NS_TEST_ASSERT_MSG_EQ(attacked.timedOut, 0, "");
        NS_TEST_ASSERT_MSG_EQ(attacked.openAtEnd, 0, "");

        NS_TEST_ASSERT_MSG_EQ(attacked.completed, 10, "every honest download");
        NS_TEST_ASSERT_MSG_EQ(CountNever(attacked.downloadTime), 0, "");
        const double worst = WorstRatio(alone.downloadTime, attacked.downloadTime);
        NS_TEST_ASSERT_MSG_EQ((worst <= 1.05), true, "downloads at most 5 % slower: " << worst);
    }
};

/**
 * \ingroup file-distribution-tests
 * 200 connections at once against a file server with MaxConnections = 50 while 10 clients
 * download 2 MB (started 0.4 s before). Exactly 40 attackers are accepted and 160 refused at
 * once; never more than 50 open; the accepted ones get 408 at RequestTimeout; the downloads
 * in progress finish within 1 % of their times without the attackers (measured: +0.2 % at
 * worst). A download holds its place until its last MiB is handed to TCP, hence 2 MB files.
 */
class HostileFileServerFloodTestCase : public TestCase
{
  public:
    HostileFileServerFloodTestCase()
        : TestCase("file server: 200 connections against MaxConnections = 50")
    {
    }

  private:
    void DoRun() override
    {
        FileScenario scenario;
        const FileOutcome alone = RunFileServer(scenario);
        scenario.setup = [](FileServerHelper& helper) {
            helper.SetAttribute("MaxConnections", UintegerValue(50));
        };
        scenario.attacks = {{200, 0.5, {{Seconds(0), "GET /file.bin", 0}}}};
        scenario.snapshot = 1;
        const FileOutcome attacked = RunFileServer(scenario);

        NS_TEST_ASSERT_MSG_EQ(attacked.openAtSnapshot, 50, "10 downloads + 40 attackers at 1 s");
        NS_TEST_ASSERT_MSG_EQ(attacked.refusedAtSnapshot, 160, "160 refused at once");
        NS_TEST_ASSERT_MSG_EQ(attacked.peakConnections, 50, "never more than MaxConnections");
        uint32_t answered = 0;
        uint32_t neverIn = 0;
        for (const auto& a : attacked.attackers)
        {
            if (a.connectedAt == NEVER)
            {
                ++neverIn;
                NS_TEST_ASSERT_MSG_EQ((a.errorAt > 0.5), true, "refused until TCP gave up");
                continue;
            }
            ++answered;
            NS_TEST_ASSERT_MSG_EQ(a.GetStatus(), 408, "accepted attackers time out");
            const double wait = a.responseAt - a.connectedAt;
            NS_TEST_ASSERT_MSG_EQ((wait >= 60 && wait <= 60 + RTT_SLACK), true, "at 60 s");
        }
        NS_TEST_ASSERT_MSG_EQ(attacked.timedOut, answered, "every accepted one counted");
        NS_TEST_ASSERT_MSG_EQ(answered + neverIn, 200, "");
        NS_TEST_ASSERT_MSG_EQ((attacked.refused >= 160), true, "refused, retries counted");
        NS_TEST_ASSERT_MSG_EQ(attacked.openAtEnd, 0, "");
        NS_TEST_ASSERT_MSG_EQ(alone.peakConnections, 10, "");

        NS_TEST_ASSERT_MSG_EQ(attacked.completed, 10, "every honest download");
        NS_TEST_ASSERT_MSG_EQ(CountNever(attacked.downloadTime), 0, "");
        const double worst = WorstRatio(alone.downloadTime, attacked.downloadTime);
        NS_TEST_ASSERT_MSG_EQ((worst <= 1.01), true, "downloads at most 1 % slower: " << worst);
    }
};

/**
 * \ingroup file-distribution-tests
 * The hostile HTTP clients test suite.
 */
class HostileHttpTestSuite : public TestSuite
{
  public:
    HostileHttpTestSuite()
        : TestSuite("file-distribution-hostile-http")
    {
        AddTestCase(new HostileTrackerSlowlorisTestCase);
        AddTestCase(new HostileTrackerHugeHeadTestCase);
        AddTestCase(new HostileTrackerFloodTestCase);
        AddTestCase(new HostileFileServerSlowlorisTestCase);
        AddTestCase(new HostileFileServerHugeHeadTestCase);
        AddTestCase(new HostileFileServerFloodTestCase);
    }
};

/// The static instance that registers the suite.
static HostileHttpTestSuite g_hostileHttpTestSuite;
