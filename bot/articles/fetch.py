"""Fetching a page safely: public addresses only, every hop checked, one deadline, a size cap."""

from __future__ import annotations

import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from bot.articles.addresses import IPAddress, checked_addresses
from bot.articles.html import article_from_html, no_article_error
from bot.articles.links import without_credentials
from bot.articles.text import MIN_ARTICLE_CHARS, Article, ArticleError, article_from_plain
from bot.config import DEFAULT_MAX_ARTICLE_CHARS

ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "OnRecordBot/0.1 (newsroom statement tracker)"


@dataclass(frozen=True)
class _Page:
    url: httpx.URL
    media_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class _Limits:
    deadline: float
    timeout: float
    max_bytes: int

    def remaining(self, url: httpx.URL) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _timeout_error(url, self.timeout)
        return left


def _timeout_error(url: httpx.URL, timeout: float) -> ArticleError:
    return ArticleError(
        f"{url.host} took longer than {timeout:g} s to send the page: "
        "try again later or paste the article text."
    )


def _too_large_error(max_bytes: int) -> ArticleError:
    size = f"{max_bytes / (1024 * 1024):g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} B"
    return ArticleError(f"The page is larger than {size}: paste the article text instead.")


def _pinned_url(url: httpx.URL, address: IPAddress) -> httpx.URL:
    return url.copy_with(host=str(address))


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read, write and TLS handshake ends by the fetch's deadline.

    httpx's timeouts apply to each socket operation, so a server that trickles its headers
    a byte at a time could hold a fetch for ever; here no operation may outlast the deadline.
    """

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, self._deadline))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, self._deadline))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wrapped = self._stream.start_tls(
            ssl_context, server_hostname, _bounded(timeout, self._deadline)
        )
        return _DeadlineStream(wrapped, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with every connection bound to one deadline."""

    def __init__(self, deadline: float) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, _bounded(timeout, self._deadline), local_address, socket_options
        )
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self._deadline - time.monotonic())))


def _bounded(timeout: float | None, deadline: float) -> float:
    """The time one socket operation may take: its own timeout, cut to what is left."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's overall deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport (no retries, no kept-alive connections) on the deadline backend."""

    def __init__(self, deadline: float) -> None:
        super().__init__(retries=0, limits=httpx.Limits(max_keepalive_connections=0))
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_keepalive_connections=0,
            retries=0,
            network_backend=_DeadlineBackend(deadline),
        )


@contextmanager
def _client(transport: httpx.BaseTransport | None, deadline: float) -> Iterator[httpx.Client]:
    """One client for a fetch: env proxies ignored, no redirects, no kept-alive connections.

    Without keep-alive, no connection (and no TLS session checked for one host name) is reused
    for another hop. Every socket operation ends by `deadline` (connecting, sending, headers,
    body), so no server can stretch a fetch. A caller-supplied transport (tests) is used as
    given and left open.
    """
    owned = transport is None
    client = httpx.Client(
        transport=_DeadlineTransport(deadline) if owned else transport,
        follow_redirects=False,
        trust_env=False,
    )
    try:
        yield client
    finally:
        if owned:
            client.close()


def _media_type(response: httpx.Response) -> str:
    header: str = response.headers.get("content-type", "")
    return header.split(";", 1)[0].strip().lower()


def _unsupported_type_error(url: httpx.URL, media_type: str) -> ArticleError:
    if media_type == "application/pdf":
        kind = "a PDF"
    elif media_type.startswith("image/"):
        kind = "an image"
    elif media_type.startswith(("audio/", "video/")):
        kind = "audio or video"
    elif not media_type:
        kind = "a file of unknown type"
    else:
        kind = f"a {media_type} file"
    return ArticleError(
        f"The link {url} is {kind}, not a web page: paste the article text instead."
    )


def _status_error(url: httpx.URL, status: int) -> ArticleError:
    if status in {401, 402, 403}:
        return ArticleError(
            f"{url.host} would not let the bot read {url} (HTTP {status}, paywall or login?). "
            "Paste the article text instead."
        )
    if status == 404 or status == 410:
        return ArticleError(f"There is no page at {url} (HTTP {status}): check the link.")
    return ArticleError(
        f"{url.host} answered HTTP {status} for {url}: try again later or paste the article text."
    )


def _decompressor(response: httpx.Response, url: httpx.URL) -> zlib._Decompress | None:
    """A zlib decompressor for a gzip/deflate body, None for an unencoded one."""
    encoding = str(response.headers.get("content-encoding", "")).strip().lower()
    if encoding in {"", "identity"}:
        return None
    if encoding in {"gzip", "x-gzip", "deflate"}:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)
    raise ArticleError(
        f"{url.host} sent the page in an encoding the bot cannot read ({encoding}): "
        "paste the article text instead."
    )


def _read_body(response: httpx.Response, url: httpx.URL, limits: _Limits) -> bytes:
    """Stream the body, stopping at the byte cap (after decompression) and at the deadline.

    Decompression is done here, never producing more than the cap allows, so a small
    compressed body cannot expand into gigabytes in memory.
    """
    declared = str(response.headers.get("content-length", ""))
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large_error(limits.max_bytes)
    decompressor = _decompressor(response, url)
    body = bytearray()
    for raw in response.iter_raw():
        budget = limits.max_bytes - len(body) + 1
        try:
            body += raw if decompressor is None else decompressor.decompress(raw, budget)
        except zlib.error as exc:
            raise ArticleError(
                f"{url.host} sent a damaged compressed page: try again or paste the article text."
            ) from exc
        if len(body) > limits.max_bytes:
            raise _too_large_error(limits.max_bytes)
        limits.remaining(url)
    return bytes(body)


