"""Engines, sessions and migrations.

* SQLite: WAL journal, foreign keys on, a busy timeout, and real transactions: the driver's
  own implicit-transaction handling is switched off and every writing transaction starts with
  ``BEGIN IMMEDIATE`` (so SAVEPOINTs nest properly, and two writers queue on the busy
  timeout instead of failing with "database is locked" when one upgrades a read snapshot).
  Sessions opened with ``read_session`` start with a plain ``BEGIN``: in WAL mode they read
  a snapshot and never wait for, or block, a writer.
* Migrations are serialised: on PostgreSQL ``upgrade_to_head`` holds an advisory lock, so two
  processes starting on a new database do not both try to create it.
* URLs are printed only through ``masked_url`` (the password replaced by ``***``).
* PostgreSQL: psycopg 3; ``postgresql://`` URLs are mapped to ``postgresql+psycopg://``.
* The schema comes from Alembic (``upgrade_to_head``), never from ``create_all``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from store.models import Base

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Config.attributes key: this run only applies migrations (no models to compare with)
APPLY_ONLY = "onrecord_apply_only"
READ_ONLY_OPTION = "onrecord_read_only"
# pg_advisory_lock key held while migrating (any fixed 64-bit number; this is "onrecord").
MIGRATION_LOCK_KEY = 0x6F6E7265636F7264

_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = _ROOT / "migrations"
ALEMBIC_INI = _ROOT / "alembic.ini"


def normalize_url(url: str | URL) -> URL:
    """Parse a database URL; plain ``postgresql://`` (or ``postgres://``) uses psycopg 3."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


# libpq also takes secrets as query parameters (postgresql://host/db?password=...)
SECRET_QUERY_PARAMETERS = frozenset({"password", "sslpassword"})


def masked_url(url: str | URL) -> str:
    """A database URL fit to print or log: its password (if any) shown as ``***``."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except Exception:
        return "(a database URL that could not be parsed)"
    secret_params = {k: "***" for k in parsed.query if k.lower() in SECRET_QUERY_PARAMETERS}
    shown = parsed.update_query_dict(secret_params).render_as_string(hide_password=True)
    return shown.replace("%2A%2A%2A", "***")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An Engine for ``url`` with the per-dialect settings On Record relies on."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("check_same_thread", False)
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    in_memory = url.database in (None, "", ":memory:") or "mode=memory" in str(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Hand transaction control to SQLAlchemy (see the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def read_session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for reading only; its transaction is rolled back when it closes.

    On SQLite it starts with a plain ``BEGIN``, so a long write elsewhere never makes it wait
    for the write lock.
    """
    bind = factory.kw["bind"]
    with factory(bind=bind.execution_options(**{READ_ONLY_OPTION: True})) as session:
        yield session


def alembic_config(url: str | URL | None = None) -> Config:
    """The Alembic Config for this project; ``url`` overrides ONRECORD_DATABASE_URL."""
    config = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.exists() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Called from the app or tests: leave the caller's logging alone (the CLI configures it).
    config.attributes["configure_logging"] = False
    if url is not None:
        rendered = normalize_url(url).render_as_string(hide_password=False)
        # ConfigParser interpolation: a literal % in a password must be doubled.
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def model_metadata() -> MetaData:
    """Every table the migrations make: On Record's models and slack_sdk's OAuth tables.

    What `alembic check` and `check_migrations` compare with. slack_sdk's tables are added
    here, on first use, not when this module is imported: upgrading and the light commands
    never load slack_sdk (tests/test_cli_startup.py).
    """
    from store import slack_oauth  # noqa: F401  (puts slack_sdk's tables on Base.metadata)

    return Base.metadata


def _applying(url: str | URL) -> Config:
    config = alembic_config(url)
    config.attributes[APPLY_ONLY] = True
    return config


def upgrade_to_head(url: str | URL) -> None:
    """Run every Alembic migration up to head on the database at ``url``.

    Two processes upgrading one database at once are serialised (migrations/env.py takes
    a PostgreSQL advisory lock; SQLite's ``BEGIN IMMEDIATE`` queues the second), and the
    second then finds nothing left to do.
    """
    command.upgrade(_applying(url), "head")


def downgrade_to_base(url: str | URL) -> None:
    """Undo every migration (drops all of On Record's tables)."""
    command.downgrade(_applying(url), "base")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(url: str | URL) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def compare_options() -> dict[str, Any]:
    """Options shared by env.py and check_migrations so both see the same differences."""
    return {"compare_type": True, "compare_server_default": False}


def check_migrations(url: str | URL) -> list[str]:
    """Problems between the models, the migrations and the database at ``url``.

    Empty when the database is at the head revision and its schema matches the models
    (what ``alembic check`` reports, through Alembic's API).
    """
    problems: list[str] = []
    head = head_revision()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts=compare_options())
            current = context.get_current_revision()
            if current != head:
                problems.append(f"database is at revision {current!r}, head is {head!r}")
            problems.extend(repr(diff) for diff in compare_metadata(context, model_metadata()))
    finally:
        engine.dispose()
    return problems
