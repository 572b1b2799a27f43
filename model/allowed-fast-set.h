// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_ALLOWED_FAST_SET_H
#define FILE_DISTRIBUTION_ALLOWED_FAST_SET_H

#include "bitfield.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief BEP 6's allowed fast set: the pieces a peer may request from us even while we choke
 * it, chosen from its address and the info_hash so that it gets the same set from every
 * neighbour and cannot grow it by reconnecting.
 *
 * BEP 6's canonical algorithm: x = the IPv4 address with its last byte zeroed (the /24, so
 * that one network gets one set) followed by the info_hash; h = SHA-1(x); each big-endian
 * 32-bit word of h, modulo the piece count, is a piece, duplicates skipped; h = SHA-1(h) until
 * \p k pieces are found. libtorrent (2.0, peer_connection::send_allowed_set) differs in three
 * ways, which \p libtorrent selects: it hashes the whole address; of the \p k draws it keeps
 * only the pieces the peer lacks (so the set may be smaller); and with \p k at least the piece
 * count, the set is every piece the peer lacks.
 *
 * Pure: no simulator, no randomness. Cost: O(k) SHA-1 blocks (a few k in the worst case).
 *
 * \param address the peer's IPv4 address, most significant byte first
 * \param infoHash the torrent's info_hash
 * \param pieceCount the torrent's pieces (0 gives an empty set)
 * \param k the set's size (libtorrent's allowed_fast_set_size, 5 by default)
 * \param remoteHas libtorrent mode: the pieces the peer has (size pieceCount, or empty: none)
 * \param libtorrent libtorrent's variant instead of BEP 6's canonical one
 * \return the pieces, in the order drawn
 */
std::vector<uint32_t> ComputeAllowedFastSet(const std::array<uint8_t, 4>& address,
                                            const std::array<uint8_t, 20>& infoHash,
                                            uint32_t pieceCount,
                                            uint32_t k,
                                            const Bitfield& remoteHas,
                                            bool libtorrent);

} // namespace ns3

#endif // FILE_DISTRIBUTION_ALLOWED_FAST_SET_H
