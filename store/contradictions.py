"""Contradictions: flagged pairs of a person's claims, their review and where they were posted.

Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload

from store.inserts import insert_or_get
from store.models import (
    CONTRADICTION_STATUSES,
    ClaimRow,
    Contradiction,
    ContradictionStatus,
    Person,
    Tier,
    utcnow,
)


def _contradiction(
    session: Session, team_id: str, later_claim_id: int, earlier_claim_id: int
) -> Contradiction | None:
    return session.scalars(
        select(Contradiction).where(
            Contradiction.team_id == team_id,
            Contradiction.later_claim_id == later_claim_id,
            Contradiction.earlier_claim_id == earlier_claim_id,
        )
    ).one_or_none()


def add_contradiction(
    session: Session,
    team_id: str,
    *,
    later_claim_id: int,
    earlier_claim_id: int,
    kind: str,
    score: float,
    explanation: str = "",
    earlier_value: str | None = None,
    later_value: str | None = None,
    slack_channel: str | None = None,
    slack_ts: str | None = None,
    tier: str = Tier.ALERT,
) -> Contradiction:
    """Store a flagged pair (status 'open'); the same pair again returns the stored row."""
    existing = _contradiction(session, team_id, later_claim_id, earlier_claim_id)
    if existing is not None:
        return existing
    row = Contradiction(
        team_id=team_id,
        later_claim_id=later_claim_id,
        earlier_claim_id=earlier_claim_id,
        kind=kind,
        score=score,
        explanation=explanation,
        earlier_value=earlier_value,
        later_value=later_value,
        status=ContradictionStatus.OPEN,
        tier=Tier(tier),
        slack_channel=slack_channel,
        slack_ts=slack_ts,
    )
    stored, _ = insert_or_get(
        session, row, lambda: _contradiction(session, team_id, later_claim_id, earlier_claim_id)
    )
    return stored


def statement_key(content: str) -> str:
    """A statement's words, case and spacing folded: the same words re-reported match."""
    return " ".join(re.findall(r"\w+", content.casefold()))


def flagged_statement_pairs(session: Session, team_id: str, person_id: int) -> set[tuple[str, str]]:
    """(earlier, later) statement keys of every pair of this person flagged so far.

    Whatever its review status, a pair is never flagged again: not when the same two
    statements turn up in another article (a re-report), and not after a dismissal.
    """
    earlier = aliased(ClaimRow)
    later = aliased(ClaimRow)
    rows = session.execute(
        select(earlier.content, later.content)
        .select_from(Contradiction)
        .join(earlier, earlier.id == Contradiction.earlier_claim_id)
        .join(later, later.id == Contradiction.later_claim_id)
        .where(Contradiction.team_id == team_id, later.person_id == person_id)
    ).all()
    return {(statement_key(old), statement_key(new)) for old, new in rows}


def get_contradiction(
    session: Session, team_id: str, contradiction_id: int
) -> Contradiction | None:
    return session.scalars(
        select(Contradiction).where(
            Contradiction.team_id == team_id, Contradiction.id == contradiction_id
        )
    ).one_or_none()


def find_contradiction_by_message(
    session: Session, team_id: str, channel: str, ts: str
) -> Contradiction | None:
    """The contradiction whose Slack alert is the message (channel, ts)."""
    return session.scalars(
        select(Contradiction)
        .where(
            Contradiction.team_id == team_id,
            Contradiction.slack_channel == channel,
            Contradiction.slack_ts == ts,
        )
        .limit(1)
    ).first()


def set_contradiction_message(
    session: Session, team_id: str, contradiction_id: int, *, channel: str, ts: str
) -> Contradiction | None:
    """Remember where the alert for a contradiction was posted."""
    row = get_contradiction(session, team_id, contradiction_id)
    if row is not None:
        row.slack_channel = channel
        row.slack_ts = ts
        session.flush()
    return row


def review_contradiction(
    session: Session,
    team_id: str,
    contradiction_id: int,
    *,
    status: str,
    reviewer: str | None,
    at: datetime | None = None,
) -> Contradiction | None:
    """Set an editor's verdict ('open', 'confirmed' or 'dismissed'); None if not found."""
    if status not in CONTRADICTION_STATUSES:
        raise ValueError(f"status must be one of {', '.join(CONTRADICTION_STATUSES)}")
    row = get_contradiction(session, team_id, contradiction_id)
    if row is None:
        return None
    row.status = ContradictionStatus(status)
    row.reviewed_by = reviewer
    row.reviewed_at = at or utcnow()
    session.flush()
    return row


def contradictions_since(
    session: Session,
    team_id: str,
    since: datetime,
    *,
    statuses: Iterable[str] | None = None,
    person_ids: Iterable[int] | None = None,
    include_not_people: bool = False,
) -> list[Contradiction]:
    """Contradictions flagged at or after ``since`` (oldest first), with both claims, their
    person and article loaded; ``statuses`` filters by review status, ``person_ids`` by
    whose statements they are. Flags of a speaker an editor marked not a person
    (``Person.not_a_person``) are left out unless ``include_not_people``."""
    query = (
        select(Contradiction)
        .where(Contradiction.team_id == team_id, Contradiction.created_at >= since)
        .options(
            joinedload(Contradiction.later_claim)
            .joinedload(ClaimRow.person)
            .selectinload(Person.titles),
            joinedload(Contradiction.later_claim).joinedload(ClaimRow.article),
            joinedload(Contradiction.earlier_claim).joinedload(ClaimRow.person),
            joinedload(Contradiction.earlier_claim).joinedload(ClaimRow.article),
        )
        .order_by(Contradiction.created_at, Contradiction.id)
    )
    if statuses is not None:
        query = query.where(Contradiction.status.in_([ContradictionStatus(s) for s in statuses]))
    if person_ids is not None:
        later_claims = select(ClaimRow.id).where(
            ClaimRow.team_id == team_id, ClaimRow.person_id.in_(list(person_ids))
        )
        query = query.where(Contradiction.later_claim_id.in_(later_claims))
    if not include_not_people:
        hidden = (
            select(ClaimRow.id)
            .join(Person, Person.id == ClaimRow.person_id)
            .where(ClaimRow.team_id == team_id, Person.not_a_person.is_(True))
        )
        query = query.where(Contradiction.later_claim_id.not_in(hidden))
    return list(session.scalars(query).unique())


def alerts_of_article(session: Session, team_id: str, article_id: int) -> list[Contradiction]:
    """The alert-tier contradictions flagged when this article was filed (its statements are
    the later side), not dismissed, oldest first, with both claims, people and articles."""
    later_claims = select(ClaimRow.id).where(
        ClaimRow.team_id == team_id, ClaimRow.article_id == article_id
    )
    query = (
        select(Contradiction)
        .where(
            Contradiction.team_id == team_id,
            Contradiction.tier == Tier.ALERT,
            Contradiction.status != ContradictionStatus.DISMISSED,
            Contradiction.later_claim_id.in_(later_claims),
        )
        .options(
            joinedload(Contradiction.later_claim)
            .joinedload(ClaimRow.person)
            .selectinload(Person.titles),
            joinedload(Contradiction.later_claim).joinedload(ClaimRow.article),
            joinedload(Contradiction.earlier_claim)
            .joinedload(ClaimRow.person)
            .selectinload(Person.titles),
            joinedload(Contradiction.earlier_claim).joinedload(ClaimRow.article),
        )
        .order_by(Contradiction.id)
    )
    return list(session.scalars(query).unique())
