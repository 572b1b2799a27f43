// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_TORRENT_H
#define FILE_DISTRIBUTION_TORRENT_H

#include "choker.h"
#include "peer-connection.h"
#include "peer-wire-framer.h"
#include "piece-picker.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief What the torrent needs to know; BitTorrentPeer fills it from its attributes.
 */
struct TorrentSettings
{
    PeerWireLimits limits;                    //!< the torrent's geometry and info_hash
    std::array<uint8_t, 20> peerId{};         //!< our peer id
    PeerConnectionConfig connection;          //!< the knobs of every connection
    ChokerConfig choker;                      //!< the choker's knobs
    uint32_t pipelineDepth{10};               //!< outstanding requests per connection
    bool freeRider{false};                    //!< never unchoke anyone
    bool sendRedundantHave{false};            //!< 'have' also to neighbours that have the piece
    bool fastExtension{true};                 //!< announce and use BEP 6 (Fast Extension)
    uint32_t allowedFastSetSize{5};           //!< BEP 6: pieces allowed while choked; 0: none
    Time rechokeInterval{Seconds(10)};        //!< time between choker rounds
    std::function<uint32_t(uint32_t)> random; //!< uniform integer in [0, n), tie-breaks
};

/**
 * \ingroup file-distribution
 * \brief The torrent-level logic of a peer (libtorrent's torrent): the piece picker, the
 * choker, the haves, interest, endgame and completion, over the open connections.
 *
 * It owns the connections once they are established, handles every message they receive,
 * decides what to request from whom and whom to unchoke. Where connections come from (the
 * listening socket, dials to the peer list) and the tracker are BitTorrentPeer's business;
 * the torrent tells it through Host what happened.
 */
class Torrent : private PeerConnection::Owner
{
  public:
    /// What the torrent tells the application that owns it (traces, the peer list).
    class Host
    {
      public:
        virtual ~Host() = default;
        /**
         * \brief A connection was closed (and is gone).
         * \param socket its socket, closed; TCP may still need it for a while
         * \param remote the remote address and port
         * \param outgoing we had dialled it
         * \param failed it timed out or broke the protocol
         */
        virtual void HandleConnectionClosed(Ptr<Socket> socket,
                                            const Address& remote,
                                            bool outgoing,
                                            bool failed) = 0;
        /// \param c a connection whose remote handshake arrived and was accepted
        virtual void HandleHandshake(const PeerConnection& c) = 0;
        /// \param piece a piece that completed
        virtual void HandlePieceCompleted(uint32_t piece) = 0;
        /// \brief Every piece is here.
        virtual void HandleDownloadCompleted() = 0;
        /// \param remote the remote peer \param choked we choked (true) or unchoked it
        virtual void HandleChoke(const Address& remote, bool choked) = 0;
        /// \param remote the remote peer \param bytes block payload handed to TCP
        virtual void HandleBlockSent(const Address& remote, uint32_t bytes) = 0;
        /// \param remote the remote peer \param bytes block payload received
        virtual void HandleBlockReceived(const Address& remote, uint32_t bytes) = 0;
        /// \param remote the remote peer \param reason what its bytes broke
        virtual void HandleProtocolError(const Address& remote, const std::string& reason) = 0;
        /// \param remote a peer whose requests timed out
        virtual void HandleSnubbed(const Address& remote) = 0;
    };

    /**
     * \param settings what the torrent needs to know
     * \param initialSeed start with every piece
     * \param picker the configured piece picker
     * \param host where events go
     */
    Torrent(const TorrentSettings& settings, std::unique_ptr<PiecePicker> picker, Host& host);
    ~Torrent() override;
    Torrent(const Torrent&) = delete;
    Torrent& operator=(const Torrent&) = delete;

    /// \brief Starts the choker's rounds.
    void Start();
    /// \brief Closes every connection and stops the rounds (leaving the swarm).
    void Stop();
    /// \brief Forgets every connection without a word and stops (the peer crashed).
    void Abandon();

    /**
     * \brief Takes an established connection: sends our handshake and bitfield.
     * \param socket the connected socket
     * \param remote the remote address
     * \param outgoing we dialled it
     */
    void AddConnection(Ptr<Socket> socket, const Address& remote, bool outgoing);
    /**
     * \brief Closes a connection.
     * \param id the connection
     * \param reason for the log
     * \param failed it timed out or broke the protocol (the peer list counts it)
     */
    void CloseConnection(uint32_t id, const std::string& reason, bool failed);

    /// \brief The seed slot count may have grown: fill free slots now.
    void FillFreeSlots();

