#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fidelity grid (doc/bittorrent-fidelity.rst): every cell run by real libtorrent in
# network namespaces (../shared/tools/real-swarm/, root only, an idle machine) and by
# bittorrent-swarm, 3 runs each; prints the table and writes build/validate-real/table-MODE.rst
# (--choking=tft, the default: 4 + 1 slots on both sides; --choking=all: everyone unchoked).
# Not part of CI: the real side takes about 30 minutes of wall-clock time.
#   sudo ./utils/validate-real.sh                       # the whole grid
#   ./utils/validate-real.sh --cells=seed60 --runs=3     # one cell
#   ./utils/validate-real.sh --sim-only                  # re-run the simulator against the real CSVs kept
#   sudo ./utils/validate-real.sh --real-only --cells=n100-seed60,n100-seed30   # N = 100, real side
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fd_install_packages
if [[ " $* " != *" --sim-only "* ]]; then
    if [[ $EUID -ne 0 ]]; then
        echo "validate-real.sh: the real swarm needs root (network namespaces); or pass --sim-only" >&2
        exit 2
    fi
    apt-get install -y python3-libtorrent opentracker ethtool iproute2 iptables >/dev/null
fi
fd_build --target bittorrent-swarm >/dev/null
exec python3 "$(dirname "${BASH_SOURCE[0]}")/validate-real.py" "$@"
