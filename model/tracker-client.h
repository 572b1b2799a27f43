// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_TRACKER_CLIENT_H
#define FILE_DISTRIBUTION_TRACKER_CLIENT_H

#include "http-message.h"
#include "tracker-protocol.h"

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class Node;

/**
 * \ingroup file-distribution
 * \brief One HTTP announce to a BitTorrent tracker at a time, over ns-3 TCP.
 *
 * Opens a connection, sends `GET /announce?... HTTP/1.0`, reads the response until the
 * tracker closes the connection (HTTP/1.0) or Content-Length bytes of body arrived, and hands
 * the decoded bencoded reply to the callback. A new Announce() abandons the one in flight.
 * Not an Object: the owner (a BitTorrentPeer) keeps it by value and calls Cancel() before it
 * goes away.
 */
class TrackerClient
{
  public:
    /**
     * Called with the tracker's reply, or with nothing and a reason (connection refused,
     * malformed reply, HTTP status other than 200).
     */
    using ResponseCallback = Callback<void, std::optional<AnnounceResponse>, std::string>;

    TrackerClient() = default;
    ~TrackerClient();
    TrackerClient(const TrackerClient&) = delete;
    TrackerClient& operator=(const TrackerClient&) = delete;

    /**
     * \brief Starts an announce.
     * \param node the node whose TCP stack is used
     * \param tracker the tracker's InetSocketAddress
     * \param request what to announce
     * \param callback where the answer goes
     */
    void Announce(Ptr<Node> node,
                  const Address& tracker,
                  const AnnounceRequest& request,
                  ResponseCallback callback);

    /// \brief Abandons the announce in flight, if any; its callback is not called.
    void Cancel();

    /// \return true while an announce is in flight
    bool IsBusy() const;

  private:
    /// \param socket the connected socket
    void HandleConnected(Ptr<Socket> socket);
    /// \param socket the socket whose connection failed
    void HandleConnectFailed(Ptr<Socket> socket);
    /// \param socket the socket with data
    void HandleRead(Ptr<Socket> socket);
    /// \param socket the socket the tracker closed
    void HandleClosed(Ptr<Socket> socket);
    /// \brief Decodes what arrived and calls back.
    void Finish();
    /// \brief Calls back with an error.
    /// \param reason what went wrong
    void Fail(const std::string& reason);

    Ptr<Socket> m_socket;                   //!< the connection in flight
    std::vector<Ptr<Socket>> m_closed;      //!< kept alive: TCP may still run their timers
    std::string m_request;                  //!< HTTP request bytes
    HttpHeadFramer m_head;                  //!< collects the response head
    std::optional<HttpResponse> m_response; //!< the parsed head, once complete
    std::string m_body;                     //!< response body so far
    ResponseCallback m_callback;            //!< where the answer goes
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_TRACKER_CLIENT_H
