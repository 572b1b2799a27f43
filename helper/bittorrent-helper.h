// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_BITTORRENT_HELPER_H
#define FILE_DISTRIBUTION_BITTORRENT_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/torrent-metainfo.h"

#include <map>
#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Installs a BitTorrent swarm: one tracker, initial seeds and leechers.
 *
 * \code
 *   BitTorrentHelper bt(TorrentMetainfo::Synthesize("file.bin", 10000000));
 *   bt.InstallTracker(net.GetHost(0), net.GetHostAddress(0));
 *   ApplicationContainer seeds = bt.InstallSeeds(net.GetHost(0));
 *   ApplicationContainer leechers = bt.InstallLeechers(leecherNodes);
 * \endcode
 *
 * Leechers join all at t = 0 (flash crowd) unless SetArrivals() gives the time between
 * arrivals (e.g. an ExponentialRandomVariable: Poisson arrivals) or SetJoinTimes() gives each
 * one's join time. SetLifetimes() makes leechers leave after a drawn time whether or not they
 * finished (churn). Several peers on one node get consecutive ports 6881, 6882, ...
 */
class BitTorrentHelper
{
  public:
    /// \param torrent the torrent every peer of the swarm shares
    explicit BitTorrentHelper(const TorrentMetainfo& torrent);

    /**
     * \brief Sets an attribute of the peers to be installed (ns3::BitTorrentPeer).
     * \param name attribute name
     * \param value attribute value
     */
    void SetPeerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Sets an attribute of the tracker to be installed (ns3::BitTorrentTracker).
     * \param name attribute name
     * \param value attribute value
     */
    void SetTrackerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Installs the tracker; the peers installed afterwards announce to it.
     * \param node its node
     * \param address the address peers reach it at
     * \param port its TCP port
     * \return the tracker
     */
    ApplicationContainer InstallTracker(Ptr<Node> node, Ipv4Address address, uint16_t port = 2710);

    /**
     * \brief Installs peers that start with the whole file, at time 0.
     * \param nodes their nodes
     * \return the seeds
     */
    ApplicationContainer InstallSeeds(NodeContainer nodes);

    /**
     * \brief Installs peers that start with nothing, at their join times.
     * \param nodes their nodes
     * \return the leechers
     */
    ApplicationContainer InstallLeechers(NodeContainer nodes);

    /**
     * \param interarrival time in seconds between two successive leechers' arrivals
     */
    void SetArrivals(Ptr<RandomVariableStream> interarrival);

    /**
     * \param joinTime each leecher's join time in seconds, drawn independently
     */
    void SetJoinTimes(Ptr<RandomVariableStream> joinTime);

    /**
     * \param lifetime how long (s) each leecher stays, finished or not; unset: until its
     *        SeedTime ends
     */
    void SetLifetimes(Ptr<RandomVariableStream> lifetime);

    /**
     * \param seconds the join time of each leecher, in installation order (a file of join
     *        times); leechers beyond the list join at its last time
     */
    void SetJoinTimeList(std::vector<double> seconds);

    /**
     * \param seedTime how long (s) each leecher seeds once complete, drawn per leecher (its
     *        SeedTime attribute); unset: the attribute's value for all
     */
    void SetSeedTimes(Ptr<RandomVariableStream> seedTime);

    /**
     * \param share of the leechers of each InstallLeechers call that never upload (their
     *        FreeRider attribute), round(share x n) of them spread evenly (IsFreeRider)
     */
    void SetFreeRiders(double share);

    /**
     * \brief Assigns fixed random streams to the tracker, the peers and the helper's
     * variables (join times and lifetimes already drawn keep their values).
     * \param apps peers installed by this helper
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    /**
     * \param nodes where \param seed initial seeds or leechers \return the peers
     */
    ApplicationContainer Install(NodeContainer nodes, bool seed);

    TorrentMetainfo m_torrent;                   //!< shared by every peer
    ObjectFactory m_peerFactory;                 //!< makes peers
    ObjectFactory m_trackerFactory;              //!< makes the tracker
    Ptr<Application> m_tracker;                  //!< the tracker, once installed
    std::optional<Ipv4Address> m_trackerAddress; //!< where peers announce
    uint16_t m_trackerPort{2710};                //!< tracker port
    Ptr<RandomVariableStream> m_interarrival;    //!< arrivals process, if any
    Ptr<RandomVariableStream> m_joinTime;        //!< independent join times, if any
    Ptr<RandomVariableStream> m_lifetime;        //!< churn, if any
    Ptr<RandomVariableStream> m_seedTime;        //!< seed times drawn per leecher, if any
    std::vector<double> m_joinTimeList;          //!< join times in order, if given
    double m_freeRiders{0};                      //!< share of free riders
    std::size_t m_leechersInstalled{0};          //!< leechers installed so far
    double m_lastArrival{0};                     //!< arrival time of the previous leecher
    std::map<uint32_t, uint16_t> m_peersOnNode;  //!< node id -> peers installed there
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_BITTORRENT_HELPER_H
