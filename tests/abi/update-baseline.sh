#!/bin/sh
# update-baseline.sh -- write the ABI baseline (tests/abi/LIB.so.0.abi) of a
# built libcalfpump and of its CVODE plug-in with abidw (package
# abigail-tools).  Run it at release time on the release's own build
# (configured with the default CFLAGS, which carry -g); see tests/abi/README.
#
# Usage: sh tests/abi/update-baseline.sh SRCDIR BUILDDIR
#   SRCDIR    the source tree of the release (its include/ is the public API)
#   BUILDDIR  its build directory, configured --with-sundials
set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 SRCDIR BUILDDIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
command -v abidw >/dev/null 2>&1 || { echo "$0: abidw not found (install abigail-tools)" >&2; exit 1; }
mkdir -p "$1/tests/abi"
for lib in libcalfpump libcalfpump_cvode; do
    out=$1/tests/abi/$lib.so.0.abi
    sh "$here/abidw.sh" "$1" "$2" "$lib" "$out"
    echo "$0: wrote $out"
done
