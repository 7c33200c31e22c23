#!/usr/bin/env bash
# Sonar client benchmark: the release emulator, then
#   1. SonarClientBenchmark sending 20,000 messages with 32 in flight, and
#   2. wrk (32 connections) posting the same kind of message to the same endpoint,
# alternately for ROUNDS rounds (default 2), and prints the best rate of each and their ratio
# (goal: client >= 50 % of wrk).
# Usage: Benchmarks/sonar/run.sh [count] [concurrency] [wrk-duration]
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-20000}"
CONCURRENCY="${2:-32}"
DURATION="${3:-10s}"
PORT="${PORT:-18089}"
TOKEN="bench-token"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

. Benchmarks/lib/build.sh
SONARFLOW="$(sonarflow_binary)"
CLIENT="$(benchmark_binary SonarClientBenchmark)"

"$SONARFLOW" emulator --port "$PORT" --token "$TOKEN" --log-level error >/tmp/sonar-bench-emulator.log 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/_emulator/state" >/dev/null 2>&1 && break
  sleep 0.1
done

# The machine may be shared: alternate client and wrk for ROUNDS rounds and keep the best of each.
ROUNDS="${ROUNDS:-2}"
CLIENT_RATE=0
WRK_RATE=0
WRK_NON2XX=0
for round in $(seq 1 "$ROUNDS"); do
  curl -fs -X POST "http://127.0.0.1:$PORT/_emulator/reset" >/dev/null
  echo "== round $round, client: $COUNT messages, $CONCURRENCY in flight"
  CLIENT_OUT="$("$CLIENT" --url "http://127.0.0.1:$PORT/api/v1" --token "$TOKEN" \
    --count "$COUNT" --concurrency "$CONCURRENCY")"
  echo "$CLIENT_OUT" | grep -v '^CLIENT_RATE='
  RATE="$(echo "$CLIENT_OUT" | sed -n 's/^CLIENT_RATE=//p')"
  CLIENT_RATE="$(python3 -c "print(max(float('$CLIENT_RATE'), float('$RATE')))")"
  STORED="$(curl -fs "http://127.0.0.1:$PORT/_emulator/state" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["messages"]))')"
  echo "emulator stored $STORED messages"
  if [ "$STORED" != "$COUNT" ]; then echo "error: the emulator stored $STORED messages, expected $COUNT" >&2; exit 1; fi
  curl -fs -X POST "http://127.0.0.1:$PORT/_emulator/reset" >/dev/null

  echo "== round $round, wrk: $CONCURRENCY connections, $DURATION"
  WRK_OUT="$(SONAR_TOKEN="$TOKEN" wrk -t2 -c"$CONCURRENCY" -d"$DURATION" -s Benchmarks/sonar/post_message.lua "http://127.0.0.1:$PORT")"
  echo "$WRK_OUT" | grep -E 'Requests/sec|Latency|requests in|Non-2xx' || true
  RATE="$(echo "$WRK_OUT" | awk '/Requests\/sec/ {print $2}')"
  WRK_RATE="$(python3 -c "print(max(float('$WRK_RATE'), float('$RATE')))")"
  NON2XX="$(echo "$WRK_OUT" | sed -n 's/^WRK_NON2XX=//p')"
  WRK_NON2XX=$((WRK_NON2XX + ${NON2XX:-0}))
done

echo
printf '%-8s %12s\n' "best of $ROUNDS" "msgs/s"
printf '%-8s %12.0f\n' "client" "$CLIENT_RATE"
printf '%-8s %12.0f\n' "wrk" "$WRK_RATE"
python3 -c "print(f'ratio client/wrk: {float($CLIENT_RATE)/float($WRK_RATE)*100:.0f} % (goal >= 50 %), wrk non-2xx: ${WRK_NON2XX:-0}')"
if [ "${WRK_NON2XX:-0}" != "0" ]; then echo "error: wrk got $WRK_NON2XX non-2xx answers" >&2; exit 1; fi
