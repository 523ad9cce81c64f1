#!/bin/sh
# check-cvode-symbols.sh -- libcalfpump_cvode.so (the optional SUNDIALS
# CVODE plug-in) must export exactly the CALFPUMP_CVODE_API functions of
# include/calfpump/cvode.h, each once in cvode/libcalfpump_cvode.map and
# each bound to a CALFPUMP_CVODE_* version node; nothing of SUNDIALS or of
# libcalfpump may leak out of it.
#
# Run by "make check" when configure found SUNDIALS (AM_TESTS_ENVIRONMENT
# exports top_srcdir, top_builddir, NM and have_vscript).
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u
LC_ALL=C
export LC_ALL

srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
header=$srcdir_top/include/calfpump/cvode.h
map=$srcdir_top/cvode/libcalfpump_cvode.map
lib=$builddir_top/.libs/libcalfpump_cvode.so

if [ "${have_vscript:-yes}" = no ]; then
    echo "SKIP: library linked without a version script"
    exit 77
fi
if [ ! -f "$lib" ]; then
    echo "SKIP: $lib not found (built with --disable-shared?)"
    exit 77
fi
for f in "$header" "$map"; do
    if [ ! -f "$f" ]; then
        echo "check-cvode-symbols: not found: $f" >&2
        exit 99
    fi
done

tmp=${TMPDIR:-/tmp}/cfp-cvode-symbols.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# Declared: the identifier before '(' on every line naming CALFPUMP_CVODE_API
# (the header keeps each declaration's name on that line).
grep -v '^[[:space:]]*#' "$header" | grep 'CALFPUMP_CVODE_API' |
    sed -n 's/.*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\)[[:space:]]*(.*/\1/p' |
    sort > "$tmp/declared"
# Listed: names in the map's global: sections.
sed 's:/\*.*\*/::; /\/\*/,/\*\//d' "$map" |
    awk '/global:/ { g = 1; next } /local:/ { g = 0; next } /}/ { g = 0 }
         g { gsub(/[ \t;]/, ""); if ($0 != "") print }' | sort > "$tmp/listed"

# shellcheck disable=SC2086
if ! ${NM:-nm} -D --defined-only --with-symbol-versions "$lib" > "$tmp/nm.out" 2> "$tmp/nm.err"; then
    cat "$tmp/nm.err" >&2
    exit 99
fi
awk 'NF >= 2 && $(NF-1) != "A" { print $NF }' "$tmp/nm.out" | sort -u > "$tmp/actual"

status=0
if [ ! -s "$tmp/declared" ]; then
    echo "check-cvode-symbols: no CALFPUMP_CVODE_API declarations in $header" >&2
    exit 99
fi
if ! diff -u "$tmp/declared" "$tmp/listed" > "$tmp/diff1"; then
    echo "FAIL: $header and $map disagree (--- header, +++ map):"
    cat "$tmp/diff1"
    status=1
fi
# Later nodes would be CALFPUMP_CVODE_0.2 ...; compare the names and check
# the node prefix separately.
sed 's/@.*//' "$tmp/actual" > "$tmp/actual.names"
if ! diff -u "$tmp/declared" "$tmp/actual.names" > "$tmp/diff2"; then
    echo "FAIL: exported symbols of $lib differ from the header (--- header, +++ library):"
    cat "$tmp/diff2"
    status=1
fi
bad=$(grep -v '@@*CALFPUMP_CVODE_[0-9]' "$tmp/actual")
if [ -n "$bad" ]; then
    echo "FAIL: exported symbols without a CALFPUMP_CVODE_* version node:"
    echo "$bad" | sed 's/^/  /'
    status=1
fi
if [ $status -eq 0 ]; then
    echo "PASS: $(wc -l < "$tmp/actual" | tr -d ' ') exported symbols of libcalfpump_cvode.so:"
    sed 's/^/  /' "$tmp/actual"
fi
exit $status
