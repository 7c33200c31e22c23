#!/usr/bin/env bash
# History write throughput against an earlier commit's, in the same run: today's HistoryBenchmark
# and BASELINE_BINARY (Benchmarks/history/build-baseline.sh builds 88fb31f's) record the same
# executions (run.sh's defaults: 4 operations, ~1 KB JSON bundles, 32 recorders, synchronous=NORMAL)
# in alternating rounds, so both see the same machine; prints each round and the median ratio.
#
# Usage: BASELINE_BINARY=PATH Benchmarks/history/baseline.sh [EXECUTIONS] [ROUNDS]   (defaults: 20000 3)
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${BASELINE_BINARY:?set BASELINE_BINARY to the earlier HistoryBenchmark (Benchmarks/history/build-baseline.sh prints it)}"
executions="${1:-20000}"
rounds="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. Benchmarks/lib/build.sh
binary="$(benchmark_binary HistoryBenchmark)"
options=(--executions "$executions" --concurrency 32 --operations 4 --bundle-bytes 1024 --durability normal)
value() { sed -n "s/^$1=//p"; }

echo "History write throughput: $executions executions x 4 operations, ~1 KB JSON bundles, 32 recorders"
echo
printf '| %5s | %22s | %22s | %6s |\n' round "baseline executions/s" "current executions/s" ratio
printf '|%s|%s|%s|%s|\n' "-------" "------------------------" "------------------------" "--------"
ratios=()
for round in $(seq 1 "$rounds"); do
  old="$(value executions_per_second <<<"$("$BASELINE_BINARY" "${options[@]}" --database "$work/old.sqlite")")"
  new="$(value executions_per_second <<<"$("$binary" "${options[@]}" --database "$work/new.sqlite")")"
  ratio="$(awk -v a="$new" -v b="$old" 'BEGIN { printf "%.0f", 100 * a / b }')"
  ratios+=("$ratio")
  printf '| %5s | %22s | %22s | %5s%% |\n' "$round" "$old" "$new" "$ratio"
  rm -f "$work"/*.sqlite*
done
median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
echo
echo "Median: current is ${median}% of the baseline (goal: >= 90%)"
