#!/bin/sh
# check-cli.sh -- tests of the command-line program calfpump, run by
# "make check" (environment: top_srcdir, top_builddir, EXEEXT).  Prints
# one line per check and exits 1 at the first failure, 0 if all pass.
# Each simulation takes well under a second.

top_builddir=${top_builddir:-.}
CLI=$top_builddir/src/calfpump${EXEEXT:-}

tmp=${TMPDIR:-/tmp}/check-cli.$$
rm -rf "$tmp"
mkdir "$tmp" || { echo "FAIL: cannot create $tmp"; exit 1; }
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT PIPE TERM

n=0
ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}
fail() {
    n=$((n + 1))
    echo "FAIL $n - $1"
    for f in "$tmp/out" "$tmp/err"; do
        if [ -s "$f" ]; then
            echo "---- ${f##*/}:"
            sed -n '1,40p' "$f"
        fi
    done
    exit 1
}

# cli ARGS...: run the program with stdout in $tmp/out and stderr in
# $tmp/err; the exit status is in $rc.
cli() {
    rc=0
    "$CLI" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# expect_ok DESCRIPTION ARGS...: the command succeeds with an empty stderr
# (stderr is not a terminal here, so there must be no progress output).
expect_ok() {
    what=$1
    shift
    cli "$@"
    [ "$rc" -eq 0 ] || fail "$what: exit status $rc, expected 0"
    [ -s "$tmp/err" ] && fail "$what: unexpected output on stderr"
    [ -s "$tmp/out" ] || fail "$what: nothing on stdout"
    ok "$what"
}

# expect_usage DESCRIPTION ARGS...: the command fails with status 2, a
# message on stderr that starts with "calfpump:", and nothing on stdout.
expect_usage() {
    what=$1
    shift
    cli "$@"
    [ "$rc" -eq 2 ] || fail "$what: exit status $rc, expected 2"
    grep -q '^calfpump: ' "$tmp/err" || fail "$what: no 'calfpump: ...' message on stderr"
    [ -s "$tmp/out" ] && fail "$what: unexpected output on stdout"
    ok "$what ($(sed -n 1p "$tmp/err"))"
}

# mentions FILE DESCRIPTION WORD...: every WORD occurs in FILE.
mentions() {
    file=$1
    what=$2
    shift 2
    for w in "$@"; do
        grep -q -e "$w" "$file" || fail "$what: '$w' not mentioned"
    done
    ok "$what"
}

# value FILE LABEL: the number after LABEL at the start of a summary line
# ("  fall   52.9 mmHg").
value() {
    awk -v label="$2" '
        index($0, "  " label " ") == 1 {
            rest = substr($0, length(label) + 3)
            sub(/^ +/, "", rest)
            split(rest, f, " ")
            print f[1]
            exit
        }' "$1"
}

# less A B DESCRIPTION: numbers A < B.
less() {
    case $1 in '' | *[!0-9.-]*) fail "$3: '$1' is not a number" ;; esac
    case $2 in '' | *[!0-9.-]*) fail "$3: '$2' is not a number" ;; esac
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }' || fail "$3: $1 is not < $2"
    ok "$3: $1 < $2"
}

[ -x "$CLI" ] || fail "program $CLI not found (build it first)"

run_options='--protocol --condition --speed --rpm --flat-foot --set --integrator
--rtol --atol --step --output-interval --csv --quiet --metrics --help'

# ---------------------------------------------------------------------
# Help and version
expect_ok "--help exits 0" --help
# shellcheck disable=SC2086
mentions "$tmp/out" "--help mentions the commands and every option" \
    'run' 'list' '--version' $run_options
expect_ok "run --help exits 0" run --help
# shellcheck disable=SC2086
mentions "$tmp/out" "run --help mentions every option" $run_options

expect_ok "--version exits 0" --version
version=$(sed -n 's/^#define CALFPUMP_VERSION_STRING "\(.*\)"$/\1/p' \
          "$top_builddir/include/calfpump/version.h" 2>/dev/null)
[ -n "$version" ] || version='[0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*'
mentions "$tmp/out" "--version prints the library version" "$version"

expect_ok "list exits 0" list
mentions "$tmp/out" "list names the conditions, protocols and integrators" \
    healthy gsv-reflux avp apg cycle tilt valve dopri5 rk4
expect_ok "list params exits 0" list params
mentions "$tmp/out" "list params shows a parameter with bounds and unit" \
    '^valve\.popliteal\.competence  *1  *\[0, 1\]' '^cvp .*mmHg$'

# ---------------------------------------------------------------------
# Runs
expect_ok "run --quiet (avp, healthy)" run --quiet
mentions "$tmp/out" "run --quiet prints the AVP section" \
    'Ambulatory venous pressure' 'dorsal_foot' 'resting pressure' 'fall' 'RT90' \
    'Venous return' 'Reflux' 'Solver' 'conservation'
