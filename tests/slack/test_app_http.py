"""End to end, with no Slack: signed requests → the real Bolt app over HTTP → the fake API.

Pipeline-backed flows run on SQLite and PostgreSQL (the `session_factory` fixture).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_bolt import BoltRequest
from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.app import build_app
from bot.slack.blocks import (
    CONFIRM_ACTION,
    DISMISS_ACTION,
    NO_STATEMENTS_HELP,
    SEE_HISTORY_ACTION,
    UNDO_ACTION,
    render_text,
)
from bot.slack.commands import READING_TEXT
from bot.slack.events import NOTHING_TO_READ_TEXT
from bot.slack.http import EVENTS_PATH, HttpLimits
from store.models import Article, Contradiction, Person
from tests.fake_slack import BOT_USER_ID, TEAM_ID, Call, Failure, FakeSlack
from tests.http_fixtures import PageServer, html_route
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES, LATER_TAXES_PAGE, NO_STATEMENTS
from tests.slack.conftest import (
    CHANNEL,
    EDITOR,
    OTHER_CHANNEL,
    SIGNING_SECRET,
    USER,
    Bot,
    run_bot,
    sign,
    signed_headers,
    slack_settings,
)


def posts(bot: Bot) -> list[Call]:
    return bot.fake.calls_to("chat.postMessage")


def text_of(call: Call) -> str:
    return render_text(call.blocks())


def action_values(call: Call) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in call.blocks()
        for element in [*block.get("elements", []), block.get("accessory") or {}]
        if element.get("type") == "button"
    }


def file_pair(bot: Bot, *, earlier_channel: str = CHANNEL) -> tuple[Call, Call]:
    """Paste the earlier then the later article; return (later summary, contradiction reply)."""
    bot.command(EARLIER_TAXES, channel=earlier_channel)
    bot.settle()
    bot.command(LATER_TAXES)
    bot.settle()
    summary, reply = posts(bot)[-2:]
    return summary, reply


def test_slash_command_acks_then_posts_summary_and_threaded_contradiction(bot: Bot) -> None:
    ack = bot.command(EARLIER_TAXES)
    assert ack.status_code == 200
    assert ack.text == READING_TEXT
    bot.settle()
    first = posts(bot)
    assert len(first) == 1
    assert "Filed 1 statement by 1 person" in text_of(first[0])
    assert "No contradictions" in text_of(first[0])

    summary, reply = file_pair_second_half(bot)
    assert summary.body["channel"] == CHANNEL
    assert "1 possible contradiction" in text_of(summary)
    assert reply.body["thread_ts"] == summary.response["ts"]
    shown = text_of(reply)
    assert "Possible contradiction: Jane Porter" in shown
    assert "We will raise taxes this year" in shown
    assert "We will not raise taxes this year" in shown
    assert "3 Mar 2025" in shown and "20 Mar 2025" in shown
    assert "Why:" in shown
    assert set(action_values(reply)) == {CONFIRM_ACTION, DISMISS_ACTION, SEE_HISTORY_ACTION}
    assert action_values(reply)[SEE_HISTORY_ACTION] == str(person_id(bot, "Jane Porter"))


def person_id(bot: Bot, name: str) -> int:
    with bot.sessions() as session:
        return session.scalars(select(Person.id).where(Person.name == name)).one()


def file_pair_second_half(bot: Bot) -> tuple[Call, Call]:
    bot.command(LATER_TAXES)
    bot.settle()
    summary, reply = posts(bot)[-2:]
    return summary, reply


def test_earlier_statement_from_another_channel_is_not_quoted(bot: Bot) -> None:
    _, reply = file_pair(bot, earlier_channel=OTHER_CHANNEL)
    shown = text_of(reply)
    assert "We will raise taxes this year" in shown
    assert "not raise" not in shown
    assert "shared in a channel you may not see; ask the desk about it" in shown
    assert OTHER_CHANNEL not in shown and USER not in shown


def test_link_is_fetched_and_filed(bot: Bot, page_server: PageServer) -> None:
    page_server.routes["/tax-rise"] = html_route(LATER_TAXES_PAGE)
    bot.command(EARLIER_TAXES)
    bot.settle()
    url = page_server.url("/tax-rise")
    bot.command(f"<{url}>")
    bot.settle()
    assert "/tax-rise" in page_server.paths_requested()
    summary, reply = posts(bot)[-2:]
    assert url in json.dumps(summary.blocks())
    assert "Possible contradiction: Jane Porter" in text_of(reply)


def test_unreadable_link_gets_the_article_error_as_reply(bot: Bot, page_server: PageServer) -> None:
    bot.command(page_server.url("/missing"))
    bot.settle()
    replies = bot.fake.calls_to("response_url")
    assert len(replies) == 1
    assert replies[0].body["response_type"] == "ephemeral"
    assert "404" in replies[0].body["text"]
    assert posts(bot) == []


def test_mention_in_thread_reads_the_parent_and_replies_there(bot: Bot) -> None:
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.fake.replies[(CHANNEL, "1600000000.000100")] = [
        {"type": "message", "user": USER, "text": LATER_TAXES, "ts": "1600000000.000100"}
    ]
    mention = {
        "type": "app_mention",
        "user": EDITOR,
        "text": f"<@{BOT_USER_ID}> is this on record?",
        "ts": "1600000000.000200",
        "thread_ts": "1600000000.000100",
        "channel": CHANNEL,
    }
    assert bot.event(mention).status_code == 200
    bot.settle()
    read = bot.fake.calls_to("conversations.replies")
    assert [c.body["ts"] for c in read] == ["1600000000.000100"]
    summary, reply = posts(bot)[-2:]
    assert summary.body["thread_ts"] == "1600000000.000100"
    assert reply.body["thread_ts"] == "1600000000.000100"
    assert "Possible contradiction: Jane Porter" in text_of(reply)
    with bot.sessions() as session:
        filed = session.scalars(select(Article).order_by(Article.id.desc())).first()
        assert filed is not None
        assert (filed.slack_channel, filed.slack_ts, filed.shared_by) == (
            CHANNEL,
            "1600000000.000100",
            USER,
        )


@pytest.mark.parametrize("words", ["", " hello there", " <@UOTHER> can you look?"])
def test_top_level_mention_with_nothing_to_read_says_what_it_needs(bot: Bot, words: str) -> None:
    mention = {
        "type": "app_mention",
        "user": EDITOR,
        "text": f"<@{BOT_USER_ID}>{words}",
        "ts": "1600000000.000300",
        "channel": CHANNEL,
    }
    bot.event(mention)
    bot.settle()
    (reply,) = posts(bot)
    assert reply.body["text"] == NOTHING_TO_READ_TEXT
    assert reply.body["thread_ts"] == "1600000000.000300"


def test_same_event_delivered_twice_gets_one_reply(bot: Bot) -> None:
    mention = {
        "type": "app_mention",
        "user": USER,
        "text": f"<@{BOT_USER_ID}> {EARLIER_TAXES}",
        "ts": "1600000000.000400",
        "channel": CHANNEL,
    }
    assert bot.event(mention, event_id="EvSAME").status_code == 200
    assert bot.event(mention, event_id="EvSAME", retry=1).status_code == 200
    bot.settle()
    assert len(posts(bot)) == 1
    assert "Filed 1 statement" in text_of(posts(bot)[0])


def review_with_modal(bot: Bot, action: str, value: str, ts: str, reason: str = "") -> None:
    """Click the button, then submit the reason modal it opened."""
    assert bot.click(action, value, channel=CHANNEL, message_ts=ts).status_code == 200
    opened = bot.fake.calls_to("views.open")[-1]
    assert bot.submit_view(opened.body["view"], {"reason": reason}).status_code == 200
    bot.settle()


def test_button_click_stores_the_review_and_updates_the_message(bot: Bot) -> None:
    _, reply = file_pair(bot)
    value = action_values(reply)[CONFIRM_ACTION]
    ts = reply.response["ts"]
    review_with_modal(bot, CONFIRM_ACTION, value, ts)
    (update,) = bot.fake.calls_to("chat.update")
    assert (update.body["channel"], update.body["ts"]) == (CHANNEL, ts)
    assert f"Confirmed by @{EDITOR}" in text_of(update)
    assert action_values(update) == {
        UNDO_ACTION: action_values(update)[UNDO_ACTION],
        SEE_HISTORY_ACTION: str(person_id(bot, "Jane Porter")),
    }
    with bot.sessions() as session:
        row = session.scalars(select(Contradiction)).one()
        assert (row.status, row.reviewed_by) == ("confirmed", EDITOR)
        assert row.reviewed_at is not None
        assert (row.slack_channel, row.slack_ts) == (CHANNEL, ts)


def test_dismissed_pair_never_comes_back(bot: Bot) -> None:
    _, reply = file_pair(bot)
    value = action_values(reply)[DISMISS_ACTION]
    review_with_modal(bot, DISMISS_ACTION, value, reply.response["ts"])
    assert "Marked not a contradiction" in text_of(bot.fake.calls_to("chat.update")[0])
    bot.command(LATER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    last = posts(bot)[-1]
    assert "Already on record" in text_of(last)
    with bot.sessions() as session:
        rows = session.scalars(select(Contradiction)).all()
        assert [(r.status, r.reviewed_by) for r in rows] == [("dismissed", EDITOR)]


def test_bad_signature_is_refused(bot: Bot) -> None:
    response = bot.command(EARLIER_TAXES, secret="0" * 32)
    assert response.status_code == 401
    bot.settle()
    assert [c.method for c in bot.fake.calls] == ["auth.test"]


def test_rate_limited_post_is_retried(bot: Bot) -> None:
    bot.fake.fail_next("chat.postMessage", Failure(429, headers=(("Retry-After", "1"),)))
    bot.command(EARLIER_TAXES)
    bot.settle()
    attempts = posts(bot)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[0].body == attempts[1].body
    assert bot.fake.calls_to("response_url") == []


def test_article_with_no_statements_gets_a_helpful_reply(bot: Bot) -> None:
    bot.command(NO_STATEMENTS)
    bot.settle()
    (summary,) = posts(bot)
    assert NO_STATEMENTS_HELP in text_of(summary)


def test_history_is_ephemeral_and_withholds_other_channels_pastes(bot: Bot) -> None:
    """Neither the words nor the count of another channel's private pastes are shown."""
    file_pair(bot, earlier_channel=OTHER_CHANNEL)
    bot.command("history Porter")
    bot.settle()
    answer = bot.fake.calls_to("response_url")[-1]
    assert answer.body["response_type"] == "ephemeral"
    shown = render_text(answer.body["blocks"])
    assert "Jane Porter" in shown and "1 statement on record" in shown
    assert "We will raise taxes this year" in shown
    assert "not raise" not in shown
    assert OTHER_CHANNEL not in shown


