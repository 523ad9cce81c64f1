#!/bin/sh
# check-cli.sh -- tests of the command-line program calfpump, run by
# "make check" (environment: top_srcdir, top_builddir, EXEEXT).  Prints
# one line per check and exits 1 at the first failure, 0 if all pass.
# Each simulation takes well under a second.

top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
CLI=$top_builddir/src/calfpump${EXEEXT:-}
LEG=$top_srcdir/data/default-leg.cfp

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

run_options='--model --protocol --condition --set --height --speed --rpm --flat-foot
--stocking --ipc --integrator --rtol --atol --step --output-interval --csv --quiet
--columns --every --progress --no-progress --metrics --help'

# ---------------------------------------------------------------------
# Help and version
expect_ok "--help exits 0" --help
# shellcheck disable=SC2086
mentions "$tmp/out" "--help mentions the commands and every option" \
    'run' 'compare' 'check' 'save' 'list' '--version' '--with' '--label' $run_options
expect_ok "run --help exits 0" run --help
# shellcheck disable=SC2086
mentions "$tmp/out" "run --help mentions every option" $run_options
grep -q -e '--with' "$tmp/out" && fail "run --help offers --with, an option of compare"
ok "run --help leaves out the options of compare"
expect_ok "compare --help exits 0" compare --help
mentions "$tmp/out" "compare --help explains SPEC" --with --label 'condition=NAME' \
    'protocol=NAME' 'file=PATH' 'set=PARAM=VALUE'
expect_ok "save --help exits 0" save --help
expect_ok "check --help exits 0" check --help

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
expect_ok "list activities exits 0" list activities
mentions "$tmp/out" "list activities names every activity and the postures" \
    '^  still ' '^  walk ' '^  run ' '^  stairs ' '^  tiptoe ' '^  cycle ' '^  swim ' \
    '^  heel_raise ' '^  toe_tap ' '^  ankle_pump ' '^  squeeze ' '^  custom ' 'tilt'
expect_ok "list segment-params exits 0" list segment-params
mentions "$tmp/out" "list segment-params shows names, defaults and units" \
    '^speed  *3  *km/h' '^stocking  *0 ' '^ipc_pressure  *0  *mmHg' '^angle '
expect_ok "list conditions exits 0" list conditions
mentions "$tmp/out" "list conditions describes the presets" 'gsv-reflux  *great saphenous'

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

# --csv -: the trace alone on standard output, byte for byte the file's;
# the summary (or the metrics) on standard error.
cli run --quiet --csv -
[ "$rc" -eq 0 ] || fail "run --quiet --csv -: exit status $rc"
cmp -s "$tmp/out" "$csv" || fail "--csv -: standard output differs from the --csv FILE trace"
grep -q 'Trace written' "$tmp/out" "$tmp/err" && fail "--csv -: reports a file written"
mentions "$tmp/err" "--csv -: the summary goes to standard error" 'Integrator:' 'Solver'
cli run --quiet --metrics --csv -
[ "$rc" -eq 0 ] || fail "run --quiet --metrics --csv -: exit status $rc"
cmp -s "$tmp/out" "$csv" || fail "--metrics --csv -: standard output is not the trace alone"
grep -q '^avp\.fall = ' "$tmp/err" || fail "--metrics --csv -: no metrics on standard error"
ok "--csv - writes the trace alone to standard output, the summary to standard error"

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
expect_usage "run two model files" run --quiet a.cfp b.cfp
expect_usage "save --csv (an option of run)" save --csv x.csv "$tmp/x.cfp"
expect_usage "save without a file" save
expect_usage "list unknown topic" list nosuch

cli run --quiet --csv "$tmp/no/such/dir/trace.csv"
[ "$rc" -eq 1 ] || fail "--csv into a missing directory: exit status $rc, expected 1"
grep -q '^calfpump: ' "$tmp/err" || fail "--csv into a missing directory: no message"
ok "--csv into a missing directory fails with status 1 ($(sed -n 1p "$tmp/err"))"

