"""Durable jobs in the store: queue once, claim once, leases, backoff, parking (both databases)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from store.jobs import (
    ClaimedJob,
    backoff,
    claim_next_job,
    claim_telling_sender,
    count_unfinished_jobs,
    enqueue_job,
    extend_lease,
    finish_job,
    job_by_id,
    park_job,
    release_job,
    retry_job,
)
from store.models import Job, JobStatus

from .factories import OTHER_TEAM, TEAM

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def queue(sessions: sessionmaker[Session], count: int = 1, *, at: datetime = T0) -> list[int]:
    ids = []
    with sessions.begin() as s:
        for n in range(count):
            job_id = enqueue_job(s, TEAM, "file", {"n": n}, now=at)
            assert job_id is not None
            ids.append(job_id)
    return ids


def claim(sessions: sessionmaker[Session], worker: str, *, at: datetime = T0) -> ClaimedJob | None:
    with sessions.begin() as s:
        return claim_next_job(s, worker, now=at, lease=LEASE)


def stored(sessions: sessionmaker[Session], job_id: int) -> Job:
    with sessions() as s:
        row = job_by_id(s, TEAM, job_id)
    assert row is not None
    return row


def test_a_dedupe_key_is_queued_once_per_workspace(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        first = enqueue_job(s, TEAM, "mention", {}, now=T0, dedupe_key="Ev1")
        again = enqueue_job(s, TEAM, "mention", {}, now=T0, dedupe_key="Ev1")
        elsewhere = enqueue_job(s, OTHER_TEAM, "mention", {}, now=T0, dedupe_key="Ev1")
        unkeyed = [enqueue_job(s, TEAM, "file", {}, now=T0) for _ in range(2)]
    assert first is not None and again is None and elsewhere is not None
    assert None not in unkeyed and len(set(unkeyed)) == 2
    with session_factory() as s:
        assert count_unfinished_jobs(s) == 4


def test_claims_take_the_oldest_due_job_and_mark_it_running(
    session_factory: sessionmaker[Session],
) -> None:
    (later,) = queue(session_factory, at=T0 + timedelta(seconds=5))
    (earlier,) = queue(session_factory, at=T0)
    assert claim(session_factory, "w1", at=T0 - timedelta(seconds=1)) is None  # nothing due
    got = claim(session_factory, "host:123:0", at=T0 + timedelta(seconds=10))
    assert got is not None and got.id == earlier and got.attempts == 1
    assert got.payload == {"n": 0} and got.team_id == TEAM and got.kind == "file"
    row = stored(session_factory, earlier)
    assert row.status == JobStatus.RUNNING and row.locked_by == "host:123:0"
    assert row.locked_until == T0 + timedelta(seconds=10) + LEASE
    second = claim(session_factory, "w2", at=T0 + timedelta(seconds=10))
    assert second is not None and second.id == later
    assert claim(session_factory, "w3", at=T0 + timedelta(seconds=10)) is None


def test_racing_claimers_never_get_the_same_job(session_factory: sessionmaker[Session]) -> None:
    ids = queue(session_factory, 30)
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def claimer(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            while (
                got := claim(session_factory, f"w{n}", at=T0 + timedelta(seconds=1))
            ) is not None:
                with lock:
                    taken.append(got.id)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sorted(taken) == sorted(ids)  # each job exactly once


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_skip_locked_passes_over_a_job_another_claimer_holds_uncommitted(
    session_factory: sessionmaker[Session],
) -> None:
    """PostgreSQL: while one claimer's transaction holds the oldest job, a second claimer
    takes the next one at once instead of waiting (or taking the same one)."""
    first_id, second_id = queue(session_factory, 2)
    with session_factory() as holder, session_factory() as other:
        held = claim_next_job(holder, "w1", now=T0, lease=LEASE)  # not committed yet
        assert held is not None and held.id == first_id
        other.execute(text("SET LOCAL lock_timeout = '2s'"))
        got = claim_next_job(other, "w2", now=T0, lease=LEASE)
        assert got is not None and got.id == second_id
        assert claim_next_job(other, "w2", now=T0, lease=LEASE) is None
        holder.commit()
        other.commit()
    assert stored(session_factory, first_id).locked_by == "w1"
    assert stored(session_factory, second_id).locked_by == "w2"


def test_a_job_whose_worker_died_is_claimed_again_after_its_lease(
    session_factory: sessionmaker[Session],
) -> None:
    (job_id,) = queue(session_factory)
    assert claim(session_factory, "dead", at=T0) is not None
    assert claim(session_factory, "alive", at=T0 + LEASE - timedelta(seconds=1)) is None
    again = claim(session_factory, "alive", at=T0 + LEASE + timedelta(seconds=1))
    assert again is not None and again.id == job_id and again.attempts == 2
    with session_factory.begin() as s:  # the first worker comes back: it no longer holds it
        assert not extend_lease(s, job_id, "dead", until=T0 + 3 * LEASE)
        assert not finish_job(s, job_id, "dead", now=T0 + LEASE)
        assert finish_job(s, job_id, "alive", now=T0 + LEASE + timedelta(seconds=2))
    row = stored(session_factory, job_id)
    assert row.status == JobStatus.DONE and row.locked_by is None and row.finished_at is not None
    assert claim(session_factory, "late", at=T0 + 10 * LEASE) is None


def test_a_heartbeat_keeps_a_long_job(session_factory: sessionmaker[Session]) -> None:
    (job_id,) = queue(session_factory)
    assert claim(session_factory, "busy", at=T0) is not None
    with session_factory.begin() as s:
        assert extend_lease(s, job_id, "busy", until=T0 + 2 * LEASE)
    assert claim(session_factory, "other", at=T0 + LEASE + timedelta(seconds=1)) is None
    assert stored(session_factory, job_id).locked_until == T0 + 2 * LEASE


def test_backoff_doubles_up_to_its_cap() -> None:
    base, cap = timedelta(seconds=10), timedelta(seconds=60)
    delays = [backoff(n, base=base, cap=cap).total_seconds() for n in range(1, 7)]
    assert delays == [10, 20, 40, 60, 60, 60]
    assert backoff(1000, base=base, cap=cap) == cap


def test_a_retried_job_waits_for_its_backoff(session_factory: sessionmaker[Session]) -> None:
    (job_id,) = queue(session_factory)
    assert claim(session_factory, "w1", at=T0) is not None
    due = T0 + timedelta(seconds=20)
    with session_factory.begin() as s:
        assert retry_job(s, job_id, "w1", error="Slack API error (HTTP 500)", run_after=due)
    row = stored(session_factory, job_id)
    assert row.status == JobStatus.QUEUED and row.last_error == "Slack API error (HTTP 500)"
    assert claim(session_factory, "w2", at=due - timedelta(seconds=1)) is None
    again = claim(session_factory, "w2", at=due)
    assert again is not None and again.attempts == 2


def test_a_parked_job_is_kept_with_its_error_and_its_sender_told_once(
    session_factory: sessionmaker[Session],
) -> None:
    (job_id,) = queue(session_factory)
    assert claim(session_factory, "w1", at=T0) is not None
    with session_factory.begin() as s:
        assert park_job(s, job_id, "w1", error="ValueError: boom", now=T0)
        assert claim_telling_sender(s, job_id)
        assert not claim_telling_sender(s, job_id)
    with session_factory.begin() as s:
        assert not claim_telling_sender(s, job_id)
    row = stored(session_factory, job_id)
    assert (
        row.status == JobStatus.PARKED and row.sender_told and row.last_error == "ValueError: boom"
    )
    assert claim(session_factory, "w2", at=T0 + 100 * LEASE) is None
    with session_factory() as s:
        assert count_unfinished_jobs(s) == 0


def test_a_released_job_is_due_at_once_and_its_attempt_does_not_count(
    session_factory: sessionmaker[Session],
) -> None:
    (job_id,) = queue(session_factory)
    assert claim(session_factory, "stopping", at=T0) is not None
    with session_factory.begin() as s:
        assert not release_job(s, job_id, "someone-else", now=T0)
        assert release_job(s, job_id, "stopping", now=T0 + timedelta(seconds=1))
    again = claim(session_factory, "next", at=T0 + timedelta(seconds=1))
    assert again is not None and again.attempts == 1


def test_only_the_holder_finishes_retries_or_parks(session_factory: sessionmaker[Session]) -> None:
    (job_id,) = queue(session_factory)
    assert claim(session_factory, "holder", at=T0) is not None
    with session_factory.begin() as s:
        assert not finish_job(s, job_id, "intruder", now=T0)
        assert not retry_job(s, job_id, "intruder", error="x", run_after=T0)
        assert not park_job(s, job_id, "intruder", error="x", now=T0)
    with session_factory() as s:
        statuses = s.scalars(select(Job.status)).all()
    assert statuses == [JobStatus.RUNNING]
