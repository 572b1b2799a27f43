// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_PIECE_PICKER_H
#define FILE_DISTRIBUTION_PIECE_PICKER_H

#include "bitfield.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief One block of a piece, as in a BEP 3 request, piece or cancel message.
 */
struct BlockRequest
{
    uint32_t piece;  //!< piece index
    uint32_t begin;  //!< byte offset of the block within the piece
    uint32_t length; //!< block length in bytes

    /**
     * \param other another block
     * \return true if all three fields are equal
     */
    bool operator==(const BlockRequest& other) const
    {
        return piece == other.piece && begin == other.begin && length == other.length;
    }

    /**
     * \param other another block
     * \return the negation of operator==
     */
    bool operator!=(const BlockRequest& other) const
    {
        return !(*this == other);
    }
};

/**
 * \ingroup file-distribution
 * \brief Decides which blocks to request from which peer: random first pieces, rarest first,
 *        strict priority, endgame.
 *
 * Plain class in the style of libtorrent's piece_picker: no sockets, no simulator. The peer
 * ids are whatever the caller uses for its connections.
 *
 * Data structures (P pieces, A = highest availability, D = pieces being downloaded):
 * - Pieces we lack and have not started sit in one bucket per availability (a vector each,
 *   with every piece's position in its bucket), so a have moves a piece to the next bucket
 *   by swap-and-pop plus push: O(1) amortized. Buckets shrink when a quarter full, so all
 *   buckets together hold O(P) memory.
 * - Started pieces have a small record (per block: open / requested by which peers /
 *   received), in a pool reused between pieces; "partial" ones (with never-requested
 *   blocks) are also on a short list that strict priority walks first.
 * - Per peer: its Bitfield and the number of its pieces we lack (IsInterestingPeer in O(1)).
 *
 * Pick walks the buckets from the rarest up, from a random place in each bucket (random
 * tie-break), and stops at the first piece the peer has. A peer with most pieces stops the
 * walk at once. A peer with no unstarted piece we lack is answered in O(1) (a per-peer
 * count, kept up to date when pieces start: O(known peers) per piece started). For a peer
 * with few such pieces (m of them, when the expected walk of U/m probes, U = unstarted
 * pieces, would cost more than P/64 + m) Pick scans that peer's bitfield word-wise
 * instead: O(P/64 + m). The worst case left is a peer whose pieces all
 * sit in the most common bucket while the rarer buckets are large: O(P) for that pick. The
 * random first pieces are found by a few random probes, then by a word-wise scan of the
 * peer's bitfield (O(P/64)), only for the first few pieces.
 */
class PiecePicker
{
  public:
    /// What OnBlockReceived() found out about a block.
    struct Received
    {
        bool wasRequested;                 //!< some peer had a request outstanding for it
        bool pieceCompleted;               //!< this block completed its piece
        bool duplicate;                    //!< we already had the block (endgame or replay)
        std::vector<uint32_t> cancelPeers; //!< endgame: other peers asked for it: cancel
    };

    /**
     * \brief The picker of one torrent.
     *
     * Piece i has pieceLength bytes except the last, which has what remains of totalLength.
     * Blocks have blockSize bytes except the last block of each piece. An inconsistent
     * geometry (zero sizes, or totalLength not in ((pieceCount-1)*pieceLength,
     * pieceCount*pieceLength]) yields a picker with 0 pieces: see IsValid().
     *
     * \param pieceCount number of pieces
     * \param pieceLength bytes per piece
     * \param totalLength bytes in the file
     * \param blockSize bytes per block (BEP 3 practice: 16 KiB)
     */
    PiecePicker(uint32_t pieceCount,
                uint32_t pieceLength,
                uint64_t totalLength,
                uint32_t blockSize = 16384);

    /// \return false if the constructor's geometry was inconsistent (the picker is empty)
    bool IsValid() const;

    /**
     * \brief Sets the random source of tie-breaks and random picks.
     *
     * The ns-3 glue passes a UniformRandomVariable, so runs follow ns-3's seed and run
     * number. The default is a fixed-seed pseudo-random generator (repeatable). A function
     * returning n or more is taken modulo n.
     *
     * \param uniformBelowN returns a uniform integer in [0, n) for n >= 1
     */
    void SetRandom(std::function<uint32_t(uint32_t n)> uniformBelowN);

