// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_DISTRIBUTED_RUN_H
#define FILE_DISTRIBUTION_DISTRIBUTED_RUN_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief The MPI side of a distributed run, and the only place of the module that calls MPI:
 * starting and ending it, this process's rank, and the two collective operations the
 * experiments need (a sum over the ranks, and every rank's values gathered on every rank).
 *
 * A distributed run uses ns-3's granted-time-window engine (ns3::DistributedSimulatorImpl,
 * src/mpi): every rank builds the whole network, nodes carry the rank that simulates them,
 * and point-to-point links between ranks become remote channels. Without MPI support
 * (Debian's ns-3, or a tree configured without --enable-mpi) IsAvailable() is false and every
 * other call answers as the one process of a serial run does.
 */
class DistributedRun
{
  public:
    /// \return whether this build can run distributed (ns-3's mpi module and MPI)
    static bool IsAvailable();

    /**
     * \brief Starts MPI and selects ns-3's distributed simulator. Call once, before the
     * simulator is used; on ranks other than 0 standard output is discarded from then on, so
     * that a distributed run prints what a serial one does, once.
     * \param argc main's argc
     * \param argv main's argv
     * \param error receives why it could not start
     * \return true when the run is distributed (IsEnabled())
     */
    static bool Enable(int* argc, char*** argv, std::string* error);

    /// \brief Ends MPI (after the last simulation), if Enable() started it.
    static void Disable();

    /// \return whether Enable() started a distributed run that has not ended
    static bool IsEnabled();

    /// \return this process's rank, 0 when not distributed
    static uint32_t GetRank();

    /// \return the number of ranks, 1 when not distributed
    static uint32_t GetSize();

    /**
     * \param value this rank's value
     * \return the sum over every rank (collective: every rank must call it)
     */
    static uint64_t Sum(uint64_t value);

    /**
     * \return the packets this rank has received from other ranks since
     * OrderRemoteArrivals(); 0 when not distributed
     */
    static uint64_t GetRemotePacketsReceived();

    /**
     * \param local this rank's values (any number)
     * \return every rank's values, rank 0's first, on every rank (collective)
     */
    static std::vector<double> GatherAll(const std::vector<double>& local);

    /**
     * \brief Delivers the packets that other ranks send to this one in an order that does not
     * depend on when their messages physically arrived: every packet of simulated time T is
     * delivered at T + 1 time step, after this rank's own events of time T, sorted by (node
     * id, interface), with the packets of the ordered links of a serial run
     * (OrderedPointToPointChannel). ns-3's engine inserts a remote packet's receive event
     * when it picks the message up, so packets of the same time as local events would
     * otherwise be ordered differently from one run to the next (doc/distributed.rst). Call
     * after the network is built; nothing without MPI.
     */
    static void OrderRemoteArrivals();

    /// RAII: Disable() when main() returns, on every path.
    struct Guard
    {
        Guard() = default;
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;
    };
};

} // namespace ns3

#endif // FILE_DISTRIBUTION_DISTRIBUTED_RUN_H
