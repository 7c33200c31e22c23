#!/usr/bin/env bash
# Benchmark: `sonarflow serve` webhook intake.
#  1. wrk against POST /hooks/{name}/{secret} (durable: each request is committed to SQLite before the 200)
#     and, side by side, against POST /_bench/noop of ServeBaseline (Benchmarks/ServeBaseline: the
#     same HTTP stack and hook body reading, no queue). Goal: intake >= 50 % of noop.
#  2. End to end: webhooks posted for a scenario that texts each one through the in-process Sonar
#     emulator; executions/s from the first post until the emulator holds every message.
# Usage: Benchmarks/serve/run.sh [SECONDS] [CONNECTIONS]   (defaults 10 s, 64 connections)
# Needs wrk (apt-get install -y wrk) and python3.
set -euo pipefail
. "$(dirname "$0")/../lib/serve.sh"
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-10}"
connections="${2:-64}"
cd "$root"
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install -y wrk"; exit 2; }
binary="$(sonarflow_binary)"
baseline="$(benchmark_binary ServeBaseline)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/intake" "$work/e2e"
write_intake_scenario "$work/intake/bench.yaml"
write_text_scenario "$work/e2e/text.yaml"


# 1. Intake vs. noop.
"$binary" serve "$work/intake" --port 0 --db "$work/intake.sqlite" --log-level warning \
  > "$work/intake.log" 2>&1 &
pids+=($!)
"$baseline" > "$work/baseline.log" 2>&1 &
pids+=($!)
url="$(wait_for_port "$work/intake.log")"
noop_url="$(wait_for_port "$work/baseline.log")"
bench_path="$(hook_path "$binary" "$work/intake" "$work/intake.sqlite" bench)"
rps() { awk '/Requests\/sec/ {print $2}'; }
lat() { awk '/Latency/ {print $2; exit}'; }
wrk -t2 -c"$connections" -d2s -s Benchmarks/serve/post.lua "$noop_url/_bench/noop" >/dev/null  # warm-up
wrk -t2 -c"$connections" -d2s "$url/healthz" >/dev/null  # warm-up of serve's HTTP stack, no deliveries
noop_out="$(wrk -t2 -c"$connections" -d"${seconds}s" -s Benchmarks/serve/post.lua "$noop_url/_bench/noop")"
hook_out="$(wrk -t2 -c"$connections" -d"${seconds}s" -s Benchmarks/serve/post.lua "$url$bench_path")"
noop="$(echo "$noop_out" | rps)"; hook="$(echo "$hook_out" | rps)"
non2xx="$(echo "$hook_out" | awk '/Non-2xx/ {print $NF}')"
echo "POST /_bench/noop : ${noop} req/s (latency avg $(echo "$noop_out" | lat))"
echo "POST /hooks/bench : ${hook} req/s (latency avg $(echo "$hook_out" | lat)), non-2xx: ${non2xx:-0}"
python3 -c "print(f'ratio: {float($hook) / float($noop) * 100:.1f} % (goal >= 50 %)')"
for pid in "${pids[@]}"; do kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; done
pids=()

# 2. End to end: webhook -> execution -> message in the emulator.
"$binary" serve "$work/e2e" --port 0 --db "$work/e2e.sqlite" --emulator --workers 8 --log-level warning \
  > "$work/e2e.log" 2>&1 &
pids+=($!)
url="$(wait_for_port "$work/e2e.log")"
text_path="$(hook_path "$binary" "$work/e2e" "$work/e2e.sqlite" text)"
python3 - "$url" "$work/e2e.sqlite" "$text_path" <<'PY'
import concurrent.futures, json, sqlite3, sys, time, urllib.request
url, db, path = sys.argv[1], sys.argv[2], sys.argv[3]
count = 3000
def post(n):
    body = json.dumps({"order_id": str(n), "phone": "+1310555%04d" % (n % 10000)}).encode()
    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status
start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    statuses = list(pool.map(post, range(count)))
posted = time.perf_counter() - start
assert all(s == 200 for s in statuses), set(statuses)
while True:
    done = sqlite3.connect(db).execute("SELECT COUNT(*) FROM executions WHERE status = 'success'").fetchone()[0]
    if done >= count:
        break
    if time.perf_counter() - start > 300:
        sys.exit(f"only {done} of {count} executions finished")
    time.sleep(0.05)
elapsed = time.perf_counter() - start
print(f"end to end: {count} webhooks -> {count} sonar.sendMessage executions in {elapsed:.2f} s "
      f"= {count / elapsed:.0f} executions/s (posting took {posted:.2f} s)")
PY