    /**
     * \param n while fewer than n pieces are complete, new pieces are picked at random
     *          (something to trade quickly) instead of rarest first; default 4
     */
    void SetRandomFirstPieces(uint32_t n);

    /// \param enabled whether endgame mode may request blocks twice; default true
    void SetEndgameEnabled(bool enabled);

    /**
     * \brief In endgame, how many peers at most may have one block outstanding at once.
     *
     * 2 (the default) allows one duplicate request per block: enough to finish when one
     * peer is slow, without sending every last block several times over.
     * \param n at least 2 for endgame to do anything
     */
    void SetEndgameMaxRequesters(uint32_t n);

    /**
     * \brief In endgame, how many blocks at most a peer may have outstanding for it to be
     *        given blocks already outstanding elsewhere.
     *
     * 1 (the default) is libtorrent's rule: a busy block only goes to a peer with nothing
     * outstanding, one at a time, so a duplicate is only asked of a peer that would otherwise
     * sit idle. A pipeline's worth (the caller's request depth) asks every connection for as
     * many duplicates as it has room for, which wastes upload when cancels come too late.
     * \param n at least 1
     */
    void SetEndgamePipelineDepth(uint32_t n);

    /// \param enabled whether started pieces are finished before new ones; default true
    void SetStrictPriority(bool enabled);

    /// \param enabled rarest first if true, random order if false (to compare); default true
    void SetRarestFirst(bool enabled);

    /**
     * \brief A peer's bitfield arrived (or a new connection, with an empty one). Replaces
     *        whatever was known of that peer. O(P/64 + pieces it has).
     * \param peer the caller's connection id
     * \param has its pieces
     * \return false (and nothing changes) if has.GetSize() != GetPieceCount()
     */
    bool AddPeer(uint32_t peer, const Bitfield& has);

    /**
     * \brief A have message arrived. An unknown peer is added with no pieces first (BEP 3
     *        lets a peer with nothing skip its bitfield). O(1) amortized.
     * \param peer the caller's connection id
     * \param piece the piece it now has
     * \return false (and nothing changes) if the piece index is out of range
     */
    bool AddHave(uint32_t peer, uint32_t piece);

    /**
     * \brief A peer left: availability goes down, its outstanding requests become pickable.
     * \param peer the caller's connection id; unknown ids are ignored
     */
    void RemovePeer(uint32_t peer);

    /**
     * \param piece a piece index
     * \return how many known peers have it (0 if out of range)
     */
    uint32_t GetAvailability(uint32_t piece) const;

    /**
     * \param peer the caller's connection id
     * \return that peer's pieces as known from AddPeer/AddHave (empty if unknown)
     */
    const Bitfield& GetPeerHave(uint32_t peer) const;

    /**
     * \brief Up to \p maxBlocks new blocks to request from \p peer, marked as requested
     *        from it. Strict priority: blocks of started pieces first; then new pieces, at
     *        random while fewer than SetRandomFirstPieces() pieces are complete, rarest
     *        first after that. In endgame, blocks outstanding at other peers (never twice
     *        at the same peer), least requested first.
     * \param peer the caller's connection id
     * \param maxBlocks the most blocks to return
     * \param only if not null, pick among these pieces only (a subset of the peer's, of its
     *        size: BEP 6's allowed fast pieces of a peer that chokes us)
     * \return the blocks, in request order; empty if nothing suits
     */
    std::vector<BlockRequest> Pick(uint32_t peer,
                                   uint32_t maxBlocks,
                                   const Bitfield* only = nullptr);

    /**
     * \brief The peer choked us or the request was dropped: if \p peer had \p block
     *        outstanding, it no longer has, and the block may be picked again.
     * \param peer the caller's connection id
     * \param block the request
     */
    void AbortRequest(uint32_t peer, const BlockRequest& block);

    /**
     * \brief A block arrived. Blocks nobody requested are still taken if we lack them.
     *        O(1) amortized; completing a piece also costs O(known peers) to update their
     *        interest counts (the caller sends each a have then anyway).
     * \param peer the caller's connection id
     * \param block the block's piece, offset and length
     * \return what happened; all false and no cancels if the block does not exist in this
     *         torrent (wrong offset or length)
     */
    Received OnBlockReceived(uint32_t peer, const BlockRequest& block);

    /// \return the pieces we have
    const Bitfield& GetHave() const;

