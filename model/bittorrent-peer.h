// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_BITTORRENT_PEER_H
#define FILE_DISTRIBUTION_BITTORRENT_PEER_H

#include "bitfield.h"
#include "choker.h"
#include "peer-connection.h"
#include "peer-connector.h"
#include "peer-wire-framer.h"
#include "peer-wire-message.h"
#include "piece-picker.h"
#include "torrent-metainfo.h"
#include "torrent.h"
#include "tracker-client.h"
#include "tracker-protocol.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <memory>
#include <optional>
#include <string>

namespace ns3
{

class Packet;

/**
 * \ingroup file-distribution
 * \brief A BitTorrent peer: announces to a tracker, trades pieces with its neighbours.
 *
 * The application keeps the attributes, the traces, start and stop; one class per role does
 * the rest, as libtorrent splits a client: Torrent (picker, choker, haves, interest,
 * completion), PeerConnection (one TCP connection and its timers), PeerConnector with
 * PeerList (whom to dial, and when again) and TrackerClient (announces, time-outs, back-off).
 *
 * Life of a peer:
 * - it listens on `Port` (6881, Wireshark's BitTorrent port) and announces `started` to the
 *   tracker over HTTP (TrackerClient), asking for `NumWant` peers;
 * - it connects to up to `MaxPeers` of the peers it learns (its neighbours) and accepts
 *   incoming connections while it has fewer than `MaxConnections`;
 * - on each connection: handshake, bitfield, interest both ways, `PipelineDepth` outstanding
 *   16 KiB block requests chosen by the piece picker (random first pieces, rarest first,
 *   strict priority, endgame), `have` to every neighbour when a piece completes;
 * - every `RechokeInterval` the choker picks whom to upload to (tit-for-tat, optimistic
 *   unchoke every `OptimisticUnchokeRounds` rounds); only unchoked peers' requests are served;
 * - it re-announces every tracker interval, and at once when its neighbours fall below
 *   `MinPeers`;
 * - once complete it announces `completed`, seeds for `SeedTime` (0: leaves at once; the
 *   default, infinite, stays), then announces `stopped` and closes its connections. Stopping
 *   the application (churn) does the same; with `Departure` crash it stops without a word;
 * - silent neighbours, overdue requests and an unanswering tracker time out (libtorrent's
 *   defaults, each an attribute); failed endpoints are dialled again after a back-off.
 *
 * Piece payload is virtual: blocks are zero-filled packets created by size; every header
 * (handshake, lengths, ids, indices) is real bytes, so Wireshark decodes the traces. A
 * connection whose bytes break the protocol is closed and counted; the peer carries on.
 */
class BitTorrentPeer : public Application, private Torrent::Host
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BitTorrentPeer();
    ~BitTorrentPeer() override;

    /**
     * \brief Sets the torrent (all peers of a swarm share it). Without it the peer synthesizes
     * one from FileName, FileSize and PieceLength at start.
     * \param torrent the metainfo
     */
    void SetTorrent(const TorrentMetainfo& torrent);

    /**
     * \brief Sets where the tracker is.
     * \param address the tracker's IPv4 address
     * \param port its port
     */
    void SetTracker(Ipv4Address address, uint16_t port);

    /// \return true once every piece is here (immediately for an initial seed)
    bool IsComplete() const;
    /// \return true once the peer announced `stopped` and closed its connections
    bool HasLeft() const;
    /// \return true once the peer crashed (see Crash)
    bool HasCrashed() const;
    /// \return true once the peer left or crashed: it takes no further part
    bool IsGone() const;
    /**
     * \brief The peer crashes: it stops at once without a word (no `stopped` announce, no
     * FIN, no keep-alive), its connections and dials are abandoned as they are. The Crashed
     * trace fires; FaultHelper::SilenceCrashes takes its link down so that the node's TCP
     * goes silent too.
     */
    void Crash();
    /// \return when the application started
    Time GetJoinTime() const;
    /// \return when the last piece arrived, if it did (not set for an initial seed)
    std::optional<Time> GetCompletionTime() const;
    /// \return when the peer left or crashed, if it did
    std::optional<Time> GetLeaveTime() const;
    /// \return piece payload bytes sent to other peers
    uint64_t GetBytesUploaded() const;
    /// \return piece payload bytes received (duplicates included)
    uint64_t GetBytesDownloaded() const;
    /// \return pieces we have
    uint32_t GetPiecesHave() const;
    /// \return the pieces we have (empty before the application starts)
    const Bitfield& GetHave() const;
    /// \return true once the application started (and has its torrent)
    bool IsStarted() const;
    /// \return connections closed because the remote peer broke the protocol
    uint64_t GetProtocolErrors() const;
    /// \return 'have' messages sent (see the SendRedundantHave attribute)
    uint64_t GetHaveMessagesSent() const;
    /// \return connections open now (handshaken or not)
    uint32_t GetConnectionCount() const;
    /// \return the largest number of connections open at once
    uint32_t GetMaxConnectionCount() const;
    /// \return our 20-byte peer id
    const std::array<uint8_t, 20>& GetPeerId() const;
    /// \return the tracker client (announces sent, failures)
    const TrackerClient& GetTrackerClient() const;
    /// \return the peer list (endpoints known, their failures); empty before start
    const PeerList& GetPeerList() const;