fall_healthy=$(value "$tmp/out" fall)

expect_ok "run (no --quiet, stderr not a terminal: no progress)" run
[ "$(value "$tmp/out" fall)" = "$fall_healthy" ] || fail "run without --quiet gives another fall"
ok "same result with and without --quiet"

expect_ok "run --quiet --condition gsv-reflux" run --quiet --condition gsv-reflux
mentions "$tmp/out" "gsv-reflux run names the condition" 'gsv-reflux'
less "$(value "$tmp/out" fall)" "$fall_healthy" "AVP fall with gsv-reflux < healthy fall"

expect_ok "run --quiet --protocol apg" run --quiet --protocol apg
mentions "$tmp/out" "apg run prints VV, VFI, EF and RVF" \
    'Air plethysmography' 'VV ' 'VFI ' 'EF ' 'RVF ' 'mL/s'

expect_ok "run --quiet --protocol cycle --rpm 50" run --quiet --protocol cycle --rpm 50
mentions "$tmp/out" "cycle run prints the AVP section" 'Ambulatory venous pressure' '50 rpm'
fall_toe=$(value "$tmp/out" fall)
expect_ok "run --quiet --protocol cycle --rpm 50 --flat-foot" \
    run --quiet --protocol cycle --rpm 50 --flat-foot
mentions "$tmp/out" "flat-foot run says so" 'flat foot'
less "$(value "$tmp/out" fall)" "$fall_toe" "flat-foot fall < toe-pointed fall"

expect_ok "run --quiet --metrics" run --quiet --metrics
bad=$(grep -v -c -E '^[a-z0-9_]+(\.[a-z0-9_]+)+ = -?[0-9]' "$tmp/out")
[ "$bad" -eq 0 ] || fail "--metrics: $bad lines are not 'name = number'"
mentions "$tmp/out" "--metrics lists AVP, reflux and solver metrics" \
    '^avp\.fall = ' '^avp\.rt90 = ' '^reflux\.popliteal\.flag = ' '^solver\.steps = '
grep -q '^apg\.' "$tmp/out" && fail "--metrics prints APG metrics for the avp protocol"
ok "--metrics leaves out metrics the protocol does not define"

csv=$tmp/trace.csv
expect_ok "run --quiet --csv FILE" run --quiet --csv "$csv"
[ -f "$csv" ] || fail "--csv: $csv was not written"
head -n 1 "$csv" | grep -q '^t,' || fail "--csv: header does not start with 't,'"
lines=$(wc -l <"$csv")
[ "$lines" -gt 100 ] || fail "--csv: only $lines lines"
mentions "$tmp/out" "--csv reports the trace" 'Trace written to'
ok "--csv writes a trace of $lines lines with header 't,...'"

expect_ok "run --quiet --integrator rk4 --step 0.002 --output-interval 0.1" \
    run --quiet --integrator rk4 --step 0.002 --output-interval 0.1 --set cvp=4 \
    --condition healthy --speed 4
mentions "$tmp/out" "rk4 run reports its integrator and settings" 'rk4' 'cvp = 4' '4 km/h'

# ---------------------------------------------------------------------
# Bad input
expect_usage "no command"
expect_usage "unknown command" frobnicate
expect_usage "unknown global option" --frobnicate
expect_usage "run --rtol abc" run --quiet --rtol abc
expect_usage "run --rtol nan" run --quiet --rtol nan
expect_usage "run --rtol inf" run --quiet --rtol inf
expect_usage "run --rtol 1e-3x (trailing garbage)" run --quiet --rtol 1e-3x
expect_usage "run --rtol -1" run --quiet --rtol -1
expect_usage "run --rtol without a value" run --quiet --rtol
expect_usage "run --set nosuch=1" run --quiet --set nosuch=1
expect_usage "run --set valve.popliteal.competence=2" \
    run --quiet --set valve.popliteal.competence=2
expect_usage "run --set without '='" run --quiet --set cvp
expect_usage "run --protocol nosuch" run --quiet --protocol nosuch
expect_usage "run --condition nosuch" run --quiet --condition nosuch
expect_usage "run --integrator nosuch" run --quiet --integrator nosuch
expect_usage "run --speed 100 (out of range)" run --quiet --speed 100
expect_usage "run unknown option" run --quiet --no-such-option
expect_usage "run stray argument" run --quiet extra
expect_usage "list unknown topic" list nosuch

cli run --quiet --csv "$tmp/no/such/dir/trace.csv"
[ "$rc" -eq 1 ] || fail "--csv into a missing directory: exit status $rc, expected 1"
grep -q '^calfpump: ' "$tmp/err" || fail "--csv into a missing directory: no message"
ok "--csv into a missing directory fails with status 1 ($(sed -n 1p "$tmp/err"))"

echo "all $n checks passed"
exit 0
