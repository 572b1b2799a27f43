// SPDX-License-Identifier: GPL-2.0-only

#include "allowed-fast-set.h"

#include "torrent-metainfo.h"

#include <algorithm>
#include <string>

namespace ns3
{

std::vector<uint32_t>
ComputeAllowedFastSet(const std::array<uint8_t, 4>& address,
                      const std::array<uint8_t, 20>& infoHash,
                      uint32_t pieceCount,
                      uint32_t k,
                      const Bitfield& remoteHas,
                      bool libtorrent)
{
    std::vector<uint32_t> set;
    auto lacks = [&remoteHas](uint32_t piece) {
        return piece >= remoteHas.GetSize() || !remoteHas.Test(piece);
    };
    if (pieceCount == 0 || k == 0)
    {
        return set;
    }
    if (k >= pieceCount)
    {
        // Every piece (BEP 6: the set cannot be larger than the torrent); libtorrent leaves
        // out those the peer has.
        for (uint32_t piece = 0; piece < pieceCount; ++piece)
        {
            if (!libtorrent || lacks(piece))
            {
                set.push_back(piece);
            }
        }
        return set;
    }
    std::string x(address.begin(), address.end());
    if (!libtorrent)
    {
        x[3] = 0; // BEP 6: ip & 0xFFFFFF00
    }
    x.append(infoHash.begin(), infoHash.end());
    std::array<uint8_t, 20> h = Sha1Digest(x);
    uint32_t attempts = 0;
    // k < pieceCount distinct pieces exist, so the loop ends; the guard only bounds a SHA-1
    // that would cycle (never observed; libtorrent has the same safety net of 500).
    for (uint32_t loops = 0; loops < 500 + 5 * k;)
    {
        for (std::size_t i = 0; i + 4 <= h.size(); i += 4, ++loops)
        {
            const uint32_t word = (uint32_t{h[i]} << 24) | (uint32_t{h[i + 1]} << 16) |
                                  (uint32_t{h[i + 2]} << 8) | uint32_t{h[i + 3]};
            const uint32_t piece = word % pieceCount;
            // A piece already in the set is drawn again for nothing. (libtorrent: a piece the
            // peer has is not in the set, so drawing it again costs another attempt.)
            if (std::find(set.begin(), set.end(), piece) != set.end())
            {
                continue;
            }
            if (!libtorrent || lacks(piece))
            {
                set.push_back(piece);
            }
            if (++attempts >= k)
            {
                return set;
            }
        }
        h = Sha1Digest(std::string(h.begin(), h.end()));
    }
    return set;
}

} // namespace ns3
