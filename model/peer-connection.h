// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_PEER_CONNECTION_H
#define FILE_DISTRIBUTION_PEER_CONNECTION_H

#include "peer-wire-framer.h"
#include "peer-wire-message.h"
#include "piece-picker.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"
#include "ns3/tcp-tx-buffer.h"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class Packet;

/**
 * \ingroup file-distribution
 * \brief The knobs of a connection; BitTorrentPeer maps its attributes onto them.
 */
struct PeerConnectionConfig
{
    uint32_t sendWatermark{65536};       //!< block bytes kept waiting unsent in the TCP buffer
    uint32_t maxQueuedRequests{256};     //!< requests of the remote peer kept for service
    Time keepAliveInterval{Seconds(60)}; //!< keep-alive after this long without sending
    Time peerTimeout{Seconds(120)};      //!< close after this long without receiving
    Time handshakeTimeout{Seconds(10)};  //!< close if no handshake arrived by then
    Time requestTimeout{Seconds(60)};    //!< snub if the oldest request waits this long
    Time pieceTimeout{Seconds(20)};      //!< snub if no block arrived for this long
};

/**
 * \ingroup file-distribution
 * \brief One TCP connection with another peer (libtorrent's peer_connection).
 *
 * It owns the socket, the framer that splits the byte stream into messages, the bytes waiting
 * for room in the send buffer, the remote peer's requests it serves, our requests outstanding
 * at the remote peer, the state of both sides (choked, interested) and its own timers:
 * keep-alive, inactivity, handshake and request time-outs. Each timer is one event that, when
 * it fires, compares the time of the last activity with its deadline and sleeps again if
 * there was some: no event is scheduled or cancelled per message. What a message means for the
 * torrent (pieces, interest, choking) is the owner's business: every message goes to
 * Owner::HandleMessage.
 *
 * The owner may destroy the connection from any of its callbacks; the connection notices and
 * stops touching itself.
 */
class PeerConnection
{
  public:
    /// Why a connection ends by itself.
    enum class Failure
    {
        CLOSED_BY_REMOTE, //!< the remote peer closed it (or TCP failed)
        PROTOCOL_ERROR,   //!< its bytes broke the protocol
        TIMED_OUT,        //!< silent too long, or no handshake in time
    };

    /// What a connection tells the torrent-level logic.
    class Owner
    {
      public:
        virtual ~Owner() = default;
        /// \param c the connection \param message a message it received
        virtual void HandleMessage(PeerConnection& c, const PeerWireMessage& message) = 0;
        /**
         * \brief The connection cannot go on; the owner closes it.
         * \param c the connection
         * \param failure why
         * \param reason a description for logs and traces
         */
        virtual void HandleFailure(PeerConnection& c,
                                   Failure failure,
                                   const std::string& reason) = 0;
        /**
         * \param c the connection \param bytes a block's payload handed to TCP; called while
         * the connection flushes, so it must not close the connection
         */
        virtual void HandleBlockSent(PeerConnection& c, uint32_t bytes) = 0;
        /// \param c the connection \param bytes a block's payload read while closing
        virtual void HandleBlockDiscarded(PeerConnection& c, uint32_t bytes) = 0;
        /// \param c a connection whose requests timed out: it is snubbed
        virtual void HandleSnubbed(PeerConnection& c) = 0;
    };

    /**
     * \param id the owner's name for it
     * \param socket the connected socket (ns-3's TCP)
     * \param remote the remote address and port
     * \param outgoing we dialled it
     * \param limits the torrent's geometry, for the framer
     * \param config the knobs
     * \param owner where messages and events go
     */
    PeerConnection(uint32_t id,
                   Ptr<Socket> socket,
                   const Address& remote,
                   bool outgoing,
                   const PeerWireLimits& limits,
                   const PeerConnectionConfig& config,
                   Owner& owner);
    ~PeerConnection();
    PeerConnection(const PeerConnection&) = delete;
    PeerConnection& operator=(const PeerConnection&) = delete;

    /// \return the owner's name for it
    uint32_t GetId() const;
    /// \return the socket
    Ptr<Socket> GetSocket() const;
    /// \return the remote address and port
    const Address& GetRemote() const;
    /// \return true if we dialled it
    bool IsOutgoing() const;
    /// \return when it was established
    Time GetConnectedAt() const;

    /// \param bytes a whole control message: sent now, or as soon as the buffer has room
    void Send(const std::vector<uint8_t>& bytes);
    /**
     * \brief Queues a block the remote peer asked for; it goes out when TCP has room.
     * \param block the block
     * \return false if the queue is full (the request is dropped)
     */
    bool QueueUpload(const BlockRequest& block);
    /// \param block a request the remote peer cancelled
    void CancelUpload(const BlockRequest& block);
    /**
     * \brief Drops the queued uploads that \p keep rejects (BEP 6: on a choke, all but the
     * allowed fast ones).
     * \param keep true for a block that stays queued
     * \return the blocks dropped, in queue order
     */
    std::vector<BlockRequest> DropUploadsExcept(
        const std::function<bool(const BlockRequest&)>& keep);

