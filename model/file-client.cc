// SPDX-License-Identifier: GPL-2.0-only

#include "file-client.h"

#include "ns3/address-utils.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FileClient");

NS_OBJECT_ENSURE_REGISTERED(FileClient);

namespace
{
/// Largest response head accepted.
constexpr std::size_t MAX_HEAD_BYTES = 8192;
} // namespace

TypeId
FileClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FileClient")
            .SetParent<Application>()
            .SetGroupName("FileDistribution")
            .AddConstructor<FileClient>()
            .AddAttribute("Remote",
                          "The server's IPv4 address (an InetSocketAddress also sets the port).",
                          AddressValue(),
                          MakeAddressAccessor(&FileClient::m_remote),
                          MakeAddressChecker())
            .AddAttribute("Port",
                          "The server's TCP port.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&FileClient::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("FileName",
                          "The file to request: GET /<FileName>.",
                          StringValue("file.bin"),
                          MakeStringAccessor(&FileClient::m_fileName),
                          MakeStringChecker())
            .AddTraceSource("DownloadComplete",
                            "The whole file arrived: (bytes, time from request to last byte).",
                            MakeTraceSourceAccessor(&FileClient::m_completeTrace),
                            "ns3::FileClient::DownloadCompleteTracedCallback")
            .AddTraceSource("Failed",
                            "The download failed: (HTTP status or 0, body bytes received).",
                            MakeTraceSourceAccessor(&FileClient::m_failedTrace),
                            "ns3::FileClient::FailedTracedCallback")
            .AddTraceSource("Rx",
                            "A packet was received from the server.",
                            MakeTraceSourceAccessor(&FileClient::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

FileClient::FileClient()
    : m_port(80),
      m_framer(MAX_HEAD_BYTES)
{
    NS_LOG_FUNCTION(this);
}

FileClient::~FileClient()
{
    NS_LOG_FUNCTION(this);
}

void
FileClient::SetRemote(const Address& address, uint16_t port)
{
    m_remote = address;
    m_port = port;
}

Time
FileClient::GetRequestTime() const
{
    return m_requestTime;
}

Time
FileClient::GetCompletionTime() const
{
    return m_completionTime;
}

uint64_t
FileClient::GetBytesReceived() const
{
    return m_bytes;
}

int
FileClient::GetStatus() const
{
    return m_status;
}

bool
FileClient::IsComplete() const
{
    return m_complete;
}

bool
FileClient::HasFailed() const
{
    return m_failed;
}

void
FileClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_socket = nullptr;
    Application::DoDispose();
}

void
FileClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket || m_complete || m_failed)
    {
        return; // one download per application
    }
    Address to;
    if (Ipv4Address::IsMatchingType(m_remote))
    {
        to = InetSocketAddress(Ipv4Address::ConvertFrom(m_remote), m_port);
    }
    else if (InetSocketAddress::IsMatchingType(m_remote))
    {
        to = m_remote;
    }
    else
    {
        NS_LOG_WARN("FileClient: Remote is not an IPv4 address; nothing downloaded");
        Fail();
        return;
    }
    m_socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->SetConnectCallback(MakeCallback(&FileClient::HandleConnect, this),
                                 MakeCallback(&FileClient::HandleConnectFailed, this));
    m_socket->SetRecvCallback(MakeCallback(&FileClient::HandleRead, this));
    m_socket->SetCloseCallbacks(MakeCallback(&FileClient::HandleClose, this),
                                MakeCallback(&FileClient::HandleClose, this));
    m_socket->Connect(to);
}

void
FileClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    CloseSocket();
}

void
FileClient::HandleConnect(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    std::ostringstream host;
    if (Ipv4Address::IsMatchingType(m_remote))
    {
        host << Ipv4Address::ConvertFrom(m_remote);
    }
    else
    {
        host << InetSocketAddress::ConvertFrom(m_remote).GetIpv4();
    }
    const std::string request =
        FormatHttpRequest("GET", "/" + PercentEncode(m_fileName), {{"Host", host.str()}});
    m_requestTime = Simulator::Now();
    socket->Send(reinterpret_cast<const uint8_t*>(request.data()),
                 static_cast<uint32_t>(request.size()),
                 0);
}

void
FileClient::HandleConnectFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Fail();
}

void
FileClient::HandleRead(Ptr<Socket> socket)
{
    Address from;
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        const uint32_t size = packet->GetSize();
        if (size == 0)
        {
            break;
        }
        m_rxTrace(packet, from);
        if (m_complete || m_failed)
        {
            continue;
        }
        if (m_headDone)
        {
            m_bytes += size; // body: counted, never copied
        }
        else
        {
            // Only the head is looked at: it fits in the first MAX_HEAD_BYTES + 1 bytes or
            // is refused, so a big packet is not copied whole.
            const uint32_t copied = std::min<uint32_t>(size, MAX_HEAD_BYTES + 1);
            bytes.resize(copied);
            packet->CopyData(bytes.data(), copied);
            const auto state = m_framer.Append(bytes.data(), copied);
            if (state == HttpHeadFramer::State::TOO_LARGE)
            {
                Fail();
                return;
            }
            if (state == HttpHeadFramer::State::INCOMPLETE)
            {
                continue;
            }
            const std::string head = m_framer.TakeHead();
            m_bytes += m_framer.TakeRemainder().size() + (size - copied);
            m_headDone = true;
            std::string error;
            auto response = ParseHttpResponse(head, &error);
            if (!response)
            {
                NS_LOG_INFO("malformed response: " << error);
                Fail();
                return;
            }
            m_status = response->status;
            if (m_status != 200)
            {
                Fail();
                return;
            }
            m_contentLength = response->GetContentLength();
        }
        if (m_contentLength && m_bytes >= *m_contentLength)
        {
            Complete();
            return;
        }
    }
}

void
FileClient::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_complete || m_failed)
    {
        return;
    }
    // Without Content-Length, HTTP/1.0 delimits the body by the close.
    if (m_headDone && m_status == 200 && !m_contentLength)
    {
        Complete();
    }
    else
    {
        Fail();
    }
}

void
FileClient::Complete()
{
    m_complete = true;
    m_completionTime = Simulator::Now();
    NS_LOG_INFO("download of " << m_bytes << " bytes complete at " << m_completionTime.As(Time::S));
    CloseSocket();
    m_completeTrace(m_bytes, m_completionTime - m_requestTime);
}

void
FileClient::Fail()
{
    m_failed = true;
    NS_LOG_INFO("download failed: status " << m_status << ", " << m_bytes << " bytes");
    CloseSocket();
    m_failedTrace(m_status, m_bytes);
}

void
FileClient::CloseSocket()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

} // namespace ns3
