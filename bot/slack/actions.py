"""Reviewing a flag: Confirm / Not a contradiction open a modal for a reason; Undo.

A click (in the thread alert or in App Home) is acked and, if the clicker may review
(`ONRECORD_REVIEWERS`: anyone, or the members of one Slack user group), answered with the
reason modal at once (a trigger_id lasts 3 seconds). Submitting it queues a job that stores
the verdict only if the flag is still open (`store.reviews.decide`: of two editors deciding
at once one wins; the other is told who decided and when), then redraws the alert where it
was posted (`chat.update`) with the verdict, the reviewer and the reason.

Undo: only the editor who made the review may undo it, and only on the day they made it (in
ONRECORD_TIMEZONE): a verdict is a newsroom record, so another editor who disagrees reviews
it anew after the reviewer reopens it, and yesterday's verdicts stand. Undo reopens the flag
and redraws the alert with its buttons; the review row is kept, marked undone.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.confidentiality import Audience
from bot.config import ANYONE
from bot.flags import flag_from_row
from bot.home import start_of_day
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack import blocks, review_blocks
from bot.slack.blocks import CONFIRM_ACTION, DISMISS_ACTION, UNDO_ACTION, Review
from bot.slack.deps import Deps, JobHandler
from bot.slack.home import from_home, home_query, input_value, publish_home
from bot.slack.permalinks import flag_permalinks
from bot.slack.workspace import team_of
from store.contradictions import get_contradiction
from store.models import Contradiction, ContradictionStatus
from store.models import Review as StoredReview
from store.reviews import Outcome, active_review, decide, undo

logger = logging.getLogger(__name__)

STATUS_OF_ACTION = {CONFIRM_ACTION: "confirmed", DISMISS_ACTION: "dismissed"}
GONE_TEXT = review_blocks.GONE_TEXT


def refusal(deps: Deps, client: WebClient, user: str) -> str | None:
    """Why `user` may not review (None: they may), by ONRECORD_REVIEWERS."""
    group = deps.settings.reviewers
    if group == ANYONE:
        return None
    try:
        members = client.usergroups_users_list(usergroup=group).get("users") or []
    except SlackApiError:
        logger.exception("could not read the reviewers group %s", group)
        return review_blocks.GROUP_UNREADABLE_TEXT
    return None if user in members else review_blocks.refused_text(group)


def reply_to_clicker(body: dict[str, Any]) -> ReplyTo:
    user = str((body.get("user") or {}).get("id") or "")
    return ReplyTo(response_url=body.get("response_url"), user=user)


def on_review_click(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    deps: Deps,
) -> None:
    """Ack, check the clicker may review, open the reason modal (or queue the refusal)."""
    ack()
    user = str(body["user"]["id"])
    home = from_home(body)
    refused = refusal(deps, client, user)
    if refused is not None:
        deps.jobs.enqueue(
            team_of(context),
            JobKind.NOTICE,
            {"user": user, "text": refused, "home": home, "history": home_query(body)},
            reply_to=reply_to_clicker(body),
        )
        return
    status = STATUS_OF_ACTION[action["action_id"]]
    metadata = {
        "c": int(action["value"]),
        "s": status,
        "r": body.get("response_url"),
        "home": home,
        "h": home_query(body),
    }
    try:
        client.views_open(
            trigger_id=body["trigger_id"],
            view=review_blocks.review_modal(status, json.dumps(metadata)),
        )
    except SlackApiError:
        logger.exception("could not open the review form")
        deps.jobs.enqueue(
            team_of(context),
            JobKind.NOTICE,
            {
                "user": user,
                "text": review_blocks.NO_FORM_TEXT,
                "home": home,
                "history": home_query(body),
            },
            reply_to=reply_to_clicker(body),
        )


def on_review_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    ack()
    meta = json.loads(view.get("private_metadata") or "{}")
    user = str(body["user"]["id"])
    reason = input_value(view, review_blocks.REASON_BLOCK)
    deps.jobs.enqueue(
        team_of(context),
        JobKind.REVIEW,
        {
            "contradiction_id": int(meta["c"]),
            "status": str(meta["s"]),
            "user": user,
            "reason": reason[: review_blocks.REASON_MAX_CHARS],
            "home": bool(meta.get("home")),
            "history": str(meta.get("h") or ""),
        },
        reply_to=ReplyTo(response_url=meta.get("r"), user=user),
    )


def on_undo_click(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    ack()
    user = str(body["user"]["id"])
    deps.jobs.enqueue(
        team_of(context),
        JobKind.UNDO,
        {
            "contradiction_id": int(action["value"]),
            "user": user,
            "home": from_home(body),
            "history": home_query(body),
        },
        reply_to=reply_to_clicker(body),
    )


def tell_clicker(deps: Deps, client: WebClient, job: Job, text: str | None) -> None:
    """Answer where the click was: redraw Home (with `text` on top), or an ephemeral reply."""
    if job.payload.get("home"):
        history = str(job.payload.get("history") or "")
        publish_home(deps, client, job.team_id, job.payload["user"], notice=text, history=history)
    elif text and job.reply_to.response_url:
        Respond(response_url=job.reply_to.response_url)(
            text=text,
            blocks=blocks.notice_blocks(text),
            response_type="ephemeral",
            replace_original=False,
        )


def alert_update(
    session: Session, client: WebClient, team_id: str, cid: int
) -> dict[str, Any] | None:
    """The `chat.update` that redraws the flag's alert where it was posted (None if it never
    was): the verdict in force with its reviewer and reason, or the buttons again."""
    row = get_contradiction(session, team_id, cid)
    if row is None or not row.slack_channel or not row.slack_ts:
        return None
    review = None
    if row.status != ContradictionStatus.OPEN:
        active = active_review(session, team_id, cid)
        review = Review(
            status=row.status,
            reviewer=row.reviewed_by,
            at=row.reviewed_at,
            reason=active.reason if active is not None else None,
        )
    flag = flag_from_row(row)
    audience = Audience(row.slack_channel)
    return {
        "channel": row.slack_channel,
        "ts": row.slack_ts,
        "blocks": blocks.contradiction_blocks(
            flag, audience, review=review, permalinks=flag_permalinks(client, flag, audience)
        ),
        "text": blocks.contradiction_text(flag, audience),
    }


def run_review_job(deps: Deps, client: WebClient, job: Job) -> None:
    p = job.payload
    refused = refusal(deps, client, p["user"])
    if refused is not None:
        tell_clicker(deps, client, job, refused)
        return
    cid, status = int(p["contradiction_id"]), ContradictionStatus(p["status"])
    with deps.sessions.begin() as session:
        result = decide(
            session,
            job.team_id,
            cid,
            status=status,
            reviewer=p["user"],
            reason=p.get("reason") or None,
            at=deps.clock(),
        )
        row = get_contradiction(session, job.team_id, cid)
        update = (
            alert_update(session, client, job.team_id, cid)
            if result.outcome == Outcome.DONE
            else None
        )
        text = outcome_text(result.outcome, row)
    if update is not None:
        client.chat_update(**update)
    done_in_thread = result.outcome == Outcome.DONE and not p.get("home")
    tell_clicker(deps, client, job, None if done_in_thread else text)


def outcome_text(outcome: Outcome, row: Contradiction | None) -> str:
    if outcome == Outcome.GONE or row is None:
        return GONE_TEXT
    if outcome == Outcome.ALREADY:
        return review_blocks.already_text(row.status, row.reviewed_by, row.reviewed_at)
    verdict = review_blocks.VERDICT_WORDS.get(row.status, row.status)
    return f"Flag {verdict}. You can undo it today."


def run_undo_job(deps: Deps, client: WebClient, job: Job) -> None:
    p = job.payload
    cid, now = int(p["contradiction_id"]), deps.clock()
    with deps.sessions.begin() as session:
        result = undo(
            session,
            job.team_id,
            cid,
            by=p["user"],
            at=now,
            not_before=start_of_day(now, deps.settings.timezone),
        )
        update = (
            alert_update(session, client, job.team_id, cid)
            if result.outcome == Outcome.DONE
            else None
        )
    if update is not None:
        client.chat_update(**update)
    tell_clicker(deps, client, job, undo_text(result.outcome, result.review))


def undo_text(outcome: Outcome, review: StoredReview | None) -> str:
    if outcome == Outcome.DONE:
        return review_blocks.UNDONE_TEXT
    if outcome == Outcome.GONE:
        return GONE_TEXT
    if outcome == Outcome.NOT_YOURS and review is not None:
        return review_blocks.not_yours_text(review.reviewer)
    if outcome == Outcome.TOO_LATE and review is not None:
        return review_blocks.too_late_text(review.at)
    return review_blocks.NOTHING_TO_UNDO_TEXT


def run_notice_job(deps: Deps, client: WebClient, job: Job) -> None:
    tell_clicker(deps, client, job, str(job.payload["text"]))


def register(app: App, deps: Deps) -> None:
    def click(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        on_review_click(ack, body, action, client, context, deps)

    app.action(CONFIRM_ACTION)(click)
    app.action(DISMISS_ACTION)(click)
    app.view(review_blocks.REVIEW_CALLBACK)(
        lambda ack, body, view, context: on_review_submit(ack, body, view, context, deps)
    )
    app.action(UNDO_ACTION)(
        lambda ack, body, action, context: on_undo_click(ack, body, action, context, deps)
    )


JOBS: dict[JobKind, JobHandler] = {
    JobKind.REVIEW: run_review_job,
    JobKind.UNDO: run_undo_job,
    JobKind.NOTICE: run_notice_job,
}
