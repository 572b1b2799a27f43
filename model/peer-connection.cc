// SPDX-License-Identifier: GPL-2.0-only

#include "peer-connection.h"

#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-base.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PeerConnection");

PeerConnection::PeerConnection(uint32_t id,
                               Ptr<Socket> socket,
                               const Address& remote,
                               bool outgoing,
                               const PeerWireLimits& limits,
                               const PeerConnectionConfig& config,
                               Owner& owner)
    : m_id(id),
      m_socket(socket),
      m_remote(remote),
      m_outgoing(outgoing),
      m_config(config),
      m_owner(owner),
      m_framer(limits),
      m_connectedAt(Simulator::Now()),
      m_alive(std::make_shared<char>())
{
    m_lastReceive = m_connectedAt;
    m_lastSend = m_connectedAt;
    // Every socket of ns-3's TcpSocketFactory is a TcpSocketBase; its buffer lives as long.
    Ptr<TcpSocketBase> tcp = DynamicCast<TcpSocketBase>(socket);
    NS_ASSERT_MSG(tcp, "PeerConnection needs ns-3's TCP sockets");
    m_txBuffer = tcp->GetTxBuffer();
    socket->SetRecvCallback(MakeCallback(&PeerConnection::HandleRead, this));
    socket->SetSendCallback(MakeCallback(&PeerConnection::HandleSend, this));
    socket->SetCloseCallbacks(MakeCallback(&PeerConnection::HandleClosed, this),
                              MakeCallback(&PeerConnection::HandleClosed, this));
    m_handshakeEvent = Simulator::Schedule(m_config.handshakeTimeout,
                                           &PeerConnection::HandleHandshakeTimeout,
                                           this);
    m_inactivityEvent =
        Simulator::Schedule(m_config.peerTimeout, &PeerConnection::HandleInactivityTimer, this);
    m_keepAliveEvent = Simulator::Schedule(m_config.keepAliveInterval,
                                           &PeerConnection::HandleKeepAliveTimer,
                                           this);
}

PeerConnection::~PeerConnection()
{
    Detach();
}

uint32_t
PeerConnection::GetId() const
{
    return m_id;
}

Ptr<Socket>
PeerConnection::GetSocket() const
{
    return m_socket;
}

const Address&
PeerConnection::GetRemote() const
{
    return m_remote;
}

bool
PeerConnection::IsOutgoing() const
{
    return m_outgoing;
}

Time
PeerConnection::GetConnectedAt() const
{
    return m_connectedAt;
}

void
PeerConnection::Detach()
{
    m_handshakeEvent.Cancel();
    m_inactivityEvent.Cancel();
    m_keepAliveEvent.Cancel();
    m_requestEvent.Cancel();
    m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                MakeNullCallback<void, Ptr<Socket>>());
}

void
PeerConnection::Close()
{
    Detach();
    // Unread bytes would make ns-3's TCP answer Close() with a reset, discarding the blocks
    // we already handed to it: read them (nothing more is processed) and close gracefully.
    while (m_socket->GetRxAvailable() > 0)
    {
        Ptr<Packet> packet = m_socket->Recv();
        if (!packet || packet->GetSize() == 0)
        {
            break;
        }
        // Blocks in them still count as downloaded (wasted): they did cross the network.
        ConsumeBytes(packet, [this](const PeerWireMessage& message) {
            if (message.type == PeerWireMessageType::PIECE)
            {
                m_owner.HandleBlockDiscarded(*this, message.length);
            }
            return true;
        });
    }
    m_socket->Close();
}

void
PeerConnection::HandleRead(Ptr<Socket> socket)
{
    std::weak_ptr<char> alive = m_alive;
    m_lastReceive = Simulator::Now();
    while (Ptr<Packet> packet = socket->Recv())
    {
        const bool open = ConsumeBytes(packet, [this, &alive](const PeerWireMessage& m) {
            m_owner.HandleMessage(*this, m);
            return !alive.expired(); // false: the message closed us
        });
        if (!open)
        {
            return;
        }
        if (m_framer.GetError() != PeerWireError::NONE)
        {
            m_owner.HandleFailure(*this, Failure::PROTOCOL_ERROR, ToString(m_framer.GetError()));
            return;
        }
    }
}

