"""Review: the open flags waiting for an editor, as a reader may see them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.confidentiality import Audience, visibility
from bot.flags import Flag, flag_from_row
from bot.people import find_people
from store.contradictions import contradictions_since
from store.reviews import active_reviews


def flags_to_review(
    session: Session, team_id: str, audience: Audience, name: str | None = None
) -> list[Flag]:
    """Open flags, alerts and review tier alike, oldest first (of one person if `name` is
    given), that `audience` may see at least one side of."""
    return [flag for flag, _ in flags_with_verdicts(session, team_id, audience, name)]


@dataclass(frozen=True)
class Verdict:
    """A flag's review status, and for a reviewed flag who decided, when and why."""

    status: str
    reviewer: str | None = None
    at: datetime | None = None
    reason: str | None = None


def flags_with_verdicts(
    session: Session,
    team_id: str,
    audience: Audience,
    name: str | None = None,
    statuses: Sequence[str] = ("open",),
) -> list[tuple[Flag, Verdict]]:
    """Flags of these review statuses, oldest first, each with its verdict in force (the
    reviewer's reason from `store.reviews`), that `audience` may see at least one side of."""
    person_ids = None
    if name is not None:
        person_ids = [p.id for p in find_people(session, team_id, name)]
    rows = contradictions_since(
        session, team_id, datetime.min.replace(tzinfo=UTC), statuses=statuses, person_ids=person_ids
    )
    reviews = active_reviews(session, team_id, [row.id for row in rows])
    found = []
    for row in rows:
        flag = flag_from_row(row)
        if not visibility(audience, flag).any:
            continue
        review = reviews.get(row.id)
        verdict = Verdict(
            status=row.status,
            reviewer=row.reviewed_by,
            at=row.reviewed_at,
            reason=review.reason if review is not None else None,
        )
        found.append((flag, verdict))
    return found
