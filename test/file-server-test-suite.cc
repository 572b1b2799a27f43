// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/distribution-bounds.h"
#include "ns3/file-client.h"
#include "ns3/file-server-helper.h"
#include "ns3/file-server.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/queue-disc.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution-tests
 * Tests of FileServer and FileClient on the access network: every client gets exactly F
 * bytes, the distribution time D is never below the client-server bound and within 5 % of it
 * in both regimes, many clients are served at once, and bad or unknown requests are answered
 * 400/404 and counted without disturbing the other transfers.
 */

using namespace ns3;

namespace
{

/// The outcome of one distribution.
struct Outcome
{
    std::vector<Ptr<FileClient>> clients; //!< the clients, in order
    Ptr<FileServer> server;               //!< the server
    double distributionTime{0};           //!< D: the last completion, seconds
    double bound{0};                      //!< the client-server bound, seconds
};

/**
 * A TCP client that sends raw bytes to the server and keeps what comes back.
 */
class RawClient
{
  public:
    /**
     * \param node where the client runs
     * \param server the server's address
     * \param bytes what to send once connected
     */
    RawClient(Ptr<Node> node, Ipv4Address server, std::string bytes)
        : m_bytes(std::move(bytes))
    {
        m_socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&RawClient::Connected, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetRecvCallback(MakeCallback(&RawClient::Read, this));
        m_socket->SetCloseCallbacks(MakeCallback(&RawClient::Closed, this),
                                    MakeCallback(&RawClient::Closed, this));
        m_socket->Connect(InetSocketAddress(server, 80));
    }

    std::string received;     //!< every byte received
    bool closedByPeer{false}; //!< the server closed the connection

  private:
    /// Sends the bytes. \param socket the socket
    void Connected(Ptr<Socket> socket)
    {
        socket->Send(reinterpret_cast<const uint8_t*>(m_bytes.data()),
                     static_cast<uint32_t>(m_bytes.size()),
                     0);
    }

    /// Keeps what arrives. \param socket the socket
    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            std::string chunk(packet->GetSize(), '\0');
            packet->CopyData(reinterpret_cast<uint8_t*>(chunk.data()), packet->GetSize());
            received += chunk;
        }
    }

    /// Notes the close. \param socket the socket
    void Closed(Ptr<Socket> socket)
    {
        closedByPeer = true;
        socket->Close();
    }

    Ptr<Socket> m_socket; //!< the connection
    std::string m_bytes;  //!< what to send
};

/**
 * Builds a network of one server and \p n clients, runs the distribution and returns it.
 * The raw clients (if any) run on extra hosts and are created by \p addRaw.
 * \param n the number of file clients
 * \param fileBytes F
 * \param serverUp u_s
 * \param clientDown d
 * \param clientUp u
 * \param network the network to build in (hosts added here)
 * \param clientFileName the file the clients ask for
 * \param rawHosts how many extra hosts to add for raw clients
 * \return the outcome; the caller must call Simulator::Destroy()
 */
Outcome
Distribute(uint32_t n,
           uint64_t fileBytes,
           DataRate serverUp,
           DataRate clientDown,
           DataRate clientUp,
           AccessNetworkHelper& network,
           const std::string& clientFileName = "file.bin",
           uint32_t rawHosts = 0)
{
    Outcome outcome;
    const uint32_t serverIndex = network.AddHost(serverUp, serverUp);
    const uint32_t first = network.AddHosts(n, clientUp, clientDown);
    network.AddHosts(rawHosts, DataRate("10Mbps"), DataRate("10Mbps"));
    network.Install();
    outcome.server = DynamicCast<FileServer>(
        FileServerHelper(fileBytes).Install(network.GetHost(serverIndex)).Get(0));
    FileClientHelper clientHelper(network.GetHostAddress(serverIndex));
    clientHelper.SetAttribute("FileName", StringValue(clientFileName));
    for (uint32_t i = 0; i < n; ++i)
    {
        outcome.clients.push_back(
            DynamicCast<FileClient>(clientHelper.Install(network.GetHost(first + i)).Get(0)));
    }
    outcome.bound = DistributionBounds::ClientServer(n,
                                                     8.0 * fileBytes,
                                                     serverUp.GetBitRate(),
                                                     clientDown.GetBitRate());
    return outcome;
}

