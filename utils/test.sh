#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds everything (library, examples, tests) and runs every test suite and example check
# with CTest. Extra arguments go to ctest, e.g. ./utils/test.sh -R bencode
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fd_install_packages
fd_build
cd "$build_dir"
exec ctest --output-on-failure -j "$(nproc)" "$@"
