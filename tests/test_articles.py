"""Articles from pasted text and from URLs, fetched from a real local HTTP(S) server."""

from __future__ import annotations

import datetime
import gzip
import ipaddress
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.articles import (
    NO_TEXT_MESSAGE,
    Article,
    ArticleError,
    address_problem,
    article_from_text,
    fetch_article,
    first_url,
    looks_like_url,
    text_hash,
)
from tests.http_fixtures import (
    PAGES_DIR,
    PageServer,
    Route,
    html_route,
    page_route,
    page_server,
    redirect_route,
    serve_pages,
    slow_route,
    streaming_route,
)

__all__ = ["page_server"]  # the fixture, imported so pytest finds it here

PASTE_THE_TEXT = "(paywall or no text?). Paste the article text instead."


def _fetch_local(server: PageServer, path: str, **kwargs: Any) -> Article:
    """Fetch from the local server; every error message must be a single line."""
    try:
        return fetch_article(server.url(path), allow_local=True, **kwargs)
    except ArticleError as exc:
        assert "\n" not in str(exc) and str(exc).strip() == str(exc)
        raise


# --------------------------------------------------------------------------- article pages


def test_article_page_gives_title_outlet_date_and_main_text(page_server: PageServer) -> None:
    page_server.routes["/news/ferries"] = page_route("article.html")
    article = _fetch_local(page_server, "/news/ferries")
    assert article.title == "Harbour minister says ferry tender was never delayed"
    assert article.outlet == "The Coastal Ledger"
    assert article.published == datetime.date(2025, 10, 14)
    assert article.source_url == page_server.url("/news/ferries")
    assert page_server.paths_requested() == ["/news/ferries"]  # extraction fetched nothing
    assert '"was never delayed, not by a single day"' in article.text
    assert "Rendell told The Coastal Ledger" in article.text
    assert "We have heard next summer before" in article.text
    assert not article.text.startswith(article.title)
    for boilerplate in ("Most read", "All rights reserved", "Privacy", "Subscribe"):
        assert boilerplate not in article.text


def test_page_without_site_name_uses_host_as_outlet(page_server: PageServer) -> None:
    html = (PAGES_DIR / "article.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="og:site_name" content="The Coastal Ledger">', "")
    html = html.replace(" | The Coastal Ledger</title>", "</title>")
    page_server.routes["/a"] = html_route(html)
    article = _fetch_local(page_server, "/a")
    assert article.outlet == "127.0.0.1"


def test_plain_text_page_is_used_as_written(page_server: PageServer) -> None:
    page_server.routes["/statement.txt"] = page_route(
        "statement.txt", content_type="text/plain; charset=utf-8"
    )
    article = _fetch_local(page_server, "/statement.txt")
    assert article.title == "Mayor Ines Kovalenko rejects bridge closure report"
    assert article.published == datetime.date(2025, 10, 12)
    assert article.outlet == "127.0.0.1"
    assert article.text.startswith("Mayor Ines Kovalenko said on Sunday")
    assert '"will stay open to buses\nthroughout the winter"' in article.text


@pytest.mark.parametrize("page", ["empty.html", "paywall.html"])
def test_page_without_article_text_asks_for_a_paste(page_server: PageServer, page: str) -> None:
    page_server.routes["/p"] = page_route(page)
    with pytest.raises(ArticleError) as caught:
        _fetch_local(page_server, "/p")
    url = page_server.url("/p")
    assert str(caught.value) == f"Couldn't find an article at {url} {PASTE_THE_TEXT}"


def test_short_plain_text_page_asks_for_a_paste(page_server: PageServer) -> None:
    page_server.routes["/t"] = html_route("Too short.", content_type="text/plain")
    with pytest.raises(ArticleError, match="Couldn't find an article"):
        _fetch_local(page_server, "/t")


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/pdf", "is a PDF, not a web page: paste the article text"),
        ("image/png", "is an image, not a web page: paste the article text"),
        ("application/json", "is a application/json file, not a web page"),
        ("", "is a file of unknown type"),
    ],
)
def test_non_page_content_types_are_refused(
    page_server: PageServer, content_type: str, expected: str
) -> None:
    headers = (("Content-Type", content_type),) if content_type else ()
    page_server.routes["/doc"] = Route(headers=headers, body=b"%PDF-1.7 not really")
    with pytest.raises(ArticleError, match=expected):
        _fetch_local(page_server, "/doc")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (403, r"would not let the bot read .* \(HTTP 403, paywall or login\?\)"),
        (404, r"There is no page at .* \(HTTP 404\): check the link"),
        (503, r"answered HTTP 503 .*try again later or paste the article text"),
    ],
)
def test_error_statuses_explain_what_to_do(
    page_server: PageServer, status: int, expected: str
) -> None:
    page_server.routes["/x"] = html_route("<p>no</p>", status=status)
    with pytest.raises(ArticleError, match=expected):
        _fetch_local(page_server, "/x")


