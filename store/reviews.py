"""Reviews: an editor's verdict on a flag, kept as a row per click, first verdict wins.

A verdict is taken with a conditional UPDATE of the contradiction (only while it is still
``open``), so of two editors deciding at once exactly one changes it; the other gets the
verdict in force back and nothing is overwritten. Undo reopens the flag the same way (only
while the verdict being undone is still the one in force) and marks its review undone.

Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from store.models import Contradiction, ContradictionStatus, Review


class Outcome(StrEnum):
    """What became of a verdict or an undo."""

    DONE = "done"  # this call changed the flag
    GONE = "gone"  # no such flag in the workspace
    ALREADY = "already"  # a verdict was already in force (review); nothing to undo (undo)
    NOT_YOURS = "not_yours"  # undo by someone other than the reviewer
    TOO_LATE = "too_late"  # undo after the day of the review


@dataclass(frozen=True)
class ReviewResult:
    """The outcome and the review in force afterwards (None when the flag is open)."""

    outcome: Outcome
    review: Review | None


def active_review(session: Session, team_id: str, contradiction_id: int) -> Review | None:
    """The latest review of the flag that was not undone."""
    return session.scalars(
        select(Review)
        .where(
            Review.team_id == team_id,
            Review.contradiction_id == contradiction_id,
            Review.undone_at.is_(None),
        )
        .order_by(Review.at.desc(), Review.id.desc())
        .limit(1)
    ).first()


def active_reviews(
    session: Session, team_id: str, contradiction_ids: Iterable[int]
) -> dict[int, Review]:
    """The review in force of each of these flags (flags never reviewed are absent)."""
    ids = list(contradiction_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(Review)
        .where(
            Review.team_id == team_id,
            Review.contradiction_id.in_(ids),
            Review.undone_at.is_(None),
        )
        .order_by(Review.at, Review.id)
    ).all()
    return {row.contradiction_id: row for row in rows}


def _changed(session: Session, statement: object) -> bool:
    result = session.execute(statement)  # type: ignore[call-overload]
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def decide(
    session: Session,
    team_id: str,
    contradiction_id: int,
    *,
    status: ContradictionStatus,
    reviewer: str,
    reason: str | None,
    at: datetime,
) -> ReviewResult:
    """Set the verdict of an open flag and record the review; a flag already decided is
    left as it is (`Outcome.ALREADY`, with the review in force)."""
    if status == ContradictionStatus.OPEN:
        raise ValueError("a verdict is confirmed or dismissed; undo reopens a flag")
    won = _changed(
        session,
        update(Contradiction)
        .where(
            Contradiction.team_id == team_id,
            Contradiction.id == contradiction_id,
            Contradiction.status == ContradictionStatus.OPEN,
        )
        .values(status=status, reviewed_by=reviewer, reviewed_at=at)
        .execution_options(synchronize_session=False),
    )
    if won:
        review = Review(
            team_id=team_id,
            contradiction_id=contradiction_id,
            status=status,
            reviewer=reviewer,
            reason=reason or None,
            at=at,
        )
        session.add(review)
        session.flush()
        return ReviewResult(Outcome.DONE, review)
    if _exists(session, team_id, contradiction_id):
        return ReviewResult(Outcome.ALREADY, active_review(session, team_id, contradiction_id))
    return ReviewResult(Outcome.GONE, None)


def _exists(session: Session, team_id: str, contradiction_id: int) -> bool:
    found = session.scalar(
        select(Contradiction.id).where(
            Contradiction.team_id == team_id, Contradiction.id == contradiction_id
        )
    )
    return found is not None


def undo(
    session: Session,
    team_id: str,
    contradiction_id: int,
    *,
    by: str,
    at: datetime,
    not_before: datetime,
) -> ReviewResult:
    """Reopen a flag: only its reviewer may, and only for a review made at or after
    ``not_before`` (the start of the reviewer's day); the review row is kept, marked undone."""
    review = active_review(session, team_id, contradiction_id)
    if review is None:
        outcome = Outcome.ALREADY if _exists(session, team_id, contradiction_id) else Outcome.GONE
        return ReviewResult(outcome, None)
    if review.reviewer != by:
        return ReviewResult(Outcome.NOT_YOURS, review)
    if review.at < not_before:
        return ReviewResult(Outcome.TOO_LATE, review)
    reopened = _changed(
        session,
        update(Contradiction)
        .where(
            Contradiction.team_id == team_id,
            Contradiction.id == contradiction_id,
            Contradiction.status == review.status,
            Contradiction.reviewed_by == review.reviewer,
        )
        .values(status=ContradictionStatus.OPEN, reviewed_by=None, reviewed_at=None)
        .execution_options(synchronize_session=False),
    )
    if not reopened:
        return ReviewResult(Outcome.ALREADY, None)
    review.undone_by = by
    review.undone_at = at
    session.flush()
    return ReviewResult(Outcome.DONE, None)


def reviews_by(session: Session, team_id: str, reviewer: str, *, since: datetime) -> list[Review]:
    """The reviewer's reviews in force made at or after ``since``, newest first."""
    return list(
        session.scalars(
            select(Review)
            .where(
                Review.team_id == team_id,
                Review.reviewer == reviewer,
                Review.undone_at.is_(None),
                Review.at >= since,
            )
            .order_by(Review.at.desc(), Review.id.desc())
        ).all()
    )
