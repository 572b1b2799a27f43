/* SPDX-License-Identifier: GPL-2.0-only
 *
 * Counts the synchronisation windows of ns-3's granted-time-window engine in a distributed
 * run (doc/distributed.rst). ns3::DistributedSimulatorImpl ends every window with one
 * MPI_Allgather of MPI_BYTE (its LBTS messages); the module's own collectives use other
 * types. This library, preloaded with the MPI profiling interface, counts those calls and
 * prints the count of each rank to standard error when MPI ends:
 *
 *   mpicc -shared -fPIC -o libmpi-windows.so utils/mpi-windows.c
 *   mpirun -np 2 -x LD_PRELOAD=$PWD/libmpi-windows.so EXAMPLE --mpi=true ...
 *
 * Built and used by utils/mpi-check.sh --speed.
 */
#include <mpi.h>
#include <stdio.h>

static unsigned long long g_windows = 0;

int
MPI_Allgather(const void* sendbuf,
              int sendcount,
              MPI_Datatype sendtype,
              void* recvbuf,
              int recvcount,
              MPI_Datatype recvtype,
              MPI_Comm comm)
{
    if (sendtype == MPI_BYTE)
    {
        ++g_windows;
    }
    return PMPI_Allgather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm);
}

int
MPI_Finalize(void)
{
    int rank = 0;
    PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fprintf(stderr, "mpi-windows: rank %d: %llu synchronisation windows\n", rank, g_windows);
    return PMPI_Finalize();
}
