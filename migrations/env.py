"""Alembic environment for On Record.

The URL is the one set on the Config (``config.set_main_option("sqlalchemy.url", ...)``,
as ``store.db.upgrade_to_head`` does), else ONRECORD_DATABASE_URL via bot.config.Settings.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.config import Settings
from store.db import (
    APPLY_ONLY,
    MIGRATION_LOCK_KEY,
    compare_options,
    make_engine,
    model_metadata,
    normalize_url,
)
from store.models import Base

config = context.config

if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

# What `alembic check` and autogenerate compare with: On Record's models and slack_sdk's
# OAuth tables. The app's own upgrades (store.db.upgrade_to_head) only apply migrations:
# they need the models' naming convention (batch operations on SQLite), not slack_sdk.
target_metadata = Base.metadata if config.attributes.get(APPLY_ONLY) else model_metadata()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url
    return normalize_url(url).render_as_string(hide_password=False)


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    dialect = connection.dialect.name if connection is not None else (url or "").split(":")[0]
    sqlite = dialect.startswith("sqlite")
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        # store.db starts every SQLite transaction itself, so DDL is transactional there too.
        transactional_ddl=True if sqlite else None,
        literal_binds=connection is None,
        dialect_opts={"paramstyle": "named"} if connection is None else {},
        **compare_options(),
    )


def run_migrations_offline() -> None:
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        _configure(connection=given)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                _lock_against_concurrent_upgrades(connection)
                context.run_migrations()
    finally:
        engine.dispose()


def _lock_against_concurrent_upgrades(connection: Connection) -> None:
    """PostgreSQL: wait for any other process migrating this database (released at commit).

    Taken inside the migration transaction, before Alembic reads the current revision, so a
    process that waited sees the other's work and has nothing left to do.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
