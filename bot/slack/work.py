"""Running jobs: one handler per `JobKind`, failures told to the sender in plain words.

`attempt_job` runs one attempt of a durable job (`bot.durable.Worker` claims it): a user
mistake is told at once and the job is done; any other failure is handed back to be retried
with backoff, and when the job is parked after its last attempt `tell_parked` tells the
sender once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.articles import ArticleError
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack import (
    actions,
    commands,
    digest,
    events,
    history_actions,
    home,
    installs,
    people,
    shortcuts,
)
from bot.slack.deps import Deps, JobHandler
from bot.slack.filing import request_of
from bot.slack.outbox import PostsWaiting
from bot.slack.outbox_tell import say, tell_parked_filing

logger = logging.getLogger(__name__)

FAILURE_TEXT = (
    "Sorry, something went wrong on my side and nothing was filed. Try again in a minute; "
    "if it keeps happening, tell whoever runs On Record (the details are in its log)."
)
# what a job that is not a filing (a review, a fix, a history page…) says when it is parked
NOT_DONE_TEXT = (
    "Sorry, something went wrong on my side and I could not do that; nothing was changed. "
    "Try again in a minute; if it keeps happening, tell whoever runs On Record (the details "
    "are in its log)."
)
FILING_KINDS = frozenset({JobKind.FILE, JobKind.MENTION, JobKind.WATCHED_LINK, JobKind.SHORTCUT})
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
    **digest.JOBS,
}
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found"})


def attempt_job(deps: Deps, client: WebClient, job: Job) -> str | None:
    """Run one attempt: None when the job is finished (a user mistake is told at once and
    finishes it), else the error, and the job is retried (the sender hears only if it is
    parked: `tell_parked`)."""
    try:
        HANDLERS[job.kind](deps, client, job)
    except ArticleError as exc:
        logger.info("%s job: %s", job.kind, exc)
        tell(client, job.reply_to, str(exc))
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        if error in NOT_A_MEMBER:  # waiting will not help: the user must invite the bot
            logger.info("%s job: %s", job.kind, error)
            tell(client, job.reply_to, NOT_IN_CHANNEL_TEXT)
            return None
        logger.exception("%s job (attempt %d): Slack API error", job.kind, job.attempt)
        status = exc.response.status_code if exc.response is not None else "?"
        return f"Slack API error (HTTP {status}): {error or 'no error code'}"
    except PostsWaiting as exc:  # the filing stands; delivering again may work
        logger.warning("%s job (attempt %d): %s", job.kind, job.attempt, exc)
        return str(exc)
    except Exception as exc:
        logger.exception("%s job failed (attempt %d)", job.kind, job.attempt)
        return f"{type(exc).__name__}: {exc}"
    return None


def tell_parked(deps: Deps, client: WebClient, job: Job) -> None:
    """The job failed on every attempt: tell its sender, in plain words and truly. A filing
    that stands but whose posts Slack kept refusing is not "nothing was filed"; a job that
    files nothing (a review, a fix, a page of history) does not speak of filing."""
    if job.kind not in FILING_KINDS:
        tell(client, job.reply_to, NOT_DONE_TEXT)
        return
    if tell_parked_filing(deps, client, job.team_id, request_of(job, None)):
        return
    tell(client, job.reply_to, FAILURE_TEXT)


def tell(client: WebClient, reply_to: ReplyTo, text: str) -> None:
    """Send the sender a short message (`outbox_tell.say`: privately unless it answers a thread);
    if even that fails, the log has both tracebacks."""
    try:
        say(client, reply_to, text)
    except Exception:
        logger.exception("could not tell the sender %r", text)
