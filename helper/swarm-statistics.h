// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_SWARM_STATISTICS_H
#define FILE_DISTRIBUTION_SWARM_STATISTICS_H

#include "ns3/application-container.h"
#include "ns3/bittorrent-peer.h"
#include "ns3/event-id.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The swarm at one moment (SwarmStatistics::EnableSamples).
 */
struct SwarmSample
{
    double time;                  //!< s
    uint32_t online;              //!< peers started and not gone
    uint32_t seeds;               //!< of them, those with every piece
    uint32_t leechersDone;        //!< leechers that completed so far
    double uploadBps;             //!< payload uploaded by all peers over the last interval, bit/s
    double capacityBps;           //!< upload capacity of the peers online, bit/s
    double leecherCapacityBps{0}; //!< upload capacity of the leechers online, bit/s
    /// What the leechers' uplinks sent over the last interval, headers, messages and ACKs
    /// included, bit/s (SwarmStatistics::TrackUplinks; 0 without). Payload handed to a
    /// socket (uploadBps) runs ahead of the link by the socket's buffer; this does not.
    double leecherUploadBps{0};
    uint32_t minCopies{0};       //!< copies of the rarest piece among the peers online
    double distributedCopies{0}; //!< minCopies + share of pieces with more (libtorrent's)
};

/**
 * \ingroup file-distribution
 * \brief Per-peer figures of a swarm, and the end of the simulation when the work is done.
 *
 * Fed by the peers' traces: it knows when each leecher completes, leaves or crashes, stops
 * the simulation when every leecher has (TCP's TIME_WAIT would otherwise keep it running for
 * 240 s more), and can print progress. At the end it writes one CSV row per peer and a gnuplot
 * file of the completion-time CDF (ns-3's Gnuplot class).
 *
 * It also ends a run that can no longer finish, and says why (GetStall): every CheckInterval
 * it looks whether some piece is held by no live peer (nor by an initial seed yet to start),
 * and whether any block moved in the last StallTime. A stalled run is stopped at once.
 */
class SwarmStatistics
{
  public:
    /// One peer's figures.
    struct PeerRecord
    {
        uint32_t index;                 //!< position among the tracked peers
        uint32_t node;                  //!< node id
        bool initialSeed;               //!< started with every piece
        double joinTime;                //!< seconds
        std::optional<double> doneTime; //!< seconds, when it completed
        std::optional<double> leftTime; //!< seconds, when it left
        uint64_t bytesUp;               //!< payload uploaded
        uint64_t bytesDown;             //!< payload downloaded
        uint32_t pieces;                //!< pieces it has
        uint64_t protocolErrors;        //!< connections it closed for bad bytes
    };

    SwarmStatistics() = default;
    ~SwarmStatistics();
    SwarmStatistics(const SwarmStatistics&) = delete;
    SwarmStatistics& operator=(const SwarmStatistics&) = delete;

    /**
     * \brief Tracks peers (seeds and leechers alike).
     * \param peers BitTorrentPeer applications
     */
    void Track(ApplicationContainer peers);

    /// \param stop whether to call Simulator::Stop() once every leecher completed or left
    void SetStopWhenDone(bool stop);

    /// Why a run cannot finish, and who is stuck.
    struct Stall
    {
        double time;                         //!< seconds, when it was found
        std::string reason;                  //!< in words
        std::vector<uint32_t> missingPieces; //!< held by no live peer
        std::vector<uint32_t> stuckLeechers; //!< records of leechers neither done nor gone
    };

    /**
     * \brief Looks for a stall every \p interval (the default: every 10 s, 600 s without a
     * block). Called before the simulation runs.
     * \param interval how often to look (0 disables the check)
     * \param stallTime a run in which no block moved for this long is stalled
     */
    void SetStallDetection(Time interval, Time stallTime);
    /// \return the stall that ended the run, if one did
    std::optional<Stall> GetStall() const;
    /**
     * \brief Describes the leechers that are neither done nor gone, and the pieces no live
     * peer holds (for a stall, or a run stopped by a time limit).
     * \param os where to write
     */
    void WriteStuckReport(std::ostream& os) const;

    /**
     * \brief Prints a progress line every \p interval of simulated time.
     * \param os where to
     * \param interval how often
     */
    void EnableProgress(std::ostream& os, Time interval);

    /// \return one record per tracked peer, in tracking order
    std::vector<PeerRecord> GetRecords() const;

    /// \return the number of leechers that completed so far
    uint32_t GetLeechersDone() const;
    /// \return the number of leechers tracked
    uint32_t GetLeecherCount() const;
    /// \return leechers that left or crashed before completing
    uint32_t GetLeechersGone() const;
    /// \return true once every leecher completed, left or crashed
    bool IsDone() const;

    /**
     * \return the distribution time: last leecher completion minus first leecher join, or
     * nothing if some leecher did not complete
     */
    std::optional<double> GetDistributionTime() const;

    /// \return mean of (completion - join) over the leechers that completed; 0 if none
    double GetMeanDownloadTime() const;

    /**
     * \param records peer records (of every rank, in a distributed run)
     * \return GetDistributionTime() of those records
     */
    static std::optional<double> GetDistributionTime(const std::vector<PeerRecord>& records);

    /**
     * \param records peer records (of every rank, in a distributed run)
     * \return GetMeanDownloadTime() of those records
     */
    static double GetMeanDownloadTime(const std::vector<PeerRecord>& records);

