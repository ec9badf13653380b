"""The daily digest in Slack: its Block Kit, posting it, scheduling it.

`digest_blocks(data, now, tz)` is a pure function (tested with a frozen clock) setting the
words of `bot.digest_text` in mrkdwn; the data is `bot.digest.load_digest_data`. `run_digest`
posts it at most once per day per channel, guarded by a `digest_runs` row claimed in the same
transaction that builds the digest, so two processes firing at once post once.
`start_scheduler` fires daily with APScheduler 3.x in the configured time zone and queues a
durable `digest` job keyed by day and channel (`queue_digest`), so however many processes
schedule it, one job runs wherever it is picked up (`run_digest_job`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.confidentiality import Audience
from bot.config import Settings
from bot.digest import DigestData, digest_since, load_digest_data
from bot.digest_text import digest_sections, digest_text
from bot.jobs import Job, JobKind, JobQueue, ReplyTo
from bot.slack import blocks
from bot.slack.blocks import Block
from store.slack_state import claim_digest_run

if TYPE_CHECKING:  # the scheduler and the Slack client load only when the bot runs
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger
    from slack_sdk import WebClient

    from bot.slack.deps import Deps, JobHandler

logger = logging.getLogger(__name__)

DIGEST_JOB_ID = "onrecord-daily-digest"
MISFIRE_GRACE_SECONDS = 3600


# --------------------------------------------------------------------------- pure content


def digest_blocks(
    data: DigestData, now: datetime, tz: tzinfo, *, quiet_message: bool
) -> list[Block] | None:
    """The digest message for `now` in `tz`; None when there is nothing to say."""
    sections = digest_sections(data, now, tz, blocks.MRKDWN, quiet_message=quiet_message)
    return None if sections is None else [blocks.section(text) for text in sections]


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


def digest_key(channel: str, day: date) -> str:
    """The dedupe key of a day's digest job for a channel: queued once, whoever fires."""
    return f"digest:{channel}:{day.isoformat()}"


def queue_digest(queue: JobQueue, settings: Settings, *, team_id: str, now: datetime) -> bool:
    """Queue today's digest as a durable job; False if it was already queued today."""
    channel = settings.digest_channel
    if not channel:
        return False
    day = now.astimezone(settings.timezone).date()
    return queue.enqueue(
        team_id,
        JobKind.DIGEST,
        {"channel": channel, "at": now.isoformat()},
        reply_to=ReplyTo(),
        dedupe_key=digest_key(channel, day),
    )


def run_digest_job(deps: Deps, client: WebClient, job: Job) -> None:
    """Post the digest as of the time it was scheduled (a late or retried run too)."""
    at = datetime.fromisoformat(str(job.payload["at"]))
    run_digest(client, deps.sessions, deps.settings, team_id=job.team_id, now=at)


JOBS: dict[JobKind, JobHandler] = {JobKind.DIGEST: run_digest_job}


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
