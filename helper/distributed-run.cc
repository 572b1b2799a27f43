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
#include "ns3/ordered-point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <mpi.h>
#endif

namespace ns3
{

namespace
{
bool g_enabled = false; //!< Enable() started MPI and Disable() did not end it
#ifdef FD_MPI
std::streambuf* g_coutBuffer = nullptr; //!< std::cout's buffer before it was silenced

uint64_t g_remoteReceived = 0; //!< packets received from other ranks

/// MpiReceiver's callback: counts the packet and leaves it to the ordered delivery.
void
OnRemoteArrival(Ptr<PointToPointNetDevice> device, Ptr<Packet> packet)
{
    ++g_remoteReceived;
    OrderedPointToPointChannel::Arrive(device, packet);
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
    return g_remoteReceived;
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
    g_remoteReceived = 0;
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
