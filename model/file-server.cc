// SPDX-License-Identifier: GPL-2.0-only

#include "file-server.h"

#include "accepted-socket-fixup.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FileServer");

NS_OBJECT_ENSURE_REGISTERED(FileServer);

namespace
{
/// Reads and drops whatever a connection we closed still receives (nginx's lingering close:
/// unread input would make ns-3's TCP answer with a reset). Holds no pointer to the server.
void
DiscardInput(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break; // an empty packet: the peer closed and nothing is left
        }
    }
}
} // namespace

TypeId
FileServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FileServer")
            .SetParent<Application>()
            .SetGroupName("FileDistribution")
            .AddConstructor<FileServer>()
            .AddAttribute("Port",
                          "The TCP port the server listens on.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&FileServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("FileName",
                          "The name of the file served: GET /<FileName> gets it.",
                          StringValue("file.bin"),
                          MakeStringAccessor(&FileServer::m_fileName),
                          MakeStringChecker())
            .AddAttribute("FileSize",
                          "The size F of the file in bytes.",
                          UintegerValue(1000000),
                          MakeUintegerAccessor(&FileServer::m_fileSize),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("MaxChunkSize",
                          "The largest virtual packet handed to TCP by one Send().",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&FileServer::m_maxChunk),
                          MakeUintegerChecker<uint32_t>(1))
            // 8 KiB: nginx's large_client_header_buffers (8k) and Tomcat's maxHttpHeaderSize
            // (8192); a FileClient's GET is about 50 bytes.
            .AddAttribute("MaxHeadBytes",
                          "Largest HTTP request head accepted; larger ones get 400. A "
                          "connection never holds more head bytes than this.",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&FileServer::m_maxHeadBytes),
                          MakeUintegerChecker<uint32_t>(64))
            // 60 s: nginx's client_header_timeout and Tomcat's connectionTimeout (the time
            // after accept within which the request line must come). An honest GET takes one
            // round trip; the body's transfer is not limited.
            .AddAttribute("RequestTimeout",
                          "A connection whose request head is not complete this long after it "
                          "was accepted gets 408 Request Timeout and is closed.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&FileServer::m_requestTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            // 8192: Tomcat's maxConnections for its NIO connectors. Every client of a
            // client-server distribution connects at t = 0 and stays for the whole transfer,
            // so this must exceed N: the scenario files allow up to 2000 hosts.
            .AddAttribute("MaxConnections",
                          "Most connections open at once (handshakes in progress and transfers "
                          "included); further connection requests are refused (not answered).",
                          UintegerValue(8192),
                          MakeUintegerAccessor(&FileServer::m_maxConnections),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Request",
                            "A request was answered 200 OK: (client address, path).",
                            MakeTraceSourceAccessor(&FileServer::m_requestTrace),
                            "ns3::FileServer::RequestTracedCallback")
            .AddTraceSource("Error",
                            "A request was answered 400, 404 or 408: (client address, status).",
                            MakeTraceSourceAccessor(&FileServer::m_errorTrace),
                            "ns3::FileServer::ErrorTracedCallback")
            .AddTraceSource("Sent",
                            "The last byte of a file was handed to TCP: (client, body bytes).",
                            MakeTraceSourceAccessor(&FileServer::m_sentTrace),
                            "ns3::FileServer::SentTracedCallback")
            .AddTraceSource("Refused",
                            "A connection request was refused: MaxConnections were open.",
                            MakeTraceSourceAccessor(&FileServer::m_refusedTrace),
                            "ns3::FileServer::RefusedTracedCallback");
    return tid;
}

FileServer::FileServer()
    : m_port(80),
      m_fileSize(1000000),
      m_maxChunk(65536),
      m_maxHeadBytes(8192),
      m_requestTimeout(Seconds(60)),
      m_maxConnections(8192)
{
    NS_LOG_FUNCTION(this);
}

FileServer::~FileServer()
{
    NS_LOG_FUNCTION(this);
}

uint32_t
FileServer::GetRequestCount() const
{
    return m_requests;
}

uint32_t
FileServer::GetBadRequestCount() const
{
    return m_badRequests;
}

uint32_t
FileServer::GetNotFoundCount() const
{
    return m_notFound;
}

uint32_t
FileServer::GetCompletedCount() const
{
    return m_completed;
}

uint32_t
FileServer::GetTimedOutCount() const
{
    return m_timedOut;
}

uint32_t
FileServer::GetOpenConnectionCount() const
{
    return static_cast<uint32_t>(m_connections.size());
}

uint32_t
FileServer::GetPeakConnectionCount() const
{
    return m_peakConnections;
}

uint64_t
FileServer::GetRefusedConnectionCount() const
{
    return m_refused;
}

uint32_t
FileServer::GetPeakHeadBytes() const
{
    return m_peakHeadBytes;
}

void
FileServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listenSocket = nullptr;
    for (auto& [socket, connection] : m_connections)
    {
        connection.timeout.Cancel();
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
    }
    m_connections.clear();
    m_handshakes.clear();
    Application::DoDispose();
}

