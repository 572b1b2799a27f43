// SPDX-License-Identifier: GPL-2.0-only

#include "announce-scheduler.h"

#include <algorithm>

namespace ns3
{

AnnounceScheduler::AnnounceScheduler(const AnnounceSchedulerConfig& config)
    : m_config(config),
      m_interval(config.defaultInterval)
{
}

void
AnnounceScheduler::OnSent(Time now)
{
    m_lastSent = now;
}

Time
AnnounceScheduler::OnSuccess(uint32_t interval, uint32_t minInterval)
{
    m_failures = 0;
    m_interval = Seconds(std::max<uint32_t>(interval, 1));
    m_minInterval = Seconds(minInterval);
    return m_interval;
}

Time
AnnounceScheduler::OnFailure()
{
    ++m_failures;
    // libtorrent's announce_infohash::failed, in whole seconds as it computes it.
    const int64_t base = m_config.retryDelayMin.GetSeconds();
    const int64_t square = int64_t{m_failures} * m_failures;
    const int64_t backoff = base + square * base * m_config.backoffPercent / 100;
    const Time delay = std::min(Seconds(static_cast<double>(backoff)), m_config.retryDelayMax);
    return std::max(delay, m_minInterval);
}

Time
AnnounceScheduler::GetEarliestExtra() const
{
    if (!m_lastSent)
    {
        return Time(0);
    }
    return *m_lastSent + std::max(m_minInterval, Seconds(1));
}

uint32_t
AnnounceScheduler::GetFailures() const
{
    return m_failures;
}

Time
AnnounceScheduler::GetInterval() const
{
    return m_interval;
}

} // namespace ns3
