"""A real local HTTP server for tests: serves a route table on 127.0.0.1 and records requests.

Use the `page_server` fixture (import it into a test module, or list this module in
`pytest_plugins`), add routes with `page_server.routes["/path"] = html_route(...)`, and fetch
`page_server.url("/path")`.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES_DIR = Path(__file__).parent / "fixtures" / "pages"
STREAM_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Route:
    """What the server answers on one path.

    `delay` seconds pass before the status line is sent (a slow server). When `stream_bytes`
    is set the body is that many filler bytes, sent in chunks with no Content-Length, until the
    client hangs up.
    """

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0
    stream_bytes: int | None = None


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]


def html_route(body: str | bytes, *, status: int = 200, content_type: str = "") -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    ctype = content_type or "text/html; charset=utf-8"
    return Route(status=status, headers=(("Content-Type", ctype),), body=data)


def page_route(name: str, *, content_type: str = "") -> Route:
    """A route serving a page from tests/fixtures/pages."""
    return html_route((PAGES_DIR / name).read_bytes(), content_type=content_type)


def redirect_route(location: str, *, status: int = 302) -> Route:
    return Route(status=status, headers=(("Location", location),))


def slow_route(delay: float, body: str = "<html><body>late</body></html>") -> Route:
    return Route(
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body.encode("utf-8"),
        delay=delay,
    )


def streaming_route(total_bytes: int, *, content_type: str = "text/html") -> Route:
    return Route(headers=(("Content-Type", content_type),), stream_bytes=total_bytes)


@dataclass
class PageServer:
    """The running server: its base URL, the mutable route table and the requests it saw."""

    base_url: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def url(self, path: str) -> str:
        return self.base_url + path

    def paths_requested(self) -> list[str]:
        with self.lock:
            return [request.path for request in self.requests]

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)


def _handler_for(server: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

        def do_GET(self) -> None:
            server.record(RecordedRequest("GET", self.path, dict(self.headers.items())))
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                route = html_route("<html><body>not found</body></html>", status=404)
            # the client may stop reading early, which is what some tests are about
            with suppress(BrokenPipeError, ConnectionResetError):
                self._answer(route)

        def _answer(self, route: Route) -> None:
            if route.delay and server.stopping.wait(route.delay):
                return
            self.send_response(route.status)
            for name, value in route.headers:
                self.send_header(name, value)
            if route.stream_bytes is None:
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
                return
            self.end_headers()
            self._stream(route.stream_bytes)

        def _stream(self, total: int) -> None:
            sent = 0
            chunk = b"<p>" + b"x" * (STREAM_CHUNK - 8) + b"</p>\n "
            while sent < total and not server.stopping.is_set():
                piece = chunk[: total - sent]
                self.wfile.write(piece)
                sent += len(piece)

    return Handler


@contextmanager
def serve_pages(
    routes: dict[str, Route] | None = None, *, tls: ssl.SSLContext | None = None
) -> Iterator[PageServer]:
    """Run a threaded HTTP (or, given a server TLS context, HTTPS) server on 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    scheme = "http" if tls is None else "https"
    page_server = PageServer(base_url=f"{scheme}://127.0.0.1:{httpd.server_address[1]}")
    page_server.routes.update(routes or {})
    httpd.RequestHandlerClass = _handler_for(page_server)
    with serving_in_thread(httpd):
        try:
            yield page_server
        finally:
            page_server.stopping.set()


@contextmanager
def serving_in_thread(httpd: ThreadingHTTPServer) -> Iterator[None]:
    """Serve `httpd` from a daemon thread until the block ends, then shut it down."""
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    """A fresh local page server per test; add routes to `page_server.routes`."""
    with serve_pages() as server:
        yield server
