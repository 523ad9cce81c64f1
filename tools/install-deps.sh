#!/usr/bin/env bash
# install-deps.sh -- install (Debian/Ubuntu, apt-get) what libcalfpump needs
# to bootstrap, build and run its tests.  Non-interactive; runs as root, or
# through sudo when not root.
#
# Required: build-essential autoconf automake libtool pkg-config check
#           libsundials-dev (the CVODE plug-in; tools/test-all.sh builds
#           and tests it -- the library itself also builds without it,
#           configure --without-sundials)
#           python3 python3-numpy python3-pytest (the Python binding's
#           tests, bindings/python; the binding itself needs only numpy)
#           r-base-dev r-cran-tinytest r-cran-knitr r-cran-markdown (the R
#           package in bindings/R/calfpump: tools/test-all.sh runs R CMD
#           build and R CMD check on it; the library does not need them)
# Optional: mandoc (man page lint), doxygen (the HTML API reference, "make
#           doc", and its zero-warning test), python3-cffi (checks that the
#           Python binding's declarations are a valid cffi cdef),
#           python3-pandas and python3-matplotlib (its to_pandas() and
#           example figure), abigail-tools (the ABI check of make check:
#           tests/abi/), dpkg-dev debhelper fakeroot lintian dh-r
#           dh-python pybuild-plugin-pyproject python3-all
#           python3-setuptools (the Debian packages of the library, the
#           bindings and the HTML reference: packaging/build-deb.sh,
#           which skips without them), clang and libclang-rt-dev
#           (libFuzzer: the fuzzing stage of tools/test-all.sh),
#           python3-scipy (the SciPy reference of "make bench",
#           bench/scipy_ref.py, and tools/calibrate.py), libopenmpi-dev
#           and openmpi-bin (calfpump-mpi and its 2-rank test); failure to
#           install them is only a warning.
#
# Set CALFPUMP_SKIP_DEPS=1 to skip this step (offline machine that already
# has everything).
set -euo pipefail

REQUIRED=(build-essential autoconf automake libtool pkg-config check libsundials-dev
          python3 python3-numpy python3-pytest
          r-base-dev r-cran-tinytest r-cran-knitr r-cran-markdown)
OPTIONAL=(mandoc doxygen python3-cffi python3-pandas python3-matplotlib abigail-tools dpkg-dev
          debhelper fakeroot lintian dh-r dh-python pybuild-plugin-pyproject python3-all
          python3-setuptools clang libclang-rt-dev python3-scipy
          libopenmpi-dev openmpi-bin)

log() { printf 'install-deps: %s\n' "$*"; }

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

if [ "${CALFPUMP_SKIP_DEPS:-0}" = 1 ]; then
    log "CALFPUMP_SKIP_DEPS=1: skipped"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found: install by hand: ${REQUIRED[*]} (optional: ${OPTIONAL[*]})" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    missing=()
    for p in "${REQUIRED[@]}"; do installed "$p" || missing+=("$p"); done
    if [ ${#missing[@]} -eq 0 ]; then
        log "not root and no sudo, but all required packages are installed"
        exit 0
    fi
    log "not root and sudo not found; missing: ${missing[*]}" >&2
    exit 1
fi

apt() {
    ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get \
        -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}

log "apt-get update"
apt update
log "installing: ${REQUIRED[*]}"
apt install --no-install-recommends "${REQUIRED[@]}"
for p in "${OPTIONAL[@]}"; do
    if installed "$p"; then
        continue
    fi
    log "installing optional: $p"
    apt install --no-install-recommends "$p" || log "warning: optional package $p not installed"
done
log "done"
