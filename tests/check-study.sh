#!/bin/sh
# check-study.sh -- the many-simulation commands of calfpump: cohort,
# sensitivity and fit (and calfpump-mpi with 2 ranks when it is built and
# MPIEXEC is set), run by "make check".  Small runs: a few seconds each.
# Exit status: 0 pass, 1 fail, 77 skip (automake harness codes).

top_builddir=${top_builddir:-.}
CLI=$top_builddir/src/calfpump${EXEEXT:-}
MPI_CLI=$top_builddir/src/calfpump-mpi${EXEEXT:-}

tmp=${TMPDIR:-/tmp}/check-study.$$
rm -rf "$tmp"
mkdir "$tmp" || { echo "FAIL: cannot create $tmp"; exit 1; }
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT PIPE TERM

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() {
    n=$((n + 1))
    echo "FAIL $n - $1"
    for f in "$tmp/out" "$tmp/err"; do
        [ -s "$f" ] && { echo "---- ${f##*/}:"; sed -n '1,30p' "$f"; }
    done
    exit 1
}
cli() { rc=0; "$CLI" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?; }
# expect_usage DESCRIPTION WORD ARGS...: exit 2, WORD in the message.
expect_usage() {
    what=$1 word=$2
    shift 2
    cli "$@"
    [ "$rc" -eq 2 ] || fail "$what: exit status $rc, expected 2"
    grep -q -e "$word" "$tmp/err" || fail "$what: the message does not mention '$word'"
    ok "$what ($(sed -n 1p "$tmp/err"))"
}

VARY="--vary calf_strength=uniform(0.5,1.5) --vary valve.calf_perforator.competence=uniform(0.2,1)"
OUTS="--outputs avp.fall,avp.exercise"

# --- cohort: a table row per leg, the same for any thread count
# shellcheck disable=SC2086
cli cohort -n 6 --seed 7 $VARY $OUTS --threads 1 --out "$tmp/c1.tsv" --cutoff 'avp.fall<60'
[ "$rc" -eq 0 ] || fail "cohort: exit status $rc"
[ "$(wc -l < "$tmp/c1.tsv")" -eq 7 ] || fail "cohort: 6 legs give 7 lines"
head -1 "$tmp/c1.tsv" | grep -q "^leg	calf_strength	valve.calf_perforator.competence	avp.fall	avp.exercise	status$" ||
    fail "cohort: header"
grep -q "^avp.fall  *6 " "$tmp/out" || fail "cohort: the summary counts 6 legs for avp.fall"
grep -q "^avp.fall<60: [0-6] of 6 legs" "$tmp/out" || fail "cohort: the cut-off line"
[ "$(cut -f6 "$tmp/c1.tsv" | sort -u | tr '\n' ' ')" = "ok status " ] || fail "cohort: all legs ok"
ok "cohort: 6 legs, table, summary and cut-off"
# shellcheck disable=SC2086
cli cohort -n 6 --seed 7 $VARY $OUTS --threads 2 --out "$tmp/c2.tsv"
cmp -s "$tmp/c1.tsv" "$tmp/c2.tsv" || fail "cohort: 2 threads differ from 1"
ok "cohort: bit-identical with 2 threads"
# shellcheck disable=SC2086
cli cohort -n 6 --seed 8 $VARY $OUTS --out "$tmp/c3.csv"
cmp -s "$tmp/c1.tsv" "$tmp/c3.csv" && fail "cohort: another seed gives the same legs"
head -1 "$tmp/c3.csv" | grep -q "^leg,calf_strength," || fail "cohort: .csv is comma-separated"
ok "cohort: another seed, another cohort; .csv"
# Without --outputs: the key measures, with the varied parameters kept.
# shellcheck disable=SC2086
cli cohort -n 3 --seed 7 $VARY --out "$tmp/c4.tsv"
[ "$rc" -eq 0 ] || fail "cohort without --outputs: exit status $rc"
head -1 "$tmp/c4.tsv" | grep -q "^leg	calf_strength	valve.calf_perforator.competence	avp.rest	" ||
    fail "cohort without --outputs: parameters, then the key measures"
ok "cohort: the key measures by default"
printf '# a cohort file\ncalf_strength  normal(1, 0.2) in [0.4, 1.6]\n\n' > "$tmp/d.txt"
cli cohort -n 3 --dist "$tmp/d.txt" --outputs avp.fall
[ "$rc" -eq 0 ] && [ "$(grep -c '	ok$' "$tmp/out")" -eq 3 ] || fail "cohort --dist: 3 legs on stdout"
ok "cohort --dist FILE, table on stdout"

