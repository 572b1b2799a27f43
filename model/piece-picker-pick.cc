// SPDX-License-Identifier: GPL-2.0-only
//
// PiecePicker's choice of blocks: which started piece to finish, which new piece to start
// (random first, rarest first), endgame duplicates. The bookkeeping (availability, peers,
// started pieces, received blocks) is in piece-picker.cc.

#include "piece-picker.h"

#include <algorithm>

namespace ns3
{

// ---------------------------------------------------------------------------------------------
// Picking

uint32_t
PiecePicker::BestPartial(const Bitfield& has) const
{
    // m_partial holds the pieces with a block waiting for its first request: few, since a
    // pick takes all the open blocks of a piece unless the pick is full.
    uint32_t best = NONE;
    for (uint32_t slot : m_partial)
    {
        const Download& d = m_pool[slot];
        if (!has.Test(d.piece))
        {
            continue;
        }
        if (best == NONE)
        {
            best = slot;
            continue;
        }
        const Download& b = m_pool[best];
        // Rarest first among started pieces too; then the one closest to completion.
        const uint32_t ad = m_availability[d.piece];
        const uint32_t ab = m_availability[b.piece];
        if (ad < ab || (ad == ab && d.open < b.open))
        {
            best = slot;
        }
    }
    return best;
}

uint32_t
PiecePicker::RarestNewPiece(const Bitfield& has, uint32_t fresh)
{
    // Two ways to find the rarest fresh piece of the peer (m = fresh of them):
    // - walk the buckets from the rarest up, from a random place in each (random tie-break),
    //   up to the first piece the peer has: a few probes for a peer with many pieces;
    // - scan the peer's bitfield word-wise: O(P/64 + m), keeping the rarest (reservoir
    //   sampling among ties, so that ties are still broken at random).
    // The walk is cut off once it has cost as much as the scan would, then the scan runs:
    // a peer whose pieces are all common (the rarer buckets hold none of them, often the
    // case since its own copy adds to their availability) costs at most twice the scan.
    const uint64_t scanCost = uint64_t{m_pieceCount} / 64 + fresh;
    auto scan = [&]() {
        uint32_t best = NONE;
        uint32_t ties = 0;
        has.ForEachMissingFrom(m_haveOrStarted, [&](uint32_t piece) {
            const uint32_t a = m_availability[piece];
            if (best == NONE || a < m_availability[best])
            {
                best = piece;
                ties = 1;
            }
            else if (a == m_availability[best] && Random(++ties) == 0)
            {
                best = piece;
            }
        });
        return best;
    };
    if (m_unstarted / (uint64_t{fresh} + 1) > scanCost)
    {
        return scan(); // the expected walk (U/m probes) is longer than the scan
    }
    uint64_t budget = scanCost;
    // Bucket 0 holds pieces nobody has: skip it.
    for (std::size_t a = 1; a < m_buckets.size(); ++a)
    {
        const auto& bucket = m_buckets[a];
        const uint32_t n = static_cast<uint32_t>(bucket.size());
        if (n == 0)
        {
            continue;
        }
        uint32_t i = Random(n);
        for (uint32_t k = 0; k < n; ++k)
        {
            const uint32_t piece = bucket[i];
            if (has.Test(piece))
            {
                return piece;
            }
            if (budget-- == 0)
            {
                return scan();
            }
            i = (i + 1 == n) ? 0 : i + 1;
        }
    }
    return NONE;
}

uint32_t
PiecePicker::RandomNewPiece(const Bitfield& has)
{
    if (m_unstarted == 0)
    {
        return NONE;
    }
    // A uniformly random unstarted piece, kept if the peer has it: uniform over what the
    // peer has. A few probes suffice for a peer with many pieces ...
    for (int probe = 0; probe < 16; ++probe)
    {
        uint32_t r = Random(m_unstarted);
        for (const auto& bucket : m_buckets)
        {
            if (r < bucket.size())
            {
                if (has.Test(bucket[r]))
                {
                    return bucket[r];
                }
                break;
            }
            r -= static_cast<uint32_t>(bucket.size());
        }
    }
    // ... and a peer with few pieces gets a word-wise scan from a random place.
    const auto piece = has.FindPieceMissingFrom(m_haveOrStarted, Random(m_pieceCount));
    return piece ? *piece : NONE;
}

BlockRequest
PiecePicker::MakeRequest(uint32_t piece, uint32_t b) const
{
    const uint32_t begin = b * m_blockSize;
    const uint32_t length = std::min(m_blockSize, GetPieceSize(piece) - begin);
    return BlockRequest{piece, begin, length};
}

void
PiecePicker::TakeOpenBlocks(uint32_t slot,
                            uint32_t peer,
                            uint32_t maxBlocks,
                            std::vector<BlockRequest>& out)
{
    Download& d = m_pool[slot];
    for (uint32_t b = 0; b < d.blocks.size() && d.open > 0 && out.size() < maxBlocks; ++b)
    {
        Block& block = d.blocks[b];
        if (block.state != OPEN)
        {
            continue;
        }
        block.state = REQUESTED;
        AddRequester(slot, b, peer);
        --d.open;
        out.push_back(MakeRequest(d.piece, b));
    }
    UpdatePartial(slot);
}

void
PiecePicker::AddRequester(uint32_t slot, uint32_t b, uint32_t peer)
{
    // The peer's outstanding count is raised once per Pick, by the blocks it returns.
    Block& block = m_pool[slot].blocks[b];
    block.requesters.push_back(peer);
    block.lastRequest = ++m_requestCount;
}

void
PiecePicker::CountRequestEnded(uint32_t peer)
{
    if (auto it = m_peers.find(peer); it != m_peers.end() && it->second.outstanding > 0)
    {
        --it->second.outstanding;
    }
}

void
PiecePicker::PickEndgame(uint32_t peer,
                         const Bitfield& has,
                         uint32_t maxBlocks,
                         std::vector<BlockRequest>& out)
{
    // Every missing block is outstanding somewhere. Ask this peer too for the blocks asked
    // of the fewest peers, never twice of the same peer; among those, the most recently
    // requested first: they are the least likely to be on their way already, so the cancel
    // that follows the first copy still finds them queued at the other peer. O(outstanding
    // blocks): endgame is short, and a peer only gets here with a short queue.
    struct Candidate
    {
        uint32_t requesters;  //!< how many peers have it outstanding
        uint64_t lastRequest; //!< when it was last requested
        uint32_t slot;        //!< its piece's slot
        uint32_t block;       //!< its index
    };

    std::vector<Candidate> candidates;
    for (uint32_t slot : m_downloads)
    {
        const Download& d = m_pool[slot];
        if (!has.Test(d.piece))
        {
            continue;
        }
        for (uint32_t b = 0; b < d.blocks.size(); ++b)
        {
            const Block& block = d.blocks[b];
            if (block.state == REQUESTED && block.requesters.size() < m_endgameMaxRequesters &&
                std::find(block.requesters.begin(), block.requesters.end(), peer) ==
                    block.requesters.end())
            {
                candidates.push_back(
                    {static_cast<uint32_t>(block.requesters.size()), block.lastRequest, slot, b});
            }
        }
    }
    // lastRequest is unique per block, so the order is total: no tie left to the sort.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
        return x.requesters != y.requesters ? x.requesters < y.requesters
                                            : x.lastRequest > y.lastRequest;
    });
    for (const Candidate& c : candidates)
    {
        if (out.size() >= maxBlocks)
        {
            break;
        }
        AddRequester(c.slot, c.block, peer);
        out.push_back(MakeRequest(m_pool[c.slot].piece, c.block));
    }
}

