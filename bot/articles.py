"""Articles from pasted text or a URL, fetched safely (public hosts only, size and time caps)."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import re
import socket
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx
import trafilatura

from bot.config import DEFAULT_MAX_ARTICLE_CHARS

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MIN_ARTICLE_CHARS = 200
# C0 control characters (NUL included) other than tab and newlines, DEL, C1 controls, and the
# bidirectional embedding/override/isolate marks (which can make Slack show a quote reversed):
# never part of an article's words, and PostgreSQL refuses NUL in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NO_TEXT_MESSAGE = "There is no text to read: paste the article text or a link."
USER_AGENT = "OnRecordBot/0.1 (newsroom statement tracker)"

_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.IPv6Address("::1")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_LABEL = r"(?:(?:date|dated|published|updated|posted)\s*:?\s*(?:on\s+)?)?"
_DATE_PATTERNS = (
    re.compile(
        rf"^\s*{_DATE_LABEL}(?P<year>\d{{4}})-(?P<mnum>\d{{1,2}})-(?P<day>\d{{1,2}})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\s*{_DATE_LABEL}{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\s*{_DATE_LABEL}{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
)
_DATE_TAIL = re.compile(r"^\s*(?:[-–—|:,.]\s*)?")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>")
_SLACK_SPECIAL = re.compile(r"<[@#!][^>|]*(?:\|([^>]*))?>")
_BARE_URL = re.compile(r"https?://[^\s<>|\"]+", re.IGNORECASE)
_URL_TRAILING_PUNCT = ".,;:!?)]}'\"”’"
_HEADLINE_MAX_CHARS = 160
_HEADLINE_MAX_WORDS = 25
_UNTITLED_CHARS = 80
_WRAP_MIN_CHARS = 50
# fmt: off
_CONTINUING_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "which", "who", "as", "than", "said", "says", "told", "is", "was", "are",
    "were", "be", "has", "have", "had", "will", "would",
})
# fmt: on


class ArticleError(ValueError):
    """A one-line reason a journalist can act on (replied in Slack, printed by the CLI)."""


@dataclass(frozen=True)
class Article:
    """An article's text with what is known about where and when it was published."""

    title: str
    outlet: str
    published: datetime.date | None
    text: str
    source_url: str | None


# --------------------------------------------------------------------------- pasted text


def without_control_characters(text: str) -> str:
    """The text with NUL and other control characters removed (tabs and newlines kept)."""
    return _CONTROL_CHARS.sub("", text)


def too_long_error(max_chars: int) -> ArticleError:
    return ArticleError(
        f"This article is longer than {max_chars:,} characters, the most On Record files at "
        "once: paste the part with the statements you want on record."
    )


def checked_text(text: str, max_chars: int) -> str:
    """Article text fit to parse and store: control characters removed, length within the cap."""
    clean = without_control_characters(text)
    if len(clean) > max_chars:
        raise too_long_error(max_chars)
    return clean


def text_hash(text: str) -> str:
    """The sha256 hex digest of the text with all whitespace runs collapsed (the dedup key)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def strip_slack_formatting(text: str) -> str:
    """Turn Slack message markup back into plain text: links to their labels, entities decoded."""

    def link_text(match: re.Match[str]) -> str:
        return match.group(2) if match.group(2) else match.group(1)

    def special_text(match: re.Match[str]) -> str:
        return match.group(1) or ""

    plain = _SLACK_LINK.sub(link_text, text)
    plain = _SLACK_SPECIAL.sub(special_text, plain)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _match_to_date(match: re.Match[str]) -> datetime.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _month_number(groups["month"])
    try:
        return datetime.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def leading_date(line: str) -> tuple[datetime.date, str] | None:
    """A date written at the start of a line, and the rest of the line after it."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(line)
        if match:
            found = _match_to_date(match)
            if found is not None:
                return found, _DATE_TAIL.sub("", line[match.end() :], count=1)
    return None


