"""The outbox end to end: signed requests → the real Bolt app → the fake Slack, SQLite and
PostgreSQL. Nothing filed is lost when Slack refuses a post, and no post is made twice."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import select

from bot.people_fixes import mark_not_a_person
from bot.slack.blocks import ALREADY_FILED_ELSEWHERE, render_text, section
from bot.slack.outbox import METADATA_EVENT
from bot.slack.shortcuts import BOT_MESSAGE_TEXT, FILE_SHORTCUT, NO_ARTICLE_TEXT
from store.models import Article, Contradiction, JobStatus, Post, PostKind, PostStatus
from store.models import Job as JobRow
from store.posts import record_post
from tests.fake_slack import BOT_USER_ID, TEAM_ID, Call, Failure
from tests.http_fixtures import PageServer, html_route
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES, LATER_TAXES_PAGE
from tests.slack.conftest import CHANNEL, EDITOR, OTHER_CHANNEL, USER, Bot

NOT_IN_CHANNEL = {"ok": False, "error": "not_in_channel"}
INVITE_ME = (
    f"Filed 1 statement, but I can't post in <#{CHANNEL}> yet: invite me with "
    "`/invite @On Record` and I'll post the 1 contradiction then."
)


def sent(bot: Bot) -> list[Call]:
    """The messages Slack accepted (a refused attempt is a call too, answered not ok)."""
    return [c for c in bot.fake.calls_to("chat.postMessage") if c.response.get("ok")]


def text_of(call: Call) -> str:
    return render_text(call.blocks())


def key_of(call: Call) -> str:
    metadata = call.body["metadata"]
    assert metadata["event_type"] == METADATA_EVENT
    return str(metadata["event_payload"]["key"])


def bot_joined(bot: Bot, channel: str = CHANNEL, *, event_id: str | None = None) -> None:
    event = {
        "type": "member_joined_channel",
        "user": BOT_USER_ID,
        "channel": channel,
        "channel_type": "C",
        "team": TEAM_ID,
        "inviter": USER,
        "event_ts": f"{time.time():.6f}",
    }
    assert bot.event(event, event_id=event_id).status_code == 200


def told(bot: Bot) -> list[str]:
    return [str(c.body["text"]) for c in bot.fake.calls_to("response_url")]


def jobs_on_record(bot: Bot) -> list[JobRow]:
    with bot.sessions() as session:
        return list(session.scalars(select(JobRow).order_by(JobRow.id)))


def posts_on_record(bot: Bot) -> list[Post]:
    with bot.sessions() as session:
        return list(session.scalars(select(Post).order_by(Post.id)))


def file_later_outside_the_channel(bot: Bot) -> None:
    """The earlier article is filed; the bot is removed; the later one is filed: told once."""
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.fake.leave(CHANNEL)
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot) == [INVITE_ME]
    assert len(sent(bot)) == 1  # the earlier summary only
    waiting = [p for p in posts_on_record(bot) if p.status != PostStatus.POSTED]
    assert [(p.kind, p.status) for p in waiting] == [
        (PostKind.SUMMARY, PostStatus.PENDING),
        (PostKind.ALERT, PostStatus.PENDING),
    ]
    assert waiting[0].last_error == "not_in_channel"


def assert_flag_posted_once_under(bot: Bot, summary: Call) -> Call:
    alerts = [c for c in sent(bot) if key_of(c).startswith("alert:")]
    assert len(alerts) == 1
    (alert,) = alerts
    assert alert.body["thread_ts"] == summary.response["ts"]
    assert "Possible contradiction: Jane Porter" in text_of(alert)
    with bot.sessions() as session:
        row = session.scalars(select(Contradiction)).one()
        assert (row.slack_channel, row.slack_ts) == (CHANNEL, alert.response["ts"])
    return alert


def test_invited_after_a_refusal_posts_the_summary_and_the_flag_once(bot: Bot) -> None:
    file_later_outside_the_channel(bot)
    bot.fake.join(CHANNEL)
    bot_joined(bot)
    bot.settle()
    summaries = [c for c in sent(bot) if key_of(c).startswith("summary:")]
    assert len(summaries) == 2
    assert "Filed 1 statement" in text_of(summaries[1])
    assert "1 possible contradiction" in text_of(summaries[1])
    assert_flag_posted_once_under(bot, summaries[1])
    assert all(p.status == PostStatus.POSTED for p in posts_on_record(bot))

    before = len(bot.fake.calls_to("chat.postMessage"))
    bot_joined(bot)  # joined again (another event): nothing is waiting
    bot.event({"type": "member_joined_channel", "user": EDITOR, "channel": CHANNEL})
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == before
    assert len(told(bot)) == 1  # the sender was told once


def test_refiled_after_the_invite_posts_the_waiting_flag_not_nothing_new(bot: Bot) -> None:
    file_later_outside_the_channel(bot)
    bot.fake.join(CHANNEL)  # invited, but Slack's join event is not (yet) here
    bot.command(LATER_TAXES)
    bot.settle()
    summary = sent(bot)[1]
    assert "Filed 1 statement" in text_of(summary)
    assert "Already on record" not in json.dumps([c.body for c in sent(bot)])
    assert_flag_posted_once_under(bot, summary)
    assert len(told(bot)) == 1

    bot.command(LATER_TAXES)  # once more: already on record, and its flag already shown here
    bot.settle()
    last = sent(bot)[-1]
    assert "Already on record" in text_of(last)
    assert "contradiction" not in text_of(last)
    assert_flag_posted_once_under(bot, summary)


def test_waiting_flag_moves_under_the_newer_answer_and_is_posted_after_it(bot: Bot) -> None:
    """The flag was refused after its summary went out (the bot was removed); the article is
    shared again while the bot is out of the channel; once invited, the new answer goes
    first, the flag under it."""
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.fake.fail_next("chat.postMessage", Failure(200, passes=True))
    bot.fake.fail_next("chat.postMessage", Failure(200, body=NOT_IN_CHANNEL))  # removed
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot) == [INVITE_ME]
    bot.fake.leave(CHANNEL)
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot)[-1] == (
        f"That article is already on record, but I can't post in <#{CHANNEL}> yet: invite me "
        "with `/invite @On Record` and I'll post the 1 contradiction then."
    )
    bot.fake.join(CHANNEL)
    bot_joined(bot)
    bot.settle()
    again, alert = sent(bot)[-2:]
    assert "Already on record" in text_of(again)
    assert key_of(alert).startswith("alert:")
    assert alert.body["thread_ts"] == again.response["ts"]
    assert all(p.status == PostStatus.POSTED for p in posts_on_record(bot))


def test_lost_answer_is_adopted_from_slack_not_posted_again(bot: Bot) -> None:
    """Slack posted the summary but the answer was lost (HTTP 500): the job's retry finds it
    by its metadata key in the channel's history and posts only the flag under it; the
    sender never hears of it."""
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.fake.fail_next("chat.postMessage", Failure(500, body={"ok": False}, applied=True))
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot) == []
    in_slack = [m for m in bot.fake.channel_messages(CHANNEL) if "Filed 1 statement" in m["text"]]
    assert len(in_slack) == 2  # the earlier summary and the one whose answer was lost
    (lookup,) = bot.fake.calls_to("conversations.history")
    assert lookup.body["include_all_metadata"] in {True, "true", "1"}
    (summary_post,) = [p for p in posts_on_record(bot) if p.kind == PostKind.SUMMARY][1:]
    summaries = [c for c in bot.fake.calls_to("chat.postMessage") if key_of(c) == summary_post.key]
    assert len(summaries) == 1  # the one attempt: never re-posted
    assert (summary_post.status, summary_post.ts) == (PostStatus.POSTED, in_slack[1]["ts"])
    (alert,) = [c for c in sent(bot) if key_of(c).startswith("alert:")]
    assert alert.body["thread_ts"] == in_slack[1]["ts"]
    (_, job) = jobs_on_record(bot)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert job.last_error is not None and "http_500" in job.last_error


def test_broken_connection_is_not_retried_blindly_then_the_message_is_adopted(bot: Bot) -> None:
    """Slack posted the summary, then the connection broke before its answer: slack_sdk would
    send it again at once; the outbox instead finds it in Slack on the job's next attempt."""
    bot.fake.fail_next("chat.postMessage", Failure(0, applied=True, hang_up=True))
    bot.command(EARLIER_TAXES)
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == 1
    assert told(bot) == []
    (message,) = bot.fake.channel_messages(CHANNEL)
    (post,) = [p for p in posts_on_record(bot) if p.kind == PostKind.SUMMARY]
    assert (post.status, post.ts) == (PostStatus.POSTED, message["ts"])
    (job,) = jobs_on_record(bot)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def stale_post(bot: Bot, key: str, *, thread_ts: str | None = None) -> int:
    """A post some sender claimed and then died with (its lease is over)."""
    with bot.sessions.begin() as session:
        post, _ = record_post(
            session,
            TEAM_ID,
            key=key,
            kind=PostKind.SUMMARY,
            channel=CHANNEL,
            thread_ts=thread_ts,
            text=f"post {key}",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"post {key}"}}],
        )
        post.status = PostStatus.SENDING
        post.attempts = 1
        post.lease_until = post.created_at
        return post.id


