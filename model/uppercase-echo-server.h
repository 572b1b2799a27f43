// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_UPPERCASE_ECHO_SERVER_H
#define FILE_DISTRIBUTION_UPPERCASE_ECHO_SERVER_H

#include "line-framer.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"
#include "ns3/type-id.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class Packet;
class Socket;

/**
 * \ingroup file-distribution
 * \brief The textbook's socket primer server: returns every line it receives in upper case.
 *
 * Over UDP (the default `Protocol`) each datagram is one line and is answered with one
 * datagram to its source address and port. Over TCP the server listens on one socket and
 * accepts each client on a connection socket of its own: the connection sockets are told apart
 * by the client's address and source port, which is the demultiplexing the lesson is about.
 * TCP hands over a byte stream, so lines are framed on '\\n' whatever way the stream is split.
 *
 * Every client the server sees (a UDP source or a TCP connection) is recorded with its
 * 4-tuple; GetClients() returns them in the order they appeared.
 */
class UppercaseEchoServer : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UppercaseEchoServer();
    ~UppercaseEchoServer() override;

    /// One client as the server sees it: a UDP source, or one accepted TCP connection.
    struct ClientRecord
    {
        Address remote;          //!< the client's address and source port
        Address local;           //!< the server's address and port the client reached
        uint64_t linesServed{0}; //!< lines answered for this client
        bool open{true};         //!< TCP: the connection is still open
    };

    /**
     * \return every client seen, in order of appearance
     */
    const std::vector<ClientRecord>& GetClients() const;

    /**
     * \return the number of lines answered, all clients together
     */
    uint64_t GetLinesServed() const;

    /**
     * \return TCP connections closed because a client sent a line over the maximum length
     */
    uint64_t GetConnectionsRejected() const;

    /**
     * \brief Upper-cases ASCII letters; other bytes are returned unchanged.
     * \param line the line
     * \return the line in upper case
     */
    static std::string ToUpper(std::string line);

    /**
     * \brief Whether a socket factory TypeId is one the echo applications speak.
     * \param protocol the socket factory TypeId
     * \return true for ns3::UdpSocketFactory and ns3::TcpSocketFactory
     */
    static bool IsSupportedProtocol(TypeId protocol);

    /**
     * TracedCallback signature for a line received.
     * \param [in] line the line, without its '\\n'
     * \param [in] from the client's address and port
     */
    typedef void (*LineTracedCallback)(const std::string& line, const Address& from);

    /**
     * TracedCallback signature for a new client (a new UDP source or an accepted connection).
     * \param [in] from the client's address and port
     */
    typedef void (*ClientTracedCallback)(const Address& from);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// State of one accepted TCP connection.
    struct Connection
    {
        std::size_t record;  //!< index of its ClientRecord
        LineFramer framer;   //!< splits its stream into lines
        std::string pending; //!< replies not yet accepted by the socket's send buffer
    };

    /**
     * \brief Reads the datagrams waiting on the UDP socket.
     * \param socket the socket
     */
    void HandleUdpRead(Ptr<Socket> socket);
    /**
     * \brief Accepts a new TCP connection.
     * \param socket the connection socket
     * \param from the client's address and port
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /**
     * \brief Reads what a TCP connection delivered.
     * \param socket the connection socket
     */
    void HandleTcpRead(Ptr<Socket> socket);
    /**
     * \brief Sends what the send buffer now has room for.
     * \param socket the connection socket
     * \param available free bytes in its send buffer
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /**
     * \brief The client closed, or the connection failed.
     * \param socket the connection socket
     */
    void HandleClose(Ptr<Socket> socket);
    /**
     * \brief Finds the record of a UDP source, creating it the first time.
     * \param from the source
     * \param local where the datagram was sent to
     * \return the record's index
     */
    std::size_t FindOrAddUdpClient(const Address& from, const Address& local);
    /**
     * \brief Pushes pending replies of a connection into its socket.
     * \param socket the connection socket
     * \param connection its state
     */
    void Flush(Ptr<Socket> socket, Connection& connection);

    uint16_t m_port;                                 //!< listening port
    TypeId m_protocol;                               //!< socket factory
    uint32_t m_maxLineLength;                        //!< longest line accepted over TCP
    Ptr<Socket> m_socket;                            //!< UDP socket, or TCP listening socket
    std::map<Ptr<Socket>, Connection> m_connections; //!< accepted TCP connections
    std::vector<Ptr<Socket>> m_acceptOrder;          //!< the same sockets, in accept order
    std::map<Address, std::size_t> m_udpClients;     //!< UDP source -> record index
    std::vector<ClientRecord> m_clients;             //!< every client, in order of appearance
    uint64_t m_linesServed{0};                       //!< lines answered
    uint64_t m_connectionsRejected{0};               //!< connections closed for an overlong line
    TracedCallback<const std::string&, const Address&> m_rxTrace; //!< a line arrived
    TracedCallback<const Address&> m_clientTrace;                 //!< a new client
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_UPPERCASE_ECHO_SERVER_H