bool
PeerConnection::ConsumeBytes(Ptr<Packet> packet,
                             const std::function<bool(const PeerWireMessage&)>& handle)
{
    // The framer says what comes next: header bytes are copied out (a few per message);
    // block payload is only counted and dropped from the packet, never copied.
    while (packet->GetSize() > 0)
    {
        const PeerWireFramer::Want want = m_framer.GetWant();
        if (want.bytes == 0)
        {
            return true; // the stream is broken: the caller looks at the framer's error
        }
        const uint32_t n =
            static_cast<uint32_t>(std::min<std::size_t>(want.bytes, packet->GetSize()));
        if (want.payload)
        {
            m_framer.Skip(n);
        }
        else
        {
            m_scratch.resize(n);
            packet->CopyData(m_scratch.data(), n);
            m_framer.Push(m_scratch.data(), n);
        }
        packet->RemoveAtStart(n);
        while (auto message = m_framer.Next())
        {
            if (!handle(*message))
            {
                return false;
            }
        }
    }
    return true;
}

void
PeerConnection::HandleSend(Ptr<Socket> socket, uint32_t available)
{
    Flush();
}

void
PeerConnection::HandleClosed(Ptr<Socket> socket)
{
    m_owner.HandleFailure(*this, Failure::CLOSED_BY_REMOTE, "closed by the remote peer");
}

void
PeerConnection::Send(const std::vector<uint8_t>& bytes)
{
    m_pendingBytes.insert(m_pendingBytes.end(), bytes.begin(), bytes.end());
    Flush();
}

bool
PeerConnection::QueueUpload(const BlockRequest& block)
{
    if (m_toServe.size() >= m_config.maxQueuedRequests)
    {
        return false;
    }
    m_toServe.push_back(block);
    Flush();
    return true;
}

void
PeerConnection::CancelUpload(const BlockRequest& block)
{
    auto it = std::find(m_toServe.begin(), m_toServe.end(), block);
    if (it != m_toServe.end())
    {
        m_toServe.erase(it);
    }
}

std::vector<BlockRequest>
PeerConnection::DropUploadsExcept(const std::function<bool(const BlockRequest&)>& keep)
{
    std::vector<BlockRequest> dropped;
    std::deque<BlockRequest> kept;
    for (const auto& block : m_toServe)
    {
        (keep(block) ? kept.push_back(block) : dropped.push_back(block));
    }
    m_toServe = std::move(kept);
    return dropped;
}

void
PeerConnection::AddRequest(const BlockRequest& block)
{
    const Time now = Simulator::Now();
    if (m_requested.empty())
    {
        m_progressAt = now; // the piece time-out counts from the first request waiting
    }
    m_requested.push_back(block);
    m_requestedAt.push_back(now);
    if (m_requestEvent.IsExpired())
    {
        m_requestEvent = Simulator::Schedule(GetRequestDeadline() - now,
                                             &PeerConnection::HandleRequestTimer,
                                             this);
    }
}

bool
PeerConnection::RemoveRequest(const BlockRequest& block)
{
    auto it = std::find(m_requested.begin(), m_requested.end(), block);
    if (it == m_requested.end())
    {
        return false;
    }
    m_requestedAt.erase(m_requestedAt.begin() + (it - m_requested.begin()));
    m_requested.erase(it);
    return true;
}

std::vector<BlockRequest>
PeerConnection::TakeRequests()
{
    std::vector<BlockRequest> taken;
    taken.swap(m_requested);
    m_requestedAt.clear();
    return taken;
}

void
PeerConnection::BlockArrived()
{
    m_progressAt = Simulator::Now();
    lastBlockAt = m_progressAt;
    snubbed = false;
}

Time
PeerConnection::GetRequestDeadline() const
{
    return std::min(m_requestedAt.front() + m_config.requestTimeout,
                    m_progressAt + m_config.pieceTimeout);
}

