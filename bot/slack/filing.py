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

from slack_sdk import WebClient

from bot.articles import Article
from bot.confidentiality import Audience
from bot.config import Settings
from bot.flags import Flag
from bot.pipeline import IngestContext, IngestResult, Origin, ingest
from bot.reading import read_article
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.markup import strip_slack_formatting
from bot.slack.permalinks import flag_permalinks
from store.contradictions import set_contradiction_message

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


def file_article(deps: Deps, article: Article, place: Place) -> IngestResult:
    """Run the pipeline in one transaction, filed under this workspace and channel."""
    with deps.sessions.begin() as session:
        return ingest(
            article,
            IngestContext(
                session=session,
                nlp=deps.nlp,
                team_id=place.team_id,
                origin=Origin(
                    channel=place.channel, message=place.message_ts, shared_by=place.user
                ),
                scorer=deps.judging.scorer if deps.judging else None,
                embedder=deps.judging.embedder if deps.judging else None,
            ),
        )


def post_results(
    client: WebClient, deps: Deps, result: IngestResult, place: Place, *, quiet: bool
) -> None:
    """Post the summary (unless quiet) and, in its thread, one reply per contradiction."""
    thread = place.thread_ts
    if not quiet:
        posted = client.chat_postMessage(
            channel=place.channel,
            thread_ts=place.thread_ts,
            blocks=blocks.summary_blocks(result, Audience(place.channel)),
            text=blocks.summary_text(result, Audience(place.channel)),
        )
        thread = thread or str(posted["ts"])
    for flag in result.alerts:
        post_contradiction(client, deps, flag, place, thread)


def post_contradiction(
    client: WebClient, deps: Deps, flag: Flag, place: Place, thread: str | None
) -> None:
    audience = Audience(place.channel)
    posted = client.chat_postMessage(
        channel=place.channel,
        thread_ts=thread,
        blocks=blocks.contradiction_blocks(
            flag, audience, review=None, permalinks=flag_permalinks(client, flag, audience)
        ),
        text=blocks.contradiction_text(flag, audience),
    )
    with deps.sessions.begin() as session:
        set_contradiction_message(
            session, place.team_id, flag.contradiction_id, channel=place.channel, ts=posted["ts"]
        )


def file_and_post(
    deps: Deps, client: WebClient, text: str, place: Place, *, quiet: bool = False
) -> IngestResult:
    article = article_in_message(deps.settings, text)
    result = file_article(deps, article, place)
    post_results(client, deps, result, place, quiet=quiet)
    return result