# The --csv path is checked before the run: a run that would fail (one
# step allowed) reports the path, not the simulation, and prints nothing.
for bad in "$tmp/no/such/dir/trace.csv" "$tmp"; do
    cli run --quiet --run-option max_steps=1 --csv "$bad"
    [ "$rc" -eq 1 ] || fail "--csv $bad: exit status $rc, expected 1"
    grep -q "^calfpump: --csv $bad: cannot open" "$tmp/err" ||
        fail "--csv $bad: not reported before the run"
    grep -q 'simulation failed' "$tmp/err" && fail "--csv $bad: the run started"
    [ -s "$tmp/out" ] && fail "--csv $bad: printed a summary"
done
ok "--csv: an unwritable path or a directory is reported before the run"
# A failed run leaves an existing file as it was and creates no new one.
echo keep >"$tmp/old.csv"
cli run --quiet --run-option max_steps=1 --csv "$tmp/old.csv"
[ "$rc" -eq 1 ] && grep -q 'simulation failed' "$tmp/err" ||
    fail "--run-option max_steps=1: the run did not fail (status $rc)"
[ "$(cat "$tmp/old.csv")" = keep ] || fail "--csv: a failed run changed the existing file"
cli run --quiet --run-option max_steps=1 --csv "$tmp/new.csv"
[ -e "$tmp/new.csv" ] && fail "--csv: a failed run left $tmp/new.csv behind"
ok "--csv: a failed run keeps an existing file and creates none"

# --columns and --every choose what --csv writes; the metrics do not change.
cli run --quiet --metrics --csv "$tmp/sel.csv" --columns t,P.dorsal_foot --every 50
[ "$rc" -eq 0 ] || fail "--columns --every: exit status $rc"
[ "$(head -n 1 "$tmp/sel.csv")" = "t,P.dorsal_foot" ] || fail "--columns: header $(head -n 1 "$tmp/sel.csv")"
[ "$(sed -n 3p "$tmp/sel.csv" | cut -d, -f1)" = 1 ] || fail "--every 50: the second row is not t = 1"
full=$(($(wc -l <"$csv") - 1))
[ "$(($(wc -l <"$tmp/sel.csv") - 1))" -eq $(((full + 49) / 50)) ] || fail "--every 50: wrong row count"
cp "$tmp/out" "$tmp/sel.metrics"
cli run --quiet --metrics
grep -v '^solver' "$tmp/out" >"$tmp/a.m"
grep -v '^solver' "$tmp/sel.metrics" >"$tmp/b.m"
cmp -s "$tmp/a.m" "$tmp/b.m" || fail "--csv --every: the metrics changed"
expect_usage "--columns with an unknown column" run --quiet --csv "$tmp/x.csv" --columns t,P.nowhere
expect_usage "--every 0" run --quiet --csv "$tmp/x.csv" --every 0
expect_usage "--every without --csv" run --quiet --every 2
ok "--columns and --every select the streamed columns and rows; the metrics are unchanged"

# --progress: the progress line on standard error even when it is a file;
# --no-progress: none.
cli run --progress --metrics
grep -q 'ETA\|100%\]' "$tmp/err" || fail "--progress: no progress line on standard error"
cli run --no-progress --metrics
[ -s "$tmp/err" ] && fail "--no-progress: wrote to standard error"
ok "--progress shows the progress line, --no-progress hides it"

# ---------------------------------------------------------------------
# Model files: run FILE, check, save
[ -r "$LEG" ] || fail "$LEG not found (top_srcdir=$top_srcdir)"

expect_ok "run FILE (the default leg as a file)" run "$LEG" --quiet
mentions "$tmp/out" "run FILE names the model file" 'Model: .*default-leg.cfp (14 compartments'
[ "$(value "$tmp/out" fall)" = "$fall_healthy" ] ||
    fail "run $LEG: fall $(value "$tmp/out" fall), default run $fall_healthy"
ok "run FILE gives the fall of the default run ($fall_healthy mmHg)"

expect_ok "run --quiet --condition gsv-reflux FILE (options before FILE)" \
    run --quiet --condition gsv-reflux "$LEG"
less "$(value "$tmp/out" fall)" "$fall_healthy" "--condition applies on top of FILE"

expect_ok "check FILE (the default leg)" check "$LEG"
grep -q -F -x "$LEG: OK (14 compartments, 19 connections, 0 segments, 0 s)" "$tmp/out" ||
    fail "check: unexpected report"
ok "check reports the counts ($(cat "$tmp/out"))"

