// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_ACCESS_NETWORK_HELPER_H
#define FILE_DISTRIBUTION_ACCESS_NETWORK_HELPER_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/queue-size.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class AccessCoreRouting;
class CommandLine;

/**
 * \ingroup file-distribution
 * \brief The queueing options the examples share, as the text given on their command line:
 * --queue-limits, --codel-scaling and --tcp-ecn. "default" keeps the helper's setting;
 * AccessNetworkHelper::ApplyQueueingOptions() validates and applies them.
 */
struct QueueingOptions
{
    std::string queueLimits{"default"};       //!< ns3::DynamicQueueLimits, none or default
    std::string codelScaling{"default"};      //!< true, false or default
    std::string tcpEcn{"default"};            //!< true, false or default
    std::string downlinkQueueDisc{"default"}; //!< a QueueDisc type, none or default

    /**
     * \brief Adds --queue-limits, --codel-scaling, --tcp-ecn and --downlink-queue-disc to
     * \p cmd, bound to this.
     * \param cmd the example's command line
     */
    void AddTo(CommandLine& cmd);
};

/**
 * \ingroup file-distribution
 * \brief Builds the lecture's access network: every host hangs off one core router by its
 * own point-to-point access link, with an upload rate u_i (host -> core) and a download rate
 * d_i (core -> host) set separately.
 *
 * \verbatim
 *      host 0 --u_0/d_0--+
 *      host 1 --u_1/d_1--+-- core (never the bottleneck: it forwards at no cost)
 *         ...            |
 *    host N-1 ----------+
 * \endverbatim
 *
 * The host-side device of link i sends at u_i, the core-side device at d_i; both ends share
 * the link's propagation delay. Link i gets the /30 network base + 4i: the core is .1 of it,
 * the host .2, so GetHostAddress() is known before Install(). Routing is static: each host
 * has a default route to the core, the core only its connected /30s, so set-up is O(N).
 *
 * The knobs that decide how close TCP comes to the bounds (see doc/client-server.rst, where
 * their effect is measured) are set here: the queue discipline and queue sizes of the access
 * devices, and the TCP buffer and segment sizes. Defaults, as on a Linux host: FqCoDel on
 * every access device (a host's download ACKs do not wait behind its own uploads), 100-packet
 * device queues under byte queue limits (so packets wait in FqCoDel, not in the device's
 * FIFO), 1 MiB TCP send/receive buffers, 1448-byte segments, and TCP with ECN, so that FqCoDel
 * marks instead of dropping (doc/bittorrent-efficiency.rst measures why). Rate-scaled CoDel
 * targets are available but off (SetCoDelRateScaling()).
 */
class AccessNetworkHelper
{
  public:
    AccessNetworkHelper();

    /**
     * \brief Adds one host.
     * \param up its upload rate u_i (host -> core)
     * \param down its download rate d_i (core -> host)
     * \return the host's index
     */
    uint32_t AddHost(DataRate up, DataRate down);

    /**
     * \brief Adds \p n hosts with the same rates.
     * \param n how many
     * \param up their upload rate
     * \param down their download rate
     * \return the index of the first one added
     */
    uint32_t AddHosts(uint32_t n, DataRate up, DataRate down);

    /**
     * \brief Adds \p n hosts whose rates are drawn, in bit/s, from random variables (one draw
     * per host and direction, now). Draws below 1 bit/s are raised to 1 bit/s.
     * \param n how many
     * \param upBps the upload rate distribution, bit/s
     * \param downBps the download rate distribution, bit/s
     * \return the index of the first one added
     */
    uint32_t AddHosts(uint32_t n,
                      Ptr<RandomVariableStream> upBps,
                      Ptr<RandomVariableStream> downBps);

    /**
     * \brief Sets the one-way propagation delay of every access link (default 2 ms).
     * \param delay the delay
     */
    void SetDelay(Time delay);

    /**
     * \brief Sets the queue discipline of every host's own device: the upload direction,
     * where a host's uploads and the ACKs of its downloads share the link.
     * \param typeId an ns-3 QueueDisc TypeId name (default "ns3::FqCoDelQueueDisc", which
     * stands in for the host's fq_codel and TCP Small Queues: the ACKs of a download do not
     * wait behind the uploads), or "" for none: packets then wait only in the device queue
     * (drop tail)
     * \param maxSize the queue disc's MaxSize attribute; a zero size keeps the type's default,
     * except for FqCoDel: 102400 packets (ten times Linux's limit, standing in for TCP Small
     * Queues, which keep a Linux server's thousand initial windows out of fq_codel), with
     * 65536 flow buckets (Linux's largest, so that a server's flows do not share buckets,
     * SetFqCoDelFlows()); defaults of those two attributes that the user changed to other values
     * than ns-3's (--ns3::FqCoDelQueueDisc::MaxSize=50000p) win
     * \return false (and nothing changed) when \p typeId is not a QueueDisc type
     */
    bool SetQueueDisc(const std::string& typeId, QueueSize maxSize = QueueSize("0p"));

