"""How long does filing a long article hold SQLite's write lock? Run by hand, never in CI.

    .venv/bin/python benchmarks/sqlite_write_lock.py [--history 300] [--statements 24] [--rounds 2]

Files `--history` earlier statements by one official (with embeddings) in a temporary SQLite
database, then files long articles of `--statements` statements by the same official with
the shipped embedder and scorer, two ways, alternating, in the same run:

  main: `ingest` in one write transaction (how main files: the lock is taken at the
        duplicate check and held while every statement is judged);
  now:  `ingest_in`: read and judge in a read session (`prepare`), then file in a short
        write transaction (`file_prepared`), as the Slack filing and the CLI now do.

Meanwhile a second thread queues a durable job (`DurableQueue.enqueue`, what every Slack
request does before its ack) every 50 ms and times each. Prints, per way: the filing's time,
how long its write transaction held the lock (BEGIN IMMEDIATE to COMMIT), and the queued
jobs' waits (max, p50); then main's figures over the new ones.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spacy.language import Language
from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import Article
from bot.durable import DurableQueue
from bot.jobs import JobKind, ReplyTo
from bot.nlp.model import JudgingModels, load_judging_models, load_nlp
from bot.pipeline import IngestContext, IngestResult, ingest, ingest_in
from store.db import (
    READ_ONLY_OPTION,
    make_engine,
    make_session_factory,
    upgrade_to_head,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_judging import OFFICIAL, TEAM, article_text, fill_history, statement

PROBE_EVERY = 0.05


@dataclass
class Figures:
    """What one way of filing measured, over the rounds."""

    filing: list[float] = field(default_factory=list)
    lock_held: list[float] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    flags: list[int] = field(default_factory=list)


class WriteSpans:
    """Each writing transaction's span (lock taken to commit), by thread."""

    def __init__(self, engine: Engine) -> None:
        self.began: dict[int, float] = {}
        self.spans: dict[int, list[float]] = {}
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._commit)

    def _begin(self, conn: Connection) -> None:
        if not conn.get_execution_options().get(READ_ONLY_OPTION, False):
            self.began[threading.get_ident()] = time.perf_counter()

    def _commit(self, conn: Connection) -> None:
        began = self.began.pop(threading.get_ident(), None)
        if began is not None:
            self.spans.setdefault(threading.get_ident(), []).append(time.perf_counter() - began)


def one_transaction(
    sessions: sessionmaker[Session], article: Article, context: Callable[[Session], IngestContext]
) -> IngestResult:
    """Main's way: everything in the write transaction."""
    with sessions.begin() as session:
        return ingest(article, context(session))


def measure(
    sessions: sessionmaker[Session],
    spans: WriteSpans,
    file: Callable[[], IngestResult],
    figures: Figures,
) -> None:
    """File one article in a thread while jobs are queued one after another."""
    done = threading.Event()
    result: list[IngestResult] = []
    timing: list[float] = []

    def run() -> None:
        started = time.perf_counter()
        result.append(file())
        timing.append(time.perf_counter() - started)
        done.set()

    spans.spans.clear()  # thread ids are reused: keep only this filing's transactions
    thread = threading.Thread(target=run)
    thread.start()
    queue = DurableQueue(sessions)
    while not done.is_set():
        started = time.perf_counter()
        queue.enqueue(TEAM, JobKind.HISTORY, {"name": OFFICIAL}, reply_to=ReplyTo())
        figures.waits.append(time.perf_counter() - started)
        time.sleep(PROBE_EVERY)
    thread.join()
    figures.filing.append(timing[0])
    figures.lock_held.append(sum(spans.spans.get(thread.ident or 0, [])))
    figures.flags.append(len(result[0].contradictions))


def report(name: str, figures: Figures) -> None:
    print(
        f"{name}: filing {statistics.median(figures.filing):.2f} s, "
        f"write lock held {statistics.median(figures.lock_held) * 1000:.0f} ms "
        f"(max {max(figures.lock_held) * 1000:.0f} ms), "
        f"queued job waited max {max(figures.waits) * 1000:.0f} ms, "
        f"p50 {statistics.median(figures.waits) * 1000:.1f} ms "
        f"({len(figures.waits)} jobs), flags {figures.flags}"
    )


def run_rounds(
    sessions: sessionmaker[Session],
    engine: Engine,
    args: argparse.Namespace,
    models: tuple[Language, JudgingModels],
) -> tuple[Figures, Figures]:
    nlp, judging = models
    spans = WriteSpans(engine)
    rng = random.Random(7)
    before, now = Figures(), Figures()

    def context(session: Session) -> IngestContext:
        return IngestContext(session, nlp, TEAM, scorer=judging.scorer, embedder=judging.embedder)

    for n in range(args.rounds):
        for way in ("main", "now"):
            sentences = [statement(rng) for _ in range(args.statements)]
            number = 20_000 + 2 * n + (way == "now")
            article = Article("", "", None, article_text(number, date(2026, 6, 1), sentences), None)
            how = one_transaction if way == "main" else ingest_in
            file = functools.partial(how, sessions, article, context)
            measure(sessions, spans, file, before if way == "main" else now)
    return before, now


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--history", type=int, default=300)
    parser.add_argument("--statements", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    nlp = load_nlp("en_core_web_sm")
    judging: JudgingModels = load_judging_models()
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite'}"
        upgrade_to_head(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        fill_history(sessions, nlp, args.history, random.Random(11))
        print(f"history: ~{args.history} statements of {OFFICIAL}; {args.rounds} rounds")
        print(f"long articles: {args.statements} statements each, embedder + scorer")
        main_way, new_way = run_rounds(sessions, engine, args, (nlp, judging))
        engine.dispose()
    report("main (one write transaction)", main_way)
    report("now  (prepare, then file)   ", new_way)
    held = statistics.median(main_way.lock_held) / statistics.median(new_way.lock_held)
    waited = max(main_way.waits) / max(new_way.waits)
    print(f"main / now: write lock held x{held:.1f}, longest queued-job wait x{waited:.1f}")


if __name__ == "__main__":
    main()
