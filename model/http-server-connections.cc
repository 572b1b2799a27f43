// SPDX-License-Identifier: GPL-2.0-only

#include "http-server-connections.h"

#include "accepted-socket-fixup.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpServerConnections");

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

void
HttpServerConnections::SetLimits(uint32_t maxHeadBytes,
                                 Time requestTimeout,
                                 uint32_t maxConnections)
{
    m_maxHeadBytes = maxHeadBytes;
    m_requestTimeout = requestTimeout;
    m_maxConnections = maxConnections;
}

void
HttpServerConnections::SetCallbacks(HeadCallback head,
                                    ConnectionCallback tooLarge,
                                    ConnectionCallback timeout,
                                    RefusedCallback refused)
{
    m_head = head;
    m_tooLarge = tooLarge;
    m_timeout = timeout;
    m_refusedCallback = refused;
}

void
HttpServerConnections::SetConnectionCallbacks(Callback<void, Ptr<Socket>, uint32_t> send,
                                              Callback<void, Ptr<Socket>> forget)
{
    m_send = send;
    m_forget = forget;
}

void
HttpServerConnections::Start(Ptr<Socket> listener)
{
    m_listener = listener;
    m_listener->SetAcceptCallback(
        MakeCallback(&HttpServerConnections::HandleConnectionRequest, this),
        MakeCallback(&HttpServerConnections::HandleAccept, this));
}

bool
HttpServerConnections::IsListening() const
{
    return m_listener != nullptr;
}

void
HttpServerConnections::Stop()
{
    if (m_listener)
    {
        m_listener->Close();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener = nullptr;
    }
    // In accept order, not in the map's (the sockets' addresses, which differ from one
    // process to the next), so that the FINs leave in the same order in every run.
    std::vector<std::pair<uint64_t, Ptr<Socket>>> open;
    for (auto& [socket, connection] : m_connections)
    {
        connection.timeout.Cancel();
        open.emplace_back(connection.sequence, socket);
    }
    std::sort(open.begin(), open.end());
    for (auto& [sequence, socket] : open)
    {
        Linger(socket);
        socket->Close();
    }
    m_connections.clear();
    m_handshakes.clear();
}

void
HttpServerConnections::Dispose()
{
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
    m_listener = nullptr;
    m_head = HeadCallback();
    m_tooLarge = ConnectionCallback();
    m_timeout = ConnectionCallback();
    m_refusedCallback = RefusedCallback();
    m_send = Callback<void, Ptr<Socket>, uint32_t>();
    m_forget = Callback<void, Ptr<Socket>>();
}

void
HttpServerConnections::Forget(Ptr<Socket> socket)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
    {
        it->second.timeout.Cancel();
        m_connections.erase(it);
        if (!m_forget.IsNull())
        {
            m_forget(socket);
        }
    }
}

void
HttpServerConnections::Close(Ptr<Socket> socket)
{
    Forget(socket);
    Linger(socket);
    socket->Close();
}

void
HttpServerConnections::Linger(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeCallback(&DiscardInput));
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    DiscardInput(socket);
}

uint32_t
HttpServerConnections::GetOpenCount() const
{
    return static_cast<uint32_t>(m_connections.size());
}

uint32_t
HttpServerConnections::GetPeakCount() const
{
    return m_peakConnections;
}

uint64_t
HttpServerConnections::GetRefusedCount() const
{
    return m_refused;
}

uint64_t
HttpServerConnections::GetTimedOutCount() const
{
    return m_timedOut;
}

uint32_t
HttpServerConnections::GetPeakHeadBytes() const
{
    return m_peakHeadBytes;
}

bool
HttpServerConnections::HandleConnectionRequest(Ptr<Socket> socket, const Address& from)
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
            m_refusedCallback(from);
            return false;
        }
    }
    m_handshakes[from] = Simulator::Now();
    return true;
}

void
HttpServerConnections::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    FixAcceptedSocket(socket);
    NS_LOG_FUNCTION(this << socket << from);
    m_handshakes.erase(from);
    if (!InetSocketAddress::IsMatchingType(from))
    {
        // The listeners are bound to IPv4 addresses; the tracker's compact peers (BEP 23)
        // could not name another family anyway.
        socket->Close();
        return;
    }
    if (m_connections.size() >= m_maxConnections)
    {
        // Only a handshake that outlived its reservation (see HandleConnectionRequest) gets
        // here while the server is full.
        ++m_refused;
        m_refusedCallback(from);
        socket->Close();
        return;
    }
    Connection connection;
    connection.peer = from;
    connection.framer = HttpHeadFramer(m_maxHeadBytes);
    connection.sequence = m_accepted++;
    connection.timeout = Simulator::Schedule(m_requestTimeout,
                                             &HttpServerConnections::HandleRequestTimeout,
                                             this,
                                             socket);
    m_connections.emplace(socket, std::move(connection));
    m_peakConnections = std::max(m_peakConnections, static_cast<uint32_t>(m_connections.size()));
    socket->SetRecvCallback(MakeCallback(&HttpServerConnections::HandleRead, this));
    if (!m_send.IsNull())
    {
        socket->SetSendCallback(m_send);
    }
    socket->SetCloseCallbacks(MakeCallback(&HttpServerConnections::HandlePeerClose, this),
                              MakeCallback(&HttpServerConnections::HandleError, this));
}

void
HttpServerConnections::HandleRead(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_connections.find(socket) == m_connections.end())
    {
        DiscardInput(socket);
        return;
    }
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        // The owner may have closed the connection in a callback of an earlier packet.
        auto it = m_connections.find(socket);
        if (it == m_connections.end())
        {
            continue; // read and drop (lingering close)
        }
        Connection& connection = it->second;
        if (connection.headDone)
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
        case HttpHeadFramer::State::COMPLETE: {
            connection.timeout.Cancel();
            connection.headDone = true;
            const std::string head = connection.framer.TakeHead();
            connection.framer = HttpHeadFramer(0); // free what came after the head
            const Address peer = connection.peer;
            m_head(socket, peer, head);
            break;
        }
        case HttpHeadFramer::State::TOO_LARGE: {
            NS_LOG_INFO("request head from " << connection.peer << " too large");
            connection.headDone = true;
            const Address peer = connection.peer;
            m_tooLarge(socket, peer);
            break;
        }
        case HttpHeadFramer::State::INCOMPLETE:
            break;
        }
    }
}

void
HttpServerConnections::HandlePeerClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (m_connections.find(socket) != m_connections.end())
    {
        Close(socket); // no request will come: close our side too
    }
}

void
HttpServerConnections::HandleError(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Forget(socket);
}

void
HttpServerConnections::HandleRequestTimeout(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
    {
        return;
    }
    ++m_timedOut;
    NS_LOG_INFO("no complete request head from " << it->second.peer << " within "
                                                 << m_requestTimeout.As(Time::S));
    const Address peer = it->second.peer;
    m_timeout(socket, peer);
}

} // namespace ns3
