"""The daily digest: schedule (time zone, DST), content (frozen clock), once per day per channel."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import article_from_text
from bot.confidentiality import Audience
from bot.config import Settings
from bot.digest import DigestArticle, DigestData, DigestFlag, DigestPerson, load_digest_data
from bot.pipeline import IngestContext, Origin, ingest
from bot.slack.blocks import render_text, section
from bot.slack.digest import (
    DIGEST_JOB_ID,
    digest_blocks,
    digest_trigger,
    run_digest,
    start_scheduler,
)
from tests.fake_slack import TEAM_ID, FakeSlack
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES
from tests.slack.conftest import CHANNEL, EDITOR, OTHER_CHANNEL

LONDON = ZoneInfo("Europe/London")
DIGEST_CHANNEL = "CDIGEST"


def london_settings(fake: FakeSlack | None = None, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "team_id": TEAM_ID,
        "digest_time": time(18, 0),
        "timezone": LONDON,
        "digest_channel": DIGEST_CHANNEL,
    }
    if fake is not None:
        values["slack_api_url"] = fake.api_url
        values["slack_bot_token"] = "xoxb-test"
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- schedule


@pytest.mark.parametrize(
    ("after_utc", "expected_utc"),
    [
        # spring forward: 18:00 GMT on Saturday 29 March, 18:00 BST (17:00 UTC) on Sunday
        (datetime(2025, 3, 29, 12, 0, tzinfo=UTC), datetime(2025, 3, 29, 18, 0, tzinfo=UTC)),
        (datetime(2025, 3, 29, 18, 30, tzinfo=UTC), datetime(2025, 3, 30, 17, 0, tzinfo=UTC)),
        # fall back: 18:00 BST (17:00 UTC) on Saturday 25 October, 18:00 GMT on Sunday
        (datetime(2025, 10, 25, 12, 0, tzinfo=UTC), datetime(2025, 10, 25, 17, 0, tzinfo=UTC)),
        (datetime(2025, 10, 25, 17, 30, tzinfo=UTC), datetime(2025, 10, 26, 18, 0, tzinfo=UTC)),
    ],
)
def test_digest_fires_at_local_time_across_dst(after_utc: datetime, expected_utc: datetime) -> None:
    trigger = digest_trigger(london_settings())
    fire = trigger.get_next_fire_time(None, after_utc.astimezone(LONDON))
    assert fire is not None
    assert fire.astimezone(UTC) == expected_utc
    assert (fire.hour, fire.minute) == (18, 0)


def test_scheduler_registers_one_job_with_a_stable_id() -> None:
    scheduler = start_scheduler(london_settings(), lambda: None)
    try:
        jobs = scheduler.get_jobs()
        assert [job.id for job in jobs] == [DIGEST_JOB_ID]
        fire = jobs[0].next_run_time
        assert str(fire.tzinfo) == "Europe/London"
        assert (fire.hour, fire.minute) == (18, 0)
        assert datetime.now(UTC) < fire <= datetime.now(UTC) + timedelta(days=1)
    finally:
        scheduler.shutdown(wait=False)


# --------------------------------------------------------------------------- pure content

NOW = datetime(2025, 3, 30, 17, 0, tzinfo=UTC)  # 18:00 BST
SINCE = datetime(2025, 3, 29, 18, 0, tzinfo=UTC)  # 18:00 GMT the day before


def test_digest_content_with_a_frozen_clock() -> None:
    data = DigestData(
        since=SINCE,
        flags=(
            DigestFlag(
                speaker="Jane Porter",
                title="finance minister",
                kind="polarity",
                tier="alert",
                status="confirmed",
                reviewer=EDITOR,
                explanation='now says the opposite: "not raise" → "raise"',
                channel=CHANNEL,
                score=0.93,
            ),
            DigestFlag(
                speaker="Khawaja Asif",
                title=None,
                kind="slot",
                tier="alert",
                status="open",
                reviewer=None,
                explanation=None,
                channel=OTHER_CHANNEL,
                score=0.55,
            ),
            *[
                DigestFlag(
                    speaker=None,
                    title=None,
                    kind="place",
                    tier="alert",
                    status="open",
                    reviewer=None,
                    explanation=None,
                    channel="CSECRET",
                )
                for _ in range(2)
            ],
        ),
        people=(DigestPerson("Jane Porter", True, 3), DigestPerson("Zulfi Bukhari", False, 5)),
        articles=(
            DigestArticle("Tax rise & protest", "https://example.org/tax", CHANNEL, "Example"),
            *[DigestArticle(None, None, OTHER_CHANNEL) for _ in range(4)],
        ),
    )
    blocks = digest_blocks(data, NOW, LONDON, quiet_message=True)
    assert blocks == [
        section("*On Record — daily digest, Sun 30 Mar 2025*\nSince 29 Mar 2025 18:00."),
        section(
            "*Contradictions flagged (4):*\n"
            '• *Jane Porter* (finance minister): now says the opposite: "not raise" → "raise" '
            f"(confidence: high (0.93)) — confirmed by <@{EDITOR}> — in <#{CHANNEL}>\n"
            "• *Khawaja Asif*: a detail changed (confidence: medium (0.55)) — awaiting review "
            f"— in <#{OTHER_CHANNEL}>\n"
            "• 2 possible contradictions between statements from articles without a public "
            "link, shared in channels this one may not see — awaiting review; ask the desk"
        ),
        section(
            "*Most statements filed:*\n• Jane Porter (official) — 3 statements\n"
            "• Zulfi Bukhari — 5 statements"
        ),
        section(
            "*Articles filed (5):*\n• <https://example.org/tax|Tax rise &amp; protest> — Example\n"
            "• 4 pasted articles shared in other channels (not shown here; ask the desk)"
        ),
    ]


def test_quiet_day_is_one_line_or_nothing() -> None:
    empty = DigestData(since=NOW - timedelta(hours=3), flags=(), people=(), articles=())
    assert digest_blocks(empty, NOW, LONDON, quiet_message=True) == [
        section("Quiet day: nothing new filed since 15:00 today.")
    ]
    assert digest_blocks(empty, NOW, LONDON, quiet_message=False) is None


# --------------------------------------------------------------------------- from the database


def file_taxes(sessions: sessionmaker[Session], nlp: Language, *, channel: str) -> None:
    for text in (EARLIER_TAXES, LATER_TAXES):
        with sessions.begin() as session:
            ingest(
                article_from_text(text),
                IngestContext(
                    session=session, nlp=nlp, team_id=TEAM_ID, origin=Origin(channel=channel)
                ),
            )


def test_loaded_digest_withholds_what_the_digest_channel_may_not_see(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_taxes(session_factory, nlp, channel=OTHER_CHANNEL)
    since = datetime.now(UTC) - timedelta(hours=1)
    with session_factory() as session:
        hidden = load_digest_data(session, TEAM_ID, Audience(DIGEST_CHANNEL), since)
        shown = load_digest_data(session, TEAM_ID, Audience(OTHER_CHANNEL), since)
    # Neither the speaker, their title nor what clashed: only that a flag exists, and where.
    assert [(f.speaker, f.title, f.status, f.explanation) for f in hidden.flags] == [
        (None, None, "open", None)
    ]
    hidden_text = render_text(digest_blocks(hidden, NOW, LONDON, quiet_message=True) or [])
    assert "Jane Porter" not in hidden_text and "Finance minister" not in hidden_text
    assert [a.title for a in hidden.articles] == [None, None]
    assert shown.flags[0].explanation and "not raise" in shown.flags[0].explanation
    assert [a.title for a in shown.articles] == [
        "Finance minister rules out a tax rise",
        "Finance minister announces a tax rise",
    ]
    assert hidden.people == ()
    assert [(p.name, p.is_official, p.statements) for p in shown.people] == [
        ("Jane Porter", True, 2)
    ]


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def test_digest_posts_once_per_day(
    session_factory: sessionmaker[Session], nlp: Language, fake: FakeSlack, client: WebClient
) -> None:
    file_taxes(session_factory, nlp, channel=DIGEST_CHANNEL)
    settings = london_settings(fake)
    now = datetime.now(UTC)
    assert run_digest(client, session_factory, settings, team_id=TEAM_ID, now=now)
    assert not run_digest(client, session_factory, settings, team_id=TEAM_ID, now=now)
    (post,) = fake.calls_to("chat.postMessage")
    assert post.body["channel"] == DIGEST_CHANNEL
    shown = render_text(post.blocks())
    assert "Contradictions flagged (1):" in shown
    assert "• Jane Porter (" in shown and "): now says the opposite" in shown
    assert "awaiting review" in shown
    assert "Finance minister announces a tax rise" in shown
    tomorrow = now + timedelta(days=1)
    assert run_digest(client, session_factory, settings, team_id=TEAM_ID, now=tomorrow)
    quiet = fake.calls_to("chat.postMessage")[1]
    assert render_text(quiet.blocks()).startswith("Quiet day: nothing new filed since")


def test_two_schedulers_firing_at_once_post_once(
    session_factory: sessionmaker[Session], fake: FakeSlack
) -> None:
    settings = london_settings(fake)
    now = datetime.now(UTC)
    start = threading.Barrier(2)
    results: list[bool] = []

    def fire() -> None:
        own_client = WebClient(token="xoxb-test", base_url=fake.api_url)
        start.wait()
        results.append(run_digest(own_client, session_factory, settings, team_id=TEAM_ID, now=now))

    threads = [threading.Thread(target=fire) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, True]
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_no_digest_channel_means_no_digest(
    session_factory: sessionmaker[Session], fake: FakeSlack, client: WebClient
) -> None:
    settings = london_settings(fake, digest_channel="")
    assert not run_digest(client, session_factory, settings, team_id=TEAM_ID, now=NOW)
    assert fake.calls == []
