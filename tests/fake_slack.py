"""A local fake of the Slack Web API, for tests: a threaded HTTP server on 127.0.0.1.

It records every call (method, headers, parsed form or JSON body) and answers like Slack:
`auth.test` (per bot token: `SECOND_BOT_TOKEN` is the bot of workspace `SECOND_TEAM_ID`, any
other token the bot of `TEAM_ID`), `oauth.v2.access` (`INSTALL_CODE` installs the app in
`SECOND_TEAM_ID` and returns `SECOND_BOT_TOKEN`), `chat.postMessage` (a fresh ts each time;
the message, its thread and its metadata are kept per channel), `chat.postEphemeral`,
`chat.update`, `chat.getPermalink`, `conversations.history` and `conversations.replies` (the
kept messages, newest first / oldest first, metadata only with `include_all_metadata`;
replies can also be scripted per (channel, ts)), `views.open`, `views.publish`,
`views.update` (each answers with the view and a view id), `usergroups.users.list`
(scripted members per group in `usergroups`; an unknown group answers `no_such_subteam`).
It also serves as the host of slash commands' `response_url` (`/response/<id>`). Failures
can be scripted per method, e.g. the first `chat.postMessage` answering HTTP 429 with
`Retry-After: 1`; a channel can be scripted as one the bot is not in (`leave`): posting or
reading there answers `not_in_channel` until `join`. `delays` slows a method down (to make
calls overlap).

Point a `slack_sdk.WebClient` at `fake.api_url` (`.../api/`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.http_fixtures import serving_in_thread

TEAM_ID = "T0FAKE"
BOT_USER_ID = "UBOT"
# a second workspace, where the app is installed through the OAuth flow
SECOND_TEAM_ID = "T0SECOND"
SECOND_BOT_TOKEN = "xoxb-second-workspace"
SECOND_BOT_USER_ID = "UBOT2"
INSTALL_CODE = "install-code-for-second"
INSTALLER = "UINSTALLER"


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
    """A scripted failed answer. ``applied``: Slack did the work (e.g. posted the message)
    but the answer says it failed, as when a reply is lost on the way back. ``passes``: no
    failure, answered as usual (a placeholder to fail a later call). ``hang_up``: the
    connection is closed without an answer."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: dict[str, Any] = field(default_factory=lambda: {"ok": False, "error": "ratelimited"})
    applied: bool = False
    passes: bool = False
    hang_up: bool = False


@dataclass
class FakeSlack:
    """The running fake: its URLs, what it received, and what it should answer."""

    base_url: str
    calls: list[Call] = field(default_factory=list)
    replies: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    ts_counter: int = 0
    socket_url: str = ""
    # channel → messages posted there (dicts as Slack returns them), oldest first
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)  # channels the bot is not a member of
    delays: dict[str, float] = field(default_factory=dict)  # method → seconds to wait

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

    def leave(self, channel: str) -> None:
        """The bot is not in ``channel``: posting and reading there fail until `join`."""
        with self.lock:
            self.outside.add(channel)

    def join(self, channel: str) -> None:
        with self.lock:
            self.outside.discard(channel)

    def is_outside(self, channel: str) -> bool:
        with self.lock:
            return channel in self.outside

    def keep(self, channel: str, message: dict[str, Any]) -> None:
        """Store a message as if it was posted in ``channel`` (e.g. by an earlier attempt)."""
        with self.lock:
            self.messages.setdefault(channel, []).append(dict(message))

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(m) for m in self.messages.get(channel, [])]

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
        """A fresh ts: now (as Slack's are, so `oldest` filters work), unique and rising."""
        with self.lock:
            self.ts_counter += 1
            return f"{int(time.time())}.{self.ts_counter:06d}"

    def scripted_failure(self, method: str) -> Failure | None:
        with self.lock:
            queue = self.failures.get(method)
            return queue.pop(0) if queue else None

    def answer(self, method: str, body: dict[str, Any], token: str = "") -> dict[str, Any]:
        """Slack's answer to one Web API method (`token`: the caller's, from its headers)."""
        if method in PER_TOKEN:
            return PER_TOKEN[method](self, body, token)
        handler = ANSWERS.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(self, body)

    def tokens_used(self, method: str) -> list[str]:
        """The bot token of each call to `method`, in order."""
        return [token_of(call.headers, call.body) for call in self.calls_to(method)]


def token_of(headers: dict[str, str], body: dict[str, Any]) -> str:
    """The token a Web API call carries: `Authorization: Bearer …`, else a `token` field."""
    auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
    if auth.startswith("Bearer "):
        return auth.removeprefix("Bearer ")
    return str(body.get("token") or "")


def _auth_test(fake: FakeSlack, body: dict[str, Any], token: str) -> dict[str, Any]:
    second = token == SECOND_BOT_TOKEN
    return {
        "ok": True,
        "url": "https://second.slack.com/" if second else "https://fake.slack.com/",
        "team": "Second Newsroom" if second else "Fake Newsroom",
        "user": "onrecord",
        "team_id": SECOND_TEAM_ID if second else TEAM_ID,
        "user_id": SECOND_BOT_USER_ID if second else BOT_USER_ID,
        "bot_id": "BSECOND" if second else "BFAKE",
    }