def looks_like_headline(line: str) -> bool:
    """True for a short line without sentence-final punctuation, as headlines are written."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADLINE_MAX_CHARS:
        return False
    words = stripped.split()
    if len(words) > _HEADLINE_MAX_WORDS or words[-1].lower() in _CONTINUING_WORDS:
        return False
    return not stripped.rstrip("\"'”’»)").endswith((".", "!", ";", ",", ":"))


def _is_wrapped_paragraph(line: str, next_line: str) -> bool:
    """True when the next line continues the first (hard-wrapped text), so it is no headline."""
    following = next_line.strip()
    if not following:
        return False
    if following[0].islower():
        return True
    first = line.strip()
    return len(first) >= _WRAP_MIN_CHARS and abs(len(first) - len(following)) <= len(first) // 4


def _headline_of(line: str, rest: str) -> bool:
    """A headline is a headline-shaped line followed by more text that does not continue it.

    A short line set off by a blank line is a headline even when it ends in a word that
    usually continues a sentence ('Factory stays open, mayor says').
    """
    if not rest.strip():
        return False
    if _set_off_by_blank_line(rest) and _short_unpunctuated(line):
        return True
    next_line = rest.lstrip("\r\t ").partition("\n")[0]
    return looks_like_headline(line) and not _is_wrapped_paragraph(line, next_line)


def _set_off_by_blank_line(rest: str) -> bool:
    return rest.lstrip(" \t\r").startswith("\n")


def _short_unpunctuated(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (
        0 < len(stripped) <= _HEADLINE_MAX_CHARS
        and len(words) <= _HEADLINE_MAX_WORDS
        and not stripped.rstrip("\"'”’»)").endswith((".", "!", ";", ",", ":"))
    )


def _first_line(text: str) -> tuple[str, str]:
    """The first non-blank line and the text after it."""
    body = text.lstrip("\n\r\t ")
    line, _, rest = body.partition("\n")
    return line.strip(), rest


def _untitled(text: str) -> str:
    words = " ".join(text.split())
    if len(words) <= _UNTITLED_CHARS:
        return words
    return words[:_UNTITLED_CHARS].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class _Heading:
    title: str | None
    published: datetime.date | None
    body: str


def _split_heading(text: str) -> _Heading:
    """Peel a headline line and a leading date (own line or line prefix) off the text."""
    title: str | None = None
    published: datetime.date | None = None
    body = text
    for _ in range(2):
        line, rest = _first_line(body)
        dated = leading_date(line) if published is None else None
        if dated is not None:
            published, remainder = dated
            body = remainder + ("\n" + rest if remainder and rest else rest)
            continue
        if title is None and _headline_of(line, rest):
            title, body = line, rest
            continue
        break
    return _Heading(title=title, published=published, body=body.strip())


_DATELINE_PLACE = re.compile(r"^\s*[A-Z][^\n,—–]{1,40},\s*")


def dateline_date(body: str) -> datetime.date | None:
    """The date in a wire dateline: 'Sialkot, 12 September 2025 — …' (text is left as is)."""
    place = _DATELINE_PLACE.match(body)
    if place is None:
        return None
    dated = leading_date(body[place.end() : place.end() + 60])
    return dated[0] if dated is not None else None


def _article_from_plain(
    text: str, *, title: str | None, outlet: str, source_url: str | None, max_chars: int
) -> Article:
    text = checked_text(text, max_chars)
    if not text.strip():
        raise ArticleError(NO_TEXT_MESSAGE)
    heading = _split_heading(text)
    body = heading.body or text.strip()
    return Article(
        title=title or heading.title or _untitled(body),
        outlet=outlet,
        published=heading.published or dateline_date(body),
        text=body,
        source_url=source_url,
    )


def article_from_text(
    text: str, *, title: str | None = None, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS
) -> Article:
    """An Article from pasted text: Slack markup removed, headline and leading date recognised.

    The headline line and a leading date are taken out of `text`; everything else is kept as
    written, less control characters. Outlet is unknown ("") and there is no source URL.
    Longer than `max_chars`: an ArticleError that says the limit.
    """
    return _article_from_plain(
        strip_slack_formatting(text), title=title, outlet="", source_url=None, max_chars=max_chars
    )


# --------------------------------------------------------------------------- links in messages


def _clean_url(raw: str) -> str:
    url = raw.replace("&amp;", "&")
    while url and url[-1] in _URL_TRAILING_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _is_http_url(candidate: str) -> bool:
    try:
        url = httpx.URL(candidate)
    except (httpx.InvalidURL, ValueError):
        return False
    return url.scheme in {"http", "https"} and bool(url.host)


def first_url(s: str) -> str | None:
    """The first http(s) link in a message, plain or in Slack's `<https://...|label>` markup."""
    candidates: list[tuple[int, str]] = []
    for match in _SLACK_LINK.finditer(s):
        candidates.append((match.start(), _clean_url(match.group(1))))
    for match in _BARE_URL.finditer(s):
        candidates.append((match.start(), _clean_url(match.group(0))))
    for _, url in sorted(candidates):
        if _is_http_url(url):
            return url
    return None


def looks_like_url(s: str) -> bool:
    """True when the whole message is one http(s) link (optionally in Slack markup)."""
    stripped = s.strip()
    slack = _SLACK_LINK.fullmatch(stripped)
    if slack is not None:
        stripped = slack.group(1)
    elif not stripped or any(ch.isspace() for ch in stripped):
        return False
    return _is_http_url(_clean_url(stripped))


