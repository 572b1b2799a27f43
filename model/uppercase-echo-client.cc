// SPDX-License-Identifier: GPL-2.0-only

#include "uppercase-echo-client.h"

#include "uppercase-echo-server.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <fstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UppercaseEchoClient");

NS_OBJECT_ENSURE_REGISTERED(UppercaseEchoClient);

TypeId
UppercaseEchoClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UppercaseEchoClient")
            .SetParent<Application>()
            .SetGroupName("FileDistribution")
            .AddConstructor<UppercaseEchoClient>()
            .AddAttribute("RemoteAddress",
                          "The server's address (an Ipv4Address or an InetSocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&UppercaseEchoClient::m_peerAddress),
                          MakeAddressChecker())
            .AddAttribute("RemotePort",
                          "The server's port (when RemoteAddress has none).",
                          UintegerValue(12000),
                          MakeUintegerAccessor(&UppercaseEchoClient::m_peerPort),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Protocol",
                          "Socket factory: ns3::UdpSocketFactory or ns3::TcpSocketFactory.",
                          TypeIdValue(UdpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&UppercaseEchoClient::m_protocol),
                          MakeTypeIdChecker())
            .AddAttribute("Lines",
                          "The lines to send, separated by '|'.",
                          StringValue("hello world|sockets are fun|over and out"),
                          MakeStringAccessor(&UppercaseEchoClient::m_linesText),
                          MakeStringChecker())
            .AddAttribute("InputFile",
                          "A text file whose lines are sent instead of Lines (empty: unused).",
                          StringValue(""),
                          MakeStringAccessor(&UppercaseEchoClient::m_inputFile),
                          MakeStringChecker())
            .AddAttribute("Interval",
                          "Time between two lines.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&UppercaseEchoClient::m_interval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Timeout",
                          "UDP: a line whose reply has not come after this long is lost.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&UppercaseEchoClient::m_timeout),
                          MakeTimeChecker(Time(1)))
            .AddTraceSource("Tx",
                            "A line was sent.",
                            MakeTraceSourceAccessor(&UppercaseEchoClient::m_txTrace),
                            "ns3::UppercaseEchoClient::TxTracedCallback")
            .AddTraceSource("Rx",
                            "A reply was received.",
                            MakeTraceSourceAccessor(&UppercaseEchoClient::m_rxTrace),
                            "ns3::UppercaseEchoClient::RxTracedCallback")
            .AddTraceSource("Lost",
                            "A line got no reply (in time).",
                            MakeTraceSourceAccessor(&UppercaseEchoClient::m_lostTrace),
                            "ns3::UppercaseEchoClient::TxTracedCallback")
            .AddTraceSource("Done",
                            "Every line was answered or lost; the socket is closed.",
                            MakeTraceSourceAccessor(&UppercaseEchoClient::m_doneTrace),
                            "ns3::TracedCallback::Void");
    return tid;
}

UppercaseEchoClient::UppercaseEchoClient()
{
    NS_LOG_FUNCTION(this);
}

UppercaseEchoClient::~UppercaseEchoClient()
{
    NS_LOG_FUNCTION(this);
}

const std::vector<UppercaseEchoClient::Exchange>&
UppercaseEchoClient::GetExchanges() const
{
    return m_exchanges;
}

uint32_t
UppercaseEchoClient::GetLost() const
{
    return m_lost;
}

bool
UppercaseEchoClient::IsDone() const
{
    return m_done;
}

Address
UppercaseEchoClient::GetLocalAddress() const
{
    Address local;
    if (m_socket)
    {
        m_socket->GetSockName(local);
    }
    return local;
}

std::vector<std::string>
UppercaseEchoClient::SplitLines(const std::string& text)
{
    std::vector<std::string> lines;
    if (text.empty())
    {
        return lines;
    }
    std::size_t start = 0;
    while (true)
    {
        const std::size_t bar = text.find('|', start);
        lines.push_back(text.substr(start, bar - start));
        if (bar == std::string::npos)
        {
            return lines;
        }
        start = bar + 1;
    }
}

std::optional<std::vector<std::string>>
UppercaseEchoClient::ReadLinesFile(const std::string& path, std::string* error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        if (error)
        {
            *error = "cannot open input file '" + path + "'";
        }
        return std::nullopt;
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
    {
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        lines.push_back(line);
    }
    return lines;
}

void
UppercaseEchoClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_socket = nullptr;
    Application::DoDispose();
}

void
UppercaseEchoClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_tcp = (m_protocol == TcpSocketFactory::GetTypeId());
    if (!UppercaseEchoServer::IsSupportedProtocol(m_protocol))
    {
        NS_LOG_ERROR("Protocol " << m_protocol.GetName() << " is not supported; nothing sent");
        CheckDone();
        return;
    }
    if (m_inputFile.empty())
    {
        m_lines = SplitLines(m_linesText);
    }
    else
    {
        std::string error;
        auto lines = ReadLinesFile(m_inputFile, &error);
        if (!lines)
        {
            NS_LOG_ERROR(error << "; nothing sent");
        }
        m_lines = lines.value_or(std::vector<std::string>{});
    }

    Address remote;
    if (InetSocketAddress::IsMatchingType(m_peerAddress))
    {
        remote = m_peerAddress;
    }
    else if (Ipv4Address::IsMatchingType(m_peerAddress))
    {
        remote = InetSocketAddress(Ipv4Address::ConvertFrom(m_peerAddress), m_peerPort);
    }
    else
    {
        NS_LOG_ERROR("RemoteAddress is not set to an IPv4 address; nothing sent");
        m_lines.clear();
    }
    if (m_lines.empty())
    {
        CheckDone();
        return;
    }

    m_socket = Socket::CreateSocket(GetNode(), m_protocol);
    m_socket->Bind();
    m_socket->SetRecvCallback(MakeCallback(&UppercaseEchoClient::HandleRead, this));
    if (m_tcp)
    {
        m_socket->SetConnectCallback(
            MakeCallback(&UppercaseEchoClient::HandleConnected, this),
            MakeCallback(&UppercaseEchoClient::HandleConnectionLost, this));
        m_socket->SetCloseCallbacks(MakeCallback(&UppercaseEchoClient::HandleConnectionLost, this),
                                    MakeCallback(&UppercaseEchoClient::HandleConnectionLost, this));
        m_socket->Connect(remote);
    }
    else
    {
        m_socket->Connect(remote);
        SendNext();
    }
}

