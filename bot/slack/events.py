"""Events: `@On Record` mentions, and article links posted in watched channels.

Slack retries an event it thinks was not delivered; each event id is handled once
(`first_delivery`, in SQL), whether or not the request carries `X-Slack-Retry-Num`.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_sdk import WebClient

from bot.articles import ArticleError, first_url
from bot.reading import has_article
from bot.slack.deps import Deps
from bot.slack.filing import (
    Place,
    file_and_post,
    first_delivery,
    guarded,
    thread_reply,
    without_mentions,
)
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


def handle_mention(
    deps: Deps, client: WebClient, body: dict[str, Any], team_id: str, retry: str | None
) -> None:
    event = body["event"]
    place = event_place(team_id, event)
    if not first_delivery(deps, place.team_id, body.get("event_id"), retry):
        return
    text, sharer, message_ts = mentioned_message(client, event)
    if not has_article(text):
        raise ArticleError(NOTHING_TO_READ_TEXT)
    source = dataclasses.replace(place, user=sharer or place.user, message_ts=message_ts)
    file_and_post(deps, client, text, source)


def handle_watched_message(
    deps: Deps, client: WebClient, body: dict[str, Any], team_id: str, retry: str | None
) -> None:
    """File a link posted in a watched channel; speak only if a contradiction is found."""
    event = body["event"]
    place = event_place(team_id, event)
    with read_session(deps.sessions) as session:
        watched = is_watched(session, place.team_id, place.channel)
    if not watched or not first_delivery(deps, place.team_id, body.get("event_id"), retry):
        return
    try:
        file_and_post(deps, client, str(event.get("text", "")), place, quiet=True)
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


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention")
    def on_mention(
        body: dict[str, Any], client: WebClient, request: BoltRequest, context: BoltContext
    ) -> None:
        event = body.get("event", {})
        team_id = team_of(context)
        reply = thread_reply(
            client, str(event.get("channel", "")), event.get("thread_ts") or event.get("ts")
        )
        retry = retry_number(request)
        deps.worker.submit(
            guarded(
                lambda: handle_mention(deps, client, body, team_id, retry), reply, what="mention"
            )
        )

    @app.event("message")
    def on_message(
        body: dict[str, Any], client: WebClient, request: BoltRequest, context: BoltContext
    ) -> None:
        event = body.get("event", {})
        if not is_candidate_link_message(event, context.bot_user_id):
            return
        reply = thread_reply(client, str(event.get("channel", "")), event.get("ts"))
        retry = retry_number(request)
        team_id = team_of(context)
        deps.worker.submit(
            guarded(
                lambda: handle_watched_message(deps, client, body, team_id, retry),
                reply,
                what="watched link",
            )
        )
