#!/usr/bin/env bash
# Execution history throughput: SQLiteHistory (group commit, concurrent recorders) against the raw
# limit of SQLite on the same machine: plain INSERTs, in one transaction, of the same rows with the
# bundles the engine recorded (the reference), and of the rows as SQLiteHistory stored them
# (compressed; shown for comparison).
#
# Usage: Benchmarks/history/run.sh [EXECUTIONS] [CONCURRENCY] [DURABILITY]
#        defaults: 20000 32 normal (DURABILITY: normal or full, SQLite's synchronous setting)
set -euo pipefail
cd "$(dirname "$0")/../.."

executions="${1:-20000}"
concurrency="${2:-32}"
durability="${3:-normal}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. Benchmarks/lib/build.sh
binary="$(benchmark_binary HistoryBenchmark)"

value() { sed -n "s/^$1=//p"; }

sonarflow_output="$("$binary" --executions "$executions" --concurrency "$concurrency" \
  --operations 4 --bundle-bytes 1024 --durability "$durability" --database "$work/sonarflow.sqlite" \
  --plain-copy "$work/plain.sqlite")"
raw_output="$(python3 Benchmarks/history/raw_inserts.py "$work/sonarflow.sqlite" "$work/raw.sqlite" "$durability" \
  "$work/plain.sqlite")"
stored_output="$(python3 Benchmarks/history/raw_inserts.py "$work/sonarflow.sqlite" "$work/raw-stored.sqlite" "$durability")"

ours="$(value executions_per_second <<<"$sonarflow_output")"
ours_seconds="$(value seconds <<<"$sonarflow_output")"
raw="$(value executions_per_second <<<"$raw_output")"
raw_seconds="$(value seconds <<<"$raw_output")"
stored="$(value executions_per_second <<<"$stored_output")"
stored_seconds="$(value seconds <<<"$stored_output")"
size="$(du -k "$work/sonarflow.sqlite" | cut -f1)"
raw_size="$(du -k "$work/raw.sqlite" | cut -f1)"

echo "Execution history: $executions executions x 4 operations, ~1 KB JSON bundles" \
  "(trigger, each input and output), synchronous=$durability, WAL, database ${size} KB" \
  "(${raw_size} KB uncompressed)"
echo
printf '| %-58s | %8s | %13s |\n' "writer" "seconds" "executions/s"
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "----------" "---------------"
printf '| %-58s | %8s | %13s |\n' "SQLiteHistory, $concurrency concurrent recorders (begin + finish)" "$ours_seconds" "$ours"
printf '| %-58s | %8s | %13s |\n' "raw sqlite3 INSERTs of the recorded JSON, one transaction" "$raw_seconds" "$raw"
printf '| %-58s | %8s | %13s |\n' "raw sqlite3 INSERTs of the stored rows (compressed)" "$stored_seconds" "$stored"
echo
awk -v ours="$ours" -v raw="$raw" -v stored="$stored" 'BEGIN {
  printf "Ratio: %.0f%% of the raw limit (goal: >= 50%% and >= 5,000 executions/s); %.0f%% of inserting the stored rows\n",
    100 * ours / raw, 100 * ours / stored }'
