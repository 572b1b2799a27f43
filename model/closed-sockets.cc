// SPDX-License-Identifier: GPL-2.0-only

#include "closed-sockets.h"

#include "ns3/simulator.h"

namespace ns3
{

void
ClosedSockets::Add(Ptr<Socket> socket)
{
    const Time now = Simulator::Now();
    while (!m_sockets.empty() && now - m_sockets.front().first > Seconds(HOLD_SECONDS))
    {
        m_sockets.pop_front();
    }
    m_sockets.emplace_back(now, socket);
}

void
ClosedSockets::Clear()
{
    m_sockets.clear();
}

std::size_t
ClosedSockets::GetSize() const
{
    return m_sockets.size();
}

} // namespace ns3
