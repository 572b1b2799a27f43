// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_DISTRIBUTION_EXPERIMENT_H
#define FILE_DISTRIBUTION_DISTRIBUTION_EXPERIMENT_H

#include "ns3/access-network-helper.h"
#include "ns3/application.h"
#include "ns3/churn-spec.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/swarm-phases.h"
#include "ns3/swarm-statistics.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief A host rate that is either fixed or drawn per host, uniformly in [min, max] bit/s.
 */
struct RateSpec
{
    /// \brief A fixed rate (uniform = false, min = max = the rate).
    RateSpec() = default;

    /**
     * \brief A fixed rate.
     * \param rate the rate every host gets
     */
    RateSpec(DataRate rate);

    /**
     * \brief A rate drawn uniformly in [min, max] for every host.
     * \param min the smallest rate
     * \param max the largest rate
     * \return the spec
     */
    static RateSpec Uniform(DataRate min, DataRate max);

    /// \return the spec as a scenario file writes it: "8000000bps" or "uniform(1bps,2bps)"
    std::string ToString() const;

    bool uniform{false};       //!< drawn per host rather than fixed
    DataRate min{DataRate(1)}; //!< the fixed rate, or the low end of the range
    DataRate max{DataRate(1)}; //!< the fixed rate, or the high end of the range
};

/**
 * \ingroup file-distribution
 * \brief The parameters of one distribution experiment: a server (host 0, upload = download
 * = u_s) and N hosts on AccessNetworkHelper's access network, and the file.
 */
struct DistributionSettings
{
    uint32_t hosts{20};                        //!< N, the hosts that want the file
    uint64_t fileSize{4000000};                //!< F, bytes
    uint32_t pieceLength{65536};               //!< BitTorrent piece length, bytes
    DataRate serverUpload{DataRate(10000000)}; //!< u_s
    RateSpec hostUpload{DataRate(2000000)};    //!< u_i
    RateSpec hostDownload{DataRate(8000000)};  //!< d_i
    Time delay{MilliSeconds(2)};               //!< one-way delay of every access link
    uint32_t regions{1};                       //!< regional cores (1: the star)
    Time backboneDelay{MilliSeconds(1)};       //!< one-way delay of every backbone link
    DurationSpec seedTime;                     //!< how long a finished leecher seeds (inf)
    uint32_t maxPeers{30};                     //!< neighbours each BitTorrent peer connects to
    uint32_t unchokeSlots{4};                  //!< tit-for-tat slots of every BitTorrent peer
    uint32_t seedUnchokeSlots{4};              //!< regular slots of a seed, 0: automatic
    std::string seedChoking{"round-robin"};    //!< BitTorrentPeer::SeedChokingMode
    uint32_t pipelineDepth{10};                //!< requests outstanding per BitTorrent connection
    ArrivalSpec arrivals;                      //!< how leechers join (flash crowd)
    DurationSpec leecherSession;               //!< how long a leecher stays, done or not (inf)
    DurationSpec seedSession;                  //!< how long the initial seeds stay (inf)
    bool crashOnLeave{false};                  //!< peers leave by crashing, not gracefully
    uint32_t seeds{1};                         //!< initial seeds: the server and seeds - 1 hosts
    bool trackerOwnHost{false};                //!< the tracker on a host of its own
    double freeRiders{0};                      //!< share of leechers that never upload
    std::vector<HostClass> hostClasses;        //!< when set, the hosts' rates by class
    double lossRate{0};                        //!< random loss on every access link
    std::vector<LinkDownSpec> linkDowns;       //!< access links down for a while
    Time stallTime{Seconds(600)};              //!< a swarm where no block moved this long stalls
    std::string queueDisc{"ns3::FqCoDelQueueDisc"}; //!< queue discipline of the access devices
    uint32_t deviceQueuePackets{0};                 //!< access device queue, packets (0: default)
    QueueingOptions queueing;                       //!< queue limits, CoDel scaling, ECN
    uint32_t tcpBufferBytes{0};                     //!< TCP send/receive buffers (0: default)
    std::string pcapPrefix;                         //!< "" for none; else server's + host 1's links
    uint64_t rngRun{0};                             //!< RngRun to set before each run; 0 keeps it
};

