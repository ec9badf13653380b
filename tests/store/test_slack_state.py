"""Slack bookkeeping: event dedup, digest run guard, watched channels."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from store import repo

from .factories import OTHER_TEAM, TEAM


def test_event_dedup(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        assert repo.mark_event_processed(s, TEAM, "Ev1")
        assert not repo.mark_event_processed(s, TEAM, "Ev1")
        assert repo.mark_event_processed(s, OTHER_TEAM, "Ev1")
    with session_factory.begin() as s:
        assert not repo.mark_event_processed(s, TEAM, "Ev1")
        assert repo.mark_event_processed(s, TEAM, "Ev2")


def test_rolled_back_event_can_be_processed_again(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as s:
        assert repo.mark_event_processed(s, TEAM, "Ev1")
        s.rollback()
    with session_factory.begin() as s:
        assert repo.mark_event_processed(s, TEAM, "Ev1")


def test_digest_run_guard(session_factory: sessionmaker[Session]) -> None:
    day = date(2024, 3, 1)
    with session_factory.begin() as s:
        assert repo.claim_digest_run(s, TEAM, "C1", day)
        assert not repo.claim_digest_run(s, TEAM, "C1", day)
        assert repo.claim_digest_run(s, TEAM, "C2", day)
        assert repo.claim_digest_run(s, TEAM, "C1", date(2024, 3, 2))
        assert repo.claim_digest_run(s, OTHER_TEAM, "C1", day)
    with session_factory.begin() as s:
        assert not repo.claim_digest_run(s, TEAM, "C1", day)


def test_watch_channels(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        assert not repo.is_watched(s, TEAM, "C1")
        assert repo.watch_channel(s, TEAM, "C1", "U1")
        assert not repo.watch_channel(s, TEAM, "C1", "U2")
        assert repo.watch_channel(s, TEAM, "C0", None)
        assert repo.is_watched(s, TEAM, "C1")
        assert not repo.is_watched(s, OTHER_TEAM, "C1")
    with session_factory.begin() as s:
        assert repo.watched_channels(s, TEAM) == ["C0", "C1"]
        assert repo.watched_channels(s, OTHER_TEAM) == []
        assert repo.unwatch_channel(s, TEAM, "C1")
        assert not repo.unwatch_channel(s, TEAM, "C1")
        assert not repo.is_watched(s, TEAM, "C1")
        assert not repo.unwatch_channel(s, OTHER_TEAM, "C0")
    with session_factory.begin() as s:
        assert repo.watched_channels(s, TEAM) == ["C0"]
        assert repo.watch_channel(s, TEAM, "C1", "U3")
