"""Running jobs: one handler per `JobKind`, failures told to the sender in plain words.

`InProcessQueue` runs jobs on the process's thread pool (`Worker`); a Slack event id is
queued once (a retried delivery is dropped at the door, in SQL).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import ArticleError
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack import (
    actions,
    blocks,
    commands,
    events,
    history_actions,
    home,
    installs,
    people,
    shortcuts,
)
from bot.slack.deps import Deps, JobHandler, Worker
from store.slack_state import mark_event_processed

logger = logging.getLogger(__name__)

FAILURE_TEXT = (
    "Sorry, something went wrong on my side and nothing was filed. Try again in a minute; "
    "if it keeps happening, tell whoever runs On Record (the details are in its log)."
)
NOT_IN_CHANNEL_TEXT = (
    "I can't post in this channel yet: invite me with `/invite @On Record` and try again."
)

HANDLERS: Mapping[JobKind, JobHandler] = {
    **commands.JOBS,
    **events.JOBS,
    **actions.JOBS,
    **people.JOBS,
    **home.JOBS,
    **history_actions.JOBS,
    **installs.JOBS,
    **shortcuts.JOBS,
}


def run_job(deps: Deps, client: WebClient, job: Job) -> None:
    """Run one job; every failure ends in a message the sender can act on."""
    try:
        HANDLERS[job.kind](deps, client, job)
    except ArticleError as exc:
        logger.info("%s job: %s", job.kind, exc)
        tell(client, job.reply_to, str(exc))
    except SlackApiError as exc:
        logger.exception("%s job: Slack API error", job.kind)
        error = exc.response.get("error") if exc.response is not None else None
        not_member = error in {"not_in_channel", "channel_not_found"}
        tell(client, job.reply_to, NOT_IN_CHANNEL_TEXT if not_member else FAILURE_TEXT)
    except Exception:
        logger.exception("%s job failed", job.kind)
        tell(client, job.reply_to, FAILURE_TEXT)


def tell(client: WebClient, reply_to: ReplyTo, text: str) -> None:
    """Send the sender a short message; if even that fails, the log has both tracebacks."""
    try:
        if reply_to.response_url:
            Respond(response_url=reply_to.response_url)(
                text=text,
                blocks=blocks.notice_blocks(text),
                response_type="ephemeral",
                replace_original=False,
            )
        elif reply_to.channel:
            client.chat_postMessage(
                channel=reply_to.channel,
                thread_ts=reply_to.thread_ts,
                text=text,
                blocks=blocks.notice_blocks(text),
            )
    except Exception:
        logger.exception("could not tell the sender %r", text)


class InProcessQueue:
    """Jobs run on this process's `Worker` threads, each with a JSON copy of its payload."""

    def __init__(self, worker: Worker, sessions: sessionmaker[Session]) -> None:
        self.worker = worker
        self.sessions = sessions
        self._run: Callable[[Job], None] | None = None

    def start(self, run: Callable[[Job], None]) -> None:
        self._run = run

    def enqueue(
        self,
        team_id: str,
        kind: JobKind,
        payload: dict[str, Any],
        *,
        reply_to: ReplyTo,
        dedupe_key: str | None = None,
    ) -> bool:
        run = self._run
        if run is None:
            raise RuntimeError("the job queue was not started")
        if dedupe_key and not self._first_delivery(team_id, dedupe_key):
            return False
        job = Job(
            team_id=team_id,
            kind=kind,
            payload=json.loads(json.dumps(payload)),
            reply_to=reply_to,
        )
        self.worker.submit(lambda: run(job))
        return True

    def _first_delivery(self, team_id: str, dedupe_key: str) -> bool:
        with self.sessions.begin() as session:
            fresh = mark_event_processed(session, team_id, dedupe_key)
        if not fresh:
            logger.info("skipping %s: already queued (a retried delivery)", dedupe_key)
        return fresh