def test_charset_from_the_header_is_used(page_server: PageServer) -> None:
    html = (PAGES_DIR / "article.html").read_text(encoding="utf-8")
    html = html.replace("Tomas Rendell said", "Tomás Rendell said").replace(
        '<meta charset="utf-8">', ""
    )
    page_server.routes["/latin"] = html_route(
        html.encode("iso-8859-1"), content_type="text/html; charset=iso-8859-1"
    )
    assert "Tomás Rendell said" in _fetch_local(page_server, "/latin").text


def test_proxy_settings_in_the_environment_are_ignored(
    page_server: PageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    page_server.routes["/p"] = page_route("article.html")
    assert _fetch_local(page_server, "/p").outlet == "The Coastal Ledger"


# --------------------------------------------------------------------------- size and time


def test_oversized_streamed_body_is_cut_off_at_5_mb(page_server: PageServer) -> None:
    page_server.routes["/huge"] = streaming_route(6 * 1024 * 1024)
    with pytest.raises(ArticleError, match="page is larger than 5 MB"):
        _fetch_local(page_server, "/huge")


def test_gzip_page_is_decompressed(page_server: PageServer) -> None:
    page_server.routes["/gz"] = Route(
        headers=(("Content-Type", "text/html"), ("Content-Encoding", "gzip")),
        body=gzip.compress((PAGES_DIR / "article.html").read_bytes()),
    )
    article = _fetch_local(page_server, "/gz")
    assert article.title == "Harbour minister says ferry tender was never delayed"
    assert page_server.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


def test_compression_bomb_is_cut_off_at_the_cap(page_server: PageServer) -> None:
    bomb = gzip.compress(b" " * (8 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 20_000
    page_server.routes["/bomb"] = Route(
        headers=(("Content-Type", "text/html"), ("Content-Encoding", "gzip")), body=bomb
    )
    with pytest.raises(ArticleError, match="page is larger than 5 MB"):
        _fetch_local(page_server, "/bomb")


def test_unknown_content_encoding_is_refused(page_server: PageServer) -> None:
    page_server.routes["/br"] = Route(
        headers=(("Content-Type", "text/html"), ("Content-Encoding", "br")), body=b"\x0b\x00"
    )
    with pytest.raises(ArticleError, match=r"encoding the bot cannot read \(br\)"):
        _fetch_local(page_server, "/br")


def test_declared_oversized_body_is_refused_before_reading(page_server: PageServer) -> None:
    page_server.routes["/big"] = html_route("<p>" + "y" * 5000 + "</p>")
    with pytest.raises(ArticleError, match="page is larger than 1000 B"):
        _fetch_local(page_server, "/big", max_bytes=1000)


def test_slow_server_times_out_with_the_short_timeout(page_server: PageServer) -> None:
    page_server.routes["/slow"] = slow_route(5.0)
    started = time.monotonic()
    with pytest.raises(ArticleError, match=r"took longer than 0.3 s to send the page"):
        _fetch_local(page_server, "/slow", timeout=0.3)
    assert time.monotonic() - started < 2.0


def test_slow_redirect_chain_shares_one_time_budget(page_server: PageServer) -> None:
    for hop in range(3):
        page_server.routes[f"/s{hop}"] = Route(
            status=302, headers=(("Location", f"/s{hop + 1}"),), delay=0.25
        )
    page_server.routes["/s3"] = page_route("article.html")
    with pytest.raises(ArticleError, match=r"took longer than 0.6 s"):
        _fetch_local(page_server, "/s0", timeout=0.6)


# --------------------------------------------------------------------------- redirects


def _chain(server: PageServer, hops: int) -> str:
    """hops redirects (/r0 -> /r1 -> ... -> /final), mixing absolute and relative Locations."""
    for hop in range(hops):
        target = "/final" if hop == hops - 1 else f"/r{hop + 1}"
        location = server.url(target) if hop % 2 == 0 else target
        server.routes[f"/r{hop}"] = redirect_route(location, status=(301, 302, 307, 308)[hop % 4])
    server.routes["/final"] = page_route("article.html")
    return "/r0"


def test_five_redirects_are_followed(page_server: PageServer) -> None:
    article = _fetch_local(page_server, _chain(page_server, 5))
    assert article.source_url == page_server.url("/final")
    assert article.outlet == "The Coastal Ledger"
    assert page_server.paths_requested() == ["/r0", "/r1", "/r2", "/r3", "/r4", "/final"]


def test_six_redirects_are_too_many(page_server: PageServer) -> None:
    with pytest.raises(ArticleError, match="redirects more than 5 times"):
        _fetch_local(page_server, _chain(page_server, 6))
    assert "/final" not in page_server.paths_requested()


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://10.0.0.1/", "a private network address"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://[fd00::1]/", "a private network address"),
        ("http://0.0.0.0/", "an unspecified address"),
    ],
)
def test_redirect_to_a_private_address_is_refused_even_with_allow_local(
    page_server: PageServer, location: str, reason: str
) -> None:
    page_server.routes["/go"] = redirect_route(location)
    with pytest.raises(ArticleError, match=f"Refusing to fetch .*{reason}"):
        _fetch_local(page_server, "/go")
    assert page_server.paths_requested() == ["/go"]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://example.org/a.txt"])
def test_redirect_to_another_scheme_is_refused(page_server: PageServer, location: str) -> None:
    page_server.routes["/go"] = redirect_route(location)
    with pytest.raises(ArticleError, match="Only http and https links can be read"):
        _fetch_local(page_server, "/go")


# --------------------------------------------------------------------------- address safety


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/file.txt",
        "gopher://example.org/",
        "javascript:alert(1)",
        "www.example.org/no-scheme",
    ],
)
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(ArticleError, match="Only http and https links can be read"):
        fetch_article(url)


