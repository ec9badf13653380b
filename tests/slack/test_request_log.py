"""Operations: one log line per Slack request (kind, workspace, channel, outcome, time) and
never a secret or a body in it; a correct start logs no warning."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.app import build_app
from bot.slack.blocks import CONFIRM_ACTION
from bot.slack.requests import outcome_of, request_kind, safe
from tests.fake_slack import BOT_USER_ID, FakeSlack
from tests.slack.conftest import CHANNEL, SIGNING_SECRET, Bot, slack_settings

SECRET_WORDS = "Zanzibarquill"


def request_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.slack.requests"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"command": "/onrecord", "text": "x"}, "command /onrecord"),
        ({"type": "event_callback", "event": {"type": "app_mention"}}, "event app_mention"),
        (
            {"type": "block_actions", "actions": [{"action_id": "see_history", "value": "7"}]},
            "action see_history",
        ),
        (
            {"type": "message_action", "callback_id": "file_with_on_record"},
            "shortcut file_with_on_record",
        ),
        ({"type": "view_submission", "view": {"callback_id": "fix_person"}}, "view fix_person"),
        ({"type": "url_verification", "challenge": "c"}, "url_verification"),
        ({}, "unknown"),
    ],
)
def test_request_kind_names_the_request_by_its_ids_only(body: dict[str, Any], kind: str) -> None:
    assert request_kind(body) == kind


def test_ids_cannot_forge_a_log_line() -> None:
    assert safe("a\nslack request: forged") == "a?slack?request:?forged"
    assert len(safe("x" * 500)) == 64
    assert safe(None) == "-" and safe("") == "-"
    assert [outcome_of(s) for s in (200, 401, 404, 500)] == ["acked", "refused", "refused", "error"]


def test_one_line_per_command_event_and_action_without_secrets(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.requests")
    bot.command(f"history {SECRET_WORDS}")
    bot.settle()
    (line,) = request_lines(caplog)
    assert line.startswith(
        f"slack request: command /onrecord team=T0FAKE channel={CHANNEL} outcome=acked "
        "status=200 ms="
    )
    bot.event(
        {
            "type": "app_mention",
            "user": "UREPORTER",
            "text": f"<@{BOT_USER_ID}> {SECRET_WORDS}",
            "ts": "1600000000.000900",
            "channel": CHANNEL,
        }
    )
    bot.click(CONFIRM_ACTION, "999", channel=CHANNEL, message_ts="1600000000.000901")
    bot.settle()
    lines = request_lines(caplog)
    assert len(lines) == 3
    assert f"event app_mention team=T0FAKE channel={CHANNEL} outcome=acked" in lines[1]
    assert f"action {CONFIRM_ACTION} team=T0FAKE channel={CHANNEL} outcome=acked" in lines[2]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (SECRET_WORDS, "xoxb-test-token", SIGNING_SECRET, "v0=", "legacy", "999"):
        assert secret not in everything


def test_a_request_naming_no_workspace_is_logged_as_refused(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.slack.requests")
    assert bot.command("help", team_id=None).status_code == 400
    (line,) = request_lines(caplog)
    assert "command /onrecord team=- " in line and "outcome=refused status=400" in line


def test_a_correct_start_logs_no_warning(
    fake: FakeSlack,
    nlp: Language,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bolt reads SLACK_BOT_TOKEN from the environment too (as `onrecord serve` has it)."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    caplog.set_level(logging.DEBUG)
    app = build_app(slack_settings(fake), nlp, session_factory)
    assert app.client.token == "xoxb-test-token"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