# Broken files: exit 2 and a message naming FILE:LINE.
printf 'calfpump-model 1\n[global]\ncvp = 4\ncvq = 4\n' >"$tmp/unknown-key.cfp"
printf 'calfpump-model 1\n[compartment a]\nregion = calf\nlayer = deep\n\n[connection out]\nfrom = a\nto = nowhere\n' \
    >"$tmp/dangling.cfp"
printf 'calfpump-model 1\n[global]\ncvp = 3.5mmHg\n' >"$tmp/bad-number.cfp"
for f in unknown-key:4 dangling:8 bad-number:3; do
    file=$tmp/${f%:*}.cfp
    line=${f#*:}
    expect_usage "check ${f%:*}.cfp" check "$file"
    grep -q -F "calfpump: $file:$line: " "$tmp/err" ||
        fail "check ${f%:*}.cfp: no '$file:$line:' in the message"
    ok "check ${f%:*}.cfp names the file and line $line"
done
expect_usage "run a broken file" run --quiet "$tmp/dangling.cfp"
grep -q -F "$tmp/dangling.cfp:8: " "$tmp/err" || fail "run of a broken file: no FILE:LINE"
ok "run of a broken file names the file and line"

cli check "$tmp/no-such-file.cfp"
[ "$rc" -eq 1 ] || fail "check of a missing file: exit status $rc, expected 1"
grep -q -F "calfpump: $tmp/no-such-file.cfp: " "$tmp/err" || fail "check of a missing file: no message"
ok "check of a missing file fails with status 1"
cli run --quiet "$tmp/no-such-file.cfp"
[ "$rc" -eq 1 ] || fail "run of a missing file: exit status $rc, expected 1"
ok "run of a missing file fails with status 1"

# save, check, run: the same numbers as the direct run.
saved=$tmp/saved.cfp
config='--condition gsv-reflux --speed 4 --stocking 1 --height 180'
# shellcheck disable=SC2086
expect_ok "save $config FILE" save $config "$saved"
mentions "$tmp/out" "save reports the file" 'saved (14 compartments, 19 connections, 3 segments, 210 s)'
expect_ok "check the saved file" check "$saved"
mentions "$tmp/out" "check of the saved file" 'OK (14 compartments, 19 connections, 3 segments, 210 s)'
expect_ok "run --metrics the saved file" run --quiet --metrics "$saved"
mv "$tmp/out" "$tmp/saved.metrics"
# shellcheck disable=SC2086
expect_ok "run --metrics $config" run --quiet --metrics $config
cmp -s "$tmp/out" "$tmp/saved.metrics" || fail "the saved file gives other metrics than the direct run"
ok "the saved file runs to the same metrics as the direct run"

# Run settings are saved too, and the command line overrides them.
expect_ok "save --integrator rk4 --step 0.002 --output-interval 0.05" \
    save --protocol tilt --integrator rk4 --step 0.002 --output-interval 0.05 "$saved"
cli save --quiet --model "$saved" "$saved"
[ "$rc" -eq 0 ] || fail "save --quiet --model FILE FILE: exit status $rc"
[ -s "$tmp/out" ] && fail "save --quiet printed a report"
[ "$(grep -c '^\[run\]' "$saved")" -eq 1 ] || fail "saving a saved file: not one [run] section"
ok "save --quiet --model FILE FILE keeps one [run] section and prints nothing"
expect_ok "run the saved file with rk4 settings" run --quiet "$saved"
mentions "$tmp/out" "the file's [run] settings apply" 'Integrator: rk4 (from the model file)' \
    'rk4 (fixed step 0.002 s)'
expect_ok "run the saved file with --integrator dopri5" run --quiet --integrator dopri5 "$saved"
mentions "$tmp/out" "--integrator overrides [run]" 'Integrator: dopri5$'

# A file with segments but no compartments: its protocol with the default leg.
printf '%s\n' 'calfpump-model 1' '[global]' 'cvp = 6' \
    '[segment]' 'posture = standing' 'activity = still' 'duration = 20' \
    '[segment]' 'posture = standing' 'activity = tiptoe' 'duration = 10' 'count = 10' \
    '[segment]' 'posture = standing' 'activity = still' 'duration = 30' >"$tmp/protocol.cfp"
expect_ok "run a protocol-only file" run --quiet "$tmp/protocol.cfp"
mentions "$tmp/out" "the file's segments run on the default leg" 'from .*protocol.cfp, 60 s' \
    'Model: *default leg' 'tiptoe 10 s (10 raises at 1/s)'
rest_file=$(value "$tmp/out" 'resting pressure (standing)')
printf '%s\n' 'calfpump-model 1' '[global]' 'cvp = 3.5' \
    '[segment]' 'posture = standing' 'activity = still' 'duration = 20' \
    '[segment]' 'posture = standing' 'activity = tiptoe' 'duration = 10' 'count = 10' \
    '[segment]' 'posture = standing' 'activity = still' 'duration = 30' >"$tmp/protocol2.cfp"
expect_ok "run a protocol-only file with the default cvp" run --quiet "$tmp/protocol2.cfp"
less "$(value "$tmp/out" 'resting pressure (standing)')" "$rest_file" \
    "the file's [global] cvp = 6 applies to the default leg"
expect_ok "--protocol overrides the file's segments" run --quiet --protocol valve "$tmp/protocol.cfp"
mentions "$tmp/out" "--protocol valve replaces the file's segments" 'Protocol: *valve, 75 s'

# Run settings that save writes to [run] and run then applies.
expect_ok "save --rtol 1e-8 --run-option max_steps=1e7" \
    save --protocol tilt --rtol 1e-8 --run-option max_steps=1e7 "$saved"
grep -q '^rtol = 1e-0*8$' "$saved" || fail "save --rtol: no 'rtol = 1e-8' in [run]"
grep -q '^max_steps = 10000000$' "$saved" || fail "save --run-option: no 'max_steps' in [run]"
ok "save writes --rtol and --run-option to [run]"
expect_ok "run --metrics the file with rtol 1e-8" run --quiet --metrics "$saved"
mv "$tmp/out" "$tmp/saved.metrics"
expect_ok "run --metrics --protocol tilt --rtol 1e-8" run --quiet --metrics --protocol tilt --rtol 1e-8
cmp -s "$tmp/out" "$tmp/saved.metrics" || fail "the file's [run] rtol gives other metrics than --rtol"
ok "run applies the saved [run] rtol"
expect_ok "run --protocol valve FILE keeps the file's [run]" run --quiet --protocol valve "$saved"
mentions "$tmp/out" "the file's [run] applies to --protocol" 'auto (rtol 1e-08'

# ---------------------------------------------------------------------
# A protocol from the command line: --segment
expect_ok "run --segment (the avp protocol spelt out)" run --quiet \
    --segment standing:still:60 --segment standing:walk:60:speed=3 --segment standing:still:90
mentions "$tmp/out" "--segment runs its segments" 'Protocol: *from the command line' \
    'standing walk 60 s (3 km/h)'
[ "$(value "$tmp/out" fall)" = "$fall_healthy" ] ||
    fail "--segment avp: fall $(value "$tmp/out" fall), avp gives $fall_healthy"
ok "--segment spelling out avp gives its fall ($fall_healthy mmHg)"
expect_ok "run --segment with parameters and a seated activity" run --quiet \
    --segment standing:still:30 --segment standing:walk:30:speed=4,cadence=100 \
    --segment sitting:heel_raise:20:rate=0.5
mentions "$tmp/out" "--segment parameters apply" '4 km/h, 100 steps/min' 'sitting heel_raise 20 s'
expect_ok "save --segment FILE" save --segment supine:ankle_pump:30:rate=0.5 "$saved"
mentions "$tmp/out" "save --segment writes the segment" 'saved (.*, 1 segments, 30 s)'
expect_usage "run --segment with a bad parameter" run --quiet \
    --segment standing:still:10 --segment standing:walk:60:speed=100
grep -q -e "--segment 'standing:walk:60:speed=100' (segment 2): speed: .*100" "$tmp/err" ||
    fail "bad --segment: the message does not name the segment and the parameter"
ok "a bad --segment names the segment and the parameter"
expect_usage "run --segment with an unknown posture" run --quiet --segment stand:walk:60
grep -q "(segment 1): .*'stand'" "$tmp/err" || fail "unknown posture: not named"
ok "an unknown posture is named"
expect_usage "run --segment without a duration" run --quiet --segment standing:walk
expect_usage "run --segment with a bad duration" run --quiet --segment standing:walk:1min
expect_usage "run --segment with --protocol" run --quiet --segment standing:walk:60 --protocol apg

# ---------------------------------------------------------------------
# The library's registries
expect_ok "list postures exits 0" list postures
mentions "$tmp/out" "list postures names every posture" '^  supine ' '^  sitting ' \
    '^  standing ' '^  tilt '
expect_ok "list metrics exits 0" list metrics
mentions "$tmp/out" "list metrics shows names, units and meanings" '^avp\.fall  *mmHg  *[a-z]' \
    '^apg\.vfi  *mL/s ' '^reflux\.popliteal\.flag  *0/1 ' '^stasis\.calf_sinuses\.residence  *s '
expect_ok "list columns exits 0" list columns
mentions "$tmp/out" "list columns shows the trace columns with units" '^t  *s$' \
    '^V\.calf_sinuses  *mL$' '^P\.dorsal_foot  *mmHg$'
expect_ok "list run-options exits 0" list run-options
mentions "$tmp/out" "list run-options shows names, defaults and units" '^rtol ' '^h ' \
    '^max_steps ' '^output_interval  *0\.02  *s '

# Compression options
expect_ok "run --stocking 2 --ipc 40 --height 190" run --quiet --stocking 2 --ipc 40 --height 190
mentions "$tmp/out" "compression and height are reported" 'stocking class 2' 'IPC 40 mmHg' \
    'height = 190'
expect_usage "run --stocking 1.5" run --quiet --stocking 1.5
expect_usage "run --ipc -1" run --quiet --ipc -1

# ---------------------------------------------------------------------
# compare
expect_ok "compare --with condition=gsv-reflux" compare --quiet --with condition=gsv-reflux
header=$(sed -n 3p "$tmp/out")
case $header in *healthy*gsv-reflux*) ;; *) fail "compare: header '$header' lacks the columns" ;; esac
mentions "$tmp/out" "compare prints every row" 'resting pressure' 'exercise pressure' \
    '^  fall ' 'RT90' 'VV ' 'VFI ' 'EF ' 'RVF ' 'venous return' 'calf ejection per contraction' \
    'calf perfusion' 'calf sinus residence time' 'flagged valves' 'n/a'
