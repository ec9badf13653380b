"""Shared by the listeners: read an article from a message, file it, post what was found.

Everything here runs in a job (never on the request thread); a failure raises and the job
runner (`bot.slack.work`) tells the sender in plain words.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.articles import Article
from bot.config import Settings
from bot.jobs import Job
from bot.pipeline import IngestContext, IngestResult, Origin, file_prepared, prepare
from bot.reading import read_article
from bot.slack import outbox, outbox_tell
from bot.slack.deps import Deps
from bot.slack.markup import strip_slack_formatting
from bot.slack.outbox import Recorded, Request
from store.db import read_session

logger = logging.getLogger(__name__)

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Place:
    """Where a request came from and where the answers go."""

    team_id: str
    channel: str
    thread_ts: str | None
    user: str | None
    message_ts: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Place:
        return cls(
            team_id=str(data["team_id"]),
            channel=str(data["channel"]),
            thread_ts=data.get("thread_ts"),
            user=data.get("user"),
            message_ts=data.get("message_ts"),
        )

    @property
    def origin(self) -> Origin:
        """Where an article shared here came from, as the application files it."""
        return Origin(channel=self.channel, message=self.message_ts, shared_by=self.user)


Reply = Callable[[str], None]


def without_mentions(text: str) -> str:
    """The message without @-mentions, its lines kept: paragraphs, a headline and transcript
    turns still matter to the reading that follows."""
    lines = (" ".join(_MENTION.sub(" ", line).split()) for line in text.splitlines())
    return "\n".join(lines).strip()


def article_in_message(settings: Settings, text: str) -> Article:
    """The article a Slack message carries; a paste is read without Slack's markup."""
    return read_article(settings, text, plain_text=strip_slack_formatting(text))


def file_article(
    deps: Deps,
    client: WebClient,
    article: Article,
    place: Place,
    request: Request,
    *,
    quiet: bool,
) -> tuple[IngestResult, Recorded]:
    """Run the pipeline and record what it will post, in one transaction.

    The article is read and judged first in a read-only session (`prepare`): on SQLite the
    write transaction, and with it the database's write lock, lasts only while filing.
    """

    def context(session: Session) -> IngestContext:
        return IngestContext(
            session=session,
            nlp=deps.nlp,
            team_id=place.team_id,
            origin=place.origin,
            scorer=deps.judging.scorer if deps.judging else None,
            embedder=deps.judging.embedder if deps.judging else None,
        )

    with read_session(deps.sessions) as reading:
        prepared = prepare(article, context(reading))
    with deps.sessions.begin() as session:
        result = file_prepared(prepared, context(session))
        recorded = outbox.record_filing(
            session,
            place.team_id,
            place.channel,
            place.thread_ts,
            result,
            request,
            quiet=quiet,
        )
    return result, recorded


def file_and_post(
    deps: Deps,
    client: WebClient,
    text: str,
    place: Place,
    request: Request,
    *,
    quiet: bool = False,
) -> IngestResult:
    """File the message's article, then post the summary (unless quiet) and, in its thread,
    one reply per contradiction; what Slack refuses waits in the outbox. Refused for a
    reason that may pass: raises `PostsWaiting`, and the job is retried (filing again finds
    the article on record and delivers what still waits, never twice). Not invited, or
    refused for good: the sender is told once."""
    article = article_in_message(deps.settings, text)
    result, recorded = file_article(deps, client, article, place, request, quiet=quiet)
    delivery = outbox.deliver(deps, client, place.team_id, recorded.post_ids)
    if delivery.may_pass and not delivery.not_member:
        outbox_tell.hold_notice(deps, place.team_id, place.channel, request, result, quiet=quiet)
        raise outbox.PostsWaiting(place.channel, delivery.may_pass)
    if delivery.failed and not quiet:  # not invited, or refused for good: say so now
        outbox_tell.tell_undelivered(
            deps, client, place.team_id, place.channel, request, result, (recorded, delivery)
        )
    return result


def request_of(job: Job, requested_by: str | None) -> Request:
    """The request a job answers, keyed by the Slack request's id in its payload."""
    key = job.payload.get("request") or (f"job:{job.id}" if job.id else f"run:{uuid4().hex}")
    return Request(key=str(key), reply_to=job.reply_to, requested_by=requested_by)
