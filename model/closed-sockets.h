// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_CLOSED_SOCKETS_H
#define FILE_DISTRIBUTION_CLOSED_SOCKETS_H

#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstddef>
#include <deque>
#include <utility>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Keeps closed sockets referenced while ns-3's TCP may still run their timers, then
 * lets them go.
 *
 * A socket we closed goes on with FIN, retransmissions and TIME_WAIT (2 x MSL = 240 s in
 * ns-3) after its application forgets it; its timers point at it without holding it. Each
 * socket is kept for `Hold` (10 minutes: TIME_WAIT plus a whole retransmission back-off)
 * after it was closed and dropped on a later Add, so a long run with churn keeps only the
 * sockets of its last minutes, not of the whole run.
 */
class ClosedSockets
{
  public:
    /// How long a closed socket is kept.
    static constexpr int64_t HOLD_SECONDS = 600;

    /**
     * \brief Keeps a socket closed now; drops those closed more than HOLD_SECONDS ago.
     * \param socket the closed socket
     */
    void Add(Ptr<Socket> socket);
    /// \brief Drops every socket (at the end of the simulation).
    void Clear();
    /// \return sockets kept now
    std::size_t GetSize() const;

  private:
    std::deque<std::pair<Time, Ptr<Socket>>> m_sockets; //!< (closed at, socket), oldest first
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_CLOSED_SOCKETS_H
