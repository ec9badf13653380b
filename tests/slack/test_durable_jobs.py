"""Durable jobs in the running app: every acked request is a row, failures are retried with
backoff, a job that keeps failing is parked and its sender told once (SQLite and PostgreSQL).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.jobs import JobKind
from bot.slack.digest import digest_key, queue_digest
from bot.slack.work import FAILURE_TEXT
from store.models import Job as JobRow
from store.models import JobStatus
from tests.fake_slack import BOT_USER_ID, TEAM_ID, Call, Failure
from tests.slack.articles import EARLIER_TAXES
from tests.slack.conftest import CHANNEL, EDITOR, USER, Bot, slack_settings


def posts(bot: Bot) -> list[Call]:
    return bot.fake.calls_to("chat.postMessage")


def jobs(bot: Bot) -> list[JobRow]:
    with bot.sessions() as session:
        return list(session.scalars(select(JobRow).order_by(JobRow.id)))


MENTION = {
    "type": "app_mention",
    "user": EDITOR,
    "text": f"<@{BOT_USER_ID}> file this",
    "ts": "1600000000.000700",
    "thread_ts": "1600000000.000600",
    "channel": CHANNEL,
}


def test_an_acked_command_is_a_job_row_and_is_done_once_filed(bot: Bot) -> None:
    answer = bot.command(EARLIER_TAXES)
    assert answer.status_code == 200
    bot.settle()
    (job,) = jobs(bot)
    assert job.kind == JobKind.FILE and job.team_id == TEAM_ID
    assert job.status == JobStatus.DONE and job.attempts == 1 and job.finished_at is not None
    assert job.payload["reply_to"]["channel"] == CHANNEL
    assert len(posts(bot)) == 1


def test_a_retried_event_delivery_is_queued_once(bot: Bot) -> None:
    event = {**MENTION, "text": f"<@{BOT_USER_ID}> {EARLIER_TAXES}", "thread_ts": None}
    bot.event(event, event_id="EvTwice")
    bot.event(event, event_id="EvTwice", retry=1)
    bot.settle()
    (job,) = jobs(bot)
    assert job.dedupe_key == "EvTwice"
    assert len(posts(bot)) == 1


def test_unexpected_failure_is_retried_then_parked_and_answered_once(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """Every attempt fails (Slack answers 500): the job is retried with backoff, parked after
    the last attempt with its error, and the sender is told once, in plain words."""
    attempts = Settings().job_max_attempts
    for _ in range(attempts):
        bot.fake.fail_next("conversations.replies", Failure(500, body={"ok": False}))
    with caplog.at_level(logging.ERROR, logger="bot.slack"):
        bot.event(MENTION)
        bot.settle()
    (reply,) = posts(bot)
    assert reply.body["text"] == FAILURE_TEXT
    assert reply.body["thread_ts"] == "1600000000.000600"
    assert len(bot.fake.calls_to("conversations.replies")) == attempts
    failures = [r for r in caplog.records if r.name == "bot.slack.work"]
    assert failures and failures[0].exc_info is not None
    (job,) = jobs(bot)
    assert job.status == JobStatus.PARKED and job.sender_told
    assert job.attempts == attempts
    assert job.last_error is not None and "500" in job.last_error


def test_a_failure_that_passes_is_retried_without_bothering_the_sender(bot: Bot) -> None:
    """One 500 from Slack, then the retry reads the thread and files the article: the sender
    sees the summary and never hears about the failure."""
    parent = {"user": USER, "text": EARLIER_TAXES, "ts": "1600000000.000600"}
    bot.fake.replies[(CHANNEL, "1600000000.000600")] = [parent]
    bot.fake.fail_next("conversations.replies", Failure(500, body={"ok": False}))
    bot.event(MENTION)
    bot.settle()
    assert len(bot.fake.calls_to("conversations.replies")) == 2
    (summary,) = posts(bot)
    assert summary.body["text"] != FAILURE_TEXT
    assert summary.body["thread_ts"] == "1600000000.000600"
    (job,) = jobs(bot)
    assert job.status == JobStatus.DONE and job.attempts == 2 and not job.sender_told
    assert job.last_error is not None  # the first attempt's error is kept


def test_a_user_mistake_is_told_at_once_and_not_retried(bot: Bot) -> None:
    bot.command("https://example.invalid/no-such-article")
    bot.settle()
    (job,) = jobs(bot)
    assert job.status == JobStatus.DONE and job.attempts == 1
    (answer,) = [c for c in bot.fake.calls_to("response_url") if c.body.get("text")]
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["text"] != FAILURE_TEXT


def test_the_scheduled_digest_is_queued_once_per_day_and_channel(bot: Bot) -> None:
    from bot.durable import DurableQueue

    settings = slack_settings(bot.fake, digest_channel="CDIGEST")
    queue = DurableQueue(bot.sessions)
    now = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    assert queue_digest(queue, settings, team_id=TEAM_ID, now=now)
    assert not queue_digest(queue, settings, team_id=TEAM_ID, now=now.replace(minute=1))
    (job,) = jobs(bot)
    assert job.dedupe_key == digest_key("CDIGEST", now.date())
    assert job.kind == JobKind.DIGEST