# --- a leg that fails is counted, not dropped
cli cohort -n 4 --vary 'calf_strength=fixed(1)' --outputs avp.fall --run-option max_steps=50
[ "$rc" -eq 0 ] || fail "cohort with failing legs: exit status $rc"
grep -q "4 of 4 legs failed" "$tmp/err" || fail "cohort: failed legs reported"
[ "$(grep -c 'E_MAXSTEPS' "$tmp/out")" -eq 4 ] || fail "cohort: the failed legs' status"
ok "cohort: failed legs counted and named"

# --- bad input
expect_usage "cohort without a distribution" "no parameter varies" cohort -n 2
expect_usage "unknown parameter" "no_such_param" cohort --vary 'no_such_param=uniform(0,1)'
expect_usage "unbounded distribution on a bounded parameter" "calf_strength" \
    cohort --vary 'calf_strength=normal(1,0.3)'
expect_usage "malformed distribution" "uniform" cohort --vary 'calf_strength=uniform(1'
expect_usage "bounds outside the range" "calf_strength" cohort --vary 'calf_strength=uniform(-1,1)'
printf 'calf_strength uniform(0.5, 1.5)\nheight gamma(2, 3)\n' > "$tmp/bad.txt"
expect_usage "a distribution file's line" "bad.txt:2" cohort --dist "$tmp/bad.txt"
expect_usage "unknown output" "apg.nonsense" cohort --vary 'calf_strength=uniform(0.5,1)' \
    --outputs avp.fall,apg.nonsense
expect_usage "unknown cut-off metric" "apg.ef" cohort --vary 'calf_strength=uniform(0.5,1)' \
    --outputs avp.fall --cutoff 'apg.ef<50'
expect_usage "fit: more parameters than data" "at least as many" fit --data avp.fall=50:5 \
    --fit calf_strength=0.3:1.5 --fit valve.calf_perforator.competence=0:1
expect_usage "fit: malformed --data" "METRIC=VALUE:SD" fit --data avp.fall=50 \
    --fit calf_strength=0.3:1.5
expect_usage "fit: bounds outside the range" "range" fit --data avp.fall=50:5 \
    --fit calf_strength=0:3

# --- sensitivity: indices for each output and parameter
# shellcheck disable=SC2086
cli sensitivity -n 8 $VARY --outputs avp.fall --bootstrap 20 --out "$tmp/s.tsv"
[ "$rc" -eq 0 ] || fail "sensitivity: exit status $rc"
[ "$(wc -l < "$tmp/s.tsv")" -eq 3 ] || fail "sensitivity: one row per output and parameter"
grep -q "^avp.fall	calf_strength	" "$tmp/s.tsv" || fail "sensitivity: the calf_strength row"
grep -q "(8 of 8 rows)" "$tmp/out" || fail "sensitivity: rows used"
ok "sensitivity: Sobol table, 32 runs"

# --- fit: one parameter back from the fall it gave
cli run --set calf_strength=0.7 --metrics
fall=$(sed -n 's/^avp.fall = //p' "$tmp/out")
[ -n "$fall" ] || fail "fit: the fall of a leg with calf_strength 0.7"
cli fit --data "avp.fall=$fall:0.5" --fit calf_strength=0.3:1.5:1.1
[ "$rc" -eq 0 ] || fail "fit: exit status $rc"
got=$(awk '$1 == "calf_strength" { print $2 }' "$tmp/out")
awk -v g="$got" 'BEGIN { exit !(g > 0.69 && g < 0.71) }' ||
    fail "fit: calf_strength $got, expected 0.7 +- 0.01"
ok "fit: calf_strength 0.7 recovered from its fall ($got)"

# --- calfpump-mpi: 2 ranks, the table of the serial run
if [ -x "$MPI_CLI" ] && [ -n "${MPIEXEC:-}" ]; then
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM OMPI_MCA_rmaps_base_oversubscribe
    rc=0
    # shellcheck disable=SC2086
    "$MPIEXEC" -n 2 "$MPI_CLI" cohort -n 6 --seed 7 $VARY $OUTS --out "$tmp/m.tsv" \
        >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" -eq 0 ] || fail "calfpump-mpi -n 2 cohort: exit status $rc"
    cmp -s "$tmp/c1.tsv" "$tmp/m.tsv" || fail "calfpump-mpi: 2 ranks differ from the serial cohort"
    ok "calfpump-mpi: 2 ranks give the serial cohort's table"
    rc=0
    # shellcheck disable=SC2086
    "$MPIEXEC" -n 2 "$MPI_CLI" sensitivity -n 8 $VARY --outputs avp.fall --bootstrap 20 \
        --out "$tmp/ms.tsv" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" -eq 0 ] && cmp -s "$tmp/s.tsv" "$tmp/ms.tsv" ||
        fail "calfpump-mpi: 2-rank sensitivity differs from the serial one"
    ok "calfpump-mpi: 2 ranks give the serial Sobol table"
else
    echo "# calfpump-mpi not built or MPIEXEC not set: MPI checks skipped"
fi
exit 0