/**
 * \ingroup file-distribution
 * \brief The figures of one host in one run.
 */
struct DistributionHostResult
{
    uint32_t host;                    //!< index on the access network (0 = the server)
    std::string role;                 //!< server, client, seed or leecher
    double uploadBps;                 //!< u_i
    double downloadBps;               //!< d_i
    double startTime;                 //!< s: request sent (client) or join (peer)
    std::optional<double> doneTime;   //!< s, when it had the whole file
    uint64_t bytesUp;                 //!< payload uploaded (BitTorrent) or 0
    uint64_t bytesDown;               //!< payload downloaded
    std::string hostClass{};          //!< its class, "" without classes
    bool freeRider{false};            //!< a leecher that never uploads
    std::string departure{};          //!< "", "left" or "crashed"
    std::optional<double> leftTime{}; //!< s, when it left or crashed
    int httpStatus{0};                //!< a client's HTTP status (0: no response)
};

/**
 * \ingroup file-distribution
 * \brief What one rank of a run did (one entry for a serial run).
 */
struct RankStatistics
{
    uint64_t events{0};          //!< events this rank executed
    double runSeconds{0};        //!< wall-clock time inside Simulator::Run, waiting included
    uint64_t packetsReceived{0}; //!< packets received from other ranks
    double peakMiB{0};           //!< the process's peak resident memory so far, MiB
};

/**
 * \ingroup file-distribution
 * \brief The outcome of one run.
 */
struct DistributionResult
{
    std::string mode;                             //!< "client-server" or "bittorrent"
    uint32_t hosts{0};                            //!< N
    std::optional<double> distributionTime;       //!< D in s; nothing when a host did not finish
    double bound{0};                              //!< the mode's lower bound, s
    double clientServerBound{0};                  //!< the client-server bound, s
    double peerToPeerBound{0};                    //!< the P2P bound, s
    std::vector<DistributionHostResult> hostRows; //!< the server first, then hosts 1..N
    double wallSeconds{0};                        //!< wall-clock time of the run
    double endTime{0};                            //!< simulated time when the run ended, s
    uint32_t leechersDone{0};                     //!< hosts that completed
    uint32_t leechersGone{0};                     //!< leechers that left or crashed unfinished
    double meanDownloadTime{0};                   //!< over the leechers that completed, s
    std::string stall;                            //!< why the run could not finish, or ""
    std::string stuckReport;                      //!< who is stuck, which pieces are missing
    std::vector<SwarmSample> samples;             //!< the swarm every second (BitTorrent)
    SwarmPhases phases;                           //!< where the time went (BitTorrent)
    std::vector<RankStatistics> ranks;            //!< by rank (one for a serial run)

    /**
     * \brief Writes one CSV row per host, after a header line.
     * \param os where to
     */
    void WriteHostsCsv(std::ostream& os) const;
    /**
     * \brief Writes what every rank of a distributed run did (events, wall-clock time in
     * Simulator::Run, packets from other ranks, peak memory), one line per rank; nothing for a
     * serial run.
     * \param os where to
     */
    void WriteRankStatistics(std::ostream& os) const;
    /**
     * \brief Writes a gnuplot script of the leechers' download-time CDF (over all of them).
     * \param fileName the .plt file
     * \param title the plot title
     */
    void WriteCdfPlot(const std::string& fileName, const std::string& title) const;
};

/**
 * \ingroup file-distribution
 * \brief Runs the lecture's experiment: distributes one file from a server to N hosts, by
 * client-server (FileServer/FileClient over HTTP/1.0) or by BitTorrent (tracker and initial
 * seed on the server, one leecher per host), on the same access network, and measures the
 * distribution time D against the bounds of DistributionBounds.
 *
 * \code
 *   DistributionSettings s;
 *   s.hosts = 40;
 *   DistributionExperiment experiment(s);
 *   DistributionResult cs = experiment.RunClientServer();
 *   DistributionResult bt = experiment.RunBitTorrent();
 * \endcode
 *
 * Each Run*() builds the network, runs the simulator and destroys it, so runs follow one
 * another in one process. Drawn rates (RateSpec::Uniform) come from a stream of their own
 * reset for every run, so both modes see the same hosts. A run stops when the last host has
 * the file, or at a safety limit of 20 times the client-server bound (then D is unset).
 */