    /**
     * \brief Sets the queue discipline of the core's device toward every host: the download
     * direction, the queue of the access provider's shaper.
     * \param typeId an ns-3 QueueDisc TypeId name, or "" for none (the default): packets
     * wait in the device's drop-tail queue, as in a shaper with a FIFO (the real-client
     * testbed's tbf), which holds the bytes of SetDeviceQueueSize() full-size packets
     * (100 x 1502 bytes by default). Under an AQM such as FqCoDel, the
     * download of a host whose slow uplink delays its ACKs loses much of its rate (each mark
     * halves a window that the long ACK path needs whole); a FIFO keeps the link busy.
     * \return false (and nothing changed) when \p typeId is not a QueueDisc type
     */
    bool SetDownlinkQueueDisc(const std::string& typeId);

    /**
     * \brief Sets the size of the device transmit queue (DropTailQueue) of every access
     * device (default 100 packets).
     * \param size the size
     */
    void SetDeviceQueueSize(QueueSize size);

    /**
     * \brief Sets the queue limits (byte queue limits, as Linux's BQL) of the transmit queue
     * of every access device. They limit the bytes the queue disc hands to the device, so
     * the packets wait in the queue disc, where they are scheduled, rather than in the
     * device's FIFO. They need a queue disc (SetQueueDisc()).
     * \param typeId an ns-3 QueueLimits TypeId name ("ns3::DynamicQueueLimits", the
     * default), or "" for none
     * \return false (and nothing changed) when \p typeId is not a QueueLimits type
     */
    bool SetQueueLimits(const std::string& typeId);

    /**
     * \brief Scales the CoDel target and interval of each access device's queue disc to the
     * rate of that device, as sch_cake does: target = max(5 ms, 1.5 x the time one MTU-sized
     * packet takes at the rate), interval = max(100 ms + (target - 5 ms), 2 x target).
     * Without it, a link slower than about 2.4 Mbps cannot send one full packet within
     * CoDel's 5 ms target, so a standing queue of a single packet already exceeds it. Applies
     * to CoDel and FqCoDel queue discs; others are left as they are.
     * \param enable whether to scale (default false)
     */
    void SetCoDelRateScaling(bool enable);

    /**
     * \brief Sets the number of flow buckets of FqCoDel queue discs (default 65536, Linux's
     * largest, unless --ns3::FqCoDelQueueDisc::Flows was given another value; fq_codel's own
     * default is 1024, with which a server's flows share buckets by hash collision).
     * \param flows the buckets, at least 1 (0 restores the default)
     */
    void SetFqCoDelFlows(uint32_t flows);

    /**
     * \brief Sets the TCP socket buffer sizes (defaults 1 MiB). Install() writes them as the
     * defaults of ns3::TcpSocket, so they apply to every TCP socket created afterwards.
     * \param sndBufBytes SndBufSize
     * \param rcvBufBytes RcvBufSize
     */
    void SetTcpBufferSizes(uint32_t sndBufBytes, uint32_t rcvBufBytes);

    /**
     * \brief Sets whether TCP negotiates ECN (RFC 3168; default true). FqCoDel and CoDel then
     * mark packets instead of dropping them (their UseEcn attribute is true by default, as
     * in Linux's fq_codel), so a flow slows down without losing a packet: no retransmission,
     * and no retransmission timeout when the window is too small for three duplicate ACKs.
     * Written as ns3::TcpSocketBase's UseEcn default ("On" or "Off") by Install(), like the
     * buffer sizes.
     * \param enable whether TCP sockets use ECN
     */
    void SetTcpEcn(bool enable);

    /**
     * \brief Applies the text of the queueing options the examples share: queue limits
     * ("ns3::DynamicQueueLimits" or "none", for SetQueueLimits()), CoDel rate scaling and
     * TCP ECN ("true" or "false", for SetCoDelRateScaling() and SetTcpEcn()); "default"
     * keeps the helper's setting.
     * \param options the text of the three options
     * \param[out] badOption which of the three ("queue-limits", "codel-scaling", "tcp-ecn")
     *             is wrong, when the result is not empty
     * \return an empty string, or why the value is not allowed (nothing was aborted)
     */
    std::string ApplyQueueingOptions(const QueueingOptions& options, std::string* badOption);

