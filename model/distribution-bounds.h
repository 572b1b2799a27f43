// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_DISTRIBUTION_BOUNDS_H
#define FILE_DISTRIBUTION_DISTRIBUTION_BOUNDS_H

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The lecture's lower bounds on the time to distribute a file of F bits from one server
 * to N hosts (Kurose & Ross, "Computer Networking", section 2.5).
 *
 * Client-server: the server uploads N copies, and the slowest client downloads one:
 * \f$ D_{cs} \ge \max(N F / u_s, F / d_{min}) \f$.
 *
 * Peer-to-peer: the server uploads at least one copy, the slowest peer downloads one, and the
 * N F bits delivered in total cannot leave faster than the whole swarm uploads:
 * \f$ D_{p2p} \ge \max(F / u_s, F / d_{min}, N F / (u_s + \sum u_i)) \f$.
 *
 * Pure functions: no simulator. Invalid arguments (see Validate()) give NaN, never an abort.
 */
struct DistributionBounds
{
    /**
     * \brief The client-server bound.
     * \param n the number of clients (> 0)
     * \param fileBits the file size F in bits (> 0)
     * \param serverUploadBps the server's upload rate u_s in bit/s (> 0)
     * \param minDownloadBps the slowest client's download rate d_min in bit/s (> 0)
     * \return the bound in seconds, or NaN when an argument is invalid
     */
    static double ClientServer(uint32_t n,
                               double fileBits,
                               double serverUploadBps,
                               double minDownloadBps);

    /**
     * \brief The peer-to-peer bound.
     * \param n the number of peers that download the file (> 0)
     * \param fileBits the file size F in bits (> 0)
     * \param serverUploadBps the server's (initial seed's) upload rate u_s in bit/s (> 0)
     * \param minDownloadBps the slowest peer's download rate d_min in bit/s (> 0)
     * \param sumPeerUploadBps the sum of the N peers' upload rates in bit/s (>= 0)
     * \return the bound in seconds, or NaN when an argument is invalid
     */
    static double PeerToPeer(uint32_t n,
                             double fileBits,
                             double serverUploadBps,
                             double minDownloadBps,
                             double sumPeerUploadBps);

    /**
     * \brief Checks the arguments of ClientServer() and PeerToPeer().
     * \param n the number of hosts; must be > 0
     * \param fileBits the file size in bits; must be finite and > 0
     * \param serverUploadBps the server's upload rate; must be finite and > 0
     * \param minDownloadBps the slowest download rate; must be finite and > 0
     * \param sumPeerUploadBps the sum of the peers' upload rates; must be finite and >= 0
     * \return an empty string when valid, otherwise a message naming the first bad argument
     */
    static std::string Validate(uint32_t n,
                                double fileBits,
                                double serverUploadBps,
                                double minDownloadBps,
                                double sumPeerUploadBps = 0.0);
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_DISTRIBUTION_BOUNDS_H
