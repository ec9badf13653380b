"""The caller owns the transaction: a failure half-way leaves no partial rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import text_hash
from store.articles import find_article
from store.contradictions import add_contradiction
from store.inserts import insert_or_get
from store.models import (
    Article,
    ClaimRow,
    ClaimTopic,
    Contradiction,
    Person,
    PersonAlias,
    PersonTitle,
    ProcessedEvent,
)
from store.slack_state import mark_event_processed

from .factories import TEAM, add_article, add_claim, add_person

TABLES = (Article, Person, PersonAlias, PersonTitle, ClaimRow, ClaimTopic, Contradiction)


def _counts(s: Session) -> dict[str, int]:
    return {
        m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
        for m in (*TABLES, ProcessedEvent)
    }


class Boom(RuntimeError):
    pass


def _ingest(s: Session, fail: bool) -> None:
    mark_event_processed(s, TEAM, "Ev-ingest")
    article = add_article(s, text="An article about the dam.")
    person = add_person(
        s,
        "Khawaja Asif",
        titles=("Defence Minister",),
        seen_on=date(2024, 3, 1),
        article_id=article.id,
    )
    first = add_claim(s, person, article, topics=("dam",))
    second = add_claim(s, person, article, topics=("dam",), polarity=False)
    add_contradiction(
        s, TEAM, later_claim_id=second.id, earlier_claim_id=first.id, kind="polarity", score=1.0
    )
    if fail:
        raise Boom("the NLP stage crashed half-way")


def test_failed_ingest_leaves_nothing(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(Boom), session_factory.begin() as s:
        _ingest(s, fail=True)
    with session_factory() as s:
        assert set(_counts(s).values()) == {0}
    # The same event is then processed normally (the dedup row was rolled back too).
    with session_factory.begin() as s:
        _ingest(s, fail=False)
    with session_factory() as s:
        counts = _counts(s)
        assert all(counts[m.__tablename__] > 0 for m in TABLES)
        assert counts["processed_events"] == 1


def test_a_losing_savepoint_keeps_the_rest_of_the_transaction(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        mark_event_processed(s, TEAM, "Ev1")
    with session_factory.begin() as s:
        article = add_article(s, text="kept")
        key = (TEAM, "Ev1")
        s.expunge_all()  # forget the identity map so the duplicate insert really hits the DB
        _, created = insert_or_get(
            s, ProcessedEvent(team_id=TEAM, event_id="Ev1"), lambda: s.get(ProcessedEvent, key)
        )
        assert not created
        assert find_article(s, TEAM, text_hash=article.text_hash) is not None
    with session_factory() as s:
        assert find_article(s, TEAM, text_hash=text_hash("kept")) is not None


def test_insert_or_get_raises_what_was_not_a_lost_race(
    session_factory: sessionmaker[Session],
) -> None:
    orphan = ClaimRow(
        team_id=TEAM,
        person_id=12345,
        article_id=67890,
        kind="direct",
        content="x",
        content_start=0,
        content_end=1,
        stated_on=date(2024, 3, 1),
    )
    with session_factory() as s, pytest.raises(IntegrityError):
        insert_or_get(s, orphan, lambda: None)
