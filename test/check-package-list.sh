#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks that utils/common.sh installs every Debian package that ns-3's installed CMake package
# refers to. Debian's ns3Targets.cmake puts /usr/include/libxml2 and /usr/include/python3.11 in
# every target's include directories and links libxml2.so, libsqlite3.so and libgsl.so, but
# libns3-dev does not depend on their -dev packages: a system without them fails at CMake's
# generate step ("includes non-existent path"). A machine that happens to have them hides that,
# so this check reads the file instead of trusting the machine.
#
#   test/check-package-list.sh NS3_CMAKE_DIR                 (CTest: the test "package-list")
#   test/check-package-list.sh NS3_CMAKE_DIR --expect-missing "PKG..."
#
# Every absolute path in NS3_CMAKE_DIR/ns3Targets*.cmake (include directories, libraries,
# executables) must be owned (dpkg -S) by a package in utils/common.sh's list or by a direct
# dependency of one (libns3-dev brings libns3.37). It prints each path and its owner, and exits
# non-zero naming every package missing from the list and every path no package provides.
# --expect-missing checks the checker: it drops PKG... from the list and passes only if exactly
# those packages are then reported missing (CTest: "package-list-detects-drift").

set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 <ns-3 CMake package directory> [--expect-missing \"PKG...\"]" >&2
    exit 2
fi
cmake_dir=$1
expect_missing=
if [ $# -ge 2 ]; then
    [ "$2" = --expect-missing ] && [ $# -eq 3 ] || {
        echo "check-package-list: unknown arguments: ${*:2} (allowed: --expect-missing \"PKG...\")" >&2
        exit 2
    }
    expect_missing=$3
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "check-package-list: SKIP: not a Debian system (no dpkg-query)"
    exit 77
fi

# The list, as utils/common.sh declares it (sourcing it only defines variables and functions).
# shellcheck source=../utils/common.sh
source "$here/../utils/common.sh" || exit 1
set +e
declare -A listed=()
for p in "${packages[@]}"; do listed[$p]=1; done
for p in $expect_missing; do unset "listed[$p]"; done

shopt -s nullglob
files=("$cmake_dir"/ns3Targets*.cmake)
if [ ${#files[@]} -eq 0 ]; then
    echo "check-package-list: FAIL: no ns3Targets*.cmake in $cmake_dir" >&2
    exit 1
fi
# ns3Targets.cmake computes _IMPORT_PREFIX as four levels above its own directory.
prefix=$(cd "$cmake_dir/../../../.." && pwd)

# Absolute paths in the files' quoted values, which are ';'-separated lists.
paths=$(grep -ohE '"[^"]*"' "${files[@]}" | tr -d '"' | tr ';' '\n' \
    | sed "s|\${_IMPORT_PREFIX}|$prefix|" | grep -E '^/[^ $<>*]+$' | sort -u)

# One dpkg-query for all paths ("pkg1, pkg2:arch: /path" per line), then the source package of
# every owner once: a query per path takes a second or more.
declare -A owners_of=()
while IFS= read -r line; do
    case "$line" in diversion*) continue ;; esac
    path=${line##*: }
    pkgs=$(echo "${line%: *}" | tr -d ',' | tr ' ' '\n' | sed 's/:.*//')
    owners_of[$path]="${owners_of[$path]:-} $pkgs"
done < <(dpkg-query -S $paths 2>/dev/null)
# A listed package's direct dependencies are installed with it (libns3-dev brings libns3.37).
declare -A pulled=()
for dep in $(dpkg-query -W -f='${Depends}, ' "${!listed[@]}" 2>/dev/null | tr ',|' '\n\n' \
    | sed 's/(.*//; s/:any//' | tr -d ' '); do
    pulled[$dep]=1
done

declare -A missing=()
unprovided=()
own=0
for path in $paths; do
    owners=$(echo ${owners_of[$path]:-} | tr ' ' '\n' | sort -u)
    if [ -z "$owners" ]; then
        unprovided+=("$path")
        continue
    fi
    ok=
    for o in $owners; do
        if [ -n "${listed[$o]:-}" ]; then
            ok=$o
            echo "  $path: $o"
            break
        elif [ -n "${pulled[$o]:-}" ]; then
            ok=$o
            own=$((own + 1))
            break
        fi
    done
    if [ -z "$ok" ]; then
        echo "  $path: $(echo $owners) (not in utils/common.sh)"
        for o in $owners; do missing[$o]=1; done
    fi
done

found=$(printf '%s\n' "${!missing[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')
if [ -n "$expect_missing" ]; then
    want=$(printf '%s\n' $expect_missing | sort | tr '\n' ' ' | sed 's/ $//')
    if [ "$found" = "$want" ] && [ ${#unprovided[@]} -eq 0 ]; then
        echo "check-package-list: PASS: without $want the check reports exactly those missing"
        exit 0
    fi
    echo "check-package-list: FAIL: without '$want' the check reported '$found' missing" >&2
    exit 1
fi

echo "  (and $own files of packages the listed ones depend on, such as libns3.37)"
status=0
if [ -n "$found" ]; then
    echo "check-package-list: FAIL: ns-3's CMake package refers to files of packages that" \
        "utils/common.sh does not install: $found" >&2
    status=1
fi
for path in "${unprovided[@]}"; do
    echo "check-package-list: FAIL: $path (in $cmake_dir) is not installed: add the Debian" \
        "package that provides it to utils/common.sh" >&2
    status=1
done
[ $status -eq 0 ] && echo "check-package-list: PASS: utils/common.sh installs every package" \
    "ns-3's CMake package refers to (${#listed[@]} listed)"
exit $status
