// SPDX-License-Identifier: GPL-2.0-only

#include "file-server.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FileServer");

NS_OBJECT_ENSURE_REGISTERED(FileServer);

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
    m_http.SetCallbacks(MakeCallback(&FileServer::HandleHead, this),
                        MakeCallback(&FileServer::HandleHeadTooLarge, this),
                        MakeCallback(&FileServer::HandleRequestTimeout, this),
                        MakeCallback(&TracedCallback<const Address&>::operator(), &m_refusedTrace));
    m_http.SetConnectionCallbacks(MakeCallback(&FileServer::HandleSend, this),
                                  MakeCallback(&FileServer::HandleForget, this));
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
    return static_cast<uint32_t>(m_http.GetTimedOutCount());
}

uint32_t
FileServer::GetOpenConnectionCount() const
{
    return m_http.GetOpenCount();
}

uint32_t
FileServer::GetPeakConnectionCount() const
{
    return m_http.GetPeakCount();
}

uint64_t
FileServer::GetRefusedConnectionCount() const
{
    return m_http.GetRefusedCount();
}

uint32_t
FileServer::GetPeakHeadBytes() const
{
    return m_http.GetPeakHeadBytes();
}

void
FileServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_http.Dispose();
    m_transfers.clear();
    Application::DoDispose();
}

void
FileServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_http.IsListening())
    {
        return;
    }
    Ptr<Socket> listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    listener->Listen();
    m_http.SetLimits(m_maxHeadBytes, m_requestTimeout, m_maxConnections);
    m_http.Start(listener);
}

void
FileServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_http.Stop();
    m_transfers.clear();
}

void
FileServer::HandleHeadTooLarge(Ptr<Socket> socket, const Address& from)
{
    SendError(socket, from, 400, "Bad Request");
    m_http.Close(socket);
}

void
FileServer::HandleRequestTimeout(Ptr<Socket> socket, const Address& from)
{
    SendError(socket, from, 408, "Request Timeout");
    m_http.Close(socket);
}

void
FileServer::HandleForget(Ptr<Socket> socket)
{
    auto it = m_transfers.find(socket);
    if (it != m_transfers.end())
    {
        NS_LOG_INFO("connection from " << it->second.peer << " ended with " << it->second.remaining
                                       << " bytes unsent");
        m_transfers.erase(it);
    }
}

void
FileServer::HandleHead(Ptr<Socket> socket, const Address& from, const std::string& head)
{
    std::string error;
    auto request = ParseHttpRequest(head, &error);
    if (!request)
    {
        NS_LOG_INFO("malformed request from " << from << ": " << error);
        SendError(socket, from, 400, "Bad Request");
    }
    else if (request->method != "GET" || request->version.rfind("HTTP/1.", 0) != 0)
    {
        NS_LOG_INFO("unsupported request from " << from << ": " << request->method << " "
                                                << request->version);
        SendError(socket, from, 400, "Bad Request");
    }
    else if (request->path != "/" + m_fileName)
    {
        NS_LOG_INFO("unknown path " << request->path << " from " << from);
        SendError(socket, from, 404, "Not Found");
    }
    else
    {
        Transfer& transfer = m_transfers[socket];
        transfer.peer = from;
        StartTransfer(socket, transfer, request->path);
        if (transfer.remaining > 0)
        {
            return; // HandleSend() sends the rest; the connection stays open until then
        }
    }
    m_http.Close(socket); // error sent, or a tiny file already handed over
}

void
FileServer::StartTransfer(Ptr<Socket> socket, Transfer& transfer, const std::string& path)
{
    const std::string response =
        FormatHttpResponseHead(200,
                               "OK",
                               {{"Content-Type", "application/octet-stream"},
                                {"Content-Length", std::to_string(m_fileSize)}});
    transfer.bodySize = m_fileSize;
    transfer.remaining = m_fileSize;
    ++m_requests;
    m_requestTrace(transfer.peer, path);
    // TCP cuts the stream into segments of SegmentSize bytes. A segment that spans two of
    // our packets is built by appending fragments, which makes ns-3 copy the virtual bytes
    // into real memory. So the head goes out padded with body bytes to a whole segment, and
    // every later packet is a whole number of segments: each segment is then a fragment of
    // one packet, and the body stays virtual all the way to the client.
    UintegerValue segmentSize(1448);
    socket->GetAttributeFailSafe("SegmentSize", segmentSize);
    transfer.segmentSize = std::max<uint32_t>(1, segmentSize.Get());
    const uint64_t pad = std::min<uint64_t>(
        m_fileSize,
        (transfer.segmentSize - response.size() % transfer.segmentSize) % transfer.segmentSize);
    Ptr<Packet> first =
        Create<Packet>(reinterpret_cast<const uint8_t*>(response.data()), response.size());
    if (pad > 0)
    {
        first->AddAtEnd(Create<Packet>(static_cast<uint32_t>(pad)));
    }
    if (socket->Send(first) < 0)
    {
        // Only with a send buffer smaller than a segment: give up on this client.
        NS_LOG_WARN("could not send the response head to " << transfer.peer);
        transfer.remaining = 0; // the caller closes
        return;
    }
    transfer.remaining -= pad;
    Pump(socket, transfer);
}

void
FileServer::SendError(Ptr<Socket> socket,
                      const Address& from,
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
    if (status == 404)
    {
        ++m_notFound;
    }
    else if (status != 408) // 408s are counted by m_http
    {
        ++m_badRequests;
    }
    m_errorTrace(from, status);
    socket->Send(reinterpret_cast<const uint8_t*>(response.data()),
                 static_cast<uint32_t>(response.size()),
                 0);
}

void
FileServer::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    auto it = m_transfers.find(socket);
    if (it == m_transfers.end() || it->second.remaining == 0)
    {
        return;
    }
    Pump(socket, it->second);
    if (it->second.remaining == 0)
    {
        m_http.Close(socket);
    }
}

void
FileServer::Pump(Ptr<Socket> socket, Transfer& transfer)
{
    while (transfer.remaining > 0)
    {
        const uint32_t available = socket->GetTxAvailable();
        if (available == 0)
        {
            return; // HandleSend() comes back when ACKs free the buffer
        }
        auto chunk =
            static_cast<uint32_t>(std::min<uint64_t>({transfer.remaining, available, m_maxChunk}));
        if (chunk < transfer.remaining)
        {
            chunk -= chunk % transfer.segmentSize; // whole segments only (see StartTransfer())
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
        transfer.remaining -= static_cast<uint32_t>(sent);
    }
    ++m_completed;
    m_sentTrace(transfer.peer, transfer.bodySize);
    // The caller closes: TCP sends what it holds, then the FIN, so the client sees the end of
    // the body and the close.
}

} // namespace ns3
