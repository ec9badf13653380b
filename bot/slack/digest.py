"""The daily digest: what was flagged, who said most, what was filed.

`digest_blocks(data, now, tz)` is a pure function (tested with a frozen clock);
`load_digest_data` reads the history; `run_digest` posts it at most once per day per channel,
guarded by a `digest_runs` row claimed in the same transaction that builds the digest, so two
processes firing at once post once. `start_scheduler` runs it daily with APScheduler 3.x in
the configured time zone.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.confidentiality import Audience, visibility
from bot.config import Settings
from bot.pipeline import flag_from_row
from bot.slack import blocks
from bot.slack.blocks import Block
from store.articles import articles_since
from store.claims import statements_since
from store.contradictions import contradictions_since
from store.models import Article, Contradiction, DigestRun, Person
from store.slack_state import claim_digest_run

if TYPE_CHECKING:  # the scheduler and the Slack client load only when the bot runs
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger
    from slack_sdk import WebClient

logger = logging.getLogger(__name__)

DIGEST_JOB_ID = "onrecord-daily-digest"
FIRST_DIGEST_WINDOW = timedelta(days=1)
TOP_PEOPLE = 5
MISFIRE_GRACE_SECONDS = 3600


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


@dataclass(frozen=True)
class DigestPerson:
    name: str
    is_official: bool
    statements: int


@dataclass(frozen=True)
class DigestArticle:
    """An article filed; `title` is None when it may not be named in the digest channel."""

    title: str | None
    source_url: str | None
    channel: str | None


@dataclass(frozen=True)
class DigestData:
    since: datetime
    flags: tuple[DigestFlag, ...]
    people: tuple[DigestPerson, ...]
    articles: tuple[DigestArticle, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.flags or self.people or self.articles)


# --------------------------------------------------------------------------- pure content


def digest_blocks(
    data: DigestData, now: datetime, tz: tzinfo, *, quiet_message: bool
) -> list[Block] | None:
    """The digest message for `now` in `tz`; None when there is nothing to say."""
    local = now.astimezone(tz)
    since = data.since.astimezone(tz)
    heading = f"*On Record — daily digest, {local:%a} {blocks.day_text(local.date())}*"
    if data.is_empty:
        if not quiet_message:
            return None
        return [blocks.section(f"Quiet day: nothing new filed since {since_text(since, local)}.")]
    out = [blocks.section(f"{heading}\nSince {since_text(since, local)}.")]
    out.append(blocks.section(flags_text(data.flags)))
    if data.people:
        out.append(blocks.section(people_text(data.people)))
    out.append(blocks.section(articles_text(data.articles)))
    return out


def since_text(since: datetime, local_now: datetime) -> str:
    if since.date() == local_now.date():
        return f"{since:%H:%M} today"
    return f"{blocks.day_text(since.date())} {since:%H:%M}"


def flags_text(flags: Sequence[DigestFlag]) -> str:
    if not flags:
        return "*Contradictions:* none flagged."
    lines = [f"*Contradictions flagged ({len(flags)}):*"]
    lines.extend(flag_line(flag) for flag in flags)
    return "\n".join(lines)


def flag_line(flag: DigestFlag) -> str:
    where = f" — in {blocks.channel_ref(flag.channel)}" if flag.channel else ""
    if flag.speaker is None:
        return (
            f"• a possible contradiction between statements from articles without a public "
            f"link — {status_text(flag)}{where}"
        )
    title = f" ({blocks.escape(flag.title)})" if flag.title else ""
    why = blocks.escape(flag.explanation) if flag.explanation else blocks.kind_name(flag.kind)
    return f"• *{blocks.escape(flag.speaker)}*{title}: {why} — {status_text(flag)}{where}"


def status_text(flag: DigestFlag) -> str:
    if flag.status == "confirmed":
        return f"confirmed by {blocks.user_ref(flag.reviewer)}"
    if flag.status == "dismissed":
        return f"dismissed by {blocks.user_ref(flag.reviewer)}"
    if flag.tier == "review":
        return "a weaker match, not posted in the channel: awaiting review"
    return "awaiting review"


def people_text(people: Sequence[DigestPerson]) -> str:
    lines = ["*Most statements filed:*"]
    for person in people:
        official = " (official)" if person.is_official else ""
        lines.append(f"• {blocks.escape(person.name)}{official} — {person.statements}")
    return "\n".join(lines)


def articles_text(articles: Sequence[DigestArticle]) -> str:
    if not articles:
        return "*Articles filed:* none."
    lines = [f"*Articles filed ({len(articles)}):*"]
    for article in articles:
        if article.title is not None:
            lines.append(f"• {blocks.link(article.source_url, article.title)}")
        else:
            lines.append(f"• a pasted article shared in {blocks.channel_ref(article.channel)}")
    return "\n".join(lines)


def digest_text(data: DigestData) -> str:
    """Notification text of the digest message."""
    return (
        f"On Record digest: {blocks.plural(len(data.flags), 'contradiction')}, "
        f"{blocks.plural(len(data.articles), 'article')} filed"
    )


# --------------------------------------------------------------------------- reading the history


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
    )


def digest_article(row: Article, audience: Audience) -> DigestArticle:
    return DigestArticle(
        title=(row.title or row.source_url or "untitled") if audience.can_see(row) else None,
        source_url=row.source_url,
        channel=row.slack_channel,
    )


# --------------------------------------------------------------------------- posting, schedule


def run_digest(
    client: WebClient,
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    team_id: str,
    now: datetime,
) -> bool:
    """Post today's digest to the digest channel unless it was posted; True if this run did.

    The day is claimed, the digest built and posted inside one transaction: a second
    process waits for it and then finds the day taken; if posting fails the claim is rolled
    back and a later run may try again.
    """
    channel = settings.digest_channel
    if not channel:
        return False
    day = now.astimezone(settings.timezone).date()
    with sessions.begin() as session:
        since = digest_since(session, team_id, channel, now)
        if not claim_digest_run(session, team_id, channel, day):
            logger.info("digest for %s on %s already posted", channel, day)
            return False
        data = load_digest_data(session, team_id, Audience(channel), since)
        message = digest_blocks(
            data, now, settings.timezone, quiet_message=settings.digest_quiet_message
        )
        if message is not None:
            client.chat_postMessage(channel=channel, blocks=message, text=digest_text(data))
    return True


def digest_trigger(settings: Settings) -> CronTrigger:
    """Every day at ONRECORD_DIGEST_TIME in ONRECORD_TIMEZONE (DST handled by the zone)."""
    from apscheduler.triggers.cron import CronTrigger

    at = settings.digest_time
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=settings.timezone)


def start_scheduler(settings: Settings, job: Callable[[], object]) -> BackgroundScheduler:
    """Start the daily digest job (stable id, one instance at a time, late runs coalesced)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone=settings.timezone)
    scheduler.add_job(
        job,
        trigger=digest_trigger(settings),
        id=DIGEST_JOB_ID,
        name="On Record daily digest",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_SECONDS,
    )
    scheduler.start()
    return scheduler