def metadata_of(key: str) -> dict[str, Any]:
    return {"event_type": METADATA_EVENT, "event_payload": {"key": key}}


def test_dead_senders_posts_are_adopted_if_in_slack_else_posted_once(bot: Bot) -> None:
    thread = bot.fake.next_ts()
    bot.fake.keep(CHANNEL, {"type": "message", "user": USER, "text": "article", "ts": thread})
    reached, reached_reply, missing = (
        stale_post(bot, "summary:reached"),
        stale_post(bot, "summary:reached-in-thread", thread_ts=thread),
        stale_post(bot, "summary:missing"),
    )
    found_ts, reply_ts = bot.fake.next_ts(), bot.fake.next_ts()
    for key, ts, extra in [
        ("summary:reached", found_ts, {}),
        ("summary:reached-in-thread", reply_ts, {"thread_ts": thread}),
    ]:
        message = {"type": "message", "bot_id": "BFAKE", "text": "x", "ts": ts, **extra}
        bot.fake.keep(CHANNEL, {**message, "metadata": metadata_of(key)})
    bot.fake.keep(CHANNEL, {"type": "message", "text": "other", "ts": bot.fake.next_ts()})

    bot_joined(bot)
    bot.settle()
    (posted,) = bot.fake.calls_to("chat.postMessage")
    assert key_of(posted) == "summary:missing"
    assert [c.body["ts"] for c in bot.fake.calls_to("conversations.replies")] == [thread]
    with bot.sessions() as session:
        rows = {p.id: p for p in session.scalars(select(Post))}
    assert (rows[reached].status, rows[reached].ts) == (PostStatus.POSTED, found_ts)
    assert (rows[reached_reply].status, rows[reached_reply].ts) == (PostStatus.POSTED, reply_ts)
    assert (rows[missing].status, rows[missing].ts) == (
        PostStatus.POSTED,
        posted.response["ts"],
    )
    assert rows[missing].attempts == 2


