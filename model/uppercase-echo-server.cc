// SPDX-License-Identifier: GPL-2.0-only

#include "uppercase-echo-server.h"

#include "accepted-socket-fixup.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-packet-info-tag.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/type-id.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UppercaseEchoServer");

NS_OBJECT_ENSURE_REGISTERED(UppercaseEchoServer);

TypeId
UppercaseEchoServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UppercaseEchoServer")
            .SetParent<Application>()
            .SetGroupName("FileDistribution")
            .AddConstructor<UppercaseEchoServer>()
            .AddAttribute("Port",
                          "Port on which the server listens.",
                          UintegerValue(12000),
                          MakeUintegerAccessor(&UppercaseEchoServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Protocol",
                          "Socket factory: ns3::UdpSocketFactory or ns3::TcpSocketFactory.",
                          TypeIdValue(UdpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&UppercaseEchoServer::m_protocol),
                          MakeTypeIdChecker())
            .AddAttribute("MaxLineLength",
                          "TCP: longest line accepted; a client that sends a longer one is "
                          "disconnected.",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&UppercaseEchoServer::m_maxLineLength),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Rx",
                            "A line was received from a client.",
                            MakeTraceSourceAccessor(&UppercaseEchoServer::m_rxTrace),
                            "ns3::UppercaseEchoServer::LineTracedCallback")
            .AddTraceSource("NewClient",
                            "A new client: a new UDP source, or an accepted TCP connection.",
                            MakeTraceSourceAccessor(&UppercaseEchoServer::m_clientTrace),
                            "ns3::UppercaseEchoServer::ClientTracedCallback");
    return tid;
}

UppercaseEchoServer::UppercaseEchoServer()
{
    NS_LOG_FUNCTION(this);
}

UppercaseEchoServer::~UppercaseEchoServer()
{
    NS_LOG_FUNCTION(this);
}

const std::vector<UppercaseEchoServer::ClientRecord>&
UppercaseEchoServer::GetClients() const
{
    return m_clients;
}

uint64_t
UppercaseEchoServer::GetLinesServed() const
{
    return m_linesServed;
}

uint64_t
UppercaseEchoServer::GetConnectionsRejected() const
{
    return m_connectionsRejected;
}

std::string
UppercaseEchoServer::ToUpper(std::string line)
{
    // ASCII only, independent of the host's locale, so outputs are the same everywhere.
    for (char& c : line)
    {
        if (c >= 'a' && c <= 'z')
        {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return line;
}

bool
UppercaseEchoServer::IsSupportedProtocol(TypeId protocol)
{
    return protocol == UdpSocketFactory::GetTypeId() || protocol == TcpSocketFactory::GetTypeId();
}

void
UppercaseEchoServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_socket = nullptr;
    m_connections.clear();
    m_acceptOrder.clear();
    Application::DoDispose();
}

void
UppercaseEchoServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!IsSupportedProtocol(m_protocol))
    {
        NS_LOG_ERROR("Protocol " << m_protocol.GetName()
                                 << " is not supported (use ns3::UdpSocketFactory or "
                                    "ns3::TcpSocketFactory); the server does not start");
        return;
    }
    m_socket = Socket::CreateSocket(GetNode(), m_protocol);
    if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
    {
        NS_LOG_ERROR("cannot bind port " << m_port << "; the server does not start");
        m_socket = nullptr;
        return;
    }
    if (m_protocol == UdpSocketFactory::GetTypeId())
    {
        m_socket->SetRecvPktInfo(true); // to learn which of our addresses a client reached
        m_socket->SetRecvCallback(MakeCallback(&UppercaseEchoServer::HandleUdpRead, this));
    }
    else
    {
        m_socket->Listen();
        m_socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&UppercaseEchoServer::HandleAccept, this));
    }
}