/// Runs until every client is done (or 1000 s), then fills D.
void
RunUntilDone(Outcome& outcome)
{
    auto done = std::make_shared<uint32_t>(0);
    const auto n = static_cast<uint32_t>(outcome.clients.size());
    for (auto& client : outcome.clients)
    {
        auto finished = [done, n]() {
            if (++*done == n)
            {
                Simulator::Stop();
            }
        };
        client->TraceConnectWithoutContext(
            "DownloadComplete",
            Callback<void, uint64_t, Time>([finished](uint64_t, Time) { finished(); }));
        client->TraceConnectWithoutContext(
            "Failed",
            Callback<void, int, uint64_t>([finished](int, uint64_t) { finished(); }));
    }
    Simulator::Stop(Seconds(1000));
    Simulator::Run();
    for (auto& client : outcome.clients)
    {
        outcome.distributionTime =
            std::max(outcome.distributionTime, client->GetCompletionTime().GetSeconds());
    }
}

/// \return how many clients of \p outcome completed with exactly \p fileBytes bytes
uint32_t
CountComplete(const Outcome& outcome, uint64_t fileBytes)
{
    uint32_t complete = 0;
    for (const auto& client : outcome.clients)
    {
        complete += client->IsComplete() && client->GetBytesReceived() == fileBytes ? 1 : 0;
    }
    return complete;
}

} // namespace

/**
 * \ingroup file-distribution-tests
 * D against the bound in the server-limited and client-limited regimes: never below, within
 * 5 %, every client with exactly F bytes.
 */
class FileDistributionBoundTestCase : public TestCase
{
  public:
    /**
     * \param name the regime
     * \param n clients
     * \param fileBytes F
     * \param serverUp u_s
     * \param clientDown d
     * \param serverLimited whether N F / u_s should dominate
     */
    FileDistributionBoundTestCase(const std::string& name,
                                  uint32_t n,
                                  uint64_t fileBytes,
                                  DataRate serverUp,
                                  DataRate clientDown,
                                  bool serverLimited)
        : TestCase(name),
          m_n(n),
          m_fileBytes(fileBytes),
          m_serverUp(serverUp),
          m_clientDown(clientDown),
          m_serverLimited(serverLimited)
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper network;
        Outcome outcome =
            Distribute(m_n, m_fileBytes, m_serverUp, m_clientDown, DataRate("1Mbps"), network);
        RunUntilDone(outcome);
        const double serverTerm = 8.0 * m_n * m_fileBytes / m_serverUp.GetBitRate();
        const double clientTerm = 8.0 * m_fileBytes / m_clientDown.GetBitRate();
        NS_TEST_ASSERT_MSG_EQ((serverTerm > clientTerm), m_serverLimited, "the regime intended");
        for (uint32_t i = 0; i < m_n; ++i)
        {
            Ptr<FileClient> client = outcome.clients[i];
            NS_TEST_ASSERT_MSG_EQ(client->IsComplete(), true, "client " << i);
            NS_TEST_ASSERT_MSG_EQ(client->GetStatus(), 200, "client " << i);
            NS_TEST_ASSERT_MSG_EQ(client->GetBytesReceived(), m_fileBytes, "exactly F bytes");
            NS_TEST_ASSERT_MSG_EQ((client->GetRequestTime() > Seconds(0)), true, "request sent");
            NS_TEST_ASSERT_MSG_EQ((client->GetCompletionTime().GetSeconds() >= clientTerm),
                                  true,
                                  "F / d at least");
        }
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetRequestCount(), m_n, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetCompletedCount(), m_n, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetBadRequestCount(), 0, "");
        const double ratio = outcome.distributionTime / outcome.bound;
        NS_TEST_ASSERT_MSG_EQ((ratio >= 1.0), true, "D below the bound: " << ratio);
        NS_TEST_ASSERT_MSG_EQ((ratio <= 1.05), true, "D / bound = " << ratio);
        Simulator::Destroy();
    }

    uint32_t m_n;          //!< clients
    uint64_t m_fileBytes;  //!< F
    DataRate m_serverUp;   //!< u_s
    DataRate m_clientDown; //!< d
    bool m_serverLimited;  //!< the regime
};

/**
 * \ingroup file-distribution-tests
 * 40 clients at once: each gets its own full copy.
 */
