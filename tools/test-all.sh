#!/usr/bin/env bash
# test-all.sh -- README command 2: install the dependencies and run every
# test configuration:
#   (a) VPATH build in _build/normal + make check, with the SUNDIALS CVODE
#       plug-in (configure --with-sundials: fails if SUNDIALS is missing)
#   (a2) the same without SUNDIALS, threads and MPI (--without-sundials
#       --disable-threads --without-mpi) in _build/nosundials + make check
#       (no sanitizer run for this variant)
#   (b) AddressSanitizer + UndefinedBehaviorSanitizer build in _build/asan
#       (with SUNDIALS, without MPI) + make check
#   (c) make distcheck in _build/normal
#   (d) the R package bindings/R/calfpump: R CMD build and R CMD check
#       against the library of (a), installed with make install
#       DESTDIR=_build/r/dest (found with pkg-config through
#       PKG_CONFIG_PATH and PKG_CONFIG_SYSROOT_DIR); offline
#   (e) when clang links libFuzzer (optional: clang, libclang-rt-dev): a
#       clang ASan+UBSan build in _build/fuzz and a short run of each fuzz
#       target (tests/fuzz/; FUZZ_SECONDS each, default 60; 0 skips)
#   (f) the Python binding's tests (pytest, bindings/python/run-tests.sh)
#       against the library of _build/normal
#   (g) the Debian packages of packaging/debian/ (the library, -dev, -doc,
#       the tool, python3-calfpump, r-other-calfpump), built from the make
#       dist tarball, tried and checked with lintian --pedantic
#       (packaging/build-deb.sh, in _build/normal/deb; skipped when
#       dpkg-dev, debhelper, fakeroot, lintian or a build dependency of
#       packaging/debian/control is missing)
# On failure the test logs are printed and the exit status is non-zero.
# The last line is the summary "N passed, M failed" (test results of the
# three make check runs and of pytest, and the R package's check as one; a
# stage that fails without a failing test counts as one failure).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JOBS=${JOBS:-2}

bash tools/install-deps.sh
sh autogen.sh

# A VPATH configure refuses a source tree that is configured in place
# (e.g. by tools/run-default.sh).
if [ -f config.status ]; then
    echo "test-all: source tree is configured in place; running 'make distclean' there first"
    make distclean >/dev/null || rm -f config.status
fi

passed=0
failed=0
failed_stages=()

# Print the harness logs under directory $1: the summary, then the log of
# every test that did not pass.
show_logs() {
    local dir=$1 f
    [ -d "$dir" ] || return 0
    while IFS= read -r f; do
        echo "======== $f"
        cat "$f"
    done < <(find "$dir" -name test-suite.log -type f 2>/dev/null | sort)
    while IFS= read -r f; do
        if grep -Eq '^:test-result: (FAIL|ERROR|XPASS)' "$f"; then
            echo "======== ${f%.trs}.log"
            cat "${f%.trs}.log" 2>/dev/null || true
        fi
    done < <(find "$dir" -name '*.trs' -type f 2>/dev/null | sort)
}

# count_results LOGFILE: add the harness's PASS/FAIL lines to the totals.
count_results() {
    local p f
    p=$(grep -Ec '^PASS: ' "$1" || true)
    f=$(grep -Ec '^(FAIL|ERROR|XPASS): ' "$1" || true)
    passed=$((passed + p))
    failed=$((failed + f))
    echo "test-all: $2: $p passed, $f failed"
    [ "$f" -eq 0 ]
}

stage_failed() {
    local name=$1 counted=$2
    failed_stages+=("$name")
    if [ "$counted" = no ]; then
        failed=$((failed + 1))
    fi
    echo "test-all: stage '$name' FAILED"
}

