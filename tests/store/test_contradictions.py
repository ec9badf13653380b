"""Contradictions: idempotent flagging, review, dismissal memory, digest queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.contradictions import (
    add_contradiction,
    contradictions_since,
    find_contradiction_by_message,
    flagged_statement_pairs,
    get_contradiction,
    review_contradiction,
    set_contradiction_message,
    statement_key,
)
from store.models import ClaimRow, Contradiction

from .factories import OTHER_TEAM, TEAM, add_article, add_claim, add_person


def _two_claims(s: Session) -> tuple[ClaimRow, ClaimRow]:
    person = add_person(s, "Khawaja Asif", titles=("Defence Minister",))
    article = add_article(s)
    earlier = add_claim(s, person, article, content="We will build the dam.")
    new = add_claim(s, person, article, content="We never promised a dam.")
    return earlier, new


def _flag(s: Session, earlier: ClaimRow, new: ClaimRow, team_id: str = TEAM) -> Contradiction:
    return add_contradiction(
        s,
        team_id,
        later_claim_id=new.id,
        earlier_claim_id=earlier.id,
        kind="polarity",
        score=0.9,
        explanation="promised, then denied promising",
        earlier_value="will build",
        later_value="never promised",
    )


def test_add_contradiction_is_idempotent(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        earlier, new = _two_claims(s)
        first = _flag(s, earlier, new)
        assert _flag(s, earlier, new).id == first.id
        assert first.status == "open"
        pair = (statement_key(earlier.content), statement_key(new.content))
        assert flagged_statement_pairs(s, TEAM, new.person_id) == {pair}
        assert flagged_statement_pairs(s, OTHER_TEAM, new.person_id) == set()


def test_review_and_dismissal_either_order(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        earlier, new = _two_claims(s)
        row = _flag(s, earlier, new)
        at = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
        reviewed = review_contradiction(
            s, TEAM, row.id, status="dismissed", reviewer="U_EDITOR", at=at
        )
        assert reviewed is not None and reviewed.status == "dismissed"
        pair = (statement_key(earlier.content), statement_key(new.content))
        assert pair in flagged_statement_pairs(s, TEAM, new.person_id)  # never again
        assert review_contradiction(s, OTHER_TEAM, row.id, status="confirmed", reviewer="U") is None
        with pytest.raises(ValueError):
            review_contradiction(s, TEAM, row.id, status="maybe", reviewer="U")
        confirmed = review_contradiction(s, TEAM, row.id, status="confirmed", reviewer="U2")
        assert confirmed is not None and confirmed.status == "confirmed"
    with session_factory() as s:
        stored = get_contradiction(s, TEAM, row.id)
        assert stored is not None
        assert (stored.status, stored.reviewed_by) == ("confirmed", "U2")
        assert stored.reviewed_at is not None and stored.reviewed_at.tzinfo is not None


def test_status_check_constraint(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        earlier, new = _two_claims(s)
        row = _flag(s, earlier, new)
    with session_factory() as s, pytest.raises(IntegrityError):
        s.execute(text("UPDATE contradictions SET status = 'bogus' WHERE id = :id"), {"id": row.id})


def test_slack_message_link(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        earlier, new = _two_claims(s)
        row = _flag(s, earlier, new)
        set_contradiction_message(s, TEAM, row.id, channel="C9", ts="1700.1")
    with session_factory() as s:
        found = find_contradiction_by_message(s, TEAM, "C9", "1700.1")
        assert found is not None and found.id == row.id
        assert find_contradiction_by_message(s, OTHER_TEAM, "C9", "1700.1") is None
        assert find_contradiction_by_message(s, TEAM, "C9", "1700.2") is None


def test_contradictions_since_loads_everything_for_the_digest(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        earlier, new = _two_claims(s)
        old = _flag(s, new, earlier)
        old.created_at = datetime.now(UTC) - timedelta(days=2)
        fresh = _flag(s, earlier, new)
        review_contradiction(s, TEAM, fresh.id, status="confirmed", reviewer="U1")
    since = datetime.now(UTC) - timedelta(days=1)
    with session_factory() as s:
        rows = contradictions_since(s, TEAM, since)
        assert [r.id for r in rows] == [fresh.id]
        assert contradictions_since(s, TEAM, since, statuses=["open"]) == []
        assert len(contradictions_since(s, TEAM, since, statuses=["confirmed"])) == 1
        assert contradictions_since(s, OTHER_TEAM, since) == []
        assert len(contradictions_since(s, TEAM, since - timedelta(days=7))) == 2
    # Everything the digest renders is loaded: usable after the session is closed.
    row = rows[0]
    assert row.later_claim.person.name == "Khawaja Asif"
    assert [t.title for t in row.later_claim.person.titles] == ["Defence Minister"]
    assert row.earlier_claim.article.title == "A title"
    assert row.later_claim.article.outlet == "Dawn"
    assert row.earlier_claim.person.name == "Khawaja Asif"
