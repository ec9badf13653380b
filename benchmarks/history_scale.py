"""How storing an article and the earlier-claims lookup scale with the size of the history.

Seeds synthetic histories of 10 thousand, 100 thousand and 1 million claims (bulk Core
inserts), then measures, median of repeated runs:

  (a) store: file one typical article in one transaction: the article, 4 speakers resolved
      (a known man by his surname only, two known people by full name, one new person),
      15 claims with 2 topics each;
  (b) lookup: ``earlier_claim_candidates`` for the most quoted person (the one with the
      longest history: ~10% of all claims) on 3 common topics, limit 200.

on SQLite and on PostgreSQL, and prints the 1M / 10k ratio of both (target <= 1.5x).
All sizes are seeded first and then measured in interleaved rounds (10k, 100k, 1M, 10k,
...), so that other load on the machine falls on every size alike.

    .venv/bin/python benchmarks/history_scale.py [--sizes 10000,100000,1000000]
    ./scripts/with_postgres.sh .venv/bin/python benchmarks/history_scale.py
    .venv/bin/python benchmarks/history_scale.py --postgres postgresql://user@host/db

PostgreSQL runs when --postgres or ONRECORD_TEST_POSTGRES_URL gives a server (a database
is created per size and dropped afterwards); otherwise it is skipped with a message.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Connection, Engine, create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.articles import text_hash
from bot.claim_rows import claim_record
from bot.nlp.types import Claim
from bot.people import resolve_person
from store.articles import add_article_if_new
from store.claims import add_claim, earlier_claim_candidates
from store.db import (
    make_engine,
    make_session_factory,
    normalize_url,
    upgrade_to_head,
)
from store.models import ClaimRow, Person

TEAM = "TBENCH"
CLAIMS_PER_ARTICLE = 15
CLAIMS_PER_PERSON = 100  # people = claims / 100 (at least 50)
TOPICS = 400
BATCH = 20_000
START = date(2019, 1, 1)
SPAN_DAYS = 5 * 365


@dataclass
class Result:
    backend: str
    claims: int
    people: int
    top_person_claims: int
    seed_seconds: float
    store_ms: float
    lookup_ms: float


# --------------------------------------------------------------------------- seeding


def _person_name(i: int) -> tuple[str, str]:
    return f"Given{i} Surname{i}", f"Surname{i}"


def _topic(i: int) -> str:
    return f"topic{i:03d}"


TOPIC_NAMES = [_topic(i) for i in range(TOPICS)]


def _zipf_cum_weights(n: int, s: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class _Bulk:
    """executemany of plain tuples straight to the driver (no per-row ORM or type work)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"

    def value(self, v: Any) -> Any:
        if not self.sqlite:
            return v
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, datetime):  # as SQLAlchemy's SQLite DATETIME stores it (UTC, naive)
            return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, date):
            return v.isoformat()
        return v

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        if self.sqlite:
            self.conn.exec_driver_sql(sql, [tuple(self.value(v) for v in row) for row in rows])
            return
        self.conn.exec_driver_sql(sql.replace("?", "%s"), list(rows))


