"""End to end, with no Slack: signed requests → the real Bolt app over HTTP → the fake API.

Pipeline-backed flows run on SQLite and PostgreSQL (the `session_factory` fixture).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.slack.blocks import CONFIRM_ACTION, DISMISS_ACTION, NO_STATEMENTS_HELP, render_text
from bot.slack.commands import READING_TEXT
from bot.slack.events import NOTHING_TO_READ_TEXT
from bot.slack.filing import FAILURE_TEXT, NOT_IN_CHANNEL_TEXT
from store.models import Article, Contradiction
from tests.fake_slack import BOT_USER_ID, Call, Failure
from tests.http_fixtures import PageServer, html_route
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES, LATER_TAXES_PAGE, NO_STATEMENTS
from tests.slack.conftest import CHANNEL, EDITOR, OTHER_CHANNEL, USER, Bot


def posts(bot: Bot) -> list[Call]:
    return bot.fake.calls_to("chat.postMessage")


def text_of(call: Call) -> str:
    return render_text(call.blocks())


def action_values(call: Call) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in call.blocks()
        if block["type"] == "actions"
        for element in block["elements"]
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
    assert set(action_values(reply)) == {CONFIRM_ACTION, DISMISS_ACTION}


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
    assert f"shared by @{USER} in #{OTHER_CHANNEL}" in shown
    assert "ask there" in shown


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


def test_button_click_stores_the_review_and_updates_the_message(bot: Bot) -> None:
    _, reply = file_pair(bot)
    value = action_values(reply)[CONFIRM_ACTION]
    ts = reply.response["ts"]
    assert bot.click(CONFIRM_ACTION, value, channel=CHANNEL, message_ts=ts).status_code == 200
    bot.settle()
    (update,) = bot.fake.calls_to("chat.update")
    assert (update.body["channel"], update.body["ts"]) == (CHANNEL, ts)
    assert f"Confirmed by @{EDITOR}" in text_of(update)
    assert action_values(update) == {}
    with bot.sessions() as session:
        row = session.scalars(select(Contradiction)).one()
        assert (row.status, row.reviewed_by) == ("confirmed", EDITOR)
        assert row.reviewed_at is not None
        assert (row.slack_channel, row.slack_ts) == (CHANNEL, ts)


def test_dismissed_pair_never_comes_back(bot: Bot) -> None:
    _, reply = file_pair(bot)
    value = action_values(reply)[DISMISS_ACTION]
    bot.click(DISMISS_ACTION, value, channel=CHANNEL, message_ts=reply.response["ts"])
    bot.settle()
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
    assert answer.body["text"] == NOT_IN_CHANNEL_TEXT
    assert answer.body["response_type"] == "ephemeral"


def test_unexpected_failure_is_logged_and_answered(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.fail_next("conversations.replies", Failure(500, body={"ok": False}))
    mention = {
        "type": "app_mention",
        "user": EDITOR,
        "text": f"<@{BOT_USER_ID}> file this",
        "ts": "1600000000.000700",
        "thread_ts": "1600000000.000600",
        "channel": CHANNEL,
    }
    with caplog.at_level(logging.ERROR, logger="bot.slack"):
        bot.event(mention)
        bot.settle()
    (reply,) = posts(bot)
    assert reply.body["text"] == FAILURE_TEXT
    assert reply.body["thread_ts"] == "1600000000.000600"
    failures = [r for r in caplog.records if r.name == "bot.slack.filing"]
    assert failures and failures[0].exc_info is not None


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