    /// \param os where to write the CSV (header line, then one row per peer)
    void WriteCsv(std::ostream& os) const;

    /**
     * \brief Writes a gnuplot script of the leechers' download-time CDF.
     * \param fileName the .plt file; `gnuplot FILE` makes FILE.png
     * \param title the plot title
     */
    void WriteCdfPlot(const std::string& fileName, const std::string& title) const;

    /**
     * \brief Writes a gnuplot script of a download-time CDF over all leechers, so that the
     * curve stays below 1 when some never finished.
     * \param fileName the .plt file; `gnuplot FILE` makes FILE.png
     * \param title the plot title
     * \param times the download times of those that finished, s
     * \param leechers all leechers
     */
    static void WriteCdfPlot(const std::string& fileName,
                             const std::string& title,
                             std::vector<double> times,
                             uint32_t leechers);

    /**
     * \brief Samples the swarm every \p interval: peers online, seeds, leechers done, upload
     * rate against upload capacity (all peers, and the leechers alone), and the pieces'
     * availability. O(peers x pieces) per sample: the copies of each piece are counted from
     * the incomplete peers' bitfields.
     * \param interval how often
     * \param capacityBps per tracked peer (tracking order), its upload capacity in bit/s
     */
    void EnableSamples(Time interval, std::vector<double> capacityBps);
    /**
     * \brief Counts what each leecher's access link sends (PhyTxEnd), for the samples' leecher
     * upload. Call after Track(): initial seeds' devices are left alone.
     * \param devices per tracked peer (tracking order), its own access device
     */
    void TrackUplinks(const std::vector<Ptr<NetDevice>>& devices);
    /// \return the samples so far
    const std::vector<SwarmSample>& GetSamples() const;
    /**
     * \param os where to write: a header line, then one row per sample
     * \param samples the samples
     */
    static void WriteSamplesCsv(std::ostream& os, const std::vector<SwarmSample>& samples);
    /**
     * \brief Writes a gnuplot script of the samples: peers online, seeds, leechers done, and
     * the aggregate upload rate against the upload capacity (right axis, Mbit/s); and
     * FILE-availability.plt of the rarest piece's copies and the distributed copies.
     * \param fileName the .plt file; `gnuplot FILE` makes FILE.png
     * \param title the plot title
     * \param samples the samples
     */
    static void WriteSamplesPlot(const std::string& fileName,
                                 const std::string& title,
                                 const std::vector<SwarmSample>& samples);

  private:
    /**
     * \brief PhyTxEnd trace sink of a peer's access device.
     * \param index the peer's record
     * \param packet what the link sent
     */
    void UplinkSent(std::size_t index, Ptr<const Packet> packet);
    /**
     * \brief A leecher completed or left: stop when all have.
     * \param index the leecher's record
     */
    void Finished(uint32_t index);
    /**
     * \brief DownloadCompleted trace sink.
     * \param index the leecher's record
     * \param duration its download time
     */
    void Completed(uint32_t index, Time duration);
    /// \brief Prints one progress line and schedules the next.
    void PrintProgress();
    /// \brief Takes one sample and schedules the next.
    void Sample();
    /// \brief Looks for a stall; stops the run on one, else schedules the next look.
    void CheckStall();
    /// \return the pieces that no live peer holds (an initial seed yet to start holds all)
    std::vector<uint32_t> GetMissingPieces() const;
    /// \return the records of the leechers neither done nor gone
    std::vector<uint32_t> GetStuckLeechers() const;

    std::vector<Ptr<BitTorrentPeer>> m_peers; //!< tracked peers
    std::vector<bool> m_isSeed;               //!< per peer: an initial seed
    std::vector<bool> m_finishedFlags;        //!< per peer: completed or left
    uint32_t m_leechers{0};                   //!< how many are leechers
    uint32_t m_finished{0};                   //!< leechers completed or left
    bool m_stopWhenDone{true};                //!< Simulator::Stop when all finished
    std::ostream* m_progress{nullptr};        //!< where progress goes
    Time m_progressInterval;                  //!< how often
    EventId m_progressEvent;                  //!< next progress line
    uint64_t m_lastSeedUp{0};                 //!< seeds' upload at the last progress line
    uint64_t m_lastLeecherUp{0};              //!< leechers' upload at the last progress line
    Time m_stallInterval{Seconds(10)};        //!< how often to look for a stall
    Time m_stallTime{Seconds(600)};           //!< no block for this long: stalled
    EventId m_stallEvent;                     //!< next look
    uint64_t m_lastMoved{0};                  //!< bytes downloaded at the last progress seen
    Time m_lastMovedAt;                       //!< when that was
    std::optional<Stall> m_stall;             //!< the stall that ended the run
    Time m_sampleInterval;                    //!< how often to sample, 0: never
    std::vector<double> m_capacityBps;        //!< per peer, upload capacity
    std::vector<SwarmSample> m_samples;       //!< the samples
    uint64_t m_lastSampleUp{0};               //!< bytes uploaded at the last sample
    uint64_t m_lastSampleLeecherWire{0};      //!< leechers' uplink bytes at the last sample
    std::vector<uint64_t> m_wireBytesUp;      //!< per peer, bytes its access link sent
    std::vector<uint32_t> m_pieceCopies;      //!< per piece, copies at incomplete peers
    EventId m_sampleEvent;                    //!< next sample
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_SWARM_STATISTICS_H