    /// \param block a request we sent, now outstanding
    void AddRequest(const BlockRequest& block);
    /**
     * \param block a block that arrived or was cancelled
     * \return true if it was outstanding here (it is no longer)
     */
    bool RemoveRequest(const BlockRequest& block);
    /// \return our requests outstanding here, oldest first
    std::vector<BlockRequest> TakeRequests();
    /// \return how many of our requests are outstanding here
    uint32_t GetRequestCount() const;
    /// \brief A block arrived: the request timers restart and a snub ends.
    void BlockArrived();

    /// \brief Reads what is left (blocks in it reach HandleBlockDiscarded) and closes.
    void Close();

    // Protocol state, read and written by the owner.
    bool handshaken{false};             //!< the remote handshake arrived
    bool registered{false};             //!< the picker knows the remote peer's pieces
    std::array<uint8_t, 20> remoteId{}; //!< remote peer id
    bool amChoking{true};               //!< we choke it
    bool amInterested{false};           //!< we want its pieces
    bool peerChoking{true};             //!< it chokes us
    bool peerInterested{false};         //!< it wants our pieces
    bool optimistic{false};             //!< it holds our optimistic unchoke
    bool peerIsSeed{false};             //!< it has every piece
    bool snubbed{false};                //!< its requests timed out; one at a time until a block
    uint64_t downSinceRechoke{0};       //!< payload received since the last rechoke
    uint64_t upSinceRechoke{0};         //!< payload sent since the last rechoke
    uint64_t upSinceUnchoke{0};         //!< payload sent since we last unchoked it
    /// Blocks it may still send that are no longer outstanding: requests we cancelled or gave
    /// up on without its knowing. A block beyond these was never asked for.
    uint32_t lateBlocksAllowed{0};
    // BEP 6, the Fast Extension (torrent-fast.cc).
    bool fast{false};                         //!< both handshakes announced it
    bool allowedFastSent{false};              //!< our allowed fast set went out (on its interest)
    std::vector<uint32_t> allowedFastOut{};   //!< pieces it may request while we choke it
    std::vector<uint32_t> allowedFastAsked{}; //!< its requests for each of them so far
    Bitfield allowedFastIn{};                 //!< pieces it lets us request while it chokes us
    Bitfield allowedFastPickable{};           //!< of allowedFastIn, those it has
    uint32_t allowedFastPickableCount{0};     //!< bits set in allowedFastPickable
    Time unchokedAt;                          //!< when we last unchoked it
    Time lastBlockAt;                         //!< when it last sent us a block

  private:
    /// \param socket the socket with bytes to read
    void HandleRead(Ptr<Socket> socket);
    /// \param socket the socket with room \param available the room
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    /// \param socket the socket the remote side closed or that failed
    void HandleClosed(Ptr<Socket> socket);
    /**
     * \brief Runs a packet's bytes through the framer.
     * \param packet the bytes (consumed)
     * \param handle called for each complete message; returns false to stop
     * \return false if \p handle stopped
     */
    bool ConsumeBytes(Ptr<Packet> packet,
                      const std::function<bool(const PeerWireMessage&)>& handle);
    /// \brief Sends pending control bytes, then the blocks asked for while there is room.
    void Flush();
    /// \return bytes waiting in the TCP send buffer that were never sent
    uint32_t UnsentBytes() const;
    /// \brief Detaches the socket's callbacks and stops the timers.
    void Detach();
    /// \brief Closes a connection whose handshake did not arrive in time.
    void HandleHandshakeTimeout();
    /// \brief Closes a connection silent for PeerTimeout, or looks again later.
    void HandleInactivityTimer();
    /// \brief Sends a keep-alive after KeepAliveInterval without sending, or looks later.
    void HandleKeepAliveTimer();
    /// \brief Snubs the peer when a request or the next block is overdue, or looks later.
    void HandleRequestTimer();
    /// \return when our requests here are overdue (RequestTimeout, PieceTimeout)
    Time GetRequestDeadline() const;
    /// \param bytes how many bytes the socket took: remembers when we last sent
    void Sent(int bytes);

    uint32_t m_id;                         //!< the owner's name for it
    Ptr<Socket> m_socket;                  //!< the connected socket
    Address m_remote;                      //!< remote address and port
    bool m_outgoing;                       //!< we dialled it
    PeerConnectionConfig m_config;         //!< the knobs
    Owner& m_owner;                        //!< where messages go
    PeerWireFramer m_framer;               //!< splits the stream into messages
    Ptr<TcpTxBuffer> m_txBuffer;           //!< the socket's TCP send buffer
    std::vector<uint8_t> m_pendingBytes;   //!< control bytes the socket did not take yet
    std::deque<BlockRequest> m_toServe;    //!< the remote peer's requests we will serve
    std::vector<BlockRequest> m_requested; //!< our requests outstanding here
    std::deque<Time> m_requestedAt;        //!< when each of them was sent, oldest first
    Time m_progressAt;                     //!< last block, or when requests started waiting
    Time m_lastReceive;                    //!< when bytes last arrived
    Time m_lastSend;                       //!< when bytes were last handed to TCP
    EventId m_handshakeEvent;              //!< handshake time-out
    EventId m_inactivityEvent;             //!< inactivity time-out
    EventId m_keepAliveEvent;              //!< next keep-alive check
    EventId m_requestEvent;                //!< next request time-out check
    std::vector<uint8_t> m_scratch;        //!< header bytes copied out of packets
    Time m_connectedAt;                    //!< when it was established
    std::shared_ptr<char> m_alive;         //!< expires with the connection (see HandleRead)
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_PEER_CONNECTION_H