# build_and_check NAME DIR [configure args...]
build_and_check() {
    local name=$1 dir=$2 log
    shift 2
    log=$ROOT/_build/$name-check.out
    echo "==================== $name: configure + make + make check in $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! (cd "$dir" && "$ROOT/configure" "$@"); then
        [ -f "$dir/config.log" ] && tail -n 60 "$dir/config.log"
        stage_failed "$name (configure)" no
        return 1
    fi
    if ! (cd "$dir" && make -j"$JOBS"); then
        stage_failed "$name (make)" no
        return 1
    fi
    local rc=0
    (cd "$dir" && make -j"$JOBS" check) 2>&1 | tee "$log" || rc=$?
    if ! count_results "$log" "$name"; then
        show_logs "$dir"
        stage_failed "$name (make check)" yes
        return 1
    fi
    if [ "$rc" -ne 0 ]; then
        show_logs "$dir"
        stage_failed "$name (make check)" no
        return 1
    fi
    return 0
}

mkdir -p _build
normal_ok=yes

# (a) normal build, with the CVODE plug-in
build_and_check normal "$ROOT/_build/normal" --with-sundials || normal_ok=no

# (a2) the build without SUNDIALS must work too, and without threads and
# MPI (batches then run on the calling thread)
build_and_check nosundials "$ROOT/_build/nosundials" --without-sundials --disable-threads \
    --without-mpi || true

# (b) sanitizer build.  The flags go to the library, the programs and the
# libtool links alike, so the sanitizer runtimes are linked everywhere.
SAN="-fsanitize=address,undefined"
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# (OpenMPI's own allocations would be reported as leaks: no calfpump-mpi here.)
build_and_check asan "$ROOT/_build/asan" --with-sundials --without-mpi \
    CFLAGS="-O1 -g $SAN -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    LDFLAGS="$SAN" || true
unset ASAN_OPTIONS UBSAN_OPTIONS

