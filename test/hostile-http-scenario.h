// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_HOSTILE_HTTP_SCENARIO_H
#define FILE_DISTRIBUTION_HOSTILE_HTTP_SCENARIO_H

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
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

/**
 * \file
 * \ingroup file-distribution-tests
 * The harness of test/hostile-http-test-suite.cc: a scripted hostile TCP client, a network
 * with honest clients and an attackers' host, and the runs of a tracker or file server
 * scenario that collect what the attackers saw and what the server counted.
 */

namespace ns3
{
namespace hostilehttp
{

/// "Never" in the observations below.
inline constexpr double NEVER = -1;

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
inline std::vector<std::unique_ptr<HostileClient>>
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
inline std::vector<Step>
Slowloris(const std::string& head, Time period, uint32_t count)
{
    std::vector<Step> script{{Seconds(0), head, 0}};
    for (uint32_t i = 1; i <= count; ++i)
    {
        script.push_back({period * i, "a", 0});
    }
    return script;
}

/// What both servers count, and what the attackers saw.
struct ServerOutcome
{
    std::vector<Observed> attackers; //!< what each attacker saw
    uint64_t timedOut{0};            //!< connections answered 408
    uint64_t refused{0};             //!< GetRefusedConnectionCount()
    uint64_t refusedAtSnapshot{0};   //!< the same at the snapshot time
    uint32_t openAtSnapshot{0};      //!< GetOpenConnectionCount() at the snapshot time
    uint32_t peakConnections{0};     //!< GetPeakConnectionCount()
    uint32_t peakHeadBytes{0};       //!< GetPeakHeadBytes()
    uint32_t openAtEnd{0};           //!< GetOpenConnectionCount() at the end
};

/**
 * Launches \p attacks against \p server (at \p address) from the attackers' host, runs
 * until \p stop and reads the connection counters both servers have.
 * \return the attackers, to be kept until Simulator::Destroy()
 */
template <class Server>
std::vector<std::unique_ptr<HostileClient>>
RunAttacked(Ptr<Server> server,
            Network& net,
            const Address& address,
            const std::vector<Attack>& attacks,
            double snapshot,
            double stop,
            ServerOutcome& outcome)
{
    auto attackers = Launch(attacks, net.helper.GetHost(net.attackerHost), address);
    if (snapshot > 0)
    {
        Simulator::Schedule(Seconds(snapshot), [&outcome, server]() {
            outcome.refusedAtSnapshot = server->GetRefusedConnectionCount();
            outcome.openAtSnapshot = server->GetOpenConnectionCount();
        });
    }
    Simulator::Stop(Seconds(stop));
    Simulator::Run();

    for (const auto& attacker : attackers)
    {
        outcome.attackers.push_back(attacker->GetObserved());
    }
    outcome.refused = server->GetRefusedConnectionCount();
    outcome.peakConnections = server->GetPeakConnectionCount();
    outcome.peakHeadBytes = server->GetPeakHeadBytes();
    outcome.openAtEnd = server->GetOpenConnectionCount();
    return attackers;
}

// ---------------------------------------------------------------------------------------------
// The tracker

/// What a tracker scenario gave.
struct TrackerOutcome : ServerOutcome
{
    std::vector<double> honestLatency; //!< start to first reply per honest client, s (NEVER)
    uint64_t failed{0};                //!< GetFailedRequestCount()
    uint64_t announces{0};             //!< GetAnnounceCount()
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
inline BitTorrentTracker::InfoHash
SwarmHash()
{
    BitTorrentTracker::InfoHash h;
    h.fill(0x5a);
    return h;
}

/// Runs a tracker scenario: honest TrackerClients announce `started`, attackers do their worst.
inline TrackerOutcome
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
    auto attackers = RunAttacked(tracker,
                                 net,
                                 trackerAddress,
                                 scenario.attacks,
                                 scenario.snapshot,
                                 scenario.stop,
                                 outcome);
    outcome.timedOut = tracker->GetTimedOutRequestCount();
    outcome.failed = tracker->GetFailedRequestCount();
    outcome.announces = tracker->GetAnnounceCount();
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
struct FileOutcome : ServerOutcome
{
    std::vector<double> downloadTime; //!< start to last byte per honest client, s (NEVER)
    uint32_t completed{0};            //!< GetCompletedCount()
    uint32_t badRequests{0};          //!< GetBadRequestCount()
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
inline FileOutcome
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
    auto attackers = RunAttacked(server,
                                 net,
                                 InetSocketAddress(net.helper.GetHostAddress(0), 80),
                                 scenario.attacks,
                                 scenario.snapshot,
                                 scenario.stop,
                                 outcome);
    outcome.completed = server->GetCompletedCount();
    outcome.badRequests = server->GetBadRequestCount();
    outcome.timedOut = server->GetTimedOutCount();
    Simulator::Destroy();
    return outcome;
}

/// \return the largest of \p values
inline double
Max(const std::vector<double>& values)
{
    return values.empty() ? NEVER : *std::max_element(values.begin(), values.end());
}

/// \return the largest ratio of \p attacked to \p alone, element by element
inline double
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
inline std::size_t
CountNever(const std::vector<double>& values)
{
    return static_cast<std::size_t>(std::count(values.begin(), values.end(), NEVER));
}

/// 5 connections that send \p head and nothing more, 5 that add one byte every 10 s.
inline std::vector<Attack>
SlowlorisAttack(const std::string& head, double start)
{
    return {{5, start, {{Seconds(0), head, 0}}}, {5, start, Slowloris(head, Seconds(10), 10)}};
}

/// One connection that sends \p head and then 4 MiB without a line end.
inline std::vector<Attack>
HugeHeadAttack(const std::string& head, double start)
{
    return {{1, start, {{Seconds(0), head, 0}, {Seconds(0), "", 4 << 20}}}};
}

/// Honest file clients: 5 start before the attack (0.1 s), 5 during it (2 s).
inline const std::vector<double> FILE_STARTS{0.1, 0.1, 0.1, 0.1, 0.1, 2, 2, 2, 2, 2};

/// Slack on times measured from the client: the round trip (about 8.2 ms here) and queueing.
inline const double RTT_SLACK = 0.02;

} // namespace hostilehttp
} // namespace ns3

#endif // FILE_DISTRIBUTION_HOSTILE_HTTP_SCENARIO_H