void
FileServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_listenSocket)
    {
        m_listenSocket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        m_listenSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
        m_listenSocket->Listen();
    }
    m_listenSocket->SetAcceptCallback(MakeCallback(&FileServer::HandleConnectionRequest, this),
                                      MakeCallback(&FileServer::HandleAccept, this));
}

void
FileServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listenSocket)
    {
        m_listenSocket->Close();
        m_listenSocket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                          MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listenSocket = nullptr;
    }
    for (auto& [socket, connection] : m_connections)
    {
        connection.timeout.Cancel();
        socket->SetRecvCallback(MakeCallback(&DiscardInput));
        socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
        DiscardInput(socket);
        socket->Close();
    }
    m_connections.clear();
    m_handshakes.clear();
}

bool
FileServer::HandleConnectionRequest(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << from);
    // Handshakes in progress count: a burst of SYNs all arrives before the first accept.
    if (m_connections.size() + m_handshakes.size() >= m_maxConnections)
    {
        // A handshake still not complete after RequestTimeout (its client went away) gives
        // its place back; should it complete later, HandleAccept() checks again.
        const Time now = Simulator::Now();
        for (auto it = m_handshakes.begin(); it != m_handshakes.end();)
        {
            it = now - it->second >= m_requestTimeout ? m_handshakes.erase(it) : std::next(it);
        }
        if (m_connections.size() + m_handshakes.size() >= m_maxConnections)
        {
            ++m_refused;
            NS_LOG_INFO("connection request from " << from << " refused: " << m_maxConnections
                                                   << " connections open");
            m_refusedTrace(from);
            return false;
        }
    }
    m_handshakes[from] = Simulator::Now();
    return true;
}

void
FileServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    FixAcceptedSocket(socket);
    NS_LOG_FUNCTION(this << socket << from);
    m_handshakes.erase(from);
    if (m_connections.size() >= m_maxConnections)
    {
        // Only a handshake that outlived its reservation (see HandleConnectionRequest) gets
        // here while the server is full.
        ++m_refused;
        m_refusedTrace(from);
        socket->Close();
        return;
    }
    Connection connection;
    connection.framer = HttpHeadFramer(m_maxHeadBytes);
    connection.peer = from;
    connection.timeout =
        Simulator::Schedule(m_requestTimeout, &FileServer::HandleRequestTimeout, this, socket);
    m_connections.emplace(socket, std::move(connection));
    m_peakConnections = std::max(m_peakConnections, static_cast<uint32_t>(m_connections.size()));
    socket->SetRecvCallback(MakeCallback(&FileServer::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&FileServer::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&FileServer::HandlePeerClose, this),
                              MakeCallback(&FileServer::HandleError, this));
}

void
FileServer::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        DiscardInput(socket);
        return;
    }
    Connection& connection = it->second;
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        if (connection.answered)
        {
            continue; // HTTP/1.0: one request per connection; anything after it is ignored
        }
        // Copy no more than the head may still take: a connection never holds more than
        // MaxHeadBytes, however large the packets a client sends.
        bytes.resize(std::min(packet->GetSize(), m_maxHeadBytes - connection.headBytes));
        packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
        auto state = connection.framer.Append(bytes.data(), bytes.size());
        connection.headBytes += static_cast<uint32_t>(bytes.size());
        m_peakHeadBytes = std::max(m_peakHeadBytes, connection.headBytes);
        if (state == HttpHeadFramer::State::INCOMPLETE && connection.headBytes >= m_maxHeadBytes)
        {
            // MaxHeadBytes bytes without the blank line: the head, if it ever ends, is longer.
            state = HttpHeadFramer::State::TOO_LARGE;
        }
        switch (state)
        {
        case HttpHeadFramer::State::COMPLETE:
            connection.timeout.Cancel();
            Answer(socket, connection, connection.framer.TakeHead());
            connection.framer = HttpHeadFramer(0); // free what came after the head
            break;
        case HttpHeadFramer::State::TOO_LARGE:
            NS_LOG_INFO("request head from " << connection.peer << " too large");
            SendError(socket, connection, 400, "Bad Request");
            break;
        case HttpHeadFramer::State::INCOMPLETE:
            break;
        }
        if (connection.answered && connection.remaining == 0)
        {
            CloseConnection(socket); // error sent, or a tiny file already handed over
            return;
        }
    }
}

void
FileServer::HandleRequestTimeout(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    NS_LOG_INFO("no complete request head from " << it->second.peer << " within "
                                                 << m_requestTimeout.As(Time::S));
    SendError(socket, it->second, 408, "Request Timeout");
    CloseConnection(socket);
}

void
FileServer::CloseConnection(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        it->second.timeout.Cancel();
        m_connections.erase(it);
    }
    socket->SetRecvCallback(MakeCallback(&DiscardInput));
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    DiscardInput(socket);
    socket->Close();
}

