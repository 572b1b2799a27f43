// SPDX-License-Identifier: GPL-2.0-only

#include "file-server.h"

#include "accepted-socket-fixup.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FileServer");

NS_OBJECT_ENSURE_REGISTERED(FileServer);

namespace
{
/// Largest request head accepted: as common servers do, 8 KiB.
constexpr std::size_t MAX_HEAD_BYTES = 8192;

/// Bytes copied out of one received packet at most: a head longer than MAX_HEAD_BYTES is
/// refused anyway, so the rest of a huge packet need not be looked at.
constexpr uint32_t MAX_COPY = MAX_HEAD_BYTES + 1;
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
            .AddTraceSource("Request",
                            "A request was answered 200 OK: (client address, path).",
                            MakeTraceSourceAccessor(&FileServer::m_requestTrace),
                            "ns3::FileServer::RequestTracedCallback")
            .AddTraceSource("Error",
                            "A request was answered 400 or 404: (client address, status).",
                            MakeTraceSourceAccessor(&FileServer::m_errorTrace),
                            "ns3::FileServer::ErrorTracedCallback")
            .AddTraceSource("Sent",
                            "The last byte of a file was handed to TCP: (client, body bytes).",
                            MakeTraceSourceAccessor(&FileServer::m_sentTrace),
                            "ns3::FileServer::SentTracedCallback");
    return tid;
}

FileServer::FileServer()
    : m_port(80),
      m_fileSize(1000000),
      m_maxChunk(65536)
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
FileServer::GetOpenConnectionCount() const
{
    return static_cast<uint32_t>(m_connections.size());
}

void
FileServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listenSocket = nullptr;
    m_connections.clear();
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
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_connections.clear();
}

bool
FileServer::HandleConnectionRequest(Ptr<Socket> socket, const Address& from)
{
    return true;
}

void
FileServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    FixAcceptedSocket(socket);
    NS_LOG_FUNCTION(this << socket << from);
    Connection connection{HttpHeadFramer(MAX_HEAD_BYTES), from};
    m_connections.emplace(socket, std::move(connection));
    socket->SetRecvCallback(MakeCallback(&FileServer::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&FileServer::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&FileServer::HandleClose, this),
                              MakeCallback(&FileServer::HandleClose, this));
}

void
FileServer::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        auto it = m_connections.find(socket);
        if (it == m_connections.end() || it->second.answered)
        {
            continue; // HTTP/1.0: one request per connection; anything after it is ignored
        }
        Connection& connection = it->second;
        bytes.resize(std::min(packet->GetSize(), MAX_COPY));
        packet->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
        switch (connection.framer.Append(bytes.data(), bytes.size()))
        {
        case HttpHeadFramer::State::COMPLETE:
            Answer(socket, connection, connection.framer.TakeHead());
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
            m_connections.erase(it); // closed: error sent, or a tiny file already handed over
        }
    }
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
        connection.remaining = 0;
        socket->Close();
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
    else
    {
        ++m_badRequests;
    }
    m_errorTrace(connection.peer, status);
    socket->Send(reinterpret_cast<const uint8_t*>(response.data()),
                 static_cast<uint32_t>(response.size()),
                 0);
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->Close();
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
        m_connections.erase(it);
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
    // TCP sends what it holds, then the FIN: the client sees the end of the body and the close.
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->Close();
}

void
FileServer::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        NS_LOG_INFO("connection from " << it->second.peer << " closed with " << it->second.remaining
                                       << " bytes unsent");
        m_connections.erase(it);
    }
}

} // namespace ns3
