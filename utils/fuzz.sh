#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Coverage-guided fuzzing of the module's parsers with libFuzzer (doc/fuzzing.rst): builds the
# harnesses of fuzz/ with clang, ASan and UBSan in build-fuzz/, then runs each one on a copy of
# its seed corpus (build-fuzz/corpus/<harness>; fuzz/corpus/ is never written) and prints, per
# harness, the executions, exec/s, coverage and corpus size. Exits non-zero on any crash,
# violated invariant, leak, timeout or sanitizer report; the reproducer stays in
# build-fuzz/artifacts/<harness>/ and the whole output in build-fuzz/logs/<harness>.log.
#
#   ./utils/fuzz.sh                    every harness for 60 s
#   ./utils/fuzz.sh 600                every harness for 600 s
#   ./utils/fuzz.sh --runs=10000000    every harness for 10 million executions
#   ./utils/fuzz.sh 30 bencode http-message      only these harnesses
#
# One fuzzer process at a time, one core. CMAKE_BUILD_PARALLEL_LEVEL limits the build's jobs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage()
{
    echo "usage: $0 [SECONDS | --runs=N] [HARNESS ...]" >&2
    exit 2
}

seconds=60
runs=
selected=()
for arg in "$@"; do
    case "$arg" in
        --runs=*) runs=${arg#--runs=} ;;
        -h | --help) usage ;;
        -*) usage ;;
        *[!0-9]*) selected+=("$arg") ;;
        *) seconds=$arg ;;
    esac
done
[ -z "$runs" ] || [[ "$runs" =~ ^[0-9]+$ ]] || usage

# Harness -> the longest input worth trying (-max_len): a few times the largest real input.
declare -A max_len=(
    [bencode]=4096            # tracker responses, small .torrent files
    [torrent-metainfo]=4096   # single-file .torrent files of up to ~200 pieces
    [peer-wire-framer]=4096   # a handshake, a bitfield of 8000 pieces, messages, a few blocks
    [http-message]=4096       # several pipelined heads against limits of 17..271 or 8192 bytes
    [tracker-request]=1024    # an announce query is about 200 bytes
    [tracker-response]=2048   # a compact peer list of 50 peers is 300 bytes
    [line-framer]=1024        # lines against limits of 0..254 bytes
    [quantity-parser]=64      # quantities are short: 24 digits at most, a unit
    [scenario-config]=2048    # the scenario files of scenarios/, without comments, are < 1 KB
)
harnesses=(bencode torrent-metainfo peer-wire-framer http-message tracker-request
    tracker-response line-framer quantity-parser scenario-config)
if [ ${#selected[@]} -gt 0 ]; then
    for h in "${selected[@]}"; do
        [ -n "${max_len[$h]:-}" ] || { echo "unknown harness '$h'; known: ${harnesses[*]}" >&2; exit 2; }
    done
    harnesses=("${selected[@]}")
fi

fd_install_packages
# clang and its fuzzer runtime (libclang_rt.fuzzer, in libclang-rt-14-dev on Debian 12), and
# llvm-symbolizer (package llvm) for readable stacks.
packages=(clang libclang-rt-dev llvm)
fd_install_packages

fuzz_dir=${FUZZ_DIR:-$top/build-fuzz}
if [ ! -f "$fuzz_dir/build.ninja" ]; then
    cmake -S "$top/fuzz" -B "$fuzz_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
cmake --build "$fuzz_dir"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
symbolizer=$(command -v llvm-symbolizer || true)
[ -z "$symbolizer" ] || export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$symbolizer}
if [ -n "$runs" ]; then
    budget=(-runs="$runs")
    echo "[fuzz] $runs executions per harness"
else
    budget=(-max_total_time="$seconds")
    echo "[fuzz] $seconds s per harness"
fi

mkdir -p "$fuzz_dir/logs"
summary=$fuzz_dir/summary.txt
printf '%-18s %12s %8s %7s %8s %14s  %s\n' harness executions exec/s cov ft corpus result \
    | tee "$summary"
status=0
for h in "${harnesses[@]}"; do
    corpus=$fuzz_dir/corpus/$h
    artifacts=$fuzz_dir/artifacts/$h/
    log=$fuzz_dir/logs/$h.log
    mkdir -p "$corpus" "$artifacts"
    # A copy of the seeds; what earlier runs found stays.
    cp -n "$top/fuzz/corpus/$h/"* "$corpus/" 2>/dev/null || true
    before=$(find "$corpus" -type f | wc -l)
    dict=()
    [ ! -f "$top/fuzz/dict/$h.dict" ] || dict=(-dict="$top/fuzz/dict/$h.dict")
    rc=0
    "$fuzz_dir/bin/fuzz-$h" "${budget[@]}" -max_len="${max_len[$h]}" -rss_limit_mb=2048 \
        -timeout=10 -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$artifacts" \
        "${dict[@]}" "$corpus" >"$log" 2>&1 || rc=$?

    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    done_runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    after=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    result=ok
    if [ $rc -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|INVARIANT VIOLATED' "$log"; then
        result="FAILED (exit $rc): $(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z -]+|INVARIANT VIOLATED|runtime error: .{0,60}' "$log" || true)"
        reproducer=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
        [ -z "$reproducer" ] || result+="; reproducer $reproducer"
        status=1
    fi
    printf '%-18s %12s %8s %7s %8s %14s  %s\n' "$h" "${done_runs:-${executions:-?}}" \
        "${speed:-?}" "${cov:-?}" "${ft:-?}" "$before->$after/${bytes}b" "$result" | tee -a "$summary"
done
echo "[fuzz] logs in $fuzz_dir/logs, summary in $summary"
exit $status
