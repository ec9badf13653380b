"""Reviews: first verdict wins (also from two threads at once), undo rules, team filtering."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.contradictions import add_contradiction, get_contradiction
from store.models import ContradictionStatus, Review
from store.reviews import Outcome, active_reviews, decide, reviews_by, undo

from .factories import OTHER_TEAM, TEAM, add_article, add_claim, add_person

NOON = datetime(2025, 3, 21, 12, 0, tzinfo=UTC)
MIDNIGHT = datetime(2025, 3, 21, 0, 0, tzinfo=UTC)


def _flag_id(factory: sessionmaker[Session]) -> int:
    with factory.begin() as s:
        person = add_person(s, "Jane Porter")
        article = add_article(s)
        earlier = add_claim(s, person, article, content="We will raise taxes.")
        later = add_claim(s, person, article, content="We will not raise taxes.")
        row = add_contradiction(
            s, TEAM, later_claim_id=later.id, earlier_claim_id=earlier.id, kind="polarity", score=1
        )
        return row.id


def test_first_verdict_wins_and_the_second_is_told_who(
    session_factory: sessionmaker[Session],
) -> None:
    cid = _flag_id(session_factory)
    with session_factory.begin() as s:
        first = decide(
            s,
            TEAM,
            cid,
            status=ContradictionStatus.CONFIRMED,
            reviewer="U1",
            reason="sure",
            at=NOON,
        )
        assert first.outcome == Outcome.DONE
    with session_factory.begin() as s:
        second = decide(
            s,
            TEAM,
            cid,
            status=ContradictionStatus.DISMISSED,
            reviewer="U2",
            reason="no",
            at=NOON + timedelta(minutes=1),
        )
        assert second.outcome == Outcome.ALREADY
        assert second.review is not None and second.review.reviewer == "U1"
        row = get_contradiction(s, TEAM, cid)
        assert row is not None
        assert (row.status, row.reviewed_by, row.reviewed_at) == ("confirmed", "U1", NOON)
        reviews = s.scalars(select(Review)).all()
        assert [(r.reviewer, r.reason) for r in reviews] == [("U1", "sure")]
    with session_factory.begin() as s:
        gone = decide(
            s,
            OTHER_TEAM,
            cid,
            status=ContradictionStatus.CONFIRMED,
            reviewer="U3",
            reason=None,
            at=NOON,
        )
        assert gone.outcome == Outcome.GONE


def test_two_threads_deciding_at_once_store_one_verdict(
    session_factory: sessionmaker[Session],
) -> None:
    cid = _flag_id(session_factory)
    start = threading.Barrier(2)
    outcomes: dict[str, Outcome] = {}

    def review(user: str, status: ContradictionStatus) -> None:
        start.wait()
        with session_factory.begin() as s:
            outcomes[user] = decide(
                s, TEAM, cid, status=status, reviewer=user, reason=user, at=NOON
            ).outcome

    threads = [
        threading.Thread(target=review, args=("U1", ContradictionStatus.CONFIRMED)),
        threading.Thread(target=review, args=("U2", ContradictionStatus.DISMISSED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == sorted([Outcome.DONE, Outcome.ALREADY])
    winner = next(user for user, outcome in outcomes.items() if outcome == Outcome.DONE)
    with session_factory() as s:
        (stored,) = s.scalars(select(Review)).all()
        row = get_contradiction(s, TEAM, cid)
        assert row is not None
        assert stored.reviewer == row.reviewed_by == winner


def test_undo_only_by_the_reviewer_and_only_that_day(
    session_factory: sessionmaker[Session],
) -> None:
    cid = _flag_id(session_factory)
    with session_factory.begin() as s:
        decide(
            s, TEAM, cid, status=ContradictionStatus.DISMISSED, reviewer="U1", reason=None, at=NOON
        )
    with session_factory.begin() as s:
        other = undo(s, TEAM, cid, by="U2", at=NOON, not_before=MIDNIGHT)
        assert other.outcome == Outcome.NOT_YOURS
        late = undo(s, TEAM, cid, by="U1", at=NOON, not_before=MIDNIGHT + timedelta(days=1))
        assert late.outcome == Outcome.TOO_LATE
        assert get_contradiction(s, TEAM, cid).status == "dismissed"  # type: ignore[union-attr]
        assert [r.contradiction_id for r in reviews_by(s, TEAM, "U1", since=MIDNIGHT)] == [cid]
    with session_factory.begin() as s:
        done = undo(s, TEAM, cid, by="U1", at=NOON + timedelta(hours=1), not_before=MIDNIGHT)
        assert done.outcome == Outcome.DONE
        row = get_contradiction(s, TEAM, cid)
        assert row is not None and (row.status, row.reviewed_by) == ("open", None)
        (kept,) = s.scalars(select(Review)).all()
        assert (kept.undone_by, kept.undone_at) == ("U1", NOON + timedelta(hours=1))
        assert active_reviews(s, TEAM, [cid]) == {}
        assert undo(s, TEAM, cid, by="U1", at=NOON, not_before=MIDNIGHT).outcome == Outcome.ALREADY
    with session_factory.begin() as s:  # reopened: a new verdict may be taken
        again = decide(
            s, TEAM, cid, status=ContradictionStatus.CONFIRMED, reviewer="U2", reason="x", at=NOON
        )
        assert again.outcome == Outcome.DONE
        assert active_reviews(s, TEAM, [cid])[cid].reviewer == "U2"
        assert active_reviews(s, OTHER_TEAM, [cid]) == {}
