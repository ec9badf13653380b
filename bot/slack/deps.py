"""What every Slack listener and job handler needs, built once per process.

`Worker` (the threads running durable jobs) lives in `bot.durable`; it is re-exported here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk import WebClient
from spacy.language import Language
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.durable import Worker
from bot.jobs import Job, JobQueue
from bot.nlp.model import JudgingModels

logger = logging.getLogger(__name__)

__all__ = ["Deps", "JobHandler", "Worker", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    """The app's collaborators, passed to every module's `register(app, deps)`."""

    settings: Settings
    nlp: Language
    sessions: sessionmaker[Session]
    jobs: JobQueue
    clock: Callable[[], datetime] = field(default=utc_now)
    judging: JudgingModels | None = None


# runs one job; raises to report failure (the runner tells the sender)
JobHandler = Callable[[Deps, WebClient, Job], None]
