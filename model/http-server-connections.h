// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_HTTP_SERVER_CONNECTIONS_H
#define FILE_DISTRIBUTION_HTTP_SERVER_CONNECTIONS_H

#include "http-message.h"

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The connections of an HTTP/1.0 server (BitTorrentTracker, FileServer) up to their
 * request head, with the limits that protect it from hostile clients.
 *
 * It accepts connections from a listening socket, collects each request head in a framer
 * and hands the complete head to its owner, which answers and closes (Close()) or keeps the
 * connection open for a body. Three limits, the owner's attributes, apply:
 *
 * - MaxConnections: at most this many connections are open at once, handshakes in progress
 *   included (a burst of SYNs all arrives before the first accept); further connection
 *   requests are refused, so their SYNs go unanswered and the client's TCP retries them. A
 *   handshake not complete after RequestTimeout gives its reservation back.
 * - RequestTimeout: a head not complete this long after the accept is reported to the owner,
 *   which answers 408 and closes.
 * - MaxHeadBytes: no connection ever holds more head bytes than this, however large the
 *   packets; a longer head is reported as too large (the owner answers 400 and closes).
 *
 * A closed connection keeps reading and dropping its input (nginx's lingering close: unread
 * input would make ns-3's TCP answer with a reset). After its head, a connection the owner
 * keeps open drops its input too (HTTP/1.0: one request per connection).
 *
 * The owner's callbacks may call Close() on the connection they are given.
 */
class HttpServerConnections
{
  public:
    /// A complete request head: (connection, client, head).
    typedef Callback<void, Ptr<Socket>, const Address&, const std::string&> HeadCallback;
    /// An event on a connection: (connection, client).
    typedef Callback<void, Ptr<Socket>, const Address&> ConnectionCallback;
    /// A refused connection request: (client).
    typedef Callback<void, const Address&> RefusedCallback;

    HttpServerConnections() = default;

    /**
     * \brief Sets the limits (the owner's attributes), read from now on.
     * \param maxHeadBytes largest request head accepted (MaxHeadBytes)
     * \param requestTimeout from accept to a complete head (RequestTimeout)
     * \param maxConnections connections open or being set up at once (MaxConnections)
     */
    void SetLimits(uint32_t maxHeadBytes, Time requestTimeout, uint32_t maxConnections);

    /**
     * \brief Sets the owner's callbacks.
     * \param head a head is complete: answer it, then Close() the connection or keep it
     * \param tooLarge MaxHeadBytes came without the end of the head: answer 400 and Close()
     * \param timeout no complete head within RequestTimeout (already counted): answer 408 and
     * Close()
     * \param refused a connection request was refused (already counted)
     */
    void SetCallbacks(HeadCallback head,
                      ConnectionCallback tooLarge,
                      ConnectionCallback timeout,
                      RefusedCallback refused);

    /**
     * \brief Sets optional callbacks for owners that keep connections open after the head.
     * \param send installed as the send callback of every accepted connection
     * \param forget a connection left: the client closed it, it failed, or Close()
     */
    void SetConnectionCallbacks(Callback<void, Ptr<Socket>, uint32_t> send,
                                Callback<void, Ptr<Socket>> forget);

    /**
     * \brief Starts accepting connections from a bound, listening socket.
     * \param listener the listening socket
     */
    void Start(Ptr<Socket> listener);

    /// \return whether Start() was called and Stop() not since
    bool IsListening() const;

    /**
     * \brief Closes the listening socket and every connection (lingering close), forgets the
     * handshakes in progress. The forget callback is not called.
     */
    void Stop();

    /// \brief Drops every socket and callback without closing anything (DoDispose()).
    void Dispose();

    /**
     * \brief Forgets a connection: cancels its time-out, drops its callbacks (later input is
     * read and dropped) and closes it; TCP still sends what it holds, then FIN.
     * \param socket the connected socket
     */
    void Close(Ptr<Socket> socket);

    /// \return the connections open now
    uint32_t GetOpenCount() const;
    /// \return the most connections that were open at once
    uint32_t GetPeakCount() const;
    /// \return the connection requests refused (a client's retransmitted SYN counts again)
    uint64_t GetRefusedCount() const;
    /// \return the connections whose head was not complete within RequestTimeout
    uint64_t GetTimedOutCount() const;
    /// \return the most request-head bytes one connection ever held (at most MaxHeadBytes)
    uint32_t GetPeakHeadBytes() const;

  private:
    /// One accepted connection.
    struct Connection
    {
        Address peer;          //!< the client
        HttpHeadFramer framer; //!< collects the request head
        uint32_t headBytes{0}; //!< bytes given to the framer (at most MaxHeadBytes)
        EventId timeout;       //!< reports a late head (RequestTimeout)
        bool headDone{false};  //!< the head was handed to the owner; later input is dropped
        uint64_t sequence{0};  //!< accept order: sockets are keyed by address, not by age
    };

    /**
     * \brief Accepts a connection request while fewer than MaxConnections connections are
     * open or being set up.
     * \param socket the listening socket
     * \param from the client
     * \return whether to go on with the handshake
     */
    bool HandleConnectionRequest(Ptr<Socket> socket, const Address& from);
    /**
     * \brief Starts reading an accepted connection.
     * \param socket the connected socket
     * \param from the client
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /**
     * \brief Feeds request bytes to the connection's framer, within MaxHeadBytes.
     * \param socket the connected socket
     */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \brief Closes our side of a connection the client closed.
     * \param socket the connected socket
     */
    void HandlePeerClose(Ptr<Socket> socket);
    /**
     * \brief Forgets a connection that failed (reset, time-out of TCP).
     * \param socket the connected socket
     */
    void HandleError(Ptr<Socket> socket);
    /**
     * \brief Drops a connection's record and time-out and tells the server (m_forget).
     * \param socket the connected socket; unknown sockets are ignored
     */
    void Forget(Ptr<Socket> socket);
    /**
     * \brief Reports a connection whose head did not come within RequestTimeout.
     * \param socket the connected socket
     */
    void HandleRequestTimeout(Ptr<Socket> socket);
    /**
     * \brief Drops a socket's callbacks; later input is read and dropped.
     * \param socket the connected socket
     */
    static void Linger(Ptr<Socket> socket);

    uint32_t m_maxHeadBytes{8192};                   //!< largest request head accepted
    Time m_requestTimeout{Seconds(60)};              //!< from accept to a complete head
    uint32_t m_maxConnections{8192};                 //!< connections open or being set up
    HeadCallback m_head;                             //!< a head is complete
    ConnectionCallback m_tooLarge;                   //!< a head is over MaxHeadBytes
    ConnectionCallback m_timeout;                    //!< a head is late
    RefusedCallback m_refusedCallback;               //!< a connection request was refused
    Callback<void, Ptr<Socket>, uint32_t> m_send;    //!< the owner's send callback, if any
    Callback<void, Ptr<Socket>> m_forget;            //!< a connection left, if set
    Ptr<Socket> m_listener;                          //!< the listening socket
    std::map<Ptr<Socket>, Connection> m_connections; //!< open connections
    std::map<Address, Time> m_handshakes;            //!< requests accepted, not yet connected: when
    uint64_t m_refused{0};                           //!< connection requests refused
    uint64_t m_accepted{0};                          //!< connections accepted (sequence)
    uint64_t m_timedOut{0};                          //!< heads not complete in time
    uint32_t m_peakConnections{0};                   //!< most connections open at once
    uint32_t m_peakHeadBytes{0};                     //!< most head bytes one connection held
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_HTTP_SERVER_CONNECTIONS_H