    /**
     * \brief Assigns fixed random streams to the random variables of this peer.
     * \param stream first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for a piece completed.
     * \param [in] piece its index
     */
    typedef void (*PieceTracedCallback)(uint32_t piece);
    /**
     * TracedCallback signature for the download completed.
     * \param [in] duration time from start to the last piece
     */
    typedef void (*CompletedTracedCallback)(Time duration);
    /**
     * TracedCallback signature for connection events.
     * \param [in] remote the remote peer's address and port
     */
    typedef void (*ConnectionTracedCallback)(const Address& remote);
    /**
     * TracedCallback signature for a choke decision.
     * \param [in] remote the remote peer
     * \param [in] choked true: choked, false: unchoked
     */
    typedef void (*ChokeTracedCallback)(const Address& remote, bool choked);
    /**
     * TracedCallback signature for block payload moved on a connection.
     * \param [in] remote the remote peer
     * \param [in] bytes payload bytes of the block
     */
    typedef void (*BytesTracedCallback)(const Address& remote, uint32_t bytes);
    /**
     * TracedCallback signature for a connection closed for a protocol error.
     * \param [in] remote the remote peer
     * \param [in] reason what was wrong
     */
    typedef void (*ProtocolErrorTracedCallback)(const Address& remote, const std::string& reason);
    /**
     * TracedCallback signature for a snubbed connection.
     * \param [in] remote the remote peer whose requests timed out
     */
    typedef void (*SnubbedTracedCallback)(const Address& remote);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// \param event the announce's event \return the request with our current counters
    AnnounceRequest MakeAnnounce(AnnounceRequest::Event event) const;
    /// \param ip where an incoming connection comes from \return true to accept it
    bool AcceptsFrom(Ipv4Address ip) const;

    // Torrent::Host
    void HandleConnectionClosed(Ptr<Socket> socket,
                                const Address& remote,
                                bool outgoing,
                                bool failed) override;
    void HandleHandshake(const PeerConnection& c) override;
    void HandlePieceCompleted(uint32_t piece) override;
    void HandleDownloadCompleted() override;
    void HandleChoke(const Address& remote, bool choked) override;
    void HandleBlockSent(const Address& remote, uint32_t bytes) override;
    void HandleBlockReceived(const Address& remote, uint32_t bytes) override;
    void HandleProtocolError(const Address& remote, const std::string& reason) override;
    void HandleSnubbed(const Address& remote) override;

    /// \return the regular slots while seeding: SeedUnchokeSlots, or mainline's automatic count
    uint32_t SeedRegularSlots() const;

    /**
     * \brief Setter of the SeedChokingMode attribute.
     * \param mode "fastest-upload", "round-robin" or "anti-leech"
     * \return false for any other value
     */
    bool SetSeedChokingMode(std::string mode);
    /**
     * \brief Setter of the Departure attribute.
     * \param mode "graceful" or "crash"
     * \return false for any other value
     */
    bool SetDeparture(std::string mode);
    /// \return the Departure attribute
    std::string GetDeparture() const;
    /// \return the SeedChokingMode attribute
    std::string GetSeedChokingMode() const;

    /// \brief Leaves the swarm: announces stopped, closes every connection.
    void Leave();

