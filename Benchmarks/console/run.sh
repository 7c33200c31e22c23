#!/usr/bin/env bash
# The console's execution page for one execution of 1,000 operations (each with an input, an
# output and an HTTP exchange of ~512 bytes): answer times over loopback, against the goal of
# 300 ms.
#
# Usage: Benchmarks/console/run.sh [OPERATIONS] [REQUESTS]   defaults: 1000 50
set -euo pipefail
cd "$(dirname "$0")/../.."

operations="${1:-1000}"
requests="${2:-50}"

. Benchmarks/lib/build.sh
binary="$(benchmark_binary ConsoleBenchmark)"
output="$("$binary" --operations "$operations" --requests "$requests" --bundle-bytes 512)"
value() { sed -n "s/^$1=//p" <<<"$output"; }

echo "Console execution page: $operations operations, $(value page_bytes) bytes of HTML, $requests requests"
echo
printf '| %-6s | %8s |\n' "" "ms"
printf '|%s|%s|\n' "--------" "----------"
for name in p50 p95 max; do printf '| %-6s | %8s |\n' "$name" "$(value ${name}_ms)"; done
echo
awk -v p95="$(value p95_ms)" 'BEGIN { printf "p95 is %.0f%% of the 300 ms goal\n", 100 * p95 / 300 }'
