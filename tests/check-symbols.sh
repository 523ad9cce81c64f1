#!/bin/sh
# check-symbols.sh -- the dynamic symbols libcalfpump.so exports must be
# exactly tests/symbols.manifest (one "name@@VERSION" per line, sorted;
# '#' comments and blank lines ignored), and every exported symbol must
# carry the calfpump_ prefix.
#
# Run by "make check" (AM_TESTS_ENVIRONMENT exports top_srcdir,
# top_builddir, NM and have_vscript).  By hand, from a build directory:
#   top_srcdir=/path/to/src sh /path/to/src/tests/check-symbols.sh
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u
LC_ALL=C
export LC_ALL

srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
manifest=$srcdir_top/tests/symbols.manifest
lib=$builddir_top/.libs/libcalfpump.so

if [ "${have_vscript:-yes}" = no ]; then
    echo "SKIP: library linked without a version script (--disable-version-script or unsupported linker)"
    exit 77
fi
if [ ! -f "$lib" ]; then
    echo "SKIP: $lib not found (built with --disable-shared?)"
    exit 77
fi
if [ ! -f "$manifest" ]; then
    echo "check-symbols: manifest not found: $manifest" >&2
    exit 99
fi

# NM from libtool may carry options ("nm -B"); use it unquoted.
nm_cmd=${NM:-nm}
tmp=${TMPDIR:-/tmp}/cfp-symbols.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# shellcheck disable=SC2086
if ! $nm_cmd -D --defined-only --with-symbol-versions "$lib" > "$tmp/nm.out" 2> "$tmp/nm.err"; then
    cat "$tmp/nm.err" >&2
    echo "check-symbols: '$nm_cmd -D --defined-only --with-symbol-versions' failed (binutils >= 2.35 needed)" >&2
    exit 99
fi

# BSD format: [VALUE] TYPE NAME.  Type A entries are the version nodes
# themselves (e.g. "CALFPUMP_0.1"), not symbols.
awk 'NF >= 2 && $(NF-1) != "A" { print $NF }' "$tmp/nm.out" | sort -u > "$tmp/actual"
grep -v '^[[:space:]]*#' "$manifest" | sed 's/[[:space:]]*$//' | grep -v '^$' | sort -u > "$tmp/expected"

status=0
noprefix=$(grep -v '^calfpump_' "$tmp/actual")
if [ -n "$noprefix" ]; then
    echo "FAIL: exported symbols without the calfpump_ prefix:"
    echo "$noprefix" | sed 's/^/  /'
    status=1
fi
unversioned=$(grep -v '@@*[A-Za-z_]' "$tmp/actual")
if [ -n "$unversioned" ]; then
    echo "FAIL: exported symbols without a version node:"
    echo "$unversioned" | sed 's/^/  /'
    status=1
fi
if ! diff -u "$tmp/expected" "$tmp/actual" > "$tmp/diff"; then
    echo "FAIL: exported symbols differ from $manifest"
    echo "(--- manifest, +++ $lib)"
    cat "$tmp/diff"
    echo "If the change is intended: update libcalfpump/libcalfpump.map (new node),"
    echo "tests/symbols.manifest, the libtool version in configure.ac and NEWS."
    status=1
fi
if [ $status -eq 0 ]; then
    echo "PASS: $(wc -l < "$tmp/actual" | tr -d ' ') exported symbols match $manifest"
fi
exit $status
