// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_CHOKER_H
#define FILE_DISTRIBUTION_CHOKER_H

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief What the choker needs to know about one connection, as the peer sees it now.
 *
 * A snapshot taken by the peer application just before each rechoke round. Rates are
 * bytes/s averaged over a recent window (the application chooses it, typically 20 s).
 * Values a buggy caller may produce (NaN or negative rates and durations) are treated as 0.
 */
struct ChokerPeer
{
    uint32_t id;                  //!< the caller's connection id (unique per snapshot)
    bool interested;              //!< the remote peer is interested in us
    bool unchoked;                //!< we currently unchoke it (before this round)
    bool optimistic;              //!< it holds an optimistic slot now
    double downloadRate;          //!< bytes/s we received from it over the recent window
    double uploadRate;            //!< bytes/s we sent to it over the recent window
    double connectedSeconds;      //!< how long the connection exists (new peers favoured)
    double secondsSinceLastBlock; //!< since it last sent us a block; huge if never
    double completed{0}; //!< share of the pieces the remote peer has, 0..1 (anti-leech seed)
    double uploadedSinceUnchoke{0}; //!< payload bytes sent to it since we last unchoked it
    double secondsSinceUnchoke{0};  //!< how long we unchoke it now (0 if we choke it)
};

/**
 * \ingroup file-distribution
 * \brief The knobs of the choker; the peer application maps its attributes onto them.
 */
struct ChokerConfig
{
    /// How a seed chooses whom to unchoke in its regular slots.
    enum class SeedMode
    {
        FASTEST_UPLOAD, //!< the interested peers we upload to fastest
        ROUND_ROBIN,    //!< libtorrent's: keep a peer until it had its quota, then the next
        ANTI_LEECH      //!< peers that just started or nearly finished first (libtorrent)
    };

    uint32_t regularSlots = 4;          //!< tit-for-tat slots (>= 1)
    uint32_t seedRegularSlots = 0;      //!< regular slots while a seed; 0: regularSlots
    uint32_t optimisticSlots = 1;       //!< optimistic slots (0 disables optimistic unchoke)
    uint32_t optimisticEveryRounds = 3; //!< rounds between optimistic rotations (>= 1)
    SeedMode seedMode = SeedMode::FASTEST_UPLOAD; //!< ranking used while we are a seed
    bool antiSnubbing = false;  //!< withhold regular slots from peers that snub us
    double snubSeconds = 60;    //!< a peer silent this long (and connected this long) snubs us
    double newPeerSeconds = 30; //!< younger connections get 3x weight in the optimistic draw
    /// ROUND_ROBIN: bytes a seed sends a peer before its slot may pass on (libtorrent's
    /// seeding_piece_quota, 20 pieces, times the piece length)
    double seedQuotaBytes = 20.0 * 262144;
    /// ROUND_ROBIN: and the least time it keeps the slot (libtorrent's fixed minute)
    double seedQuotaSeconds = 60;

    /**
     * \param weAreSeed whether we have every piece
     * \return the regular slots to fill: seedRegularSlots for a seed when it is not 0, else
     *         regularSlots
     */
    uint32_t GetRegularSlots(bool weAreSeed) const
    {
        return weAreSeed && seedRegularSlots > 0 ? seedRegularSlots : regularSlots;
    }
};

/**
 * \ingroup file-distribution
 * \brief The outcome of one rechoke round: who is unchoked from now on.
 *
 * Every peer of the snapshot that is not listed in \c unchoke is to be choked.
 */
struct ChokerDecision
{
    std::vector<uint32_t> unchoke;    //!< regular (best first), then optimistic ids
    std::vector<uint32_t> optimistic; //!< the ids of \c unchoke that hold optimistic slots
    std::vector<uint32_t> regular;    //!< the ids of \c unchoke that hold regular slots
};

