#!/usr/bin/env bash
# Diagnostic for the intake benchmark: the server's CPU time per request, by thread, on the plain
# route (ServeBaseline, Benchmarks/ServeBaseline) and on serve's durable hook, read from /proc
# before and after each wrk run. Unlike requests/s
# it barely moves with the machine's load, so two builds can be compared on a busy machine.
#  NIO-*            the event loops (HTTP parsing, sockets), the same work on both routes
#  *default-qos     Swift's cooperative pool (handlers: parsing, keys, group commit hand-offs)
#  *qos.overcommit  GRDB's writer queue (SQLite inserts and commits)
# Usage: Benchmarks/serve/cpu-per-request.sh [BINARY] [SERVE OPTIONS…]
#   e.g. Benchmarks/serve/cpu-per-request.sh .build/release/sonarflow --workers 1
# (default: a release build of this tree, default serve options). Needs wrk and python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/Benchmarks/lib/serve.sh"
. "$root/Benchmarks/lib/build.sh"
if [ $# -gt 0 ] && [ -x "$1" ]; then binary="$1"; shift; else binary="$(sonarflow_binary)"; fi
baseline="$(benchmark_binary ServeBaseline)"
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install -y wrk"; exit 2; }
work="$(mktemp -d)"
mkdir -p "$work/s"
write_intake_scenario "$work/s/bench.yaml"
"$binary" serve "$work/s" --port 0 --db "$work/i.sqlite" --log-level warning "$@" > "$work/log" 2>&1 &
pid=$!
"$baseline" > "$work/baseline.log" 2>&1 &
baseline_pid=$!
trap 'kill -TERM $pid $baseline_pid 2>/dev/null || true; wait $pid $baseline_pid 2>/dev/null || true; rm -rf "$work"' EXIT
url="$(wait_for_port "$work/log")"
noop_url="$(wait_for_port "$work/baseline.log")"
bench_path="$(hook_path "$binary" "$work/s" "$work/i.sqlite" bench)"
ticks="$(getconf CLK_TCK)"
# snapshot PID: CPU ticks per thread name (threads of one pool summed).
snapshot() {
  for task in /proc/$1/task/*; do
    echo "$(tr ' ' '_' < "$task/comm") $(awk '{print $14 + $15}' "$task/stat")"
  done | awk '{ticks[$1] += $2} END {for (name in ticks) print name, ticks[name]}' | sort
}
wrk -t2 -c64 -d2s -s "$root/Benchmarks/serve/post.lua" "$noop_url/_bench/noop" >/dev/null  # warm-up
wrk -t2 -c64 -d2s "$url/healthz" >/dev/null  # warm-up of serve's HTTP stack, no deliveries
for target in "$baseline_pid $noop_url _bench/noop" "$pid $url ${bench_path#/}"; do
  read -r server server_url route <<<"$target"
  snapshot "$server" > "$work/before"
  out="$(wrk -t2 -c64 -d8s -s "$root/Benchmarks/serve/post.lua" "$server_url/$route")"
  snapshot "$server" > "$work/after"
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "POST /$route: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, server CPU per request:"
  join "$work/before" "$work/after" | awk -v n="$requests" -v t="$ticks" '
    { us = ($3 - $2) / t / n * 1e6; total += us; if (us >= 0.1) printf "  %-22s %6.1f us\n", $1, us }
    END { printf "  %-22s %6.1f us\n", "total", total }'
done
executions="$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM executions').fetchone()[0])" "$work/i.sqlite")"
echo "executions run meanwhile: $executions"
