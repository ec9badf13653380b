"""App Home: what one user's Home tab shows, as a reader in no channel may see it.

The Home tab is private to one user but is not a channel, so its reader is
`bot.confidentiality.NO_CHANNEL`: flags and filings only from articles with a public link
(a flag shows when either side may be seen; a hidden side only says where to ask).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.confidentiality import NO_CHANNEL, visibility
from bot.flags import Flag, flag_from_row
from bot.review import flags_to_review
from store.articles import recent_public_articles
from store.contradictions import get_contradiction
from store.models import Article
from store.reviews import reviews_by

FLAGS_SHOWN = 8
FILINGS_SHOWN = 8


@dataclass(frozen=True)
class ReviewedFlag:
    """One of the user's own reviews made today (they may still undo it)."""

    contradiction_id: int
    status: str
    reason: str | None
    at: datetime
    flag: Flag | None  # None when the reader may see neither side


@dataclass(frozen=True)
class HomeData:
    waiting: tuple[Flag, ...]  # newest first, at most FLAGS_SHOWN
    waiting_total: int
    reviewed_today: tuple[ReviewedFlag, ...]
    filings: tuple[Article, ...]


def start_of_day(now: datetime, tz: ZoneInfo) -> datetime:
    """Midnight of `now`'s day in the newsroom's time zone (the end of undo)."""
    return datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=tz)


def home_data(session: Session, team_id: str, user: str, now: datetime, tz: ZoneInfo) -> HomeData:
    waiting = list(reversed(flags_to_review(session, team_id, NO_CHANNEL)))
    reviewed = []
    for review in reviews_by(session, team_id, user, since=start_of_day(now, tz)):
        row = get_contradiction(session, team_id, review.contradiction_id)
        flag = flag_from_row(row) if row is not None else None
        shown = flag if flag is not None and visibility(NO_CHANNEL, flag).any else None
        reviewed.append(
            ReviewedFlag(review.contradiction_id, review.status, review.reason, review.at, shown)
        )
    return HomeData(
        waiting=tuple(waiting[:FLAGS_SHOWN]),
        waiting_total=len(waiting),
        reviewed_today=tuple(reviewed),
        filings=tuple(recent_public_articles(session, team_id, limit=FILINGS_SHOWN)),
    )
