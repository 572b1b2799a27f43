#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by utils/demo.sh and utils/test.sh: install what the standalone build needs (Debian 12
# packages, only those missing), then configure and build incrementally in ./build.

set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$top/build}

# Package -> why. Debian 12 (bookworm). Debian's ns-3 CMake package (ns3Targets.cmake) refers
# to files that libns3-dev does not pull in; without them CMake's generate step fails
# ("includes non-existent path") or linking does. The test "package-list"
# (test/check-package-list.sh) fails when this list misses one of them.
packages=(
    libns3-dev                         # ns-3.37 headers, libraries and its CMake package
    ns3                                # /usr/libexec/ns3/ns3.37-*-creator, imported executables
    libgsl-dev                         # libgsl.so, libgslcblas.so in ns-3's link interface
    libxml2-dev                        # /usr/include/libxml2 and libxml2.so (ns-3's config-store)
    libpython3.11-dev                  # /usr/include/python3.11 in every ns-3 target's includes
    libsqlite3-dev                     # libsqlite3.so in ns-3's link interface (stats)
    libboost-program-options-dev       # the scenario runner
    libssl-dev                         # SHA-1 of the torrent info dictionary (libcrypto)
    cmake ninja-build g++              # the build
    tshark                             # tests that decode the module's pcaps like Wireshark
    mktorrent transmission-cli         # tests with .torrent files made by real tools
)

# Installs the packages above, or those given as arguments (tools of one script), if missing.
fd_install_packages()
{
    local wanted=("${packages[@]}")
    [ $# -eq 0 ] || wanted=("$@")
    local missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "[file-distribution] installing: ${missing[*]}"
    local sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    # tshark asks whether non-root users may capture: answer for it.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
        || { $sudo apt-get update -q >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || { echo "[file-distribution] could not install: ${missing[*]}" >&2; exit 1; }
}

fd_build()
{
    if [ ! -f "$build_dir/build.ninja" ]; then
        cmake -S "$top" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    fi
    cmake --build "$build_dir" "$@"
}