    /**
     * \brief Sets the TCP segment size (MSS, default 1448 as on Ethernet with timestamps).
     * Written as ns3::TcpSocket's default by Install(), like the buffer sizes.
     * \param bytes the segment size
     */
    void SetTcpSegmentSize(uint32_t bytes);

    /**
     * \brief Sets the first address of the access networks (default 10.0.0.0). There must be
     * room for 4 addresses per host after it.
     * \param base the first /30 network
     */
    void SetNetworkBase(Ipv4Address base);

    /**
     * \brief Creates the core and the hosts, the links, the internet stacks, the addresses
     * and the routes. Call once, after adding the hosts.
     * \return the hosts, in index order
     */
    NodeContainer Install();

    /**
     * \brief Enables pcap tracing on a host's access device (host side).
     * \param prefix the file name prefix (files are prefix-<node>-<device>.pcap)
     * \param hostIndex the host
     */
    void EnablePcap(const std::string& prefix, uint32_t hostIndex);

    /**
     * \brief Enables pcap tracing on the host side of every access link.
     * \param prefix the file name prefix
     */
    void EnablePcapAll(const std::string& prefix);

    /**
     * \brief Enables ascii tracing on a host's access device (host side).
     * \param prefix the file name prefix (the file is prefix-<node>-<device>.tr)
     * \param hostIndex the host
     */
    void EnableAscii(const std::string& prefix, uint32_t hostIndex);

    /// \return the number of hosts added
    uint32_t GetHostCount() const;

    /**
     * \brief Partitions the network over the ranks of a distributed run (DistributedRun):
     * the core and host 0 (the server) on rank 0, the other hosts in contiguous blocks of
     * equal work over ranks 0..ranks-1 (rank 0's block smaller by the core's work and the
     * server's, SetServerLoad()), so that every access link from a host off rank 0 is a link
     * between ranks whose delay is the lookahead. Call before Install(); the default is 1
     * (everything on rank 0, a serial run).
     * \param ranks the number of ranks, at least 1
     */
    void SetRanks(uint32_t ranks);

    /**
     * \brief Splits the star into regions: \p regions core routers, each with the access links
     * of a contiguous block of hosts (host 0 in region 0, the other hosts in blocks of equal
     * work, region 0's smaller by the server's load, SetServerLoad()), every two cores joined
     * by a backbone link.
     * Regions let a distributed run give each rank a core of its own, where the star's one
     * core on rank 0 forwards every packet of the swarm. The backbone never limits a
     * transfer: each link runs at the sum of every host's upload rate, with a device queue of
     * at least as many packets as there are hosts and no queue discipline, so the lecture's
     * bounds hold as in the star; a packet between two regions takes the backbone link's
     * delay (SetBackboneDelay()) more than one within a region. Call before Install(); the
     * default is 1 (the star).
     * \param regions the number of core routers, at least 1
     */
    void SetRegions(uint32_t regions);

    /**
     * \brief Sets the one-way delay of every backbone link between two regional cores
     * (default 1 ms). In a distributed run with regions it is the lookahead (SetRegions()), so
     * it must be positive.
     * \param delay the delay
     */
    void SetBackboneDelay(Time delay);

    /**
     * \brief Sets the work that host 0 (the server) carries beyond an ordinary host's,
     * counted in hosts, so that the partition balances work rather than host counts: the
     * block of host 0 (region 0, rank 0) gets about that many fewer other hosts. In a
     * BitTorrent swarm the server runs the tracker and the first seed, whose cost grows with
     * the number of peers, not with the bytes each one moves; a file server does the work of
     * every client. With the default, 0, regions hold equal numbers of hosts (the star's rank
     * 0 still counts its core, SetRanks()). Call before Install(); with regions it changes
     * which region a host joins (the topology), so use the same value for every number of
     * ranks.
     * \param hosts the extra work, in hosts (0 or more)
     */
    void SetServerLoad(double hosts);

    /// \return the number of regions (1 for the star)
    uint32_t GetRegionCount() const;

    /**
     * \param i a host index
     * \return the region whose core host i's access link joins
     */
    uint32_t GetHostRegion(uint32_t i) const;

    /**
     * \param region a region index
     * \return the rank that simulates the region's core (and its hosts, when there are
     * several regions): regions are spread over the ranks in contiguous blocks
     */
    uint32_t GetRegionRank(uint32_t region) const;

    /**
     * \param region a region index
     * \return the region's core router (null before Install())
     */
    Ptr<Node> GetRegionCore(uint32_t region) const;

    /**
     * \param i a host index
     * \return the rank that simulates host i
     */
    uint32_t GetHostRank(uint32_t i) const;

