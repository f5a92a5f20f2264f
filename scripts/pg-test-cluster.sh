#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI: initdb in a temporary folder owned by the
# `postgres` user (initdb and pg_ctl refuse to run as root), listening on 127.0.0.1 only, with one
# database. Nothing of the system's own PostgreSQL service is used or touched.
#
#   scripts/pg-test-cluster.sh start DIR [PORT]   start it (PORT: default the first free one from 55432);
#                                                 prints `DATABASE_URL=postgres://…`
#   scripts/pg-test-cluster.sh stop DIR           stop it and remove DIR
#   scripts/pg-test-cluster.sh run [PORT] -- CMD… start in a fresh temp dir, run CMD with
#                                                 TEST_DATABASE_URL exported, stop and remove on exit
#
# Locally, as root:  bash scripts/pg-test-cluster.sh run -- npx vitest run test/store
# As a normal user the script runs initdb as that user (no runuser needed).
set -euo pipefail

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

BIN=$(pg_bin) || die "no PostgreSQL binaries found (apt-get install -y postgresql)"

# Run a PostgreSQL binary as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The first port from 55432 on that nothing on 127.0.0.1 listens on.
free_port() {
  local p
  for p in $(seq 55432 55531); do
    if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port between 55432 and 55531"
}

start() {
  local dir=$1 port=${2:-}
  [ -n "$port" ] || port=$(free_port)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "user postgres is missing (install the postgresql package)"
    chown postgres: "$dir"
    chmod 700 "$dir"
  fi
  local data="$dir/data"
  as_owner "$BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # Loopback only, no Unix socket outside the cluster folder, small and quick (a test cluster: fsync off).
  as_owner "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; die "pg_ctl start failed (is port $port taken?)"; }
  as_owner "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE zixing_test" >/dev/null \
    || die "could not create the test database"
  echo "$port" >"$dir/port"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/zixing_test"
}

stop() {
  local dir=$1
  [ -d "$dir/data" ] && as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) [ $# -ge 2 ] || die "usage: start DIR [PORT]"; start "$2" "${3:-}" ;;
  stop) [ $# -ge 2 ] || die "usage: stop DIR"; stop "$2" ;;
  run)
    shift
    port=""
    if [ "${1:-}" != "--" ] && [ -n "${1:-}" ]; then port=$1; shift; fi
    [ "${1:-}" = "--" ] && shift
    [ $# -ge 1 ] || die "usage: run [PORT] -- CMD..."
    dir=$(mktemp -d /tmp/zx-pg.XXXXXX)
    trap 'stop "$dir"' EXIT INT TERM
    url=$(start "$dir" "$port")
    export TEST_DATABASE_URL=${url#DATABASE_URL=}
    echo "pg-test-cluster: $TEST_DATABASE_URL" >&2
    "$@"
    ;;
  *) die "usage: start DIR [PORT] | stop DIR | run [PORT] -- CMD..." ;;
esac
