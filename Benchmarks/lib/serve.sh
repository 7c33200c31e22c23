# Shared by Benchmarks/serve/run.sh, Benchmarks/serve/cpu-per-request.sh and Benchmarks/scale-out/run.sh (sourced, not run).

# write_intake_scenario FILE: the intake scenario, a custom webhook `bench` with one set-variable.
write_intake_scenario() {
  cat > "$1" <<'YAML'
name: Bench intake
trigger:
  module: webhook.custom
  params: { webhookName: bench }
flow:
  - id: 2
    module: util.setVariable
    map: { name: order, value: "{{1.order_id}}" }
YAML
}

# write_text_scenario FILE: the end-to-end scenario, a custom webhook that texts each delivery.
write_text_scenario() {
  cat > "$1" <<'YAML'
name: Bench text
trigger:
  module: webhook.custom
  params: { webhookName: text }
flow:
  - id: 2
    module: sonar.sendMessage
    map: { phoneNumber: "{{1.phone}}", text: "Order {{1.order_id}} received" }
YAML
}

# wait_for_port LOG: waits for `sonarflow serve` to print its address in LOG, then prints it.
wait_for_port() {
  for _ in $(seq 1 400); do
    if grep -q "listening on" "$1" 2>/dev/null; then
      grep -o 'listening on http://[0-9.]*:[0-9]*' "$1" | head -1 | sed 's/listening on //'
      return 0
    fi
    sleep 0.05
  done
  echo "serve did not start:" >&2; cat "$1" >&2; exit 1
}

# hook_path BINARY SCENARIOS DB HOOK: the hook's path with its secret, /hooks/HOOK/SECRET, as
# `sonarflow webhooks list` prints it (it creates the secret; serve on the same DB answers there).
hook_path() {
  "$1" webhooks list "$2" --db "$3" --format json \
    | python3 -c 'import json, sys; print(next(h["url"] for h in json.load(sys.stdin) if h["hook"] == sys.argv[1]))' "$4"
}

# wait_for_drained URL: waits until serve at URL has no pending delivery (its /metrics gauge
# sonarflow_queue_depth is 0), so that the next measured route does not share the CPU with the
# executions the previous one queued. Gives up after 600 s.
wait_for_drained() {
  for _ in $(seq 1 1200); do
    depth="$(curl -s "$1/metrics" | awk '$1 == "sonarflow_queue_depth" {print $2 + 0}')"
    [ "${depth:-1}" = "0" ] && return 0
    sleep 0.5
  done
  echo "serve at $1 still has deliveries queued after 600 s" >&2; exit 1
}
