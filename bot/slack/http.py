"""HTTP mode: waitress serves Bolt's WSGI adapter behind a small guard.

waitress (a maintained, pure-Python WSGI server) owns the sockets: a real listen backlog, an
idle timeout per connection, a cap on open connections, and request size limits checked on
the headers, before any of the body is read (a bad or oversized `Content-Length` is answered
400/413 by waitress itself). Connections are multiplexed on one I/O thread, so idle or slow
clients hold no request thread; a request reaches a thread only once it has fully arrived.

`SlackGuard` is the WSGI application: `/healthz`, 404 for other paths, and for
`POST /slack/events` it checks the signature on the raw body *before* anything parses it
(Bolt's adapter parses first and verifies later, so an unsigned malformed body would raise),
then hands the request to `slack_bolt.adapter.wsgi.SlackRequestHandler`. When the app is
installed in several workspaces (Bolt's OAuth flow, `bot.slack.oauth`), `GET /slack/install`
and `GET /slack/oauth_redirect` go to Bolt too, unsigned: a person's browser sends them,
and Bolt checks the install's one-time state instead. Every path has the same body limits.
Refusals are one short log line each; a request body is never logged.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, create_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

# Slack's timestamps are Unix seconds; anything else cannot be a signed request
TIMESTAMP = re.compile(r"[0-9]{1,12}")
DIGITS = re.compile(r"[0-9]{1,20}")

# how long one turn of the I/O loop may wait: bounds how soon `shutdown` takes effect
LOOP_TICK = 0.2
# how often connections are checked for requests that take too long to arrive
SLOW_CHECK_INTERVAL = 0.5


@dataclass(frozen=True)
class HttpLimits:
    """What one HTTP server process accepts (waitress's adjustments of the same meaning)."""

    threads: int = 8  # request threads: Bolt verifies, acks and queues the work
    backlog: int = 1024  # the kernel's accept queue (capped by net.core.somaxconn)
    connection_limit: int = 500  # open connections; past it, new ones wait in the backlog
    channel_timeout: int = 30  # seconds a connection may sit idle before it is closed
    request_timeout: float = 30.0  # seconds one request may take to arrive, however it trickles
    cleanup_interval: int = 5  # seconds between checks for idle connections
    max_body_bytes: int = 2 * 1024 * 1024  # Slack's payloads are far smaller
    max_header_bytes: int = 64 * 1024


def plain(start_response: StartResponse, status: int, text: str, **headers: str) -> list[bytes]:
    """A short text/plain answer."""
    data = text.encode("utf-8")
    head = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(data))),
        *((name.replace("_", "-").title(), value) for name, value in headers.items()),
    ]
    start_response(f"{status} {HTTPStatus(status).phrase}", head)
    return [data]


