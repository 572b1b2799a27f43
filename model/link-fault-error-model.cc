// SPDX-License-Identifier: GPL-2.0-only

#include "link-fault-error-model.h"

#include "ns3/double.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(LinkFaultErrorModel);

TypeId
LinkFaultErrorModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LinkFaultErrorModel")
                            .SetParent<ErrorModel>()
                            .SetGroupName("FileDistribution")
                            .AddConstructor<LinkFaultErrorModel>()
                            .AddAttribute("LossRate",
                                          "Probability that a packet outside an outage is lost.",
                                          DoubleValue(0),
                                          MakeDoubleAccessor(&LinkFaultErrorModel::m_lossRate),
                                          MakeDoubleChecker<double>(0, 1));
    return tid;
}

LinkFaultErrorModel::LinkFaultErrorModel()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

void
LinkFaultErrorModel::AddOutage(Time down, Time up)
{
    m_outages.emplace_back(down, up);
}

void
LinkFaultErrorModel::SetLossRate(double rate)
{
    m_lossRate = rate;
}

bool
LinkFaultErrorModel::IsDown(Time now) const
{
    for (const auto& [down, up] : m_outages)
    {
        if (now >= down && now < up)
        {
            return true;
        }
    }
    return false;
}

int64_t
LinkFaultErrorModel::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

bool
LinkFaultErrorModel::DoCorrupt(Ptr<Packet> p)
{
    if (IsDown(Simulator::Now()))
    {
        return true;
    }
    return m_lossRate > 0 && m_random->GetValue() < m_lossRate;
}

void
LinkFaultErrorModel::DoReset()
{
}

} // namespace ns3
