"""The digest: what was flagged, who said most and what was filed since the last one, as the
digest's channel may see it (`bot.confidentiality`). Slack renders and posts it
(`bot.slack.digest`); the command line previews it (`bot.cli_text`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.confidentiality import Audience, visibility
from bot.flags import flag_from_row, headline_of, outlet_of
from store.articles import articles_since
from store.claims import statements_since
from store.contradictions import contradictions_since
from store.models import Article as ArticleRow
from store.models import Contradiction, DigestRun, Person

FIRST_DIGEST_WINDOW = timedelta(days=1)
TOP_PEOPLE = 5


@dataclass(frozen=True)
class DigestFlag:
    """A flagged contradiction as the digest shows it.

    `explanation` is None unless the digest channel may see both statements; `speaker` (and
    `title`) None unless it may see one of them.
    """

    speaker: str | None
    title: str | None
    kind: str
    tier: str
    status: str
    reviewer: str | None
    explanation: str | None
    channel: str | None
    score: float | None = None  # None where the reader may see neither side


@dataclass(frozen=True)
class DigestPerson:
    name: str
    is_official: bool
    statements: int


@dataclass(frozen=True)
class DigestArticle:
    """An article filed; `title` is None when it may not be named in the digest channel
    (then neither is its outlet)."""

    title: str | None
    source_url: str | None
    channel: str | None
    outlet: str = ""


@dataclass(frozen=True)
class DigestData:
    since: datetime
    flags: tuple[DigestFlag, ...]
    people: tuple[DigestPerson, ...]
    articles: tuple[DigestArticle, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.flags or self.people or self.articles)


def digest_since(session: Session, team_id: str, channel: str, now: datetime) -> datetime:
    """When the last digest to this channel was built; a day ago if there was none."""
    last = session.scalar(
        select(DigestRun.created_at)
        .where(DigestRun.team_id == team_id, DigestRun.channel == channel)
        .order_by(DigestRun.day.desc())
        .limit(1)
    )
    return last if last is not None else now - FIRST_DIGEST_WINDOW


def load_digest_data(
    session: Session, team_id: str, audience: Audience, since: datetime
) -> DigestData:
    """What happened since `since`, as `audience` (the digest's channel) may see it."""
    flags = tuple(
        digest_flag(row, audience) for row in contradictions_since(session, team_id, since)
    )
    articles = tuple(
        digest_article(row, audience) for row in articles_since(session, team_id, since)
    )
    return DigestData(
        since=since,
        flags=flags,
        people=most_quoted(session, team_id, audience, since),
        articles=articles,
    )


def most_quoted(
    session: Session, team_id: str, audience: Audience, since: datetime
) -> tuple[DigestPerson, ...]:
    """Who made most statements since `since` in articles `audience` may see; officials first."""
    counts: Counter[int] = Counter()
    people: dict[int, Person] = {}
    for person, article in statements_since(session, team_id, since):
        if audience.can_see(article):
            counts[person.id] += 1
            people[person.id] = person
    ranked = sorted(people.values(), key=lambda p: (not p.is_official, -counts[p.id], p.name, p.id))
    return tuple(DigestPerson(p.name, p.is_official, counts[p.id]) for p in ranked[:TOP_PEOPLE])


def digest_flag(row: Contradiction, audience: Audience) -> DigestFlag:
    flag = flag_from_row(row)
    seen = visibility(audience, flag)
    title = (flag.later.title if seen.later else None) or (
        flag.earlier.title if seen.earlier else None
    )
    return DigestFlag(
        speaker=flag.speaker if seen.any else None,
        title=title,
        kind=flag.kind,
        tier=flag.tier,
        status=row.status,
        reviewer=row.reviewed_by,
        explanation=flag.explanation if seen.both else None,
        channel=row.slack_channel,
        score=flag.score if seen.any else None,
    )


def digest_article(row: ArticleRow, audience: Audience) -> DigestArticle:
    if not audience.can_see(row):
        return DigestArticle(title=None, source_url=None, channel=row.slack_channel)
    return DigestArticle(
        title=headline_of(row) or ("" if row.source_url else "a pasted article"),
        source_url=row.source_url,
        channel=row.slack_channel,
        outlet=outlet_of(row),
    )


def digest_to_preview(
    session: Session, team_id: str, *, channel: str, audience: Audience, now: datetime
) -> DigestData:
    """The digest `channel` would get now, as `audience` may see it (nothing is recorded)."""
    return load_digest_data(
        session, team_id, audience, digest_since(session, team_id, channel, now)
    )