void
UppercaseEchoServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto& socket : m_acceptOrder)
    {
        socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                  MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    for (auto& record : m_clients)
    {
        record.open = false;
    }
    m_acceptOrder.clear();
    m_connections.clear();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

std::size_t
UppercaseEchoServer::FindOrAddUdpClient(const Address& from, const Address& local)
{
    auto [it, added] = m_udpClients.emplace(from, m_clients.size());
    if (added)
    {
        m_clients.push_back(ClientRecord{from, local, 0, true});
        m_clientTrace(from);
    }
    return it->second;
}

void
UppercaseEchoServer::HandleUdpRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        Address local = InetSocketAddress(Ipv4Address::GetAny(), m_port);
        Ipv4PacketInfoTag info;
        if (packet->RemovePacketTag(info))
        {
            local = InetSocketAddress(info.GetAddress(), m_port);
        }
        std::string line(packet->GetSize(), '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(line.data()), line.size());
        const std::size_t record = FindOrAddUdpClient(from, local);
        m_rxTrace(line, from);
        const std::string reply = ToUpper(line);
        NS_LOG_INFO("UDP " << InetSocketAddress::ConvertFrom(from).GetIpv4() << ":"
                           << InetSocketAddress::ConvertFrom(from).GetPort() << " '" << line
                           << "' -> '" << reply << "'");
        socket->SendTo(reinterpret_cast<const uint8_t*>(reply.data()), reply.size(), 0, from);
        ++m_clients[record].linesServed;
        ++m_linesServed;
    }
}

void
UppercaseEchoServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    FixAcceptedSocket(socket);
    NS_LOG_FUNCTION(this << socket << from);
    Address local;
    socket->GetSockName(local);
    m_connections.emplace(socket, Connection{m_clients.size(), LineFramer(m_maxLineLength), {}});
    m_acceptOrder.push_back(socket);
    m_clients.push_back(ClientRecord{from, local, 0, true});
    NS_LOG_INFO("TCP connection " << m_clients.size() << " from "
                                  << InetSocketAddress::ConvertFrom(from).GetIpv4() << ":"
                                  << InetSocketAddress::ConvertFrom(from).GetPort());
    m_clientTrace(from);
    socket->SetRecvCallback(MakeCallback(&UppercaseEchoServer::HandleTcpRead, this));
    socket->SetSendCallback(MakeCallback(&UppercaseEchoServer::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&UppercaseEchoServer::HandleClose, this),
                              MakeCallback(&UppercaseEchoServer::HandleClose, this));
}

void
UppercaseEchoServer::HandleTcpRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    Connection& connection = it->second;
    ClientRecord& record = m_clients[connection.record];
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        connection.framer.Append(bytes.data(), bytes.size());
        while (auto line = connection.framer.Next())
        {
            m_rxTrace(*line, record.remote);
            connection.pending += ToUpper(*line);
            connection.pending += '\n';
            ++record.linesServed;
            ++m_linesServed;
        }
        if (connection.framer.HasError())
        {
            NS_LOG_WARN("client sent a line over " << m_maxLineLength
                                                   << " bytes: connection closed");
            ++m_connectionsRejected;
            HandleClose(socket);
            return;
        }
    }
    Flush(socket, connection);
}

void
UppercaseEchoServer::Flush(Ptr<Socket> socket, Connection& connection)
{
    const std::size_t n =
        std::min<std::size_t>(connection.pending.size(), socket->GetTxAvailable());
    if (n == 0)
    {
        return;
    }
    const int sent =
        socket->Send(reinterpret_cast<const uint8_t*>(connection.pending.data()), n, 0);
    if (sent > 0)
    {
        connection.pending.erase(0, static_cast<std::size_t>(sent));
    }
}

void
UppercaseEchoServer::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end() && !it->second.pending.empty())
    {
        Flush(socket, it->second);
    }
}

void
UppercaseEchoServer::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    m_clients[it->second.record].open = false;
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->Close();
    m_connections.erase(it);
    m_acceptOrder.erase(std::find(m_acceptOrder.begin(), m_acceptOrder.end(), socket));
}

} // namespace ns3
