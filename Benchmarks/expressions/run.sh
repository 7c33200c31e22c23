#!/usr/bin/env bash
# Mapping-expression throughput: sonarflow compiled templates vs Jinja2 vs hand-written Swift.
# Usage: Benchmarks/expressions/run.sh [BUNDLES]   (default 200000)
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/lib/build.sh
count="${1:-200000}"

binary="$(benchmark_binary ExpressionsBenchmark)"
python3 -c 'import jinja2' 2>/dev/null || python3 -m pip install --quiet jinja2 >&2

swift_out="$("$binary" "$count")"
jinja_out="$(python3 Benchmarks/expressions/jinja_bench.py "$count")"

sonarflow=$(awk '/^sonarflow /{print $2}' <<<"$swift_out")
handwritten=$(awk '/^handwritten /{print $2}' <<<"$swift_out")
jinja=$(awk '/^jinja2 /{print $2}' <<<"$jinja_out")

echo
echo "Mapping expressions: $count bundles x 5 fields ($(nproc) cores, $(uname -m))"
printf '%-28s %15s %22s\n' "implementation" "bundles/s" "sonarflow ratio"
printf '%-28s %15.0f %22s\n' "sonarflow (compiled)" "$sonarflow" "1.00x"
awk -v s="$sonarflow" -v j="$jinja" 'BEGIN { printf "%-28s %15.0f %21.1fx faster than it\n", "Jinja2 (compiled, python3)", j, s / j }'
awk -v s="$sonarflow" -v h="$handwritten" 'BEGIN { printf "%-28s %15.0f %21.2fx slower than it\n", "hand-written Swift", h, h / s }'
awk -v s="$sonarflow" -v j="$jinja" -v h="$handwritten" 'BEGIN {
  ok1 = (s / j >= 20) ? "met" : "NOT met"; ok2 = (h / s <= 5) ? "met" : "NOT met";
  printf "\ngoal >= 20x Jinja2: %s; goal within 5x of hand-written: %s\n", ok1, ok2 }'
