#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Distributed runs (doc/distributed.rst): builds the module in an ns-3.37 source tree
# configured with --enable-mpi, then checks a swarm and a client-server distribution: serial
# and 1 rank give identical figures, 2 and 4 ranks give identical figures twice, and 2 and 4 ranks
# give D within 1 % of the serial run (events of the same time may be ordered differently);
# a swarm on 4 regional cores gives every peer the same completion time serially and on 1, 2
# and 4 ranks. Not part of CI (the first run builds ns-3: 20-40 minutes on 2 cores; later runs
# reuse it).
#
#   ./utils/mpi-check.sh              build (incrementally) and check
#   ./utils/mpi-check.sh --build      only build; prints where the examples are
#   ./utils/mpi-check.sh --speed      measure: wall-clock time of serial and 2-rank runs of
#                                     200- and 1000-peer swarms, star and 2 regions (1000
#                                     peers also with a 5 ms backbone), median of 3 each
#                                     (about 65 minutes; needs an idle machine)
#
# The tree is Debian 12's ns-3.37 source package, unpacked once under $NS3_MPI_CACHE
# (default /var/tmp/ns3-mpi); NS3_MPI_SRC=<tree> uses another ns-3 source tree instead.
# Open MPI runs as root only with OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM)=1, which this script sets.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fd_install_packages
packages=(libopenmpi-dev openmpi-bin) # Open MPI: mpirun, mpi.h, MPI::MPI_CXX for CMake
fd_install_packages

say() { printf '[mpi-check] %s\n' "$*"; }
die() { printf '[mpi-check] FAILED: %s\n' "$*" >&2; exit 1; }

cache=${NS3_MPI_CACHE:-/var/tmp/ns3-mpi}
tree=${NS3_MPI_SRC:-$cache/ns-allinone-3.37/ns-3.37}
if [ ! -x "$tree/ns3" ]; then
    [ -z "${NS3_MPI_SRC:-}" ] || die "$tree is not an ns-3 source tree (no ./ns3)"
    say "fetching Debian's ns-3.37 source package into $cache"
    if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
            | awk 'BEGIN{RS="";ORS="\n\n"} NR==1' >/etc/apt/sources.list.d/deb-src.sources
        apt-get update -qq
    fi
    mkdir -p "$cache"
    (cd "$cache" && apt-get source --download-only -qq ns3 && tar xjf ns3_*.orig.tar.bz2)
fi

# The module's tracked files, nothing built (unchanged files keep their times: an incremental
# build recompiles only what changed).
dest=$tree/contrib/file-distribution
mkdir -p "$dest"
(cd "$top" && git ls-files -z | xargs -0 tar cf -) | tar xf - -C "$dest"
cd "$tree"
if [ ! -f cmake-cache/build.ninja ]; then
    say "configuring $tree with --enable-mpi"
    ./ns3 configure -d release --enable-mpi --enable-examples --disable-tests \
        --enable-modules="file-distribution;mpi" >/tmp/mpi-configure.log 2>&1 \
        || { tail -n 30 /tmp/mpi-configure.log; die "configure (log: /tmp/mpi-configure.log)"; }
fi
grep -q 'NS3_MPI:BOOL=ON' cmake-cache/CMakeCache.txt || die "$tree is not configured with --enable-mpi"
examples=(bittorrent-swarm client-server-distribution scenario-runner)
say "building ${examples[*]} (log: /tmp/mpi-build.log)"
start=$(date +%s)
cmake --build cmake-cache -j "$(nproc)" --target "${examples[@]}" >/tmp/mpi-build.log 2>&1 \
    || { grep -m 20 -B2 -A6 'error' /tmp/mpi-build.log; die "build (log: /tmp/mpi-build.log)"; }
say "built in $(($(date +%s) - start)) s"
bin() { find "$tree/build" -type f \( -name "ns3*-$1" -o -name "ns3*-$1-*" \) -perm -u+x | head -n1; }
for e in "${examples[@]}"; do [ -n "$(bin "$e")" ] || die "no $e executable under $tree/build"; done
case "${1:-}" in
    "" | --build | --speed) ;;
    *) die "usage: $0 [--build | --speed]" ;;
esac
if [ "${1:-}" = "--build" ]; then
    for e in "${examples[@]}"; do say "$(bin "$e")"; done
    exit 0
