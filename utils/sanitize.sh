#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/
# (Debug, -O1) and runs the whole CTest suite there; any sanitizer report fails its test.
# Extra arguments go to ctest, e.g. ./utils/sanitize.sh -R bencode
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fd_install_packages
sanitize_dir=${SANITIZE_DIR:-$top/build-sanitize}
if [ ! -f "$sanitize_dir/build.ninja" ]; then
    cmake -S "$top" -B "$sanitize_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS="-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
        -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$sanitize_dir"
cd "$sanitize_dir"
# Leaks: ns-3's own singletons and TypeId tables live until exit; report the rest.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec ctest --output-on-failure -j "$(nproc)" "$@"
