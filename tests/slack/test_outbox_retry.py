"""Outbox follow-ups through the real Bolt app and the fake Slack, on SQLite and PostgreSQL:
posts Slack refused for a reason that may pass are retried by the filing's job (the sender is
told the truth if it gives up) and by the sweep; alerts are rendered when they are sent;
a notice with no thread to answer in goes privately to its user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.config import Settings
from bot.durable import DurableQueue
from bot.people_fixes import mark_not_a_person
from bot.slack.outbox_render import DISMISSED, NOT_A_PERSON
from bot.slack.sweep import sweep, sweep_key
from bot.slack.work import FAILURE_TEXT, NOT_DONE_TEXT
from store.contradictions import review_contradiction
from store.models import Contradiction, JobStatus, Post, PostKind, PostStatus
from store.models import Job as JobRow
from store.posts import record_post
from tests.fake_slack import BOT_USER_ID, TEAM_ID, Failure
from tests.http_fixtures import PageServer, html_route
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES, LATER_TAXES_PAGE
from tests.slack.conftest import CHANNEL, EDITOR, OTHER_CHANNEL, USER, Bot
from tests.slack.test_outbox import (
    INVITE_ME,
    bot_joined,
    jobs_on_record,
    key_of,
    posts_on_record,
    sent,
    text_of,
    told,
)
from tests.slack.test_people import BUILD, open_modal, submit

GAVE_UP = (
    f"Filed 1 statement. Slack kept refusing my messages in <#{CHANNEL}>, so the summary and "
    "1 contradiction aren't posted yet: they're saved, and I'll post them when Slack takes "
    "messages again (I try every few minutes) or when the article is shared there again."
)
DOWN = Failure(503, body={"ok": False})


def test_a_refused_flag_is_retried_and_posted_without_bothering_the_sender(bot: Bot) -> None:
    bot.command(EARLIER_TAXES)
    bot.settle()
    # the summary goes out; the alert is rate limited past slack_sdk's retries, once
    bot.fake.fail_next("chat.postMessage", Failure(200, passes=True))
    for _ in range(3):
        bot.fake.fail_next("chat.postMessage", Failure(429, headers=(("Retry-After", "1"),)))
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot) == []
    summary = sent(bot)[1]
    (alert,) = [c for c in sent(bot) if key_of(c).startswith("alert:")]
    assert alert.body["thread_ts"] == summary.response["ts"]
    assert "Possible contradiction: Jane Porter" in text_of(alert)
    delivered = [p for p in posts_on_record(bot) if p.kind != PostKind.NOTICE]
    assert all(p.status == PostStatus.POSTED for p in delivered)
    later = jobs_on_record(bot)[1]
    assert (later.status, later.attempts) == (JobStatus.DONE, 2)
    assert later.last_error == "1 post(s) to CNEWS not delivered yet: ratelimited"


def test_posts_refused_on_every_attempt_park_the_job_and_the_sender_hears_the_truth(
    bot: Bot,
) -> None:
    """Slack is down through every attempt: the article stays filed, the job is parked, the
    sender is told what is on record and what waits (not "nothing was filed"); the sweep
    then delivers it all, once."""
    bot.command(EARLIER_TAXES)
    bot.settle()
    attempts = Settings().job_max_attempts
    for _ in range(attempts):
        bot.fake.fail_next("chat.postMessage", DOWN)
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot) == [GAVE_UP]
    assert FAILURE_TEXT not in told(bot)
    later = jobs_on_record(bot)[1]
    assert (later.status, later.attempts, later.sender_told) == (JobStatus.PARKED, attempts, True)
    assert len(sent(bot)) == 1  # the earlier summary only
    # the unknown outcome of each attempt was looked for in Slack before posting again
    assert len(bot.fake.calls_to("conversations.history")) == attempts - 1

    queue = DurableQueue(bot.sessions)
    now = datetime.now(UTC)
    assert sweep(queue, bot.sessions, now) == 1
    assert sweep(queue, bot.sessions, now + timedelta(seconds=1)) == 0  # same window
    bot.settle()
    summary, alert = sent(bot)[1:]
    assert "Filed 1 statement" in text_of(summary)
    assert alert.body["thread_ts"] == summary.response["ts"]
    assert all(p.status == PostStatus.POSTED for p in posts_on_record(bot))  # notice: told
    swept = jobs_on_record(bot)[-1]
    assert swept.dedupe_key == sweep_key(CHANNEL, now) and swept.status == JobStatus.DONE
    assert sweep(queue, bot.sessions, now + timedelta(hours=1)) == 0  # nothing waits now
    assert told(bot) == [GAVE_UP]  # told once


def test_a_quiet_filing_that_gives_up_tells_nobody_and_the_sweep_posts_its_flag(
    bot: Bot, page_server: PageServer
) -> None:
    """A link in a watched channel (nobody asked): Slack refuses its flag on every attempt;
    nobody is told anything (least of all "nothing was filed"); the sweep posts the flag."""
    page_server.routes["/tax-rise"] = html_route(LATER_TAXES_PAGE)
    bot.command("watch on")
    bot.command(EARLIER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    before = len(bot.fake.calls_to("chat.postMessage"))
    attempts = Settings().job_max_attempts
    for _ in range(attempts):
        bot.fake.fail_next("chat.postMessage", DOWN)
    link = f"Look at this <{page_server.url('/tax-rise')}>"
    message = {"type": "message", "user": USER, "text": link, "ts": "1600000000.000500"}
    bot.fake.keep(CHANNEL, message)  # the thread an uncertain attempt is looked for in
    bot.event({**message, "channel": CHANNEL})
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == before + attempts  # the refusals only
    assert bot.fake.calls_to("chat.postEphemeral") == []
    watched = jobs_on_record(bot)[-1]
    assert (watched.kind, watched.status) == ("watched_link", JobStatus.PARKED)
    assert sweep(DurableQueue(bot.sessions), bot.sessions, datetime.now(UTC)) == 1
    bot.settle()
    alert = sent(bot)[-1]
    assert key_of(alert).startswith("alert:") and alert.body["thread_ts"] == message["ts"]
    assert "Possible contradiction: Jane Porter" in text_of(alert)


def test_posts_refused_for_good_are_told_at_once_and_not_retried(bot: Bot) -> None:
    bot.fake.fail_next("chat.postMessage", Failure(200, body={"ok": False, "error": "no_text"}))
    bot.command(EARLIER_TAXES)
    bot.settle()
    assert told(bot) == [
        f"Filed 1 statement, but Slack refused my messages in <#{CHANNEL}> (no_text). What I "
        "filed is on record; tell whoever runs On Record (the details are in its log)."
    ]
    (job,) = jobs_on_record(bot)
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert sweep(DurableQueue(bot.sessions), bot.sessions, datetime.now(UTC)) == 0


def test_the_sweep_leaves_posts_waiting_for_an_invite_to_the_join(bot: Bot) -> None:
    bot.fake.leave(CHANNEL)
    bot.command(EARLIER_TAXES)
    bot.settle()
    assert told(bot) == [INVITE_ME.replace("the 1 contradiction", "what I found")]
    (job,) = jobs_on_record(bot)
    assert job.status == JobStatus.DONE and job.attempts == 1  # an invite is not retried
    assert sweep(DurableQueue(bot.sessions), bot.sessions, datetime.now(UTC)) == 0


def waiting_flag(bot: Bot) -> int:
    """The later article is filed while the bot is out of the channel: its flag waits."""
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.fake.leave(CHANNEL)
    bot.command(LATER_TAXES)
    bot.settle()
    assert told(bot) == [INVITE_ME]
    with bot.sessions() as session:
        return session.scalars(select(Contradiction.id)).one()


def invited(bot: Bot) -> None:
    bot.fake.join(CHANNEL)
    bot_joined(bot)
    bot.settle()


def alert_post(bot: Bot) -> Post:
    (post,) = [p for p in posts_on_record(bot) if p.kind == PostKind.ALERT]
    return post


def test_a_flag_dismissed_while_waiting_is_not_sent(bot: Bot) -> None:
    cid = waiting_flag(bot)
    with bot.sessions.begin() as session:
        review_contradiction(session, TEAM_ID, cid, status="dismissed", reviewer=EDITOR)
    invited(bot)
    assert "Filed 1 statement" in text_of(sent(bot)[-1])
    assert [key_of(c) for c in sent(bot) if key_of(c).startswith("alert:")] == []
    post = alert_post(bot)
    assert (post.status, post.ts, post.last_error) == (PostStatus.POSTED, None, DISMISSED)
    with bot.sessions() as session:
        assert session.get(Contradiction, cid).slack_ts is None  # type: ignore[union-attr]


def test_a_flag_of_a_speaker_marked_not_a_person_while_waiting_is_not_sent(bot: Bot) -> None:
    waiting_flag(bot)
    with bot.sessions.begin() as session:
        mark_not_a_person(session, TEAM_ID, "Jane Porter")
    invited(bot)
    assert [key_of(c) for c in sent(bot) if key_of(c).startswith("alert:")] == []
    post = alert_post(bot)
    assert (post.status, post.ts, post.last_error) == (PostStatus.POSTED, None, NOT_A_PERSON)


def test_a_flag_reviewed_while_waiting_goes_out_with_the_verdict_and_its_links(bot: Bot) -> None:
    mention = {
        "type": "app_mention",
        "user": USER,
        "text": f"<@{BOT_USER_ID}> {EARLIER_TAXES}",
        "ts": "1600000000.000100",
        "channel": CHANNEL,
    }
    bot.event(mention)
    bot.settle()
    bot.fake.leave(CHANNEL)
    bot.command(LATER_TAXES)
    bot.settle()
    assert bot.fake.calls_to("chat.getPermalink") == []  # nothing rendered while waiting
    with bot.sessions.begin() as session:
        cid = session.scalars(select(Contradiction.id)).one()
        review_contradiction(session, TEAM_ID, cid, status="confirmed", reviewer=EDITOR)
    invited(bot)
    (alert,) = [c for c in sent(bot) if key_of(c).startswith("alert:")]
    shown = text_of(alert)
    assert f"✅ Confirmed by @{EDITOR}" in shown
    assert "Finance minister rules out a tax rise (https://fake.slack.com/archives/" in shown
    assert "[Confirm]" not in shown
    (asked,) = bot.fake.calls_to("chat.getPermalink")
    assert (asked.body["channel"], asked.body["message_ts"]) == (CHANNEL, "1600000000.000100")
    assert alert_post(bot).ts == alert.response["ts"]


def test_a_fix_that_cannot_answer_is_told_privately_not_in_the_channel(bot: Bot) -> None:
    """The Fix-this-person job has no thread and no response_url: when it is parked, the
    editor is told with chat.postEphemeral, not in a message everyone in the channel sees."""
    bot.command(BUILD)
    bot.settle()
    view = open_modal(bot, "Boris")
    attempts = Settings().job_max_attempts
    for _ in range(attempts):
        bot.fake.fail_next("chat.postEphemeral", Failure(500, body={"ok": False}))
    before = len(bot.fake.calls_to("chat.postMessage"))
    assert submit(bot, view, "rename", name="Boris Johnson").text == ""
    bot.settle()
    assert len(bot.fake.calls_to("chat.postMessage")) == before
    calls = bot.fake.calls_to("chat.postEphemeral")
    assert len(calls) == attempts + 1
    last = calls[-1]
    assert (last.body["channel"], last.body["user"], last.body["text"]) == (
        CHANNEL,
        EDITOR,
        NOT_DONE_TEXT,
    )
    assert last.response.get("ok")
    fix = [j for j in jobs_on_record(bot) if j.kind == "fix_person"]
    assert len(fix) == 1 and fix[0].status == JobStatus.PARKED


def test_a_filing_whose_worker_died_every_time_is_not_called_nothing_filed(bot: Bot) -> None:
    """The filing committed (its summary is recorded) but the worker died before posting, on
    every attempt: when the job is parked, the sender hears it is filed and what waits."""
    request = "command:trigger.dead"
    past = datetime.now(UTC) - timedelta(minutes=5)
    with bot.sessions.begin() as session:
        record_post(
            session,
            TEAM_ID,
            key=f"summary:{request}",
            kind=PostKind.SUMMARY,
            channel=CHANNEL,
            text="Filed 1 statement",
        )
        session.add(
            JobRow(
                team_id=TEAM_ID,
                kind="file",
                payload={
                    "data": {"request": request},
                    "reply_to": {"response_url": bot.fake.response_url("dead"), "user": USER},
                },
                status=JobStatus.RUNNING,
                attempts=Settings().job_max_attempts,
                run_after=past,
                locked_by="gone:1:0",
                locked_until=past,
                created_at=past,
            )
        )
    bot.settle()
    assert told(bot) == [
        "I filed that article. Something went wrong on my side before I could post in "
        f"<#{CHANNEL}>, so the summary isn't posted yet: it's saved, and I'll post it when "
        "the article is shared there again."
    ]
    (job,) = jobs_on_record(bot)
    assert job.status == JobStatus.PARKED and job.sender_told
