"""Claims: storage with topics, round trip to frames, candidate lookup, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.claim_rows import claim_record, claim_to_frame
from bot.nlp.types import Number, Slot
from store import claims as stored_claims
from store.claims import (
    earlier_claim_candidates,
    get_claim,
    nearest_claims,
    person_history,
    statements_since,
)
from store.models import ClaimTopic

from .factories import TEAM, add_article, add_claim, add_person, make_claim


def test_add_claim_writes_deduplicated_topics(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif")
        article = add_article(s)
        row = add_claim(s, person, article, topics=("Inflation", "inflation ", "economy", ""))
        topics = s.scalars(
            select(ClaimTopic.topic).where(ClaimTopic.claim_id == row.id).order_by(ClaimTopic.topic)
        ).all()
        assert topics == ["economy", "inflation"]
        stored = s.scalars(select(ClaimTopic).where(ClaimTopic.claim_id == row.id)).all()
        assert {(t.team_id, t.person_id) for t in stored} == {(TEAM, person.id)}


def test_claim_round_trips_to_the_frame(session_factory: sessionmaker[Session]) -> None:
    claim = make_claim(
        "We will not raise taxes on 3.5 million farmers, probably.",
        topics=("tax", "farmers"),
        polarity=False,
        numbers=(
            Number(value=3_500_000.0, text="3.5 million", measure="farmer", start=30, end=41),
        ),
        slots=(Slot(role="object", text="taxes", start=20, end=25),),
    )
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif")
        article = add_article(s)
        row = stored_claims.add_claim(
            s,
            TEAM,
            person=person,
            article=article,
            claim=claim_record(claim),
            stated_on=date(2024, 3, 2),
        )
        row_id = row.id
    with session_factory() as s:
        stored = get_claim(s, TEAM, row_id)
        assert stored is not None
        assert claim_to_frame(stored) == claim
        assert stored.stated_on == date(2024, 3, 2)
        assert stored.created_at.tzinfo is not None
        assert get_claim(s, "T-OTHER", row_id) is None


def test_earlier_claim_candidates(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        asif = add_person(s, "Khawaja Asif")
        other = add_person(s, "Imran Khan")
        a1 = add_article(s, text="one")
        a2 = add_article(s, text="two")
        old_both = add_claim(s, asif, a1, topics=("tax", "budget"), stated_on=date(2023, 1, 1))
        old_tax = add_claim(s, asif, a1, topics=("tax",), stated_on=date(2023, 2, 1))
        new_tax = add_claim(s, asif, a2, topics=("tax",), stated_on=date(2024, 1, 1))
        add_claim(s, asif, a2, topics=("weather",), stated_on=date(2024, 1, 2))
        add_claim(s, other, a2, topics=("tax", "budget"), stated_on=date(2024, 1, 3))
        latest = add_claim(s, asif, a2, topics=("tax", "budget"), stated_on=date(2024, 2, 1))

    with session_factory() as s:

        def ids(**kwargs: object) -> list[int]:
            rows = earlier_claim_candidates(s, TEAM, person_id=asif.id, **kwargs)  # type: ignore[arg-type]
            return [r.id for r in rows]

        # Most shared topics first, then the newest.
        assert ids(topics=("tax", "budget"), before_claim_id=latest.id) == [
            old_both.id,
            new_tax.id,
            old_tax.id,
        ]
        assert ids(topics=("TAX",)) == [latest.id, new_tax.id, old_tax.id, old_both.id]
        assert ids(topics=("tax",), limit=2) == [latest.id, new_tax.id]
        assert ids(topics=("tax",), exclude_article_id=a2.id) == [old_tax.id, old_both.id]
        assert ids(topics=("nothing",)) == []
        assert ids(topics=()) == []
        assert earlier_claim_candidates(s, "T-OTHER", person_id=asif.id, topics=("tax",)) == []


def test_candidates_window_is_bounded_per_topic(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        asif = add_person(s, "Khawaja Asif")
        article = add_article(s)
        rows = [add_claim(s, asif, article, topics=("tax",)) for _ in range(30)]
    with session_factory() as s:
        got = earlier_claim_candidates(
            s, TEAM, person_id=asif.id, topics=("tax", "budget"), limit=5
        )
        assert [r.id for r in got] == [r.id for r in rows[::-1][:5]]


def test_person_history_is_ordered_by_date_then_id(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        asif = add_person(s, "Khawaja Asif")
        article = add_article(s)
        c2 = add_claim(s, asif, article, stated_on=date(2024, 2, 1))
        c1 = add_claim(s, asif, article, stated_on=date(2024, 1, 1))
        c3 = add_claim(s, asif, article, stated_on=date(2024, 2, 1))
        add_claim(s, add_person(s, "Imran Khan"), article)
    with session_factory() as s:
        history = person_history(s, TEAM, asif.id)
        assert [c.id for c, _ in history] == [c1.id, c2.id, c3.id]
        assert all(a.id == article.id for _, a in history)
        assert person_history(s, "T-OTHER", asif.id) == []


def test_statements_since_counts_a_statement_once(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        article = add_article(s)
        asif = add_person(s, "Khawaja Asif")
        khan = add_person(s, "Imran Khan")
        quiet = add_person(s, "Ayub Khan")
        for content in ("Taxes will fall.", "Rates will rise.", "Jobs will grow."):
            add_claim(s, asif, article, content=content)
        add_claim(s, asif, article, content="Jobs will grow.")  # a second clause, one statement
        add_claim(s, khan, article)
        old = add_claim(s, quiet, article)
        old.created_at = datetime.now(UTC) - timedelta(days=3)
    with session_factory() as s:
        since = datetime.now(UTC) - timedelta(days=1)
        speakers = [p.id for p, a in statements_since(s, TEAM, since) if a.id == article.id]
        assert sorted(speakers) == sorted([asif.id, asif.id, asif.id, khan.id])
        assert statements_since(s, "T-OTHER", since) == []


def test_nearest_claims_ranks_one_persons_history_by_meaning(
    session_factory: sessionmaker[Session],
) -> None:
    import numpy as np

    def vector(*values: float) -> bytes:
        array = np.array(values, dtype=np.float32)
        return (array / np.linalg.norm(array)).astype(np.float32).tobytes()

    with session_factory.begin() as s:
        article = add_article(s)
        asif = add_person(s, "Khawaja Asif")
        khan = add_person(s, "Imran Khan")
        near = add_claim(s, asif, article, content="near")
        far = add_claim(s, asif, article, content="far")
        add_claim(s, asif, article, content="no vector")
        theirs = add_claim(s, khan, article, content="someone else's")
        near.embedding, far.embedding = vector(1, 0.1, 0), vector(0, 0, 1)
        theirs.embedding = vector(1, 0, 0)
    with session_factory() as s:
        query = vector(1, 0, 0)
        found = nearest_claims(s, TEAM, person_id=asif.id, embedding=query, limit=5)
        assert [(row.id, round(sim, 2)) for row, sim in found] == [(near.id, 1.0), (far.id, 0.0)]
        one = nearest_claims(s, TEAM, person_id=asif.id, embedding=query, limit=1)
        assert [row.id for row, _ in one] == [near.id]
        close = nearest_claims(
            s, TEAM, person_id=asif.id, embedding=query, limit=5, min_similarity=0.5
        )
        assert [row.id for row, _ in close] == [near.id]
        assert nearest_claims(s, "T-OTHER", person_id=asif.id, embedding=query, limit=5) == []
