#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by utils/demo.sh and utils/test.sh: install what the standalone build needs (Debian 12
# packages, only those missing), then configure and build incrementally in ./build.

set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$top/build}

# Package -> why. ns3Targets.cmake also refers to files of 'ns3' and 'libgsl-dev'.
packages=(
    libns3-dev ns3 libgsl-dev          # ns-3.37 headers, libraries and its CMake package
    libboost-program-options-dev       # the scenario runner
    libssl-dev                         # SHA-1 of the torrent info dictionary (libcrypto)
    cmake ninja-build g++              # the build
    tshark                             # tests that decode the module's pcaps like Wireshark
    mktorrent transmission-cli         # tests with .torrent files made by real tools
)

fd_install_packages()
{
    local missing=()
    for p in "${packages[@]}"; do
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
