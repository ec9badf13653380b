"""Start-up: settings checks, token refusal, and `onrecord serve` really serving over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from click.testing import CliRunner
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.config import Settings
from bot.slack.app import SlackSetupError, build_app, check_slack_settings
from bot.slack.blocks import render_text
from bot.slack.clients import make_client
from tests.fake_slack import Failure, FakeSlack, serve_fake_socket_mode
from tests.slack.articles import EARLIER_TAXES
from tests.slack.conftest import SIGNING_SECRET, sign, slack_settings

GOOD = Settings(slack_bot_token="xoxb-1", slack_signing_secret=SIGNING_SECRET)


@pytest.mark.parametrize(
    ("settings", "socket_mode", "variable"),
    [
        (Settings(slack_signing_secret=SIGNING_SECRET), False, "SLACK_BOT_TOKEN is not set"),
        (Settings(slack_bot_token="xoxb-1"), False, "SLACK_SIGNING_SECRET is not set"),
        (
            Settings(slack_bot_token="xoxb-1", slack_signing_secret="not a secret!"),
            False,
            "SLACK_SIGNING_SECRET is malformed",
        ),
        (GOOD, True, "SLACK_APP_TOKEN is not set"),
        (Settings(slack_app_token="xapp-1"), True, "SLACK_BOT_TOKEN is not set"),
    ],
)
def test_missing_or_malformed_settings_name_the_variable(
    settings: Settings, socket_mode: bool, variable: str
) -> None:
    with pytest.raises(SlackSetupError) as raised:
        check_slack_settings(settings, socket_mode=socket_mode)
    message = str(raised.value)
    assert message.startswith(variable)
    assert "api.slack.com/apps" in message
    assert "\n" not in message


def test_good_settings_pass() -> None:
    check_slack_settings(GOOD, socket_mode=False)
    check_slack_settings(
        Settings(slack_bot_token="xoxb-1", slack_app_token="xapp-1"), socket_mode=True
    )


def test_client_uses_the_api_url_and_retries_rate_limits() -> None:
    client = make_client(Settings(slack_bot_token="xoxb-1", slack_api_url="http://127.0.0.1:9"))
    assert client.base_url == "http://127.0.0.1:9/"
    assert any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers)


def test_refused_bot_token_is_a_one_line_setup_error(
    fake: FakeSlack, nlp: Language, tmp_path: Path
) -> None:
    fake.fail_next("auth.test", Failure(200, body={"ok": False, "error": "invalid_auth"}))
    with pytest.raises(SlackSetupError, match=r"^SLACK_BOT_TOKEN was refused by Slack"):
        build_app(slack_settings(fake), nlp, sessionmaker[Session]())


NO_SLACK = {
    "SLACK_BOT_TOKEN": "",
    "SLACK_APP_TOKEN": "",
    "SLACK_SIGNING_SECRET": "",
    "SLACK_API_URL": "http://127.0.0.1:9/",
}


@pytest.mark.parametrize(
    ("args", "env", "says", "never"),
    [
        (
            ["serve"],
            {},
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token",
            "SIGNING_SECRET",
        ),
        (
            ["serve"],
            {"SLACK_BOT_TOKEN": "xoxb-1"},
            "SLACK_APP_TOKEN is not set: set SLACK_APP_TOKEN for Socket Mode",
            "SLACK_SIGNING_SECRET is not set",
        ),
        (
            ["serve"],
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": SIGNING_SECRET},
            "or run `onrecord serve --http` with SLACK_SIGNING_SECRET",
            "malformed",
        ),
        (["serve", "--http"], {}, "SLACK_BOT_TOKEN is not set", "SLACK_APP_TOKEN"),
        (
            ["serve", "--http"],
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_SIGNING_SECRET is not set",
            "SLACK_APP_TOKEN",
        ),
        (
            ["serve", "--http"],
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "not hex!"},
            "SLACK_SIGNING_SECRET is malformed",
            "SLACK_APP_TOKEN",
        ),
        (
            ["serve"],
            {"SLACK_BOT_TOKEN": "xoxp-user"},
            "SLACK_BOT_TOKEN must start with 'xoxb-'",
            "Traceback",
        ),
    ],
)
def test_serve_names_what_is_missing_for_its_mode(
    args: list[str], env: dict[str, str], says: str, never: str
) -> None:
    """Exit 2 with one line naming the variable and what the mode needs; no traceback."""
    result = CliRunner().invoke(main, args, env={**NO_SLACK, **env})
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert says in lines[0]
    assert never not in lines[0] and "Traceback" not in result.output
    mode_needs = "HTTP mode" if "--http" in args else "Socket Mode"
    if "must start with" not in says:
        assert mode_needs in lines[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_onrecord_serve_http_upgrades_the_db_and_answers_signed_requests(
    fake: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": fake.api_url,
        "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}",
    }
    command = [sys.executable, "-c", "from bot.cli import main; main()", "serve", "--http"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process)
        body = urlencode({"command": "/onrecord", "text": "help", "team_id": "T0FAKE"})
        stamp = str(int(time.time()))
        signed = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(SIGNING_SECRET, stamp, body),
        }
        answer = httpx.post(f"{url}/slack/events", content=body, headers=signed, timeout=10)
        assert answer.status_code == 200
        assert "/onrecord history" in answer.text
        forged = {**signed, "X-Slack-Signature": sign("0" * 32, stamp, body)}
        refused = httpx.post(f"{url}/slack/events", content=body, headers=forged, timeout=10)
        assert refused.status_code == 401
        assert (tmp_path / "served.sqlite").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
    log = process.stderr.read().decode() if process.stderr else ""
    assert "slack request: command /onrecord team=T0FAKE" in log
    assert " WARNING " not in log and " ERROR " not in log, log  # a correct start is quiet
    assert SIGNING_SECRET not in log and "xoxb-test" not in log


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(f"serve exited {process.returncode}: {stderr}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("serve did not start")


def test_onrecord_serve_uses_socket_mode_when_the_app_token_is_set(
    fake: FakeSlack, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "",
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_API_URL": fake.api_url,
        "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'socket.sqlite'}",
    }
    with serve_fake_socket_mode(fake) as socket_mode:
        process = subprocess.Popen(
            [sys.executable, "-c", "from bot.cli import main; main()", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            socket_mode.wait_connected()
            socket_mode.send(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "command": "/onrecord",
                        "text": EARLIER_TAXES,
                        "team_id": "T0FAKE",
                        "channel_id": "CNEWS",
                        "user_id": "UREPORTER",
                        "response_url": fake.response_url(),
                    },
                }
            )
            ack = socket_mode.wait_ack("env-1")
            assert "Reading" in json.dumps(ack, ensure_ascii=False)
            (summary,) = fake.wait_for("chat.postMessage", timeout=60)
            assert summary.body["channel"] == "CNEWS"
            assert "Jane Porter" in render_text(summary.blocks())
            connects = fake.calls_to("apps.connections.open")
            assert connects[0].headers["Authorization"] == "Bearer xapp-test"
        finally:
            process.terminate()
            process.wait(timeout=10)
    log = process.stderr.read().decode() if process.stderr else ""
    assert "slack request: command /onrecord team=T0FAKE channel=CNEWS outcome=acked" in log
    assert " WARNING " not in log, log  # a correct start in Socket Mode is quiet too


def test_unreachable_slack_api_is_a_one_line_setup_error(nlp: Language) -> None:
    settings = Settings(slack_bot_token="xoxb-1", slack_api_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(SlackSetupError, match=r"^cannot reach the Slack API at http://127"):
        build_app(settings, nlp, sessionmaker[Session]())
