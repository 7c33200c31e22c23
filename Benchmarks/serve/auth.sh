#!/usr/bin/env bash
# Benchmark: webhook intake with authentication on. wrk against, side by side:
#   POST /_bench/noop of ServeBaseline (the same HTTP stack and body reading, no queue, no checks),
#   POST /hooks/bench/{secret} (the secret path; durable, as Benchmarks/serve/run.sh), and
#   POST /hooks/signed/{secret} with an HMAC-SHA256 signature of each body checked (the secret
#   path + signature; durable). Goal: signed >= 50 % of noop. Between the two serve routes it
#   waits until the first one's deliveries have run, so each starts with an empty queue.
# Usage: Benchmarks/serve/auth.sh [SECONDS] [CONNECTIONS]   (defaults 10 s, 64 connections)
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
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/s"
write_intake_scenario "$work/s/bench.yaml"
cat > "$work/s/signed.yaml" <<'YAML'
name: Bench signed
trigger:
  module: webhook.custom
  params:
    webhookName: signed
    signature: { header: X-Signature, secret: env:BENCH_SIGNING_KEY }
flow:
  - id: 2
    module: util.setVariable
    map: { name: order, value: "{{1.order_id}}" }
YAML
key="bench-signing-key-$(date +%s)"
python3 - "$key" "$work/signed.txt" <<'PY'
import hashlib, hmac, sys
key, path = sys.argv[1].encode(), sys.argv[2]
with open(path, "w") as out:
    for n in range(400_000):
        body = '{"order_id": "%d", "phone": "+13105551234"}' % n
        out.write(body + "\t" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest() + "\n")
PY
BENCH_SIGNING_KEY="$key" "$binary" serve "$work/s" --port 0 --db "$work/a.sqlite" --log-level warning \
  > "$work/log" 2>&1 &
pids+=($!)
"$baseline" > "$work/baseline.log" 2>&1 &
pids+=($!)
url="$(wait_for_port "$work/log")"
noop_url="$(wait_for_port "$work/baseline.log")"
bench="$(hook_path "$binary" "$work/s" "$work/a.sqlite" bench)"
signed="$(hook_path "$binary" "$work/s" "$work/a.sqlite" signed)"
rps() { awk '/Requests\/sec/ {print $2}'; }
non2xx() { awk '/Non-2xx/ {print $NF}'; }
wrk -t2 -c"$connections" -d2s -s Benchmarks/serve/post.lua "$noop_url/_bench/noop" >/dev/null  # warm-up
wrk -t2 -c"$connections" -d2s "$url/healthz" >/dev/null
noop_out="$(wrk -t2 -c"$connections" -d"${seconds}s" -s Benchmarks/serve/post.lua "$noop_url/_bench/noop")"
plain_out="$(wrk -t2 -c"$connections" -d"${seconds}s" -s Benchmarks/serve/post.lua "$url$bench")"
wait_for_drained "$url"  # the signed route starts, as the secret path did, with no backlog to run
signed_out="$(wrk -t2 -c"$connections" -d"${seconds}s" -s Benchmarks/serve/signed.lua "$url$signed" -- "$work/signed.txt" 2)"
noop="$(echo "$noop_out" | rps)"; plain="$(echo "$plain_out" | rps)"; sig="$(echo "$signed_out" | rps)"
echo "POST /_bench/noop            : $noop req/s"
echo "POST /hooks/bench/{secret}   : $plain req/s, non-2xx: $(echo "$plain_out" | non2xx)"
echo "POST /hooks/signed/{secret}  : $sig req/s, non-2xx: $(echo "$signed_out" | non2xx)"
python3 -c "print(f'secret path / noop: {$plain / $noop * 100:.1f} %; secret + HMAC / noop: {$sig / $noop * 100:.1f} % (goal >= 50 %); secret + HMAC / secret path: {$sig / $plain * 100:.1f} %')"
