#!/usr/bin/env bash
# run-tests.sh -- run the Python binding's tests against a libcalfpump build
# tree (not an installed library):
#     bash bindings/python/run-tests.sh BUILDDIR [PYTEST-ARGS...]
# e.g. bash bindings/python/run-tests.sh _build/normal
#
# The tests load BUILDDIR/.libs/libcalfpump.so.0 (and the CVODE plug-in next
# to it, if built), read data/default-leg.cfp from the source tree, and
# compare their numbers with BUILDDIR/src/calfpump.  Strict mode: a test
# that lacks one of these fails instead of being skipped.  The interpreter
# is $PYTHON, else the first of /usr/bin/python3 (Debian's, where apt-get
# installs python3-numpy and python3-pytest) and python3 that can import
# numpy and pytest.  pytest's status is the script's, except that "no tests
# collected" (5) is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: run-tests.sh BUILDDIR [PYTEST-ARGS...]}" && pwd)
shift

lib=$build/.libs/libcalfpump.so.0
if [ ! -f "$lib" ]; then
    echo "run-tests: $lib not found: build the library first" >&2
    exit 2
fi

py=
for cand in ${PYTHON:-/usr/bin/python3 python3}; do
    if command -v "$cand" >/dev/null 2>&1 &&
       "$cand" -c 'import numpy, pytest' >/dev/null 2>&1; then
        py=$cand
        break
    fi
done
if [ -z "$py" ]; then
    echo "run-tests: no Python 3 with numpy and pytest (apt-get install python3-numpy" \
         "python3-pytest, or set PYTHON)" >&2
    exit 2
fi

export CALFPUMP_LIBRARY=$lib
export CALFPUMP_DATA_DIR=$root/data
export CALFPUMP_CLI=$build/src/calfpump
export CALFPUMP_SOURCE_DIR=$root
export CALFPUMP_TEST_STRICT=1
export PYTHONDONTWRITEBYTECODE=1
unset CALFPUMP_CVODE_LIBRARY
if [ -f "$build/.libs/libcalfpump_cvode.so.0" ]; then
    export CALFPUMP_CVODE_LIBRARY=$build/.libs/libcalfpump_cvode.so.0
fi

echo "run-tests: $("$py" --version) with $lib"
rc=0
"$py" -m pytest -p no:cacheprovider -rs "$here/tests" "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    echo "run-tests: pytest collected no tests: that is a failure" >&2
    exit 1
fi
exit "$rc"
