// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_DISTRIBUTION_EXPERIMENT_H
#define FILE_DISTRIBUTION_DISTRIBUTION_EXPERIMENT_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
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
    Time seedTime{Time::Max()};                //!< how long a finished leecher seeds
    uint32_t maxPeers{30};                     //!< neighbours each BitTorrent peer connects to
    uint32_t unchokeSlots{4};                  //!< tit-for-tat slots of every BitTorrent peer
    uint32_t seedUnchokeSlots{0};              //!< regular slots of a seed, 0: automatic
    uint32_t pipelineDepth{10};                //!< requests outstanding per BitTorrent connection
    Time joinWindow{Seconds(0)};               //!< leechers join uniformly in it (0: flash crowd)
    std::string pcapPrefix;                    //!< "" for none; else server's + host 1's links
    uint64_t rngRun{0};                        //!< RngRun to set before each run; 0 keeps it
};

/**
 * \ingroup file-distribution
 * \brief The figures of one host in one run.
 */
struct DistributionHostResult
{
    uint32_t host;                  //!< index on the access network (0 = the server)
    std::string role;               //!< server, client, seed or leecher
    double uploadBps;               //!< u_i
    double downloadBps;             //!< d_i
    double startTime;               //!< s: request sent (client) or join (peer)
    std::optional<double> doneTime; //!< s, when it had the whole file
    uint64_t bytesUp;               //!< payload uploaded (BitTorrent) or 0
    uint64_t bytesDown;             //!< payload downloaded
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

    /**
     * \brief Writes one CSV row per host, after a header line.
     * \param os where to
     */
    void WriteHostsCsv(std::ostream& os) const;
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

    /// \return the outcome of a BitTorrent run
    DistributionResult RunBitTorrent() const;

  private:
    /// The per-host rates of one run, drawn the same way for every mode.
    struct Rates
    {
        std::vector<double> up;   //!< u_i of hosts 1..N, bit/s
        std::vector<double> down; //!< d_i of hosts 1..N, bit/s
    };

    /// \return the rates of hosts 1..N (sets RngRun first when the settings ask for it)
    Rates DrawRates() const;

    /**
     * \brief Fills the bounds of a result.
     * \param rates the hosts' rates
     * \param result where to
     */
    void SetBounds(const Rates& rates, DistributionResult& result) const;

    DistributionSettings m_settings; //!< the parameters
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_DISTRIBUTION_EXPERIMENT_H
