// SPDX-License-Identifier: GPL-2.0-only

#include "torrent.h"

#include "peer-list.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <set>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Torrent");

Torrent::Torrent(const TorrentSettings& settings, std::unique_ptr<PiecePicker> picker, Host& host)
    : m_settings(settings),
      m_picker(std::move(picker)),
      m_choker(std::make_unique<Choker>(settings.choker)),
      m_host(host)
{
    m_choker->SetRandom(m_settings.random);
}

Torrent::~Torrent()
{
    m_rechokeEvent.Cancel();
}

void
Torrent::Start()
{
    m_running = true;
    m_lastRechoke = Simulator::Now();
    m_rechokeEvent = Simulator::Schedule(m_settings.rechokeInterval, &Torrent::Rechoke, this);
}

void
Torrent::Stop()
{
    m_running = false;
    m_rechokeEvent.Cancel();
    std::vector<uint32_t> ids;
    for (const auto& [id, connection] : m_connections)
    {
        ids.push_back(id);
    }
    for (uint32_t id : ids)
    {
        CloseConnection(id, "leaving the swarm", false);
    }
}

void
Torrent::Abandon()
{
    m_running = false;
    m_rechokeEvent.Cancel();
    m_connections.clear(); // each detaches from its socket, which is left as it is
}

const PiecePicker&
Torrent::GetPicker() const
{
    return *m_picker;
}

const std::map<uint32_t, std::unique_ptr<PeerConnection>>&
Torrent::GetConnections() const
{
    return m_connections;
}

uint64_t
Torrent::GetBytesUploaded() const
{
    return m_uploaded;
}

uint64_t
Torrent::GetBytesDownloaded() const
{
    return m_downloaded;
}

uint64_t
Torrent::GetProtocolErrors() const
{
    return m_protocolErrors;
}

uint64_t
Torrent::GetHaveMessagesSent() const
{
    return m_haveMessagesSent;
}

uint32_t
Torrent::GetMaxConnectionCount() const
{
    return m_maxConnectionCount;
}

void
Torrent::AddConnection(Ptr<Socket> socket, const Address& remote, bool outgoing)
{
    const uint32_t id = m_nextConnectionId++;
    auto connection = std::make_unique<PeerConnection>(id,
                                                       socket,
                                                       remote,
                                                       outgoing,
                                                       m_settings.limits,
                                                       m_settings.connection,
                                                       static_cast<PeerConnection::Owner&>(*this));
    PeerConnection& c = *connection;
    m_connections.emplace(id, std::move(connection));
    m_maxConnectionCount =
        std::max(m_maxConnectionCount, static_cast<uint32_t>(m_connections.size()));
    c.Send(PeerWireCodec::EncodeHandshake(m_settings.limits.infoHash,
                                          m_settings.peerId,
                                          PeerWireCodec::Reserved(m_settings.fastExtension)));
    if (!m_picker->GetHave().IsNoneSet())
    {
        c.Send(PeerWireCodec::EncodeBitfield(m_picker->GetHave().ToBytes()));
    }
}

void
Torrent::CloseConnection(uint32_t id, const std::string& reason, bool failed)
{
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    PeerConnection& c = *it->second;
    NS_LOG_INFO("closing connection " << id << ": " << reason);
    if (c.registered)
    {
        m_picker->RemovePeer(id); // its requests become pickable again
    }
    c.Close();
    const Ptr<Socket> socket = c.GetSocket();
    const Address remote = c.GetRemote();
    const bool outgoing = c.IsOutgoing();
    const bool hadRequests = c.GetRequestCount() > 0;
    const bool heldSlot = !c.amChoking && c.peerInterested;
    m_connections.erase(it);
    if (m_running && hadRequests)
    {
        RequestBlocksEverywhere(); // its blocks are free again: let the others ask
    }
    if (m_running && heldSlot)
    {
        FillFreeSlots();
    }
    m_host.HandleConnectionClosed(socket, remote, outgoing, failed);
}

void
Torrent::HandleFailure(PeerConnection& c,
                       PeerConnection::Failure failure,
                       const std::string& reason)
{
    if (failure == PeerConnection::Failure::PROTOCOL_ERROR)
    {
        ProtocolError(c, reason);
        return;
    }
    CloseConnection(c.GetId(), reason, failure == PeerConnection::Failure::TIMED_OUT);
}

void
Torrent::ProtocolError(PeerConnection& c, const std::string& reason)
{
    ++m_protocolErrors;
    m_host.HandleProtocolError(c.GetRemote(), reason);
    NS_LOG_WARN("protocol error on connection " << c.GetId() << ": " << reason);
    CloseConnection(c.GetId(), reason, true);
}

bool
Torrent::AbortRequests(PeerConnection& c)
{
    if (c.GetRequestCount() == 0)
    {
        return false;
    }
    for (const auto& block : c.TakeRequests())
    {
        m_picker->AbortRequest(c.GetId(), block);
        ++c.lateBlocksAllowed; // it may be on its way already
    }
    return true;
}

