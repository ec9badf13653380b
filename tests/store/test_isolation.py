"""A workspace never sees another workspace's people, articles or claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.people import find_people
from store.articles import articles_since
from store.claims import earlier_claim_candidates, get_claim, person_history, statements_since
from store.people import get_person

from .factories import OTHER_TEAM, TEAM, add_article, add_claim, add_person


def test_workspaces_are_isolated(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        mine = add_person(s, "Khawaja Asif", team_id=TEAM)
        theirs = add_person(s, "Khawaja Asif", team_id=OTHER_TEAM)
        assert mine.id != theirs.id
        # A surname known in the other workspace does not attach to their person.
        assert add_person(s, "Asif", team_id=TEAM).id == mine.id
        my_article = add_article(s, TEAM, text="same text")
        their_article = add_article(s, OTHER_TEAM, text="same text")
        assert my_article.id != their_article.id
        add_claim(s, mine, my_article, team_id=TEAM, topics=("tax",))
        their_claim = add_claim(s, theirs, their_article, team_id=OTHER_TEAM, topics=("tax",))

    with session_factory() as s:
        assert [p.id for p in find_people(s, TEAM, "Khawaja Asif")] == [mine.id]
        assert [p.id for p in find_people(s, OTHER_TEAM, "Asif")] == [theirs.id]
        assert find_people(s, "T-NOBODY", "Asif") == []
        # Even with the other workspace's person id, nothing of theirs comes back.
        assert earlier_claim_candidates(s, TEAM, person_id=theirs.id, topics=("tax",)) == []
        assert person_history(s, TEAM, theirs.id) == []
        assert get_claim(s, TEAM, their_claim.id) is None
        assert get_person(s, TEAM, theirs.id) is None
        since = datetime.now(UTC) - timedelta(days=1)
        assert [a.id for a in articles_since(s, TEAM, since)] == [my_article.id]
        assert {p.id for p, _ in statements_since(s, TEAM, since)} == {mine.id}
        other = earlier_claim_candidates(s, OTHER_TEAM, person_id=theirs.id, topics=("tax",))
        assert [c.id for c in other] == [their_claim.id]
