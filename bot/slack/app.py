"""The Bolt app: one factory wires settings, the NLP model and the store into the listeners.

`build_app` builds the `slack_bolt.App` (no module globals); `serve` runs it in Socket Mode
when SLACK_APP_TOKEN is set, else over HTTP at /slack/events (Bolt verifies each request's
signature), with the daily digest scheduled in-process.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.slack import actions, commands, digest, events
from bot.slack.deps import Deps, Worker, utc_now

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 2
MAX_REQUEST_BYTES = 2 * 1024 * 1024  # Slack's payloads are far smaller
APPS_PAGE = "api.slack.com/apps"


class SlackSetupError(ValueError):
    """The Slack settings cannot work; the one-line message names the variable and the fix."""


def check_slack_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Fail fast, naming the missing or malformed variable and where to get it."""
    if not settings.slack_bot_token:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
            f"{APPS_PAGE} → your app → OAuth & Permissions"
        )
    if socket_mode and not settings.slack_app_token:
        raise SlackSetupError(
            f"SLACK_APP_TOKEN is not set: create an app-level token (xapp-…) with the "
            f"connections:write scope at {APPS_PAGE} → your app → Basic Information"
        )
    if not socket_mode and not re.fullmatch(r"[0-9a-fA-F]{16,}", settings.slack_signing_secret):
        state = "is not set" if not settings.slack_signing_secret else "is malformed"
        raise SlackSetupError(
            f"SLACK_SIGNING_SECRET {state}: copy the Signing Secret (hex digits) from "
            f"{APPS_PAGE} → your app → Basic Information → App Credentials"
        )


def api_base_url(settings: Settings) -> str | None:
    url = settings.slack_api_url.strip()
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def make_client(settings: Settings) -> WebClient:
    """A Web API client for SLACK_API_URL (or Slack's), retrying HTTP 429 after Retry-After."""
    base_url = api_base_url(settings)
    client = (
        WebClient(token=settings.slack_bot_token, base_url=base_url)
        if base_url
        else WebClient(token=settings.slack_bot_token)
    )
    install_rate_limit_retries(client)
    return client


def install_rate_limit_retries(client: WebClient) -> None:
    if not any(isinstance(h, RateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))


def build_app(
    settings: Settings,
    nlp: Language,
    session_factory: sessionmaker[Session],
    *,
    client: WebClient | None = None,
    worker: Worker | None = None,
) -> App:
    """The Bolt app with every listener registered (auth.test is called once, by Bolt)."""
    web = client or make_client(settings)
    install_rate_limit_retries(web)
    deps = Deps(settings=settings, nlp=nlp, sessions=session_factory, worker=worker or Worker())
    try:
        app = App(
            client=web,
            signing_secret=settings.slack_signing_secret or None,
            # listeners only ack and hand work to the Worker, so answering after they return
            # costs nothing and means a request is answered once its work is queued
            process_before_response=True,
            logger=logging.getLogger("bot.slack.bolt"),
        )
    except BoltError as exc:
        raise SlackSetupError(
            f"SLACK_BOT_TOKEN was refused by Slack ({exc}); copy the Bot User OAuth Token "
            f"from {APPS_PAGE} → your app → OAuth & Permissions"
        ) from exc
    except OSError as exc:  # urllib's URLError included: Slack (or SLACK_API_URL) unreachable
        raise SlackSetupError(
            f"cannot reach the Slack API at {web.base_url} ({exc}); check the network, or "
            f"SLACK_API_URL if you set it"
        ) from exc
    for module in (commands, events, actions):
        module.register(app, deps)
    return app


# --------------------------------------------------------------------------- HTTP mode


def http_server(app: App, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded HTTP server passing POSTs to `EVENTS_PATH` to the Bolt app (port 0: any)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # headers and body go out in separate writes: without this, Nagle's algorithm and
            # the client's delayed ACK add ~40 ms to every keep-alive answer
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("http: " + format, *args)

        def do_GET(self) -> None:
            if self.path.split("?", 1)[0] == "/healthz":
                self._send(BoltResponse(status=200, body="ok"))
            else:
                self._send(BoltResponse(status=404, body="not found"))

        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST_BYTES:
                self.close_connection = True
                self._send(BoltResponse(status=413, body="request too large"))
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            if path != EVENTS_PATH:
                self._send(BoltResponse(status=404, body="not found"))
                return
            headers: dict[str, list[str]] = {}
            for name, value in self.headers.items():
                headers.setdefault(name.lower(), []).append(value)
            request = BoltRequest(body=body, query=query, headers=dict(headers))
            self._send(app.dispatch(request))

        def _send(self, response: BoltResponse) -> None:
            data = response.body.encode("utf-8")
            self.send_response(response.status)
            for name, values in response.headers.items():
                if name.lower() != "content-length":
                    for value in values:
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


# --------------------------------------------------------------------------- running


def digest_job(
    client: WebClient,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """The scheduled job: find the workspace from the bot token, then post the digest."""
    try:
        team_id = str(client.auth_test()["team_id"] or settings.team_id)
        digest.run_digest(client, session_factory, settings, team_id=team_id, now=clock())
    except Exception:
        logger.exception("the daily digest failed")


def serve(
    settings: Settings,
    nlp: Language,
    session_factory: sessionmaker[Session],
    *,
    http: bool,
    port: int,
    host: str = "0.0.0.0",
) -> None:
    """Run the bot until interrupted: Socket Mode if SLACK_APP_TOKEN is set and not `http`."""
    socket_mode = bool(settings.slack_app_token) and not http
    check_slack_settings(settings, socket_mode=socket_mode)
    client = make_client(settings)
    worker = Worker()
    app = build_app(settings, nlp, session_factory, client=client, worker=worker)
    scheduler = None
    if settings.digest_channel:
        scheduler = digest.start_scheduler(
            settings, lambda: digest_job(client, session_factory, settings)
        )
    try:
        if socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            logger.info("On Record connecting to Slack in Socket Mode")
            SocketModeHandler(app, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
        else:
            server = http_server(app, host, port)
            logger.info("On Record listening on http://%s:%d%s", host, port, EVENTS_PATH)
            serve_until_interrupted(server)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        worker.shutdown()


def serve_until_interrupted(server: ThreadingHTTPServer) -> None:
    thread = threading.Thread(target=server.serve_forever, name="onrecord-http", daemon=True)
    thread.start()
    try:
        thread.join()
    except KeyboardInterrupt:
        logger.info("stopping")
    finally:
        server.shutdown()
        server.server_close()
