"""The outbox: Slack messages recorded before they are sent, each sent once.

A post is recorded under a key (unique per workspace) in the transaction that decides it
should exist; a sender then *claims* it (an atomic conditional UPDATE: the one caller whose
UPDATE changes the row may send it), sends it, and marks it posted with Slack's ts.

States: PENDING (waiting: never tried, or Slack refused it and said so), SENDING with a
lease in the future (an attempt under way), SENDING with a lease in the past (the sender
died mid-call, or the call's outcome is unknown: whoever claims it next must first look in
Slack for the message before posting again), POSTED.

Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from store.inserts import insert_or_get
from store.models import Post, PostKind, PostStatus


class Claim(StrEnum):
    """What a successful claim took over."""

    FRESH = "fresh"  # a pending post: nobody sent it
    RECOVERED = "recovered"  # an attempt of unknown outcome: look in Slack before sending


def post_by_key(session: Session, team_id: str, key: str) -> Post | None:
    return session.scalars(
        select(Post).where(Post.team_id == team_id, Post.key == key)
    ).one_or_none()


def get_post(session: Session, team_id: str, post_id: int) -> Post | None:
    return session.scalars(
        select(Post)
        .where(Post.team_id == team_id, Post.id == post_id)
        .execution_options(populate_existing=True)
    ).one_or_none()


def record_post(
    session: Session,
    team_id: str,
    *,
    key: str,
    kind: PostKind,
    channel: str,
    text: str,
    blocks: list[Any] | None = None,
    thread_ts: str | None = None,
    parent_id: int | None = None,
    article_id: int | None = None,
    contradiction_id: int | None = None,
    requested_by: str | None = None,
) -> tuple[Post, bool]:
    """Record a post to send; ``(post, True)`` if new, ``(the post on record, False)`` if the
    key was taken (by an earlier attempt or a racing worker): the stored one stands."""
    existing = post_by_key(session, team_id, key)
    if existing is not None:
        return existing, False
    row = Post(
        team_id=team_id,
        key=key,
        kind=kind,
        channel=channel,
        thread_ts=thread_ts,
        parent_id=parent_id,
        article_id=article_id,
        contradiction_id=contradiction_id,
        text=text,
        blocks=list(blocks or []),
        status=PostStatus.PENDING,
        requested_by=requested_by,
        attempts=0,
    )
    return insert_or_get(session, row, lambda: post_by_key(session, team_id, key))


def _set(session: Session, team_id: str, post_id: int, where: Iterable[Any], **values: Any) -> bool:
    """UPDATE one post if ``where`` still holds; True if this caller changed it."""
    result = session.execute(
        update(Post)
        .where(Post.team_id == team_id, Post.id == post_id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def claim_post(
    session: Session, team_id: str, post_id: int, *, now: datetime, lease: timedelta
) -> Claim | None:
    """Take a post for sending until ``now + lease``; None if someone else has it (or it was
    posted). Only one of any number of concurrent callers gets a claim."""
    taken = {
        "status": PostStatus.SENDING,
        "lease_until": now + lease,
        "attempts": Post.attempts + 1,
    }
    if _set(session, team_id, post_id, [Post.status == PostStatus.PENDING], **taken):
        return Claim.FRESH
    expired = [Post.status == PostStatus.SENDING, Post.lease_until < now]
    if _set(session, team_id, post_id, expired, **taken):
        return Claim.RECOVERED
    return None


def mark_posted(
    session: Session, team_id: str, post_id: int, *, ts: str | None, now: datetime
) -> bool:
    """The claimed post was accepted by Slack as ``ts``; False if it was not ours to mark."""
    return _set(
        session,
        team_id,
        post_id,
        [Post.status == PostStatus.SENDING],
        status=PostStatus.POSTED,
        ts=ts,
        posted_at=now,
        lease_until=None,
        last_error=None,
    )


def mark_not_sent(
    session: Session, team_id: str, post_id: int, *, reason: str, now: datetime
) -> bool:
    """The claimed post is done without being sent (an alert whose flag was dismissed while
    it waited): never sent later; ``ts`` stays empty and ``last_error`` says why."""
    return _set(
        session,
        team_id,
        post_id,
        [Post.status == PostStatus.SENDING],
        status=PostStatus.POSTED,
        ts=None,
        posted_at=now,
        lease_until=None,
        last_error=reason,
    )


def release_post(session: Session, team_id: str, post_id: int, *, error: str) -> bool:
    """Slack refused the claimed post and said so (nothing was posted): pending again."""
    return _set(
        session,
        team_id,
        post_id,
        [Post.status == PostStatus.SENDING],
        status=PostStatus.PENDING,
        lease_until=None,
        last_error=error,
    )


def release_uncertain(
    session: Session, team_id: str, post_id: int, *, error: str, now: datetime
) -> bool:
    """The attempt's outcome is unknown (a timeout, a server error): keep it SENDING with
    its lease over, so the next claim is a recovery that looks in Slack first."""
    return _set(
        session,
        team_id,
        post_id,
        [Post.status == PostStatus.SENDING],
        lease_until=now,
        last_error=error,
    )


def move_pending_post(
    session: Session, team_id: str, post_id: int, *, parent_id: int | None, thread_ts: str | None
) -> bool:
    """Put a post nobody is sending under another parent (a newer answer to a re-share);
    False if it is being sent or was posted (its place in Slack is fixed then)."""
    return _set(
        session,
        team_id,
        post_id,
        [Post.status == PostStatus.PENDING],
        parent_id=parent_id,
        thread_ts=thread_ts,
    )


def unposted_posts(
    session: Session,
    team_id: str,
    channel: str,
    *,
    kinds: Iterable[PostKind] = (PostKind.SUMMARY, PostKind.ALERT),
    article_id: int | None = None,
) -> list[Post]:
    """The channel's posts not yet accepted by Slack, oldest first (parents before replies)."""
    query = select(Post).where(
        Post.team_id == team_id,
        Post.channel == channel,
        Post.status != PostStatus.POSTED,
        Post.kind.in_(list(kinds)),
    )
    if article_id is not None:
        query = query.where(Post.article_id == article_id)
    return list(session.scalars(query.order_by(Post.id)))


