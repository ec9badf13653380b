#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on 127.0.0.1.
# Exports ONRECORD_TEST_POSTGRES_URL for the command; stops and deletes the server afterwards.
# If ONRECORD_TEST_POSTGRES_URL is already set, the command runs against that server instead.
set -euo pipefail

if [ -n "${ONRECORD_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

PG_BIN=""
if command -v initdb >/dev/null 2>&1; then
  PG_BIN="$(dirname "$(readlink -f "$(command -v initdb)")")"
else
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && PG_BIN="$d"
  done
fi
if [ -z "$PG_BIN" ]; then
  echo "with_postgres: initdb not found; PostgreSQL tests will not run" >&2
  exec "$@"
fi

datadir="$(mktemp -d /tmp/onrecord-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg=()
if [ "$(id -u)" = "0" ]; then
  chown postgres "$datadir" 2>/dev/null || chown nobody "$datadir"
  as_pg=(runuser -u "$(stat -c %U "$datadir")" --)
fi

cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT

"${as_pg[@]}" "$PG_BIN/initdb" -D "$datadir/data" -U onrecord --auth=trust -E UTF8 >"$datadir/initdb.log" 2>&1 \
  || { cat "$datadir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$datadir/server.log" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U onrecord onrecord_test

export ONRECORD_TEST_POSTGRES_URL="postgresql+psycopg://onrecord@127.0.0.1:$port/onrecord_test"
echo "with_postgres: PostgreSQL on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
exit $status
