#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The module's main demonstration: installs what it needs, builds, and runs it.
# Extra arguments go to the example, e.g. ./utils/demo.sh --protocol=udp --loss=0.2
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fd_install_packages
fd_build --target uppercase-echo >/dev/null
exec "$build_dir/bin/uppercase-echo" --protocol=tcp --clients=3 "$@"