def test_a_lost_attempt_that_cannot_be_looked_for_is_never_posted_blind(bot: Bot) -> None:
    stale = stale_post(bot, "summary:unknown")
    bot.fake.leave(CHANNEL)  # Slack's history cannot be read: the outcome stays unknown
    bot_joined(bot)
    bot.settle()
    assert bot.fake.calls_to("chat.postMessage") == []
    with bot.sessions() as session:
        post = session.get(Post, stale)
        assert post is not None
        assert (post.status, post.last_error) == (PostStatus.SENDING, "not_in_channel")
    bot.fake.join(CHANNEL)
    bot_joined(bot)
    bot.settle()
    (posted,) = bot.fake.calls_to("chat.postMessage")
    assert key_of(posted) == "summary:unknown"
    assert len(bot.fake.calls_to("conversations.history")) == 2


def test_two_deliveries_at_once_send_each_post_once(bot: Bot) -> None:
    file_later_outside_the_channel(bot)
    bot.fake.join(CHANNEL)
    bot.fake.delays["chat.postMessage"] = 0.3  # both deliveries are under way together
    bot_joined(bot, event_id="EvJOIN1")
    bot_joined(bot, event_id="EvJOIN2")
    bot.command(LATER_TAXES)  # and the user re-files at the same moment
    bot.settle()
    keys = [key_of(c) for c in bot.fake.calls_to("chat.postMessage")]
    assert len(keys) == len(set(keys)) + 1  # the one refused attempt of the later summary
    delivered = [key_of(c) for c in sent(bot)]
    assert len(delivered) == len(set(delivered))
    assert len([k for k in delivered if k.startswith("alert:")]) == 1
    assert all(p.status == PostStatus.POSTED for p in posts_on_record(bot))


# --------------------------------------------------------------------------- the shortcut


def shortcut(bot: Bot, message: dict[str, Any], *, user: str = EDITOR) -> httpx.Response:
    payload = {
        "type": "message_action",
        "callback_id": FILE_SHORTCUT,
        "trigger_id": f"trigger.{next(bot.ids)}",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "user": {"id": user, "name": "editor"},
        "channel": {"id": CHANNEL, "name": "news"},
        "message": {"type": "message", **message},
        "message_ts": message["ts"],
        "response_url": bot.fake.response_url(f"sc{next(bot.ids)}"),
        "api_app_id": "AFAKE",
        "token": "legacy",
        "action_ts": f"{time.time():.6f}",
    }
    return bot.post(
        urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )


def test_shortcut_files_the_message_and_answers_in_its_thread(bot: Bot) -> None:
    bot.command(EARLIER_TAXES)
    bot.settle()
    message_ts = "1600000000.001000"
    started = time.monotonic()
    response = shortcut(bot, {"user": USER, "text": LATER_TAXES, "ts": message_ts})
    assert response.status_code == 200
    assert time.monotonic() - started < 3
    bot.settle()
    summary, alert = sent(bot)[-2:]
    assert summary.body["thread_ts"] == message_ts
    assert alert.body["thread_ts"] == message_ts
    assert "Filed 1 statement" in text_of(summary)
    assert "Possible contradiction: Jane Porter" in text_of(alert)
    with bot.sessions() as session:
        filed = session.scalars(select(Article).order_by(Article.id.desc())).first()
        assert filed is not None
        assert (filed.slack_channel, filed.slack_ts, filed.shared_by) == (
            CHANNEL,
            message_ts,
            USER,
        )
        requested = session.scalars(select(Post.requested_by).order_by(Post.id.desc())).first()
        assert requested == EDITOR


def test_shortcut_on_a_message_in_a_thread_answers_in_that_thread(bot: Bot) -> None:
    shortcut(
        bot,
        {
            "user": USER,
            "text": EARLIER_TAXES,
            "ts": "1600000000.002",
            "thread_ts": "1600000000.001",
        },
    )
    bot.settle()
    (summary,) = sent(bot)
    assert summary.body["thread_ts"] == "1600000000.001"


def test_shortcut_on_a_message_without_an_article_says_what_works(bot: Bot) -> None:
    shortcut(bot, {"user": USER, "text": "lunch at one?", "ts": "1600000000.003"})
    shortcut(
        bot, {"bot_id": "BFAKE", "text": EARLIER_TAXES.replace("\n", " "), "ts": "1600000000.4"}
    )
    bot.settle()
    answers = bot.fake.calls_to("response_url")
    assert sorted(c.body["text"] for c in answers) == sorted([NO_ARTICLE_TEXT, BOT_MESSAGE_TEXT])
    assert all(c.body["response_type"] == "ephemeral" for c in answers)
    assert bot.fake.calls_to("chat.postMessage") == []
    with bot.sessions() as session:
        assert session.scalars(select(Article)).first() is None


def test_public_article_reshared_elsewhere_brings_its_flag_there(
    bot: Bot, page_server: PageServer
) -> None:
    page_server.routes["/tax-rise"] = html_route(LATER_TAXES_PAGE)
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.command(f"<{page_server.url('/tax-rise')}>")
    bot.settle()
    bot.command(f"<{page_server.url('/tax-rise')}>", channel=OTHER_CHANNEL)
    bot.settle()
    summary, alert = [c for c in sent(bot) if c.body["channel"] == OTHER_CHANNEL]
    assert "Already on record" in text_of(summary)
    assert "1 possible contradiction" in text_of(summary)
    assert key_of(alert).endswith(f":{OTHER_CHANNEL}")
    assert alert.body["thread_ts"] == summary.response["ts"]
    assert "We will raise taxes this year" in text_of(alert)
    assert "not raise" not in text_of(alert)  # the earlier paste stays in its channel


def test_private_paste_reshared_elsewhere_brings_no_flag(bot: Bot) -> None:
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.command(LATER_TAXES)
    bot.settle()
    bot.command(LATER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    (elsewhere,) = [c for c in sent(bot) if c.body["channel"] == OTHER_CHANNEL]
    assert text_of(elsewhere) == render_text([section(ALREADY_FILED_ELSEWHERE)])


def test_reshare_brings_no_flag_of_a_speaker_marked_not_a_person(
    bot: Bot, page_server: PageServer
) -> None:
    page_server.routes["/tax-rise"] = html_route(LATER_TAXES_PAGE)
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.command(f"<{page_server.url('/tax-rise')}>")
    bot.settle()
    with bot.sessions.begin() as session:
        mark_not_a_person(session, TEAM_ID, "Jane Porter")
    bot.command(f"<{page_server.url('/tax-rise')}>", channel=OTHER_CHANNEL)
    bot.settle()
    (elsewhere,) = [c for c in sent(bot) if c.body["channel"] == OTHER_CHANNEL]
    assert "Already on record" in text_of(elsewhere)
    assert "contradiction" not in text_of(elsewhere)