# --------------------------------------------------------------------------- address checks


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64)."""
    embedded: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        embedded.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        embedded.append(address.sixtofour)
    if address.teredo is not None:
        embedded.extend(address.teredo)
    if address in _NAT64_PREFIX:
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return embedded


def _is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv4Address):
        return address in _LOOPBACK_V4
    mapped = address.ipv4_mapped
    return address == _LOOPBACK_V6 or (mapped is not None and mapped in _LOOPBACK_V4)


def _single_address_problem(address: IPAddress) -> str | None:
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback (this machine) address"),
        (address.is_link_local, "a link-local address (such as a cloud metadata service)"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private network address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "a special-purpose (non-public) address"),
    )
    for failed, reason in checks:
        if failed:
            return reason
    return None


def address_problem(address: IPAddress, *, allow_local: bool = False) -> str | None:
    """Why the bot must not connect to this address, or None if it is a public address.

    `allow_local` (tests only) permits loopback addresses and nothing else.
    """
    if allow_local and _is_loopback(address):
        return None
    problem = _single_address_problem(address)
    if problem is None and isinstance(address, ipaddress.IPv6Address):
        for inner in _embedded_ipv4(address):
            problem = _single_address_problem(inner)
            if problem is not None:
                break
    return problem


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host resolves to, in resolver order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ArticleError(f"Couldn't find the website {host} (no such address).") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]
        address = ipaddress.ip_address(raw)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ArticleError(f"Couldn't find the website {host} (no such address).")
    return addresses


def checked_addresses(url: httpx.URL, *, allow_local: bool) -> list[IPAddress]:
    """Resolve the URL's host; refuse it if any address it resolves to is not public."""
    if url.scheme not in {"http", "https"}:
        scheme = url.scheme or "no scheme"
        raise ArticleError(
            f"Only http and https links can be read (this one is {scheme}): "
            "paste a web link or the article text."
        )
    if not url.host:
        raise ArticleError(f"The link {url} has no website name: paste a full http(s) link.")
    host = url.raw_host.decode("ascii")
    addresses = _resolve(host, url.port or (443 if url.scheme == "https" else 80))
    for address in addresses:
        problem = address_problem(address, allow_local=allow_local)
        if problem is not None:
            raise ArticleError(
                f"Refusing to fetch {url}: {host} is {problem} ({address}), "
                "not a public website. Paste the article text instead."
            )
    return addresses


# --------------------------------------------------------------------------- fetching


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


def without_credentials(url: httpx.URL) -> httpx.URL:
    """The URL without a user name or password: never sent, stored, shown or logged."""
    return url.copy_with(userinfo=b"") if url.userinfo else url


def public_link(url: str) -> str:
    """A link as it may be stored and shown: any user name or password removed."""
    return str(without_credentials(httpx.URL(url.strip())))


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


# --------------------------------------------------------------------------- extraction


def _no_article_error(url: str) -> ArticleError:
    return ArticleError(
        f"Couldn't find an article at {url} (paywall or no text?). Paste the article text instead."
    )


def _outlet_from_host(url: httpx.URL) -> str:
    host = url.host
    return host[4:] if host.startswith("www.") else host


def _parse_date(raw: object) -> datetime.date | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _html_input(page: _Page) -> str | bytes:
    """Decoded HTML when the server named a charset; bytes (trafilatura sniffs) otherwise."""
    if page.charset:
        try:
            return page.body.decode(page.charset, errors="replace")
        except LookupError:
            return page.body
    return page.body


def _without_title_line(text: str, title: str) -> str:
    """The extracted text without its first line when that line repeats the headline."""
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text


def _extract_html(page: _Page, source_url: str, max_chars: int) -> Article:
    """Main text and metadata from HTML with trafilatura (which is given no chance to fetch)."""
    try:
        document = trafilatura.bare_extraction(
            _html_input(page),
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        logger.exception("trafilatura failed on %s", source_url)
        raise _no_article_error(source_url) from exc
    if document is None:
        raise _no_article_error(source_url)
    data: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    title = without_control_characters(str(data.get("title") or "")).strip()
    raw_text = str(data.get("text") or "").strip()
    text = checked_text(_without_title_line(raw_text, title), max_chars)
    if len(text) < MIN_ARTICLE_CHARS:
        raise _no_article_error(source_url)
    return Article(
        title=title or _untitled(text),
        outlet=without_control_characters(str(data.get("sitename") or "")).strip()
        or _outlet_from_host(page.url),
        published=_parse_date(data.get("date")),
        text=text,
        source_url=source_url,
    )


def _plain_text(page: _Page, source_url: str, max_chars: int) -> Article:
    text = page.body.decode(page.charset or "utf-8", errors="replace")
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        raise _no_article_error(source_url)
    return _article_from_plain(
        text,
        title=None,
        outlet=_outlet_from_host(page.url),
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
    return _extract_html(page, source_url, max_chars)
