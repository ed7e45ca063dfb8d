#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for the tests, on a free local port.
#
#   eval "$(tools/pg_throwaway.sh start)"   # exports RISKMAP_TEST_PG and RISKMAP_TEST_PG_DIR
#   tools/pg_throwaway.sh stop "$RISKMAP_TEST_PG_DIR"
#
# Run as root, the cluster belongs to the postgres user (initdb refuses root); otherwise to you.
# Trust authentication on 127.0.0.1 only, fsync off: the data is thrown away after the run.
set -euo pipefail

bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "pg_throwaway: no PostgreSQL server (initdb) found; install postgresql-15-postgis-3" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-}" in
start)
  bin=$(bindir)
  dir=$(mktemp -d /tmp/riskmap-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
    -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" \
    >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
  echo "export RISKMAP_TEST_PG='postgresql+psycopg2://postgres@127.0.0.1:$port/postgres'"
  echo "export RISKMAP_TEST_PG_DIR='$dir'"
  ;;
stop)
  dir=${2:?usage: pg_throwaway.sh stop DIR}
  bin=$(bindir)
  as_owner "'$bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