    /// \return the piece picker (what we have, what the neighbours have)
    const PiecePicker& GetPicker() const;
    /// \return the open connections by id, in open order
    const std::map<uint32_t, std::unique_ptr<PeerConnection>>& GetConnections() const;
    /// \return piece payload bytes sent
    uint64_t GetBytesUploaded() const;
    /// \return piece payload bytes received (duplicates included)
    uint64_t GetBytesDownloaded() const;
    /// \return connections closed because the remote peer broke the protocol
    uint64_t GetProtocolErrors() const;
    /// \return 'have' messages sent
    uint64_t GetHaveMessagesSent() const;
    /// \return the largest number of connections open at once
    uint32_t GetMaxConnectionCount() const;

  private:
    // PeerConnection::Owner
    void HandleMessage(PeerConnection& c, const PeerWireMessage& message) override;
    void HandleFailure(PeerConnection& c,
                       PeerConnection::Failure failure,
                       const std::string& reason) override;
    void HandleBlockSent(PeerConnection& c, uint32_t bytes) override;
    void HandleBlockDiscarded(PeerConnection& c, uint32_t bytes) override;
    void HandleSnubbed(PeerConnection& c) override;

    /// \param c the connection \param message its handshake \return false if it was closed
    bool HandleHandshake(PeerConnection& c, const PeerWireMessage& message);
    /// \param c the connection \param message its first message after the handshake
    /// \return false if it was closed
    bool RegisterPeer(PeerConnection& c, const PeerWireMessage& message);
    /// \param c the connection \param message a block it sent
    void HandlePiece(PeerConnection& c, const PeerWireMessage& message);
    /// \param c the connection: asks for more blocks if it unchoked us
    void RequestBlocks(PeerConnection& c);
    /// \param c the connection: its requests go back to the picker \return whether it had any
    bool AbortRequests(PeerConnection& c);
    /// \brief Gives every connection a chance to fill its pipeline.
    void RequestBlocksEverywhere();
    /// \param c the connection: sends interested / not interested when that changed
    void UpdateInterest(PeerConnection& c);
    /// \param c the connection \param choke the new state
    void SetChoking(PeerConnection& c, bool choke);
    /// \param piece a piece that just completed
    void HandlePieceCompleted(uint32_t piece);
    /// \param c the connection \param reason what its bytes broke: counted, then closed
    void ProtocolError(PeerConnection& c, const std::string& reason);
    /// \brief One round of the choker.
    void Rechoke();

    // BEP 6, the Fast Extension (torrent-fast.cc).
    /// What to do with a request.
    enum class RequestVerdict
    {
        SERVE,  //!< queue it
        REJECT, //!< drop it (with a reject request under BEP 6)
        CLOSED, //!< the connection broke a limit and is closed
    };
    /// \param c the connection \param block its request \return what to do with it
    RequestVerdict JudgeRequest(PeerConnection& c, const BlockRequest& block);
    /// \param c the connection \param block a request we will not serve: rejected if BEP 6
    void Reject(PeerConnection& c, const BlockRequest& block);
    /// \param c a connection that became interested: our allowed fast set, once
    void SendAllowedFastSet(PeerConnection& c);
    /// \param c the connection \param message suggest, allowed fast or reject (BEP 6)
    void HandleFastMessage(PeerConnection& c, const PeerWireMessage& message);
    /// \param c the connection \param piece a piece it now has: pickable if it allowed it
    void UpdateAllowedFast(PeerConnection& c, uint32_t piece);

    TorrentSettings m_settings;                                        //!< what it knows
    std::unique_ptr<PiecePicker> m_picker;                             //!< which blocks to ask
    std::unique_ptr<Choker> m_choker;                                  //!< whom to upload to
    Host& m_host;                                                      //!< where events go
    std::map<uint32_t, std::unique_ptr<PeerConnection>> m_connections; //!< by id (open order)
    uint32_t m_nextConnectionId{1};                                    //!< next connection's id
    uint32_t m_maxConnectionCount{0};                                  //!< most at once
    bool m_running{false};                                             //!< between Start, Stop
    uint64_t m_uploaded{0};                                            //!< payload sent
    uint64_t m_downloaded{0};                                          //!< payload received
    uint64_t m_protocolErrors{0};   //!< connections closed for bad bytes
    uint64_t m_haveMessagesSent{0}; //!< 'have' messages sent
    Time m_lastRechoke;             //!< when the choker last ran
    EventId m_rechokeEvent;         //!< next rechoke
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_TORRENT_H