base_fall=$(awk '$1 == "fall" { print $3; exit }' "$tmp/out")
gsv_fall=$(awk '$1 == "fall" { print $4; exit }' "$tmp/out")
[ "$base_fall" = "$fall_healthy" ] || fail "compare: base fall $base_fall, run gives $fall_healthy"
ok "compare: the base column is the plain run ($base_fall mmHg)"
less "$gsv_fall" "$base_fall" "compare: the gsv-reflux column's fall is smaller"

expect_ok "compare --metrics" compare --quiet --metrics --label base \
    --with condition=deep-reflux --with protocol=apg,label=APG
tab=$(printf '\t')
awk -F "$tab" '
    NR == 1 { if ($0 != "metric\tbase\tdeep-reflux\tAPG") { print "bad header: " $0; exit 1 }
              next }
    NF != 4 { print "line " NR ": " NF " fields"; exit 1 }
    { for (i = 2; i <= 4; i++)
          if ($i != "n/a" && $i !~ /^-?[0-9][0-9.e+-]*$/) { print "line " NR ": " $i; exit 1 } }
    END { if (NR != 14) { print NR " lines"; exit 1 } }' "$tmp/out" >"$tmp/err" ||
    fail "compare --metrics: $(cat "$tmp/err")"
ok "compare --metrics: a header and 13 tab-separated rows"
mentions "$tmp/out" "compare --metrics names the metrics" "^avp\\.fall$tab" \
    "^apg\\.vfi${tab}n/a${tab}n/a${tab}[0-9]" "^ejection\\.calf$tab" "^sinus\\.residence$tab" \
    "^reflux\\.flagged${tab}0${tab}[1-9][0-9]*${tab}0\$"

expect_usage "compare without --with" compare --quiet
expect_usage "compare --with unknown item" compare --quiet --with colour=red
expect_usage "compare --with unknown condition" compare --quiet --with condition=nosuch
expect_usage "compare --with set without a value" compare --quiet --with set=cvp
expect_usage "compare --with a broken file" compare --quiet --with "file=$tmp/bad-number.cfp"
expect_usage "compare --csv (an option of run)" compare --quiet --csv x.csv --with condition=healthy

echo "all $n checks passed"
exit 0
