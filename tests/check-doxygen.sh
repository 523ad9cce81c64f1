#!/bin/sh
# check-doxygen.sh -- the API reference builds with zero Doxygen warnings
# (every function, parameter, return value, struct member and macro of the
# public headers documented: WARN_IF_UNDOCUMENTED and WARN_NO_PARAMDOC are
# on in Doxyfile.in), and every status code of CALFPUMP_STATUS_LIST is
# documented one by one in the reference.
#
# Runs the Doxyfile configure made, with the output in a temporary
# directory and WARN_AS_ERROR off, so that every warning is listed, not
# only the first.  Skipped (77) when configure found no doxygen.
#
# Run by "make check" (AM_TESTS_ENVIRONMENT exports top_srcdir,
# top_builddir and DOXYGEN).  By hand, from a build directory:
#   DOXYGEN=doxygen top_srcdir=/path/to/src sh /path/to/src/tests/check-doxygen.sh
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.

set -u
LC_ALL=C
export LC_ALL

srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
doxyfile=$builddir_top/Doxyfile
header=$srcdir_top/include/calfpump.h

if [ -z "${DOXYGEN:-}" ]; then
    echo "SKIP: configure did not find doxygen (Debian: apt-get install doxygen)"
    exit 77
fi
if [ ! -f "$doxyfile" ] || [ ! -f "$header" ]; then
    echo "check-doxygen: $doxyfile or $header not found" >&2
    exit 99
fi

tmp=${TMPDIR:-/tmp}/cfp-doxygen.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# Later assignments override earlier ones in a Doxygen configuration.
{
    cat "$doxyfile"
    echo "OUTPUT_DIRECTORY = $tmp/out"
    echo "WARN_AS_ERROR = NO"
    echo "WARN_LOGFILE = $tmp/warnings"
} > "$tmp/Doxyfile"
mkdir "$tmp/out" || exit 99
if ! "$DOXYGEN" "$tmp/Doxyfile" > "$tmp/stdout" 2> "$tmp/stderr"; then
    cat "$tmp/stdout" "$tmp/stderr"
    echo "FAIL: $DOXYGEN exited with status $? (errors above)"
    exit 1
fi
cat "$tmp/stderr" >> "$tmp/warnings"
nwarn=$(grep -c . "$tmp/warnings")
status=0
if [ "$nwarn" -ne 0 ]; then
    echo "FAIL: $nwarn Doxygen warnings:"
    cat "$tmp/warnings"
    status=1
fi

# Every status code, with its own entry and its calfpump_strerror() text (the X-macro expanded by Doxygen,
# see PREDEFINED in Doxyfile.in), in the page of the status group.
page=$tmp/out/html/group__status.html
if [ ! -f "$page" ]; then
    echo "FAIL: $page was not generated"
    exit 1
fi
codes=$(sed -n 's/^ *X(\(CALFPUMP_[A-Z_]*\), *-*[0-9]*,.*/\1/p' "$header")
ncodes=0
for c in $codes; do
    ncodes=$((ncodes + 1))
    # Doxygen gives each documented enumerator an anchor and a
    # "fieldname" cell followed by its "fielddoc".
    if ! grep -q "<td class=\"fieldname\"><a id=\"[^\"]*\" name=\"[^\"]*\"></a>$c&#160;</td><td class=\"fielddoc\"><p *>[^<]*<a [^>]*>calfpump_strerror()</a>: \"" "$page"; then
        echo "FAIL: status code $c is not documented in $page"
        status=1
    fi
done
if [ "$ncodes" -lt 15 ]; then
    echo "FAIL: only $ncodes status codes found in $header"
    status=1
fi
if [ $status -eq 0 ]; then
    echo "PASS: 0 Doxygen warnings; $ncodes status codes documented one by one"
fi
exit $status