    // Attributes
    uint16_t m_port;                         //!< listening port
    Ipv4Address m_trackerAddress;            //!< tracker address (see m_trackerSet)
    bool m_trackerSet{false};                //!< whether a tracker address was given
    uint16_t m_trackerPort;                  //!< tracker port
    std::string m_fileName;                  //!< torrent name when synthesized
    uint64_t m_fileSize;                     //!< torrent length when synthesized
    uint32_t m_pieceLength;                  //!< piece length when synthesized
    bool m_initialSeed;                      //!< starts with every piece
    uint32_t m_maxPeers;                     //!< outgoing connections target
    uint32_t m_maxConnections;               //!< cap on all connections
    uint32_t m_minPeers;                     //!< re-announce below this
    uint32_t m_numWant;                      //!< peers asked from the tracker
    uint32_t m_pipelineDepth;                //!< outstanding requests per connection
    uint32_t m_maxQueuedRequests;            //!< requests of a peer we keep queued
    uint32_t m_maxMessageLength;             //!< longest peer wire message accepted
    uint32_t m_maxRequestLength;             //!< longest block requested or sent
    uint32_t m_sendWatermark;                //!< block bytes kept waiting in a socket's send buffer
    PeerConnectionConfig m_connectionConfig; //!< the above and the time-outs, per connection
    Time m_connectTimeout;                   //!< a dial not connected by then failed
    Time m_handshakeTimeout;                 //!< no remote handshake by then: closed
    Time m_peerTimeout;                      //!< nothing received this long: closed
    Time m_keepAliveInterval;                //!< keep-alive after this long without sending
    Time m_requestTimeout;                   //!< a request this old snubs the peer
    Time m_pieceTimeout;                     //!< no block this long snubs the peer
    Time m_minReconnectTime;                 //!< wait before dialling an endpoint again
    uint32_t m_maxFailCount;                 //!< failures after which an endpoint is dropped
    Time m_trackerReceiveTimeout;            //!< tracker silent this long: failed
    Time m_trackerCompletionTimeout;         //!< announce longer than this: failed
    bool m_multipleConnectionsPerIp;         //!< allow several connections per IP address
    bool m_freeRider;                        //!< never unchokes anyone
    bool m_sendRedundantHave;                //!< 'have' also to neighbours that have the piece
    bool m_tcpNoDelay;                       //!< TCP_NODELAY on the peer sockets (Nagle off)
    Time m_rechokeInterval;                  //!< time between choker rounds
    Time m_seedTime;                         //!< how long to seed after completing
    uint32_t m_unchokeSlots;                 //!< choker: regular slots
    uint32_t m_seedUnchokeSlots;             //!< choker: regular slots of a seed, 0: automatic
    DataRate m_uploadCapacity;       //!< the rate the automatic count assumes, 0: the link's
    uint32_t m_optimisticSlots;      //!< choker: optimistic slots
    uint32_t m_optimisticRounds;     //!< choker: rounds between optimistic rotations
    uint32_t m_seedingPieceQuota;    //!< choker, round-robin seed: pieces per turn
    bool m_fastExtension;            //!< announce and use BEP 6
    uint32_t m_allowedFastSetSize;   //!< BEP 6: pieces a choked neighbour may still ask for
    bool m_antiSnubbing;             //!< choker: anti-snubbing
    ChokerConfig m_chokerConfig;     //!< the above, and the seed mode, for the choker
    uint32_t m_randomFirstPieces;    //!< picker: random pieces before rarest first
    bool m_rarestFirst;              //!< picker: rarest first (else random)
    bool m_strictPriority;           //!< picker: finish started pieces first
    bool m_endgame;                  //!< picker: endgame mode
    uint32_t m_endgameMaxRequesters; //!< peers that may have one endgame block outstanding
    uint32_t m_endgamePipelineDepth; //!< picker: endgame busy blocks only below this queue

    // State
    std::optional<TorrentMetainfo> m_metainfo;  //!< the torrent's metainfo
    std::unique_ptr<Torrent> m_torrent;         //!< connections, picker, choker
    PeerWireLimits m_limits;                    //!< its geometry for the framers
    std::array<uint8_t, 20> m_peerId{};         //!< our id
    std::unique_ptr<PeerConnector> m_connector; //!< listens, dials the peer list
    TrackerClient m_tracker;                    //!< announces
    EventId m_leaveEvent;                       //!< end of seeding
    Time m_joinTime;                            //!< start of the application
    std::optional<Time> m_completionTime;       //!< when the download completed
    std::optional<Time> m_leaveTime;            //!< when the peer left
    bool m_left{false};                         //!< the peer left the swarm
    bool m_crashed{false};                      //!< the peer crashed
    bool m_crashOnLeave{false};                 //!< leave by crashing (Departure)
    bool m_running{false};                      //!< between start and leave
    Ptr<UniformRandomVariable> m_random;        //!< picker and choker tie-breaks

    TracedCallback<uint32_t> m_pieceCompletedTrace;                //!< a piece completed
    TracedCallback<Time> m_downloadCompletedTrace;                 //!< the download completed
    TracedCallback<const Address&> m_connectionOpenedTrace;        //!< a connection opened
    TracedCallback<const Address&> m_connectionClosedTrace;        //!< a connection closed
    TracedCallback<const Address&, bool> m_chokeTrace;             //!< we choked / unchoked
    TracedCallback<const Address&, uint32_t> m_blockSentTrace;     //!< block payload sent
    TracedCallback<const Address&, uint32_t> m_blockReceivedTrace; //!< block payload received
    TracedCallback<const Address&, const std::string&> m_protocolErrorTrace; //!< bad bytes
    TracedCallback<> m_crashedTrace;                                         //!< the peer crashed
    TracedCallback<const Address&> m_snubbedTrace; //!< a peer's requests timed out
    TracedCallback<> m_leftTrace;                  //!< the peer left
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_BITTORRENT_PEER_H
