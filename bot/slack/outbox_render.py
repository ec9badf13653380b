"""An alert rendered when it is sent, not when it was recorded: a flag may wait in the outbox
(the bot not yet invited, Slack down) while an editor reviews it or marks its speaker "not a
person". What goes out shows the contradiction as it stands, for the channel's `Audience`,
with permalinks; a flag dismissed meanwhile, or of a speaker who is no person, is not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.confidentiality import Audience
from bot.flags import Flag, flag_from_row
from bot.slack import blocks
from bot.slack.permalinks import flag_permalinks
from store.contradictions import get_contradiction
from store.db import read_session
from store.models import Contradiction, ContradictionStatus
from store.reviews import active_review

DISMISSED = "not sent: the flag was dismissed before it could be posted"
NOT_A_PERSON = "not sent: its speaker was marked not a person before it could be posted"
GONE = "not sent: the flag is no longer on record"


@dataclass(frozen=True)
class Rendered:
    """The alert to send now, or why it is not sent (``skip``)."""

    text: str = ""
    blocks: list[Any] | None = None
    skip: str | None = None


def review_of(row: Contradiction, session: Session | None = None) -> blocks.Review | None:
    """The editor's verdict shown on the alert (None while the flag is open), with the
    reviewer's reason when a session can look it up."""
    if row.status == ContradictionStatus.OPEN:
        return None
    active = active_review(session, row.team_id, row.id) if session is not None else None
    return blocks.Review(
        status=row.status,
        reviewer=row.reviewed_by,
        at=row.reviewed_at,
        reason=active.reason if active is not None else None,
    )


def why_not_shown(row: Contradiction) -> str | None:
    if row.status == ContradictionStatus.DISMISSED:
        return DISMISSED
    if row.later_claim.person.not_a_person or row.earlier_claim.person.not_a_person:
        return NOT_A_PERSON
    return None


def alert_as_it_stands(
    sessions: sessionmaker[Session],
    client: WebClient,
    team_id: str,
    contradiction_id: int,
    channel: str,
) -> Rendered:
    """The alert for ``channel`` from the contradiction row as it is now."""
    flag: Flag
    with read_session(sessions) as session:
        row = get_contradiction(session, team_id, contradiction_id)
        if row is None:
            return Rendered(skip=GONE)
        reason = why_not_shown(row)
        if reason is not None:
            return Rendered(skip=reason)
        flag, review = flag_from_row(row), review_of(row, session)
    audience = Audience(channel)
    links = flag_permalinks(client, flag, audience)  # Slack calls: outside the transaction
    return Rendered(
        text=blocks.contradiction_text(flag, audience),
        blocks=blocks.contradiction_blocks(flag, audience, review=review, permalinks=links),
    )
