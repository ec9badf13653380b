""" "Fix this person" through the real Bolt app: history → button → views.open → signed
view_submission (inline errors, or acked) → the job applies it and answers ephemerally."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import select

from bot.slack.blocks import render_text
from bot.slack.people_blocks import (
    ALIAS_ACTION,
    ALIAS_BLOCK,
    CHOICE_ACTION,
    CHOICE_BLOCK,
    FIX_PERSON_ACTION,
    FIX_PERSON_VIEW,
    NAME_ACTION,
    NAME_BLOCK,
    ModalTarget,
    fix_person_modal,
    fix_request,
)
from store.models import Contradiction, Person
from tests.fake_slack import TEAM_ID, Call
from tests.slack.conftest import CHANNEL, EDITOR, Bot
from tests.store.factories import add_person

BUILD = (
    "Bridge plan\n\nLondon, 10 March 2024 — Boris told reporters that the city would build "
    "the garden bridge this year.\n"
)
NOT_BUILD = (
    "Bridge dropped\n\nLondon, 20 May 2024 — Speaking at City Hall, Boris Johnson said the "
    "city would not build the garden bridge this year.\n"
)


def history(bot: Bot, name: str) -> Call:
    bot.command(f"history {name}")
    bot.settle()
    return bot.fake.calls_to("response_url")[-1]


def fix_button_value(answer: Call) -> str:
    (value,) = [
        element["value"]
        for block in answer.body["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == FIX_PERSON_ACTION
    ]
    return str(value)


def open_modal(bot: Bot, name: str) -> dict[str, Any]:
    """Look `name` up, press "Fix this person"; the view the app opened."""
    value = fix_button_value(history(bot, name))
    before = len(bot.fake.calls_to("views.open"))
    clicked = bot.click(FIX_PERSON_ACTION, value, channel=CHANNEL, message_ts="1700000000.000001")
    assert clicked.status_code == 200
    call = bot.fake.wait_for("views.open", before + 1)[-1]
    assert call.body["trigger_id"].startswith("trigger.")
    view = call.body["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def submit(
    bot: Bot,
    view: dict[str, Any],
    choice: str,
    *,
    name: str | None = None,
    alias: str | None = None,
) -> httpx.Response:
    """A signed view_submission of the modal with these answers."""
    values: dict[str, Any] = {
        CHOICE_BLOCK: {
            CHOICE_ACTION: {"type": "radio_buttons", "selected_option": {"value": choice}}
        },
        NAME_BLOCK: {NAME_ACTION: {"type": "plain_text_input", "value": name}},
    }
    if alias is not None:
        values[ALIAS_BLOCK] = {
            ALIAS_ACTION: {"type": "static_select", "selected_option": {"value": alias}}
        }
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": EDITOR, "username": "editor", "team_id": TEAM_ID},
        "api_app_id": "AFAKE",
        "token": "legacy",
        "trigger_id": f"trigger.{time.time()}",
        "view": {
            **view,
            "id": "VFIX",
            "team_id": TEAM_ID,
            "state": {"values": values},
            "hash": "1.abc",
        },
        "response_urls": [],
    }
    return bot.post(
        urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )


def answered(bot: Bot, count: int) -> str:
    call = bot.fake.wait_for("chat.postEphemeral", count)[-1]
    assert (call.body["channel"], call.body["user"]) == (CHANNEL, EDITOR)
    return str(call.body["text"])


def test_merge_from_the_history_view(bot: Bot) -> None:
    for text in (BUILD, NOT_BUILD):
        bot.command(text)
        bot.settle()
    with bot.sessions() as session:
        ids = {p.name: p.id for p in session.scalars(select(Person))}
        assert session.scalars(select(Contradiction)).all() == []
    view = open_modal(bot, "Boris")
    assert view["callback_id"] == FIX_PERSON_VIEW
    metadata = json.loads(view["private_metadata"])
    assert metadata == {"person_id": ids["Boris"], "channel": CHANNEL, "user": EDITOR}
    assert "Boris" in render_text(view["blocks"])

    unknown = submit(bot, view, "merge", name="Boris Yeltsin")
    assert unknown.status_code == 200
    assert unknown.json() == {
        "response_action": "errors",
        "errors": {NAME_BLOCK: "nobody called “Boris Yeltsin” is on record"},
    }
    with bot.sessions.begin() as session:  # his brother: "Johnson" now names two people
        jo = add_person(session, "Jo Johnson", team_id=TEAM_ID).id
    ambiguous = submit(bot, view, "merge", name="Johnson")
    assert ambiguous.json()["errors"] == {
        NAME_BLOCK: f"“Johnson” matches several people: Boris Johnson (#{ids['Boris Johnson']}), "
        f"Jo Johnson (#{jo}); use the full name or #id"
    }
    missing = submit(bot, view, "merge")
    assert missing.json()["errors"] == {NAME_BLOCK: "Type who they really are."}
    assert bot.fake.calls_to("chat.postEphemeral") == []

    done = submit(bot, view, "merge", name="Boris Johnson")
    assert done.status_code == 200 and done.text == ""
    bot.settle()
    text = answered(bot, 1)
    assert text.startswith(
        f"Done: merged Boris (#{ids['Boris']}) into Boris Johnson (#{ids['Boris Johnson']}): "
    )
    assert "1 new flag" in text
    with bot.sessions() as session:
        assert [p.name for p in session.scalars(select(Person).order_by(Person.id))] == [
            "Boris Johnson",
            "Jo Johnson",
        ]
        (flag,) = session.scalars(select(Contradiction)).all()
        assert flag.later_claim.person_id == ids["Boris Johnson"]
    shown = render_text(history(bot, "Boris").body["blocks"])
    assert "Boris Johnson" in shown and "2 statements on record" in shown


def test_not_a_person_detach_and_rename_from_the_modal(bot: Bot) -> None:
    bot.command(BUILD)
    bot.settle()
    view = open_modal(bot, "Boris")
    rename = submit(bot, view, "rename", name="Boris Johnson")
    assert rename.status_code == 200 and rename.text == ""
    bot.settle()
    assert "Done: renamed Boris to Boris Johnson" in answered(bot, 1)

    view = open_modal(bot, "Boris Johnson")
    options = view["blocks"][-1]["element"]["options"]
    assert [o["value"] for o in options] == ["Boris"]
    assert submit(bot, view, "detach", alias="Boris").text == ""
    bot.settle()
    assert "Done: detached “Boris” from Boris Johnson" in answered(bot, 2)

    view = open_modal(bot, "Boris")
    assert submit(bot, view, "not_a_person").text == ""
    bot.settle()
    assert "marked not a person" in answered(bot, 3)
    gone = history(bot, "Boris")
    assert "Nobody called “Boris” is on record" in render_text(gone.body["blocks"])


def test_the_modal_offers_only_what_can_be_done() -> None:
    target = ModalTarget(7, CHANNEL, EDITOR)
    plain = fix_person_modal(target, "Ann Smith", [], not_a_person=False)
    choices = [o["value"] for o in plain["blocks"][1]["element"]["options"]]
    assert choices == ["merge", "rename", "not_a_person"]  # no alias to detach
    assert [b["block_id"] for b in plain["blocks"][1:]] == [CHOICE_BLOCK, NAME_BLOCK]
    marked = fix_person_modal(target, "His lawyer", ["lawyer", "x" * 80], not_a_person=True)
    choices = [o["value"] for o in marked["blocks"][1]["element"]["options"]]
    assert choices == ["merge", "detach", "rename", "a_person"]
    assert [o["value"] for o in marked["blocks"][-1]["element"]["options"]] == ["lawyer"]
    empty = fix_request({"private_metadata": target.to_metadata(), "state": {"values": {}}})
    assert empty.target == target and empty.missing() == {CHOICE_BLOCK: "Choose what is wrong."}