    /// \return true once every piece is complete
    bool IsComplete() const;

    /// \return true while endgame is enabled, we are not complete, and every missing block
    ///         has been requested at least once (no block is waiting for its first request)
    bool IsInEndgame() const;

    /// \brief For seeds: start with every piece.
    void SetHaveAll();

    /// \return the number of pieces
    uint32_t GetPieceCount() const;
    /// \return bytes per block (all but the last of each piece)
    uint32_t GetBlockSize() const;

    /**
     * \param piece a piece index
     * \return its size in bytes (0 if out of range)
     */
    uint32_t GetPieceSize(uint32_t piece) const;

    /**
     * \param piece a piece index
     * \return its number of blocks (0 if out of range)
     */
    uint32_t GetBlockCount(uint32_t piece) const;

    /**
     * \param peer the caller's connection id
     * \return true if the peer has a piece we lack, in O(1)
     */
    bool IsInterestingPeer(uint32_t peer) const;

    /**
     * \param peer the caller's connection id
     * \return how many blocks are outstanding at that peer (requested, not received), O(1)
     */
    uint32_t GetOutstandingCount(uint32_t peer) const;

  private:
    /// What we know of a remote peer.
    struct PeerState
    {
        Bitfield has;            //!< its pieces
        uint32_t missing{0};     //!< how many of its pieces we lack
        uint32_t fresh{0};       //!< how many of its pieces we lack and have not started
        uint32_t outstanding{0}; //!< blocks requested from it and not yet received
    };

    /// The state of a block of a started piece.
    enum BlockState : uint8_t
    {
        OPEN,      //!< never requested, or every request was aborted
        REQUESTED, //!< outstanding at one or more peers
        FINISHED   //!< received
    };

    /// One block of a started piece.
    struct Block
    {
        BlockState state{OPEN};           //!< where it stands
        std::vector<uint32_t> requesters; //!< peers it is outstanding at (several in endgame)
        uint64_t lastRequest{0};          //!< m_requestCount when it was last requested
    };

    /// A started piece: some block requested or received, not yet complete.
    struct Download
    {
        uint32_t piece{0};         //!< its index
        std::vector<Block> blocks; //!< one per block
        uint32_t open{0};          //!< blocks in state OPEN
        uint32_t finished{0};      //!< blocks in state FINISHED
        uint32_t listPos{0};       //!< position in m_downloads
        uint32_t partialPos{NONE}; //!< position in m_partial, NONE if no open block
    };

    static constexpr uint32_t NONE = std::numeric_limits<uint32_t>::max(); //!< "no index"

    /// \return a uniform integer in [0, n), n >= 1
    uint32_t Random(uint32_t n);

    /// \brief Puts an unstarted missing piece in the bucket of its availability.
    /// \param piece the piece
    void BucketInsert(uint32_t piece);
    /// \brief Takes a piece out of its bucket.
    /// \param piece the piece
    void BucketRemove(uint32_t piece);
    /// \brief Availability of \p piece goes up (+1) or down (-1), moving it between buckets.
    /// \param piece the piece
    /// \param up true for +1
    void ChangeAvailability(uint32_t piece, bool up);

    /// \brief Creates the download record of a piece and takes it out of its bucket.
    /// \param piece the piece
    /// \return its slot in m_pool
    uint32_t StartPiece(uint32_t piece);
    /// \brief Drops a download record (piece complete, or nothing requested nor received).
    /// \param slot its slot
    void EndDownload(uint32_t slot);
    /// \brief Keeps m_partial in step with d.open.
    /// \param slot the slot
    void UpdatePartial(uint32_t slot);
    /// \brief A request of \p peer for block \p b of slot \p slot is gone (abort, departure).
    /// \param slot the slot
    /// \param b the block index
    /// \param peer the peer
    /// \return true if the peer had it outstanding
    bool DropRequester(uint32_t slot, uint32_t b, uint32_t peer);
    /// \brief If a started piece has nothing requested nor received any more, un-start it.
    /// \param slot the slot
    void MaybeUnstart(uint32_t slot);

    /// \param piece a piece; \return its download slot, NONE if not started
    uint32_t SlotOf(uint32_t piece) const;
    /// \brief A piece was started (-1) or un-started (+1): adjusts PeerState::fresh of the
    ///        peers that have it. O(known peers).
    /// \param piece the piece
    /// \param started true if it was started
    void UpdateFresh(uint32_t piece, bool started);
    /// \brief Marks a piece complete and updates the peers' interest counts.
    /// \param piece the piece
    void CompletePiece(uint32_t piece);