void
FileServer::Answer(Ptr<Socket> socket, Connection& connection, const std::string& head)
{
    std::string error;
    auto request = ParseHttpRequest(head, &error);
    if (!request)
    {
        NS_LOG_INFO("malformed request from " << connection.peer << ": " << error);
        SendError(socket, connection, 400, "Bad Request");
        return;
    }
    if (request->method != "GET" || request->version.rfind("HTTP/1.", 0) != 0)
    {
        NS_LOG_INFO("unsupported request from " << connection.peer << ": " << request->method << " "
                                                << request->version);
        SendError(socket, connection, 400, "Bad Request");
        return;
    }
    if (request->path != "/" + m_fileName)
    {
        NS_LOG_INFO("unknown path " << request->path << " from " << connection.peer);
        SendError(socket, connection, 404, "Not Found");
        return;
    }
    const std::string response =
        FormatHttpResponseHead(200,
                               "OK",
                               {{"Content-Type", "application/octet-stream"},
                                {"Content-Length", std::to_string(m_fileSize)}});
    connection.answered = true;
    connection.bodySize = m_fileSize;
    connection.remaining = m_fileSize;
    ++m_requests;
    m_requestTrace(connection.peer, request->path);
    // TCP cuts the stream into segments of SegmentSize bytes. A segment that spans two of
    // our packets is built by appending fragments, which makes ns-3 copy the virtual bytes
    // into real memory. So the head goes out padded with body bytes to a whole segment, and
    // every later packet is a whole number of segments: each segment is then a fragment of
    // one packet, and the body stays virtual all the way to the client.
    UintegerValue segmentSize(1448);
    socket->GetAttributeFailSafe("SegmentSize", segmentSize);
    connection.segmentSize = std::max<uint32_t>(1, segmentSize.Get());
    const uint64_t pad =
        std::min<uint64_t>(m_fileSize,
                           (connection.segmentSize - response.size() % connection.segmentSize) %
                               connection.segmentSize);
    Ptr<Packet> first =
        Create<Packet>(reinterpret_cast<const uint8_t*>(response.data()), response.size());
    if (pad > 0)
    {
        first->AddAtEnd(Create<Packet>(static_cast<uint32_t>(pad)));
    }
    if (socket->Send(first) < 0)
    {
        // Only with a send buffer smaller than a segment: give up on this client.
        NS_LOG_WARN("could not send the response head to " << connection.peer);
        connection.remaining = 0; // the caller closes
        return;
    }
    connection.remaining -= pad;
    Pump(socket, connection);
}

void
FileServer::SendError(Ptr<Socket> socket,
                      Connection& connection,
                      int status,
                      const std::string& reason)
{
    const std::string body = std::to_string(status) + " " + reason + "\n";
    const std::string response =
        FormatHttpResponseHead(
            status,
            reason,
            {{"Content-Type", "text/plain"}, {"Content-Length", std::to_string(body.size())}}) +
        body;
    connection.answered = true;
    connection.remaining = 0;
    if (status == 404)
    {
        ++m_notFound;
    }
    else if (status == 408)
    {
        ++m_timedOut;
    }
    else
    {
        ++m_badRequests;
    }
    m_errorTrace(connection.peer, status);
    socket->Send(reinterpret_cast<const uint8_t*>(response.data()),
                 static_cast<uint32_t>(response.size()),
                 0);
}

void
FileServer::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->second.remaining == 0)
    {
        return;
    }
    Pump(socket, it->second);
    if (it->second.remaining == 0)
    {
        CloseConnection(socket);
    }
}

void
FileServer::Pump(Ptr<Socket> socket, Connection& connection)
{
    while (connection.remaining > 0)
    {
        const uint32_t available = socket->GetTxAvailable();
        if (available == 0)
        {
            return; // HandleSend() comes back when ACKs free the buffer
        }
        auto chunk = static_cast<uint32_t>(
            std::min<uint64_t>({connection.remaining, available, m_maxChunk}));
        if (chunk < connection.remaining)
        {
            chunk -= chunk % connection.segmentSize; // whole segments only (see Answer())
            if (chunk == 0)
            {
                return; // less than a segment free: wait for more
            }
        }
        // Virtual payload: a zero-filled packet of that size, no bytes allocated.
        const int sent = socket->Send(Create<Packet>(chunk));
        if (sent <= 0)
        {
            return;
        }
        connection.remaining -= static_cast<uint32_t>(sent);
    }
    ++m_completed;
    m_sentTrace(connection.peer, connection.bodySize);
    // The caller closes: TCP sends what it holds, then the FIN, so the client sees the end of
    // the body and the close.
}

void
FileServer::HandlePeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        NS_LOG_INFO("connection from " << it->second.peer << " closed with " << it->second.remaining
                                       << " bytes unsent");
        CloseConnection(socket);
    }
}

void
FileServer::HandleError(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        NS_LOG_INFO("connection from " << it->second.peer << " failed with " << it->second.remaining
                                       << " bytes unsent");
        it->second.timeout.Cancel();
        m_connections.erase(it);
    }
}

} // namespace ns3
