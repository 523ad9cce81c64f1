#!/bin/sh
# check-cli-cvode.sh -- the command-line program with the SUNDIALS CVODE
# plug-in (run by "make check" only when configure found SUNDIALS):
# "list integrators" names it and "run --integrator cvode" uses it and
# agrees with dopri5 on the ambulatory venous pressure.
# Exit status: 0 pass, 1 fail.

top_builddir=${top_builddir:-.}
CLI=$top_builddir/src/calfpump${EXEEXT:-}

tmp=${TMPDIR:-/tmp}/check-cli-cvode.$$
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
        [ -s "$f" ] && { echo "---- ${f##*/}:"; sed -n '1,40p' "$f"; }
    done
    exit 1
}
run() {
    rc=0
    "$CLI" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" -eq 0 ] || fail "calfpump $*: exit status $rc"
    [ -s "$tmp/err" ] && fail "calfpump $*: unexpected output on stderr"
}
# fall FILE: the AVP fall of a run summary.
fall() { awk '$1 == "fall" { print $2; exit }' "$1"; }

[ -x "$CLI" ] || fail "program $CLI not found (build it first)"

run list integrators
grep -q '^  cvode  (plug-in: SUNDIALS [0-9]' "$tmp/out" || fail "list integrators does not offer cvode"
grep -q '^  dopri5$' "$tmp/out" && grep -q '^  auto  (default)' "$tmp/out" || fail "list integrators lost the built-ins"
ok "list integrators offers cvode"

run run --quiet --protocol avp --integrator cvode
grep -q 'Integrator: cvode' "$tmp/out" || fail "run --integrator cvode: integrator not reported"
grep -q 'cvode (rtol 1e-06, atol 1e-06)' "$tmp/out" || fail "run --integrator cvode: solver settings not reported"
cv=$(fall "$tmp/out")
ok "run --integrator cvode (avp fall $cv mmHg)"

run run --quiet --protocol avp --integrator dopri5 --rtol 1e-9 --atol 1e-9
dp=$(fall "$tmp/out")
awk -v a="$cv" -v b="$dp" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= 0.005 * b) }' ||
    fail "avp fall: cvode $cv mmHg, dopri5 $dp mmHg differ by more than 0.5 %"
ok "cvode and dopri5 agree on the AVP fall ($cv, $dp mmHg)"

rc=0
"$CLI" run --quiet --integrator cvode --rtol 2 >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 2 ] || fail "cvode with --rtol 2: exit status $rc, expected 2"
ok "cvode with an out-of-range tolerance is a usage error"
exit 0
