// SPDX-License-Identifier: GPL-2.0-only

#include "accepted-socket-fixup.h"

#include "ns3/boolean.h"
#include "ns3/object.h"
#include "ns3/pointer.h"

namespace ns3
{

void
FixAcceptedSocket(Ptr<Socket> socket)
{
    PointerValue congestion;
    if (socket->GetAttributeFailSafe("CongestionOps", congestion) && congestion.Get<Object>())
    {
        congestion.Get<Object>()->SetAttributeFailSafe("TcpFriendliness", BooleanValue(true));
    }
}

} // namespace ns3
