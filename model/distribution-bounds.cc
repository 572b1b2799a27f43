// SPDX-License-Identifier: GPL-2.0-only

#include "distribution-bounds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{

/// Appends "name must be ... (got value)" when the check fails.
bool
Check(bool ok, const char* name, const char* requirement, double value, std::string* message)
{
    if (!ok && message->empty())
    {
        std::ostringstream oss;
        oss << name << " must be " << requirement << " (got " << value << ")";
        *message = oss.str();
    }
    return ok;
}

} // namespace

std::string
DistributionBounds::Validate(uint32_t n,
                             double fileBits,
                             double serverUploadBps,
                             double minDownloadBps,
                             double sumPeerUploadBps)
{
    std::string message;
    Check(n > 0, "the number of hosts N", "greater than zero", n, &message);
    // The negated comparisons also catch NaN.
    Check(std::isfinite(fileBits) && fileBits > 0,
          "the file size F",
          "a finite number of bits greater than zero",
          fileBits,
          &message);
    Check(std::isfinite(serverUploadBps) && serverUploadBps > 0,
          "the server upload rate u_s",
          "a finite rate greater than zero",
          serverUploadBps,
          &message);
    Check(std::isfinite(minDownloadBps) && minDownloadBps > 0,
          "the minimum download rate d_min",
          "a finite rate greater than zero",
          minDownloadBps,
          &message);
    Check(std::isfinite(sumPeerUploadBps) && sumPeerUploadBps >= 0,
          "the sum of the peer upload rates",
          "a finite rate, zero or more",
          sumPeerUploadBps,
          &message);
    return message;
}

double
DistributionBounds::ClientServer(uint32_t n,
                                 double fileBits,
                                 double serverUploadBps,
                                 double minDownloadBps)
{
    if (!Validate(n, fileBits, serverUploadBps, minDownloadBps).empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::max(n * fileBits / serverUploadBps, fileBits / minDownloadBps);
}

double
DistributionBounds::PeerToPeer(uint32_t n,
                               double fileBits,
                               double serverUploadBps,
                               double minDownloadBps,
                               double sumPeerUploadBps)
{
    if (!Validate(n, fileBits, serverUploadBps, minDownloadBps, sumPeerUploadBps).empty())
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return std::max({fileBits / serverUploadBps,
                     fileBits / minDownloadBps,
                     n * fileBits / (serverUploadBps + sumPeerUploadBps)});
}

} // namespace ns3
