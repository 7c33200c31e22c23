#!/usr/bin/env bash
# The console's queries on a large history (#20): the first page, scenario + status, a search by
# phone number, and the scenarios page's counts by status of one scenario over the last 24 hours,
# timed as the store call (p50, p95) against the 200 ms goal, on SQLite and (when
# $SONARFLOW_TEST_POSTGRES_URL is set) PostgreSQL. The history is generated with bulk SQL.
#
# Usage: Benchmarks/history/search.sh [EXECUTIONS] [QUERIES]   (defaults: 1000000 200)
set -euo pipefail
cd "$(dirname "$0")/../.."

executions="${1:-1000000}"
queries="${2:-200}"
work="$(mktemp -d)"
base="${SONARFLOW_TEST_POSTGRES_URL:-}"
schema="search_$$"
cleanup() {
  rm -rf "$work"
  if [ -n "$base" ]; then psql "$base" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

. Benchmarks/lib/build.sh
binary="$(benchmark_binary HistorySearchBenchmark)"

report() {
  local store="$1" output="$2"
  local generated
  generated="$(sed -n 's/^generated_seconds=//p' <<<"$output")"
  echo "$store: $executions executions generated in ${generated} s"
  sed -n 's/^query=//p' <<<"$output" | while IFS=';' read -r name p50 p95 rows; do
    printf '| %-8s | %-40s | %9s | %9s | %8s | %s |\n' "$store" "$name" "${p50#p50_ms=}" "${p95#p95_ms=}" "< 200" "${rows#rows=}"
  done
}

sqlite_output="$("$binary" --executions "$executions" --queries "$queries" --store sqlite --database "$work/search.sqlite")"
printf '| %-8s | %-40s | %9s | %9s | %8s | %s |\n' store query "p50 (ms)" "p95 (ms)" "goal p95" "rows per call"
printf '|%s|%s|%s|%s|%s|%s|\n' "----------" "------------------------------------------" "-----------" "-----------" "----------" "---------------"
report sqlite "$sqlite_output"
if [ -n "$base" ]; then
  case "$base" in *\?*) url="$base&schema=$schema" ;; *) url="$base?schema=$schema" ;; esac
  report postgres "$("$binary" --executions "$executions" --queries "$queries" --store postgres --database "$url")"
fi