/**
 * \ingroup file-distribution
 * \brief BitTorrent's choking algorithm (BEP 3): tit-for-tat plus optimistic unchoking.
 *
 * Pure logic in the style of libtorrent's choker: no sockets, no simulator. The peer
 * application calls Rechoke() every rechoke interval (10 s) with a snapshot of its
 * connections and sends choke/unchoke messages for whatever changed.
 *
 * - Regular slots. A leecher unchokes the \c regularSlots interested peers with the highest
 *   download rate (those that give it most). A seed ranks them by upload rate (FASTEST_UPLOAD,
 *   counting only peers it currently unchokes) or takes turns as libtorrent's default
 *   round_robin does (ROUND_ROBIN): a peer it unchokes keeps its slot until it has received
 *   \c seedQuotaBytes and held the slot \c seedQuotaSeconds; then it goes behind everyone
 *   else, and the peers we upload to fastest, then the ones unchoked longest ago
 *   (never-unchoked first), take the slots. Uninterested peers never get a slot. Ties are
 *   broken by id, lowest first, so a decision is a pure function of its input and the RNG.
 * - Optimistic slots. On rounds 0, k, 2k, ... (k = \c optimisticEveryRounds, rounds counted
 *   from 0 by this object) each optimistic slot moves to a random interested peer that is
 *   choked and not in the regular set, connections younger than \c newPeerSeconds weighted
 *   3x. Between rotations the holder keeps its slot; if it disconnected, lost interest or
 *   earned a regular slot, the slot is refilled at once by the same draw.
 * - Anti-snubbing (leechers only). A peer connected for \c snubSeconds that has sent no block
 *   for \c snubSeconds gets no regular slot; it may still be drawn for the optimistic one.
 *
 * Cost: O(n log n) in the number of connections per round (a sort and a map rebuild).
 */
class Choker
{
  public:
    /**
     * \brief Builds a choker; an invalid \p config (see ChokerConfigError()) is used as
     * safely as it can be (0 rounds behaves as 1, NaN seconds never match), never aborts.
     * \param config the slots, periods and modes
     */
    explicit Choker(const ChokerConfig& config = {});

    /**
     * \brief Sets the random source of the optimistic draw.
     *
     * Until called, a fixed-seed std::minstd_rand is used. A result >= n is reduced modulo
     * n, so a faulty source cannot make the choker index out of bounds.
     * \param uniformBelowN returns a uniform integer in [0, n) for n >= 1
     */
    void SetRandom(std::function<uint32_t(uint32_t n)> uniformBelowN);

    /**
     * \brief Runs one rechoke round.
     *
     * A connection id that appears twice in \p peers is considered once (first entry).
     * \param peers the snapshot of every current connection
     * \param weAreSeed true when we have the whole file: rank by upload instead of download
     * \return the peers unchoked from now on
     */
    ChokerDecision Rechoke(const std::vector<ChokerPeer>& peers, bool weAreSeed);

    /**
     * \return how many rounds Rechoke() has run; the next round has this index
     */
    uint64_t GetRound() const;

    /**
     * \return the configuration this choker was built with
     */
    const ChokerConfig& GetConfig() const;

  private:
    /**
     * \brief Draws a uniform integer in [0, n), n >= 1, from the configured source.
     * \param n the bound
     * \return the draw, always < n
     */
    uint32_t Draw(uint32_t n);

    ChokerConfig m_config;                              //!< slots, periods and modes
    std::function<uint32_t(uint32_t)> m_random;         //!< the optimistic draw's source
    uint64_t m_round{0};                                //!< index of the next round
    std::map<uint32_t, uint64_t> m_lastUnchokedRound{}; //!< id -> last round it was unchoked
};

/**
 * \ingroup file-distribution
 * \brief Checks a choker configuration.
 * \param config the configuration
 * \return "" if valid, else a message naming the offending value
 */
std::string ChokerConfigError(const ChokerConfig& config);

/**
 * \ingroup file-distribution
 * \brief Mainline BitTorrent's automatic number of upload slots for an upload rate.
 *
 * BitTorrent 3.x-5.x (and BitTornado) chose the slots from the configured upload rate r in
 * KiB/s: 2 below 9, 3 below 15, 4 below 42, else floor(sqrt(0.6 r)). The count includes the
 * optimistic unchoke. For 2 Mbps it gives 12 slots, for 10 Mbps 27.
 *
 * \param bytesPerSecond the upload rate; 0 or less (unknown), NaN: 0 is returned
 * \return the number of slots, optimistic included, or 0 when the rate is unknown
 */
uint32_t MainlineUploadSlots(double bytesPerSecond);

} // namespace ns3

#endif // FILE_DISTRIBUTION_CHOKER_H
