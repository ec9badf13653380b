"""The defects an attack found (issue: hardening), each checked where it broke.

Fetch deadline, credentials in links, the article size cap, NUL bytes on PostgreSQL, the
write lock during a long ingest on SQLite, masked database passwords, concurrent upgrades.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

import bot.nlp.extract
from bot.articles import Article, ArticleError, article_from_text, fetch_article
from bot.cli import main
from bot.people import find_people
from bot.pipeline import IngestContext, ingest
from store.db import make_engine, make_session_factory, read_session
from store.models import Article as ArticleRow
from store.models import ClaimRow
from store.slack_state import watch_channel
from tests.http_fixtures import PageServer, page_route, page_server

__all__ = ["page_server"]

TEAM = "T_HARDENING"
ARTICLE = """Port authority defends its dredging plan

Rivermouth, 4 February 2026 — The harbour master Lena Okafor spoke after the board meeting.

"The dredging will finish before the summer season," Okafor said.
"""


# --------------------------------------------------------------------------- fetching


@pytest.fixture
def trickling_server() -> Iterator[int]:
    """A server that sends its status line and headers one byte every 0.2 s, for ever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 10_000
        for byte in head:
            if stop.wait(0.2):
                break
            try:
                conn.send(bytes([byte]))
            except OSError:
                break
        conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()


def test_a_server_trickling_its_headers_cannot_stretch_the_deadline(trickling_server: int) -> None:
    started = time.monotonic()
    with pytest.raises(ArticleError, match=r"took longer than 1\.5 s"):
        fetch_article(f"http://127.0.0.1:{trickling_server}/slow", timeout=1.5, allow_local=True)
    assert time.monotonic() - started < 2.5


