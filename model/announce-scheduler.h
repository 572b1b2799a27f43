// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_ANNOUNCE_SCHEDULER_H
#define FILE_DISTRIBUTION_ANNOUNCE_SCHEDULER_H

#include "ns3/nstime.h"

#include <cstdint>
#include <optional>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The knobs of the announce scheduler (libtorrent's defaults).
 */
struct AnnounceSchedulerConfig
{
    uint32_t backoffPercent{250};        //!< libtorrent's tracker_backoff
    Time retryDelayMin{Seconds(5)};      //!< libtorrent's tracker_retry_delay_min
    Time retryDelayMax{Seconds(3600)};   //!< libtorrent's tracker_retry_delay_max
    Time defaultInterval{Seconds(1800)}; //!< until a tracker gives its own interval
};

/**
 * \ingroup file-distribution
 * \brief When to announce next (libtorrent's announce_entry bookkeeping).
 *
 * Pure logic: the caller passes the time. After a reply, the next regular announce comes the
 * tracker's `interval` later. After a failure (no reply in time, an HTTP error, a `failure
 * reason`) it backs off as libtorrent does: with f consecutive failures, the delay is
 * retryDelayMin + f^2 x retryDelayMin x backoffPercent / 100, at most retryDelayMax and at
 * least the tracker's `min interval` (17 s, 55 s, 117 s, 205 s, ... with the defaults). An
 * extra announce for more peers is allowed no sooner than `min interval` after the last one.
 */
class AnnounceScheduler
{
  public:
    /// \param config the knobs
    explicit AnnounceScheduler(const AnnounceSchedulerConfig& config = AnnounceSchedulerConfig());

    /// \param now when an announce is sent
    void OnSent(Time now);
    /**
     * \brief The tracker answered with a peer list.
     * \param interval its `interval`, seconds (0 is taken as 1)
     * \param minInterval its `min interval`, seconds (0: none)
     * \return the delay until the next regular announce
     */
    Time OnSuccess(uint32_t interval, uint32_t minInterval);
    /**
     * \brief The announce failed.
     * \return the delay until the retry
     */
    Time OnFailure();
    /// \return the earliest time an extra announce (for more peers) may be sent
    Time GetEarliestExtra() const;
    /// \return consecutive failures so far
    uint32_t GetFailures() const;
    /// \return the tracker's interval, or the default before any reply
    Time GetInterval() const;

  private:
    AnnounceSchedulerConfig m_config; //!< the knobs
    Time m_interval;                  //!< the tracker's interval
    Time m_minInterval{Seconds(0)};   //!< the tracker's min interval
    std::optional<Time> m_lastSent;   //!< when the last announce was sent
    uint32_t m_failures{0};           //!< consecutive failures
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_ANNOUNCE_SCHEDULER_H
