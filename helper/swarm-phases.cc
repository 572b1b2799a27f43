// SPDX-License-Identifier: GPL-2.0-only

#include "swarm-phases.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{

double
SwarmPhases::GetTail() const
{
    return firstCompletion && lastCompletion ? *lastCompletion - *firstCompletion : 0;
}

double
SwarmPhases::GetDuplicateShare() const
{
    return payloadDownloaded > 0 ? static_cast<double>(duplicateBytes) / payloadDownloaded : 0;
}

SwarmPhases
SwarmPhases::Compute(const std::vector<SwarmSample>& samples,
                     const std::vector<double>& completionTimes,
                     const std::vector<uint64_t>& downloadedByFinished,
                     uint64_t fileSize)
{
    SwarmPhases p;
    if (!completionTimes.empty())
    {
        const auto [first, last] =
            std::minmax_element(completionTimes.begin(), completionTimes.end());
        p.firstCompletion = *first;
        p.lastCompletion = *last;
    }
    for (uint64_t bytes : downloadedByFinished)
    {
        p.payloadDownloaded += bytes;
        p.duplicateBytes += bytes > fileSize ? bytes - fileSize : 0;
    }
    // A sample covers the second before its time; the one that contains the completion is
    // the last of a phase.
    const double end = p.lastCompletion.value_or(samples.empty() ? 0 : samples.back().time);
    const double steadyEnd = p.firstCompletion.value_or(end);
    double up = 0;
    double capacity = 0;
    double steadyUp = 0;
    double steadyCapacity = 0;
    for (const SwarmSample& s : samples)
    {
        if (s.time - 1 >= end)
        {
            break;
        }
        up += s.leecherUploadBps;
        capacity += s.leecherCapacityBps;
        if (!p.rampUpTime && s.leecherCapacityBps > 0 &&
            s.leecherUploadBps >= RAMP_UP_SHARE * s.leecherCapacityBps)
        {
            p.rampUpTime = s.time;
        }
        else if (p.rampUpTime && s.time - 1 < steadyEnd)
        {
            steadyUp += s.leecherUploadBps;
            steadyCapacity += s.leecherCapacityBps;
        }
    }
    p.overallUtilisation = capacity > 0 ? up / capacity : 0;
    p.steadyUtilisation = steadyCapacity > 0 ? steadyUp / steadyCapacity : 0;
    return p;
}

void
SwarmPhases::Print(std::ostream& os) const
{
    const auto flags = os.flags();
    const auto precision = os.precision();
    os << std::fixed << std::setprecision(1);
    os << "phases: leechers' uploads at " << 100 * RAMP_UP_SHARE << " % of capacity ";
    if (rampUpTime && firstCompletion && *rampUpTime >= *firstCompletion)
    {
        os << "from t = " << *rampUpTime << " s, after the first completion";
    }
    else if (rampUpTime)
    {
        os << "from t = " << *rampUpTime << " s, then " << 100 * steadyUtilisation
           << " % busy until the first completion";
    }
    else
    {
        os << "never";
    }
    os << "; " << 100 * overallUtilisation << " % busy over the run\n";
    if (firstCompletion)
    {
        os << "        completions from t = " << *firstCompletion << " s to " << *lastCompletion
           << " s (tail " << GetTail() << " s); duplicate payload " << duplicateBytes << " bytes ("
           << std::setprecision(2) << 100 * GetDuplicateShare()
           << " % of what the finished leechers received)\n";
    }
    os.flags(flags);
    os.precision(precision);
}

void
SwarmPhases::WriteCsvHeader(std::ostream& os)
{
    os << "ramp_up_s,steady_utilisation,overall_utilisation,first_done_s,last_done_s,tail_s,"
          "duplicate_bytes,duplicate_share\n";
}

void
SwarmPhases::WriteCsvRow(std::ostream& os) const
{
    auto optional = [&os](const std::optional<double>& v) {
        if (v)
        {
            os << *v;
        }
    };
    optional(rampUpTime);
    os << "," << steadyUtilisation << "," << overallUtilisation << ",";
    optional(firstCompletion);
    os << ",";
    optional(lastCompletion);
    os << "," << GetTail() << "," << duplicateBytes << "," << GetDuplicateShare() << "\n";
}

} // namespace ns3
