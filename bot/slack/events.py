"""Events: `@On Record` mentions, and article links posted in watched channels.

Slack retries an event it thinks was not delivered; each event id is queued once (the job
queue's dedupe key, in SQL), whether or not the request carries `X-Slack-Retry-Num`.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_sdk import WebClient

from bot.articles import ArticleError, first_url
from bot.jobs import Job, JobKind, ReplyTo
from bot.reading import has_article
from bot.slack.deps import Deps, JobHandler
from bot.slack.filing import Place, file_and_post, request_of, without_mentions
from bot.slack.outbox import deliver_channel
from bot.slack.workspace import team_of
from store.db import read_session
from store.slack_state import is_watched

logger = logging.getLogger(__name__)

NOTHING_TO_READ_TEXT = (
    "I need an article to read: mention me in the thread of a message that has an article "
    "link or the pasted article text, or write `@On Record &lt;link&gt;` (or paste the article "
    "after my name)."
)


def retry_number(request: BoltRequest) -> str | None:
    values = request.headers.get("x-slack-retry-num")
    return values[0] if values else None


def event_place(team_id: str, event: dict[str, Any]) -> Place:
    """Answers go in the thread of the message (its own thread if it is top-level)."""
    return Place(
        team_id=team_id,
        channel=str(event.get("channel", "")),
        thread_ts=event.get("thread_ts") or event.get("ts"),
        user=event.get("user"),
        message_ts=event.get("ts"),
    )


def mentioned_message(client: WebClient, event: dict[str, Any]) -> tuple[str, str | None, str]:
    """The text to read for a mention, who shared it, and the ts of the message it is in.

    In a thread: the thread's parent message (read with conversations.replies). At top
    level: the mention message itself, without the mention. A thread under a bot's message
    (e.g. our own summary) has nothing to read.
    """
    thread_ts = event.get("thread_ts")
    if thread_ts and thread_ts != event.get("ts"):
        found = client.conversations_replies(
            channel=event["channel"], ts=thread_ts, limit=1, inclusive=True
        )
        messages = found.get("messages") or []
        parent = messages[0] if messages else {}
        if parent.get("bot_id"):
            return "", None, thread_ts
        return without_mentions(str(parent.get("text", ""))), parent.get("user"), thread_ts
    return without_mentions(str(event.get("text", ""))), event.get("user"), str(event.get("ts"))


def run_mention_job(deps: Deps, client: WebClient, job: Job) -> None:
    event = job.payload["event"]
    place = event_place(job.team_id, event)
    text, sharer, message_ts = mentioned_message(client, event)
    if not has_article(text):
        raise ArticleError(NOTHING_TO_READ_TEXT)
    source = dataclasses.replace(place, user=sharer or place.user, message_ts=message_ts)
    file_and_post(deps, client, text, source, request_of(job, event.get("user")))


def run_watched_link_job(deps: Deps, client: WebClient, job: Job) -> None:
    """File a link posted in a watched channel; speak only if a contradiction is found."""
    event = job.payload["event"]
    place = event_place(job.team_id, event)
    with read_session(deps.sessions) as session:
        watched = is_watched(session, place.team_id, place.channel)
    if not watched:
        return
    try:
        file_and_post(
            deps, client, str(event.get("text", "")), place, request_of(job, None), quiet=True
        )
    except ArticleError as exc:
        logger.info("watched link in %s not filed: %s", place.channel, exc)


def is_candidate_link_message(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A plain human message with a link, not addressed to the bot (mentions are handled)."""
    if event.get("subtype") or event.get("bot_id"):
        return False
    text = str(event.get("text", ""))
    if bot_user_id and f"<@{bot_user_id}" in text:
        return False
    return first_url(text) is not None


def on_mention(
    body: dict[str, Any], request: BoltRequest, context: BoltContext, deps: Deps
) -> None:
    queue_event(deps, JobKind.MENTION, body, request, team_of(context))


def on_message(
    body: dict[str, Any], request: BoltRequest, context: BoltContext, deps: Deps
) -> None:
    if is_candidate_link_message(body.get("event", {}), context.bot_user_id):
        queue_event(deps, JobKind.WATCHED_LINK, body, request, team_of(context))


def on_member_joined(
    body: dict[str, Any], request: BoltRequest, context: BoltContext, deps: Deps
) -> None:
    """The bot was invited to a channel: post what waited for it there."""
    event = body.get("event", {})
    if context.bot_user_id and event.get("user") == context.bot_user_id:
        queue_event(deps, JobKind.DELIVER, body, request, team_of(context))


def run_deliver_job(deps: Deps, client: WebClient, job: Job) -> None:
    """Post what waits for a channel: the bot joined it (an event), or the sweep found posts
    Slack refused there (`bot.slack.sweep`); what is refused again waits for the next one."""
    channel = job.payload.get("channel") or (job.payload.get("event") or {}).get("channel")
    deliver_channel(deps, client, job.team_id, str(channel or ""))


def queue_event(
    deps: Deps, kind: JobKind, body: dict[str, Any], request: BoltRequest, team_id: str
) -> None:
    """Queue an event's job once per event id (Slack retries deliveries it thinks failed)."""
    event = body.get("event", {})
    event_id = body.get("event_id")
    queued = deps.jobs.enqueue(
        team_id,
        kind,
        # the event id keys what the job posts (each post is made once)
        {"event": event, "request": f"event:{event_id}" if event_id else None},
        reply_to=ReplyTo(
            channel=str(event.get("channel", "")),
            thread_ts=event.get("thread_ts") or event.get("ts"),
            user=event.get("user"),
        ),
        dedupe_key=body.get("event_id"),
    )
    if not queued:
        logger.info(
            "event %s was already queued (retry %s)",
            body.get("event_id"),
            retry_number(request) or "-",
        )


def register(app: App, deps: Deps) -> None:
    app.event("app_mention")(
        lambda body, request, context: on_mention(body, request, context, deps)
    )
    app.event("message")(lambda body, request, context: on_message(body, request, context, deps))
    app.event("member_joined_channel")(
        lambda body, request, context: on_member_joined(body, request, context, deps)
    )


JOBS: dict[JobKind, JobHandler] = {
    JobKind.MENTION: run_mention_job,
    JobKind.WATCHED_LINK: run_watched_link_job,
    JobKind.DELIVER: run_deliver_job,
}
