"""The message shortcut "File with On Record": file the message's article, answer in its thread.

The message is read by the same rule as a mention (`bot.reading`): a link is fetched, a
longer text is a pasted article. The message is the article's origin (its channel, ts and
author); the summary and the flags go in the message's thread. A message with nothing to
read gets an ephemeral reply saying what would work.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.articles import ArticleError
from bot.jobs import Job, JobKind, ReplyTo
from bot.reading import has_article
from bot.slack.deps import Deps, JobHandler
from bot.slack.filing import Place, file_and_post, request_of, without_mentions
from bot.slack.workspace import team_of

logger = logging.getLogger(__name__)

FILE_SHORTCUT = "file_with_on_record"

NO_ARTICLE_TEXT = (
    "That message has no article for me to file: use “File with On Record” on a message "
    "with an article link or the pasted article text (headline and paragraphs with quotes)."
)
BOT_MESSAGE_TEXT = (
    "That is a message from a bot, not an article: use “File with On Record” on the message "
    "that shares the article."
)


def shortcut_place(team_id: str, body: dict[str, Any]) -> Place:
    """The message is the origin; answers go in its thread (its own, if it is top-level)."""
    message = body.get("message") or {}
    ts = message.get("ts")
    return Place(
        team_id=team_id,
        channel=str((body.get("channel") or {}).get("id", "")),
        thread_ts=message.get("thread_ts") or ts,
        user=message.get("user"),
        message_ts=ts,
    )


def on_file_shortcut(ack: Ack, body: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    """Ack at once; the filing runs as a job."""
    ack()
    team_id = team_of(context)
    place = shortcut_place(team_id, body)
    message = body.get("message") or {}
    trigger = body.get("trigger_id")
    deps.jobs.enqueue(
        team_id,
        JobKind.SHORTCUT,
        {
            "place": place.to_json(),
            "text": str(message.get("text", "")),
            "from_bot": bool(message.get("bot_id")),
            "requested_by": (body.get("user") or {}).get("id"),
            "request": f"shortcut:{trigger}" if trigger else None,
        },
        reply_to=ReplyTo(
            response_url=body.get("response_url"),
            channel=place.channel,
            thread_ts=place.thread_ts,
            user=(body.get("user") or {}).get("id"),
        ),
    )


def run_shortcut_job(deps: Deps, client: WebClient, job: Job) -> None:
    place = Place.from_json(job.payload["place"])
    if job.payload.get("from_bot"):
        raise ArticleError(BOT_MESSAGE_TEXT)
    text = without_mentions(str(job.payload.get("text", "")))
    if not has_article(text):
        raise ArticleError(NO_ARTICLE_TEXT)
    requester = job.payload.get("requested_by")
    file_and_post(deps, client, text, place, request_of(job, requester))


def register(app: App, deps: Deps) -> None:
    app.shortcut(FILE_SHORTCUT)(
        lambda ack, body, context: on_file_shortcut(ack, body, context, deps)
    )


JOBS: dict[JobKind, JobHandler] = {JobKind.SHORTCUT: run_shortcut_job}
