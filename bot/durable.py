"""Durable work: every acked request is a `jobs` row; worker threads claim and run them.

`DurableQueue.enqueue` stores the job in its own short transaction before the listener
returns, so a restart or a crash loses nothing that was acked. `Worker` is a pool of threads
in one process that claims due jobs (`store.jobs`), keeps their leases alive while they run,
and records the outcome: done, retried after a backoff, or parked after the last attempt (the
sender is then told once). Several processes may run workers on one PostgreSQL database.

Nothing here knows Slack: the runner is given as a function returning None (finished) or
the error to retry with (`bot.slack.work.attempt_job`).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.jobs import Job, JobKind, ReplyTo
from store.db import read_session
from store.jobs import (
    ClaimedJob,
    backoff,
    claim_next_job,
    claim_telling_sender,
    count_unfinished_jobs,
    enqueue_job,
    extend_lease,
    finish_job,
    park_job,
    release_job,
    retry_job,
)

logger = logging.getLogger(__name__)

DEFAULT_THREADS = 2
IDLE_CHECK_SECONDS = 0.02
SLOW_ENQUEUE_SECONDS = 1.0
MAX_ERROR_CHARS = 2000

# runs a job: None when it is finished (a user mistake already told counts), else the error
JobRunner = Callable[[Job], str | None]
# tells the sender of a parked job, once, in plain words
GiveUp = Callable[[Job], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stored_payload(payload: dict[str, Any], reply_to: ReplyTo) -> dict[str, Any]:
    """The row's JSON: the handler's payload and where to tell the sender (a JSON copy)."""
    data = json.loads(json.dumps(payload))
    return {"data": data, "reply_to": reply_to.to_json()}


def job_of(claimed: ClaimedJob) -> Job:
    """The job as a handler sees it."""
    return Job(
        team_id=claimed.team_id,
        kind=JobKind(claimed.kind),
        payload=dict(claimed.payload.get("data") or {}),
        reply_to=ReplyTo.from_json(claimed.payload.get("reply_to")),
        id=claimed.id,
        attempt=claimed.attempts,
    )


class DurableQueue:
    """The `JobQueue` of every process: a job is a row, committed before `enqueue` returns."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self._wake: list[Callable[[], None]] = []

    def on_enqueue(self, wake: Callable[[], None]) -> None:
        """Call `wake` after each new job (this process's workers start it without polling)."""
        self._wake.append(wake)

    def enqueue(
        self,
        team_id: str,
        kind: JobKind,
        payload: dict[str, Any],
        *,
        reply_to: ReplyTo,
        dedupe_key: str | None = None,
    ) -> bool:
        row = stored_payload(payload, reply_to)
        started = time.monotonic()
        with self.sessions.begin() as session:
            job_id = enqueue_job(
                session, team_id, str(kind), row, now=self.clock(), dedupe_key=dedupe_key
            )
        waited = time.monotonic() - started
        if waited > SLOW_ENQUEUE_SECONDS:  # Slack wants the ack within 3 s
            logger.warning(
                "queuing a %s job took %.1f s (on SQLite it waits for any write under way)",
                kind,
                waited,
            )
        if job_id is None:
            logger.info("skipping %s: already queued (a retried delivery)", dedupe_key)
            return False
        for wake in self._wake:
            wake()
        return True


@dataclass(frozen=True)
class WorkConfig:
    """How workers claim, hold, retry and give up on jobs (from Settings)."""

    lease: timedelta = timedelta(seconds=60)
    poll_seconds: float = 1.0
    max_attempts: int = 5
    retry_base: timedelta = timedelta(seconds=10)
    retry_cap: timedelta = timedelta(seconds=600)
    stop_seconds: float = 20.0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkConfig:
        return cls(
            lease=timedelta(seconds=settings.job_lease_seconds),
            poll_seconds=settings.worker_poll_seconds,
            max_attempts=settings.job_max_attempts,
            retry_base=timedelta(seconds=settings.job_retry_seconds),
            retry_cap=timedelta(seconds=settings.job_retry_max_seconds),
            stop_seconds=settings.worker_stop_seconds,
        )


