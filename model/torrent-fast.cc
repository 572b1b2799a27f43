// SPDX-License-Identifier: GPL-2.0-only
//
// Torrent's part of BEP 6, the Fast Extension, as libtorrent 2.0 implements it: the allowed
// fast set a neighbour gets on its first interest, the requests served while it is choked,
// and reject messages instead of silently dropped requests. The rest of Torrent is in
// torrent.cc.

#include "allowed-fast-set.h"
#include "torrent.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TorrentFast");

Torrent::RequestVerdict
Torrent::JudgeRequest(PeerConnection& c, const BlockRequest& block)
{
    if (!m_picker->GetHave().Test(block.piece))
    {
        return RequestVerdict::REJECT;
    }
    const auto it = std::find(c.allowedFastOut.begin(), c.allowedFastOut.end(), block.piece);
    if (it == c.allowedFastOut.end())
    {
        return c.amChoking ? RequestVerdict::REJECT : RequestVerdict::SERVE;
    }
    // libtorrent counts every request for an allowed piece and closes a connection that asks
    // for one more than 3 times its blocks while choked: nothing honest does that.
    uint32_t& asked = c.allowedFastAsked[it - c.allowedFastOut.begin()];
    const uint64_t blockSize = std::max<uint32_t>(m_picker->GetBlockSize(), 1);
    const uint64_t blocksPerPiece = (m_settings.limits.pieceLength + blockSize - 1) / blockSize;
    if (c.amChoking && asked >= 3 * blocksPerPiece)
    {
        ProtocolError(c, "too many requests for an allowed fast piece while choked");
        return RequestVerdict::CLOSED;
    }
    ++asked;
    return RequestVerdict::SERVE;
}

void
Torrent::Reject(PeerConnection& c, const BlockRequest& block)
{
    if (c.fast)
    {
        c.Send(PeerWireCodec::EncodeRejectRequest(block.piece, block.begin, block.length));
    }
}

void
Torrent::SendAllowedFastSet(PeerConnection& c)
{
    // libtorrent: once per connection, when the peer first says it is interested (so that
    // pieces it already has are left out), never to a seed, never by a free rider.
    if (!c.fast || c.allowedFastSent || m_settings.allowedFastSetSize == 0 || c.peerIsSeed ||
        m_settings.freeRider || !InetSocketAddress::IsMatchingType(c.GetRemote()))
    {
        return;
    }
    c.allowedFastSent = true;
    std::array<uint8_t, 4> address{};
    InetSocketAddress::ConvertFrom(c.GetRemote()).GetIpv4().Serialize(address.data());
    c.allowedFastOut = ComputeAllowedFastSet(address,
                                             m_settings.limits.infoHash,
                                             m_settings.limits.pieceCount,
                                             m_settings.allowedFastSetSize,
                                             m_picker->GetPeerHave(c.GetId()),
                                             true);
    c.allowedFastAsked.assign(c.allowedFastOut.size(), 0);
    for (uint32_t piece : c.allowedFastOut)
    {
        c.Send(PeerWireCodec::EncodeAllowedFast(piece));
    }
}

void
Torrent::UpdateAllowedFast(PeerConnection& c, uint32_t piece)
{
    if (c.allowedFastIn.GetSize() == 0 || !c.allowedFastIn.Test(piece) ||
        c.allowedFastPickable.Test(piece))
    {
        return;
    }
    c.allowedFastPickable.Set(piece);
    ++c.allowedFastPickableCount;
}

void
Torrent::HandleFastMessage(PeerConnection& c, const PeerWireMessage& message)
{
    using Type = PeerWireMessageType;
    if (!c.fast)
    {
        ProtocolError(c, ToString(message.type) + " without the Fast Extension");
        return;
    }
    switch (message.type)
    {
    case Type::SUGGEST_PIECE:
        return; // advice only; libtorrent's picker ignores it by default too
    case Type::ALLOWED_FAST: {
        const uint32_t pieces = m_settings.limits.pieceCount;
        if (c.allowedFastIn.GetSize() == 0)
        {
            c.allowedFastIn = Bitfield(pieces);
            c.allowedFastPickable = Bitfield(pieces);
        }
        c.allowedFastIn.Set(message.index);
        if (m_picker->GetPeerHave(c.GetId()).Test(message.index))
        {
            UpdateAllowedFast(c, message.index);
        }
        if (c.peerChoking)
        {
            RequestBlocks(c);
        }
        return;
    }
    case Type::REJECT_REQUEST: {
        const BlockRequest block{message.index, message.begin, message.length};
        if (!c.RemoveRequest(block))
        {
            return; // not outstanding (served, cancelled or never asked): nothing to undo
        }
        m_picker->AbortRequest(c.GetId(), block);
        if (c.GetRequestCount() == 0)
        {
            // The burst of rejects after a choke is over: its blocks are free for everyone.
            RequestBlocksEverywhere();
        }
        return;
    }
    default:
        return;
    }
}

} // namespace ns3
