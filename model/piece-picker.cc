// SPDX-License-Identifier: GPL-2.0-only

#include "piece-picker.h"

#include <algorithm>

namespace ns3
{

PiecePicker::PiecePicker(uint32_t pieceCount,
                         uint32_t pieceLength,
                         uint64_t totalLength,
                         uint32_t blockSize)
{
    const uint64_t full = uint64_t{pieceCount} * pieceLength;
    m_valid = pieceCount > 0 && pieceLength > 0 && blockSize > 0 && totalLength <= full &&
              totalLength > full - pieceLength;
    if (!m_valid)
    {
        pieceCount = 0;
    }
    m_pieceCount = pieceCount;
    m_pieceLength = pieceLength;
    m_blockSize = blockSize;
    m_lastPieceSize = m_valid ? static_cast<uint32_t>(totalLength - (full - pieceLength)) : 0;
    m_have = Bitfield(pieceCount);
    m_haveOrStarted = Bitfield(pieceCount);
    m_noPieces = Bitfield(pieceCount);
    m_availability.assign(pieceCount, 0);
    m_bucketPos.assign(pieceCount, NONE);
    m_slot.assign(pieceCount, NONE);
    for (uint32_t i = 0; i < pieceCount; ++i)
    {
        BucketInsert(i);
    }
}

bool
PiecePicker::IsValid() const
{
    return m_valid;
}

void
PiecePicker::SetRandom(std::function<uint32_t(uint32_t n)> uniformBelowN)
{
    m_random = std::move(uniformBelowN);
}

void
PiecePicker::SetRandomFirstPieces(uint32_t n)
{
    m_randomFirstPieces = n;
}

void
PiecePicker::SetEndgameEnabled(bool enabled)
{
    m_endgame = enabled;
}

void
PiecePicker::SetEndgameMaxRequesters(uint32_t n)
{
    m_endgameMaxRequesters = n;
}

void
PiecePicker::SetEndgamePipelineDepth(uint32_t n)
{
    m_endgamePipelineDepth = std::max<uint32_t>(n, 1);
}

void
PiecePicker::SetStrictPriority(bool enabled)
{
    m_strictPriority = enabled;
}

void
PiecePicker::SetRarestFirst(bool enabled)
{
    m_rarestFirst = enabled;
}

uint32_t
PiecePicker::Random(uint32_t n)
{
    if (n <= 1)
    {
        return 0;
    }
    if (m_random)
    {
        return m_random(n) % n; // never trust the caller's range
    }
    // xorshift64*: repeatable, and good enough to spread ties.
    m_rngState ^= m_rngState >> 12;
    m_rngState ^= m_rngState << 25;
    m_rngState ^= m_rngState >> 27;
    return static_cast<uint32_t>(((m_rngState * 0x2545F4914F6CDD1DULL) >> 32) % n);
}

// ---------------------------------------------------------------------------------------------
// Availability buckets

void
PiecePicker::BucketInsert(uint32_t piece)
{
    const uint32_t a = m_availability[piece];
    if (a >= m_buckets.size())
    {
        m_buckets.resize(a + 1);
    }
    m_bucketPos[piece] = static_cast<uint32_t>(m_buckets[a].size());
    m_buckets[a].push_back(piece);
    ++m_unstarted;
}

void
PiecePicker::BucketRemove(uint32_t piece)
{
    auto& bucket = m_buckets[m_availability[piece]];
    const uint32_t pos = m_bucketPos[piece];
    const uint32_t last = bucket.back();
    bucket[pos] = last;
    m_bucketPos[last] = pos;
    bucket.pop_back();
    m_bucketPos[piece] = NONE;
    --m_unstarted;
    // Every bucket once held nearly every piece (all start at 0, a seed's bitfield moves
    // them all up one): give memory back so that all buckets stay O(P) together.
    if (bucket.capacity() > 64 && bucket.size() < bucket.capacity() / 4)
    {
        std::vector<uint32_t> smaller;
        smaller.reserve(bucket.size() * 2);
        smaller.assign(bucket.begin(), bucket.end());
        bucket.swap(smaller);
    }
}

void
PiecePicker::ChangeAvailability(uint32_t piece, bool up)
{
    const bool inBucket = m_bucketPos[piece] != NONE;
    if (inBucket)
    {
        BucketRemove(piece);
    }
    if (up)
    {
        ++m_availability[piece];
    }
    else if (m_availability[piece] > 0)
    {
        --m_availability[piece];
    }
    if (inBucket)
    {
        BucketInsert(piece);
    }
}

uint32_t
PiecePicker::GetAvailability(uint32_t piece) const
{
    return piece < m_pieceCount ? m_availability[piece] : 0;
}

// ---------------------------------------------------------------------------------------------
// Peers

bool
PiecePicker::AddPeer(uint32_t peer, const Bitfield& has)
{
    if (has.GetSize() != m_pieceCount)
    {
        return false;
    }
    // A second bitfield from the same peer replaces the first.
    if (auto it = m_peers.find(peer); it != m_peers.end())
    {
        it->second.has.ForEachSet([this](uint32_t i) { ChangeAvailability(i, false); });
    }
    PeerState& state = m_peers[peer];
    state.has = has;
    state.missing = 0;
    state.fresh = 0;
    has.ForEachSet([this, &state](uint32_t i) {
        ChangeAvailability(i, true);
        state.missing += m_have.Test(i) ? 0 : 1;
        state.fresh += m_haveOrStarted.Test(i) ? 0 : 1;
    });
    return true;
}

bool
PiecePicker::AddHave(uint32_t peer, uint32_t piece)
{
    if (piece >= m_pieceCount)
    {
        return false;
    }
    auto it = m_peers.find(peer);
    if (it == m_peers.end())
    {
        it = m_peers.emplace(peer, PeerState{Bitfield(m_pieceCount), 0, 0}).first;
    }
    PeerState& state = it->second;
    if (state.has.Test(piece))
    {
        return true; // a repeated have changes nothing
    }
    state.has.Set(piece);
    ChangeAvailability(piece, true);
    state.missing += m_have.Test(piece) ? 0 : 1;
    state.fresh += m_haveOrStarted.Test(piece) ? 0 : 1;
    return true;
}

void
PiecePicker::RemovePeer(uint32_t peer)
{
    auto it = m_peers.find(peer);
    if (it == m_peers.end())
    {
        return;
    }
    it->second.has.ForEachSet([this](uint32_t i) { ChangeAvailability(i, false); });
    m_peers.erase(it);
    // Its outstanding requests: walk the started pieces (few: about the request pipelines
    // of all peers together). Backwards, since MaybeUnstart swaps the last one in.
    for (std::size_t k = m_downloads.size(); k-- > 0;)
    {
        const uint32_t slot = m_downloads[k];
        for (uint32_t b = 0; b < m_pool[slot].blocks.size(); ++b)
        {
            DropRequester(slot, b, peer);
        }
        MaybeUnstart(slot);
    }
}

const Bitfield&
PiecePicker::GetPeerHave(uint32_t peer) const
{
    auto it = m_peers.find(peer);
    return it == m_peers.end() ? m_noPieces : it->second.has;
}

bool
PiecePicker::IsInterestingPeer(uint32_t peer) const
{
    auto it = m_peers.find(peer);
    return it != m_peers.end() && it->second.missing > 0;
}

uint32_t
PiecePicker::GetOutstandingCount(uint32_t peer) const
{
    auto it = m_peers.find(peer);
    return it == m_peers.end() ? 0 : it->second.outstanding;
}

// ---------------------------------------------------------------------------------------------
// Started pieces

uint32_t
PiecePicker::SlotOf(uint32_t piece) const
{
    return m_slot[piece];
}

uint32_t
PiecePicker::StartPiece(uint32_t piece)
{
    uint32_t slot;
    if (m_freeSlots.empty())
    {
        slot = static_cast<uint32_t>(m_pool.size());
        m_pool.emplace_back();
    }
    else
    {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    }
    Download& d = m_pool[slot];
    const uint32_t blocks = GetBlockCount(piece);
    // resize() keeps the old Block objects, and with them their requesters' capacity:
    // a reused slot allocates nothing.
    d.blocks.resize(blocks);
    for (Block& block : d.blocks)
    {
        block.state = OPEN;
        block.requesters.clear();
    }
    d.piece = piece;
    d.open = blocks;
    d.finished = 0;
    d.listPos = static_cast<uint32_t>(m_downloads.size());
    d.partialPos = NONE;
    m_downloads.push_back(slot);
    m_slot[piece] = slot;
    BucketRemove(piece);
    m_haveOrStarted.Set(piece);
    UpdateFresh(piece, true);
    UpdatePartial(slot);
    return slot;
}

void
PiecePicker::EndDownload(uint32_t slot)
{
    Download& d = m_pool[slot];
    d.open = 0;
    UpdatePartial(slot);
    const uint32_t moved = m_downloads.back();
    m_downloads[d.listPos] = moved;
    m_pool[moved].listPos = d.listPos;
    m_downloads.pop_back();
    m_slot[d.piece] = NONE;
    m_freeSlots.push_back(slot);
}

void
PiecePicker::UpdatePartial(uint32_t slot)
{
    Download& d = m_pool[slot];
    if (d.open > 0 && d.partialPos == NONE)
    {
        d.partialPos = static_cast<uint32_t>(m_partial.size());
        m_partial.push_back(slot);
    }
    else if (d.open == 0 && d.partialPos != NONE)
    {
        const uint32_t moved = m_partial.back();
        m_partial[d.partialPos] = moved;
        m_pool[moved].partialPos = d.partialPos;
        m_partial.pop_back();
        d.partialPos = NONE;
    }
}

bool
PiecePicker::DropRequester(uint32_t slot, uint32_t b, uint32_t peer)
{
    Download& d = m_pool[slot];
    Block& block = d.blocks[b];
    if (block.state != REQUESTED)
    {
        return false;
    }
    auto it = std::find(block.requesters.begin(), block.requesters.end(), peer);
    if (it == block.requesters.end())
    {
        return false;
    }
    block.requesters.erase(it);
    CountRequestEnded(peer);
    if (block.requesters.empty())
    {
        block.state = OPEN;
        ++d.open;
        UpdatePartial(slot);
    }
    return true;
}

void
PiecePicker::MaybeUnstart(uint32_t slot)
{
    const Download& d = m_pool[slot];
    if (d.open == d.blocks.size())
    {
        // Nothing requested, nothing received: a new piece again, back to rarest first.
        const uint32_t piece = d.piece;
        EndDownload(slot);
        m_haveOrStarted.Clear(piece);
        UpdateFresh(piece, false);
        BucketInsert(piece);
    }
}

void
PiecePicker::UpdateFresh(uint32_t piece, bool started)
{
    for (auto& [id, state] : m_peers)
    {
        if (state.has.Test(piece))
        {
            if (!started)
            {
                ++state.fresh;
            }
            else if (state.fresh > 0)
            {
                --state.fresh;
            }
        }
    }
}

void
PiecePicker::CompletePiece(uint32_t piece)
{
    m_have.Set(piece);
    m_haveOrStarted.Set(piece);
    // O(known peers) per piece; the caller sends each of them a have anyway.
    for (auto& [id, state] : m_peers)
    {
        if (state.has.Test(piece) && state.missing > 0)
        {
            --state.missing;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Requests and blocks

uint32_t
PiecePicker::BlockIndex(const BlockRequest& block) const
{
    if (block.piece >= m_pieceCount || block.begin % m_blockSize != 0)
    {
        return NONE;
    }
    const uint32_t b = block.begin / m_blockSize;
    if (b >= GetBlockCount(block.piece) || MakeRequest(block.piece, b) != block)
    {
        return NONE;
    }
    return b;
}

void
PiecePicker::AbortRequest(uint32_t peer, const BlockRequest& block)
{
    const uint32_t b = BlockIndex(block);
    if (b == NONE || m_slot[block.piece] == NONE)
    {
        return;
    }
    const uint32_t slot = m_slot[block.piece];
    if (DropRequester(slot, b, peer))
    {
        MaybeUnstart(slot);
    }
}

PiecePicker::Received
PiecePicker::OnBlockReceived(uint32_t peer, const BlockRequest& block)
{
    Received r{false, false, false, {}};
    const uint32_t b = BlockIndex(block);
    if (b == NONE)
    {
        return r;
    }
    if (m_have.Test(block.piece))
    {
        r.duplicate = true;
        return r;
    }
    uint32_t slot = m_slot[block.piece];
    if (slot == NONE)
    {
        slot = StartPiece(block.piece); // unrequested, but we lack it: keep it
    }
    Download& d = m_pool[slot];
    Block& blk = d.blocks[b];
    if (blk.state == FINISHED)
    {
        r.duplicate = true;
        return r;
    }
    if (blk.state == REQUESTED)
    {
        r.wasRequested = true;
        for (uint32_t other : blk.requesters)
        {
            CountRequestEnded(other);
            if (other != peer)
            {
                r.cancelPeers.push_back(other);
            }
        }
        blk.requesters.clear();
    }
    else
    {
        --d.open;
        UpdatePartial(slot);
    }
    blk.state = FINISHED;
    ++d.finished;
    if (d.finished == d.blocks.size())
    {
        const uint32_t piece = d.piece;
        EndDownload(slot);
        CompletePiece(piece);
        r.pieceCompleted = true;
    }
    return r;
}

// ---------------------------------------------------------------------------------------------
// State

const Bitfield&
PiecePicker::GetHave() const
{
    return m_have;
}

bool
PiecePicker::IsComplete() const
{
    return m_have.IsAllSet();
}

bool
PiecePicker::IsInEndgame() const
{
    return m_endgame && !IsComplete() && m_unstarted == 0 && m_partial.empty();
}

void
PiecePicker::SetHaveAll()
{
    while (!m_downloads.empty())
    {
        EndDownload(m_downloads.back());
    }
    for (auto& bucket : m_buckets)
    {
        for (uint32_t piece : bucket)
        {
            m_bucketPos[piece] = NONE;
        }
        std::vector<uint32_t>().swap(bucket);
    }
    m_unstarted = 0;
    m_have.SetAll();
    m_haveOrStarted.SetAll();
    for (auto& [id, state] : m_peers)
    {
        state.missing = 0;
        state.fresh = 0;
    }
}

uint32_t
PiecePicker::GetBlockSize() const
{
    return m_blockSize;
}

uint32_t
PiecePicker::GetPieceCount() const
{
    return m_pieceCount;
}

uint32_t
PiecePicker::GetPieceSize(uint32_t piece) const
{
    if (piece >= m_pieceCount)
    {
        return 0;
    }
    return piece + 1 == m_pieceCount ? m_lastPieceSize : m_pieceLength;
}

uint32_t
PiecePicker::GetBlockCount(uint32_t piece) const
{
    const uint32_t size = GetPieceSize(piece);
    if (size == 0)
    {
        return 0;
    }
    return size / m_blockSize + (size % m_blockSize != 0 ? 1 : 0);
}

} // namespace ns3