def _send(
    client: httpx.Client, url: httpx.URL, address: IPAddress, limits: _Limits
) -> httpx.Response | _Page:
    """One GET to the checked address with the original Host header and TLS server name.

    Returns the response itself when it is a redirect (body unread), otherwise the page.
    """
    remaining = limits.remaining(url)
    extensions: dict[str, Any] = {}
    if url.scheme == "https":
        extensions["sni_hostname"] = url.raw_host.decode("ascii")
    request = client.build_request(
        "GET",
        _pinned_url(url, address),
        headers={
            "Host": url.netloc.decode("ascii"),
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
            "Accept-Encoding": "gzip, deflate",
        },
        timeout=httpx.Timeout(remaining),
        extensions=extensions,
    )
    response = client.send(request, stream=True)
    try:
        if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
            return response
        if response.status_code >= 400:
            raise _status_error(url, response.status_code)
        media_type = _media_type(response)
        if media_type not in ACCEPTED_TYPES:
            raise _unsupported_type_error(url, media_type)
        body = _read_body(response, url, limits)
        return _Page(url=url, media_type=media_type, charset=response.charset_encoding, body=body)
    finally:
        response.close()


def _send_to_any(
    client: httpx.Client, url: httpx.URL, addresses: list[IPAddress], limits: _Limits
) -> httpx.Response | _Page:
    """Try each checked address in resolver order until one accepts the connection."""
    for index, address in enumerate(addresses):
        try:
            return _send(client, url, address, limits)
        except httpx.ConnectError as exc:
            if index == len(addresses) - 1:
                raise ArticleError(
                    f"Couldn't connect to {url.host}: check the link or paste the article text."
                ) from exc
    raise AssertionError("unreachable: addresses is never empty")


def _redirect_target(response: httpx.Response, url: httpx.URL) -> httpx.URL:
    location = response.headers["location"]
    try:
        return without_credentials(url.join(location))
    except (httpx.InvalidURL, ValueError) as exc:
        raise ArticleError(f"{url.host} redirected to a link the bot cannot read.") from exc


def _download(
    url: httpx.URL,
    *,
    limits: _Limits,
    allow_local: bool,
    max_redirects: int,
    transport: httpx.BaseTransport | None,
) -> _Page:
    """GET the page, following redirects by hand and checking every hop's address.

    Each hop resolves the host once, checks every address, then connects to a checked address
    (the URL carries the IP; Host header and TLS SNI/certificate checks use the real name), so a
    second DNS answer cannot swap in a private address. The resolver call itself has no timeout
    of its own (the OS resolver's); every socket operation ends by the deadline.
    """
    start = url
    with _client(transport, limits.deadline) as client:
        for _ in range(max_redirects + 1):
            result = _get_once(client, url, limits=limits, allow_local=allow_local)
            if isinstance(result, _Page):
                return result
            url = _redirect_target(result, url)
    raise ArticleError(
        f"{start} redirects more than {max_redirects} times: "
        "open it in a browser and paste the final link or the article text."
    )


def _get_once(
    client: httpx.Client, url: httpx.URL, *, limits: _Limits, allow_local: bool
) -> httpx.Response | _Page:
    """Check the URL's scheme and addresses, then GET it; transport errors become ArticleError."""
    addresses = checked_addresses(url, allow_local=allow_local)
    try:
        return _send_to_any(client, url, addresses, limits)
    except httpx.TimeoutException as exc:
        raise _timeout_error(url, limits.timeout) from exc
    except httpx.HTTPError as exc:
        raise ArticleError(
            f"Couldn't read {url} ({type(exc).__name__}): "
            "try again later or paste the article text."
        ) from exc


def _html_input(page: _Page) -> str | bytes:
    """Decoded HTML when the server named a charset; bytes (trafilatura sniffs) otherwise."""
    if page.charset:
        try:
            return page.body.decode(page.charset, errors="replace")
        except LookupError:
            return page.body
    return page.body


def outlet_from_host(url: httpx.URL) -> str:
    """The outlet a page's host names: its host name without a leading "www."."""
    host = url.host
    return host[4:] if host.startswith("www.") else host


def _plain_text(page: _Page, source_url: str, max_chars: int) -> Article:
    text = page.body.decode(page.charset or "utf-8", errors="replace")
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        raise no_article_error(source_url)
    return article_from_plain(
        text,
        title=None,
        outlet=outlet_from_host(page.url),
        source_url=source_url,
        max_chars=max_chars,
    )


def fetch_article(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 5 * 1024 * 1024,
    allow_local: bool = False,
    max_redirects: int = 5,
    max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    transport: httpx.BaseTransport | None = None,
) -> Article:
    """Fetch a public web page and extract its article; any problem is an ArticleError.

    `allow_local` is for tests (ONRECORD_ALLOW_LOCAL_FETCH): it permits loopback addresses
    only. A user name or password in the link is dropped before anything is sent.
    `source_url` of the result is the final URL after redirects. `timeout` bounds the whole
    fetch (connecting, every redirect, headers and body).
    """
    try:
        start = without_credentials(httpx.URL(url.strip()))
    except (httpx.InvalidURL, ValueError) as exc:
        raise ArticleError(
            "That is not a link the bot can read: check it and send it again."
        ) from exc
    limits = _Limits(deadline=time.monotonic() + timeout, timeout=timeout, max_bytes=max_bytes)
    page = _download(
        start,
        limits=limits,
        allow_local=allow_local,
        max_redirects=max_redirects,
        transport=transport,
    )
    source_url = str(page.url)
    if page.media_type == "text/plain":
        return _plain_text(page, source_url, max_chars)
    return article_from_html(
        _html_input(page),
        source_url=source_url,
        fallback_outlet=outlet_from_host(page.url),
        max_chars=max_chars,
    )
