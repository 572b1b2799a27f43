// SPDX-License-Identifier: GPL-2.0-only

#include "peer-connector.h"

#include "accepted-socket-fixup.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PeerConnector");

PeerConnector::PeerConnector(const PeerConnectorConfig& config)
    : m_config(config),
      m_peerList(config.peerList)
{
}

PeerConnector::~PeerConnector()
{
    Stop();
    m_closed.Clear();
}

bool
PeerConnector::Start(Ptr<Node> node,
                     ConnectedCallback connected,
                     CountCallback count,
                     AcceptFilter accept)
{
    m_node = node;
    m_connected = std::move(connected);
    m_count = std::move(count);
    m_accept = std::move(accept);
    m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    // Accepted sockets are forks of the listener and inherit the option from it.
    m_listener->SetAttribute("TcpNoDelay", BooleanValue(m_config.tcpNoDelay));
    if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_config.port)) == -1)
    {
        m_listener = nullptr;
        return false;
    }
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeCallback(&PeerConnector::HandleAcceptRequest, this),
                                  MakeCallback(&PeerConnector::HandleAccept, this));
    m_running = true;
    return true;
}

void
PeerConnector::Stop()
{
    m_running = false;
    m_retryEvent.Cancel();
    // In dial order, so that the FINs and resets leave in a deterministic order.
    std::vector<std::pair<uint64_t, Ptr<Socket>>> dials;
    for (const auto& [socket, dial] : m_dials)
    {
        dials.emplace_back(dial.sequence, socket);
    }
    std::sort(dials.begin(), dials.end());
    for (auto& [sequence, socket] : dials)
    {
        m_dials[socket].timeout.Cancel();
        socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
        m_closed.Add(socket);
    }
    m_dials.clear();
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener->Close();
        m_closed.Add(m_listener);
        m_listener = nullptr;
    }
}

void
PeerConnector::Abandon()
{
    m_running = false;
    m_retryEvent.Cancel();
    for (auto& [socket, dial] : m_dials)
    {
        dial.timeout.Cancel();
        socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        m_closed.Add(socket);
    }
    m_dials.clear();
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_closed.Add(m_listener);
        m_listener = nullptr;
    }
}

const PeerList&
PeerConnector::GetPeerList() const
{
    return m_peerList;
}

uint32_t
PeerConnector::GetDialCount() const
{
    return static_cast<uint32_t>(m_dials.size());
}

void
PeerConnector::KeepClosed(Ptr<Socket> socket)
{
    m_closed.Add(socket);
}

void
PeerConnector::AddPeer(const PeerList::Endpoint& endpoint)
{
    m_peerList.Add(endpoint);
}

void
PeerConnector::ConnectMore()
{
    while (m_running && m_count() + m_dials.size() < m_config.maxPeers)
    {
        const auto endpoint = m_peerList.NextCandidate(Simulator::Now());
        if (!endpoint)
        {
            break;
        }
        m_peerList.OnDialing(*endpoint);
        Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        socket->SetAttribute("TcpNoDelay", BooleanValue(m_config.tcpNoDelay));
        socket->Bind();
        socket->SetConnectCallback(MakeCallback(&PeerConnector::HandleConnected, this),
                                   MakeCallback(&PeerConnector::HandleConnectFailed, this));
        Dial& dial = m_dials[socket];
        dial.sequence = m_dialSequence++;
        dial.endpoint = *endpoint;
        dial.timeout = Simulator::Schedule(m_config.connectTimeout,
                                           &PeerConnector::HandleConnectTimeout,
                                           this,
                                           socket);
        socket->Connect(InetSocketAddress(endpoint->first, endpoint->second));
    }
    // Room left but nobody to dial now: dial again when the first back-off ends.
    m_retryEvent.Cancel();
    if (m_running && m_count() + m_dials.size() < m_config.maxPeers)
    {
        if (const auto at = m_peerList.NextCandidateTime(Simulator::Now()))
        {
            m_retryEvent =
                Simulator::Schedule(*at - Simulator::Now(), &PeerConnector::ConnectMore, this);
        }
    }
}

bool
PeerConnector::HandleAcceptRequest(Ptr<Socket> socket, const Address& from)
{
    return m_running && m_count() < m_config.maxConnections &&
           m_accept(InetSocketAddress::ConvertFrom(from).GetIpv4());
}

void
PeerConnector::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    FixAcceptedSocket(socket);
    NS_LOG_FUNCTION(this << socket << from);
    m_peerList.OnConnected(InetSocketAddress::ConvertFrom(from).GetIpv4(), std::nullopt);
    m_connected(socket, from, false);
}

void
PeerConnector::HandleConnected(Ptr<Socket> socket)
{
    auto it = m_dials.find(socket);
    if (it == m_dials.end())
    {
        return;
    }
    const PeerList::Endpoint endpoint = it->second.endpoint;
    it->second.timeout.Cancel();
    m_dials.erase(it);
    m_peerList.OnConnected(endpoint.first, endpoint);
    m_connected(socket, InetSocketAddress(endpoint.first, endpoint.second), true);
}

void
PeerConnector::HandleConnectFailed(Ptr<Socket> socket)
{
    EndDial(socket);
    ConnectMore();
}

void
PeerConnector::HandleConnectTimeout(Ptr<Socket> socket)
{
    NS_LOG_INFO("dial timed out");
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->Close();
    EndDial(socket);
    ConnectMore();
}

void
PeerConnector::EndDial(Ptr<Socket> socket)
{
    auto it = m_dials.find(socket);
    if (it == m_dials.end())
    {
        return;
    }
    it->second.timeout.Cancel();
    m_peerList.OnDialFailed(it->second.endpoint, Simulator::Now());
    m_dials.erase(it);
    m_closed.Add(socket);
}

void
PeerConnector::HandleClosed(const Address& remote, bool outgoing, bool failed)
{
    const InetSocketAddress inet = InetSocketAddress::ConvertFrom(remote);
    std::optional<PeerList::Endpoint> endpoint;
    if (outgoing)
    {
        endpoint = PeerList::Endpoint{inet.GetIpv4(), inet.GetPort()};
    }
    m_peerList.OnClosed(inet.GetIpv4(), endpoint, Simulator::Now(), failed);
}

void
PeerConnector::HandleHandshake(const Address& remote)
{
    const InetSocketAddress inet = InetSocketAddress::ConvertFrom(remote);
    m_peerList.OnHandshake({inet.GetIpv4(), inet.GetPort()});
}

} // namespace ns3
