// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_ACCEPTED_SOCKET_FIXUP_H
#define FILE_DISTRIBUTION_ACCEPTED_SOCKET_FIXUP_H

#include "ns3/ptr.h"
#include "ns3/socket.h"

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Repairs state that ns-3's TCP leaves uninitialized in sockets made by accept.
 *
 * Since ns-3.41 TcpCubic's copy constructor, used when a listening socket forks a connection
 * socket, does not copy its TcpFriendliness flag: the accepted socket's congestion control then
 * depends on leftover memory, and two runs with the same RngRun may differ. Setting the
 * attribute to its default restores determinism; on versions without the attribute (ns-3.37)
 * this does nothing. Every application of the module calls it in its accept callback.
 * \param socket a socket handed over by an accept callback
 */
void FixAcceptedSocket(Ptr<Socket> socket);

} // namespace ns3

#endif // FILE_DISTRIBUTION_ACCEPTED_SOCKET_FIXUP_H