def alert_posted_in(session: Session, team_id: str, contradiction_id: int, channel: str) -> bool:
    """Was an alert for this contradiction posted in ``channel`` (by any request)?"""
    found = session.scalars(
        select(Post.id)
        .where(
            Post.team_id == team_id,
            Post.contradiction_id == contradiction_id,
            Post.channel == channel,
            Post.kind == PostKind.ALERT,
            Post.status == PostStatus.POSTED,
        )
        .limit(1)
    ).first()
    return found is not None


def channels_with_stuck_posts(
    session: Session,
    *,
    now: datetime,
    errors: Iterable[str] = (),
    error_prefixes: Iterable[str] = (),
) -> list[tuple[str, str]]:
    """(team_id, channel) of every channel with summaries or alerts refused for one of
    ``errors`` (or an error starting with one of ``error_prefixes``), or whose attempt's
    outcome is unknown (sending, its lease over, with no error or such an error). Across
    workspaces, like workers claiming jobs: the sweep serves them all."""
    matching = or_(
        Post.last_error.in_(list(errors)),
        *(Post.last_error.startswith(prefix, autoescape=True) for prefix in error_prefixes),
    )
    refused = and_(Post.status == PostStatus.PENDING, matching)
    lease_over = and_(Post.status == PostStatus.SENDING, Post.lease_until < now)
    unknown = and_(lease_over, or_(Post.last_error.is_(None), matching))
    query = (
        select(Post.team_id, Post.channel)
        .where(Post.kind.in_([PostKind.SUMMARY, PostKind.ALERT]), or_(refused, unknown))
        .distinct()
        .order_by(Post.team_id, Post.channel)
    )
    return [(team_id, channel) for team_id, channel in session.execute(query)]
