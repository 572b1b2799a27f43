// SPDX-License-Identifier: GPL-2.0-only

#include "fault-helper.h"

#include "ns3/bittorrent-peer.h"
#include "ns3/callback.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

namespace ns3
{

FaultHelper::FaultHelper(AccessNetworkHelper& network)
    : m_network(network)
{
}

std::pair<Ptr<LinkFaultErrorModel>, Ptr<LinkFaultErrorModel>>
FaultHelper::GetModels(uint32_t host)
{
    auto it = m_models.find(host);
    if (it != m_models.end())
    {
        return it->second;
    }
    auto toCore = CreateObject<LinkFaultErrorModel>();
    auto toHost = CreateObject<LinkFaultErrorModel>();
    toCore->SetLossRate(m_lossRate);
    toHost->SetLossRate(m_lossRate);
    m_network.GetCoreDevice(host)->SetAttribute("ReceiveErrorModel", PointerValue(toCore));
    m_network.GetHostDevice(host)->SetAttribute("ReceiveErrorModel", PointerValue(toHost));
    return m_models[host] = {toCore, toHost};
}

void
FaultHelper::SetLossRate(double rate)
{
    m_lossRate = rate;
    for (uint32_t host = 0; host < m_network.GetHostCount(); ++host)
    {
        auto [toCore, toHost] = GetModels(host);
        toCore->SetLossRate(rate);
        toHost->SetLossRate(rate);
    }
}

void
FaultHelper::AddOutage(uint32_t host, Time down, Time up)
{
    auto [toCore, toHost] = GetModels(host);
    toCore->AddOutage(down, up);
    toHost->AddOutage(down, up);
}

void
FaultHelper::SilenceCrashes(ApplicationContainer peers)
{
    for (uint32_t i = 0; i < peers.GetN(); ++i)
    {
        Ptr<BitTorrentPeer> peer = DynamicCast<BitTorrentPeer>(peers.Get(i));
        if (peer)
        {
            peer->TraceConnectWithoutContext(
                "Crashed",
                MakeBoundCallback(&FaultHelper::CrashHook, this, peer->GetNode()->GetId()));
        }
    }
}

void
FaultHelper::CrashHook(FaultHelper* self, uint32_t node)
{
    self->HandleCrash(node);
}

void
FaultHelper::HandleCrash(uint32_t node)
{
    for (uint32_t host = 0; host < m_network.GetHostCount(); ++host)
    {
        if (m_network.GetHost(host)->GetId() == node)
        {
            AddOutage(host, Simulator::Now(), Time::Max());
            return;
        }
    }
}

int64_t
FaultHelper::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (auto& [host, models] : m_models)
    {
        used += models.first->AssignStreams(stream + used);
        used += models.second->AssignStreams(stream + used);
    }
    return used;
}

} // namespace ns3
