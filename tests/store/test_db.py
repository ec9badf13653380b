"""Engine settings per dialect."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store import db
from store.models import ClaimRow

from .factories import TEAM


def test_postgresql_urls_use_psycopg3() -> None:
    assert db.normalize_url("postgresql://u:p@h/d").drivername == "postgresql+psycopg"
    assert db.normalize_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    assert db.normalize_url("postgresql+psycopg://u@h/d").drivername == "postgresql+psycopg"
    assert db.normalize_url("sqlite:///x.db").drivername == "sqlite"


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            busy = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy == db.SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s, pytest.raises(IntegrityError):
        s.add(
            ClaimRow(
                team_id=TEAM,
                person_id=12345,
                article_id=67890,
                kind="direct",
                content="x",
                content_start=0,
                content_end=1,
                stated_on=datetime.now(UTC).date(),
            )
        )
        s.flush()


def test_savepoint_rollback_inside_a_transaction(engine: Engine) -> None:
    """SAVEPOINTs nest inside the outer transaction (on SQLite too)."""
    with engine.connect() as conn:
        conn.execute(
            text(
                "INSERT INTO watched_channels (team_id, channel, created_at) VALUES ('T', 'C1', :t)"
            ),
            {"t": datetime.now(UTC)},
        )
        nested = conn.begin_nested()
        conn.execute(
            text(
                "INSERT INTO watched_channels (team_id, channel, created_at) VALUES ('T', 'C2', :t)"
            ),
            {"t": datetime.now(UTC)},
        )
        nested.rollback()
        conn.commit()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT channel FROM watched_channels")).scalars().all()
    assert rows == ["C1"]


def test_timestamps_are_timezone_aware(session_factory: sessionmaker[Session]) -> None:
    from store.models import WatchedChannel
    from store.slack_state import watch_channel

    with session_factory.begin() as s:
        watch_channel(s, TEAM, "C1", "U1")
    with session_factory() as s:
        row = s.get(WatchedChannel, (TEAM, "C1"))
        assert row is not None and row.created_at.tzinfo is not None
        with pytest.raises(Exception, match="naive"):
            row.created_at = datetime(2024, 1, 1)
            s.flush()
