"""Fixing people in the store: merge, split an alias off, rename, mark not a person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.claim_rows import claim_record
from bot.confidentiality import COMMAND_LINE, Audience
from bot.digest import load_digest_data
from bot.history import look_up_history
from bot.people_fixes import (
    PersonFixError,
    list_people,
    mark_not_a_person,
    merge_people,
    pick_person,
    rename_person,
    split_person,
)
from bot.review import flags_to_review
from store import claims as stored_claims
from store.contradictions import add_contradiction
from store.models import Article, ClaimRow, ClaimTopic, Contradiction, Person, PersonTitle
from store.people import create_person
from store.roles import holder_of_role

from .factories import OTHER_TEAM, TEAM, add_article, add_person, make_claim

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def said(
    s: Session,
    person: Person,
    article: Article,
    content: str,
    *,
    written_as: str | None,
    on: date = date(2024, 3, 1),
    team_id: str = TEAM,
) -> ClaimRow:
    """A claim of `person` in `article`, the speaker written as `written_as`."""
    claim = make_claim(content, speaker=person.name, topics=("budget", content.split()[0]))
    return stored_claims.add_claim(
        s,
        team_id,
        person=person,
        article=article,
        claim=claim_record(claim, written_as),
        stated_on=on,
    )


def flag(s: Session, earlier: ClaimRow, later: ClaimRow, team_id: str = TEAM) -> Contradiction:
    return add_contradiction(
        s,
        team_id,
        later_claim_id=later.id,
        earlier_claim_id=earlier.id,
        kind="polarity",
        score=0.9,
        explanation="said, then unsaid",
    )


def count(s: Session, model: type[object], *where: object) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def test_merge_moves_everything_and_collapses_duplicates(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        full = add_person(s, "Boris Johnson", titles=("Prime Minister",), seen_on=date(2024, 3, 1))
        short = add_person(
            s, "Boris", aliases=("BoJo",), titles=("prime minister", "MP"), seen_on=date(2024, 1, 5)
        )
        assert full.id != short.id
        one, two = add_article(s, text="One."), add_article(s, text="Two.")
        earlier = said(s, short, one, "Taxes will rise.", written_as="Boris")
        later = said(s, short, two, "Taxes will not rise.", written_as="Boris")
        flag(s, earlier, later)
        kept = said(s, full, two, "Spending is fine.", written_as="Boris Johnson")
        namesake = add_person(s, "Boris", team_id=OTHER_TEAM)
        said(
            s,
            namesake,
            add_article(s, OTHER_TEAM, "X."),
            "Hi.",
            written_as="Boris",
            team_id=OTHER_TEAM,
        )
        full_id, short_id, namesake_id = full.id, short.id, namesake.id
        earlier_id = earlier.id
    with session_factory.begin() as s:
        held = s.get(ClaimRow, earlier_id)
        assert held is not None and held.person.name == "Boris"
        merged = merge_people(s, TEAM, "Boris", "Boris Johnson")
        assert held.person.name == "Boris Johnson"  # a row the session held reads anew
        assert (merged.kept.id, merged.gone.id) == (full_id, short_id)
        assert merged.claims_moved == 2 and merged.new_flags == ()
    with session_factory() as s:
        assert s.get(Person, short_id) is None
        person = s.get(Person, full_id)
        assert person is not None
        assert count(s, ClaimRow, ClaimRow.person_id == full_id) == 3
        assert count(s, ClaimTopic, ClaimTopic.person_id == full_id) == count(
            s, ClaimTopic, ClaimTopic.team_id == TEAM
        )
        keys = sorted(a.alias_key for a in person.aliases)
        assert keys == sorted({"boris johnson", "johnson", "boris", "bojo"})
        titles = {t.title_key: t for t in person.titles}
        assert sorted(titles) == ["mp", "prime minister"]
        assert titles["prime minister"].first_seen == date(2024, 1, 5)
        assert titles["prime minister"].last_seen == date(2024, 3, 1)
        assert count(s, PersonTitle, PersonTitle.person_id == full_id) == 2
        # the flag between the merged-in person's statements now belongs to the one kept
        (row,) = s.scalars(select(Contradiction)).all()
        assert row.later_claim.person_id == full_id
        history = look_up_history(s, TEAM, "BoJo", COMMAND_LINE).history
        assert history is not None and history.name == "Boris Johnson"
        assert [r.content for r in history.statements][-1] == kept.content
        # the other workspace's Boris is untouched
        assert s.get(Person, namesake_id) is not None
        assert count(s, ClaimRow, ClaimRow.person_id == namesake_id) == 1


def test_merge_refuses_unknown_ambiguous_and_same(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        add_person(s, "Imran Khan")
        add_person(s, "Ayub Khan")
        add_person(s, "Khawaja Asif", aliases=("Asif",))
    with session_factory.begin() as s:
        with pytest.raises(PersonFixError, match="nobody called “Nobody Known”"):
            merge_people(s, TEAM, "Nobody Known", "Imran Khan")
        with pytest.raises(PersonFixError) as ambiguous:
            merge_people(s, TEAM, "Khan", "Khawaja Asif")
        assert "Ayub Khan (#" in str(ambiguous.value) and "Imran Khan (#" in str(ambiguous.value)
        with pytest.raises(PersonFixError, match="same person"):
            merge_people(s, TEAM, "Asif", "Khawaja Asif")
        with pytest.raises(PersonFixError, match="id #999"):
            merge_people(s, TEAM, "#999", "Khawaja Asif")
        assert pick_person(s, TEAM, "asif").name == "Khawaja Asif"
    with session_factory() as s:
        assert count(s, Person) == 3


def test_split_moves_the_statements_written_as_the_alias(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Boris Johnson", aliases=("Boris",), titles=("Mayor",))
        one, two, three = (add_article(s, text=t) for t in ("One.", "Two.", "Three."))
        s.add(
            PersonTitle(
                person_id=person.id,
                team_id=TEAM,
                title="Dancer",
                title_key="dancer",
                first_seen=date(2024, 3, 1),
                last_seen=date(2024, 3, 1),
                article_id=two.id,
            )
        )
        kept = said(s, person, one, "Bridges are good.", written_as="Boris Johnson")
        pronoun = said(s, person, one, "Bridges are cheap.", written_as="he")
        old = said(s, person, three, "Bridges are old.", written_as=None)
        moving = said(s, person, two, "Bridges are bad.", written_as="BORIS")
        flag(s, kept, moving)
        flag(s, kept, pronoun)
        person_id = person.id
    with session_factory.begin() as s:
        split = split_person(s, TEAM, "Boris Johnson", "boris")
        assert split.alias == "Boris" and split.person.id == person_id
        assert (split.statements_moved, split.flags_removed) == (1, 1)
        assert split.statements_without_mention == 1
        assert "1 statement filed before mentions were kept stayed" in split.summary()
        new_id = split.new_person.id
    with session_factory() as s:
        new = s.get(Person, new_id)
        person = s.get(Person, person_id)
        assert new is not None and person is not None
        assert new.name == "Boris" and [a.alias_key for a in new.aliases] == ["boris"]
        assert "boris" not in {a.alias_key for a in person.aliases}
        owners = dict(s.execute(select(ClaimRow.id, ClaimRow.person_id)).all())
        assert owners == {
            kept.id: person_id,
            pronoun.id: person_id,
            old.id: person_id,
            moving.id: new_id,
        }
        assert {t.title for t in new.titles} == {"Dancer"}
        assert {t.title for t in person.titles} == {"Mayor"}
        assert count(s, ClaimTopic, ClaimTopic.person_id == new_id) == 2
        (left,) = s.scalars(select(Contradiction)).all()
        assert left.later_claim_id == pronoun.id


def test_split_refuses_what_is_not_an_alias(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        add_person(s, "Boris Johnson", aliases=("Boris",))
        # another man known only as "Johnson" (created directly: ingest would file him as
        # Boris Johnson, whose surname alias he matches)
        create_person(s, TEAM, name="Johnson", key="johnson", is_org=False, is_official=False)
    with session_factory.begin() as s:
        with pytest.raises(PersonFixError, match="not known as “Bozza”"):
            split_person(s, TEAM, "Boris Johnson", "Bozza")
        with pytest.raises(PersonFixError, match="own name"):
            split_person(s, TEAM, "Boris Johnson", "boris johnson")
        with pytest.raises(PersonFixError, match="already has that name"):
            split_person(s, TEAM, "Boris Johnson", "Johnson")


def test_rename_keeps_the_old_name_as_an_alias(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "His lawyer")
        said(s, person, add_article(s), "No comment.", written_as="His lawyer")
        add_person(s, "Boris Johnson")
        person_id = person.id
    with session_factory.begin() as s:
        with pytest.raises(PersonFixError, match="already has that name: merge"):
            rename_person(s, TEAM, "His lawyer", "boris johnson")
        renamed = rename_person(s, TEAM, "His lawyer", "Ann  Smith")
        assert (renamed.old_name, renamed.new_name) == ("His lawyer", "Ann Smith")
    with session_factory() as s:
        person = s.get(Person, person_id)
        assert person is not None and (person.name, person.name_key) == ("Ann Smith", "ann smith")
        assert {"his lawyer", "ann smith"} <= {a.alias_key for a in person.aliases}
        by_old = look_up_history(s, TEAM, "His lawyer", COMMAND_LINE).history
        assert by_old is not None and by_old.name == "Ann Smith"


def test_not_a_person_is_hidden_until_unmarked(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        lawyer = add_person(s, "His lawyer", titles=("lawyer",), seen_on=date(2024, 3, 1))
        article = add_article(s)
        earlier = said(s, lawyer, article, "He was home.", written_as="His lawyer")
        later = said(s, lawyer, article, "He was not home.", written_as="His lawyer")
        flag(s, earlier, later)
    audience = Audience(None)
    with session_factory.begin() as s:
        marked = mark_not_a_person(s, TEAM, "His lawyer")
        assert marked.not_a_person and marked.changed
        assert not mark_not_a_person(s, TEAM, "His lawyer").changed
    with session_factory() as s:
        lookup = look_up_history(s, TEAM, "His lawyer", COMMAND_LINE)
        assert lookup.history is None and lookup.matches == ()
        assert flags_to_review(s, TEAM, COMMAND_LINE) == []
        digest = load_digest_data(s, TEAM, audience, LONG_AGO)
        assert digest.flags == () and digest.people == ()
        assert len(digest.articles) == 1  # the article is still filed
        assert holder_of_role(s, TEAM, "lawyer", date(2024, 4, 1)) is None
        assert count(s, ClaimRow) == 2  # statements kept
        (listed,) = list_people(s, TEAM, "lawyer")
        assert listed.not_a_person and listed.statements == 2
    with session_factory.begin() as s:
        assert mark_not_a_person(s, TEAM, "His lawyer", undo=True).changed
    with session_factory() as s:
        history = look_up_history(s, TEAM, "His lawyer", COMMAND_LINE).history
        assert history is not None and len(history.statements) == 2
        assert len(flags_to_review(s, TEAM, COMMAND_LINE)) == 1
        digest = load_digest_data(s, TEAM, audience, LONG_AGO)
        assert len(digest.flags) == 1 and [p.name for p in digest.people] == ["His lawyer"]


def test_list_people_counts_statements_and_filters(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        asif = add_person(s, "Khawaja Asif", aliases=("Asif",))
        article = add_article(s)
        said(s, asif, article, "One thing.", written_as="Asif")
        said(s, asif, article, "One thing.", written_as="Asif")  # a second clause, same words
        said(s, asif, article, "Another thing.", written_as="Khawaja Asif")
        add_person(s, "Imran Khan")
        add_person(s, "100% Sure_Ltd", is_org=True)
        add_person(s, "Khawaja Asif", team_id=OTHER_TEAM)
    with session_factory() as s:
        everyone = list_people(s, TEAM)
        assert [p.name for p in everyone] == ["100% Sure_Ltd", "Imran Khan", "Khawaja Asif"]
        asif_row = everyone[-1]
        assert asif_row.statements == 2 and asif_row.aliases == ("Asif",)
        assert [p.name for p in list_people(s, TEAM, "ASIF")] == ["Khawaja Asif"]
        assert [p.name for p in list_people(s, TEAM, "e_l")] == ["100% Sure_Ltd"]
        assert list_people(s, TEAM, "a_a") == []  # "_" is a letter here, not a wildcard
        assert list_people(s, TEAM, "nobody") == []
