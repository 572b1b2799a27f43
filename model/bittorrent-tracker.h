// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_BITTORRENT_TRACKER_H
#define FILE_DISTRIBUTION_BITTORRENT_TRACKER_H

#include "http-server-connections.h"
#include "tracker-protocol.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief A BitTorrent HTTP tracker (BEP 3) with compact peer lists (BEP 23).
 *
 * Listens on TCP (port 2710 by default) and answers `GET /announce?info_hash=...` with an
 * HTTP/1.0 response whose body is a bencoded dictionary: interval, min interval (when set),
 * complete, incomplete and a random subset of the swarm as compact 6-byte peers. Every
 * connection is closed after its response. It tracks who is in each swarm (started,
 * completed, stopped, and expiry of peers silent for PeerTimeout), never who has what.
 *
 * - The peer's IP is the connection's source address (the "ip" parameter is ignored); its
 *   port is the "port" parameter; peers are keyed by peer_id.
 * - A peer never receives itself; a seed (left = 0) receives only leechers, since seeds
 *   have nothing to exchange; a peer that stops receives no peers.
 * - Malformed HTTP or a head over MaxHeadBytes: "400 Bad Request". Another path: "404 Not
 *   Found". A well-formed request with bad announce parameters, or an unknown info_hash
 *   when AcceptUnknownTorrents is false: 200 with a bencoded "failure reason".
 *
 * Hostile clients meet three limits, each an attribute: a head not complete RequestTimeout
 * after the connection was accepted gets "408 Request Timeout" (slowloris); a connection
 * never holds more than MaxHeadBytes of head (the rest of a huge head is read and dropped
 * after the 400); and at most MaxConnections connections are open at once, handshakes in
 * progress included: further connection requests are refused (their SYNs go unanswered,
 * so the client's TCP retries them, as behind a full accept queue).
 */
class BitTorrentTracker : public Application
{
  public:
    /// A torrent's info_hash.
    using InfoHash = std::array<uint8_t, 20>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    BitTorrentTracker();
    ~BitTorrentTracker() override;

    /**
     * \brief Registers a torrent: its announces are served even when AcceptUnknownTorrents
     * is false.
     * \param infoHash the torrent's info_hash
     */
    void AddTorrent(const InfoHash& infoHash);

    /**
     * \param infoHash a torrent's info_hash
     * \return the seeds (left = 0) currently in its swarm
     */
    uint32_t GetSeeders(const InfoHash& infoHash) const;

    /**
     * \param infoHash a torrent's info_hash
     * \return the leechers (left > 0) currently in its swarm
     */
    uint32_t GetLeechers(const InfoHash& infoHash) const;

    /**
     * \return the torrents known (registered or announced)
     */
    uint32_t GetTorrentCount() const;

    /**
     * \return the announces accepted (any event), over all torrents
     */
    uint64_t GetAnnounceCount() const;

    /**
     * \return the requests answered with 400, 404 or a failure reason
     */
    uint64_t GetFailedRequestCount() const;

    /**
     * \return the connections answered 408 because their head was not complete within
     * RequestTimeout (not counted in GetFailedRequestCount())
     */
    uint64_t GetTimedOutRequestCount() const;

    /**
     * \return the connection requests refused because MaxConnections were open (a client's
     * retransmitted SYN counts again)
     */
    uint64_t GetRefusedConnectionCount() const;

    /**
     * \return the connections open now: accepted, their request not yet answered
     */
    uint32_t GetOpenConnectionCount() const;

    /**
     * \return the most connections that were open at once
     */
    uint32_t GetPeakConnectionCount() const;

    /**
     * \return the most request-head bytes one connection ever held (at most MaxHeadBytes)
     */
    uint32_t GetPeakHeadBytes() const;

    /**
     * \brief Assigns a fixed random variable stream number to the peer-subset sampling.
     * \param stream first stream index to use
     * \return the number of stream indices assigned (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief TracedCallback signature of an accepted announce.
     * \param infoHashHex the torrent, 40 lower-case hex digits
     * \param address the peer's IP (the connection's source)
     * \param port the peer's listening port (from the request)
     * \param event "started", "completed", "stopped", or "" for a regular announce
     */
    typedef void (*AnnounceTracedCallback)(const std::string& infoHashHex,
                                           Ipv4Address address,
                                           uint16_t port,
                                           const std::string& event);

    /**
     * \brief TracedCallback signature of a change of a swarm's size.
     * \param infoHashHex the torrent, 40 lower-case hex digits
     * \param seeders seeds now in the swarm
     * \param leechers leechers now in the swarm
     */
    typedef void (*SwarmSizeTracedCallback)(const std::string& infoHashHex,
                                            uint32_t seeders,
                                            uint32_t leechers);

    /**
     * \brief TracedCallback signature of a refused connection request.
     * \param from the client
     */
    typedef void (*RefusedTracedCallback)(const Address& from);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A peer in a swarm.
    struct Peer
    {
        Ipv4Address address; //!< the connection's source address
        uint16_t port{0};    //!< the announced listening port
        bool seed{false};    //!< left was 0 at the last announce
        EventId expiry;      //!< removes the peer when it stays silent for PeerTimeout
    };

    /// The peers of one torrent, keyed by peer_id.
    struct Swarm
    {
        std::map<InfoHash, Peer> peers; //!< members by peer_id
        uint32_t seeders{0};            //!< members with seed == true
    };

    /**
     * \brief Answers a complete request head: an announce, or an error.
     * \param socket the connected socket
     * \param from the client
     * \param head the request head
     */
    void HandleHead(Ptr<Socket> socket, const Address& from, const std::string& head);
    /**
     * \brief Answers 400 to a head over MaxHeadBytes.
     * \param socket the connected socket
     * \param from the client
     */
    void HandleHeadTooLarge(Ptr<Socket> socket, const Address& from);
    /**
     * \brief Answers 408 to a connection whose head did not come within RequestTimeout.
     * \param socket the connected socket
     * \param from the client
     */
    void HandleRequestTimeout(Ptr<Socket> socket, const Address& from);
    /**
     * \brief Sends a response and closes the connection.
     * \param socket the connected socket
     * \param status HTTP status
     * \param reason HTTP reason phrase
     * \param body the body
     */
    void Respond(Ptr<Socket> socket,
                 int status,
                 const std::string& reason,
                 const std::string& body);
    /**
     * \brief Applies an announce to its swarm and builds the response.
     * \param request the announce
     * \param address the peer's address
     * \return the response
     */
    AnnounceResponse Announce(const AnnounceRequest& request, Ipv4Address address);
    /**
     * \brief Removes a peer that did not announce for PeerTimeout.
     * \param infoHash the torrent
     * \param peerId the peer
     */
    void Expire(InfoHash infoHash, InfoHash peerId);
    /**
     * \brief Fires the SwarmSize trace for a torrent.
     * \param infoHash the torrent
     * \param swarm its swarm
     */
    void NotifySwarmSize(const InfoHash& infoHash, const Swarm& swarm);
    /// \return PeerTimeout, or twice Interval when PeerTimeout is zero
    Time GetPeerTimeout() const;

    uint16_t m_port;                    //!< TCP port to listen on
    Time m_interval;                    //!< re-announce interval sent to peers
    Time m_minInterval;                 //!< min interval sent to peers (0: not sent)
    Time m_peerTimeout;                 //!< silence after which a peer is dropped (0: 2x interval)
    uint32_t m_maxNumwant;              //!< cap on the peers returned
    bool m_acceptUnknownTorrents;       //!< serve any info_hash, not only AddTorrent()'s
    uint32_t m_maxHeadBytes;            //!< largest request head accepted
    Time m_requestTimeout;              //!< time from accept to a complete head, else 408
    uint32_t m_maxConnections;          //!< connections open or being set up at once
    Ptr<UniformRandomVariable> m_rng;   //!< picks the random subset of peers
    HttpServerConnections m_http;       //!< the connections, up to their request head
    std::map<InfoHash, Swarm> m_swarms; //!< swarms by info_hash
    uint64_t m_announces{0};            //!< announces accepted
    uint64_t m_failures{0};             //!< requests answered with an error

    /// Trace of accepted announces.
    TracedCallback<const std::string&, Ipv4Address, uint16_t, const std::string&> m_announceTrace;
    /// Trace of swarm size changes.
    TracedCallback<const std::string&, uint32_t, uint32_t> m_swarmSizeTrace;
    /// Trace of refused connection requests.
    TracedCallback<const Address&> m_refusedTrace;
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_BITTORRENT_TRACKER_H
