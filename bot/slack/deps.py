"""What every Slack listener needs, built once by `build_app`, and the background worker."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk import WebClient
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.jobs import Job, JobQueue
from bot.nlp.model import JudgingModels

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = 2


def utc_now() -> datetime:
    return datetime.now(UTC)


class Worker:
    """Runs slow jobs (fetch, NLP, SQL, replies) off the request thread; can wait until idle.

    A job that raises is logged with its traceback; jobs are expected to reply to the user
    themselves (see `bot.slack.work.run_job`).
    """

    def __init__(self, max_workers: int = DEFAULT_WORKERS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="onrecord")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, job: Callable[[], None]) -> None:
        with self._idle:
            self._pending += 1
        self._pool.submit(self._run, job)

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception:
            logger.exception("background job failed")
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Block until every submitted job has finished; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


@dataclass(frozen=True)
class Deps:
    """The app's collaborators, passed to every module's `register(app, deps)`."""

    settings: Settings
    nlp: Language
    sessions: sessionmaker[Session]
    worker: Worker
    jobs: JobQueue
    clock: Callable[[], datetime] = field(default=utc_now)
    judging: JudgingModels | None = None


# runs one job; raises to report failure (the runner tells the sender)
JobHandler = Callable[[Deps, WebClient, Job], None]
