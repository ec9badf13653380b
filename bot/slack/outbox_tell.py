"""Telling the sender about a filing whose posts wait in the outbox, once per request.

The bot is not in the channel: the sender is told at once to invite it
(`tell_undelivered`); the posts go out when it joins. Slack refused them for good (bad
blocks, a thread gone): the sender is told at once, and pointed to whoever runs the bot.
Slack refused them for a reason that may pass (a 5xx, rate limited past the retries, a
broken connection): the job is retried, and the sender hears nothing unless it is parked
after its last attempt; `hold_notice` records, on the first such failure, what was filed,
and `tell_parked_filing` then tells the sender the truth: the article is on record, these
posts are not posted yet, and when they will be. The notice is a `NOTICE` post keyed
``notice:<request>``: claimed before it is sent, so a retried job or two workers tell the
sender once.
"""

from __future__ import annotations

import logging

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.jobs import ReplyTo
from bot.pipeline import IngestResult
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.outbox import SEND_LEASE, Delivery, Recorded, Request
from bot.slack.outbox_text import done_text, parked_text, refused_text, undelivered_text
from store.models import Post, PostKind
from store.posts import (
    claim_post,
    mark_posted,
    post_by_key,
    record_post,
    release_post,
    unposted_posts,
)

logger = logging.getLogger(__name__)

HTTP_OK = 200
FILED_TEXT = "I filed that article"


def notice_key(request_key: str) -> str:
    return f"notice:{request_key}"


def tell_undelivered(
    deps: Deps,
    client: WebClient,
    team_id: str,
    channel: str,
    request: Request,
    result: IngestResult,
    outcome: tuple[Recorded, Delivery],
) -> None:
    """Tell the sender, once per request, that what was filed waits: for an invite, or (Slack
    refused it for good, e.g. `invalid_blocks`) for whoever runs On Record."""
    recorded, delivery = outcome
    if not delivery.failed:
        return
    with deps.sessions.begin() as session:
        notice, _ = record_post(
            session,
            team_id,
            key=notice_key(request.key),
            kind=PostKind.NOTICE,
            channel=channel,
            text=done_text(result),
            article_id=result.article_id,
            requested_by=request.requested_by,
        )
        # an earlier attempt's words stand: on a retry the article is already on record
        done, notice_id = notice.text or done_text(result), notice.id
        claim = claim_post(session, team_id, notice_id, now=deps.clock(), lease=SEND_LEASE)
    if claim is None:
        return  # told already (a retried job), or being told
    if delivery.not_member:
        text = undelivered_text(channel, done, alerts=recorded.alerts)
    else:
        text = refused_text(channel, done, errors=sorted(set(delivery.failed.values())))
    finish_telling(deps, team_id, notice_id, told=say(client, request.reply_to, text))


def hold_notice(
    deps: Deps, team_id: str, channel: str, request: Request, result: IngestResult, *, quiet: bool
) -> None:
    """Record (once) what this request filed, for the sender's notice if its job is parked;
    a quiet filing (nobody asked) records an empty one: nobody will be told."""
    with deps.sessions.begin() as session:
        record_post(
            session,
            team_id,
            key=notice_key(request.key),
            kind=PostKind.NOTICE,
            channel=channel,
            text="" if quiet else done_text(result),
            article_id=result.article_id,
            requested_by=request.requested_by,
        )


def tell_parked_filing(deps: Deps, client: WebClient, team_id: str, request: Request) -> bool:
    """The request's job was parked after filing: tell the sender what is on record and what
    waits (once). False if this request filed nothing (no notice was held)."""
    with deps.sessions.begin() as session:
        notice = post_by_key(session, team_id, notice_key(request.key)) or filed_unannounced(
            session, team_id, request
        )
        if notice is None:
            return False
        claim = claim_post(session, team_id, notice.id, now=deps.clock(), lease=SEND_LEASE)
        if claim is None:
            return True  # told already, or being told
        waiting = unposted_posts(session, team_id, notice.channel, article_id=notice.article_id)
        summaries = sum(1 for p in waiting if p.kind == PostKind.SUMMARY)
        alerts = len(waiting) - summaries
        refused = any(p.last_error for p in waiting)
        done, channel, notice_id = notice.text, notice.channel, notice.id
    if not done or not waiting:  # a quiet filing; or what waited went out meanwhile
        finish_telling(deps, team_id, notice_id, told=True)
        return True
    text = parked_text(done, channel, summaries=summaries, alerts=alerts, refused=refused)
    finish_telling(deps, team_id, notice_id, told=say(client, request.reply_to, text))
    return True


def filed_unannounced(session: Session, team_id: str, request: Request) -> Post | None:
    """The notice of a filing that committed (its summary is recorded) but whose worker died
    before it could deliver or hold a notice; None if the request filed nothing."""
    summary = post_by_key(session, team_id, f"summary:{request.key}")
    if summary is None:
        return None
    notice, _ = record_post(
        session,
        team_id,
        key=notice_key(request.key),
        kind=PostKind.NOTICE,
        channel=summary.channel,
        text=FILED_TEXT,
        article_id=summary.article_id,
        requested_by=summary.requested_by,
    )
    return notice


def finish_telling(deps: Deps, team_id: str, notice_id: int, *, told: bool) -> None:
    with deps.sessions.begin() as session:
        if told:
            mark_posted(session, team_id, notice_id, ts=None, now=deps.clock())
        else:
            release_post(session, team_id, notice_id, error="could not reach the sender")


def say(client: WebClient, reply_to: ReplyTo, text: str) -> bool:
    """A short message to the sender: ephemeral through response_url; else in the request's
    thread (a mention); else, with a user, privately in the channel (`chat.postEphemeral`:
    a modal's job has no thread, and its notice is not for everyone); else in the channel."""
    try:
        if reply_to.response_url:
            sent = Respond(response_url=reply_to.response_url)(
                text=text,
                blocks=blocks.notice_blocks(text),
                response_type="ephemeral",
                replace_original=False,
            )
            return sent.status_code == HTTP_OK
        if reply_to.channel and reply_to.user and not reply_to.thread_ts:
            client.chat_postEphemeral(
                channel=reply_to.channel,
                user=reply_to.user,
                text=text,
                blocks=blocks.notice_blocks(text),
            )
            return True
        if reply_to.channel:
            client.chat_postMessage(
                channel=reply_to.channel,
                thread_ts=reply_to.thread_ts,
                text=text,
                blocks=blocks.notice_blocks(text),
            )
            return True
    except (SlackApiError, OSError):
        logger.exception("could not tell the sender %r", text)
    return False
