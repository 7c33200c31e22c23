#!/usr/bin/env bash
# Data stores: get + put pairs per second through the Data store runners (Get a record, Add/replace
# a record, the execution's commit) against the same two statements as raw SQL on the same
# database, on SQLite and on PostgreSQL (a fresh schema on $SONARFLOW_TEST_POSTGRES_URL, default
# the scripts/postgres.sh server), one after the other in one run.
#
# Usage: Benchmarks/datastores/run.sh [PAIRS] [KEYS]   (defaults: 20000 1000)
set -euo pipefail
cd "$(dirname "$0")/../.."

pairs="${1:-20000}"
keys="${2:-1000}"
base="${SONARFLOW_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:25432/sonarflow_test}"
schema="bench_ds_$$"
case "$base" in *\?*) url="$base&schema=$schema" ;; *) url="$base?schema=$schema" ;; esac
work="$(mktemp -d)"
trap 'rm -rf "$work"; psql "$base" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT

. Benchmarks/lib/build.sh
binary="$(benchmark_binary DataStoreBenchmark)"

value() { sed -n "s/^$1=//p"; }
sqlite="$("$binary" --pairs "$pairs" --keys "$keys" --store sqlite --database "$work/h.sqlite")"
postgres="$("$binary" --pairs "$pairs" --keys "$keys" --store postgres --database "$url")"

echo "Data stores: $pairs get + put pairs over $keys keys, one at a time"
echo
printf '| %-10s | %16s | %19s | %7s |\n' "database" "raw SQL pairs/s" "runners pairs/s" "ratio"
printf '|%s|%s|%s|%s|\n' "------------" "------------------" "---------------------" "---------"
printf '| %-10s | %16s | %19s | %6s%% |\n' "SQLite" "$(value raw_pairs_per_second <<<"$sqlite")" "$(value runner_pairs_per_second <<<"$sqlite")" "$(value ratio <<<"$sqlite")"
printf '| %-10s | %16s | %19s | %6s%% |\n' "PostgreSQL" "$(value raw_pairs_per_second <<<"$postgres")" "$(value runner_pairs_per_second <<<"$postgres")" "$(value ratio <<<"$postgres")"
