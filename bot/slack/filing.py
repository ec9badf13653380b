"""Shared by the listeners: read an article from a message, file it, post what was found.

Everything here runs on the worker (never on the request thread) and ends in a reply the
user can act on: an `ArticleError` is replied as is, anything else is logged with its
traceback and answered with a short apology.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.articles import Article, ArticleError
from bot.confidentiality import Audience
from bot.config import Settings
from bot.flags import Flag
from bot.pipeline import IngestContext, IngestResult, Origin, ingest
from bot.reading import read_article
from bot.slack import blocks
from bot.slack.deps import Deps
from bot.slack.markup import strip_slack_formatting
from store.contradictions import set_contradiction_message
from store.slack_state import mark_event_processed

logger = logging.getLogger(__name__)

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")

FAILURE_TEXT = (
    "Sorry, something went wrong on my side and nothing was filed. Try again in a minute; "
    "if it keeps happening, tell whoever runs On Record (the details are in its log)."
)
NOT_IN_CHANNEL_TEXT = (
    "I can't post in this channel yet: invite me with `/invite @On Record` and try again."
)


@dataclass(frozen=True)
class Place:
    """Where a request came from and where the answers go."""

    team_id: str
    channel: str
    thread_ts: str | None
    user: str | None
    message_ts: str | None = None

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
    posted = client.chat_postMessage(
        channel=place.channel,
        thread_ts=thread,
        blocks=blocks.contradiction_blocks(flag, Audience(place.channel), review=None),
        text=blocks.contradiction_text(flag),
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


def guarded(job: Callable[[], None], reply: Reply, *, what: str) -> Callable[[], None]:
    """Wrap a job so that every failure ends in a reply the user can act on."""

    def run() -> None:
        try:
            job()
        except ArticleError as exc:
            logger.info("%s: %s", what, exc)
            safe_reply(reply, str(exc))
        except SlackApiError as exc:
            logger.exception("%s: Slack API error", what)
            error = exc.response.get("error") if exc.response is not None else None
            not_member = error in {"not_in_channel", "channel_not_found"}
            safe_reply(reply, NOT_IN_CHANNEL_TEXT if not_member else FAILURE_TEXT)
        except Exception:
            logger.exception("%s failed", what)
            safe_reply(reply, FAILURE_TEXT)

    return run


def safe_reply(reply: Reply, text: str) -> None:
    """Send a failure reply; if even that fails, the log has both tracebacks."""
    try:
        reply(text)
    except Exception:
        logger.exception("could not send the failure reply %r", text)


def thread_reply(client: WebClient, channel: str, thread_ts: str | None) -> Reply:
    def reply(text: str) -> None:
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=text, blocks=blocks.notice_blocks(text)
        )

    return reply


def first_delivery(deps: Deps, team_id: str, event_id: str | None, retry: str | None) -> bool:
    """Record a Slack event id; False for a repeat delivery (a retry of one already handled).

    The id is checked first: a retry whose original never arrived is handled like the first.
    """
    if not event_id:
        return True
    with deps.sessions.begin() as session:
        fresh = mark_event_processed(session, team_id, event_id)
    if not fresh:
        logger.info("skipping event %s: already handled (retry %s)", event_id, retry or "-")
    return fresh