void
PeerConnection::HandleRequestTimer()
{
    if (m_requested.empty())
    {
        return; // AddRequest starts the timer again
    }
    const Time deadline = GetRequestDeadline();
    if (Simulator::Now() < deadline)
    {
        m_requestEvent = Simulator::Schedule(deadline - Simulator::Now(),
                                             &PeerConnection::HandleRequestTimer,
                                             this);
        return;
    }
    NS_LOG_INFO("connection " << m_id << ": requests timed out, the peer is snubbed");
    snubbed = true;
    m_owner.HandleSnubbed(*this);
}

void
PeerConnection::HandleHandshakeTimeout()
{
    if (!handshaken)
    {
        m_owner.HandleFailure(*this, Failure::TIMED_OUT, "no handshake in time");
    }
}

void
PeerConnection::HandleInactivityTimer()
{
    const Time deadline = m_lastReceive + m_config.peerTimeout;
    if (Simulator::Now() >= deadline)
    {
        m_owner.HandleFailure(*this, Failure::TIMED_OUT, "the peer went silent");
        return;
    }
    m_inactivityEvent = Simulator::Schedule(deadline - Simulator::Now(),
                                            &PeerConnection::HandleInactivityTimer,
                                            this);
}

void
PeerConnection::HandleKeepAliveTimer()
{
    if (Simulator::Now() >= m_lastSend + m_config.keepAliveInterval)
    {
        Send(PeerWireCodec::EncodeKeepAlive());
    }
    Time next = m_lastSend + m_config.keepAliveInterval;
    if (next <= Simulator::Now())
    {
        next = Simulator::Now() + m_config.keepAliveInterval; // the buffer took nothing
    }
    m_keepAliveEvent =
        Simulator::Schedule(next - Simulator::Now(), &PeerConnection::HandleKeepAliveTimer, this);
}

void
PeerConnection::Sent(int bytes)
{
    if (bytes > 0)
    {
        m_lastSend = Simulator::Now();
    }
}

uint32_t
PeerConnection::GetRequestCount() const
{
    return static_cast<uint32_t>(m_requested.size());
}

void
PeerConnection::Flush()
{
    if (!m_pendingBytes.empty())
    {
        const uint32_t room = m_socket->GetTxAvailable();
        const uint32_t n =
            static_cast<uint32_t>(std::min<std::size_t>(room, m_pendingBytes.size()));
        if (n > 0)
        {
            const int sent = m_socket->Send(m_pendingBytes.data(), n, 0);
            Sent(sent);
            if (sent > 0)
            {
                m_pendingBytes.erase(m_pendingBytes.begin(), m_pendingBytes.begin() + sent);
            }
        }
        if (!m_pendingBytes.empty())
        {
            return; // the rest goes when the send buffer drains (HandleSend)
        }
    }
    // Blocks go whole or not at all, so a message is never cut by another one. Flush runs on
    // every ACK (HandleSend): no liveness token here, HandleBlockSent must not close us.
    // While we choke it, the queue holds only blocks of its allowed fast set (BEP 6).
    while (!m_toServe.empty() && (!amChoking || fast))
    {
        const BlockRequest block = m_toServe.front();
        const uint32_t room = m_socket->GetTxAvailable();
        if (UnsentBytes() >= m_config.sendWatermark ||
            room < PeerWireCodec::PIECE_HEADER_LENGTH + block.length)
        {
            return; // HandleSend calls again as TCP drains its buffer
        }
        const auto header =
            PeerWireCodec::EncodePieceHeader(block.piece, block.begin, block.length);
        m_socket->Send(header.data(), header.size(), 0);
        Sent(m_socket->Send(Create<Packet>(block.length))); // virtual (zero-filled) payload
        m_toServe.pop_front();
        upSinceRechoke += block.length;
        upSinceUnchoke += block.length;
        m_owner.HandleBlockSent(*this, block.length);
    }
}

uint32_t
PeerConnection::UnsentBytes() const
{
    // O(1) counters only: BytesInFlight() is sent - sacked - lost + retransmitted, so this sum
    // is the size of the sent list, and the rest of the unacknowledged bytes were never sent.
    const TcpTxBuffer& tx = *m_txBuffer;
    const uint32_t sent =
        tx.BytesInFlight() + tx.GetSacked() + tx.GetLost() - tx.GetRetransmitsCount();
    return tx.Size() - std::min(tx.Size(), sent);
}

} // namespace ns3