def test_cloud_metadata_address_is_refused_with_a_reason() -> None:
    for allow_local in (False, True):
        with pytest.raises(ArticleError) as caught:
            fetch_article("http://169.254.169.254/latest/meta-data/", allow_local=allow_local)
        message = str(caught.value)
        assert "link-local address (such as a cloud metadata service)" in message
        assert "\n" not in message


def test_localhost_is_refused_unless_allowed(page_server: PageServer) -> None:
    page_server.routes["/news"] = page_route("article.html")
    for url in (f"http://localhost:{page_server.port}/news", page_server.url("/news")):
        with pytest.raises(ArticleError, match=r"loopback .*not a public website"):
            fetch_article(url)
    assert page_server.paths_requested() == []
    assert fetch_article(page_server.url("/news"), allow_local=True).title.startswith("Harbour")


@pytest.mark.parametrize(
    ("address", "allowed_locally", "public"),
    [
        ("127.0.0.1", True, False),
        ("127.9.9.9", True, False),
        ("::1", True, False),
        ("::ffff:127.0.0.1", True, False),
        ("10.1.2.3", False, False),
        ("172.16.0.1", False, False),
        ("192.168.1.1", False, False),
        ("100.64.0.1", False, False),
        ("169.254.169.254", False, False),
        ("fe80::1", False, False),
        ("fd00:ec2::254", False, False),
        ("224.0.0.1", False, False),
        ("ff02::1", False, False),
        ("240.0.0.1", False, False),
        ("0.0.0.0", False, False),
        ("::", False, False),
        ("::ffff:10.0.0.1", False, False),
        ("::ffff:169.254.169.254", False, False),
        ("2002:a00:1::", False, False),
        ("64:ff9b::a00:1", False, False),
        ("93.184.216.34", True, True),
        ("2606:2800:220:1::1", True, True),
    ],
)
def test_address_classification(address: str, allowed_locally: bool, public: bool) -> None:
    ip = ipaddress.ip_address(address)
    assert (address_problem(ip) is None) is public
    assert (address_problem(ip, allow_local=True) is None) is allowed_locally


