#!/usr/bin/env bash
# The console's execution page for one execution of 1,000 operations (each with an input, an
# output and an HTTP exchange of ~512 bytes): answer times over loopback, against the goal of
# 300 ms. BASELINE_BINARY=path/to/an/earlier/ConsoleBenchmark runs the same page with it right
# after, side by side.
#
# Usage: [BASELINE_BINARY=PATH] Benchmarks/console/run.sh [OPERATIONS] [REQUESTS]   defaults: 1000 50
set -euo pipefail
cd "$(dirname "$0")/../.."

operations="${1:-1000}"
requests="${2:-50}"

. Benchmarks/lib/build.sh
binary="$(benchmark_binary ConsoleBenchmark)"
arguments=(--operations "$operations" --requests "$requests" --bundle-bytes 512)
output="$("$binary" "${arguments[@]}")"
baseline=""
if [ -n "${BASELINE_BINARY:-}" ]; then baseline="$("$BASELINE_BINARY" "${arguments[@]}")"; fi
value() { sed -n "s/^$1=//p" <<<"$2"; }

echo "Console execution page: $operations operations, $requests requests"
echo
if [ -z "$baseline" ]; then
  printf '| %-10s | %10s |\n' "" "ms"
  printf '|%s|%s|\n' "------------" "------------"
  for name in p50 p95 max; do printf '| %-10s | %10s |\n' "$name" "$(value ${name}_ms "$output")"; done
  printf '| %-10s | %10s |\n' "HTML bytes" "$(value page_bytes "$output")"
else
  printf '| %-10s | %10s | %10s | %8s |\n' "" "ms" "before, ms" "ratio"
  printf '|%s|%s|%s|%s|\n' "------------" "------------" "------------" "----------"
  for key in p50_ms p95_ms max_ms page_bytes; do
    now="$(value $key "$output")"
    before="$(value $key "$baseline")"
    label="${key%_ms}"
    [ "$key" = page_bytes ] && label="HTML bytes"
    printf '| %-10s | %10s | %10s | %7.2fx |\n' "$label" "$now" "$before" "$(awk -v a="$before" -v b="$now" 'BEGIN { print a / b }')"
  done
fi
echo
awk -v p95="$(value p95_ms "$output")" 'BEGIN { printf "p95 is %.0f%% of the 300 ms goal\n", 100 * p95 / 300 }'