std::vector<BlockRequest>
PiecePicker::Pick(uint32_t peer, uint32_t maxBlocks, const Bitfield* only)
{
    std::vector<BlockRequest> out;
    auto it = m_peers.find(peer);
    if (maxBlocks == 0 || it == m_peers.end() || it->second.missing == 0)
    {
        return out;
    }
    const Bitfield& has =
        only != nullptr && only->GetSize() == it->second.has.GetSize() ? *only : it->second.has;
    while (out.size() < maxBlocks)
    {
        uint32_t slot = BestPartial(has);
        if ((slot == NONE || !m_strictPriority) && it->second.fresh > 0)
        {
            const bool random = !m_rarestFirst || m_have.Count() < m_randomFirstPieces;
            const uint32_t piece =
                random ? RandomNewPiece(has) : RarestNewPiece(has, it->second.fresh);
            // Without strict priority a started piece only wins if it is at most as rare.
            if (piece != NONE &&
                (slot == NONE || m_availability[piece] < m_availability[m_pool[slot].piece]))
            {
                slot = StartPiece(piece);
            }
        }
        if (slot == NONE)
        {
            break;
        }
        TakeOpenBlocks(slot, peer, maxBlocks, out);
    }
    // Endgame: busy blocks only while the peer has fewer than the endgame depth outstanding,
    // counting what this call already gave it.
    const uint32_t outstanding = it->second.outstanding + static_cast<uint32_t>(out.size());
    if (out.size() < maxBlocks && IsInEndgame() && outstanding < m_endgamePipelineDepth)
    {
        const uint32_t room = m_endgamePipelineDepth - outstanding;
        PickEndgame(peer, has, std::min<uint32_t>(maxBlocks, out.size() + room), out);
    }
    it->second.outstanding += static_cast<uint32_t>(out.size());
    return out;
}

} // namespace ns3