class SlackGuard:
    """The WSGI application: health check, routing, size and signature checks, then Bolt."""

    def __init__(
        self, app: App, signing_secret: str, *, max_body_bytes: int = HttpLimits.max_body_bytes
    ) -> None:
        self._bolt = SlackRequestHandler(app, path=EVENTS_PATH)
        self._verifier = SignatureVerifier(signing_secret)
        self._max_body = max_body_bytes
        flow = app.oauth_flow
        # the install flow's two pages, opened in a browser (not signed): OAuth mode only
        self._browser_paths = (
            frozenset({flow.install_path, flow.redirect_uri_path}) if flow else frozenset()
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", ""))
        path = str(environ.get("PATH_INFO", ""))
        if path == HEALTH_PATH:
            if method in {"GET", "HEAD"}:
                return plain(start_response, 200, "ok")
            return plain(start_response, 405, "method not allowed", allow="GET, HEAD")
        if path in self._browser_paths:
            if method != "GET":
                return plain(start_response, 405, "method not allowed", allow="GET")
            return self._browser_request(environ, start_response)
        if path != EVENTS_PATH:
            return plain(start_response, 404, "not found")
        if method != "POST":
            return plain(start_response, 405, "method not allowed", allow="POST")
        return self._slack_request(environ, start_response)

    def _read_body(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> bytes | list[bytes]:
        """The raw body (bytes), or the refusal already answered (a list)."""
        # waitress has already refused a bad or oversized Content-Length; this repeats the
        # check so that the guard is safe behind any WSGI server
        declared = str(environ.get("CONTENT_LENGTH") or "0")
        if not DIGITS.fullmatch(declared):
            return self._refuse(environ, start_response, 400, "bad Content-Length")
        if int(declared) > self._max_body:
            return self._refuse(environ, start_response, 413, "request too large")
        raw: bytes = environ["wsgi.input"].read(int(declared))
        return raw

    def _browser_request(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        """The install flow's pages: Bolt answers (a redirect to Slack, or the result)."""
        raw = self._read_body(environ, start_response)
        if isinstance(raw, list):
            return raw
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            return self._bolt(environ, start_response)
        except UnicodeDecodeError:
            return self._refuse(environ, start_response, 400, "body is not UTF-8")

    def _slack_request(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        raw = self._read_body(environ, start_response)
        if isinstance(raw, list):
            return raw
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._refuse(environ, start_response, 400, "body is not UTF-8")
        if not self._signed(environ, body):
            return self._refuse(environ, start_response, 401, "invalid request")
        environ["wsgi.input"] = io.BytesIO(raw)
        try:
            return self._bolt(environ, start_response)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            # Bolt catches what its middleware and listeners raise: what escapes the adapter
            # is its parsing of the body (bad JSON, a JSON list, a non-object payload)
            # (the exception's type only: its message could quote the body)
            logger.warning(
                "refused a signed request whose body Bolt cannot parse (%s)", type(exc).__name__
            )
            return plain(start_response, 400, "malformed request")

    def _signed(self, environ: WSGIEnvironment, body: str) -> bool:
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if not TIMESTAMP.fullmatch(timestamp) or not signature:
            return False
        return self._verifier.is_valid(body, timestamp, signature)

    @staticmethod
    def _refuse(
        environ: WSGIEnvironment, start_response: StartResponse, status: int, reason: str
    ) -> list[bytes]:
        logger.info(
            "refused a request to %s from %s: %s (%s bytes declared)",
            environ.get("PATH_INFO"),
            environ.get("REMOTE_ADDR", "?"),
            reason,
            str(environ.get("CONTENT_LENGTH") or 0)[:20],
        )
        return plain(start_response, status, reason)


class RefusingParser(HTTPRequestParser):
    """waitress's request parser, but a request refused on its headers gets no `100 Continue`.

    waitress 3.0 answers `Expect: 100-continue` even when the headers already failed (a bad or
    oversized Content-Length): it then reads up to the body limit before answering 413, or
    raises on the next bytes (an ERROR log line, no answer) instead of answering 400.
    """

    def received(self, data: bytes) -> int:
        consumed = super().received(data)
        if self.error is not None:
            self.expect_continue = False
        return consumed


class RefusingChannel(HTTPChannel):
    parser_class = RefusingParser


class HttpServer:
    """A waitress server on one address (port 0: any free port) that can be stopped."""

    def __init__(
        self, application: WSGIApplication, host: str, port: int, limits: HttpLimits
    ) -> None:
        self._map: dict[int, Any] = {}
        server = create_server(
            application,
            map=self._map,
            host=host,
            port=port,
            threads=limits.threads,
            backlog=limits.backlog,
            connection_limit=limits.connection_limit,
            channel_timeout=limits.channel_timeout,
            cleanup_interval=limits.cleanup_interval,
            max_request_body_size=limits.max_body_bytes,
            max_request_header_size=limits.max_header_bytes,
            expose_tracebacks=False,
            ident="onrecord",
        )
        if not isinstance(server, BaseWSGIServer):  # several addresses: not what we ask for
            server.close()
            raise ValueError(f"{host!r} names more than one address; give one IP address")
        server.channel_class = RefusingChannel
        self._server = server
        self._request_timeout = limits.request_timeout
        self._arriving: dict[int, tuple[HTTPRequestParser, float]] = {}
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._closing = threading.Lock()
        self._running = False

    @property
    def port(self) -> int:
        return int(self._server.getsockname()[1])

    def serve_forever(self) -> None:
        """Serve until `stop()`; then close every connection and the request threads."""
        self._running = True
        next_check = 0.0
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=LOOP_TICK, use_poll=True, map=self._map, count=1)
                now = time.monotonic()
                if now >= next_check:
                    self._close_slow_requests(now)
                    next_check = now + SLOW_CHECK_INTERVAL
        finally:
            self._close()

    def _close_slow_requests(self, now: float) -> None:
        """Close connections whose current request has been arriving for too long.

        waitress closes idle connections only: one that sends a header line every few seconds
        is never idle, and would keep its connection slot forever.
        """
        arriving: dict[int, tuple[HTTPRequestParser, float]] = {}
        for fd, channel in list(self._map.items()):
            if not isinstance(channel, HTTPChannel) or channel.request is None:
                continue
            partial = channel.request
            seen = self._arriving.get(fd)
            since = seen[1] if seen is not None and seen[0] is partial else now
            arriving[fd] = (partial, since)
            if now - since > self._request_timeout and not channel.will_close:
                logger.info(
                    "closed a connection whose request took over %.0f s to arrive",
                    self._request_timeout,
                )
                channel.will_close = True
        self._arriving = arriving

    def stop(self) -> None:
        """Ask the loop to end (safe from any thread and from a signal handler)."""
        self._stopping.set()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop and wait until the server has closed its sockets and threads."""
        self.stop()
        if self._running:
            self._stopped.wait(timeout)
        else:
            self._close()

    def _close(self) -> None:
        with self._closing:
            if self._stopped.is_set():
                return
            wasyncore.close_all(self._map)
            self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
            self._stopped.set()
