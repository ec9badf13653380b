"""The worker pool over the jobs table, with plain runners (no Slack): stopping hands back
unfinished work, a job whose worker died on every attempt is parked, leases are kept alive."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.durable import DurableQueue, WorkConfig, Worker, worker_name
from bot.jobs import Job, JobKind, ReplyTo
from store.models import Job as JobRow
from store.models import JobStatus

TEAM = "T0001"
QUICK = WorkConfig(
    lease=timedelta(seconds=0.6),
    poll_seconds=0.05,
    max_attempts=3,
    retry_base=timedelta(seconds=0.01),
    retry_cap=timedelta(seconds=0.05),
    stop_seconds=5,
)


def rows(sessions: sessionmaker[Session]) -> list[JobRow]:
    with sessions() as s:
        return list(s.scalars(select(JobRow).order_by(JobRow.id)))


def test_jobs_run_with_their_payload_and_reply_to(session_factory: sessionmaker[Session]) -> None:
    seen: list[Job] = []
    worker = Worker(threads=2)
    queue = DurableQueue(session_factory)
    worker.start(session_factory, lambda job: seen.append(job), lambda job: None, QUICK)
    queue.on_enqueue(worker.wake)
    try:
        reply = ReplyTo(channel="C1", thread_ts="1.2", user="U1")
        assert queue.enqueue(TEAM, JobKind.HISTORY, {"name": "Jane"}, reply_to=reply)
        assert worker.wait_idle(30)
    finally:
        worker.stop(grace=1)
    (job,) = seen
    assert job.payload == {"name": "Jane"} and job.reply_to == reply and job.attempt == 1
    (row,) = rows(session_factory)
    assert row.status == JobStatus.DONE


def test_stopping_hands_back_the_job_under_way(session_factory: sessionmaker[Session]) -> None:
    started, release = threading.Event(), threading.Event()

    def slow(job: Job) -> None:
        started.set()
        release.wait(30)

    worker = Worker(threads=1)
    worker.start(session_factory, slow, lambda job: None, QUICK)
    DurableQueue(session_factory).enqueue(TEAM, JobKind.FILE, {}, reply_to=ReplyTo())
    try:
        assert started.wait(30)
        (row,) = rows(session_factory)
        assert row.status == JobStatus.RUNNING
        assert row.locked_by is not None and row.locked_by.startswith(worker_name(0)[:-1])
        worker.stop(grace=0.2)
        (row,) = rows(session_factory)
        assert row.status == JobStatus.QUEUED and row.attempts == 0 and row.locked_by is None
    finally:
        release.set()


def test_a_long_job_keeps_its_lease(session_factory: sessionmaker[Session]) -> None:
    """The job runs for three leases; the heartbeat keeps it, so nobody else claims it."""
    runs: list[int] = []

    def long(job: Job) -> None:
        runs.append(job.attempt)
        threading.Event().wait(QUICK.lease.total_seconds() * 3)

    worker = Worker(threads=2)
    worker.start(session_factory, long, lambda job: None, QUICK)
    DurableQueue(session_factory).enqueue(TEAM, JobKind.FILE, {}, reply_to=ReplyTo())
    try:
        assert worker.wait_idle(30)
    finally:
        worker.stop(grace=1)
    assert runs == [1]
    (row,) = rows(session_factory)
    assert row.status == JobStatus.DONE


def test_a_job_whose_worker_died_every_time_is_parked_and_told(
    session_factory: sessionmaker[Session],
) -> None:
    ran: list[Job] = []
    told: list[Job] = []
    DurableQueue(session_factory).enqueue(TEAM, JobKind.FILE, {}, reply_to=ReplyTo(channel="C"))
    with session_factory.begin() as s:  # three workers took it and died under it
        s.execute(update(JobRow).values(attempts=QUICK.max_attempts))
    worker = Worker(threads=1)
    worker.start(session_factory, lambda job: ran.append(job), lambda job: told.append(job), QUICK)
    try:
        assert worker.wait_idle(30)
    finally:
        worker.stop(grace=1)
    assert ran == []
    assert [job.reply_to.channel for job in told] == ["C"]
    (row,) = rows(session_factory)
    assert row.status == JobStatus.PARKED and row.sender_told
    assert row.last_error is not None and "worker stopped" in row.last_error


def test_a_job_of_an_unknown_kind_is_parked_not_retried_forever(
    session_factory: sessionmaker[Session],
) -> None:
    """A job queued by a newer version (a kind this one lacks) is parked with the reason."""
    from store.jobs import enqueue_job

    with session_factory.begin() as s:
        enqueue_job(s, TEAM, "from_the_future", {"data": {}}, now=datetime.now(UTC))
    ran: list[Job] = []
    worker = Worker(threads=1)
    worker.start(session_factory, lambda job: ran.append(job), lambda job: None, QUICK)
    try:
        assert worker.wait_idle(30)
    finally:
        worker.stop(grace=1)
    assert ran == []
    (row,) = rows(session_factory)
    assert row.status == JobStatus.PARKED
    assert row.last_error is not None and "from_the_future" in row.last_error


def test_a_periodic_task_runs_while_the_worker_runs_and_stops_with_it(
    session_factory: sessionmaker[Session],
) -> None:
    """`Worker.every` (the outbox's sweep): repeated, a failure logged and not fatal, and
    nothing more once the worker stops."""
    runs: list[float] = []
    ran_twice = threading.Event()

    def task() -> None:
        runs.append(1.0)
        if len(runs) >= 2:
            ran_twice.set()
        if len(runs) == 1:
            raise RuntimeError("the database blinked")

    worker = Worker(threads=1)
    worker.every("test-sweep", 0.05, task)
    worker.start(session_factory, lambda job: None, lambda job: None, QUICK)
    try:
        assert ran_twice.wait(10)
    finally:
        worker.stop(grace=1)
    stopped_at = len(runs)
    threading.Event().wait(0.3)
    assert len(runs) == stopped_at
