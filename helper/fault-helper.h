// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_FAULT_HELPER_H
#define FILE_DISTRIBUTION_FAULT_HELPER_H

#include "ns3/access-network-helper.h"
#include "ns3/application-container.h"
#include "ns3/link-fault-error-model.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <map>
#include <utility>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Injects faults into an installed access network: random loss on every access link,
 * a host's link down and up again, and peers that crash.
 *
 * Each fault is a LinkFaultErrorModel on both ends of the host's access link (what leaves the
 * host is lost at the core, what goes to it is lost at the host), so TCP sees a silent path:
 * no reset, no FIN, retransmissions into the void. A crash is a BitTorrentPeer that freezes
 * (BitTorrentPeer::Crash, its Crashed trace) and whose link goes down for good, so that its
 * node sends nothing at all, not even TCP acknowledgements.
 *
 * \code
 *   FaultHelper faults(network);      // after network.Install()
 *   faults.SetLossRate(0.01);         // 1 % loss on every access link, both directions
 *   faults.AddOutage(0, Seconds(30), Seconds(210)); // the server's link, 3 minutes
 *   faults.SilenceCrashes(leechers);  // crashed peers' links go down at the crash
 * \endcode
 */
class FaultHelper
{
  public:
    /// \param network an installed access network. The helper and the network must live
    /// until Simulator::Destroy(): crash hooks point at the helper.
    explicit FaultHelper(AccessNetworkHelper& network);

    /// \param rate probability that a packet is lost on an access link, 0..1 (both directions)
    void SetLossRate(double rate);
    /**
     * \brief A host's access link goes down and comes back.
     * \param host the host's index
     * \param down when
     * \param up when it is back (Time::Max(): never)
     */
    void AddOutage(uint32_t host, Time down, Time up);
    /**
     * \brief Silences a peer's node when it crashes: its link goes down for good.
     * \param peers BitTorrentPeer applications on hosts of this network
     */
    void SilenceCrashes(ApplicationContainer peers);
    /**
     * \param stream first stream index for the loss draws
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /// \param host a host's index \return its two models (to the core, to the host)
    std::pair<Ptr<LinkFaultErrorModel>, Ptr<LinkFaultErrorModel>> GetModels(uint32_t host);
    /// \param node the node of a peer that crashed
    void HandleCrash(uint32_t node);
    /// \param self the helper \param node the node of a peer that crashed
    static void CrashHook(FaultHelper* self, uint32_t node);

    AccessNetworkHelper& m_network; //!< the network
    double m_lossRate{0};           //!< random loss on every link
    std::map<uint32_t, std::pair<Ptr<LinkFaultErrorModel>, Ptr<LinkFaultErrorModel>>>
        m_models; //!< per host: (at the core, at the host)
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_FAULT_HELPER_H
