"""Inserts that may race with another worker, on SQLite and on PostgreSQL.

Two workers can file the same article, person, Slack event, digest run or contradiction at
the same moment. Each insert runs inside a SAVEPOINT: the loser catches the IntegrityError,
rolls back only the savepoint (the rest of its transaction stands) and reads the winner's
row instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

RowT = TypeVar("RowT")


def dialect_name(session: Session) -> str:
    """'sqlite' or 'postgresql': the database the session talks to."""
    return session.get_bind().dialect.name


def insert_or_get(
    session: Session, row: RowT, stored: Callable[[], RowT | None]
) -> tuple[RowT, bool]:
    """Insert ``row`` in a SAVEPOINT: ``(row, True)``; if its unique key is already taken
    (by this transaction or a racing worker), ``(stored(), False)``, the row on record.

    ``stored`` re-reads the row holding the key; when it finds none, the IntegrityError was
    not a lost race and is raised.
    """
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        winner = stored()
        if winner is None:
            raise
        return winner, False
    return row, True


def insert_ignoring_conflicts(
    session: Session, model: type[Any], rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, many rows at once."""
    if not rows:
        return
    stmt: Any
    if dialect_name(session) == "postgresql":
        stmt = postgresql.insert(model).on_conflict_do_nothing(index_elements=list(keys))
    else:
        stmt = sqlite.insert(model).on_conflict_do_nothing(index_elements=list(keys))
    session.execute(stmt, list(rows))
