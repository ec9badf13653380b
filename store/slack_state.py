"""Slack bookkeeping: events already handled, digests already posted, watched channels.

Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.inserts import insert_or_get
from store.models import DigestRun, ProcessedEvent, WatchedChannel


def mark_event_processed(session: Session, team_id: str, event_id: str) -> bool:
    """Record a Slack event id; False if it was already recorded (a retry: skip it)."""
    key = (team_id, event_id)
    if session.get(ProcessedEvent, key) is not None:
        return False
    _, created = insert_or_get(
        session,
        ProcessedEvent(team_id=team_id, event_id=event_id),
        lambda: session.get(ProcessedEvent, key),
    )
    return created


def claim_digest_run(session: Session, team_id: str, channel: str, day: date) -> bool:
    """Reserve the digest of ``day`` for ``channel``; False if it already ran (or is running)."""
    key = (team_id, channel, day)
    if session.get(DigestRun, key) is not None:
        return False
    _, created = insert_or_get(
        session,
        DigestRun(team_id=team_id, channel=channel, day=day),
        lambda: session.get(DigestRun, key),
    )
    return created


def watch_channel(session: Session, team_id: str, channel: str, enabled_by: str | None) -> bool:
    """Start filing every article shared in ``channel``; False if it was already watched."""
    if is_watched(session, team_id, channel):
        return False
    _, created = insert_or_get(
        session,
        WatchedChannel(team_id=team_id, channel=channel, enabled_by=enabled_by),
        lambda: session.get(WatchedChannel, (team_id, channel)),
    )
    return created


def unwatch_channel(session: Session, team_id: str, channel: str) -> bool:
    """Stop watching ``channel``; False if it was not watched."""
    result = session.execute(
        delete(WatchedChannel).where(
            WatchedChannel.team_id == team_id, WatchedChannel.channel == channel
        )
    )
    session.flush()
    return bool(getattr(result, "rowcount", 0))


def is_watched(session: Session, team_id: str, channel: str) -> bool:
    return session.get(WatchedChannel, (team_id, channel)) is not None


def watched_channels(session: Session, team_id: str) -> list[str]:
    return list(
        session.scalars(
            select(WatchedChannel.channel)
            .where(WatchedChannel.team_id == team_id)
            .order_by(WatchedChannel.channel)
        )
    )
