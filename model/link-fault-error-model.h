// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_LINK_FAULT_ERROR_MODEL_H
#define FILE_DISTRIBUTION_LINK_FAULT_ERROR_MODEL_H

#include "ns3/error-model.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The faults of one direction of an access link: random loss, and outages during
 * which every packet is lost (the link is down, or the node behind it crashed).
 *
 * Installed as the ReceiveErrorModel of a point-to-point device (FaultHelper puts one on
 * each end of a host's access link). O(outages) per packet, typically zero or one.
 */
class LinkFaultErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    LinkFaultErrorModel();

    /**
     * \brief Every packet between the two times is lost.
     * \param down when the link goes down
     * \param up when it comes back (Time::Max(): never)
     */
    void AddOutage(Time down, Time up);
    /// \param rate the probability that a packet outside an outage is lost, 0..1
    void SetLossRate(double rate);
    /// \param now a time \return true if the link is down then
    bool IsDown(Time now) const;
    /**
     * \param stream the first stream index
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    std::vector<std::pair<Time, Time>> m_outages; //!< (down, up) windows
    double m_lossRate{0};                         //!< random loss outside outages
    Ptr<UniformRandomVariable> m_random;          //!< draws the losses
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_LINK_FAULT_ERROR_MODEL_H
