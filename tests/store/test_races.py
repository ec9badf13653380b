"""Concurrent workers filing the same thing at once never create duplicates.

Every worker runs in its own thread with its own session and connection and starts its
insert at the same moment (a barrier). On PostgreSQL these really interleave; SQLite
serialises writers (BEGIN IMMEDIATE + busy timeout), which must not fail either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import text_hash
from store.articles import add_article_if_new
from store.contradictions import add_contradiction
from store.models import Article, ClaimRow, Contradiction, DigestRun, Person, ProcessedEvent
from store.slack_state import claim_digest_run, mark_event_processed

from .factories import TEAM, add_article, add_claim, add_person

WORKERS = 8
T = TypeVar("T")


def _race(
    session_factory: sessionmaker[Session],
    work: Callable[[Session, int], T],
    workers: int = WORKERS,
) -> list[T]:
    barrier = threading.Barrier(workers)
    results: list[T | None] = [None] * workers
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            with session_factory() as s:
                if s.get_bind().dialect.name != "sqlite":
                    # Begin before the start line. (On SQLite BEGIN IMMEDIATE takes the write
                    # lock, so the others would queue here instead of at their insert.)
                    s.connection()
                barrier.wait(timeout=30)
                results[i] = work(s, i)
                s.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return [r for r in results if r is not None]


def _count(session_factory: sessionmaker[Session], model: type[object]) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_same_article_at_once(session_factory: sessionmaker[Session]) -> None:
    text = "Breaking: the minister said something."

    def work(s: Session, i: int) -> tuple[int, bool]:
        article, created = add_article_if_new(
            s,
            TEAM,
            text=text,
            text_hash=text_hash(text),
            title=f"copy {i}",
            outlet="Dawn",
            published=date(2024, 3, 1),
            source_url="https://example.org/x",
        )
        return article.id, created

    results = _race(session_factory, work)
    assert len({article_id for article_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert _count(session_factory, Article) == 1


def test_same_person_under_different_names_at_once(
    session_factory: sessionmaker[Session],
) -> None:
    names = ["Khawaja Asif", "Asif", "khawaja asif", "Mr Asif"]

    def work(s: Session, i: int) -> int:
        return add_person(s, names[i % len(names)], titles=("Defence Minister",)).id

    ids = _race(session_factory, work)
    assert len(set(ids)) == 1
    assert _count(session_factory, Person) == 1
    with session_factory() as s:
        person = s.scalars(select(Person)).one()
        assert person.name_key == "khawaja asif"
        assert len(person.titles) == 1


def test_same_event_at_once(session_factory: sessionmaker[Session]) -> None:
    results = _race(session_factory, lambda s, i: mark_event_processed(s, TEAM, "Ev-race"))
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    assert _count(session_factory, ProcessedEvent) == 1


def test_same_digest_at_once(session_factory: sessionmaker[Session]) -> None:
    day = date(2024, 3, 1)
    results = _race(session_factory, lambda s, i: claim_digest_run(s, TEAM, "C1", day))
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    assert _count(session_factory, DigestRun) == 1


def test_same_contradiction_at_once(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif")
        article = add_article(s)
        earlier = add_claim(s, person, article)
        new = add_claim(s, person, article, polarity=False)

    def work(s: Session, i: int) -> int:
        return add_contradiction(
            s, TEAM, later_claim_id=new.id, earlier_claim_id=earlier.id, kind="polarity", score=0.5
        ).id

    assert len(set(_race(session_factory, work))) == 1
    assert _count(session_factory, Contradiction) == 1


def test_whole_ingests_of_one_article_at_once(session_factory: sessionmaker[Session]) -> None:
    """The pattern the app uses: only the worker that stored the article files its claims."""
    text = "The minister said the dam will be built."

    def work(s: Session, i: int) -> bool:
        article, created = add_article_if_new(
            s,
            TEAM,
            text=text,
            text_hash=text_hash(text),
            title="t",
            outlet="o",
            published=None,
            source_url=None,
        )
        if created:
            person = add_person(s, "Khawaja Asif" if i % 2 else "Asif")
            add_claim(s, person, article, topics=("dam",))
        return created

    assert sum(_race(session_factory, work)) == 1
    assert _count(session_factory, ClaimRow) == 1
    assert _count(session_factory, Person) == 1