def worker_name(index: int) -> str:
    """`host:pid:thread`: which process holds a job (`jobs.locked_by`)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{index}"


def short_error(error: str) -> str:
    return error if len(error) <= MAX_ERROR_CHARS else error[: MAX_ERROR_CHARS - 1] + "…"


class Worker:
    """Threads of one process claiming and running durable jobs until stopped."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        self.threads = threads
        self.config = WorkConfig()
        self._sessions: sessionmaker[Session] | None = None
        self._run: JobRunner = lambda job: None
        self._give_up: GiveUp = lambda job: None
        self._clock: Callable[[], datetime] = utc_now
        self._stopping = threading.Event()
        self._changed = threading.Condition()
        self._generation = 0  # bumped by `wake`, so a wake-up between polls is not lost
        self._running: dict[int, str] = {}  # job id → the thread's worker name
        self._recording: set[int] = set()  # jobs whose outcome is being written
        self._threads: list[threading.Thread] = []
        self._periodic: list[tuple[str, float, Callable[[], object]]] = []
        self._repeating: list[threading.Thread] = []

    def every(self, name: str, seconds: float, task: Callable[[], object]) -> None:
        """Also run `task` every `seconds` while the worker runs (first after `seconds`), on
        a thread of its own that stops with the worker; call before `start`."""
        self._periodic.append((name, seconds, task))

    def start(
        self,
        sessions: sessionmaker[Session],
        run: JobRunner,
        give_up: GiveUp,
        config: WorkConfig,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sessions, self._run, self._give_up = sessions, run, give_up
        self.config, self._clock = config, clock
        for index in range(self.threads):
            thread = threading.Thread(
                target=self._loop, args=(worker_name(index),), name=f"onrecord-job-{index}"
            )
            thread.daemon = True
            thread.start()
            self._threads.append(thread)
        beat = threading.Thread(target=self._heartbeat, name="onrecord-lease", daemon=True)
        beat.start()
        self._threads.append(beat)
        for name, seconds, task in self._periodic:
            thread = threading.Thread(
                target=self._repeat, args=(name, seconds, task), name=name, daemon=True
            )
            thread.start()
            self._threads.append(thread)
            self._repeating.append(thread)

    def _repeat(self, name: str, seconds: float, task: Callable[[], object]) -> None:
        while not self._stopping.wait(seconds):
            try:
                task()
            except Exception:
                logger.exception("%s failed (it runs again in %.0f s)", name, seconds)

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise RuntimeError("the worker was not started")
        return self._sessions

    def wake(self) -> None:
        with self._changed:
            self._generation += 1
            self._changed.notify_all()

    # ------------------------------------------------------------------ the claiming loop

    def _loop(self, name: str) -> None:
        while not self._stopping.is_set():
            with self._changed:
                generation = self._generation
            claimed = self._claim(name)
            if claimed is None:
                self._nap(generation)
                continue
            try:
                self._work_on(claimed, name)
            except Exception:  # the outcome could not be written: the lease will run out
                logger.exception("job %d: its outcome could not be recorded", claimed.id)
            finally:
                with self._changed:
                    self._running.pop(claimed.id, None)
                    self._recording.discard(claimed.id)
                    self._changed.notify_all()

    def _nap(self, generation: int) -> None:
        """Sleep until a job is queued here, the worker stops, or it is time to poll."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._generation != generation or self._stopping.is_set(),
                self.config.poll_seconds,
            )

    def _claim(self, name: str) -> ClaimedJob | None:
        if self._stopping.is_set():
            return None
        try:
            with self.sessions.begin() as session:
                claimed = claim_next_job(session, name, now=self._clock(), lease=self.config.lease)
            if claimed is not None:
                with self._changed:
                    self._running[claimed.id] = name
            return claimed
        except Exception:
            logger.exception("could not claim a job (the database may be unreachable)")
            self._stopping.wait(self.config.poll_seconds)
            return None

    def _work_on(self, claimed: ClaimedJob, name: str) -> None:
        try:
            job = job_of(claimed)
        except (ValueError, TypeError, AttributeError) as exc:  # a kind this version lacks
            logger.error("job %d (%s) cannot be read: %s", claimed.id, claimed.kind, exc)
            reason, now = f"cannot be read: {exc}", self._clock()
            with self.sessions.begin() as session:
                park_job(session, claimed.id, name, error=reason, now=now)
            return
        if claimed.attempts > self.config.max_attempts:
            # its worker died on every attempt (the lease ran out each time)
            self._record(job, name, "its worker stopped before finishing, on every attempt")
            return
        logger.info("job %d (%s) attempt %d by %s", job.id, job.kind, job.attempt, name)
        try:
            error = self._run(job)
        except Exception as exc:  # the runner reports failures; this is a last resort
            logger.exception("job %d (%s) failed", claimed.id, claimed.kind)
            error = f"{type(exc).__name__}: {exc}"
        self._record(job, name, error)

    def _record(self, job: Job, name: str, error: str | None) -> None:
        """Finish, retry or park the job; a parked job's sender is told once."""
        assert job.id is not None
        with self._changed:
            self._recording.add(job.id)
        now = self._clock()
        tell = False
        with self.sessions.begin() as session:
            if error is None:
                held = finish_job(session, job.id, name, now=now)
            elif job.attempt < self.config.max_attempts:
                delay = backoff(job.attempt, base=self.config.retry_base, cap=self.config.retry_cap)
                held = retry_job(
                    session, job.id, name, error=short_error(error), run_after=now + delay
                )
                logger.info("job %d will be retried in %s", job.id, delay)
            else:
                held = park_job(session, job.id, name, error=short_error(error), now=now)
                tell = held and claim_telling_sender(session, job.id)
                logger.error("job %d (%s) parked: %s", job.id, job.kind, error)
        if not held:
            logger.warning("job %d was no longer held by %s (its lease ran out)", job.id, name)
        if tell:
            self._give_up(job)

    # ------------------------------------------------------------------ leases, stopping

    def _heartbeat(self) -> None:
        """Extend the lease of every job this process runs, three times per lease."""
        interval = max(self.config.lease.total_seconds() / 3, 0.05)
        while not self._stopping.wait(interval):
            with self._changed:
                running = {i: n for i, n in self._running.items() if i not in self._recording}
            if not running:
                continue
            until = self._clock() + self.config.lease
            try:
                with self.sessions.begin() as session:
                    lost = [
                        job_id
                        for job_id, name in running.items()
                        if not extend_lease(session, job_id, name, until=until)
                    ]
                with self._changed:
                    lost = [i for i in lost if i in self._running and i not in self._recording]
                for job_id in lost:  # its lease ran out and another worker claimed it
                    logger.warning("lost the lease of job %d", job_id)
            except Exception:
                logger.exception("could not extend the job leases")

    def busy(self) -> int:
        with self._changed:
            return len(self._running)

    def wait_idle(self, timeout: float) -> bool:
        """Block until no job is queued or running anywhere and this process runs none;
        False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            # the table first: a job parked between the two reads is still in `_running`
            # while its sender is told; read the other way round, idle could be seen too soon
            if self._unfinished() == 0 and self.busy() == 0:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(IDLE_CHECK_SECONDS)

    def _unfinished(self) -> int:
        with read_session(self.sessions) as session:
            return count_unfinished_jobs(session)

    def stop(self, grace: float | None = None) -> None:
        """Stop claiming; wait up to `grace` seconds for the jobs under way, then hand the
        rest back to the queue (another worker takes them at once)."""
        self._stopping.set()
        self.wake()
        wait = self.config.stop_seconds if grace is None else grace
        for thread in self._repeating:  # a periodic task under way ends first
            thread.join(wait)
        with self._changed:
            self._changed.wait_for(lambda: not self._running, wait)
            left = dict(self._running)
        if left and self._sessions is not None:
            with self.sessions.begin() as session:
                for job_id, name in left.items():
                    if release_job(session, job_id, name, now=self._clock()):
                        logger.info("job %d handed back unfinished", job_id)

    def shutdown(self) -> None:
        self.stop()
