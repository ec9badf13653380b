"""Durable jobs: queued before the request is answered, claimed by one worker at a time.

A job row is written in its own short transaction when a request is acked, so a restart
loses nothing that was acked. Workers claim the next due job (PostgreSQL: ``SELECT … FOR
UPDATE SKIP LOCKED``, so two claimers never wait on or take the same row; SQLite: the
claiming ``UPDATE`` only succeeds while the row is still claimable), holding it for a lease
they extend while the job runs. A job whose worker died keeps ``status = running`` with a
lease in the past, and is claimable again. Failures are retried after a backoff that doubles
up to a cap; after the last attempt the job is parked with its error.

Session first; the caller owns the transaction. Workers serve every workspace, so claiming
looks across teams; everything that touches one job names it by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from store.inserts import dialect_name, insert_or_get
from store.models import Job, JobStatus

# how many due rows a SQLite claimer tries before giving up for this poll
_SQLITE_CLAIM_TRIES = 5
_LOCKED_BY_LENGTH = 100


@dataclass(frozen=True)
class ClaimedJob:
    """A job a worker now holds: what to run, and the attempt this is (1 for the first)."""

    id: int
    team_id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    locked_by: str
    locked_until: datetime


def enqueue_job(
    session: Session,
    team_id: str,
    kind: str,
    payload: dict[str, Any],
    *,
    now: datetime,
    dedupe_key: str | None = None,
) -> int | None:
    """Store a queued job, due at once; its id, or None if ``dedupe_key`` was already queued
    for the workspace (a retried delivery: the first one's job stands)."""
    if dedupe_key is not None and _job_with_key(session, team_id, dedupe_key) is not None:
        return None
    row, created = insert_or_get(
        session,
        Job(
            team_id=team_id,
            kind=kind,
            payload=payload,
            status=JobStatus.QUEUED,
            dedupe_key=dedupe_key,
            attempts=0,
            run_after=now,
            created_at=now,
        ),
        lambda: _job_with_key(session, team_id, dedupe_key) if dedupe_key else None,
    )
    return row.id if created else None


def _job_with_key(session: Session, team_id: str, dedupe_key: str) -> Job | None:
    return session.scalars(
        select(Job).where(Job.team_id == team_id, Job.dedupe_key == dedupe_key)
    ).first()


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Queued and due, or running under a lease that has run out (its worker died)."""
    return or_(
        and_(Job.status == JobStatus.QUEUED, Job.run_after <= now),
        and_(Job.status == JobStatus.RUNNING, Job.locked_until < now),
    )


def claim_next_job(
    session: Session, worker_id: str, *, now: datetime, lease: timedelta
) -> ClaimedJob | None:
    """Take the oldest due job for ``worker_id`` until ``now + lease``; None if none is due.

    The claim is this transaction's: commit it at once, before running the job.
    """
    locked_by = worker_id[:_LOCKED_BY_LENGTH]
    due = select(Job.id).where(_claimable(now)).order_by(Job.run_after, Job.id)
    postgres = dialect_name(session) == "postgresql"
    tries = 1 if postgres else _SQLITE_CLAIM_TRIES
    for _ in range(tries):
        query = due.limit(1).with_for_update(skip_locked=True) if postgres else due.limit(1)
        job_id = session.scalars(query).first()
        if job_id is None:
            return None
        claimed = _mark_claimed(session, job_id, locked_by, now, now + lease)
        if claimed is not None:
            return claimed
    return None


def _mark_claimed(
    session: Session, job_id: int, locked_by: str, now: datetime, until: datetime
) -> ClaimedJob | None:
    """The conditional UPDATE: it changes the row only while it is still claimable."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, _claimable(now))
        .values(
            status=JobStatus.RUNNING,
            attempts=Job.attempts + 1,
            locked_by=locked_by,
            locked_until=until,
        )
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        return None
    row = session.execute(
        select(Job.team_id, Job.kind, Job.payload, Job.attempts).where(Job.id == job_id)
    ).one()
    return ClaimedJob(
        id=job_id,
        team_id=row.team_id,
        kind=row.kind,
        payload=dict(row.payload or {}),
        attempts=row.attempts,
        locked_by=locked_by,
        locked_until=until,
    )


def _rowcount(result: object) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0


def _held(job_id: int, worker_id: str) -> ColumnElement[bool]:
    return and_(
        Job.id == job_id,
        Job.status == JobStatus.RUNNING,
        Job.locked_by == worker_id[:_LOCKED_BY_LENGTH],
    )


def _update_held(session: Session, job_id: int, worker_id: str, **values: Any) -> bool:
    result = session.execute(
        update(Job)
        .where(_held(job_id, worker_id))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def extend_lease(session: Session, job_id: int, worker_id: str, *, until: datetime) -> bool:
    """Keep holding a long job (a heartbeat); False if the worker lost it (lease ran out
    and another worker claimed it, or it was released)."""
    return _update_held(session, job_id, worker_id, locked_until=until)


def finish_job(session: Session, job_id: int, worker_id: str, *, now: datetime) -> bool:
    """The job is done; False if this worker no longer held it."""
    return _update_held(
        session,
        job_id,
        worker_id,
        status=JobStatus.DONE,
        finished_at=now,
        locked_by=None,
        locked_until=None,
    )


def backoff(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """How long to wait after failed attempt number ``attempts``: base, 2×base, 4×base, …,
    never more than ``cap``."""
    exponent = max(0, min(attempts - 1, 30))
    delay: timedelta = base * (2**exponent)
    return min(delay, cap)


def retry_job(
    session: Session, job_id: int, worker_id: str, *, error: str, run_after: datetime
) -> bool:
    """Queue the job again, due at ``run_after``, keeping the error; False if not held."""
    return _update_held(
        session,
        job_id,
        worker_id,
        status=JobStatus.QUEUED,
        run_after=run_after,
        last_error=error,
        locked_by=None,
        locked_until=None,
    )


def park_job(session: Session, job_id: int, worker_id: str, *, error: str, now: datetime) -> bool:
    """Give up on the job (failed too often), keeping the error; False if not held."""
    return _update_held(
        session,
        job_id,
        worker_id,
        status=JobStatus.PARKED,
        last_error=error,
        finished_at=now,
        locked_by=None,
        locked_until=None,
    )


def release_job(session: Session, job_id: int, worker_id: str, *, now: datetime) -> bool:
    """Hand the job back unfinished (the worker is stopping): due at once, and the attempt
    it was on does not count. False if not held."""
    return _update_held(
        session,
        job_id,
        worker_id,
        status=JobStatus.QUEUED,
        run_after=now,
        attempts=func.max(Job.attempts - 1, 0)
        if dialect_name(session) == "sqlite"
        else func.greatest(Job.attempts - 1, 0),
        locked_by=None,
        locked_until=None,
    )


def claim_telling_sender(session: Session, job_id: int) -> bool:
    """True exactly once per job: the caller then tells the sender it failed."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.sender_told.is_(False))
        .values(sender_told=True)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def count_unfinished_jobs(session: Session) -> int:
    """Jobs queued or running, in every workspace (is there work left anywhere?)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
        )
        or 0
    )


def job_by_id(session: Session, team_id: str, job_id: int) -> Job | None:
    """One job of the workspace, as stored."""
    return session.scalars(select(Job).where(Job.team_id == team_id, Job.id == job_id)).first()
