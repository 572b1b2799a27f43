#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The module's main demonstration: installs what it needs, builds, and runs it.
# client-server and BitTorrent side by side on one access network, each against its bound.
# Extra arguments go to the example, e.g. ./utils/demo.sh --hosts=40 --file-size=8MB
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fd_install_packages
fd_build --target distribution-comparison >/dev/null
exec "$build_dir/bin/distribution-comparison" "$@"
