"""The Confirm / Not a contradiction buttons: store the review, update the alert message."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.confidentiality import Audience
from bot.flags import flag_from_row
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack import blocks
from bot.slack.blocks import CONFIRM_ACTION, DISMISS_ACTION, Review
from bot.slack.deps import Deps, JobHandler
from bot.slack.permalinks import flag_permalinks
from bot.slack.workspace import team_of
from store.contradictions import review_contradiction

logger = logging.getLogger(__name__)

STATUS_OF_ACTION = {CONFIRM_ACTION: "confirmed", DISMISS_ACTION: "dismissed"}
GONE_TEXT = "That contradiction is no longer on record; nothing was changed."


def review_and_update(
    deps: Deps,
    client: WebClient,
    respond: Respond,
    body: dict[str, Any],
    action: dict[str, Any],
    team_id: str,
) -> None:
    """Record who reviewed the flag and when, then redraw the alert without its buttons."""
    channel = str((body.get("channel") or {}).get("id") or body["container"]["channel_id"])
    ts = str((body.get("message") or {}).get("ts") or body["container"]["message_ts"])
    reviewer = (body.get("user") or {}).get("id")
    status = STATUS_OF_ACTION[action["action_id"]]
    with deps.sessions.begin() as session:
        row = review_contradiction(
            session,
            team_id,
            int(action["value"]),
            status=status,
            reviewer=reviewer,
            at=deps.clock(),
        )
        if row is None:
            respond(text=GONE_TEXT, response_type="ephemeral", replace_original=False)
            return
        flag = flag_from_row(row)
        review = Review(status=row.status, reviewer=row.reviewed_by, at=row.reviewed_at)
    audience = Audience(channel)
    client.chat_update(
        channel=channel,
        ts=ts,
        blocks=blocks.contradiction_blocks(
            flag, audience, review=review, permalinks=flag_permalinks(client, flag, audience)
        ),
        text=blocks.contradiction_text(flag, audience),
    )


def on_review(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    ack()
    deps.jobs.enqueue(
        team_of(context),
        JobKind.REVIEW,
        {"body": body, "action": action},
        reply_to=ReplyTo(response_url=body.get("response_url")),
    )


def run_review_job(deps: Deps, client: WebClient, job: Job) -> None:
    respond = Respond(response_url=job.reply_to.response_url)
    review_and_update(
        deps, client, respond, job.payload["body"], job.payload["action"], job.team_id
    )


def register(app: App, deps: Deps) -> None:
    def listener(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext
    ) -> None:
        on_review(ack, body, action, context, deps)

    app.action(CONFIRM_ACTION)(listener)
    app.action(DISMISS_ACTION)(listener)


JOBS: dict[JobKind, JobHandler] = {JobKind.REVIEW: run_review_job}
