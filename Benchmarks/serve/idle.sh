#!/usr/bin/env bash
# Benchmark: `sonarflow serve` resident memory at idle, for one or more binaries measured in turn
# (to compare builds of the same code: linked differently, before and after a change). Each round
# starts serve on an empty database with the intake scenario, waits for /readyz and 5 s more, and
# reads VmRSS, RssAnon and RssFile (the binary's mapped pages) from /proc. Goal: idle < 40 MB.
# How much of the binary serve maps depends on what of the file is in the page cache: COLD=1 drops
# the page cache before each start (as after a reboot; needs root), otherwise the file is as the
# last build or copy left it (usually all cached).
# Usage: Benchmarks/serve/idle.sh [ROUNDS] BINARY...   (ROUNDS defaults to 2; BINARY defaults to
# README's build)
set -euo pipefail
. "$(dirname "$0")/../lib/serve.sh"
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds=2
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  rounds="$1"
  shift
fi
cd "$root"
binaries=("$@")
((${#binaries[@]})) || binaries=("$(sonarflow_binary)")
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/s"
write_intake_scenario "$work/s/bench.yaml"
rss() { awk -v k="$1:" '$1 == k {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
for round in $(seq 1 "$rounds"); do
  for binary in "${binaries[@]}"; do
    rm -f "$work"/m.sqlite*
    if [ "${COLD:-0}" = 1 ]; then
      sync
      echo 3 > /proc/sys/vm/drop_caches
    fi
    "$binary" serve "$work/s" --port 0 --db "$work/m.sqlite" --log-level warning > "$work/log" 2>&1 &
    pid=$!
    url="$(wait_for_port "$work/log")"
    for _ in $(seq 1 100); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.1; done
    sleep 5
    echo "round $round, $binary ($(stat -c %s "$binary") bytes): idle $(rss VmRSS) MB (goal < 40 MB), $(rss RssAnon) MB anonymous, $(rss RssFile) MB mapped files"
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
  done
done
