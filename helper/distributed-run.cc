// SPDX-License-Identifier: GPL-2.0-only
//
// Every MPI call of the module. FD_MPI is defined (CMakeLists.txt) only when the module is
// built in an ns-3 tree configured with --enable-mpi; otherwise this file is the serial stub.

#include "distributed-run.h"

#include <iostream>

#ifdef FD_MPI
#include "ns3/global-value.h"
#include "ns3/mpi-interface.h"
#include "ns3/mpi-receiver.h"
#include "ns3/node-list.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <map>
#include <mpi.h>
#include <tuple>
#endif

namespace ns3
{

namespace
{
bool g_enabled = false; //!< Enable() started MPI and Disable() did not end it
#ifdef FD_MPI
std::streambuf* g_coutBuffer = nullptr; //!< std::cout's buffer before it was silenced

/// A packet from another rank, waiting for its ordered delivery.
struct RemoteArrival
{
    uint32_t node;                     //!< the receiving node's id
    uint32_t interface;                //!< the receiving device's interface index
    uint64_t sequence;                 //!< arrival order (on one link: the sender's order)
    Ptr<PointToPointNetDevice> device; //!< the receiving device
    Ptr<Packet> packet;                //!< the packet
};

/// Arrivals by the time step they came at; each list is delivered one step later.
std::map<int64_t, std::vector<RemoteArrival>> g_arrivals;
uint64_t g_arrivalSequence = 0; //!< numbers arrivals

/// Delivers the arrivals of \p step in (node, interface, sequence) order, each in its node's
/// context, after every event already queued for now.
void
DeliverArrivals(int64_t step)
{
    auto it = g_arrivals.find(step);
    if (it == g_arrivals.end())
    {
        return;
    }
    std::vector<RemoteArrival> arrivals = std::move(it->second);
    g_arrivals.erase(it);
    std::sort(arrivals.begin(), arrivals.end(), [](const auto& a, const auto& b) {
        return std::tie(a.node, a.interface, a.sequence) <
               std::tie(b.node, b.interface, b.sequence);
    });
    for (const auto& a : arrivals)
    {
        Simulator::ScheduleWithContext(a.node,
                                       Seconds(0),
                                       &PointToPointNetDevice::Receive,
                                       a.device,
                                       a.packet);
    }
}

/// MpiReceiver's callback: keeps the packet for DeliverArrivals one time step later.
void
OnRemoteArrival(Ptr<PointToPointNetDevice> device, Ptr<Packet> packet)
{
    const int64_t step = Simulator::Now().GetTimeStep();
    auto& list = g_arrivals[step];
    if (list.empty())
    {
        Simulator::Schedule(TimeStep(1), &DeliverArrivals, step);
    }
    list.push_back(
        {device->GetNode()->GetId(), device->GetIfIndex(), g_arrivalSequence++, device, packet});
}
#endif
} // namespace

bool
DistributedRun::IsAvailable()
{
#ifdef FD_MPI
    return true;
#else
    return false;
#endif
}

bool
DistributedRun::Enable(int* argc, char*** argv, std::string* error)
{
#ifdef FD_MPI
    if (g_enabled)
    {
        return true;
    }
    // Granted time window: any number of Run() calls, which the experiments need to stop
    // together (null messages allow one).
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DistributedSimulatorImpl"));
    MpiInterface::Enable(argc, argv);
    g_enabled = true;
    if (MpiInterface::GetSystemId() != 0)
    {
        g_coutBuffer = std::cout.rdbuf(nullptr); // output discarded (badbit), not an error
    }
    return true;
#else
    (void)argc;
    (void)argv;
    if (error)
    {
        *error = "this build has no MPI: build the module in an ns-3 source tree configured "
                 "with --enable-mpi (utils/mpi-check.sh does)";
    }
    return false;
#endif
}

void
DistributedRun::Disable()
{
#ifdef FD_MPI
    if (!g_enabled)
    {
        return;
    }
    if (g_coutBuffer)
    {
        std::cout.rdbuf(g_coutBuffer);
        std::cout.clear();
        g_coutBuffer = nullptr;
    }
    MpiInterface::Disable();
    g_enabled = false;
#endif
}

bool
DistributedRun::IsEnabled()
{
    return g_enabled;
}

uint32_t
DistributedRun::GetRank()
{
#ifdef FD_MPI
    return g_enabled ? MpiInterface::GetSystemId() : 0;
#else
    return 0;
#endif
}

uint32_t
DistributedRun::GetSize()
{
#ifdef FD_MPI
    return g_enabled ? MpiInterface::GetSize() : 1;
#else
    return 1;
#endif
}

uint64_t
DistributedRun::Sum(uint64_t value)
{
#ifdef FD_MPI
    if (g_enabled)
    {
        unsigned long long in = value;
        unsigned long long out = 0;
        MPI_Allreduce(&in,
                      &out,
                      1,
                      MPI_UNSIGNED_LONG_LONG,
                      MPI_SUM,
                      MpiInterface::GetCommunicator());
        return out;
    }
#endif
    return value;
}

uint64_t
DistributedRun::GetRemotePacketsReceived()
{
#ifdef FD_MPI
    return g_arrivalSequence;
#else
    return 0;
#endif
}

std::vector<double>
DistributedRun::GatherAll(const std::vector<double>& local)
{
#ifdef FD_MPI
    if (g_enabled)
    {
        const int size = static_cast<int>(MpiInterface::GetSize());
        int count = static_cast<int>(local.size());
        std::vector<int> counts(size);
        MPI_Allgather(&count,
                      1,
                      MPI_INT,
                      counts.data(),
                      1,
                      MPI_INT,
                      MpiInterface::GetCommunicator());
        std::vector<int> offsets(size, 0);
        for (int r = 1; r < size; ++r)
        {
            offsets[r] = offsets[r - 1] + counts[r - 1];
        }
        std::vector<double> all(static_cast<std::size_t>(offsets[size - 1] + counts[size - 1]));
        MPI_Allgatherv(local.data(),
                       count,
                       MPI_DOUBLE,
                       all.data(),
                       counts.data(),
                       offsets.data(),
                       MPI_DOUBLE,
                       MpiInterface::GetCommunicator());
        return all;
    }
#endif
    return local;
}

void
DistributedRun::OrderRemoteArrivals()
{
#ifdef FD_MPI
    if (!g_enabled)
    {
        return;
    }
    g_arrivals.clear();
    g_arrivalSequence = 0;
    for (auto node = NodeList::Begin(); node != NodeList::End(); ++node)
    {
        for (uint32_t i = 0; i < (*node)->GetNDevices(); ++i)
        {
            Ptr<NetDevice> device = (*node)->GetDevice(i);
            Ptr<MpiReceiver> receiver = device->GetObject<MpiReceiver>();
            Ptr<PointToPointNetDevice> p2p = DynamicCast<PointToPointNetDevice>(device);
            if (receiver && p2p)
            {
                receiver->SetReceiveCallback(MakeBoundCallback(&OnRemoteArrival, p2p));
            }
        }
    }
#endif
}

DistributedRun::Guard::~Guard()
{
    Disable();
}

} // namespace ns3
