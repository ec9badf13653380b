#!/usr/bin/env bash
# Fail when the SQLAlchemy models and the Alembic migrations disagree.
# Upgrades a temporary SQLite database to head and runs `alembic check` against it; does the
# same on PostgreSQL (a fresh temporary database on that server) when
# ONRECORD_TEST_POSTGRES_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
[ -x "$PY" ] || PY="python3"
alembic() { "$PY" -m alembic -c alembic.ini "$@"; }

tmpdir="$(mktemp -d "${TMPDIR:-/tmp}/onrecord-migrations.XXXXXX")"
pg_db=""
cleanup() {
  if [ -n "$pg_db" ]; then
    "$PY" - "$ONRECORD_TEST_POSTGRES_URL" "$pg_db" drop <<'PY' || true
import sys
from sqlalchemy import create_engine, text
from store.db import normalize_url
admin = create_engine(normalize_url(sys.argv[1]), isolation_level="AUTOCOMMIT")
with admin.connect() as conn:
    conn.execute(text(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)'))
admin.dispose()
PY
  fi
  rm -rf "$tmpdir"
}
trap cleanup EXIT

check() {
  local label="$1" url="$2"
  echo "check_migrations: $label: upgrade to head" >&2
  ONRECORD_DATABASE_URL="$url" alembic upgrade head
  echo "check_migrations: $label: alembic check" >&2
  if ! ONRECORD_DATABASE_URL="$url" alembic check; then
    echo "check_migrations: $label: the models and the migrations disagree;" \
      "write a migration (alembic revision --autogenerate) and check it by hand" >&2
    return 1
  fi
}

check sqlite "sqlite:///$tmpdir/check.sqlite"

if [ -n "${ONRECORD_TEST_POSTGRES_URL:-}" ]; then
  pg_db="onrecord_migcheck_$$_$RANDOM"
  pg_url="$("$PY" - "$ONRECORD_TEST_POSTGRES_URL" "$pg_db" create <<'PY'
import sys
from sqlalchemy import create_engine, text
from store.db import normalize_url
base = normalize_url(sys.argv[1])
admin = create_engine(base, isolation_level="AUTOCOMMIT")
with admin.connect() as conn:
    conn.execute(text(f'CREATE DATABASE "{sys.argv[2]}"'))
admin.dispose()
print(base.set(database=sys.argv[2]).render_as_string(hide_password=False))
PY
)"
  check postgresql "$pg_url"
else
  echo "check_migrations: ONRECORD_TEST_POSTGRES_URL not set; PostgreSQL not checked" >&2
fi
echo "check_migrations: models and migrations agree" >&2
