"""The safety net of the outbox: every few minutes, a `deliver` job for each channel whose
posts Slack refused for a reason that may pass (a 5xx, rate limited past the retries, a
broken connection) or whose last attempt's outcome is unknown.

A filing's own job retries such posts with backoff, but gives up after its last attempt;
the join event delivers what waited for an invite. The sweep catches the rest: Slack down
longer than a job's retries, a job parked, a process that died between attempts. A post
waiting for an invite (`not_in_channel`) is left to the join event, and one Slack refused for
good (`invalid_blocks`, `thread_not_found`…) to a re-share: asking Slack every few minutes
would only be refused again (`bot.slack.outbox.PASSING_ERRORS`).

The jobs are deduplicated per channel and time window (`sweep_key`), so however many
processes sweep, a channel gets one delivery per window; the outbox's claims send each post
once whatever runs at the same time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.jobs import JobKind, JobQueue, ReplyTo
from bot.slack.outbox import PASSING_ERRORS, PASSING_PREFIXES
from store.db import read_session
from store.posts import channels_with_stuck_posts

logger = logging.getLogger(__name__)

SWEEP_EVERY = timedelta(minutes=3)


def sweep_key(channel: str, now: datetime, every: timedelta = SWEEP_EVERY) -> str:
    """One delivery per channel and window of `every` (``sweep:<channel>:<window>``)."""
    window = int(now.timestamp() // every.total_seconds())
    return f"sweep:{channel}:{window}"


def sweep(
    queue: JobQueue,
    sessions: sessionmaker[Session],
    now: datetime,
    every: timedelta = SWEEP_EVERY,
) -> int:
    """Queue a delivery for each channel with stuck posts; how many were queued now."""
    with read_session(sessions) as session:
        stuck = channels_with_stuck_posts(
            session, now=now, errors=PASSING_ERRORS, error_prefixes=PASSING_PREFIXES
        )
    queued = 0
    for team_id, channel in stuck:
        if queue.enqueue(
            team_id,
            JobKind.DELIVER,
            {"channel": channel},
            reply_to=ReplyTo(),
            dedupe_key=sweep_key(channel, now, every),
        ):
            queued += 1
    if queued:
        logger.info("sweep: queued a delivery for %d channel(s) with posts waiting", queued)
    return queued


def sweeper(
    queue: JobQueue, sessions: sessionmaker[Session], clock: Callable[[], datetime]
) -> Callable[[], int]:
    """The periodic task a worker runs (`bot.durable.Worker.every`)."""
    return lambda: sweep(queue, sessions, clock())
