#!/usr/bin/env bash
# Benchmark: `sonarflow serve` scaled out on PostgreSQL. End to end, as the second half of
# Benchmarks/serve/run.sh: webhooks posted round-robin over the runners (32 concurrent clients) for
# a scenario that texts each one through one shared Sonar emulator; executions/s from the first post
# until every execution is recorded as a success and the emulator holds every message. The same
# workload runs with 1, 2 and 3 runners on one PostgreSQL database and with one runner on SQLite,
# printed side by side.
#
# Usage: Benchmarks/scale-out/run.sh [WEBHOOKS] [WORKERS]   (defaults 3000 per configuration, 8 workers)
# PostgreSQL: $SONARFLOW_TEST_POSTGRES_URL (default the scripts/postgres.sh server on 25432); each
# configuration gets a fresh schema, dropped at the end. Needs python3, curl, psql and sqlite3.
set -euo pipefail
. "$(dirname "$0")/../lib/serve.sh"
. "$(dirname "$0")/../lib/build.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-3000}"
workers="${2:-8}"
base="${SONARFLOW_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:25432/sonarflow_test}"
cd "$root"
binary="$(sonarflow_binary)"

work="$(mktemp -d)"
pids=()
schemas=()
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_all
  [ -n "${emulator_pid:-}" ] && kill -TERM "$emulator_pid" 2>/dev/null || true
  for schema in "${schemas[@]}"; do psql "$base" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/scenarios"
write_text_scenario "$work/scenarios/text.yaml"

# The emulator's banner is block-buffered when redirected: give it a free port and poll it instead.
emulator_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$binary" emulator --port "$emulator_port" --token bench-token --log-level warning > "$work/emulator.log" 2>&1 &
emulator_pid=$!
sonar_url="http://127.0.0.1:$emulator_port/api/v1"
state_url="http://127.0.0.1:$emulator_port/_emulator/state"
for _ in $(seq 1 400); do curl -sf "$state_url" >/dev/null 2>&1 && break; sleep 0.05; done
curl -sf "$state_url" >/dev/null || { echo "the emulator did not start:" >&2; cat "$work/emulator.log" >&2; exit 1; }


# run LABEL RUNNERS DB COUNT-COMMAND: starts the runners, posts, waits, prints "LABEL|seconds|rate".
run() {
  local label="$1" runners="$2" db="$3" counter="$4" urls=()
  for i in $(seq 1 "$runners"); do
    SONAR_TOKEN=bench-token "$binary" serve "$work/scenarios" --port 0 --db "$db" --workers "$workers" \
      --sonar-url "$sonar_url" --log-level warning > "$work/$label-$i.log" 2>&1 &
    pids+=($!)
  done
  for i in $(seq 1 "$runners"); do urls+=("$(wait_for_port "$work/$label-$i.log")"); done
  local path
  path="$(hook_path "$binary" "$work/scenarios" "$db" text)"
  python3 - "$label" "$count" "$state_url" "$counter" "$path" "${urls[@]}" <<'PY'
import concurrent.futures, json, subprocess, sys, time, urllib.request
label, count, state_url, counter, path, urls = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
def messages():
    with urllib.request.urlopen(state_url) as response:
        return len(json.load(response)["messages"])
def succeeded():
    return int(subprocess.run(counter, shell=True, capture_output=True, text=True, check=True).stdout.strip() or 0)
before = messages()
def post(n):
    body = json.dumps({"order_id": f"{label}-{n}", "phone": "+1310555%04d" % (n % 10000)}).encode()
    request = urllib.request.Request(urls[n % len(urls)] + path, data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status
start = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    statuses = list(pool.map(post, range(count)))
posted = time.perf_counter() - start
assert all(s == 200 for s in statuses), set(statuses)
while succeeded() < count or messages() - before < count:
    if time.perf_counter() - start > 600:
        sys.exit(f"{label}: only {succeeded()} of {count} executions finished")
    time.sleep(0.05)
elapsed = time.perf_counter() - start
print(f"{label}|{elapsed:.2f}|{count / elapsed:.0f}|{posted:.2f}")
PY
  stop_all
}

results=()
for runners in 1 2 3; do
  schema="bench_scale_${runners}_$$"
  schemas+=("$schema")
  case "$base" in *\?*) url="$base&schema=$schema" ;; *) url="$base?schema=$schema" ;; esac
  results+=("$(run "postgres-$runners" "$runners" "$url" \
    "psql '$base' -At -c \"SELECT count(*) FROM $schema.executions WHERE status = 'success'\" 2>/dev/null || echo 0")")
done
results+=("$(run "sqlite-1" 1 "$work/bench.sqlite" \
  "sqlite3 '$work/bench.sqlite' \"SELECT COUNT(*) FROM executions WHERE status = 'success'\" 2>/dev/null || echo 0")")

echo "End to end: $count webhooks -> $count sonar.sendMessage executions (one shared emulator), 32 concurrent clients, --workers $workers per runner"
echo "PostgreSQL $(psql "$base" -At -c 'SHOW server_version') on loopback; $(nproc) cores shared by everything"
echo
printf '| %-28s | %8s | %13s | %13s |\n' "configuration" "seconds" "executions/s" "posting (s)"
printf '|%s|%s|%s|%s|\n' "------------------------------" "----------" "---------------" "---------------"
for line in "${results[@]}"; do
  IFS='|' read -r label seconds rate posted <<<"$line"
  case "$label" in
    postgres-1) name="PostgreSQL, 1 runner" ;;
    postgres-2) name="PostgreSQL, 2 runners" ;;
    postgres-3) name="PostgreSQL, 3 runners" ;;
    sqlite-1) name="SQLite, 1 runner" ;;
  esac
  printf '| %-28s | %8s | %13s | %13s |\n' "$name" "$seconds" "$rate" "$posted"
done
