// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_PEER_LIST_H
#define FILE_DISTRIBUTION_PEER_LIST_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The knobs of the peer list; BitTorrentPeer maps its attributes onto them.
 */
struct PeerListConfig
{
    /// libtorrent's min_reconnect_time: an endpoint that was connected (or dialled) is dialled
    /// again only (failures + 1) x this long after that connection ended.
    Time minReconnectTime{Seconds(60)};
    /// libtorrent's max_failcount: an endpoint that failed this many times is never dialled
    /// again (it may still dial us).
    uint32_t maxFailCount{3};
    /// Several connections with one IP address (a node running several peers); libtorrent's
    /// default, false, allows one.
    bool multipleConnectionsPerIp{false};
};

/**
 * \ingroup file-distribution
 * \brief Every endpoint a peer has heard of, and whether and when to dial it (libtorrent's
 * peer_list).
 *
 * Pure logic: no sockets, no Simulator; the caller passes the time. It remembers each
 * endpoint the tracker gave, in the order learnt; counts its failures (a dial that did not
 * connect, a connection that timed out or broke the protocol); and says which endpoint to
 * dial next: never one already connected or being dialled, nor one whose IP address has a
 * connection (unless allowed), nor one that failed maxFailCount times; one that was
 * connected before only (failures + 1) x minReconnectTime after its last connection ended
 * (libtorrent's find_connect_candidates). Among candidates, fewer failures first, then the one
 * whose last connection ended longest ago (never: first), then the order learnt.
 *
 * It also counts open connections per IP address, incoming ones included, for the
 * one-connection-per-IP rule, and decides which of two connections with the same remote
 * peer stays (KeepNewer).
 */
class PeerList
{
  public:
    /// An endpoint: IPv4 address and TCP port where a peer listens.
    using Endpoint = std::pair<Ipv4Address, uint16_t>;

    /// \param config the knobs
    explicit PeerList(const PeerListConfig& config = PeerListConfig());

    /**
     * \brief Remembers an endpoint (from the tracker).
     * \param endpoint where a peer listens
     * \return true if it was new
     */
    bool Add(const Endpoint& endpoint);

    /**
     * \brief The endpoint to dial now, if any. O(known endpoints): called when a connection
     * opens, closes or fails, or when a timer fires, never per message.
     * \param now the current time
     * \return the best candidate
     */
    std::optional<Endpoint> NextCandidate(Time now) const;

    /**
     * \brief When an endpoint that is not a candidate now becomes one by waiting.
     * \param now the current time
     * \return the earliest such time after now, or nothing if waiting helps none
     */
    std::optional<Time> NextCandidateTime(Time now) const;

    /// \param endpoint an endpoint the caller starts dialling
    void OnDialing(const Endpoint& endpoint);
    /**
     * \brief A dial ended without a connection (refused, unreachable, timed out).
     * \param endpoint the endpoint
     * \param now the current time
     */
    void OnDialFailed(const Endpoint& endpoint, Time now);
    /**
     * \brief A connection with this IP address opened (dialled or accepted).
     * \param ip the remote address
     * \param endpoint the dialled endpoint, if we dialled it
     */
    void OnConnected(Ipv4Address ip, std::optional<Endpoint> endpoint);
    /**
     * \brief A connection opened by OnConnected closed.
     * \param ip the remote address
     * \param endpoint the dialled endpoint, if we dialled it
     * \param now the current time
     * \param failed it timed out or broke the protocol (counts as a failure); a graceful
     *        close by either side does not
     */
    void OnClosed(Ipv4Address ip, std::optional<Endpoint> endpoint, Time now, bool failed);
    /**
     * \brief The connection with this endpoint completed its handshake: its failures are
     * forgiven.
     * \param endpoint the dialled endpoint
     */
    void OnHandshake(const Endpoint& endpoint);

    /**
     * \param ip a remote address
     * \return true if a new connection with it is allowed (one per IP unless configured)
     */
    bool MayConnect(Ipv4Address ip) const;

    /// \return endpoints known
    std::size_t GetKnownCount() const;
    /// \param endpoint an endpoint \return its failure count (0 if unknown)
    uint32_t GetFailCount(const Endpoint& endpoint) const;

    /**
     * \brief Which of two connections with one remote peer stays: both ends must close the
     * same one. An established connection that already carried messages stays; of two new
     * ones (the peers dialled each other at once), the one opened by the smaller peer id.
     * \param olderCarriedMessages the older connection already carried messages
     * \param newerOpenerSmaller the newer connection's opener has the smaller peer id
     * \return true to keep the newer connection and close the older one
     */
    static bool KeepNewer(bool olderCarriedMessages, bool newerOpenerSmaller);

  private:
    /// What the list knows of one endpoint.
    struct Entry
    {
        Endpoint endpoint;           //!< where it listens
        uint32_t failCount{0};       //!< failures since its last handshake
        bool busy{false};            //!< dialling or connected now
        std::optional<Time> lastEnd; //!< when the last dial or connection ended
    };

    /// \param endpoint an endpoint \return its entry, or nullptr
    Entry* Find(const Endpoint& endpoint);
    /// \param e an entry \param now the time \return whether it may be dialled now
    bool IsCandidate(const Entry& e, Time now) const;
    /// \param e an entry \return when waiting makes it a candidate, if it can
    std::optional<Time> EligibleAt(const Entry& e) const;

    PeerListConfig m_config;                   //!< the knobs
    std::vector<Entry> m_entries;              //!< in the order learnt
    std::map<Endpoint, std::size_t> m_index;   //!< endpoint -> its entry
    std::map<Ipv4Address, uint32_t> m_openIps; //!< open connections per remote address
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_PEER_LIST_H