void
UppercaseEchoClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_sendEvent.Cancel();
    m_expireEvent.Cancel();
    if (m_socket && !m_done)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
}

void
UppercaseEchoClient::HandleConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    SendNext();
}

void
UppercaseEchoClient::HandleConnectionLost(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_done)
    {
        return;
    }
    NS_LOG_WARN("connection to the server lost; the remaining lines are lost");
    m_sendEvent.Cancel();
    for (; m_nextLine < m_lines.size(); ++m_nextLine)
    {
        m_exchanges.push_back(Exchange{m_lines[m_nextLine], Simulator::Now(), {}, Time(0), false});
        m_outstanding.push_back(m_exchanges.size() - 1);
    }
    LoseOutstanding();
    CheckDone();
}

void
UppercaseEchoClient::SendNext()
{
    NS_LOG_FUNCTION(this);
    if (m_nextLine >= m_lines.size() || !m_socket)
    {
        return;
    }
    const std::string& line = m_lines[m_nextLine++];
    m_exchanges.push_back(Exchange{line, Simulator::Now(), {}, Time(0), false});
    m_outstanding.push_back(m_exchanges.size() - 1);
    const std::string wire = m_tcp ? line + '\n' : line;
    const int sent = m_socket->Send(reinterpret_cast<const uint8_t*>(wire.data()), wire.size(), 0);
    m_txTrace(line);
    NS_LOG_INFO("sent '" << line << "'");
    if (sent != static_cast<int>(wire.size()))
    {
        NS_LOG_WARN("the socket refused line '" << line << "'");
        m_outstanding.pop_back();
        m_exchanges.back().lost = true;
        ++m_lost;
        m_lostTrace(line);
    }
    else if (!m_tcp && m_expireEvent.IsExpired())
    {
        m_expireEvent =
            Simulator::Schedule(m_timeout, &UppercaseEchoClient::ExpireOutstanding, this);
    }
    if (m_nextLine < m_lines.size())
    {
        m_sendEvent = Simulator::Schedule(m_interval, &UppercaseEchoClient::SendNext, this);
    }
    CheckDone();
}

void
UppercaseEchoClient::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (m_tcp && packet->GetSize() == 0)
        {
            break;
        }
        std::string bytes(packet->GetSize(), '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size());
        if (!m_tcp)
        {
            HandleReply(bytes);
            continue;
        }
        m_framer.Append(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        while (auto line = m_framer.Next())
        {
            HandleReply(*line);
        }
    }
    CheckDone();
}

void
UppercaseEchoClient::HandleReply(const std::string& reply)
{
    // UDP may lose a datagram, so the reply answers the oldest outstanding line it matches,
    // not necessarily the oldest one. Over TCP that is always the oldest.
    auto it = std::find_if(m_outstanding.begin(), m_outstanding.end(), [&](std::size_t i) {
        return UppercaseEchoServer::ToUpper(m_exchanges[i].line) == reply;
    });
    if (it == m_outstanding.end())
    {
        NS_LOG_WARN("reply '" << reply << "' matches no outstanding line (late or unexpected)");
        return;
    }
    Exchange& exchange = m_exchanges[*it];
    exchange.reply = reply;
    exchange.rtt = Simulator::Now() - exchange.sent;
    m_outstanding.erase(it);
    NS_LOG_INFO("received '" << reply << "' after " << exchange.rtt.As(Time::MS));
    m_rxTrace(reply, exchange.rtt);
}

void
UppercaseEchoClient::ExpireOutstanding()
{
    NS_LOG_FUNCTION(this);
    while (!m_outstanding.empty() &&
           m_exchanges[m_outstanding.front()].sent + m_timeout <= Simulator::Now())
    {
        Exchange& exchange = m_exchanges[m_outstanding.front()];
        m_outstanding.pop_front();
        exchange.lost = true;
        ++m_lost;
        NS_LOG_INFO("no reply to '" << exchange.line << "' within " << m_timeout.As(Time::S));
        m_lostTrace(exchange.line);
    }
    if (!m_outstanding.empty())
    {
        const Time deadline = m_exchanges[m_outstanding.front()].sent + m_timeout;
        m_expireEvent = Simulator::Schedule(deadline - Simulator::Now(),
                                            &UppercaseEchoClient::ExpireOutstanding,
                                            this);
    }
    CheckDone();
}

void
UppercaseEchoClient::LoseOutstanding()
{
    for (std::size_t i : m_outstanding)
    {
        m_exchanges[i].lost = true;
        ++m_lost;
        m_lostTrace(m_exchanges[i].line);
    }
    m_outstanding.clear();
}

void
UppercaseEchoClient::CheckDone()
{
    if (m_done || m_nextLine < m_lines.size() || !m_outstanding.empty())
    {
        return;
    }
    m_done = true;
    m_expireEvent.Cancel();
    if (m_socket)
    {
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
    m_doneTrace();
}

} // namespace ns3
