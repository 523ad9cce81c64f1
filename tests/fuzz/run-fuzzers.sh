#!/bin/sh
# run-fuzzers.sh -- run libFuzzer targets for a while each ("make fuzz-run").
#
#   run-fuzzers.sh TOP_SRCDIR SECONDS FUZZER...
#
# Each FUZZER runs for SECONDS from the committed seed corpus
# (TOP_SRCDIR/tests/fuzz/corpus, read only) with the dictionary
# TOP_SRCDIR/tests/fuzz/cfp.dict; the inputs it finds go to
# fuzz-out/NAME/corpus in the build tree, a crashing input to
# fuzz-out/NAME/crash-* (add it to tests/fuzz/corpus once fixed: the
# corpus is the regression set "make check" replays).  An input that runs
# for 30 s is a failure (a hang): every corpus input runs in well under a
# second, and the margin is for a loaded machine.  Prints one line per
# fuzzer: runs, coverage (cov: edges, ft: features), corpus size; exits
# non-zero if any fuzzer failed.
set -u
top=$1
seconds=$2
shift 2
status=0
for fuzzer in "$@"; do
    name=$(basename "$fuzzer")
    out=fuzz-out/$name
    mkdir -p "$out/corpus"
    log=$out/log
    echo "run-fuzzers: $name for $seconds s (log: $log)"
    "$fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -dict="$top/tests/fuzz/cfp.dict" \
        -artifact_prefix="$out/" "$out/corpus" "$top/tests/fuzz/corpus" >"$log" 2>&1
    rc=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
    runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" | tail -n 1)
    echo "run-fuzzers: $name: exit $rc, ${runs:-?} runs; ${done_line:-no DONE line}"
    if [ "$rc" -ne 0 ]; then
        status=1
        tail -n 60 "$log"
        ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* 2>/dev/null
    fi
done
exit $status
