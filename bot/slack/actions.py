"""The Confirm / Not a contradiction buttons: store the review, update the alert message."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.confidentiality import Audience
from bot.flags import flag_from_row
from bot.slack import blocks
from bot.slack.blocks import CONFIRM_ACTION, DISMISS_ACTION, Review
from bot.slack.deps import Deps
from bot.slack.filing import guarded
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
    client.chat_update(
        channel=channel,
        ts=ts,
        blocks=blocks.contradiction_blocks(flag, Audience(channel), review=review),
        text=blocks.contradiction_text(flag),
    )


def register(app: App, deps: Deps) -> None:
    def on_review(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        ack()
        team_id = team_of(context)

        def reply(text: str) -> None:
            respond(text=text, response_type="ephemeral", replace_original=False)

        deps.worker.submit(
            guarded(
                lambda: review_and_update(deps, client, respond, body, action, team_id),
                reply,
                what="review",
            )
        )

    app.action(CONFIRM_ACTION)(on_review)
    app.action(DISMISS_ACTION)(on_review)
