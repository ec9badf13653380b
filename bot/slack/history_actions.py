"""History buttons: "See history" on a flag, and Show older / newer on a history page.

Each click is acked and queued; the job answers with the page the button names, as the
channel the button is in may see it (its `Audience`; the App Home tab is `NO_CHANNEL`).
The channel comes from the click, never from the button's value.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.confidentiality import Audience
from bot.history_pages import HistoryQuery, history_page
from bot.jobs import Job, JobKind, ReplyTo
from bot.slack import blocks
from bot.slack.deps import Deps, JobHandler
from bot.slack.history_blocks import (
    HISTORY_BACK_ACTION,
    HISTORY_MORE_ACTION,
    history_page_blocks,
    history_page_text,
)
from bot.slack.home import from_home, publish_home, topic_embedder
from bot.slack.people_blocks import fix_person_block
from bot.slack.workspace import team_of
from store.db import read_session

SEE_HISTORY_ACTION = "see_history"

NOBODY_HERE_TEXT = "Nothing this person said is on record for this channel."


def clicked_channel(body: dict[str, Any]) -> str:
    return str(
        (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or ""
    )


def on_history_click(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    ack()
    user = str(body["user"]["id"])
    deps.jobs.enqueue(
        team_of(context),
        JobKind.HISTORY_PAGE,
        {
            "value": str(action.get("value") or ""),
            "channel": clicked_channel(body),
            "user": user,
            "home": from_home(body),
            "replace": action["action_id"] != SEE_HISTORY_ACTION,
        },
        reply_to=ReplyTo(response_url=body.get("response_url"), user=user),
    )


def run_history_page_job(deps: Deps, client: WebClient, job: Job) -> None:
    p = job.payload
    query = HistoryQuery.from_value(p["value"])
    if p.get("home"):
        history = query.to_value() if query is not None else ""
        publish_home(deps, client, job.team_id, p["user"], history=history)
        return
    respond = Respond(response_url=job.reply_to.response_url)
    page = None
    if query is not None:
        with read_session(deps.sessions) as session:
            page = history_page(
                session, job.team_id, query, Audience(p["channel"]), topic_embedder(deps)
            )
    if page is None:
        respond(
            text=NOBODY_HERE_TEXT,
            blocks=blocks.notice_blocks(NOBODY_HERE_TEXT),
            response_type="ephemeral",
            replace_original=False,
        )
        return
    respond(
        text=history_page_text(page),
        blocks=[*history_page_blocks(page), fix_person_block(page.query.person_id)],
        response_type="ephemeral",
        replace_original=bool(p.get("replace")),
    )


def register(app: App, deps: Deps) -> None:
    def click(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        on_history_click(ack, body, action, context, deps)

    for action_id in (SEE_HISTORY_ACTION, HISTORY_MORE_ACTION, HISTORY_BACK_ACTION):
        app.action(action_id)(click)


JOBS: dict[JobKind, JobHandler] = {JobKind.HISTORY_PAGE: run_history_page_job}
