"""The Slack test harness: the real Bolt app served over real HTTP, talking to the fake API.

Requests are signed here with the signing secret (v0 HMAC-SHA256), exactly as Slack signs
them; the app answers through the real `slack_sdk` client pointed at `tests.fake_slack`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.nlp.model import JudgingModels
from bot.slack.app import EVENTS_PATH, build_app, http_server
from bot.slack.deps import Worker
from bot.slack.http import HttpLimits
from tests.fake_slack import BOT_USER_ID, TEAM_ID, FakeSlack, serve_fake_slack
from tests.http_fixtures import page_server  # noqa: F401  (fixture)

SIGNING_SECRET = "8f742231b10e8888abcd99000111085a5"
CHANNEL = "CNEWS"
OTHER_CHANNEL = "CDESK"
USER = "UREPORTER"
EDITOR = "UEDITOR"


def sign(secret: str, timestamp: str, body: str | bytes) -> str:
    """Slack's request signature: v0=HMAC-SHA256(secret, 'v0:{timestamp}:{body}')."""
    raw = body.encode() if isinstance(body, str) else body
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str | bytes, content_type: str, *, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": sign(secret, timestamp, body),
    }


def slack_settings(fake: FakeSlack, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "team_id": TEAM_ID,
        "slack_bot_token": "xoxb-test-token",
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake.api_url,
        "allow_local_fetch": True,
        "fetch_timeout": 5.0,
        # durable jobs: retried and re-polled quickly, so failures settle within a test
        "job_retry_seconds": 0.05,
        "job_retry_max_seconds": 0.2,
        "worker_poll_seconds": 0.05,
        "worker_stop_seconds": 5.0,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Bot:
    """The running app: send it signed Slack requests, wait for its background work."""

    url: str
    port: int
    fake: FakeSlack
    worker: Worker
    sessions: sessionmaker[Session]
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))
    ids: Iterator[int] = field(default_factory=lambda: count(1))

    def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        secret: str = SIGNING_SECRET,
        extra: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers = {**signed_headers(body, content_type, secret=secret), **(extra or {})}
        raw = body.encode() if isinstance(body, str) else body
        return self.http.post(self.url + EVENTS_PATH, content=raw, headers=headers)

    def command(
        self,
        text: str,
        *,
        channel: str = CHANNEL,
        user: str = USER,
        secret: str = SIGNING_SECRET,
        team_id: str | None = TEAM_ID,
    ) -> httpx.Response:
        form = {
            "token": "legacy",
            **({"team_id": team_id} if team_id else {}),
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "news",
            "user_id": user,
            "user_name": "reporter",
            "command": "/onrecord",
            "text": text,
            "api_app_id": "AFAKE",
            "response_url": self.fake.response_url(f"cmd{next(self.ids)}"),
            "trigger_id": f"trigger.{next(self.ids)}",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", secret=secret)

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
    ) -> httpx.Response:
        payload = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "AFAKE",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self.ids):06d}",
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(
            json.dumps(payload), "application/json", extra=extra if retry is not None else None
        )

    def click(
        self, action_id: str, value: str, *, channel: str, message_ts: str, user: str = EDITOR
    ) -> httpx.Response:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "fake"},
            "user": {"id": user, "username": "editor", "team_id": TEAM_ID},
            "api_app_id": "AFAKE",
            "token": "legacy",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "trigger_id": f"trigger.{next(self.ids)}",
            "channel": {"id": channel, "name": "news"},
            "message": {"type": "message", "ts": message_ts, "text": "flag", "blocks": []},
            "response_url": self.fake.response_url(f"act{next(self.ids)}"),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": f"review_{value}",
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
        form = urlencode({"payload": json.dumps(payload)})
        return self.post(form, "application/x-www-form-urlencoded")

    def click_in_home(
        self, action_id: str, value: str, *, user: str = EDITOR, private_metadata: str = ""
    ) -> httpx.Response:
        """A button clicked in the user's App Home tab: no channel, no response_url."""
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "fake"},
            "user": {"id": user, "username": "editor", "team_id": TEAM_ID},
            "api_app_id": "AFAKE",
            "token": "legacy",
            "container": {"type": "view", "view_id": "VHOME"},
            "trigger_id": f"trigger.{next(self.ids)}",
            "view": {
                "id": "VHOME",
                "team_id": TEAM_ID,
                "type": "home",
                "callback_id": "",
                "private_metadata": private_metadata,
                "blocks": [],
                "state": {"values": {}},
            },
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "home",
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
        form = urlencode({"payload": json.dumps(payload)})
        return self.post(form, "application/x-www-form-urlencoded")

    def submit_view(
        self, view: dict[str, Any], values: dict[str, str], *, user: str = EDITOR
    ) -> httpx.Response:
        """Submit a modal the app opened (`view` as sent to views.open), its plain-text
        inputs filled in: {block_id: text} (the input's action_id is its block_id here)."""
        state = {
            block["block_id"]: {
                block["element"]["action_id"]: {
                    "type": "plain_text_input",
                    "value": values.get(block["block_id"]),
                }
            }
            for block in view.get("blocks", [])
            if block.get("type") == "input"
        }
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "fake"},
            "user": {"id": user, "username": "editor", "team_id": TEAM_ID},
            "api_app_id": "AFAKE",
            "token": "legacy",
            "trigger_id": f"trigger.{next(self.ids)}",
            "view": {
                **view,
                "id": f"VMODAL{next(self.ids)}",
                "team_id": TEAM_ID,
                "state": {"values": state},
            },
            "response_urls": [],
        }
        form = urlencode({"payload": json.dumps(payload)})
        return self.post(form, "application/x-www-form-urlencoded")

    def home_opened(self, user: str = EDITOR) -> httpx.Response:
        return self.event(
            {"type": "app_home_opened", "user": user, "channel": "DHOME", "tab": "home"}
        )

    def settle(self, timeout: float = 60.0) -> None:
        """Wait until no job is queued or running (ingest, replies) and the worker is idle."""
        assert self.worker.wait_idle(timeout), "background work did not finish"


def run_bot(
    fake: FakeSlack,
    settings: Settings,
    nlp: Language,
    sessions: sessionmaker[Session],
    limits: HttpLimits | None = None,
    judging: JudgingModels | None = None,
) -> Iterator[Bot]:
    """The app served by the production HTTP server on 127.0.0.1 (a free port)."""
    worker = Worker()
    app = build_app(settings, nlp, sessions, worker=worker, judging=judging)
    server = http_server(app, settings.slack_signing_secret, "127.0.0.1", 0, limits)
    thread = threading.Thread(target=server.serve_forever, name="test-http", daemon=True)
    thread.start()
    bot = Bot(
        url=f"http://127.0.0.1:{server.port}",
        port=server.port,
        fake=fake,
        worker=worker,
        sessions=sessions,
    )
    try:
        yield bot
    finally:
        bot.http.close()
        worker.wait_idle(30)
        server.shutdown()
        thread.join(10)
        worker.shutdown()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with serve_fake_slack() as server:
        yield server


@pytest.fixture
def bot(fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]) -> Iterator[Bot]:
    """The app on a fresh database (SQLite and PostgreSQL), served on 127.0.0.1."""
    yield from run_bot(fake, slack_settings(fake), nlp, session_factory)