class FileServerManyClientsTestCase : public TestCase
{
  public:
    FileServerManyClientsTestCase()
        : TestCase("40 clients at once")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper network;
        const uint64_t f = 100000;
        Outcome outcome =
            Distribute(40, f, DataRate("100Mbps"), DataRate("10Mbps"), DataRate("1Mbps"), network);
        RunUntilDone(outcome);
        NS_TEST_ASSERT_MSG_EQ(CountComplete(outcome, f), 40, "every client got exactly F bytes");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetCompletedCount(), 40, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetOpenConnectionCount(), 0, "all handed over");
        NS_TEST_ASSERT_MSG_EQ((outcome.distributionTime >= outcome.bound), true, "");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * A thousand clients at once on a server-limited network finish within 1.08 x the bound: the
 * server's FqCoDel has a bucket per flow and room for the thousand initial windows
 * (AccessNetworkHelper's FqCoDel defaults). With fq_codel's own 1024 buckets and 10240-packet
 * limit the same run takes 1.26 x: flows that share a bucket get half a share, and the first
 * flows lose their initial windows.
 */
class FileServerThousandClientsTestCase : public TestCase
{
  public:
    FileServerThousandClientsTestCase()
        : TestCase("1000 clients at once: within 1.08 x the bound")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper network;
        const uint64_t f = 40000;
        Outcome outcome =
            Distribute(1000, f, DataRate("20Mbps"), DataRate("10Mbps"), DataRate("1Mbps"), network);
        // The helper's buckets and limit on the server's queue disc.
        Ptr<QueueDisc> serverQueue = network.GetHostDevice(0)
                                         ->GetNode()
                                         ->GetObject<TrafficControlLayer>()
                                         ->GetRootQueueDiscOnDevice(network.GetHostDevice(0));
        UintegerValue flows;
        serverQueue->GetAttribute("Flows", flows);
        NS_TEST_ASSERT_MSG_EQ(flows.Get(), 65536, "a bucket per flow");
        NS_TEST_ASSERT_MSG_EQ(serverQueue->GetMaxSize(), QueueSize("102400p"), "room");
        RunUntilDone(outcome);
        NS_TEST_ASSERT_MSG_EQ(CountComplete(outcome, f), 1000, "every client got exactly F bytes");
        // 1.061 measured; the header floor is 1.037.
        NS_TEST_ASSERT_MSG_LT(outcome.distributionTime, 1.08 * outcome.bound, "D / bound");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * Garbage, a POST, an over-long head and an unknown path, sent while two clients download:
 * each gets its error response and the connection closed, the server counts them, and the two
 * downloads complete as if nothing happened.
 */
class FileServerBadRequestTestCase : public TestCase
{
  public:
    FileServerBadRequestTestCase()
        : TestCase("400 and 404 answered and counted, other transfers undisturbed")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t f = 500000;
        // Reference: the same two downloads alone.
        double alone = 0;
        {
            AccessNetworkHelper network;
            Outcome outcome = Distribute(2,
                                         f,
                                         DataRate("10Mbps"),
                                         DataRate("10Mbps"),
                                         DataRate("1Mbps"),
                                         network,
                                         "file.bin",
                                         4);
            RunUntilDone(outcome);
            alone = outcome.distributionTime;
            Simulator::Destroy();
        }
        AccessNetworkHelper network;
        Outcome outcome = Distribute(2,
                                     f,
                                     DataRate("10Mbps"),
                                     DataRate("10Mbps"),
                                     DataRate("1Mbps"),
                                     network,
                                     "file.bin",
                                     4);
        const Ipv4Address server = network.GetHostAddress(0);
        std::vector<std::unique_ptr<RawClient>> raw;
        auto start = [&](uint32_t host, const std::string& bytes) {
            raw.push_back(std::make_unique<RawClient>(network.GetHost(host), server, bytes));
        };
        const std::pair<uint32_t, std::string> requests[] = {
            {3, std::string("\x01\x02garbage\r\n\r\n")},
            {4, "POST /file.bin HTTP/1.0\r\n\r\n"},
            {5, std::string(10000, 'A')},
            {6, "GET /other.bin HTTP/1.0\r\nHost: x\r\n\r\n"},
        };
        for (const auto& [host, bytes] : requests)
        {
            Simulator::Schedule(MilliSeconds(40 + 10 * host),
                                [&start, host = host, bytes = bytes]() { start(host, bytes); });
        }
        RunUntilDone(outcome);
        // Let the error replies finish too (the downloads take 0.8 s, the replies a few ms).
        NS_TEST_ASSERT_MSG_EQ(raw.size(), 4, "all raw clients ran");
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(raw[i]->received.rfind("HTTP/1.0 400 Bad Request\r\n", 0),
                                  0,
                                  "raw client " << i << " got: " << raw[i]->received);
            NS_TEST_ASSERT_MSG_EQ(raw[i]->closedByPeer, true, "closed after the 400");
        }
        NS_TEST_ASSERT_MSG_EQ(raw[3]->received.rfind("HTTP/1.0 404 Not Found\r\n", 0),
                              0,
                              raw[3]->received);
        NS_TEST_ASSERT_MSG_EQ(raw[3]->closedByPeer, true, "closed after the 404");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetBadRequestCount(), 3, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetNotFoundCount(), 1, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetRequestCount(), 2, "");
        for (auto& client : outcome.clients)
        {
            NS_TEST_ASSERT_MSG_EQ(client->IsComplete(), true, "");
            NS_TEST_ASSERT_MSG_EQ(client->GetBytesReceived(), f, "");
        }
        // The error replies are a few hundred bytes: the downloads barely notice them.
        NS_TEST_ASSERT_MSG_EQ_TOL(outcome.distributionTime, alone, 0.01 * alone, "undisturbed");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * A FileClient asking for an unknown file gets 404 and fails, with its trace.
 */
class FileClientNotFoundTestCase : public TestCase
{
  public:
    FileClientNotFoundTestCase()
        : TestCase("unknown file: 404, client fails")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper network;
        Outcome outcome = Distribute(1,
                                     100000,
                                     DataRate("10Mbps"),
                                     DataRate("10Mbps"),
                                     DataRate("1Mbps"),
                                     network,
                                     "missing.bin");
        int failedStatus = 0;
        outcome.clients[0]->TraceConnectWithoutContext(
            "Failed",
            Callback<void, int, uint64_t>(
                [&failedStatus](int status, uint64_t) { failedStatus = status; }));
        RunUntilDone(outcome);
        NS_TEST_ASSERT_MSG_EQ(failedStatus, 404, "Failed traced with the status");
        NS_TEST_ASSERT_MSG_EQ(outcome.clients[0]->HasFailed(), true, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.clients[0]->IsComplete(), false, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.clients[0]->GetStatus(), 404, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetNotFoundCount(), 1, "");
        NS_TEST_ASSERT_MSG_EQ(outcome.server->GetRequestCount(), 0, "");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * The traces: DownloadComplete with F and the download time, Rx adding up to the head and
 * the body, the server's Request and Sent.
 */
class FileTransferTracesTestCase : public TestCase
{
  public:
    FileTransferTracesTestCase()
        : TestCase("traces: DownloadComplete, Rx, Request, Sent")
    {
    }

  private:
    void DoRun() override
    {
        AccessNetworkHelper network;
        const uint64_t f = 123457;
        Outcome outcome =
            Distribute(1, f, DataRate("10Mbps"), DataRate("5Mbps"), DataRate("1Mbps"), network);
        uint64_t completeBytes = 0;
        Time downloadTime;
        uint64_t rxBytes = 0;
        std::string requested;
        uint64_t sent = 0;
        Ptr<FileClient> client = outcome.clients[0];
        client->TraceConnectWithoutContext(
            "DownloadComplete",
            Callback<void, uint64_t, Time>([&](uint64_t bytes, Time t) {
                completeBytes = bytes;
                downloadTime = t;
            }));
        client->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&](Ptr<const Packet> p, const Address&) { rxBytes += p->GetSize(); }));
        outcome.server->TraceConnectWithoutContext(
            "Request",
            Callback<void, const Address&, const std::string&>(
                [&](const Address&, const std::string& path) { requested = path; }));
        outcome.server->TraceConnectWithoutContext(
            "Sent",
            Callback<void, const Address&, uint64_t>(
                [&](const Address&, uint64_t bytes) { sent = bytes; }));
        RunUntilDone(outcome);
        NS_TEST_ASSERT_MSG_EQ(completeBytes, f, "");
        NS_TEST_ASSERT_MSG_EQ(downloadTime,
                              client->GetCompletionTime() - client->GetRequestTime(),
                              "");
        const std::string head = "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
                                 "Content-Length: 123457\r\n\r\n";
        NS_TEST_ASSERT_MSG_EQ(rxBytes, head.size() + f, "the head is real bytes, then F");
        NS_TEST_ASSERT_MSG_EQ(requested, "/file.bin", "");
        NS_TEST_ASSERT_MSG_EQ(sent, f, "");
        Simulator::Destroy();
    }
};

/**
 * \ingroup file-distribution-tests
 * The FileServer / FileClient test suite.
 */
class FileServerTestSuite : public TestSuite
{
  public:
    FileServerTestSuite()
        : TestSuite("file-distribution-file-server")
    {
        AddTestCase(new FileDistributionBoundTestCase("server-limited: 4 clients, 3 MB, "
                                                      "u_s = 20 Mbps, d = 50 Mbps",
                                                      4,
                                                      3000000,
                                                      DataRate("20Mbps"),
                                                      DataRate("50Mbps"),
                                                      true));
        AddTestCase(new FileDistributionBoundTestCase("client-limited: 3 clients, 3 MB, "
                                                      "u_s = 100 Mbps, d = 8 Mbps",
                                                      3,
                                                      3000000,
                                                      DataRate("100Mbps"),
                                                      DataRate("8Mbps"),
                                                      false));
        AddTestCase(new FileServerManyClientsTestCase);
        AddTestCase(new FileServerThousandClientsTestCase);
        AddTestCase(new FileServerBadRequestTestCase);
        AddTestCase(new FileClientNotFoundTestCase);
        AddTestCase(new FileTransferTracesTestCase);
    }
};

static FileServerTestSuite g_fileServerTestSuite; //!< the suite's instance