def _oauth_v2_access(fake: FakeSlack, body: dict[str, Any], token: str) -> dict[str, Any]:
    """Exchange an install's code for the workspace's bot token (the app's id and secret
    come as HTTP Basic auth, recorded in the call's headers)."""
    if body.get("code") != INSTALL_CODE:
        return {"ok": False, "error": "invalid_code"}
    return {
        "ok": True,
        "app_id": "AFAKE",
        "authed_user": {"id": INSTALLER},
        "scope": "app_mentions:read,channels:history,groups:history,chat:write,commands",
        "token_type": "bot",
        "access_token": SECOND_BOT_TOKEN,
        "bot_user_id": SECOND_BOT_USER_ID,
        "team": {"id": SECOND_TEAM_ID, "name": "Second Newsroom"},
        "enterprise": None,
        "is_enterprise_install": False,
    }


NOT_IN_CHANNEL = {"ok": False, "error": "not_in_channel"}


def _as_object(value: Any) -> Any:
    """A JSON-encoded form field (blocks, metadata) as the object it encodes."""
    if isinstance(value, str) and value[:1] in "[{":
        return json.loads(value)
    return value


def _post_message(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    channel = str(body.get("channel"))
    if fake.is_outside(channel):
        return NOT_IN_CHANNEL
    ts = fake.next_ts()
    message: dict[str, Any] = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": "BFAKE",
        "text": body.get("text", ""),
        "ts": ts,
    }
    if body.get("thread_ts"):
        message["thread_ts"] = body["thread_ts"]
    if body.get("blocks"):
        message["blocks"] = _as_object(body["blocks"])
    if body.get("metadata"):
        message["metadata"] = _as_object(body["metadata"])
    fake.keep(channel, message)
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _shown(message: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """A kept message as a read returns it: metadata only when asked for."""
    if str(body.get("include_all_metadata", "")).lower() in {"true", "1"}:
        return message
    return {k: v for k, v in message.items() if k != "metadata"}


def _since(messages: list[dict[str, Any]], body: dict[str, Any]) -> list[dict[str, Any]]:
    oldest = float(body.get("oldest") or 0)
    return [m for m in messages if float(m["ts"]) >= oldest]


def _history(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    channel = str(body.get("channel"))
    if fake.is_outside(channel):
        return NOT_IN_CHANNEL
    top = [m for m in fake.channel_messages(channel) if m.get("thread_ts", m["ts"]) == m["ts"]]
    newest_first = sorted(_since(top, body), key=lambda m: float(m["ts"]), reverse=True)
    return {"ok": True, "messages": [_shown(m, body) for m in newest_first], "has_more": False}


def _post_ephemeral(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "message_ts": fake.next_ts()}


def _update(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}


def _connections_open(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    if not fake.socket_url:
        return {"ok": False, "error": "socket_mode_not_enabled"}
    return {"ok": True, "url": fake.socket_url}


def _replies(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    channel, ts = str(body.get("channel")), str(body.get("ts"))
    if fake.is_outside(channel):
        return NOT_IN_CHANNEL
    with fake.lock:
        scripted = fake.replies.get((channel, ts))
    kept = [m for m in fake.channel_messages(channel) if ts in (m["ts"], m.get("thread_ts"))]
    if scripted is None and not kept:
        return {"ok": False, "error": "thread_not_found"}
    messages = [*(scripted or []), *sorted(kept, key=lambda m: float(m["ts"]))]
    shown = [_shown(m, body) for m in _since(messages, body)]
    return {"ok": True, "messages": shown, "has_more": False}


def _view(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    raw = body.get("view")
    view = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    if not view.get("type"):
        return {"ok": False, "error": "invalid_arguments"}
    view_id = body.get("view_id") or f"V{fake.next_ts().replace('.', '')}"
    return {"ok": True, "view": {**view, "id": view_id}}


def _views_open(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    if not body.get("trigger_id"):
        return {"ok": False, "error": "invalid_trigger_id"}
    return _view(fake, body)


def _views_publish(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    if not body.get("user_id"):
        return {"ok": False, "error": "user_not_found"}
    return _view(fake, body)


def _usergroup_members(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    with fake.lock:
        members = fake.usergroups.get(str(body.get("usergroup")))
    if members is None:
        return {"ok": False, "error": "no_such_subteam"}
    return {"ok": True, "users": list(members)}


def _permalink(fake: FakeSlack, body: dict[str, Any]) -> dict[str, Any]:
    channel, ts = str(body.get("channel") or ""), str(body.get("message_ts") or "")
    if not channel or not ts:
        return {"ok": False, "error": "message_not_found"}
    return {
        "ok": True,
        "channel": channel,
        "permalink": f"https://fake.slack.com/archives/{channel}/p{ts.replace('.', '')}",
    }


# methods whose answer depends on the caller's token
PER_TOKEN: dict[str, Callable[[FakeSlack, dict[str, Any], str], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "oauth.v2.access": _oauth_v2_access,
}

ANSWERS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "conversations.replies": _replies,
    "chat.getPermalink": _permalink,
    "conversations.history": _history,
    "apps.connections.open": _connections_open,
    "views.open": _views_open,
    "views.publish": _views_publish,
    "views.update": _view,
    "usergroups.users.list": _usergroup_members,
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
            path, _, query = self.path.partition("?")
            body.update({k: v[0] for k, v in parse_qs(query).items() if k not in body})
            is_response_url = path.startswith("/response/")
            method = "response_url" if is_response_url else path.removeprefix("/api/")
            delay = fake.delays.get(method)
            if delay:
                time.sleep(delay)
            failure = fake.scripted_failure(method)
            if failure is not None and failure.passes:
                failure = None
            if failure is not None:
                if failure.applied:
                    fake.answer(method, body)
                if failure.hang_up:
                    fake.record(Call(method, dict(self.headers.items()), body, 0, {}))
                    self.close_connection = True
                    return
                status, answer, headers = failure.status, failure.body, failure.headers
            elif method == "response_url":
                status, answer, headers = 200, {"ok": True}, ()
            else:
                token = token_of(dict(self.headers.items()), body)
                status, answer, headers = 200, fake.answer(method, body, token), ()
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
    with serving_in_thread(httpd):
        yield fake


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with serve_fake_slack() as fake:
        yield fake


# --------------------------------------------------------------------------- Socket Mode

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_TEXT, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x8, 0x9, 0xA


def ws_frame(opcode: int, payload: bytes) -> bytes:
    """One unmasked server-to-client WebSocket frame (FIN set)."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


def read_exact(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client hung up")
        data += chunk
    return data


def read_ws_frame(conn: socket.socket) -> tuple[int, bytes]:
    """One client-to-server frame (clients always mask): (opcode, payload)."""
    first, second = read_exact(conn, 2)
    size = second & 0x7F
    if size == 126:
        (size,) = struct.unpack("!H", read_exact(conn, 2))
    elif size == 127:
        (size,) = struct.unpack("!Q", read_exact(conn, 8))
    mask = read_exact(conn, 4) if second & 0x80 else b"\0\0\0\0"
    payload = read_exact(conn, size)
    return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


@dataclass
class FakeSocketMode:
    """Slack's Socket Mode end: a plain-TCP WebSocket server that pushes envelopes.

    `apps.connections.open` on the fake Web API returns `url`; the app connects, gets a
    `hello`, and `send()` pushes envelopes (slash commands, events) to it; every frame the
    app sends back (acks with their response payloads) lands in `received`.
    """

    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    connections: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    def wait_connected(self, timeout: float = 60.0) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: bool(self.connections), timeout):
                raise AssertionError("the app never connected in Socket Mode")

    def send(self, envelope: dict[str, Any]) -> None:
        data = ws_frame(OP_TEXT, json.dumps(envelope).encode("utf-8"))
        with self.lock:
            for conn in self.connections:
                conn.sendall(data)

    def wait_ack(self, envelope_id: str, timeout: float = 30.0) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            return next((m for m in self.received if m.get("envelope_id") == envelope_id), None)

        with self.changed:
            if not self.changed.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(f"no ack for envelope {envelope_id}")
            ack = found()
            assert ack is not None
            return ack

    def serve_connection(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            request += read_exact(conn, 1)
        headers = dict(
            line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line
        )
        key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"].strip()
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        conn.sendall(ws_frame(OP_TEXT, json.dumps({"type": "hello"}).encode()))
        with self.changed:
            self.connections.append(conn)
            self.changed.notify_all()
        self.read_frames(conn)

    def read_frames(self, conn: socket.socket) -> None:
        while True:
            opcode, payload = read_ws_frame(conn)
            if opcode == OP_PING:
                with self.lock:
                    conn.sendall(ws_frame(OP_PONG, payload))
            elif opcode == OP_TEXT:
                with self.changed:
                    self.received.append(json.loads(payload))
                    self.changed.notify_all()
            elif opcode == OP_CLOSE:
                return


@contextmanager
def serve_fake_socket_mode(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    """Run the Socket Mode end and make `apps.connections.open` on `fake` point to it."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    server = FakeSocketMode(url=f"ws://127.0.0.1:{listener.getsockname()[1]}/link")
    stopping = threading.Event()

    def accept_loop() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(None)
            threading.Thread(target=serve_quietly, args=(conn,), daemon=True).start()

    def serve_quietly(conn: socket.socket) -> None:
        with suppress(ConnectionError, OSError):
            server.serve_connection(conn)

    fake.socket_url = server.url
    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stopping.set()
        thread.join(timeout=5)
        with server.lock:
            for conn in server.connections:
                with suppress(OSError):
                    conn.close()
        listener.close()