def test_empty_or_unknown_command_gets_help(bot: Bot) -> None:
    for text in ["", "frobnicate", "history"]:
        ack = bot.command(text)
        assert ack.status_code == 200
        assert "/onrecord history <name>" in render_text(ack.json()["blocks"])
    bot.settle()
    assert posts(bot) == []


def test_watched_channel_files_links_quietly_until_a_contradiction(
    bot: Bot, page_server: PageServer
) -> None:
    page_server.routes["/tax-rise"] = html_route(LATER_TAXES_PAGE)
    bot.command("watch on")
    bot.settle()
    assert "Watching this channel" in bot.fake.calls_to("response_url")[-1].body["text"]
    bot.command(EARLIER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    before = len(posts(bot))
    message: dict[str, Any] = {
        "type": "message",
        "user": USER,
        "text": f"Look at this <{page_server.url('/tax-rise')}>",
        "ts": "1600000000.000500",
        "channel": CHANNEL,
    }
    bot.event(message)
    bot.settle()
    new = posts(bot)[before:]
    assert len(new) == 1
    assert new[0].body["thread_ts"] == "1600000000.000500"
    assert "Possible contradiction: Jane Porter" in text_of(new[0])


def test_bot_not_in_channel_is_told_how_to_fix_it(bot: Bot) -> None:
    not_in_channel = Failure(200, body={"ok": False, "error": "not_in_channel"})
    bot.fake.fail_next("chat.postMessage", not_in_channel)
    bot.command(EARLIER_TAXES)
    bot.settle()
    (answer,) = bot.fake.calls_to("response_url")
    assert answer.body["text"] == (
        f"Filed 1 statement, but I can't post in <#{CHANNEL}> yet: invite me with "
        "`/invite @On Record` and I'll post what I found then."
    )
    assert answer.body["response_type"] == "ephemeral"


def test_digest_preview_is_ephemeral_to_the_caller(bot: Bot) -> None:
    file_pair(bot)
    bot.command("digest")
    bot.settle()
    preview = bot.fake.calls_to("response_url")[-1]
    assert preview.body["response_type"] == "ephemeral"
    shown = render_text(preview.body["blocks"])
    assert "Contradictions flagged (1):" in shown
    assert "awaiting review" in shown
    assert len(posts(bot)) == 3  # the two summaries and the contradiction: nothing posted


def test_watch_off_stops_filing_links(bot: Bot, page_server: PageServer) -> None:
    page_server.routes["/tax-rise"] = html_route(LATER_TAXES_PAGE)
    bot.command("watch on")
    bot.settle()
    bot.command("watch off")
    bot.settle()
    assert "Stopped watching" in bot.fake.calls_to("response_url")[-1].body["text"]
    bot.event(
        {
            "type": "message",
            "user": USER,
            "text": f"<{page_server.url('/tax-rise')}>",
            "ts": "1600000000.000800",
            "channel": CHANNEL,
        }
    )
    bot.settle()
    assert page_server.paths_requested() == []
    assert posts(bot) == []


def test_seed_case_minister_contradicts_himself_on_who_runs_the_account(
    bot: Bot, fixtures_dir: Path
) -> None:
    articles = fixtures_dir / "articles"
    bot.command((articles / "02_earlier_india.txt").read_text(encoding="utf-8"))
    bot.settle()
    bot.command((articles / "01_interview_jail_cell.txt").read_text(encoding="utf-8"))
    bot.settle()
    summary = posts(bot)[1]
    replies = [c for c in posts(bot)[2:] if c.body.get("thread_ts") == summary.response["ts"]]
    shown = "\n".join(text_of(c) for c in replies)
    assert "Possible contradiction: Khawaja Asif" in shown
    assert "India" in shown and "jail cell" in shown
    assert "12 Sep 2025" in shown and "27 Sep 2025" in shown


def test_mention_under_a_bot_message_asks_for_an_article(bot: Bot) -> None:
    bot.fake.replies[(CHANNEL, "1600000000.000900")] = [
        {
            "type": "message",
            "bot_id": "BFAKE",
            "text": "Filed 3 statements",
            "ts": "1600000000.000900",
        }
    ]
    mention = {
        "type": "app_mention",
        "user": EDITOR,
        "text": f"<@{BOT_USER_ID}> again please",
        "ts": "1600000000.000901",
        "thread_ts": "1600000000.000900",
        "channel": CHANNEL,
    }
    bot.event(mention)
    bot.settle()
    (reply,) = posts(bot)
    assert reply.body["text"] == NOTHING_TO_READ_TEXT
    assert reply.body["thread_ts"] == "1600000000.000900"


# --------------------------------------------------------------------------- the HTTP server
# What the server itself must do, whatever the payload: these run on SQLite only.

sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def read_head(sock: socket.socket) -> bytes:
    """Read an HTTP response up to the end of its headers (or until the server closes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def status_of(head: bytes) -> int:
    return int(head.split(b" ", 2)[1])


def no_tracebacks(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text
    assert "Traceback" not in capfd.readouterr().err


@sqlite_only
def test_fifty_concurrent_slash_commands_are_all_acked(bot: Bot) -> None:
    count = 50
    clients = [httpx.Client(timeout=10) for _ in range(count)]
    start = threading.Barrier(count)
    results: list[tuple[int, float] | BaseException] = [ValueError("not sent")] * count

    def send(i: int) -> None:
        body = urlencode({"command": "/onrecord", "text": "help", "team_id": TEAM_ID})
        headers = signed_headers(body, "application/x-www-form-urlencoded")
        start.wait()
        t0 = time.perf_counter()
        try:
            answer = clients[i].post(bot.url + EVENTS_PATH, content=body, headers=headers)
            results[i] = (answer.status_code, time.perf_counter() - t0)
        except httpx.HTTPError as exc:
            results[i] = exc

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for client in clients:
        client.close()
    failures = [r for r in results if not isinstance(r, tuple) or r[0] != 200]
    assert failures == []
    slowest = max(r[1] for r in results if isinstance(r, tuple))
    assert slowest < 3.0  # Slack's deadline for an ack


@sqlite_only
@pytest.mark.parametrize("expect", ["", "Expect: 100-continue\r\n"], ids=["plain", "expect"])
@pytest.mark.parametrize(
    ("declared", "status"), [("-1", 400), ("12abc", 400), ("1000000000000", 413)]
)
def test_bad_or_huge_content_length_is_refused_without_reading_the_body(
    bot: Bot,
    declared: str,
    status: int,
    expect: str,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    head = (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n{expect}"
        f"Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
    ).encode()
    with (
        caplog.at_level(logging.DEBUG),
        socket.create_connection(("127.0.0.1", bot.port), timeout=5) as sock,
    ):
        # the body keeps coming and the stream stays open: only an answer that does not
        # wait for the body arrives before the timeout
        sock.sendall(head + b"x" * 65536)
        answer = read_head(sock)
    assert status_of(answer) == status  # not "100 Continue": the body is not invited
    assert "x" * 100 not in caplog.text
    no_tracebacks(caplog, capfd)
    assert [c.method for c in bot.fake.calls] == ["auth.test"]


MALFORMED = [
    pytest.param("application/json", b'{"type": "event_callback", "event": ', id="cut-json"),
    pytest.param("application/json", b"[1, 2, 3]", id="json-list"),
    pytest.param("application/x-www-form-urlencoded", b"payload=%7Bnot+json", id="bad-payload"),
    pytest.param("application/x-www-form-urlencoded", b"payload=5", id="payload-not-object"),
    pytest.param("application/json", b'\xff\xfe{"type": "x"}', id="not-utf8"),
]


@sqlite_only
@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
def test_malformed_signed_body_is_400_without_a_traceback(
    bot: Bot,
    content_type: str,
    body: bytes,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    with caplog.at_level(logging.DEBUG):
        answer = bot.post(body, content_type)
    assert answer.status_code == 400
    no_tracebacks(caplog, capfd)


@sqlite_only
@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
def test_malformed_unsigned_body_is_401_without_a_traceback(
    bot: Bot,
    content_type: str,
    body: bytes,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    with caplog.at_level(logging.DEBUG):
        answer = bot.post(body, content_type, secret="0" * 32)
    assert answer.status_code in {400, 401}
    no_tracebacks(caplog, capfd)


@sqlite_only
@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "-5", "１２３", "0x1f", "123.5", "9" * 40])
def test_non_numeric_timestamp_is_refused_not_a_server_error(
    bot: Bot,
    timestamp: str,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    body = urlencode({"command": "/onrecord", "text": "help", "team_id": TEAM_ID})
    headers = {
        "Content-Type": b"application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp.encode(),  # sent as UTF-8 bytes if not ASCII
        "X-Slack-Signature": sign(SIGNING_SECRET, timestamp, body).encode(),
    }
    with caplog.at_level(logging.DEBUG):
        answer = bot.http.post(bot.url + EVENTS_PATH, content=body, headers=headers)
    assert answer.status_code in {400, 401}
    no_tracebacks(caplog, capfd)


@sqlite_only
def test_unsigned_bodies_are_never_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = "UNSIGNED-SECRET-PASTE-"
    body = marker + "y" * (2_000_000 - len(marker))
    with caplog.at_level(logging.DEBUG):
        for secret in ["0" * 32, SIGNING_SECRET[::-1]]:
            answer = bot.post(body, "application/x-www-form-urlencoded", secret=secret)
            assert answer.status_code == 401
        unsigned = bot.http.post(bot.url + EVENTS_PATH, content=body)
        assert unsigned.status_code == 401
    captured = capfd.readouterr()
    assert marker not in caplog.text and marker not in captured.err + captured.out
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert sum(len(m) for m in ours) < 2000


@sqlite_only
def test_bolt_itself_does_not_log_a_refused_body(
    fake: FakeSlack,
    nlp: Language,
    session_factory: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bolt's own signature check (behind the guard, or with any other adapter) stays quiet."""
    app = build_app(slack_settings(fake), nlp, session_factory)
    body = "text=UNSIGNED-BODY-MARKER&command=%2Fonrecord"
    headers = signed_headers(body, "application/x-www-form-urlencoded", secret="0" * 32)
    with caplog.at_level(logging.DEBUG):
        answer = app.dispatch(BoltRequest(body=body, headers=headers))
    assert answer.status == 401
    assert "UNSIGNED-BODY-MARKER" not in caplog.text


@pytest.fixture
def quick_bot(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> Iterator[Bot]:
    """The app served with a 1 s idle timeout, checked every second, and 2 s per request."""
    limits = HttpLimits(channel_timeout=1, cleanup_interval=1, request_timeout=2.0)
    yield from run_bot(fake, slack_settings(fake), nlp, session_factory, limits)


@sqlite_only
def test_idle_connections_hold_no_threads_and_are_closed_after_the_timeout(
    quick_bot: Bot,
) -> None:
    before = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", quick_bot.port)) for _ in range(60)]
    idle[0].sendall(b"POST /slack/events HTTP/1.1\r\nHost: 1")  # half a request, then nothing
    try:
        time.sleep(0.5)
        assert threading.active_count() - before < 5
        deadline = time.monotonic() + 10
        for sock in idle:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            assert sock.recv(1024) == b""
    finally:
        for sock in idle:
            sock.close()
    assert quick_bot.http.get(quick_bot.url + "/healthz").status_code == 200


@sqlite_only
def test_request_trickled_a_line_at_a_time_is_closed_after_the_request_timeout(
    quick_bot: Bot,
) -> None:
    with socket.create_connection(("127.0.0.1", quick_bot.port), timeout=1) as sock:
        sock.sendall(f"POST {EVENTS_PATH} HTTP/1.1\r\n".encode())
        started = time.monotonic()
        closed_after = None
        while time.monotonic() - started < 10:
            try:
                sock.sendall(b"X-Slow: 1\r\n")  # never idle for the 1 s idle timeout
                time.sleep(0.3)
                sock.setblocking(False)
                if sock.recv(1024) == b"":
                    closed_after = time.monotonic() - started
                    break
            except BlockingIOError:
                pass
            except OSError:  # reset while sending: closed too
                closed_after = time.monotonic() - started
                break
            finally:
                sock.setblocking(True)
    assert closed_after is not None and 1.5 < closed_after < 5


def command_without_team(bot: Bot) -> httpx.Response:
    return bot.command(EARLIER_TAXES, team_id=None)


def mention_without_team(bot: Bot) -> httpx.Response:
    payload = {
        "token": "legacy",
        "api_app_id": "AFAKE",
        "type": "event_callback",
        "event_id": "EvNOTEAM",
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": USER,
            "text": f"<@{BOT_USER_ID}> {EARLIER_TAXES}",
            "ts": "1600000000.000990",
            "channel": CHANNEL,
        },
    }
    return bot.post(json.dumps(payload), "application/json")


def click_without_team(bot: Bot) -> httpx.Response:
    payload = {
        "type": "block_actions",
        "user": {"id": EDITOR, "username": "editor"},
        "api_app_id": "AFAKE",
        "token": "legacy",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": CHANNEL},
        "channel": {"id": CHANNEL, "name": "news"},
        "message": {"type": "message", "ts": "1.2", "text": "flag", "blocks": []},
        "response_url": bot.fake.response_url("act-no-team"),
        "actions": [{"action_id": CONFIRM_ACTION, "block_id": "review_1", "value": "1"}],
    }
    return bot.post(
        urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )


@sqlite_only
@pytest.mark.parametrize("send", [command_without_team, mention_without_team, click_without_team])
def test_signed_payload_without_a_team_id_is_refused(
    bot: Bot, send: Callable[[Bot], httpx.Response]
) -> None:
    answer = send(bot)
    assert answer.status_code == 400
    bot.settle()
    assert [c.method for c in bot.fake.calls] == ["auth.test"]
    with bot.sessions() as session:
        assert session.scalars(select(Article)).all() == []


@sqlite_only
def test_url_verification_and_ssl_check_need_no_team_id(bot: Bot) -> None:
    """Slack checks the Request URL with payloads that name no workspace: they still work."""
    challenge = {"token": "legacy", "challenge": "chal-123", "type": "url_verification"}
    answer = bot.post(json.dumps(challenge), "application/json")
    assert answer.status_code == 200 and "chal-123" in answer.text
    ssl_check = bot.post("ssl_check=1&token=legacy", "application/x-www-form-urlencoded")
    assert ssl_check.status_code == 200


@sqlite_only
def test_health_check_and_unknown_paths(bot: Bot) -> None:
    assert bot.http.get(bot.url + "/healthz").status_code == 200
    assert bot.http.get(bot.url + "/healthz").text == "ok"
    assert bot.http.get(bot.url + "/nowhere").status_code == 404
    assert bot.http.post(bot.url + "/nowhere", content=b"x" * 1000).status_code == 404
    assert bot.http.get(bot.url + EVENTS_PATH).status_code == 405
