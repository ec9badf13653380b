"""Reviewing with a reason, through the real Bolt app and the fake Slack API: the modal,
first verdict wins, undo, and who may review (ONRECORD_REVIEWERS)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.blocks import CONFIRM_ACTION, DISMISS_ACTION, UNDO_ACTION, render_text
from bot.slack.review_blocks import NO_FORM_TEXT, REVIEW_CALLBACK
from store.models import Contradiction, Review
from tests.fake_slack import Call, Failure, FakeSlack
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES
from tests.slack.conftest import CHANNEL, EDITOR, USER, Bot, run_bot, slack_settings

OTHER_EDITOR = "UOTHEREDITOR"


def buttons(call: Call) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in call.blocks()
        for element in [*block.get("elements", []), block.get("accessory") or {}]
        if element.get("type") == "button"
    }


def flag_alert(bot: Bot) -> Call:
    """File the taxes pair in #news; the contradiction alert posted in the thread."""
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.command(LATER_TAXES)
    bot.settle()
    alert = bot.fake.calls_to("chat.postMessage")[-1]
    assert CONFIRM_ACTION in buttons(alert)
    return alert


def open_modal(bot: Bot, alert: Call, action: str, user: str = EDITOR) -> Call:
    before = len(bot.fake.calls_to("views.open"))
    ts = str(alert.response["ts"])
    response = bot.click(action, buttons(alert)[action], channel=CHANNEL, message_ts=ts, user=user)
    assert response.status_code == 200
    opened = bot.fake.calls_to("views.open")
    assert len(opened) == before + 1, "the modal is opened within the click's request"
    return opened[-1]


def test_confirm_opens_a_reason_modal_then_stores_who_when_why_and_redraws(bot: Bot) -> None:
    alert = flag_alert(bot)
    modal = open_modal(bot, alert, CONFIRM_ACTION)
    assert modal.body["trigger_id"].startswith("trigger.")
    view = modal.body["view"]
    assert view["callback_id"] == REVIEW_CALLBACK
    assert "Reason" in str(view["blocks"])
    with bot.sessions() as session:  # nothing is stored until the modal is submitted
        assert session.scalars(select(Review)).all() == []

    bot.submit_view(view, {"reason": "Both speeches are on video."})
    bot.settle()

    (update_call,) = bot.fake.calls_to("chat.update")
    assert (update_call.body["channel"], update_call.body["ts"]) == (CHANNEL, alert.response["ts"])
    shown = render_text(update_call.blocks())
    assert f"Confirmed by @{EDITOR}" in shown
    assert "Reason: Both speeches are on video." in shown
    assert set(buttons(update_call)) == {UNDO_ACTION}
    with bot.sessions() as session:
        (review,) = session.scalars(select(Review)).all()
        row = session.scalars(select(Contradiction)).one()
        assert (review.reviewer, review.status, review.reason) == (
            EDITOR,
            "confirmed",
            "Both speeches are on video.",
        )
        assert review.contradiction_id == row.id and review.at is not None
        assert (row.status, row.reviewed_by, row.reviewed_at) == ("confirmed", EDITOR, review.at)


