"""A local fake of the Slack Web API, for tests: a threaded HTTP server on 127.0.0.1.

It records every call (method, headers, parsed form or JSON body) and answers like Slack:
`auth.test`, `chat.postMessage` (a fresh ts each time), `chat.postEphemeral`, `chat.update`,
`conversations.replies` (scripted messages per (channel, ts)). It also serves as the host of
slash commands' `response_url` (`/response/<id>`). Failures can be scripted per method, e.g.
the first `chat.postMessage` answering HTTP 429 with `Retry-After: 1`.

Point a `slack_sdk.WebClient` at `fake.api_url` (`.../api/`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

TEAM_ID = "T0FAKE"
BOT_USER_ID = "UBOT"


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str
    headers: dict[str, str]
    body: dict[str, Any]
    status: int
    response: dict[str, Any]

    def blocks(self) -> list[dict[str, Any]]:
        raw = self.body.get("blocks")
        if isinstance(raw, str):
            parsed: list[dict[str, Any]] = json.loads(raw)
            return parsed
        return list(raw or [])


@dataclass(frozen=True)
class Failure:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: dict[str, Any] = field(default_factory=lambda: {"ok": False, "error": "ratelimited"})


@dataclass
class FakeSlack:
    """The running fake: its URLs, what it received, and what it should answer."""

    base_url: str
    calls: list[Call] = field(default_factory=list)
    replies: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)
    ts_counter: int = 0

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"{self.base_url}/response/{name}"

    def fail_next(self, method: str, failure: Failure) -> None:
        with self.lock:
            self.failures.setdefault(method, []).append(failure)

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30.0) -> list[Call]:
        """Wait until `method` was called `count` times; fail the test on timeout."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"{method} called {len(found)}x, not {count}; saw {seen}")
                self.changed.wait(left)

    def record(self, call: Call) -> None:
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def next_ts(self) -> str:
        with self.lock:
            self.ts_counter += 1
            return f"1700000000.{self.ts_counter:06d}"

    def scripted_failure(self, method: str) -> Failure | None:
        with self.lock:
            queue = self.failures.get(method)
            return queue.pop(0) if queue else None

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        """Slack's answer to one Web API method."""
        handler = ANSWERS.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(self, body)


def _auth_test(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "url": "https://fake.slack.com/",
        "team": "Fake Newsroom",
        "user": "onrecord",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": "BFAKE",
    }


def _post_message(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    ts = fake.next_ts()
    return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": {"ts": ts}}


def _post_ephemeral(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "message_ts": fake.next_ts()}


def _update(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}


def _replies(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    key = (str(body.get("channel")), str(body.get("ts")))
    with fake.lock:
        messages = fake.replies.get(key)
    if messages is None:
        return {"ok": False, "error": "thread_not_found"}
    return {"ok": True, "messages": messages, "has_more": False}


ANSWERS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "conversations.replies": _replies,
}


def parse_body(content_type: str, raw: bytes) -> dict[str, Any]:
    """A request body as a dict: JSON, or form fields (one value each)."""
    text = raw.decode("utf-8")
    if "json" in content_type:
        parsed: dict[str, Any] = json.loads(text) if text else {}
        return parsed
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = parse_body(self.headers.get("Content-Type", ""), self.rfile.read(length))
            path = self.path.split("?", 1)[0]
            is_response_url = path.startswith("/response/")
            method = "response_url" if is_response_url else path.removeprefix("/api/")
            failure = fake.scripted_failure(method)
            if failure is not None:
                status, answer, headers = failure.status, failure.body, failure.headers
            elif method == "response_url":
                status, answer, headers = 200, {"ok": True}, ()
            else:
                status, answer, headers = 200, fake.answer(method, body), ()
            fake.record(Call(method, dict(self.headers.items()), body, status, answer))
            self._send(status, answer, headers)

        def _send(
            self, status: int, payload: dict[str, Any], headers: tuple[tuple[str, str], ...] = ()
        ) -> None:
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def serve_fake_slack() -> Iterator[FakeSlack]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    fake = FakeSlack(base_url=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler_for(fake)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with serve_fake_slack() as fake:
        yield fake