void
Torrent::HandleBlockSent(PeerConnection& c, uint32_t bytes)
{
    m_uploaded += bytes;
    m_host.HandleBlockSent(c.GetRemote(), bytes);
}

void
Torrent::HandleBlockDiscarded(PeerConnection& c, uint32_t bytes)
{
    m_downloaded += bytes;
    m_host.HandleBlockReceived(c.GetRemote(), bytes);
}

void
Torrent::HandleSnubbed(PeerConnection& c)
{
    // libtorrent's snub: the overdue requests are asked elsewhere at once; the peer keeps one
    // request at a time until it sends a block.
    m_host.HandleSnubbed(c.GetRemote());
    if (AbortRequests(c))
    {
        RequestBlocksEverywhere();
    }
}

void
Torrent::HandleMessage(PeerConnection& c, const PeerWireMessage& message)
{
    using Type = PeerWireMessageType;
    if (message.type == Type::HANDSHAKE)
    {
        HandleHandshake(c, message);
        return;
    }
    if (message.type == Type::KEEP_ALIVE)
    {
        return;
    }
    const bool haveMessage = message.type == Type::BITFIELD || message.type == Type::HAVE_ALL ||
                             message.type == Type::HAVE_NONE;
    if (!c.registered && (!RegisterPeer(c, message) || haveMessage))
    {
        return;
    }
    switch (message.type)
    {
    case Type::BITFIELD:
    case Type::HAVE_ALL:
    case Type::HAVE_NONE:
        ProtocolError(c, ToString(message.type) + " after the first message");
        return;
    case Type::CHOKE:
        c.peerChoking = true;
        // BEP 3: a choke discards our pending requests; give their blocks back to the picker.
        // BEP 6: the peer rejects those it will not serve (the allowed fast ones it serves).
        if (!c.fast && AbortRequests(c))
        {
            RequestBlocksEverywhere(); // the blocks are free again: let the others ask
        }
        RequestBlocks(c); // allowed fast pieces may still be asked for
        return;
    case Type::UNCHOKE:
        c.peerChoking = false;
        RequestBlocks(c);
        return;
    case Type::INTERESTED:
        c.peerInterested = true;
        SendAllowedFastSet(c);
        FillFreeSlots();
        return;
    case Type::NOT_INTERESTED:
        c.peerInterested = false;
        if (!c.amChoking)
        {
            FillFreeSlots(); // its slot is wasted until the next rechoke otherwise
        }
        return;
    case Type::HAVE:
        m_picker->AddHave(c.GetId(), message.index);
        // Two seeds have nothing to trade, but the connection stays: blocks requested before
        // may still be on their way, and closing would reset them.
        c.peerIsSeed = m_picker->GetPeerHave(c.GetId()).IsAllSet();
        UpdateAllowedFast(c, message.index);
        UpdateInterest(c);
        RequestBlocks(c); // the new piece may be just what an idle pipeline waits for
        return;
    case Type::REQUEST: {
        // Requests for pieces we lack, from a peer we choke (but for its allowed fast pieces)
        // or beyond the queue are dropped; under BEP 6 with a reject.
        const BlockRequest block{message.index, message.begin, message.length};
        const RequestVerdict verdict = JudgeRequest(c, block);
        if (verdict == RequestVerdict::CLOSED)
        {
            return;
        }
        if (verdict == RequestVerdict::REJECT || !c.QueueUpload(block))
        {
            Reject(c, block);
        }
        return;
    }
    case Type::PIECE:
        HandlePiece(c, message);
        return;
    case Type::CANCEL: {
        c.CancelUpload(BlockRequest{message.index, message.begin, message.length});
        return;
    }
    case Type::SUGGEST_PIECE:
    case Type::ALLOWED_FAST:
    case Type::REJECT_REQUEST:
        HandleFastMessage(c, message);
        return;
    default:
        return;
    }
}

bool
Torrent::HandleHandshake(PeerConnection& c, const PeerWireMessage& message)
{
    c.handshaken = true;
    c.remoteId = message.peerId;
    c.fast = m_settings.fastExtension && PeerWireCodec::HasFastExtension(message.reserved);
    if (c.remoteId == m_settings.peerId)
    {
        CloseConnection(c.GetId(), "connected to itself", true);
        return false;
    }
    // Two peers that dialled each other at once: both keep the connection opened by the
    // peer with the smaller id, so they close the same one.
    for (auto& [id, o] : m_connections)
    {
        const PeerConnection& other = *o;
        if (id == c.GetId() || !other.handshaken || other.remoteId != c.remoteId)
        {
            continue;
        }
        auto opener = [this](const PeerConnection& x) {
            return x.IsOutgoing() ? m_settings.peerId : x.remoteId;
        };
        const bool keepNew = PeerList::KeepNewer(other.registered, opener(c) < opener(other));
        CloseConnection(keepNew ? id : c.GetId(), "duplicate connection", false);
        if (keepNew)
        {
            m_host.HandleHandshake(c);
        }
        return keepNew;
    }
    m_host.HandleHandshake(c);
    return true;
}

