# SPDX-License-Identifier: GPL-2.0-only
#
# The speed measurement of utils/mpi-check.sh --speed (sourced by it, after the build): the
# wall-clock time of serial and 2-rank runs of the same swarm (MPI_SPEED_CONFIGS,
# N:regions[:backbone delay, 1ms by default]: 200 peers as a star and with 2 regional cores,
# 1000 peers with 2, at 1 ms and 5 ms), median of 3, with every rank's events, packets from
# other ranks and synchronisation windows (utils/mpi-windows.c, preloaded). Every process is
# timed from start to exit. Needs an idle machine with at least 2 cores: nothing else may run
# meanwhile.

command -v mpicc >/dev/null || die "no mpicc (package libopenmpi-dev)"
windows_lib=$tree/build/libfd-mpi-windows.so
mpicc -O2 -shared -fPIC -o "$windows_lib" "$top/utils/mpi-windows.c" || die "building $windows_lib"
[ "$(nproc)" -ge 2 ] || die "2 ranks need 2 cores"

# The benchmark's network (doc/bittorrent-benchmark.rst), two sizes.
common=(--server-upload=20Mbps --host-upload=4Mbps --host-download=16Mbps --RngRun=1)
declare -A sizes=([200]=4MB [1000]=2MB)
repetitions=${MPI_SPEED_REPETITIONS:-3}
# N:regions[:delay]. The star at N = 1000 is left out (its 2-rank run is bound by the core,
# as at 200).
configs=${MPI_SPEED_CONFIGS:-200:1 200:2 1000:2 1000:2:5ms}
for config in $configs; do
    IFS=: read -r n topology backbone <<<"$config"
    backbone=${backbone:-1ms}
    [ -n "${sizes[$n]:-}" ] || die "MPI_SPEED_CONFIGS: no file size for N = $n (200 or 1000)"
    for rep in $(seq "$repetitions"); do
        for ranks in 0 2; do
            name=speed-n$n-r$topology-b$backbone-np$ranks-$rep
            args=(--hosts="$n" --file-size="${sizes[$n]}" --regions="$topology"
                --backbone-delay="$backbone" "${common[@]}")
            start=$EPOCHREALTIME
            if [ "$ranks" -eq 0 ]; then
                # Its peak memory from the kernel's accounting of the child (ru_maxrss, KiB).
                python3 -c 'import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("serial peak MiB %.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
sys.exit(code)' "$(bin bittorrent-swarm)" "${args[@]}" >"$out/$name.log" 2>&1 || die "$name (log: $out/$name.log)"
            else
                mpirun -np "$ranks" -x LD_PRELOAD="$windows_lib" "$(bin bittorrent-swarm)" \
                    "${args[@]}" --mpi=true >"$out/$name.log" 2>&1 || die "$name (log: $out/$name.log)"
            fi
            wall=$(python3 -c "print(round($EPOCHREALTIME - $start, 2))")
            echo "wall-clock $wall s" >>"$out/$name.log"
            say "$name: $wall s, $(grep -m1 -E 'D / bound' "$out/$name.log" | sed 's/.*D \/ bound/D \/ bound/')"
        done
    done
done

python3 - "$out" <<'PY'
import glob, re, statistics, sys
out = sys.argv[1]
runs = {}
for path in glob.glob(out + "/speed-*.log"):
    n, regions, backbone, ranks, rep = re.search(
        r"speed-n(\d+)-r(\d+)-b([\w.]+)-np(\d+)-(\d+)\.log", path).groups()
    text = open(path).read()
    runs.setdefault((int(n), int(regions), backbone, int(ranks)), []).append(text)
def wall(t): return float(re.search(r"wall-clock ([\d.]+) s", t).group(1))
def ratio(t): return float(re.search(r"D / bound = ([\d.]+)", t).group(1))
print("\n   N  regions  backbone  ranks  wall (s), median [runs]        speed-up  D/bound"
      "   events by rank             windows   packets received   peak MiB")
for key in sorted(runs):
    n, regions, backbone, ranks = key
    texts = runs[key]
    walls = sorted(wall(t) for t in texts)
    serial = statistics.median(wall(t) for t in runs[(n, regions, backbone, 0)])
    median = statistics.median(walls)
    table = texts[0].split("packets from other ranks", 1)[-1] if ranks else ""
    ranks_rows = re.findall(r"^\s*(\d+)\s+(\d+)\s+[\d.]+\s+(\d+)\s+([\d.]+)$", table, re.M)
    events = "/".join(r[1] for r in ranks_rows) or "-"
    wins = "/".join(sorted(set(re.findall(r"mpi-windows: rank \d+: (\d+) synch", texts[0])))) or "-"
    received = "/".join(r[2] for r in ranks_rows) or "-"
    memory = "/".join(r[3] for r in ranks_rows) or re.search(r"serial peak MiB ([\d.]+)", texts[0]).group(1)
    print("%5d %8d %9s %6d  %7.1f [%s] %9.2f  %7.3f   %-24s %-9s %-18s %s" % (
        n, regions, backbone, ranks, median, ", ".join("%.1f" % w for w in walls), serial / median,
        ratio(texts[0]), events, wins, received, memory))
PY
