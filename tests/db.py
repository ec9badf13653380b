"""Database fixtures for every test module (load with ``pytest_plugins = ["tests.db"]``).

``db_url`` is parametrized over ``sqlite`` and ``postgresql``; every test gets a fresh
database migrated to head with Alembic (never ``create_all``):

* SQLite: a temp file, copied from a template file migrated once per session.
* PostgreSQL: the server of ``ONRECORD_TEST_POSTGRES_URL`` (``scripts/with_postgres.sh``
  starts one); a uniquely named database per test module, cloned from a template database
  migrated once per session, dropped after the module. Before each further test of the
  module every table is emptied (TRUNCATE ... RESTART IDENTITY), which leaves it exactly as
  freshly migrated; if that cannot be done (a leaked transaction holds a lock, the test
  moved the revision) the database is dropped and cloned again. Without that variable the
  postgresql cases are skipped, unless ``ONRECORD_REQUIRE_POSTGRES=1`` (CI): then they fail.

Tests must not change the schema of ``db_url``: ``empty_db_url`` is a fresh database
without migrations for that (migration tests). ``engine`` and ``session_factory`` are built
on ``db_url``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from store.db import (
    head_revision,
    make_engine,
    make_session_factory,
    model_metadata,
    normalize_url,
    upgrade_to_head,
)

POSTGRES_ENV = "ONRECORD_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "ONRECORD_REQUIRE_POSTGRES"
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


def _url_string(url: URL) -> str:
    return url.render_as_string(hide_password=False)


class PostgresServer:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, base_url: str) -> None:
        self.base = normalize_url(base_url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.template: str | None = None

    def url(self, database: str) -> str:
        return _url_string(self.base.set(database=database))

    def create(self, prefix: str, template: str | None = None) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def reset(self, name: str) -> bool:
        """Empty every table of a migrated database; False if it could not be done."""
        tables = ", ".join(f'"{t.name}"' for t in model_metadata().sorted_tables)
        engine = create_engine(self.url(name), poolclass=NullPool)
        try:
            with engine.begin() as conn:
                if MigrationContext.configure(conn).get_current_revision() != head_revision():
                    return False
                conn.execute(text("SET LOCAL lock_timeout = '5s'"))
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            return True
        except SQLAlchemyError:
            return False
        finally:
            engine.dispose()

    def migrated_template(self) -> str:
        if self.template is None:
            name = self.create("onrecord_tpl")
            upgrade_to_head(self.url(name))
            self.template = name
        return self.template

    def close(self) -> None:
        if self.template is not None:
            self.drop(self.template)
            self.template = None
        self.admin.dispose()


@pytest.fixture(scope="session")
def _postgres_server() -> Iterator[PostgresServer | None]:
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        yield None
        return
    server = PostgresServer(base)
    try:
        yield server
    finally:
        server.close()


def _require_postgres(server: PostgresServer | None) -> PostgresServer:
    if server is not None:
        return server
    reason = (
        f"PostgreSQL tests need {POSTGRES_ENV} "
        "(run them with ./scripts/with_postgres.sh .venv/bin/python -m pytest)"
    )
    if os.environ.get(REQUIRE_POSTGRES_ENV, "").strip() == "1":
        pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database kind of this test case: 'sqlite' or 'postgresql'."""
    return str(request.param)


@pytest.fixture
def empty_db_url(
    backend: str, tmp_path: Path, _postgres_server: PostgresServer | None
) -> Iterator[str]:
    """A fresh, empty database (no tables, no alembic_version)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    server = _require_postgres(_postgres_server)
    name = server.create("onrecord_test")
    try:
        yield server.url(name)
    finally:
        server.drop(name)


@pytest.fixture(scope="module")
def _postgres_module_db(_postgres_server: PostgresServer | None) -> Iterator[list[str]]:
    """The name of this module's PostgreSQL database, once a test has asked for it."""
    holder: list[str] = []
    yield holder
    if holder and _postgres_server is not None:
        _postgres_server.drop(holder[0])


@pytest.fixture
def db_url(
    backend: str,
    tmp_path: Path,
    _postgres_server: PostgresServer | None,
    _postgres_module_db: list[str],
    _sqlite_template: Path,
) -> str:
    """A fresh database migrated to head (empty tables)."""
    if backend == "sqlite":
        path = tmp_path / "onrecord.sqlite"
        shutil.copyfile(_sqlite_template, path)
        return f"sqlite:///{path}"
    server = _require_postgres(_postgres_server)
    if _postgres_module_db and not server.reset(_postgres_module_db[0]):
        server.drop(_postgres_module_db.pop())
    if not _postgres_module_db:
        _postgres_module_db.append(
            server.create("onrecord_test", template=server.migrated_template())
        )
    return server.url(_postgres_module_db[0])


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