# (d) the R package against the freshly built library
r_stage() {
    local dir=$ROOT/_build/r pc log
    echo "==================== R package: R CMD build + R CMD check in $dir"
    if ! command -v R >/dev/null 2>&1; then
        echo "test-all: R not found (tools/install-deps.sh installs r-base-dev)"
        return 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir/check"
    (cd _build/normal && make install DESTDIR="$dir/dest" >"$dir/install.log") || return 1
    pc=$(find "$dir/dest" -name calfpump.pc | head -n 1)
    log=$dir/check/calfpump.Rcheck/00check.log
    # Offline: R CMD check reads the package index of the repository in
    # option "repos" (Debian's Rprofile.site sets CRAN); give it an empty
    # local one.
    mkdir -p "$dir/repo/src/contrib"
    : >"$dir/repo/src/contrib/PACKAGES"
    echo "options(repos = c(CRAN = 'file://$dir/repo'))" >"$dir/Rprofile"
    (
        cd "$dir/check"
        export R_PROFILE_USER="$dir/Rprofile"
        export PKG_CONFIG_PATH="${pc%/*}" PKG_CONFIG_SYSROOT_DIR="$dir/dest"
        export CALFPUMP_CLI="$ROOT/_build/normal/src/calfpump"
        export _R_CHECK_CRAN_INCOMING_=false _R_CHECK_CRAN_INCOMING_REMOTE_=false
        export _R_CHECK_FORCE_SUGGESTS_=true
        R CMD build "$ROOT/bindings/R/calfpump" && R CMD check --no-manual calfpump_*.tar.gz
    ) || true
    if ! grep -q "^Status: OK" "$log" 2>/dev/null; then
        cat "$log" 2>/dev/null || true
        cat "$dir"/check/calfpump.Rcheck/tests/*.Rout.fail 2>/dev/null || true
        return 1
    fi
    grep -h "^All ok" "$dir/check/calfpump.Rcheck/tests/tinytest.Rout" || true
}
if [ "$normal_ok" = yes ]; then
    if r_stage; then
        passed=$((passed + 1))
        echo "test-all: R package: R CMD check Status: OK"
    else
        stage_failed "R package" no
    fi
else
    echo "test-all: skipping the R package: the normal build failed"
    stage_failed "R package (skipped)" no
fi

# (e) fuzzing.  Before distcheck, which is the slowest stage.
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
fuzz_probe() {
    local d
    d=$(mktemp -d)
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return n > 0 && d[0]; }' \
        >"$d/probe.c"
    clang -fsanitize=fuzzer "$d/probe.c" -o "$d/probe" >/dev/null 2>&1
    local rc=$?
    rm -rf "$d"
    return $rc
}
if [ "$FUZZ_SECONDS" = 0 ]; then
    echo "test-all: fuzzing skipped (FUZZ_SECONDS=0)"
elif ! command -v clang >/dev/null 2>&1 || ! fuzz_probe; then
    echo "test-all: fuzzing skipped: clang with libFuzzer not found (Debian: clang libclang-rt-dev)"
else
    echo "==================== fuzz: clang ASan+UBSan build in _build/fuzz, $FUZZ_SECONDS s per target"
    rm -rf _build/fuzz
    mkdir -p _build/fuzz
    if ! (cd _build/fuzz && "$ROOT/configure" -q --without-sundials CC=clang \
            CFLAGS="-O1 -g $SAN -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
            LDFLAGS="$SAN" && make -j"$JOBS" fuzz); then
        stage_failed "fuzz (build)" no
    elif ! (cd _build/fuzz && make fuzz-run FUZZ_SECONDS="$FUZZ_SECONDS"); then
        stage_failed "fuzz (a fuzz target failed: _build/fuzz/fuzz-out/)" no
    fi
fi

# (c) distcheck
if [ "$normal_ok" = yes ]; then
    echo "==================== distcheck in _build/normal"
    if ! (cd _build/normal && make -j"$JOBS" distcheck); then
        show_logs "$ROOT/_build/normal"
        stage_failed "distcheck" no
    fi
else
    echo "test-all: skipping distcheck: the normal build failed"
    stage_failed "distcheck (skipped)" no
fi

# (f) the Python binding, against the freshly built library (not an
# installed one).  pytest's "no tests collected" is a failure.
if [ "$normal_ok" = yes ]; then
    echo "==================== python: bindings/python tests against _build/normal"
    log=$ROOT/_build/python-check.out
    rc=0
    bash bindings/python/run-tests.sh _build/normal 2>&1 | tee "$log" || rc=$?
    # pytest's last line: "3 failed, 80 passed, 1 skipped in 30.1s"
    summary=$(tail -n 3 "$log" | grep -E '[0-9]+ (passed|failed|error)' | tail -n 1 || true)
    count() { awk -v w="$1" '{ for (i = 2; i <= NF; i++) if ($i ~ "^(" w ")") s += $(i - 1) }
                            END { print s + 0 }' <<<"$summary"; }
    p=$(count passed)
    f=$(count 'failed|error')
    passed=$((passed + p))
    failed=$((failed + f))
    echo "test-all: python: $p passed, $f failed"
    if [ "$rc" -ne 0 ]; then
        if [ "$f" -gt 0 ]; then stage_failed python yes; else stage_failed python no; fi
    fi
else
    echo "test-all: skipping the Python tests: the normal build failed"
    stage_failed "python (skipped)" no
fi

# (g) Debian packages
if [ "$normal_ok" = yes ]; then
    echo "==================== Debian packages (packaging/build-deb.sh) in _build/normal/deb"
    deb_start=$(date +%s)
    deb_rc=0
    sh packaging/build-deb.sh _build/normal || deb_rc=$?
    echo "test-all: Debian packages: $(( $(date +%s) - deb_start )) s"
    if [ "$deb_rc" -eq 77 ]; then
        echo "test-all: Debian packages skipped (tools missing)"
    elif [ "$deb_rc" -ne 0 ]; then
        stage_failed "Debian packages" no
    fi
else
    echo "test-all: skipping the Debian packages: the normal build failed"
    stage_failed "Debian packages (skipped)" no
fi

echo
if [ ${#failed_stages[@]} -gt 0 ]; then
    echo "test-all: FAILED stages: ${failed_stages[*]}"
fi
echo "$passed passed, $failed failed"
[ ${#failed_stages[@]} -eq 0 ] && [ "$failed" -eq 0 ]