fi

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=${MPI_CHECK_OUT:-/tmp/mpi-check}
rm -rf "$out" && mkdir -p "$out"
failed=0
# run NAME RANKS EXAMPLE ARGS...: RANKS 0 is serial (no mpirun, no --mpi).
run()
{
    local name=$1 ranks=$2 example=$3
    shift 3
    local csv=$out/$name.csv log=$out/$name.log
    if [ "$ranks" -eq 0 ]; then
        "$(bin "$example")" "$@" --csv="$csv" >"$log" 2>&1 || { say "FAIL $name (log: $log)"; failed=$((failed + 1)); return; }
    else
        mpirun --oversubscribe -np "$ranks" "$(bin "$example")" "$@" --mpi=true --csv="$csv" >"$log" 2>&1 \
            || { say "FAIL $name (log: $log)"; failed=$((failed + 1)); return; }
    fi
    say "ran $name: $(grep -m1 -E 'D / bound' "$log" | sed 's/^ *//')"
}
# same A B: the two runs' per-host rows are identical.
same()
{
    if cmp -s "$out/$1.csv" "$out/$2.csv"; then
        say "PASS $1 = $2"
    else
        say "FAIL $1 != $2 (diff $out/$1.csv $out/$2.csv)"
        failed=$((failed + 1))
    fi
}
# close A B [exact]: another number of ranks may order events of the same time differently
# (packets from another rank are queued when they arrive, not when they are sent), so per-host
# times may differ; D must be within 1 %, or with "exact" every host's completion time must be
# the same. Prints the largest per-host difference.
close()
{
    if python3 - "$out/$1.csv" "$out/$2.csv" "${3:-}" <<'PY'; then
import csv, sys
def load(path):
    rows = list(csv.DictReader(open(path)))
    key = "host" if "host" in rows[0] else "client"
    done = "done_s" if "done_s" in rows[0] else "completion_time_s"
    return {r[key]: float(r[done]) for r in rows if r[done]}
a, b = load(sys.argv[1]), load(sys.argv[2])
if a.keys() != b.keys():
    sys.exit("different hosts finished")
diff = max(abs(a[k] - b[k]) for k in a)
d_a, d_b = max(a.values()), max(b.values())
print("[mpi-check]   D %.6f s and %.6f s (ratio %.4f), largest per-host difference %.6f s, "
      "%d of %d hosts differ" % (d_a, d_b, d_b / d_a, diff, sum(a[k] != b[k] for k in a), len(a)))
sys.exit(0 if (diff == 0 if sys.argv[3] == "exact" else abs(d_b / d_a - 1) <= 0.01) else 1)
PY
        say "PASS $1 ~ $2 (${3:-D within 1 %})"
    else
        say "FAIL $1 !~ $2 (${3:-D differs by more than 1 %})"
        failed=$((failed + 1))
    fi
}
if [ "${1:-}" = "--speed" ]; then
    # shellcheck source=utils/mpi-speed.sh
    source "$top/utils/mpi-speed.sh"
    exit 0
fi
swarm=(--hosts=20 --file-size=4MB --RngRun=1)
cs=(--hosts=40 --file-size=1MB --server-upload=20Mbps)
for r in 0 1 2 4; do run "swarm-np$r" "$r" bittorrent-swarm "${swarm[@]}"; done
run swarm-np2-again 2 bittorrent-swarm "${swarm[@]}"
run swarm-np4-again 4 bittorrent-swarm "${swarm[@]}"
for r in 0 2 4; do run "cs-np$r" "$r" client-server-distribution "${cs[@]}"; done
# 4 regional cores: on 2 and 4 ranks only backbone links cross ranks.
for r in 0 1 2 4; do run "regions-np$r" "$r" bittorrent-swarm "${swarm[@]}" --regions=4; done
run regions-np2-again 2 bittorrent-swarm "${swarm[@]}" --regions=4
same swarm-np0 swarm-np1
same swarm-np2 swarm-np2-again
same swarm-np4 swarm-np4-again
close swarm-np0 swarm-np2
close swarm-np0 swarm-np4
close cs-np0 cs-np2
close cs-np0 cs-np4
same regions-np0 regions-np1
same regions-np2 regions-np2-again
same regions-np2 regions-np4
# The same completion times; a distributed run ends at the next whole second after the last
# completion (a serial one at it), so the bytes of peers still receiving then may differ.
close regions-np0 regions-np2 exact
close regions-np0 regions-np4 exact
[ "$failed" -eq 0 ] || die "$failed check(s) failed; outputs in $out"
say "OK: serial and 1 rank identical, 2 and 4 ranks identical twice, 2 and 4 ranks within 1 % (star) or with the same completion times (regions) (outputs in $out)"
