#!/usr/bin/env bash
# Benchmark: `sonarflow serve` resident memory idle, at the peak of a burst of webhooks, and after
# the burst (as the last delivery is recorded, and 15 s later, once serve has trimmed the
# allocator's free memory after the burst). Goals: idle < 40 MB; after the burst
# within 20 % of idle.
# The burst: wrk posting distinct bodies for SECONDS (22,000 webhooks/s on a quiet 2-core machine,
# so 5 s is about 100,000; the script prints how many).
# Usage: Benchmarks/serve/memory.sh [SECONDS] [CONNECTIONS]   (defaults 20 s and 64)
# Needs wrk (apt-get install -y wrk) and python3.
set -euo pipefail
. "$(dirname "$0")/../lib/serve.sh"
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-20}"
connections="${2:-64}"
cd "$root"
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install -y wrk"; exit 2; }
binary="$(sonarflow_binary)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/s"
write_intake_scenario "$work/s/bench.yaml"
"$binary" serve "$work/s" --port 0 --db "$work/m.sqlite" --log-level warning > "$work/log" 2>&1 &
pid=$!
url="$(wait_for_port "$work/log")"
path="$(hook_path "$binary" "$work/s" "$work/m.sqlite" bench)"
rss() { awk -v k="$1:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
for _ in $(seq 1 100); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.1; done
sleep 5
idle="$(rss VmRSS)"
idle_anon="$(rss RssAnon)"
idle_file="$(rss RssFile)"
start="$(date +%s.%N)"
wrk -t2 -c"$connections" -d"${seconds}s" -s Benchmarks/serve/post.lua "$url$path" > "$work/wrk.txt"
posted="$(date +%s.%N)"
# Until every delivery has run and is recorded.
for _ in $(seq 1 900); do
  depth="$(curl -sf "$url/metrics" | awk '/^sonarflow_queue_depth / {print $2}')"
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) == 0 else 1)" "${depth:-1}" && break
  sleep 0.2
done
drained="$(date +%s.%N)"
at_drain="$(rss VmRSS)"
executions="$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM executions').fetchone()[0])" "$work/m.sqlite")"
sleep 15
after="$(rss VmRSS)"
after_anon="$(rss RssAnon)"
after_file="$(rss RssFile)"
peak="$(rss VmHWM)"
echo "webhooks: $(awk '/requests in/ {print $1}' "$work/wrk.txt") posted in $(python3 -c "print(f'{$posted - $start:.1f}')") s, $executions executions recorded after $(python3 -c "print(f'{$drained - $start:.1f}')") s"
echo "RSS idle:        $idle MB (goal < 40 MB): $idle_anon MB anonymous, $idle_file MB mapped files (the binary)"
echo "RSS peak:        $peak MB"
echo "RSS at drain:    $at_drain MB, as the last delivery was recorded (before serve's malloc_trim)"
echo "RSS after burst: $after MB, 15 s after the queue drained: $after_anon MB anonymous, $after_file MB mapped files"
python3 -c "print(f'after / idle: {$after / $idle * 100:.0f} % (goal <= 120 %)')"
