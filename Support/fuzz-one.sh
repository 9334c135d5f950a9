#!/usr/bin/env bash
# Runs one libFuzzer target for a set time from its seeds (make fuzz calls this, two at a time).
# Usage: Support/fuzz-one.sh BUILD_DIR TARGET SECONDS
# Prints the run's summary (executions, executions per second, corpus) in one block when it
# ends; exits non-zero when the target found a crash (the input is in BUILD_DIR/crashes/).
set -uo pipefail
build=$1 target=$2 seconds=$3
mkdir -p "$build/corpus/$target"
log=$(mktemp)
SWIFT_BACKTRACE=enable=no "$build/debug/$target" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$build/crashes/$target-" "$build/corpus/$target" "Fuzz/Corpus/$target" >"$log" 2>&1
status=$?
{
  echo "== $target (exit $status)"
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==|SUMMARY|.*Test unit written)' "$log"
} | cat
rm -f "$log"
exit $((status != 0))
