#!/bin/sh
# abicompare.sh LIB -- compare the ABI of the freshly built LIB.so.0
# (libcalfpump or libcalfpump_cvode) with the committed baseline
# tests/abi/LIB.so.0.abi (the last release's ABI) using abidiff from
# libabigail (package abigail-tools).
#
# Passes when the only differences are added functions or variables (new
# symbol nodes).  Fails on a removed function, a changed signature, or a
# changed public type that an exported function reaches (calfpump_ode,
# calfpump_integrator_options, calfpump_integrator_ops ...).  Types
# defined outside include/ (the opaque handles' structs) are private and
# ignored; so are constants no signature uses (the status codes are ints:
# tests/api/check_api.c pins their values).  Both sides are recorded by
# abidw.sh.  An intended change: see tests/abi/README.
#
# Run by "make check" through check-abi.sh and check-abi-cvode.sh
# (AM_TESTS_ENVIRONMENT exports top_srcdir and top_builddir).
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.
set -u
LC_ALL=C
export LC_ALL

lib=${1:?usage: abicompare.sh LIB}
srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
baseline=$srcdir_top/tests/abi/$lib.so.0.abi
so=$builddir_top/.libs/$lib.so.0

skip() { echo "SKIP: $*"; exit 77; }
command -v abidiff >/dev/null 2>&1 || skip "abidiff not found (install abigail-tools)"
[ -f "$so" ] || skip "$so not found (built with --disable-shared?)"
if [ ! -f "$baseline" ]; then
    echo "abicompare: baseline not found: $baseline" >&2
    exit 99
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfp-abi.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
fresh=$tmp/$lib.so.0.abi
sh "$srcdir_top/tests/abi/abidw.sh" "$srcdir_top" "$builddir_top" "$lib" "$fresh"
rc=$?
[ "$rc" -eq 77 ] && skip "$so has no debug information (CFLAGS without -g): no types to compare"
if [ "$rc" -ne 0 ]; then
    echo "abicompare: abidw failed" >&2
    exit 99
fi

echo "abidiff $baseline $so:"
abidiff "$baseline" "$fresh"
rc=$?
echo "abidiff exit status: $rc (0 none, 4 changes, 8 incompatible changes)"
# Bits 1 and 2: abidiff itself failed.
if [ $((rc & 3)) -ne 0 ]; then
    echo "abicompare: abidiff failed" >&2
    exit 99
fi
[ "$rc" -eq 0 ] && exit 0

# Differences: tolerated only if none is left once additions are ignored.
echo
echo "the same without added symbols:"
abidiff --no-added-syms "$baseline" "$fresh"
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "FAIL: $lib.so.0 changed or removed part of the ABI of $baseline"
    echo "(abidiff exit status $rc).  If this is deliberate, see tests/abi/README."
    exit 1
fi
echo "abicompare: only additions"
exit 0
