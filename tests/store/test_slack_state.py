"""Slack bookkeeping: event dedup, digest run guard, watched channels."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from store.slack_state import (
    claim_digest_run,
    is_watched,
    mark_event_processed,
    unwatch_channel,
    watch_channel,
    watched_channels,
)

from .factories import OTHER_TEAM, TEAM


def test_event_dedup(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        assert mark_event_processed(s, TEAM, "Ev1")
        assert not mark_event_processed(s, TEAM, "Ev1")
        assert mark_event_processed(s, OTHER_TEAM, "Ev1")
    with session_factory.begin() as s:
        assert not mark_event_processed(s, TEAM, "Ev1")
        assert mark_event_processed(s, TEAM, "Ev2")


def test_rolled_back_event_can_be_processed_again(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        assert mark_event_processed(s, TEAM, "Ev1")
        s.rollback()
    with session_factory.begin() as s:
        assert mark_event_processed(s, TEAM, "Ev1")


def test_digest_run_guard(session_factory: sessionmaker[Session]) -> None:
    day = date(2024, 3, 1)
    with session_factory.begin() as s:
        assert claim_digest_run(s, TEAM, "C1", day)
        assert not claim_digest_run(s, TEAM, "C1", day)
        assert claim_digest_run(s, TEAM, "C2", day)
        assert claim_digest_run(s, TEAM, "C1", date(2024, 3, 2))
        assert claim_digest_run(s, OTHER_TEAM, "C1", day)
    with session_factory.begin() as s:
        assert not claim_digest_run(s, TEAM, "C1", day)


def test_watch_channels(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        assert not is_watched(s, TEAM, "C1")
        assert watch_channel(s, TEAM, "C1", "U1")
        assert not watch_channel(s, TEAM, "C1", "U2")
        assert watch_channel(s, TEAM, "C0", None)
        assert is_watched(s, TEAM, "C1")
        assert not is_watched(s, OTHER_TEAM, "C1")
    with session_factory.begin() as s:
        assert watched_channels(s, TEAM) == ["C0", "C1"]
        assert watched_channels(s, OTHER_TEAM) == []
        assert unwatch_channel(s, TEAM, "C1")
        assert not unwatch_channel(s, TEAM, "C1")
        assert not is_watched(s, TEAM, "C1")
        assert not unwatch_channel(s, OTHER_TEAM, "C0")
    with session_factory.begin() as s:
        assert watched_channels(s, TEAM) == ["C0"]
        assert watch_channel(s, TEAM, "C1", "U3")