def test_credentials_in_a_link_are_never_sent_or_stored(
    page_server: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    page_server.routes["/news"] = page_route("article.html")
    url = page_server.url("/news").replace("http://", "http://editor:hunter2@")
    with caplog.at_level(logging.DEBUG):
        article = fetch_article(url, allow_local=True)
    (request,) = page_server.requests
    assert "authorization" not in {name.lower() for name in request.headers}
    assert article.source_url == page_server.url("/news")
    assert "hunter2" not in caplog.text


def test_the_command_line_never_prints_or_stores_credentials_from_a_link(
    page_server: PageServer, tmp_path: Path, nlp: Language
) -> None:
    page_server.routes["/news"] = page_route("article.html")
    url = page_server.url("/news").replace("http://", "http://editor:hunter2@")
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    env = {"ONRECORD_DATABASE_URL": db, "ONRECORD_ALLOW_LOCAL_FETCH": "true"}
    result = CliRunner().invoke(main, ["ingest", "--format", "jsonl", url], env=env)
    assert result.exit_code == 0, result.stderr
    assert "hunter2" not in result.stdout + result.stderr
    engine = make_engine(db)
    with make_session_factory(engine)() as session:
        sources = session.scalars(select(ArticleRow.source_url)).all()
    engine.dispose()
    assert sources == [page_server.url("/news")]


# --------------------------------------------------------------------------- bounded cost


def test_an_article_over_the_limit_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE + "More words follow here. " * 100, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    env = {"ONRECORD_DATABASE_URL": db, "ONRECORD_MAX_ARTICLE_CHARS": "1000"}
    result = CliRunner().invoke(main, ["ingest", str(path)], env=env)
    assert result.exit_code == 2
    assert "longer than 1,000 characters" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert CliRunner().invoke(main, ["history", "Okafor"], env=env).exit_code == 2


def test_the_limit_setting_is_validated() -> None:
    result = CliRunner().invoke(main, ["history", "x"], env={"ONRECORD_MAX_ARTICLE_CHARS": "lots"})
    assert result.exit_code == 2
    assert "ONRECORD_MAX_ARTICLE_CHARS must be a whole number" in result.stderr


def test_pasted_text_over_the_limit_is_an_article_error() -> None:
    with pytest.raises(ArticleError, match="longer than 500 characters"):
        article_from_text(ARTICLE * 5, max_chars=500)


def test_nul_and_control_characters_never_reach_the_database(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    """PostgreSQL refuses NUL in text: 247 of 1,000 fuzzed inputs crashed ingest before."""
    dirty = ARTICLE.replace("harbour", "har\x00bour").replace("season", "sea\x07son\x1b")
    article = Article(
        title="Port\x00 authority", outlet="", published=None, text=dirty, source_url=None
    )
    with session_factory.begin() as session:
        result = ingest(article, IngestContext(session=session, nlp=nlp, team_id=TEAM))
    assert [ref.speaker for ref in result.statements] == ["Lena Okafor"]
    with session_factory() as session:
        stored = session.scalars(select(ArticleRow)).one()
        contents = session.scalars(select(ClaimRow.content)).all()
    assert "\x00" not in stored.text and "\x07" not in stored.text
    assert stored.title == "Port authority"
    assert contents == ["The dredging will finish before the summer season"]


# --------------------------------------------------------------------------- SQLite locking


@pytest.fixture
def sqlite_sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    from store.db import upgrade_to_head

    url = f"sqlite:///{tmp_path / 'lock.sqlite'}"
    upgrade_to_head(url)
    engine = make_engine(url, connect_args={"timeout": 1.0})
    yield make_session_factory(engine)
    engine.dispose()


def test_reads_do_not_wait_for_a_writer(sqlite_sessions: sessionmaker[Session]) -> None:
    with sqlite_sessions.begin() as writer:
        watch_channel(writer, TEAM, "CWRITE", "U1")  # holds the write lock until the end
        started = time.monotonic()
        with read_session(sqlite_sessions) as reader:
            assert reader.execute(text("SELECT count(*) FROM watched_channels")).scalar() == 0
        assert time.monotonic() - started < 0.5


def test_a_long_ingest_holds_no_lock_while_it_parses(
    sqlite_sessions: sessionmaker[Session], nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsing, release = threading.Event(), threading.Event()
    real = bot.nlp.extract.statements_in_text

    def slow_parse(model: Language, body: str) -> object:
        parsing.set()
        release.wait(10)
        return real(model, body)

    monkeypatch.setattr(bot.nlp.extract, "statements_in_text", slow_parse)

    def file_article() -> None:
        with sqlite_sessions.begin() as session:
            ingest(article_from_text(ARTICLE), IngestContext(session, nlp, TEAM))

    worker = threading.Thread(target=file_article)
    worker.start()
    try:
        assert parsing.wait(10)
        # while the article is being parsed, another request writes (1 s busy timeout)
        with sqlite_sessions.begin() as session:
            assert watch_channel(session, TEAM, "CNEWS", "U1")
    finally:
        release.set()
        worker.join(30)
    with read_session(sqlite_sessions) as session:
        assert [p.name for p in find_people(session, TEAM, "Okafor")] == ["Lena Okafor"]


# --------------------------------------------------------------------------- secrets, migrations


def with_password(url: str) -> str:
    return make_url(url).set(password="s3cret-pw").render_as_string(hide_password=False)


def test_db_upgrade_never_prints_the_password(db_url: str) -> None:
    env = {"ONRECORD_DATABASE_URL": with_password(db_url)}
    result = CliRunner().invoke(main, ["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.stderr
    assert "s3cret-pw" not in result.stdout + result.stderr


def test_a_failed_connection_never_prints_the_password() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"postgresql://onrecord:s3cret-pw@127.0.0.1:{closed_port}/nowhere"
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"ONRECORD_DATABASE_URL": url})
    assert result.exit_code == 2
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert "***" in result.stderr


UPGRADE = "import sys; from store.db import upgrade_to_head; upgrade_to_head(sys.argv[1])"


def test_two_processes_upgrading_a_new_database_both_succeed(empty_db_url: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE, empty_db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = [(proc.wait(120), proc.stderr.read() if proc.stderr else "") for proc in procs]
    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    assert len(versions) == 1
