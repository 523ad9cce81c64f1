#!/bin/sh
# check-vcases.sh -- the validation cases V1-V14 (tools/vcases.py) and the
# parameter tables (tools/paramdoc.py) against doc/validation.md and
# doc/parameters.md, run by "make check" (environment: abs_top_builddir,
# top_srcdir).  Fails when a row no longer shows what the library computes,
# or says "pass" for a measure outside its band (or "fail" for one inside).
# Skipped (77) without python3, and for a library built with a sanitizer,
# which an uninstrumented python cannot load.
top_srcdir=${top_srcdir:-$(dirname "$0")/../..}
build=${abs_top_builddir:-$(pwd)}
lib=$build/.libs/libcalfpump.so
PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "SKIP: no $PYTHON"
    exit 77
fi
if [ ! -f "$lib" ]; then
    echo "SKIP: no shared library at $lib"
    exit 77
fi
if command -v ldd >/dev/null 2>&1 && ldd "$lib" | grep -q 'lib[at]san\|libubsan'; then
    echo "SKIP: $lib is built with a sanitizer"
    exit 77
fi
export CALFPUMP_LIB="$lib"
rc=0
"$PYTHON" "$top_srcdir/tools/paramdoc.py" --check || rc=1
"$PYTHON" "$top_srcdir/tools/vcases.py" --check || rc=1
exit $rc
