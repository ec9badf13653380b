""" "Fix this person": the button under a history opens a modal (merge, detach an alias,
rename, (not) a person); its submission is checked, acked, and applied by a job that
answers the editor ephemerally in the channel the history was shown in."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.jobs import Job, JobKind, ReplyTo
from bot.people_fixes import (
    PersonFixError,
    alias_to_split,
    mark_not_a_person,
    merge_people,
    new_name_for,
    people_to_merge,
    pick_person,
    rename_person,
    split_person,
)
from bot.slack import blocks
from bot.slack.deps import Deps, JobHandler
from bot.slack.people_blocks import (
    ALIAS_BLOCK,
    FIX_PERSON_ACTION,
    FIX_PERSON_VIEW,
    NAME_BLOCK,
    FixRequest,
    ModalTarget,
    fix_person_modal,
    fix_request,
)
from bot.slack.workspace import team_of
from store.db import read_session
from store.people import get_person

logger = logging.getLogger(__name__)

GONE_TEXT = "That person is no longer on record (merged or changed since); look them up again."
ERROR_LIMIT = 150  # keep an inline error short


def on_fix_person(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    respond: Respond,
    deps: Deps,
) -> None:
    """Ack, then open the modal at once (a trigger_id lives 3 seconds)."""
    ack()
    channel = str((body.get("channel") or {}).get("id") or body["container"]["channel_id"])
    target = ModalTarget(int(action["value"]), channel, str(body["user"]["id"]))
    with read_session(deps.sessions) as session:
        person = get_person(session, team_of(context), target.person_id)
        if person is None:
            respond(text=GONE_TEXT, response_type="ephemeral", replace_original=False)
            return
        aliases = [a.alias for a in person.aliases if a.alias_key != person.name_key]
        view = fix_person_modal(target, person.name, aliases, not_a_person=person.not_a_person)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def check_request(session: Session, team_id: str, request: FixRequest) -> dict[str, str]:
    """Inline errors for answers that cannot be applied (unknown or ambiguous name, …)."""
    errors = request.missing()
    if errors:
        return errors
    who = f"#{request.target.person_id}"
    block = ALIAS_BLOCK if request.choice == "detach" else NAME_BLOCK
    try:
        person = pick_person(session, team_id, who)
        if request.choice == "merge":
            people_to_merge(session, team_id, who, request.name)
        elif request.choice == "rename":
            new_name_for(session, team_id, person, request.name)
        elif request.choice == "detach":
            alias_to_split(session, team_id, person, request.alias)
    except PersonFixError as exc:
        return {block: str(exc)[:ERROR_LIMIT]}
    return {}


def on_fix_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    """Answers that cannot work come back inline; the rest is acked and queued."""
    request = fix_request(view)
    team_id = team_of(context)
    with read_session(deps.sessions) as session:
        errors = check_request(session, team_id, request)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    target = request.target
    deps.jobs.enqueue(
        team_id,
        JobKind.FIX_PERSON,
        request.to_json(),
        reply_to=ReplyTo(channel=target.channel, user=target.user),
    )


def apply_fix(deps: Deps, session: Session, team_id: str, request: FixRequest) -> str:
    """Make the fix; one line of what changed."""
    who = f"#{request.target.person_id}"
    if request.choice == "merge":
        scorer = deps.judging.scorer if deps.judging is not None else None
        merged = merge_people(session, team_id, who, request.name, scorer)
        review = " (open flags: `onrecord review`)" if merged.new_flags else ""
        return merged.summary() + review
    if request.choice == "detach":
        return split_person(session, team_id, who, request.alias).summary()
    if request.choice == "rename":
        return rename_person(session, team_id, who, request.name).summary()
    undo = request.choice == "a_person"
    return mark_not_a_person(session, team_id, who, undo=undo).summary()


def run_fix_person_job(deps: Deps, client: WebClient, job: Job) -> None:
    request = FixRequest.from_json(job.payload)
    try:
        with deps.sessions.begin() as session:
            text = f"Done: {apply_fix(deps, session, job.team_id, request)}."
    except PersonFixError as exc:
        text = f"Nothing was changed: {exc}."
    target = request.target
    client.chat_postEphemeral(
        channel=target.channel,
        user=target.user,
        text=text,
        blocks=blocks.notice_blocks(blocks.escape(text)),
    )


def register(app: App, deps: Deps) -> None:
    def button(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        respond: Respond,
    ) -> None:
        on_fix_person(ack, body, action, client, context, respond, deps)

    def submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        on_fix_submitted(ack, body, view, context, deps)

    app.action(FIX_PERSON_ACTION)(button)
    app.view(FIX_PERSON_VIEW)(submitted)


JOBS: dict[JobKind, JobHandler] = {JobKind.FIX_PERSON: run_fix_person_job}
