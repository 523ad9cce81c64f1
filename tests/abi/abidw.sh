#!/bin/sh
# abidw.sh SRCDIR BUILDDIR LIB OUT -- write the ABI of BUILDDIR/.libs/LIB.so.0
# as seen through the public headers (SRCDIR/include plus the generated
# BUILDDIR/include/calfpump/version.h) to OUT, in libabigail's XML format.
# The one place that says how the ABI is recorded: update-baseline.sh
# writes the committed baseline with it, abicompare.sh the fresh build's
# ABI, so both sides are recorded alike.
#
#   --exported-interfaces-only  every exported function with its type
#                               (libabigail 2.2 leaves some without it
#                               otherwise)
#   --headers-dir, --drop-private-types
#                               types defined outside include/ (the opaque
#                               handles' structs) are left as declarations
#   --short-locs, --no-comp-dir-path, --no-corpus-path
#                               no build paths in the output
# Exit status: 0 written, 1 error, 77 no debug information in the library.
set -u
LC_ALL=C
export LC_ALL

if [ $# -ne 4 ]; then
    echo "usage: $0 SRCDIR BUILDDIR LIB OUT" >&2
    exit 1
fi
src=$1
build=$2
lib=$3
out=$4
so=$build/.libs/$lib.so.0

if [ ! -f "$so" ]; then
    echo "abidw.sh: $so not found" >&2
    exit 1
fi
# Without DWARF only symbol names are left (check-symbols.sh tests those).
if ! readelf -S "$so" 2>/dev/null | grep -q '\.debug_info'; then
    echo "abidw.sh: $so has no debug information (built without -g)" >&2
    exit 77
fi
hdr=$(mktemp -d "${TMPDIR:-/tmp}/cfp-abihdr.XXXXXX") || exit 1
trap 'rm -rf "$hdr"' EXIT
trap 'exit 1' HUP INT TERM
cp -R "$src/include/." "$hdr/" &&
    cp "$build/include/calfpump/version.h" "$hdr/calfpump/" || exit 1
abidw --exported-interfaces-only --headers-dir "$hdr" --drop-private-types \
    --short-locs --no-comp-dir-path --no-corpus-path --out-file "$out" "$so"
