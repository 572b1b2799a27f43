// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_SWARM_PHASES_H
#define FILE_DISTRIBUTION_SWARM_PHASES_H

#include "ns3/swarm-statistics.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Where a swarm's distribution time goes: the ramp-up until the leechers' uploads are
 * busy, how busy they stay, the tail of the completions, and the bytes downloaded twice.
 *
 * The fluid bound assumes every uplink busy from t = 0 to the end. A real swarm pays a
 * ramp-up (a leecher has nothing to upload before its first piece), runs below capacity
 * while pieces are scarce or requests wait at slow neighbours, and ends with a tail in which
 * the last leechers wait for their last blocks. Pure: computed from the one-second samples of
 * SwarmStatistics.
 */
struct SwarmPhases
{
    /// The share of the leechers' upload capacity that ends the ramp-up.
    static constexpr double RAMP_UP_SHARE = 0.8;

    /// When the leechers' aggregate upload first reached RAMP_UP_SHARE of their capacity
    /// (end of that one-second sample, s); nothing if it never did.
    std::optional<double> rampUpTime;
    /// Leechers' upload / their capacity from the ramp-up to the first completion (or to the
    /// end of the samples): the steady phase. 0 without a ramp-up.
    double steadyUtilisation{0};
    /// Leechers' upload / their capacity over every sample until the last completion.
    double overallUtilisation{0};
    std::optional<double> firstCompletion; //!< s, the first leecher done
    std::optional<double> lastCompletion;  //!< s, the last leecher done
    uint64_t duplicateBytes{0};            //!< payload the finished leechers received twice
    uint64_t payloadDownloaded{0};         //!< payload the finished leechers received

    /// \return last - first completion, s; 0 with fewer than one completion
    double GetTail() const;
    /// \return duplicate bytes / payload downloaded by the finished leechers (0 if none)
    double GetDuplicateShare() const;

    /**
     * \brief Computes the phases.
     * \param samples the swarm every second (SwarmSample's leecher fields)
     * \param completionTimes when each leecher that finished did, s
     * \param downloadedByFinished payload bytes received by each leecher that finished,
     * duplicates included (same order as \p completionTimes)
     * \param fileSize F, bytes: what each of them needed
     * \return the phases
     */
    static SwarmPhases Compute(const std::vector<SwarmSample>& samples,
                               const std::vector<double>& completionTimes,
                               const std::vector<uint64_t>& downloadedByFinished,
                               uint64_t fileSize);

    /**
     * \brief Prints the summary in a few lines.
     * \param os where to
     */
    void Print(std::ostream& os) const;
    /// \param os where to write the CSV header line
    static void WriteCsvHeader(std::ostream& os);
    /// \param os where to write this summary as one CSV row
    void WriteCsvRow(std::ostream& os) const;
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_SWARM_PHASES_H
