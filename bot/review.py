"""Review: the open flags waiting for an editor, as a reader may see them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.confidentiality import Audience, visibility
from bot.flags import Flag, flag_from_row
from bot.people import find_people
from store.contradictions import contradictions_since


def flags_to_review(
    session: Session, team_id: str, audience: Audience, name: str | None = None
) -> list[Flag]:
    """Open flags, alerts and review tier alike, oldest first (of one person if `name` is
    given), that `audience` may see at least one side of."""
    person_ids = None
    if name is not None:
        person_ids = [p.id for p in find_people(session, team_id, name)]
    rows = contradictions_since(
        session, team_id, datetime.min.replace(tzinfo=UTC), statuses=["open"], person_ids=person_ids
    )
    flags = [flag_from_row(row) for row in rows]
    return [flag for flag in flags if visibility(audience, flag).any]