@dataclass
class FakeDns:
    """Resolver answers by name; each lookup takes the next answer (the last one repeats)."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def answer(self, host: str, *ips: str) -> None:
        self.answers.setdefault(host, []).append(list(ips))

    def next_answer(self, host: str) -> list[str]:
        self.lookups.append(host)
        queue = self.answers[host]
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    """A stand-in resolver for invented names (there is no DNS offline); others resolve as usual."""
    dns = FakeDns()
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in dns.answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        ips = dns.next_answer(host)
        if not ips:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = {True: socket.AF_INET6, False: socket.AF_INET}
        return [(family[":" in ip], socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return dns


def test_connection_goes_to_the_checked_address_with_the_real_host_header(
    page_server: PageServer, fake_dns: FakeDns
) -> None:
    # A rebinding resolver: the first answer is the checked one; a second lookup would get an
    # address nothing listens on, so the fetch only works if the checked address is used.
    fake_dns.answer("news.example", "127.0.0.1")
    fake_dns.answer("news.example", "127.0.0.2")
    page_server.routes["/story"] = page_route("article.html")
    article = fetch_article(f"http://news.example:{page_server.port}/story", allow_local=True)
    assert article.source_url == f"http://news.example:{page_server.port}/story"
    assert page_server.requests[0].headers["Host"] == f"news.example:{page_server.port}"
    assert fake_dns.lookups == ["news.example"]


def test_redirect_to_another_name_is_resolved_and_checked_again(
    page_server: PageServer, fake_dns: FakeDns
) -> None:
    fake_dns.answer("news.example", "127.0.0.1")
    fake_dns.answer("intranet.example", "192.168.0.10")
    page_server.routes["/go"] = redirect_route("http://intranet.example/admin")
    with pytest.raises(ArticleError, match=r"intranet\.example is a private network address"):
        fetch_article(f"http://news.example:{page_server.port}/go", allow_local=True)
    assert fake_dns.lookups == ["news.example", "intranet.example"]


def test_name_with_any_private_address_is_refused(
    fake_dns: FakeDns,
) -> None:
    fake_dns.answer("mixed.example", "93.184.216.34", "10.0.0.7")
    with pytest.raises(ArticleError, match=r"mixed.example is a private network address"):
        fetch_article("http://mixed.example/story")


def test_unresolvable_host_says_so(fake_dns: FakeDns) -> None:
    fake_dns.answer("nowhere.invalid")
    with pytest.raises(ArticleError, match=r"Couldn't find the website nowhere.invalid"):
        fetch_article("http://nowhere.invalid/story")


def test_unreachable_port_says_it_could_not_connect(page_server: PageServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(ArticleError, match=r"Couldn't connect to 127.0.0.1"):
        fetch_article(f"http://127.0.0.1:{closed_port}/", allow_local=True)


# --------------------------------------------------------------------------- https pinning


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway CA and a certificate for news.example made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    ca_key, ca_pem = str(folder / "ca.key"), str(folder / "ca.pem")
    key, csr, pem = str(folder / "site.key"), str(folder / "site.csr"), str(folder / "site.pem")
    (folder / "ext.cnf").write_text("subjectAltName=DNS:news.example\n", encoding="ascii")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_pem,
             "-days", "2", "-subj", "/CN=On Record test CA")  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
             "-subj", "/CN=news.example")  # fmt: skip
    _openssl("x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial",
             "-out", pem, "-days", "2", "-extfile", str(folder / "ext.cnf"))  # fmt: skip
    return folder


@pytest.fixture
def https_server(tls_files: Path) -> Iterator[PageServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_files / "site.pem", tls_files / "site.key")
    with serve_pages(tls=context) as server:
        yield server


def _trusting_transport(tls_files: Path) -> httpx.HTTPTransport:
    return httpx.HTTPTransport(verify=ssl.create_default_context(cafile=tls_files / "ca.pem"))


def test_https_is_pinned_to_the_checked_address_with_sni_and_certificate_check(
    https_server: PageServer, tls_files: Path, fake_dns: FakeDns
) -> None:
    fake_dns.answer("news.example", "127.0.0.1")
    https_server.routes["/story"] = page_route("article.html")
    url = f"https://news.example:{https_server.port}/story"
    article = fetch_article(url, allow_local=True, transport=_trusting_transport(tls_files))
    assert article.title == "Harbour minister says ferry tender was never delayed"
    assert https_server.requests[0].headers["Host"] == f"news.example:{https_server.port}"


def test_https_certificate_for_another_name_is_rejected(
    https_server: PageServer, tls_files: Path, fake_dns: FakeDns
) -> None:
    fake_dns.answer("other.example", "127.0.0.1")
    https_server.routes["/story"] = page_route("article.html")
    url = f"https://other.example:{https_server.port}/story"
    with pytest.raises(ArticleError, match=r"Couldn't (read|connect to)"):
        fetch_article(url, allow_local=True, transport=_trusting_transport(tls_files))
    assert https_server.requests == []


# --------------------------------------------------------------------------- pasted text


def test_pasted_text_with_headline_and_date_line() -> None:
    article = article_from_text((PAGES_DIR / "statement.txt").read_text(encoding="utf-8"))
    assert article.title == "Mayor Ines Kovalenko rejects bridge closure report"
    assert article.published == datetime.date(2025, 10, 12)
    assert article.outlet == ""
    assert article.source_url is None
    assert article.text.startswith("Mayor Ines Kovalenko said on Sunday that the old river")
    assert article.text.endswith("no decision had been taken.")


def test_leading_date_prefix_is_read_and_the_rest_of_the_line_kept() -> None:
    article = article_from_text(
        " date 2025-09-27 Interior minister Sal Roth said the border post was closed "
        "on Monday, a claim his deputy later disputed.\n\nRoth added that it would reopen."
    )
    assert article.published == datetime.date(2025, 9, 27)
    assert article.text.startswith("Interior minister Sal Roth said the border post")
    assert article.text.endswith("Roth added that it would reopen.")
    assert article.title.startswith("Interior minister Sal Roth said")


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("12 September 2025", datetime.date(2025, 9, 12)),
        ("Friday, 12 September 2025", datetime.date(2025, 9, 12)),
        ("September 12, 2025", datetime.date(2025, 9, 12)),
        ("Sept. 3, 2025 —", datetime.date(2025, 9, 3)),
        ("Published: 1st March 2024", datetime.date(2024, 3, 1)),
        ("Date: 2025-01-05", datetime.date(2025, 1, 5)),
        ("31 February 2025", None),
        ("Twelve people met in September", None),
    ],
)
def test_date_forms_on_the_first_line(first_line: str, expected: datetime.date | None) -> None:
    body = "The governor said the bridge would open next year, her office confirmed."
    assert article_from_text(f"{first_line}\n{body}").published == expected


def test_headline_after_date_line_and_explicit_title_wins() -> None:
    text = "2025-05-02\nSenator backs port plan\n\nSenator Ada Ruiz said she backs the plan."
    article = article_from_text(text)
    assert (article.title, article.published) == (
        "Senator backs port plan",
        datetime.date(2025, 5, 2),
    )
    assert article.text == "Senator Ada Ruiz said she backs the plan."
    assert article_from_text(text, title="Port plan").title == "Port plan"


def test_a_first_sentence_is_not_taken_for_a_headline() -> None:
    text = "Senator Ada Ruiz said she backs the plan.\nHer office confirmed it on Monday evening."
    article = article_from_text(text)
    assert article.text == text
    assert (
        article.title
        == "Senator Ada Ruiz said she backs the plan. Her office confirmed it on Monday…"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ines Kovalenko said on Sunday that the old\nbridge will stay open to buses.",
        "Mayor Ines Kovalenko told the council meeting on Sunday\nthat the bridge stays open.",
        "Mayor Ines Kovalenko told the council meeting on Sunday Kovalenko\n"
        "Bridge Trust members that the river crossing will stay open.",
        "Minister Ona Vale told reporters:\n“The dam is safe.”",
    ],
)
def test_hard_wrapped_first_line_is_not_taken_for_a_headline(text: str) -> None:
    article = article_from_text(text)
    assert article.text == text
    assert article.title.startswith("M")
    assert "\n" not in article.title


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \n"])
def test_empty_paste_is_an_error(blank: str) -> None:
    with pytest.raises(ArticleError) as caught:
        article_from_text(blank)
    assert str(caught.value) == NO_TEXT_MESSAGE


def test_single_line_paste_keeps_its_text() -> None:
    article = article_from_text("Minister Ona Vale said the dam is safe")
    assert article.text == "Minister Ona Vale said the dam is safe"
    assert article.title == "Minister Ona Vale said the dam is safe"


# --------------------------------------------------------------------------- hashes and links


def test_text_hash_ignores_whitespace_only() -> None:
    assert text_hash("The minister  said\n it.") == text_hash(" The minister said it.\n")
    assert text_hash("The minister said it.") != text_hash("The minister said it!")
    assert len(text_hash("x")) == 64


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "read <https://news.example/a?x=1&amp;y=2|this story> now",
            "https://news.example/a?x=1&y=2",
        ),
        ("see https://news.example/story.", "https://news.example/story"),
        ("(https://news.example/story)", "https://news.example/story"),
        ("https://en.example/wiki/Bridge_(Almira)", "https://en.example/wiki/Bridge_(Almira)"),
        ("first http://a.example/1 then <https://b.example/2>", "http://a.example/1"),
        ("mail <mailto:desk@news.example|desk> or ftp://x.example", None),
        ("no link here", None),
    ],
)
def test_first_url(message: str, expected: str | None) -> None:
    assert first_url(message) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("https://news.example/story", True),
        ("  <https://news.example/story|news.example/story>  ", True),
        ("<http://news.example/story>", True),
        ("read https://news.example/story", False),
        ("ftp://news.example/file", False),
        ("news.example/story", False),
        ("", False),
    ],
)
def test_looks_like_url(message: str, expected: bool) -> None:
    assert looks_like_url(message) is expected
