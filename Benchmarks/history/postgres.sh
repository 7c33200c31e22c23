#!/usr/bin/env bash
# Execution history on PostgreSQL against SQLite: the same executions recorded by HistoryBenchmark
# through PostgresHistory (a fresh schema on the server at $SONARFLOW_TEST_POSTGRES_URL, default the
# scripts/postgres.sh server) and through SQLiteHistory, with the same concurrency.
#
# Usage: Benchmarks/history/postgres.sh [EXECUTIONS] [CONCURRENCY]   (defaults: 20000 32)
set -euo pipefail
cd "$(dirname "$0")/../.."

executions="${1:-20000}"
concurrency="${2:-32}"
base="${SONARFLOW_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:25432/sonarflow_test}"
schema="bench_$$"
case "$base" in *\?*) url="$base&schema=$schema" ;; *) url="$base?schema=$schema" ;; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"; psql "$base" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

. Benchmarks/lib/build.sh
binary="$(benchmark_binary HistoryBenchmark)"

value() { sed -n "s/^$1=//p"; }
common=(--executions "$executions" --concurrency "$concurrency" --operations 4 --bundle-bytes 1024)

pg_output="$("$binary" "${common[@]}" --store postgres --database "$url")"
size="$(psql "$base" -At -c "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$schema' AND c.relkind = 'r'")"
sqlite_output="$("$binary" "${common[@]}" --store sqlite --durability full --database "$work/h.sqlite")"
sqlite_normal_output="$("$binary" "${common[@]}" --store sqlite --durability normal --database "$work/n.sqlite")"

echo "Execution history: $executions executions x 4 operations, ~1 KB JSON bundles, $concurrency concurrent recorders (begin + finish)"
echo "PostgreSQL $(psql "$base" -At -c 'SHOW server_version') on loopback, synchronous_commit=on, tables ${size}"
echo
printf '| %-46s | %8s | %13s |\n' "store" "seconds" "executions/s"
printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..48})" "----------" "---------------"
printf '| %-46s | %8s | %13s |\n' "PostgresHistory (synchronous_commit=on)" "$(value seconds <<<"$pg_output")" "$(value executions_per_second <<<"$pg_output")"
printf '| %-46s | %8s | %13s |\n' "SQLiteHistory, synchronous=FULL" "$(value seconds <<<"$sqlite_output")" "$(value executions_per_second <<<"$sqlite_output")"
printf '| %-46s | %8s | %13s |\n' "SQLiteHistory, synchronous=NORMAL (default)" "$(value seconds <<<"$sqlite_normal_output")" "$(value executions_per_second <<<"$sqlite_normal_output")"
