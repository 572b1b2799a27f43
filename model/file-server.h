// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_FILE_SERVER_H
#define FILE_DISTRIBUTION_FILE_SERVER_H

#include "http-server-connections.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief A file server speaking a small HTTP/1.0 subset over TCP: the "server" of the
 * client-server distribution, uploading one copy of the file to every client.
 *
 * \verbatim
 *   client: GET /file.bin HTTP/1.0            server: HTTP/1.0 200 OK
 *           Host: 10.0.0.2                            Content-Type: application/octet-stream
 *                                                     Content-Length: F
 *                                                     <F bytes>, then close
 * \endverbatim
 *
 * Heads are real bytes (Wireshark shows the exchange as HTTP on port 80); the F body bytes are
 * virtual: zero-filled packets created by size and handed to TCP whenever its send buffer has
 * room (SetSendCallback), so the server does no per-byte work. Any number of clients are served
 * at once, each on its own connected socket with its own copy.
 *
 * A request that is not a well-formed HTTP/1.x GET (or whose head exceeds MaxHeadBytes) is
 * answered "400 Bad Request", a GET of another path "404 Not Found", a head not complete
 * RequestTimeout after the connection was accepted "408 Request Timeout"; in each case the
 * connection is then closed, the error counted and traced, and the other transfers go on
 * untouched. A connection never holds more than MaxHeadBytes of head. At most MaxConnections
 * connections are open at once (handshakes in progress and transfers included); further
 * connection requests are refused (their SYNs go unanswered and the clients' TCP retries them).
 */
class FileServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FileServer();
    ~FileServer() override;

    /**
     * TracedCallback signature for a request served with 200.
     * \param [in] from the client's address
     * \param [in] path the requested path
     */
    typedef void (*RequestTracedCallback)(const Address& from, const std::string& path);

    /**
     * TracedCallback signature for an error reply.
     * \param [in] from the client's address
     * \param [in] status the status sent (400, 404 or 408)
     */
    typedef void (*ErrorTracedCallback)(const Address& from, int status);

    /**
     * TracedCallback signature for a response whose last byte was handed to TCP.
     * \param [in] from the client's address
     * \param [in] bytes the body bytes sent
     */
    typedef void (*SentTracedCallback)(const Address& from, uint64_t bytes);

    /// \return the number of requests answered 200 OK
    uint32_t GetRequestCount() const;
    /// \return the number of requests answered 400 Bad Request
    uint32_t GetBadRequestCount() const;
    /// \return the number of requests answered 404 Not Found
    uint32_t GetNotFoundCount() const;
    /// \return the number of 200 responses entirely handed to TCP
    uint32_t GetCompletedCount() const;
    /// \return the number of connections answered 408 Request Timeout
    uint32_t GetTimedOutCount() const;
    /// \return the number of connections open now
    uint32_t GetOpenConnectionCount() const;
    /// \return the most connections that were open at once
    uint32_t GetPeakConnectionCount() const;
    /// \return the connection requests refused because MaxConnections were open (a client's
    /// retransmitted SYN counts again)
    uint64_t GetRefusedConnectionCount() const;
    /// \return the most request-head bytes one connection ever held (at most MaxHeadBytes)
    uint32_t GetPeakHeadBytes() const;

    /**
     * TracedCallback signature for a refused connection request.
     * \param [in] from the client's address
     */
    typedef void (*RefusedTracedCallback)(const Address& from);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A 200 response whose body is being handed to TCP.
    struct Transfer
    {
        Address peer;               //!< the client
        uint64_t remaining{0};      //!< body bytes still to hand to TCP
        uint64_t bodySize{0};       //!< the body's size
        uint32_t segmentSize{1448}; //!< the connection's TCP segment size
    };

    /**
     * \brief Answers a complete request head; closes unless a body is still to send.
     * \param socket the connected socket
     * \param from the client
     * \param head the request head
     */
    void HandleHead(Ptr<Socket> socket, const Address& from, const std::string& head);

    /**
     * \brief Answers 400 to a head over MaxHeadBytes, and closes.
     * \param socket the connected socket
     * \param from the client
     */
    void HandleHeadTooLarge(Ptr<Socket> socket, const Address& from);

    /**
     * \brief Answers 408 to a connection whose head did not come within RequestTimeout, and
     * closes.
     * \param socket the connected socket
     * \param from the client
     */
    void HandleRequestTimeout(Ptr<Socket> socket, const Address& from);

    /**
     * \brief Forgets the transfer of a connection that left (either side closed, or failed).
     * \param socket the connected socket
     */
    void HandleForget(Ptr<Socket> socket);

    /**
     * \brief Sends more of the body as the send buffer frees.
     * \param socket the connected socket
     * \param available bytes free in the send buffer
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);

    /**
     * \brief Answers a well-formed GET of the file: sends the head and starts the body.
     * \param socket the connected socket
     * \param transfer the transfer, its peer set
     * \param path the requested path
     */
    void StartTransfer(Ptr<Socket> socket, Transfer& transfer, const std::string& path);

    /**
     * \brief Sends an error response; the caller then closes.
     * \param socket the connected socket
     * \param from the client
     * \param status 400, 404 or 408
     * \param reason the reason phrase
     */
    void SendError(Ptr<Socket> socket, const Address& from, int status, const std::string& reason);

    /**
     * \brief Hands as much of the body to TCP as it takes; the caller closes when all is
     * handed over (remaining is 0).
     * \param socket the connected socket
     * \param transfer its state
     */
    void Pump(Ptr<Socket> socket, Transfer& transfer);

    uint16_t m_port;                             //!< listening port
    std::string m_fileName;                      //!< the file served, as "/<name>"
    uint64_t m_fileSize;                         //!< its size F in bytes
    uint32_t m_maxChunk;                         //!< largest packet handed to TCP at once
    uint32_t m_maxHeadBytes;                     //!< largest request head accepted
    Time m_requestTimeout;                       //!< from accept to a complete head
    uint32_t m_maxConnections;                   //!< connections open at once, at most
    HttpServerConnections m_http;                //!< the connections, up to their head
    std::map<Ptr<Socket>, Transfer> m_transfers; //!< 200 responses still sending

    uint32_t m_requests{0};    //!< 200 responses started
    uint32_t m_badRequests{0}; //!< 400 responses
    uint32_t m_notFound{0};    //!< 404 responses
    uint32_t m_completed{0};   //!< 200 responses fully handed to TCP

    TracedCallback<const Address&, const std::string&> m_requestTrace; //!< 200 response started
    TracedCallback<const Address&, int> m_errorTrace;                  //!< 400 or 404 sent
    TracedCallback<const Address&, uint64_t> m_sentTrace;              //!< whole body handed to TCP
    TracedCallback<const Address&> m_refusedTrace; //!< connection request refused
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_FILE_SERVER_H