def test_two_reviewers_submitting_at_once_one_verdict_the_other_told(bot: Bot) -> None:
    alert = flag_alert(bot)
    confirm = open_modal(bot, alert, CONFIRM_ACTION, user=EDITOR).body["view"]
    dismiss = open_modal(bot, alert, DISMISS_ACTION, user=OTHER_EDITOR).body["view"]
    start = threading.Barrier(2)

    def submit(view: dict[str, object], user: str) -> None:
        start.wait()
        bot.submit_view(view, {"reason": f"says {user}"}, user=user)

    threads = [
        threading.Thread(target=submit, args=(confirm, EDITOR)),
        threading.Thread(target=submit, args=(dismiss, OTHER_EDITOR)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    bot.settle()

    with bot.sessions() as session:
        (review,) = session.scalars(select(Review)).all()
        row = session.scalars(select(Contradiction)).one()
        assert row.reviewed_by == review.reviewer
        assert row.status == review.status
    winner = review.reviewer
    loser = OTHER_EDITOR if winner == EDITOR else EDITOR
    (update_call,) = bot.fake.calls_to("chat.update")
    assert f"by @{winner}" in render_text(update_call.blocks())
    (told,) = bot.fake.calls_to("response_url")[-1:]
    assert told.body["response_type"] == "ephemeral"
    verdict = "confirmed" if review.status == "confirmed" else "marked not a contradiction"
    assert f"Already {verdict} by <@{winner}>" in told.body["text"]
    assert "nothing was changed" in told.body["text"]
    assert loser not in told.body["text"]


def review(bot: Bot, alert: Call, action: str, reason: str = "", user: str = EDITOR) -> None:
    bot.submit_view(
        open_modal(bot, alert, action, user).body["view"], {"reason": reason}, user=user
    )
    bot.settle()


def test_undo_by_the_reviewer_reopens_the_flag_and_brings_back_the_buttons(bot: Bot) -> None:
    alert = flag_alert(bot)
    review(bot, alert, DISMISS_ACTION, "Different years.")
    cid = buttons(alert)[CONFIRM_ACTION]
    ts = str(alert.response["ts"])

    bot.click(UNDO_ACTION, cid, channel=CHANNEL, message_ts=ts, user=OTHER_EDITOR)
    bot.settle()
    refused = bot.fake.calls_to("response_url")[-1]
    assert f"Only <@{EDITOR}>, who reviewed this flag, can undo" in refused.body["text"]
    assert len(bot.fake.calls_to("chat.update")) == 1

    bot.click(UNDO_ACTION, cid, channel=CHANNEL, message_ts=ts, user=EDITOR)
    bot.settle()
    redrawn = bot.fake.calls_to("chat.update")[-1]
    assert set(buttons(redrawn)) == {CONFIRM_ACTION, DISMISS_ACTION}
    assert "Marked not a contradiction" not in render_text(redrawn.blocks())
    with bot.sessions() as session:
        row = session.scalars(select(Contradiction)).one()
        (kept,) = session.scalars(select(Review)).all()
        assert (row.status, row.reviewed_by) == ("open", None)
        assert kept.undone_by == EDITOR and kept.undone_at is not None

    review(bot, alert, CONFIRM_ACTION, "On second look, yes.")  # reopened: review anew
    assert "Reason: On second look, yes." in render_text(
        bot.fake.calls_to("chat.update")[-1].blocks()
    )


def test_undo_after_the_day_is_refused_and_the_verdict_stands(bot: Bot) -> None:
    alert = flag_alert(bot)
    review(bot, alert, CONFIRM_ACTION)
    with bot.sessions.begin() as session:  # the review was made yesterday
        made = session.scalars(select(Review)).one()
        made.at = made.at - timedelta(days=1)
    bot.click(
        UNDO_ACTION,
        buttons(alert)[CONFIRM_ACTION],
        channel=CHANNEL,
        message_ts=str(alert.response["ts"]),
    )
    bot.settle()
    refused = bot.fake.calls_to("response_url")[-1]
    assert "can be undone only on the day it was made" in refused.body["text"]
    with bot.sessions() as session:
        assert session.scalars(select(Contradiction)).one().status == "confirmed"


@pytest.fixture
def desk_bot(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> Iterator[Bot]:
    """Only members of the user group SDESK may review."""
    fake.usergroups["SDESK"] = [EDITOR]
    yield from run_bot(fake, slack_settings(fake, reviewers="SDESK"), nlp, session_factory)


def test_reviewers_setting_refuses_a_non_member(desk_bot: Bot) -> None:
    bot = desk_bot
    alert = flag_alert(bot)
    ts = str(alert.response["ts"])
    bot.click(
        CONFIRM_ACTION, buttons(alert)[CONFIRM_ACTION], channel=CHANNEL, message_ts=ts, user=USER
    )
    bot.settle()
    assert bot.fake.calls_to("views.open") == []
    (asked,) = bot.fake.calls_to("usergroups.users.list")
    assert asked.body["usergroup"] == "SDESK"
    refused = bot.fake.calls_to("response_url")[-1]
    assert refused.body["response_type"] == "ephemeral"
    assert "Only members of <!subteam^SDESK> can review flags" in refused.body["text"]

    review(bot, alert, CONFIRM_ACTION, "member", user=EDITOR)  # a member may
    with bot.sessions() as session:
        assert session.scalars(select(Contradiction)).one().reviewed_by == EDITOR


def test_a_form_slack_would_not_open_is_told_and_nothing_changes(bot: Bot) -> None:
    alert = flag_alert(bot)
    bot.fake.fail_next(
        "views.open", Failure(200, body={"ok": False, "error": "expired_trigger_id"})
    )
    ts = str(alert.response["ts"])
    response = bot.click(
        CONFIRM_ACTION, buttons(alert)[CONFIRM_ACTION], channel=CHANNEL, message_ts=ts
    )
    assert response.status_code == 200
    bot.settle()
    told = bot.fake.calls_to("response_url")[-1]
    assert told.body["text"] == NO_FORM_TEXT
    with bot.sessions() as session:
        assert session.scalars(select(Contradiction)).one().status == "open"
