"""The outbox: what a filing posts is recorded with the filing, then delivered, each post once.

`record_filing` runs in the filing's own transaction: the summary (key
``summary:<request>``) and one alert per contradiction and channel
(``alert:<contradiction>:<channel>``). `deliver` then claims each post
(`store.posts.claim_post`: one sender wins), sends it with Slack message metadata carrying
its key, and records Slack's ts. An alert is rendered when it is sent, from its contradiction
as it stands (`bot.slack.outbox_render`): one dismissed meanwhile, or whose speaker was marked
"not a person", is marked done without being sent. A post whose last attempt had an unknown
outcome (the sender died mid-call, a timeout) is looked for in Slack by its key before it is
sent again, so a crash never posts the same message twice.

A post Slack refuses stays pending with its error. Not in the channel: the sender is told to
invite the bot (`bot.slack.outbox_tell`), and the posts go out when it joins
(`deliver_channel`). Refused for a reason that may pass (a 5xx, rate limited past the retries,
a broken connection): the filing job is retried (`PostsWaiting`), and the sweep
(`bot.slack.sweep`) queues a delivery for channels whose posts still wait. A re-share of the
article delivers too (it records alerts for its flags not yet shown in that channel).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from sqlalchemy.orm import Session

from bot.confidentiality import Audience
from bot.flags import Flag, flag_from_row
from bot.jobs import ReplyTo
from bot.pipeline import IngestResult
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.outbox_render import Rendered, alert_as_it_stands, review_of
from store.contradictions import alerts_of_article, set_contradiction_message
from store.db import read_session
from store.models import Post, PostKind, PostStatus
from store.posts import (
    Claim,
    alert_posted_in,
    claim_post,
    get_post,
    mark_not_sent,
    mark_posted,
    move_pending_post,
    record_post,
    release_post,
    release_uncertain,
    unposted_posts,
)

logger = logging.getLogger(__name__)

# how long a claim holds a post: longer than one chat.postMessage with its rate-limit retries
SEND_LEASE = timedelta(seconds=120)
METADATA_EVENT = "onrecord_post"
HTTP_OK = 200
NOT_MEMBER_ERRORS = frozenset({"not_in_channel", "channel_not_found"})
# refusals that pass by themselves (retrying later may work): Slack's own trouble, rate
# limits past slack_sdk's retries, a server error, a broken connection (`failure_of`)
PASSING_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
PASSING_PREFIXES = ("http_5", "http_429", "connection_")
# a lost post is looked for among this many pages of history (200 messages each) ...
HISTORY_PAGES = 5
# ... starting this long before it was recorded (clocks differ a little)
HISTORY_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class Request:
    """The Slack request a filing answers: a stable id (a command's or shortcut's
    trigger_id, an event's event_id), who asked, and where to tell them."""

    key: str
    reply_to: ReplyTo
    requested_by: str | None = None


@dataclass(frozen=True)
class Recorded:
    """The posts of a filing still to send (parents first), and how many are alerts."""

    post_ids: tuple[int, ...]
    alerts: int


@dataclass
class Delivery:
    """What one `deliver` did: posts now in Slack, and posts Slack refused (their error)."""

    posted: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    # alerts not sent: reviewed as dismissed, or their speaker marked "not a person"
    skipped: list[int] = field(default_factory=list)

    @property
    def not_member(self) -> bool:
        return any(error in NOT_MEMBER_ERRORS for error in self.failed.values())

    @property
    def may_pass(self) -> dict[int, str]:
        """Posts refused for a reason that may pass by itself (a 5xx, rate limited past the
        retries, a broken connection): retrying helps, unlike an invite still missing."""
        return {i: e for i, e in self.failed.items() if may_pass(e)}


def may_pass(error: str) -> bool:
    """Will sending again later work without anyone doing anything (`PASSING_ERRORS`)?"""
    return error in PASSING_ERRORS or error.startswith(PASSING_PREFIXES)


class PostsWaiting(Exception):
    """Slack refused some of a filing's posts for a reason that may pass: the filing stands
    and its job is retried (`bot.slack.work.attempt_job`), delivering what still waits."""

    def __init__(self, channel: str, failed: Mapping[int, str]) -> None:
        errors = ", ".join(sorted(set(failed.values())))
        super().__init__(f"{len(failed)} post(s) to {channel} not delivered yet: {errors}")
        self.channel = channel
        self.failed = dict(failed)


@dataclass(frozen=True)
class Outgoing:
    """A claimed post, read out of its transaction for the Slack call."""

    id: int
    key: str
    kind: PostKind
    channel: str
    thread_ts: str | None
    text: str
    blocks: list[Any]
    contradiction_id: int | None
    created_at: datetime

    @property
    def metadata(self) -> dict[str, Any]:
        return {"event_type": METADATA_EVENT, "event_payload": {"key": self.key}}


# --------------------------------------------------------------------------- recording


def record_filing(
    session: Session,
    team_id: str,
    channel: str,
    thread_ts: str | None,
    result: IngestResult,
    request: Request,
    *,
    quiet: bool = False,
) -> Recorded:
    """Record what this filing posts in ``channel`` (in the caller's transaction).

    A re-share of an article already on record posts its flags not yet shown in this
    channel, under the summary still waiting to be sent here if there is one.
    """
    audience = Audience(channel)
    flags = flags_to_post(session, team_id, channel, result)
    summary = None
    if not quiet:
        summary = summary_post(session, team_id, channel, thread_ts, result, request, len(flags))
    parent_id = summary.id if summary is not None else None
    alerts: list[Post] = []
    for flag, review in flags:
        alert, created = record_post(
            session,
            team_id,
            key=f"alert:{flag.contradiction_id}:{channel}",
            kind=PostKind.ALERT,
            channel=channel,
            thread_ts=thread_ts,
            parent_id=parent_id,
            article_id=result.article_id,
            contradiction_id=flag.contradiction_id,
            # as it stands now; rendered again, with permalinks, when sent (`as_it_stands`)
            text=blocks.contradiction_text(flag, audience),
            blocks=blocks.contradiction_blocks(flag, audience, review=review),
            requested_by=request.requested_by,
        )
        if not created and alert.parent_id != parent_id and summary is not None:
            # a flag still waiting from an earlier request goes under this answer
            move_pending_post(session, team_id, alert.id, parent_id=parent_id, thread_ts=thread_ts)
        alerts.append(alert)
    waiting = [p for p in [summary, *alerts] if p is not None and p.status != PostStatus.POSTED]
    return Recorded(
        post_ids=tuple(p.id for p in waiting),
        alerts=sum(1 for p in waiting if p.kind == PostKind.ALERT),
    )


def summary_post(
    session: Session,
    team_id: str,
    channel: str,
    thread_ts: str | None,
    result: IngestResult,
    request: Request,
    flags: int,
) -> Post:
    """This request's summary; for a re-share, the article's summary not yet sent here."""
    if result.duplicate:
        waiting = unposted_posts(
            session, team_id, channel, kinds=[PostKind.SUMMARY], article_id=result.article_id
        )
        if waiting:
            return waiting[0]
    audience = Audience(channel)
    post, _ = record_post(
        session,
        team_id,
        key=f"summary:{request.key}",
        kind=PostKind.SUMMARY,
        channel=channel,
        thread_ts=thread_ts,
        article_id=result.article_id,
        text=blocks.summary_text(result, audience),
        blocks=blocks.summary_blocks(result, audience, flags_again=flags),
        requested_by=request.requested_by,
    )
    return post


def flags_to_post(
    session: Session, team_id: str, channel: str, result: IngestResult
) -> list[tuple[Flag, blocks.Review | None]]:
    """The alerts to post: a new filing's own; for an article already on record, its flags
    (not dismissed, of a speaker not marked "not a person") whose article this channel may
    see and that were never posted here."""
    if not result.duplicate:
        return [(flag, None) for flag in result.alerts]
    audience = Audience(channel)
    found: list[tuple[Flag, blocks.Review | None]] = []
    for row in alerts_of_article(session, team_id, result.article_id):
        if row.slack_channel == channel and row.slack_ts:
            continue  # posted here (perhaps before posts were recorded)
        if alert_posted_in(session, team_id, row.id, channel):
            continue
        if row.later_claim.person.not_a_person:
            continue  # an editor said the speaker is no person: kept, not shown
        flag = flag_from_row(row)
        if audience.can_see(flag.later):
            found.append((flag, review_of(row)))
    return found


# --------------------------------------------------------------------------- delivering


def deliver(deps: Deps, client: WebClient, team_id: str, post_ids: tuple[int, ...]) -> Delivery:
    """Send these posts, in order; each is sent by one caller only, at most once."""
    client = never_blindly_repeating(client)
    delivery = Delivery()
    refused: dict[str, str] = {}  # channel → Slack's "you are not a member" error
    for post_id in post_ids:
        deliver_one(deps, client, team_id, post_id, delivery, refused)
    return delivery


def deliver_channel(deps: Deps, client: WebClient, team_id: str, channel: str) -> Delivery:
    """Send every post still waiting for ``channel`` (the bot was just invited there)."""
    with read_session(deps.sessions) as session:
        ids = parents_first(unposted_posts(session, team_id, channel))
    delivery = deliver(deps, client, team_id, ids)
    logger.info("delivered %d of %d waiting posts to %s", len(delivery.posted), len(ids), channel)
    return delivery


def never_blindly_repeating(client: WebClient) -> WebClient:
    """The client without slack_sdk's retry of a call whose connection broke: that call may
    have posted the message already. Such an attempt is left uncertain instead, and looked
    for in Slack before it is sent again. (HTTP 429 is still retried: nothing was posted.)"""
    sender = copy.copy(client)
    sender.retry_handlers = [
        h for h in client.retry_handlers if not isinstance(h, ConnectionErrorRetryHandler)
    ]
    return sender


def parents_first(posts: list[Post]) -> tuple[int, ...]:
    """The posts' ids, each parent before its replies (a reply may have been moved under a
    newer summary, so ids alone do not order them)."""
    ids = {p.id for p in posts}
    replies = [p.id for p in posts if p.parent_id in ids]
    return tuple(p.id for p in posts if p.parent_id not in ids) + tuple(replies)


def deliver_one(
    deps: Deps,
    client: WebClient,
    team_id: str,
    post_id: int,
    delivery: Delivery,
    refused: dict[str, str],
) -> None:
    claimed = claim_for_sending(deps, team_id, post_id, delivery, refused)
    if claimed is None:
        return
    out, claim = claimed
    checked = claim == Claim.FRESH  # a recovered attempt is looked for in Slack first
    try:
        ts = None if checked else find_sent(client, out)
        checked = True
        if ts is None:
            now = as_it_stands(deps, client, team_id, out)
            if now.skip is not None:
                settle_skipped(deps, team_id, out, now.skip)
                delivery.skipped.append(out.id)
                return
            answer = client.chat_postMessage(
                channel=out.channel,
                thread_ts=out.thread_ts,
                text=now.text,
                blocks=now.blocks or None,
                metadata=out.metadata,
            )
            ts = str(answer["ts"])
    except (SlackApiError, OSError) as exc:
        error, nothing_posted = failure_of(exc)
        logger.warning("post %s to %s not sent: %s", out.key, out.channel, error)
        # unless Slack was searched, an earlier attempt may still be there: stay uncertain
        settle_failure(deps, team_id, out, error, nothing_posted=nothing_posted and checked)
        delivery.failed[out.id] = error
        if error in NOT_MEMBER_ERRORS:
            refused[out.channel] = error
        return
    settle_success(deps, team_id, out, ts)
    delivery.posted.append(out.id)


def as_it_stands(deps: Deps, client: WebClient, team_id: str, out: Outgoing) -> Rendered:
    """What to send: an alert rendered now from its contradiction (`outbox_render`), any
    other post as recorded."""
    if out.kind == PostKind.ALERT and out.contradiction_id is not None:
        return alert_as_it_stands(deps.sessions, client, team_id, out.contradiction_id, out.channel)
    return Rendered(text=out.text, blocks=out.blocks)


def claim_for_sending(
    deps: Deps, team_id: str, post_id: int, delivery: Delivery, refused: dict[str, str]
) -> tuple[Outgoing, Claim] | None:
    """Claim the post if it is ready (its parent posted) and nobody else is sending it."""
    with deps.sessions.begin() as session:
        post = get_post(session, team_id, post_id)
        if post is None:
            return None
        if post.status == PostStatus.POSTED:
            delivery.posted.append(post_id)
            return None
        if post.channel in refused:
            delivery.failed[post_id] = refused[post.channel]
            return None
        ready, thread = thread_of(session, team_id, post)
        if not ready:
            return None  # its parent is waiting, or being sent by another worker
        claim = claim_post(session, team_id, post_id, now=deps.clock(), lease=SEND_LEASE)
        if claim is None:
            return None
        out = Outgoing(
            id=post.id,
            key=post.key,
            kind=post.kind,
            channel=post.channel,
            thread_ts=thread,
            text=post.text,
            blocks=list(post.blocks or []),
            contradiction_id=post.contradiction_id,
            created_at=post.created_at,
        )
    return out, claim


def thread_of(session: Session, team_id: str, post: Post) -> tuple[bool, str | None]:
    """(ready, thread): a reply is ready once its parent is posted, and goes in the request's
    thread, else under its parent."""
    if post.parent_id is None:
        return True, post.thread_ts
    parent = get_post(session, team_id, post.parent_id)
    if parent is None:
        return True, post.thread_ts
    if parent.status != PostStatus.POSTED:
        return False, None
    return True, post.thread_ts or parent.thread_ts or parent.ts


def settle_success(deps: Deps, team_id: str, out: Outgoing, ts: str) -> None:
    with deps.sessions.begin() as session:
        if not mark_posted(session, team_id, out.id, ts=ts, now=deps.clock()):
            logger.warning("post %s was taken over by another sender before it was marked", out.key)
        if out.kind == PostKind.ALERT and out.contradiction_id is not None:
            set_contradiction_message(
                session, team_id, out.contradiction_id, channel=out.channel, ts=ts
            )


def settle_skipped(deps: Deps, team_id: str, out: Outgoing, reason: str) -> None:
    logger.info("post %s to %s %s", out.key, out.channel, reason)
    with deps.sessions.begin() as session:
        mark_not_sent(session, team_id, out.id, reason=reason, now=deps.clock())


def settle_failure(
    deps: Deps, team_id: str, out: Outgoing, error: str, *, nothing_posted: bool
) -> None:
    with deps.sessions.begin() as session:
        if nothing_posted:
            release_post(session, team_id, out.id, error=error)
        else:
            release_uncertain(session, team_id, out.id, error=error, now=deps.clock())


def failure_of(exc: SlackApiError | OSError) -> tuple[str, bool]:
    """(Slack's error, whether Slack surely posted nothing). A server error or a broken
    connection may have come after the message was posted: that outcome is unknown."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code if exc.response is not None else 0
        error = exc.response.get("error") if exc.response is not None else None
        if status >= 500:
            return f"http_{status}", False
        return str(error or f"http_{status}"), True
    return f"connection_{type(exc).__name__}", False


def find_sent(client: WebClient, out: Outgoing) -> str | None:
    """The ts of a message already in Slack with this post's key, if an attempt got there."""
    oldest = f"{(out.created_at - HISTORY_MARGIN).timestamp():.6f}"
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        options: dict[str, Any] = {
            "channel": out.channel,
            "include_all_metadata": True,
            "oldest": oldest,
            "limit": 200,
        }
        if cursor:
            options["cursor"] = cursor
        if out.thread_ts:
            page = client.conversations_replies(ts=out.thread_ts, **options)
        else:
            page = client.conversations_history(**options)
        for message in page.get("messages") or []:
            if key_of(message) == out.key:
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


def key_of(message: dict[str, Any]) -> str | None:
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != METADATA_EVENT:
        return None
    key = (metadata.get("event_payload") or {}).get("key")
    return str(key) if key is not None else None
