#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 server for the history tests, on 127.0.0.1:25432 with
# trust authentication on loopback and a database `sonarflow_test`. Installs nothing: needs
# Debian's `postgresql` package (apt-get install -y postgresql). Run as root (the server runs as
# the `postgres` user) or as a user who can run initdb and pg_ctl themselves.
#
#   scripts/postgres.sh start   # prints the URL to export as SONARFLOW_TEST_POSTGRES_URL
#   scripts/postgres.sh stop    # stops the server and deletes its data directory
#   scripts/postgres.sh url     # prints the URL
#
# PGPORT and PGDATA_DIR override the port and the data directory. The default port is below
# Linux's ephemeral range (32768–60999), so no client connection of the machine can be holding it
# as its local port when the server starts.
set -euo pipefail

port="${PGPORT:-25432}"
data="${PGDATA_DIR:-${TMPDIR:-/tmp}/sonarflow-postgres-$port}"
url="postgres://postgres@127.0.0.1:$port/sonarflow_test"

bin=""
for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/pg_ctl" ]; then bin="$candidate"; break; fi
done

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [ -z "$bin" ]; then
      echo "error: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
      exit 1
    fi
    if [ -f "$data/postmaster.pid" ] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "$url"
      exit 0
    fi
    rm -rf "$data"
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
    as_postgres "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust >"$data.initdb.log" 2>&1 \
      || { cat "$data.initdb.log" >&2; exit 1; }
    # Loopback only; the socket goes in the data directory so no system folder is needed. The
    # whole suite runs its PostgreSQL suites in parallel, each with pools of its own and child
    # processes: 100 connections (the default) ran out on a loaded machine.
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=on -c synchronous_commit=on -c max_connections=400" \
      start >/dev/null \
      || { cat "$data/server.log" >&2; exit 1; }
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE sonarflow_test" >/dev/null
    echo "$url"
    ;;
  stop)
    if [ -n "$bin" ] && [ -f "$data/postmaster.pid" ]; then
      as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$data" "$data.initdb.log"
    ;;
  url)
    echo "$url"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
