#!/usr/bin/env bash
# Bytes on disk per execution (#19 benchmark (a)): EXECUTIONS deliveries of a ~2 KB webhook recorded
# as serve records them (enqueue, begin, finish completing the delivery), on SQLite (after a
# TRUNCATE checkpoint: file size) and on PostgreSQL (pg_total_relation_size of executions,
# operations and webhook_queue after VACUUM), against the webhook JSON. Also prints the search
# index's share and the recording throughput of the same run.
#
# Usage: Benchmarks/history/size.sh [EXECUTIONS]   (default 1000; PostgreSQL at
#        $SONARFLOW_TEST_POSTGRES_URL, skipped when unset)
set -euo pipefail
cd "$(dirname "$0")/../.."

executions="${1:-1000}"
work="$(mktemp -d)"
base="${SONARFLOW_TEST_POSTGRES_URL:-}"
schema="size_$$"
cleanup() {
  rm -rf "$work"
  if [ -n "$base" ]; then psql "$base" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

. Benchmarks/lib/build.sh
binary="$(benchmark_binary HistorySizeBenchmark)"

value() { sed -n "s/^$1=//p"; }
row() {
  printf '| %-10s | %7s | %9s | %8s | %9s | %10s | %6s | %12s |\n' "$1" \
    "$(value webhook_bytes <<<"$2")" "$(value recorded_json_bytes <<<"$2")" "$(value bytes_per_execution <<<"$2")" \
    "$(value ratio_to_webhook <<<"$2")x" "$(value index_bytes_per_execution <<<"$2")" "0.60x" \
    "$(value executions_per_second <<<"$2")"
}

sqlite_output="$("$binary" --executions "$executions" --store sqlite --database "$work/size.sqlite")"
echo "History size: $executions executions of a ~2 KB webhook, recorded as serve records them"
echo
printf '| %-10s | %7s | %9s | %8s | %9s | %10s | %6s | %12s |\n' store webhook "recorded" "on disk" "ratio" "of it index" goal "executions/s"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "------------" "---------" "-----------" "----------" "-----------" "------------" "--------" "--------------"
row sqlite "$sqlite_output"
if [ -n "$base" ]; then
  case "$base" in *\?*) url="$base&schema=$schema" ;; *) url="$base?schema=$schema" ;; esac
  row postgres "$("$binary" --executions "$executions" --store postgres --database "$url")"
fi
