// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_PEER_CONNECTOR_H
#define FILE_DISTRIBUTION_PEER_CONNECTOR_H

#include "closed-sockets.h"
#include "peer-list.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

namespace ns3
{

class Node;

/**
 * \ingroup file-distribution
 * \brief The knobs of the connector; BitTorrentPeer maps its attributes onto them.
 */
struct PeerConnectorConfig
{
    uint16_t port{6881};              //!< where the peer listens
    uint32_t maxPeers{30};            //!< dial until this many connections
    uint32_t maxConnections{60};      //!< refuse incoming connections beyond this many
    Time connectTimeout{Seconds(15)}; //!< a dial not connected by then failed
    bool tcpNoDelay{true};            //!< TCP_NODELAY on every peer socket (false: Nagle on)
    PeerListConfig peerList;          //!< reconnect back-off, one connection per IP
};

/**
 * \ingroup file-distribution
 * \brief Opens the connections of a peer: listens and accepts, and dials the endpoints of its
 * PeerList until it has MaxPeers connections.
 *
 * It owns the listening socket, the dials in flight (each with a connect time-out,
 * libtorrent's peer_connect_timeout) and the peer list. A connection that opens goes to the
 * owner (the torrent takes it from there); the owner reports when it closes and whether it
 * failed, so the peer list can count failures and wait before dialling that endpoint again.
 * When no endpoint may be dialled now but one may later, a timer dials it then.
 */
class PeerConnector
{
  public:
    /// A connection opened: (socket, remote address, we dialled it).
    using ConnectedCallback = std::function<void(Ptr<Socket>, const Address&, bool)>;
    /// How many connections are open now.
    using CountCallback = std::function<uint32_t()>;
    /// Whether an incoming connection from this address may be accepted (duplicates).
    using AcceptFilter = std::function<bool(Ipv4Address)>;

    /// \param config the knobs
    explicit PeerConnector(const PeerConnectorConfig& config = PeerConnectorConfig());
    ~PeerConnector();
    PeerConnector(const PeerConnector&) = delete;
    PeerConnector& operator=(const PeerConnector&) = delete;

    /**
     * \brief Listens on the configured port.
     * \param node the node
     * \param connected where opened connections go
     * \param count how many connections the owner has open
     * \param accept whether to accept one from an address
     * \return false if the port is taken
     */
    bool Start(Ptr<Node> node,
               ConnectedCallback connected,
               CountCallback count,
               AcceptFilter accept);
    /// \brief Closes the listening socket and abandons every dial in flight.
    void Stop();
    /// \brief Stops without closing anything (the peer crashed): nothing is sent.
    void Abandon();

    /// \param endpoint an endpoint the tracker gave: remembered, dialled if there is room
    void AddPeer(const PeerList::Endpoint& endpoint);
    /// \brief Dials candidates while there is room (after a close, a failure, a reply).
    void ConnectMore();
    /**
     * \brief A connection the owner had closed.
     * \param remote its remote address
     * \param outgoing we had dialled it
     * \param failed it timed out or broke the protocol
     */
    void HandleClosed(const Address& remote, bool outgoing, bool failed);
    /// \param remote a dialled connection's remote address, whose handshake arrived
    void HandleHandshake(const Address& remote);
    /// \param socket a closed socket to keep while TCP may need it
    void KeepClosed(Ptr<Socket> socket);

    /// \return the peer list
    const PeerList& GetPeerList() const;
    /// \return dials in flight
    uint32_t GetDialCount() const;

  private:
    /// A dial in flight.
    struct Dial
    {
        uint64_t sequence;           //!< orders dials deterministically
        PeerList::Endpoint endpoint; //!< where to
        EventId timeout;             //!< its connect time-out
    };

    /// \param socket the listening socket \param from the remote \return true to accept
    bool HandleAcceptRequest(Ptr<Socket> socket, const Address& from);
    /// \param socket the new connection \param from the remote peer
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    /// \param socket an outgoing connection that succeeded
    void HandleConnected(Ptr<Socket> socket);
    /// \param socket an outgoing connection that failed
    void HandleConnectFailed(Ptr<Socket> socket);
    /// \param socket a dial whose connect time-out fired
    void HandleConnectTimeout(Ptr<Socket> socket);
    /// \param socket a dial that ended without a connection: forget it, count the failure
    void EndDial(Ptr<Socket> socket);

    PeerConnectorConfig m_config;        //!< the knobs
    PeerList m_peerList;                 //!< every endpoint heard of
    Ptr<Node> m_node;                    //!< the node
    Ptr<Socket> m_listener;              //!< the listening socket
    ConnectedCallback m_connected;       //!< where opened connections go
    CountCallback m_count;               //!< the owner's open connections
    AcceptFilter m_accept;               //!< the owner's accept rule
    std::map<Ptr<Socket>, Dial> m_dials; //!< dials in flight
    uint64_t m_dialSequence{0};          //!< next dial's sequence
    EventId m_retryEvent;                //!< dials an endpoint once its wait is over
    ClosedSockets m_closed;              //!< closed sockets TCP may still need
    bool m_running{false};               //!< between Start and Stop
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_PEER_CONNECTOR_H