    /**
     * \param i a host index
     * \return whether this process simulates host i (always, in a serial run)
     */
    bool IsLocal(uint32_t i) const;

    /**
     * \param i a host index
     * \return the host's node (null before Install())
     */
    Ptr<Node> GetHost(uint32_t i) const;

    /// \return every host, in index order (empty before Install())
    NodeContainer GetHosts() const;

    /// \return the core router of region 0, the star's only one (null before Install())
    Ptr<Node> GetCore() const;

    /**
     * \param i a host index
     * \return the host's IPv4 address
     */
    Ipv4Address GetHostAddress(uint32_t i) const;

    /**
     * \param i a host index
     * \return the host's access device (null before Install())
     */
    Ptr<NetDevice> GetHostDevice(uint32_t i) const;

    /**
     * \param i a host index
     * \return the core's device on host i's access link (null before Install())
     */
    Ptr<NetDevice> GetCoreDevice(uint32_t i) const;

    /**
     * \param i a host index
     * \return the host's upload rate u_i
     */
    DataRate GetUploadRate(uint32_t i) const;

    /**
     * \param i a host index
     * \return the host's download rate d_i
     */
    DataRate GetDownloadRate(uint32_t i) const;

    /// \return the one-way delay of the access links
    Time GetDelay() const;

  private:
    /**
     * \brief Joins every two regional cores by a backbone link and gives each core a route
     * to every host of the other regions (AccessCoreRouting::AddRemoteHost()).
     * \param routing each region's core routing, by region
     */
    void InstallBackbone(const std::vector<Ptr<AccessCoreRouting>>& routing);

    /**
     * \brief Joins two nodes of this process by a link of OrderedPointToPointChannel, with
     * devices as PointToPointHelper makes them.
     * \param a one end
     * \param b the other end
     * \param rate both devices' rate
     * \param depth both devices' queue size
     * \return the two devices, a's first
     */
    NetDeviceContainer InstallOrderedLink(Ptr<Node> a,
                                          Ptr<Node> b,
                                          DataRate rate,
                                          QueueSize depth) const;

    /**
     * \param i a host index
     * \param blocks the number of blocks
     * \param load the work in block 0 beyond the hosts', counted in hosts
     * \return host i's block when host 0 is in block 0 and the other hosts are spread over
     * the blocks in contiguous runs of equal work: host 0 counts 1 + \p load hosts
     */
    uint32_t GetHostBlock(uint32_t i, uint32_t blocks, double load) const;

    /**
     * \brief Installs the queue disc (and queue limits) on one access device.
     * \param device the device
     * \param rate the rate it sends at
     */
    void InstallQueueDisc(Ptr<NetDevice> device,
                          DataRate rate,
                          const std::string& typeId,
                          QueueSize maxSize) const;

    /// The two rates of one host.
    struct HostRates
    {
        DataRate up;   //!< host -> core
        DataRate down; //!< core -> host
    };

    std::vector<HostRates> m_rates;      //!< per host
    Time m_delay;                        //!< one-way delay of each access link
    std::string m_queueDiscType;         //!< "" for none
    QueueSize m_queueDiscSize;           //!< 0 keeps the type's default
    std::string m_downlinkQueueDiscType; //!< on the core's devices; "" for none
    QueueSize m_deviceQueueSize;         //!< device TxQueue MaxSize
    std::string m_queueLimitsType;       //!< "" for none
    bool m_codelRateScaling;             //!< scale CoDel's target/interval to each device's rate
    uint32_t m_fqCoDelFlows;             //!< FqCoDel's buckets; 0 for the helper's default
    uint32_t m_sndBuf;                   //!< TcpSocket::SndBufSize
    uint32_t m_rcvBuf;                   //!< TcpSocket::RcvBufSize
    uint32_t m_segmentSize;              //!< TcpSocket::SegmentSize
    bool m_tcpEcn;                       //!< TcpSocketBase::UseEcn On (true) or Off
    Ipv4Address m_base;                  //!< the first /30
    uint32_t m_ranks;                    //!< ranks of a distributed run (1: serial)
    uint32_t m_regions;                  //!< regional cores (1: the star)
    double m_serverLoad;                 //!< host 0's extra work, in hosts (SetServerLoad())
    Time m_backboneDelay;                //!< one-way delay of each backbone link
    NodeContainer m_cores;               //!< the core routers, by region
    NodeContainer m_hosts;               //!< the hosts
    NetDeviceContainer m_hostDevices;    //!< host side of each access link
    NetDeviceContainer m_coreDevices;    //!< core side of each access link
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_ACCESS_NETWORK_HELPER_H