class DistributionExperiment
{
  public:
    /// \param settings the experiment's parameters (see Validate())
    explicit DistributionExperiment(const DistributionSettings& settings);

    /**
     * \brief Checks settings that the types do not rule out.
     * \param settings the settings
     * \return "" when they can be run, else a message naming the first bad field
     */
    static std::string Validate(const DistributionSettings& settings);

    /// \return the settings
    const DistributionSettings& GetSettings() const;

    /// \return the outcome of a client-server run
    DistributionResult RunClientServer() const;

    /**
     * \brief Runs the BitTorrent mode: the tracker, the initial seeds, one leecher per host,
     * with the settings' arrivals, sessions, free riders, host classes and faults.
     * \param progress where to print a progress line every 2 simulated seconds (null: none)
     * \return the outcome; stall says why a run that could not finish ended
     */
    DistributionResult RunBitTorrent(std::ostream* progress = nullptr) const;

  private:
    /// The per-host rates of one run, drawn the same way for every mode.
    struct Rates
    {
        std::vector<double> up;         //!< u_i of hosts 1..N, bit/s
        std::vector<double> down;       //!< d_i of hosts 1..N, bit/s
        std::vector<std::string> klass; //!< the class of hosts 1..N, "" without classes
        std::vector<double> seedUp;     //!< upload of the extra initial seeds, bit/s
        std::vector<double> seedDown;   //!< download of the extra initial seeds, bit/s
    };

    /// \return the rates of hosts 1..N and of the extra seeds (sets RngRun first when the
    /// settings ask for it); the extra seeds are drawn after the hosts, so adding seeds does
    /// not change the hosts' rates
    Rates DrawRates() const;

    /**
     * \brief Fills the bounds of a result: u_s is the server's upload plus the extra seeds'.
     * \param rates the hosts' rates
     * \param result where to
     * \param withSeeds count the extra seeds (BitTorrent) or not (client-server)
     */
    void SetBounds(const Rates& rates, DistributionResult& result, bool withSeeds) const;

    /**
     * \brief Builds the network: host 0 the server, hosts 1..N with the drawn rates, then
     * (BitTorrent) the extra seeds and the tracker's own host.
     * \param rates the drawn rates
     * \param net the helper to fill
     * \param pcapSuffix appended to the settings' pcap prefix
     * \param bitTorrent add the extra seeds' and the tracker's hosts
     */
    void BuildNetwork(const Rates& rates,
                      AccessNetworkHelper& net,
                      const std::string& pcapSuffix,
                      bool bitTorrent) const;

    /**
     * \brief Runs the simulation until every rank's work is finished or until \p limit. A
     * serial run simply runs (its own completion handlers stop the simulator early); a
     * distributed one runs in slices of simulated time, after each of which the ranks add up
     * what they finished and stop together (with granted time windows a rank that stops
     * alone only freezes itself, and the others would wait for it).
     * \param limit the time limit
     * \param localFinished how many of this rank's hosts have finished
     * \param total how many hosts must finish
     * \return what every rank did, by rank (gathered on every rank)
     */
    static std::vector<RankStatistics> RunSimulation(Time limit,
                                                     const std::function<uint32_t()>& localFinished,
                                                     uint32_t total);

    /**
     * \brief Keeps an application of a host that another rank simulates from ever starting:
     * every rank installs every application, so that every random draw is made the same way
     * whatever the number of ranks.
     * \param app the application
     */
    static void DisableApplication(Ptr<Application> app);

    DistributionSettings m_settings; //!< the parameters
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_DISTRIBUTION_EXPERIMENT_H
