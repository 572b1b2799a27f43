#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The cost of a swarm against ns-3's BulkSend moving the same bytes (bittorrent-benchmark), in
# work that does not depend on the machine: the instructions executed and the misses of a
# simulated cache (Valgrind's cachegrind, the same cache geometry on every machine), for this
# tree and, with --reference=COMMIT, for an earlier commit built beside it. A wall-clock ratio
# moves with the machine (by 2 x within minutes on a shared virtual machine:
# doc/bittorrent-benchmark.rst); these counts do not, so the runs may share the machine with
# anything, and they run in parallel, one per core. Not part of CI: each run takes about 60 times
# its native time (N = 50 and 2 MB: 6 minutes; N = 200 and 2 MB: about 40).
#   ./utils/benchmark-cost.sh                                   # N = 50, F = 2 MB, this tree
#   ./utils/benchmark-cost.sh --size=200 --reference=ca4d5f7    # against the code of an old figure
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

size=50
file_size=2MB
reference=
out=$build_dir/benchmark-cost
usage="usage: $0 [--size=N] [--file-size=F] [--reference=COMMIT] [--out=DIR]"
for arg in "$@"; do
    case $arg in
    --size=*) size=${arg#*=} ;;
    --file-size=*) file_size=${arg#*=} ;;
    --reference=*) reference=${arg#*=} ;;
    --out=*) out=${arg#*=} ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) echo "benchmark-cost.sh: unknown argument '$arg'; $usage" >&2; exit 2 ;;
    esac
done
[[ $size =~ ^[1-9][0-9]*$ ]] || { echo "benchmark-cost.sh: --size='$size' is not a positive number of peers" >&2; exit 2; }
if [ -n "$reference" ]; then
    git -C "$top" rev-parse --verify -q "$reference^{commit}" >/dev/null \
        || { echo "benchmark-cost.sh: --reference='$reference' is not a commit of $top" >&2; exit 2; }
fi

fd_install_packages
fd_install_packages valgrind
fd_build --target bittorrent-benchmark >/dev/null
mkdir -p "$out"

code_names=("this tree")
code_binaries=("$build_dir/bin/bittorrent-benchmark")
if [ -n "$reference" ]; then
    commit=$(git -C "$top" rev-parse --short "$reference^{commit}")
    tree=$out/reference-$commit
    if [ ! -x "$tree/build/bin/bittorrent-benchmark" ]; then
        echo "[file-distribution] building $commit in $tree"
        rm -rf "$tree" && mkdir -p "$tree"
        git -C "$top" archive "$commit" | tar -x -C "$tree"
        cmake -S "$tree" -B "$tree/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$tree.log" 2>&1 \
            && cmake --build "$tree/build" --target bittorrent-benchmark >>"$tree.log" 2>&1 \
            || { echo "benchmark-cost.sh: building $commit failed (log: $tree.log)" >&2; exit 1; }
    fi
    code_names+=("$commit")
    code_binaries+=("$tree/build/bin/bittorrent-benchmark")
fi

# A fixed geometry (32 KiB 8-way first-level caches, an 8 MiB 16-way last level), not the host's,
# so that every machine counts the same misses.
cachegrind=(valgrind --tool=cachegrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64
    --LL=8388608,16,64)
common=(--file-size="$file_size" --baseline-size=0 --fork=false)

declare -A label_of # pid -> run
running=0
# Waits for one run; a failed run ends the script (the EXIT trap stops the others).
reap()
{
    local pid rc=0
    wait -n -p pid || rc=$?
    running=$((running - 1))
    if [ "$rc" -ne 0 ]; then
        local label=${label_of[$pid]}
        # The benchmark checks its own arguments (--file-size among them) and says what is wrong.
        echo "benchmark-cost.sh: $label failed: $(grep -v '^==' "$out/$label.log" | tail -1) (log: $out/$label.log)" >&2
        exit 1
    fi
}

echo "[file-distribution] $((2 * ${#code_names[@]})) runs under cachegrind (N = $size, F = $file_size), $(nproc) at a time; logs in $out"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
for i in "${!code_names[@]}"; do
    for run in swarm bulk; do
        label=${code_names[$i]// /-}-$run
        if [ "$run" = swarm ]; then
            args=(--sizes="$size")
        else
            args=(--sizes=none --bulk-sizes="$size")
        fi
        "${cachegrind[@]}" --cachegrind-out-file=/dev/null "${code_binaries[$i]}" "${args[@]}" \
            "${common[@]}" >"$out/$label.log" 2>&1 &
        label_of[$!]=$label
        running=$((running + 1))
        if [ "$running" -ge "$(nproc)" ]; then
            reap
        fi
    done
done
while [ "$running" -gt 0 ]; do
    reap
done

python3 - "$out" "${code_names[@]}" <<'PY'
import re, sys
out, codes = sys.argv[1], sys.argv[2:]

def count(text, what):
    m = re.search(r"==\d+== " + what + r":\s+([\d,]+)", text)
    if not m:
        sys.exit(f"benchmark-cost.sh: no '{what}' in a cachegrind log under {out}")
    return int(m.group(1).replace(",", ""))

def run(label):
    text = open(f"{out}/{label}.log").read()
    row = re.search(r"^\s+(\d+|bulk)\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(\d+)\s+\d+\s+(\d+)\s+(\d+)",
                    text, re.M)
    if not row:
        sys.exit(f"benchmark-cost.sh: no result row in {out}/{label}.log")
    ir = count(text, r"I\s+refs")
    l1 = count(text, r"I1\s+misses") + count(text, r"D1\s+misses")
    ll = count(text, r"LL\s+misses")
    # The rough cycle model cachegrind's manual used to give: a first-level miss costs about
    # 10 instructions' time, a last-level miss about 100.
    return dict(ir=ir, l1=l1, ll=ll, cycles=ir + 10 * l1 + 100 * ll, events=int(row.group(3)),
                bytes=int(row.group(4)), packets=int(row.group(5)), d=float(row.group(2)))

print(f"{'code':>10} {'run':>6} {'D (s)':>8} {'events':>10} {'packets':>9} {'instructions':>15} "
      f"{'L1 misses':>12} {'LL misses':>11} {'est. cycles':>15}")
ratios = []
for code in codes:
    tag = code.replace(" ", "-")
    swarm, bulk = run(f"{tag}-swarm"), run(f"{tag}-bulk")
    for name, r in (("swarm", swarm), ("bulk", bulk)):
        print(f"{code:>10} {name:>6} {r['d']:8.3f} {r['events']:10d} {r['packets']:9d} {r['ir']:15,d} "
              f"{r['l1']:12,d} {r['ll']:11,d} {r['cycles']:15,d}")
    ratios.append((code, {k: swarm[k] / bulk[k] for k in ("ir", "cycles", "events", "packets")},
                   swarm["ir"] / swarm["events"], bulk["ir"] / bulk["events"]))
print()
for code, r, swarm_per_event, bulk_per_event in ratios:
    print(f"{code}: swarm / BulkSend: instructions {r['ir']:.3f}, estimated cycles {r['cycles']:.3f}, "
          f"events {r['events']:.3f}, packets {r['packets']:.3f}; instructions per event "
          f"{swarm_per_event:.0f} (swarm), {bulk_per_event:.0f} (BulkSend)")
if len(ratios) == 2:
    (a, ra, _, _), (b, rb, _, _) = ratios
    print(f"{a} against {b}: instructions ratio x {ra['ir'] / rb['ir']:.3f}, "
          f"estimated-cycles ratio x {ra['cycles'] / rb['cycles']:.3f}")
PY