    /// \param has the peer's pieces; \return a started piece with an open block it has
    uint32_t BestPartial(const Bitfield& has) const;
    /// \param has the peer's pieces
    /// \param fresh how many of them we lack and have not started
    /// \return the rarest unstarted piece it has, or NONE
    uint32_t RarestNewPiece(const Bitfield& has, uint32_t fresh);
    /// \param has the peer's pieces; \return a random unstarted piece it has, or NONE
    uint32_t RandomNewPiece(const Bitfield& has);
    /// \brief Requests the open blocks of \p slot from \p peer, up to \p maxBlocks in all.
    /// \param slot the slot
    /// \param peer the peer
    /// \param maxBlocks limit of out.size()
    /// \param out the blocks picked so far
    void TakeOpenBlocks(uint32_t slot,
                        uint32_t peer,
                        uint32_t maxBlocks,
                        std::vector<BlockRequest>& out);
    /// \brief Records a new request of block \p b (of \p slot) at \p peer (Pick counts it).
    /// \param slot the slot \param b the block index \param peer the peer
    void AddRequester(uint32_t slot, uint32_t b, uint32_t peer);
    /// \param peer a peer whose request ended; its outstanding count goes down
    void CountRequestEnded(uint32_t peer);
    /// \brief Endgame: adds blocks outstanding elsewhere to \p out.
    /// \param peer the peer
    /// \param has its pieces
    /// \param maxBlocks limit of out.size()
    /// \param out the blocks picked so far
    void PickEndgame(uint32_t peer,
                     const Bitfield& has,
                     uint32_t maxBlocks,
                     std::vector<BlockRequest>& out);
    /// \param piece the piece \param b the block index \return the request for that block
    BlockRequest MakeRequest(uint32_t piece, uint32_t b) const;
    /// \param block a block from the network \return its index in its piece, NONE if invalid
    uint32_t BlockIndex(const BlockRequest& block) const;

    uint32_t m_pieceCount{0};    //!< P
    uint32_t m_pieceLength{0};   //!< bytes per piece except the last
    uint32_t m_lastPieceSize{0}; //!< bytes of the last piece
    uint32_t m_blockSize{0};     //!< bytes per block except the last of a piece
    bool m_valid{false};         //!< the geometry was consistent

    std::function<uint32_t(uint32_t)> m_random; //!< caller's RNG, empty: m_rngState
    uint64_t m_rngState{0x9E3779B97F4A7C15ULL}; //!< default generator (xorshift64*)
    uint32_t m_randomFirstPieces{4};            //!< see SetRandomFirstPieces
    bool m_endgame{true};                       //!< see SetEndgameEnabled
    uint32_t m_endgameMaxRequesters{2};         //!< see SetEndgameMaxRequesters
    uint32_t m_endgamePipelineDepth{1};         //!< see SetEndgamePipelineDepth
    uint64_t m_requestCount{0};                 //!< requests handed out so far
    bool m_strictPriority{true};                //!< see SetStrictPriority
    bool m_rarestFirst{true};                   //!< see SetRarestFirst

    Bitfield m_have;                              //!< pieces complete
    Bitfield m_haveOrStarted;                     //!< pieces complete or in m_pool: not "new"
    std::vector<uint32_t> m_availability;         //!< per piece: peers that have it
    std::vector<std::vector<uint32_t>> m_buckets; //!< per availability: unstarted pieces
    std::vector<uint32_t> m_bucketPos;            //!< per piece: index in its bucket, NONE if none
    uint32_t m_unstarted{0};                      //!< pieces in all buckets together

    std::vector<Download> m_pool;      //!< download records, slots reused
    std::vector<uint32_t> m_freeSlots; //!< unused slots of m_pool
    std::vector<uint32_t> m_slot;      //!< per piece: its slot, NONE if not started
    std::vector<uint32_t> m_downloads; //!< slots in use
    std::vector<uint32_t> m_partial;   //!< slots with an open block

    std::unordered_map<uint32_t, PeerState> m_peers; //!< known peers by id
    Bitfield m_noPieces;                             //!< returned for unknown peers
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_PIECE_PICKER_H