def seed(engine: Engine, claims: int, rng: random.Random) -> tuple[int, int]:
    """Insert ``claims`` claims (with people, aliases, articles, topics); (people, top count)."""
    people = max(50, claims // CLAIMS_PER_PERSON)
    articles = max(1, claims // CLAIMS_PER_ARTICLE)
    now = datetime.now(UTC)
    person_weights = _zipf_cum_weights(people, 1.0)
    topic_weights = _zipf_cum_weights(TOPICS, 0.8)
    article_day = [START + timedelta(days=a * SPAN_DAYS // articles) for a in range(articles)]

    with engine.begin() as conn:
        bulk = _Bulk(conn)
        for lo in range(0, people, BATCH):
            rows: list[tuple[Any, ...]] = []
            aliases: list[tuple[Any, ...]] = []
            for i in range(lo, min(people, lo + BATCH)):
                full, surname = _person_name(i)
                rows.append((i + 1, TEAM, full, full.lower(), False, i % 3 == 0, now))
                aliases.append((i + 1, TEAM, full, full.lower()))
                aliases.append((i + 1, TEAM, surname, surname.lower()))
            bulk.insert(
                "people",
                ("id", "team_id", "name", "name_key", "is_org", "is_official", "created_at"),
                rows,
            )
            bulk.insert("person_aliases", ("person_id", "team_id", "alias", "alias_key"), aliases)

        for lo in range(0, articles, BATCH):
            rows = []
            for a in range(lo, min(articles, lo + BATCH)):
                body = f"Synthetic article {a}."
                rows.append(
                    (
                        a + 1,
                        TEAM,
                        f"https://example.org/{a}",
                        f"Article {a}",
                        "Synthetic Times",
                        article_day[a],
                        body,
                        text_hash(body),
                        now,
                    )
                )
            bulk.insert(
                "articles",
                (
                    "id",
                    "team_id",
                    "source_url",
                    "title",
                    "outlet",
                    "published",
                    "text",
                    "text_hash",
                    "created_at",
                ),
                rows,
            )

        claim_columns = (
            "id",
            "team_id",
            "person_id",
            "article_id",
            "kind",
            "content",
            "content_start",
            "content_end",
            "subject",
            "predicate",
            "polarity",
            "hedged",
            "quantifier",
            "frame",
            "stated_on",
            "created_at",
        )
        topic_choices = range(TOPICS)
        top_person_claims = 0
        for lo in range(0, claims, BATCH):
            hi = min(claims, lo + BATCH)
            persons = rng.choices(range(1, people + 1), cum_weights=person_weights, k=hi - lo)
            picks = rng.choices(topic_choices, cum_weights=topic_weights, k=3 * (hi - lo))
            rows = []
            topic_rows: list[tuple[Any, ...]] = []
            for offset, claim_id in enumerate(range(lo + 1, hi + 1)):
                person_id = persons[offset]
                top_person_claims += person_id == 1
                article = min((claim_id - 1) // CLAIMS_PER_ARTICLE, articles - 1)
                count = 1 + claim_id % 3
                topics = sorted({TOPIC_NAMES[t] for t in picks[3 * offset : 3 * offset + count]})
                content = f"Claim {claim_id}: the {topics[0]} figure is {claim_id % 97} percent."
                frame = json.dumps(
                    {
                        "speaker": f"Given{person_id - 1} Surname{person_id - 1}",
                        "slots": [],
                        "numbers": [],
                        "topics": topics,
                    }
                )
                rows.append(
                    (
                        claim_id,
                        TEAM,
                        person_id,
                        article + 1,
                        "direct",
                        content,
                        0,
                        len(content),
                        topics[0],
                        "be",
                        True,
                        False,
                        None,
                        frame,
                        article_day[article],
                        now,
                    )
                )
                topic_rows.extend((claim_id, t, TEAM, person_id) for t in topics)
            bulk.insert("claims", claim_columns, rows)
            bulk.insert("claim_topics", ("claim_id", "topic", "team_id", "person_id"), topic_rows)

        if conn.dialect.name == "postgresql":
            for table in ("people", "person_aliases", "articles", "claims"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    # Settle the database before measuring: fresh statistics, and the bulk load written out
    # now rather than by a background checkpoint in the middle of the measures.
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            auto.execute(text("VACUUM ANALYZE"))
            # CHECKPOINT needs superuser or pg_checkpoint; without it the measures are noisier.
            with contextlib.suppress(DBAPIError):
                auto.execute(text("CHECKPOINT"))
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside any transaction (store.db runs in autocommit)
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return people, top_person_claims


# --------------------------------------------------------------------------- measures


def _claim(i: int, speaker: str, topics: tuple[str, ...]) -> Claim:
    content = f"New statement {i}: the {topics[0]} plan is on track."
    return Claim(
        speaker=speaker,
        content=content,
        content_start=100 * i,
        content_end=100 * i + len(content),
        kind="direct",
        subject=topics[0],
        predicate="be",
        polarity=True,
        slots=(),
        numbers=(),
        hedged=False,
        quantifier=None,
        topics=topics,
    )


def store_one_article(session: Session, run: int, rng: random.Random, people: int) -> None:
    """What the app does for one article, in one transaction."""
    body = f"Benchmark article {run} {uuid.uuid4().hex}."
    article, created = add_article_if_new(
        session,
        TEAM,
        text=body,
        text_hash=text_hash(body),
        title=f"Benchmark {run}",
        outlet="Bench Post",
        published=date.today(),
        source_url=f"https://example.org/bench/{run}",
        slack_channel="CBENCH",
        slack_ts=f"{time.time():.6f}",
        shared_by="UBENCH",
    )
    assert created
    known = rng.sample(range(1, people), 2)
    speakers = [
        resolve_person(
            session,
            TEAM,
            name=_person_name(0)[1],  # the most quoted man, by his surname only
            titles=("Finance Minister",),
            is_official=True,
            seen_on=date.today(),
            article_id=article.id,
        ),
        *(
            resolve_person(
                session,
                TEAM,
                name=_person_name(i)[0],
                aliases=(_person_name(i)[1],),
                seen_on=date.today(),
                article_id=article.id,
            )
            for i in known
        ),
        resolve_person(
            session,
            TEAM,
            name=f"Newcomer{run} Bench{uuid.uuid4().hex[:8]}",
            titles=("Spokesperson",),
            seen_on=date.today(),
            article_id=article.id,
        ),
    ]
    for i in range(CLAIMS_PER_ARTICLE):
        person = speakers[i % len(speakers)]
        topics = tuple(_topic(t) for t in rng.sample(range(20), 2))
        add_claim(
            session,
            TEAM,
            person=person,
            article=article,
            claim=claim_record(_claim(i, person.name, topics)),
            stated_on=date.today(),
        )


@dataclass
class Seeded:
    """One seeded database and what the measures need of it."""

    claims: int
    engine: Engine
    people: int
    top_person_claims: int
    seed_seconds: float
    top_person_id: int
    last_claim_id: int
    rng: random.Random
    store_times: list[float] = field(default_factory=list)
    lookup_times: list[float] = field(default_factory=list)


def seed_database(url: str, claims: int, seed_value: int) -> Seeded:
    rng = random.Random(seed_value)
    upgrade_to_head(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    people, top = seed(engine, claims, rng)
    seed_seconds = time.perf_counter() - t0
    with engine.connect() as conn:
        top_id = conn.scalar(select(Person.id).where(Person.name_key == "given0 surname0"))
        last = conn.scalar(select(func.max(ClaimRow.id)))
    assert top_id is not None and last is not None
    return Seeded(claims, engine, people, top, seed_seconds, top_id, last, rng)


def _timed(fn: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def measure_round(db: Seeded, run: int, lookups: int, record: bool = True) -> None:
    """One (a) store and ``lookups`` (b) lookups on one database."""
    factory = make_session_factory(db.engine)

    def store() -> None:
        with factory.begin() as session:
            store_one_article(session, run, db.rng, db.people)

    store_ms = _timed(store)
    lookup_ms = []
    with factory() as session:
        for _ in range(lookups):
            topics = [_topic(t) for t in db.rng.sample(range(10), 3)]
            t0 = time.perf_counter()
            rows = earlier_claim_candidates(
                session,
                TEAM,
                person_id=db.top_person_id,
                topics=topics,
                before_claim_id=db.last_claim_id + 1,
                limit=200,
            )
            lookup_ms.append((time.perf_counter() - t0) * 1000)
            assert rows
            session.rollback()  # a fresh transaction (and snapshot) each time
            session.expunge_all()
    if record:
        db.store_times.append(store_ms)
        db.lookup_times.extend(lookup_ms)


def run_backend(
    backend: str,
    database: Callable[[], AbstractContextManager[str]],
    sizes: Sequence[int],
    repeats: int,
    seed_value: int,
) -> list[Result]:
    """Seed every size, then measure in rounds that visit every size in turn.

    Interleaving the sizes spreads whatever else the machine is doing evenly over them, so
    the ratios compare like with like.
    """
    with ExitStack() as stack:
        dbs: list[Seeded] = []
        for size in sizes:
            print(f"history_scale: {backend}: seeding {_size(size)} claims ...", file=sys.stderr)
            db = seed_database(stack.enter_context(database()), size, seed_value)
            stack.callback(db.engine.dispose)
            print(f"history_scale:   seeded in {db.seed_seconds:.1f}s", file=sys.stderr)
            dbs.append(db)
        print(f"history_scale: {backend}: measuring, {repeats} rounds ...", file=sys.stderr)
        for warmup in range(3):
            for db in dbs:
                measure_round(db, -1 - warmup, 3, record=False)
        gc.collect()
        gc.disable()
        try:
            for run in range(repeats):
                for db in dbs:
                    measure_round(db, run, 3)
        finally:
            gc.enable()
        return [
            Result(
                backend,
                db.claims,
                db.people,
                db.top_person_claims,
                db.seed_seconds,
                statistics.median(db.store_times),
                statistics.median(db.lookup_times),
            )
            for db in dbs
        ]


# --------------------------------------------------------------------------- databases


@contextmanager
def sqlite_database(workdir: str | None) -> Iterator[str]:
    with tempfile.TemporaryDirectory(dir=workdir, prefix="onrecord-bench-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.sqlite'}"


@contextmanager
def postgres_database(base_url: str) -> Iterator[str]:
    base = normalize_url(base_url)
    name = f"onrecord_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --------------------------------------------------------------------------- report


def _size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


def print_table(results: Sequence[Result]) -> None:
    header = (
        f"{'backend':<11} {'claims':>8} {'people':>7} {'top person':>10} {'seed s':>7} "
        f"{'(a) store ms':>12} {'(b) lookup ms':>13}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.backend:<11} {_size(r.claims):>8} {r.people:>7} {r.top_person_claims:>10} "
            f"{r.seed_seconds:>7.1f} {r.store_ms:>12.2f} {r.lookup_ms:>13.2f}"
        )
    print()
    for backend in dict.fromkeys(r.backend for r in results):
        rows = sorted((r for r in results if r.backend == backend), key=lambda r: r.claims)
        if len(rows) < 2:
            continue
        small, big = rows[0], rows[-1]
        label = f"{_size(big.claims)} / {_size(small.claims)}"
        store_ratio = big.store_ms / small.store_ms
        lookup_ratio = big.lookup_ms / small.lookup_ms
        verdict = "ok" if max(store_ratio, lookup_ratio) <= 1.5 else "ABOVE TARGET"
        print(
            f"{backend:<11} ratio {label}: (a) store {store_ratio:.2f}x, "
            f"(b) lookup {lookup_ratio:.2f}x  (target <= 1.5x: {verdict})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="comma-separated history sizes in claims (default: 10000,100000,1000000)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("ONRECORD_TEST_POSTGRES_URL", ""),
        help="PostgreSQL server URL (default: $ONRECORD_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument(
        "--repeats", type=int, default=25, help="runs of (a); (b) runs 3x as many (median)"
    )
    parser.add_argument("--sqlite-dir", default=None, help="where to put the SQLite files")
    parser.add_argument("--seed", type=int, default=20240301)
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    backends: list[tuple[str, Callable[[], AbstractContextManager[str]]]] = []
    if not args.no_sqlite:
        backends.append(("sqlite", lambda: sqlite_database(args.sqlite_dir)))
    if args.postgres:
        backends.append(("postgresql", lambda: postgres_database(args.postgres)))
    else:
        print(
            "history_scale: no PostgreSQL server (--postgres or ONRECORD_TEST_POSTGRES_URL); "
            "PostgreSQL skipped. ./scripts/with_postgres.sh starts a throwaway one.",
            file=sys.stderr,
        )

    results: list[Result] = []
    for backend, database in backends:
        results.extend(run_backend(backend, database, sizes, args.repeats, args.seed))
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
