#!/usr/bin/env bash
# Instructions executed by the interpreter-overhead chain, counted by valgrind's callgrind rather
# than timed: the same total for the same binary and input whatever else the machine runs. Runs
# EngineBenchmark's overhead chain once per side in its own process (engine, hand-written Swift,
# and setup alone, which is subtracted) and prints the total Ir (instructions) of each side.
# Usage: Benchmarks/engine/callgrind.sh [TRIGGER_BUNDLES]   (default 20000; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is needed: apt-get install -y valgrind" >&2; exit 2; }
count="${1:-20000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Linked statically (in a build folder of its own, Benchmarks/.build-static): valgrind 3.19 stops
# with SIGSEGV inside the toolchain's shared libdispatch (Debian 12, Swift 6.3.1), while the static
# runtime runs under it. Debug information left out: valgrind cannot read the DWARF 5 the Swift
# toolchain writes ("Possibly corrupted debuginfo file"); the symbols stay, the code is the same.
static=(-c release --package-path Benchmarks --scratch-path Benchmarks/.build-static --static-swift-stdlib)
swift build "${static[@]}" --product EngineBenchmark >/dev/null
strip --strip-debug -o "$work/EngineBenchmark" "$(swift build "${static[@]}" --show-bin-path)/EngineBenchmark"
binary="$work/EngineBenchmark"

# instructions SIDE: the total Ir callgrind counts for `EngineBenchmark overhead-side SIDE COUNT`.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$work/$1.out" "$binary" overhead-side "$1" "$count" \
    >"$work/$1.txt" 2>"$work/$1.log" || { cat "$work/$1.log" >&2; exit 1; }
  sed -n 's/^\(summary\|totals\): //p' "$work/$1.out" | head -1
}
setup="$(instructions setup)"
engine="$(instructions engine)"
hand="$(instructions hand)"
operations="$(sed -n 's/.*bundles, \([0-9]*\) operations.*/\1/p' "$work/engine.txt")"
echo "interpreter overhead under callgrind: $count trigger bundles, $operations operations"
awk -v s="$setup" -v e="$engine" -v h="$hand" -v n="$operations" 'BEGIN {
  printf "  %-20s %16s %12s\n", "side", "Ir (instructions)", "Ir/operation"
  printf "  %-20s %16.0f %12s\n", "setup (subtracted)", s, ""
  printf "  %-20s %16.0f %12.0f\n", "sonarflow engine", e - s, (e - s) / n
  printf "  %-20s %16.0f %12.0f\n", "hand-written Swift", h - s, (h - s) / n
  printf "  engine / hand-written: %.1fx the instructions\n", (e - s) / (h - s)
}'