bool
Torrent::RegisterPeer(PeerConnection& c, const PeerWireMessage& message)
{
    // BEP 3: the bitfield, if any, is the first message after the handshake.
    Bitfield has(m_settings.limits.pieceCount);
    if (message.type == PeerWireMessageType::BITFIELD)
    {
        has = Bitfield::FromBytes(message.bitfield, m_settings.limits.pieceCount).value_or(has);
    }
    else if (message.type == PeerWireMessageType::HAVE_ALL ||
             message.type == PeerWireMessageType::HAVE_NONE)
    {
        // BEP 6: instead of a bitfield, only between peers that both announced it.
        if (!c.fast)
        {
            ProtocolError(c, ToString(message.type) + " without the Fast Extension");
            return false;
        }
        if (message.type == PeerWireMessageType::HAVE_ALL)
        {
            has.SetAll();
        }
    }
    m_picker->AddPeer(c.GetId(), has);
    c.registered = true;
    c.peerIsSeed = has.IsAllSet();
    if (c.peerIsSeed && m_picker->IsComplete())
    {
        CloseConnection(c.GetId(), "both are seeds", false);
        return false;
    }
    UpdateInterest(c);
    return true;
}

void
Torrent::HandlePiece(PeerConnection& c, const PeerWireMessage& message)
{
    const BlockRequest block{message.index, message.begin, message.length};
    if (!c.RemoveRequest(block))
    {
        // Not outstanding here: a block we cancelled or gave up on (still welcome if we lack
        // it), or one nobody asked for, which no honest peer sends (libtorrent ignores such
        // blocks; a stream of them would cost our downlink for nothing).
        if (c.lateBlocksAllowed == 0)
        {
            ProtocolError(c, "a piece nobody asked for");
            return;
        }
        --c.lateBlocksAllowed;
    }
    m_downloaded += block.length;
    c.downSinceRechoke += block.length;
    c.BlockArrived();
    m_host.HandleBlockReceived(c.GetRemote(), block.length);
    const PiecePicker::Received received = m_picker->OnBlockReceived(c.GetId(), block);
    // Endgame: the same block is outstanding at other peers; cancel it there.
    for (uint32_t other : received.cancelPeers)
    {
        auto o = m_connections.find(other);
        if (o == m_connections.end())
        {
            continue;
        }
        if (o->second->RemoveRequest(block))
        {
            o->second->Send(PeerWireCodec::EncodeCancel(block.piece, block.begin, block.length));
            ++o->second->lateBlocksAllowed; // the cancel may cross the block
        }
    }
    if (received.pieceCompleted)
    {
        HandlePieceCompleted(block.piece);
    }
    if (m_connections.count(c.GetId()))
    {
        RequestBlocks(c);
    }
}

void
Torrent::RequestBlocks(PeerConnection& c)
{
    const uint32_t depth = c.snubbed ? 1 : m_settings.pipelineDepth;
    // A peer that chokes us still serves its allowed fast pieces (BEP 6).
    const bool onlyAllowedFast = c.peerChoking;
    if ((onlyAllowedFast && c.allowedFastPickableCount == 0) || !c.amInterested ||
        c.GetRequestCount() >= depth)
    {
        return;
    }
    const auto blocks = m_picker->Pick(c.GetId(),
                                       depth - c.GetRequestCount(),
                                       onlyAllowedFast ? &c.allowedFastPickable : nullptr);
    for (const auto& block : blocks)
    {
        c.AddRequest(block);
        c.Send(PeerWireCodec::EncodeRequest(block.piece, block.begin, block.length));
    }
}

void
Torrent::RequestBlocksEverywhere()
{
    // O(connections), only when blocks were given back (a choke or a close), not per block.
    for (auto& [id, connection] : m_connections)
    {
        PeerConnection& c = *connection;
        RequestBlocks(c);
    }
}

void
Torrent::UpdateInterest(PeerConnection& c)
{
    const bool want =
        c.registered && !m_picker->IsComplete() && m_picker->IsInterestingPeer(c.GetId());
    if (want == c.amInterested)
    {
        return;
    }
    c.amInterested = want;
    c.Send(want ? PeerWireCodec::EncodeInterested() : PeerWireCodec::EncodeNotInterested());
    if (want)
    {
        RequestBlocks(c);
    }
}

void
Torrent::HandlePieceCompleted(uint32_t piece)
{
    m_host.HandlePieceCompleted(piece);
    const auto have = PeerWireCodec::EncodeHave(piece);
    for (auto& [id, connection] : m_connections)
    {
        PeerConnection& c = *connection;
        // Our handshake and bitfield went out when the connection opened, so a `have` may
        // follow even before the remote handshake arrives; skipping it would leave that
        // neighbour ignorant of the piece for good. A neighbour that has the piece learns
        // nothing from it (it never asks us for it).
        if (m_settings.sendRedundantHave || !c.registered || !m_picker->GetPeerHave(id).Test(piece))
        {
            c.Send(have);
            ++m_haveMessagesSent;
        }
        UpdateInterest(c);
    }
    if (m_picker->IsComplete())
    {
        m_host.HandleDownloadCompleted();
    }
}

} // namespace ns3
