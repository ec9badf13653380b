"""Person resolution: one man under several names; namesakes never merged."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.people import find_people
from store.models import Person, PersonAlias, PersonTitle
from store.people import get_person

from .factories import TEAM, add_article, add_person


def _people(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Person)) or 0


def test_full_name_then_surname_is_one_person(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        first = add_person(s, "Khawaja Asif", aliases=("Asif", "Defence Minister Khawaja Asif"))
        again = add_person(s, "Asif")
        lower = add_person(s, "khawaja asif")
        assert again.id == first.id == lower.id
        assert _people(s) == 1
        keys = {a.alias_key for a in first.aliases}
        assert {"khawaja asif", "asif", "defence minister khawaja asif"} <= keys


def test_surname_then_full_name_is_one_person_renamed(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        short = add_person(s, "Asif")
        full = add_person(s, "Khawaja Asif")
        assert full.id == short.id
        assert full.name == "Khawaja Asif"
        assert full.name_key == "khawaja asif"
        assert _people(s) == 1
    with session_factory() as s:
        assert [p.id for p in find_people(s, TEAM, "Asif")] == [short.id]
        assert [p.id for p in find_people(s, TEAM, "KHAWAJA ASIF")] == [short.id]


def test_surname_is_the_automatic_alias(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif")
        assert add_person(s, "Mr. Asif").id == person.id
        assert {a.alias for a in person.aliases} >= {"Khawaja Asif", "Asif"}


def test_full_name_alias_links_a_longer_name(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif")
        longer = add_person(s, "Khawaja Muhammad Asif", aliases=("Khawaja Asif", "Asif"))
        assert longer.id == person.id
        assert add_person(s, "Khawaja Muhammad Asif").id == person.id


def test_namesakes_sharing_a_surname_are_not_merged(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        imran = add_person(s, "Imran Khan", aliases=("Khan",))
        ayub = add_person(s, "Ayub Khan", aliases=("Khan",))
        assert imran.id != ayub.id
        # A bare surname shared by two people matches neither: only an exact name would.
        bare = add_person(s, "Khan")
        assert bare.id not in {imran.id, ayub.id}
        assert add_person(s, "Khan").id == bare.id
        assert add_person(s, "Imran Khan").id == imran.id
        assert add_person(s, "Ayub Khan").id == ayub.id
        assert _people(s) == 3
        assert imran.name == "Imran Khan"
        assert {p.id for p in find_people(s, TEAM, "Khan")} == {imran.id, ayub.id, bare.id}
        assert find_people(s, TEAM, "Khan")[0].id == bare.id  # exact name first


def test_surname_known_for_one_person_only_then_namesake(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        imran = add_person(s, "Imran Khan")
        assert add_person(s, "Khan").id == imran.id  # only one Khan known: it is him
        ayub = add_person(s, "Ayub Khan")
        assert ayub.id != imran.id
        assert add_person(s, "Khan").id not in {imran.id, ayub.id}  # now ambiguous


def test_organisation_never_merged_with_a_person(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Sharif")
        org = add_person(s, "Sharif Trust", is_org=True)
        assert org.id != person.id
        assert org.is_org and not person.is_org
        # An organisation's last word is not a surname.
        assert {a.alias_key for a in org.aliases} == {"sharif trust"}


def test_titles_and_official_flag(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        article = add_article(s)
        person = add_person(
            s,
            "Khawaja Asif",
            titles=("Defence Minister",),
            seen_on=date(2024, 3, 1),
            article_id=article.id,
        )
        assert not person.is_official
        add_person(
            s,
            "Asif",
            titles=("defence minister", "Water Minister"),
            is_official=True,
            seen_on=date(2024, 5, 1),
        )
        add_person(s, "Khawaja Asif", titles=("Water Minister",), seen_on=date(2023, 1, 1))
        assert person.is_official
        titles = {
            t.title_key: t
            for t in s.scalars(select(PersonTitle).where(PersonTitle.person_id == person.id))
        }
        assert set(titles) == {"defence minister", "water minister"}
        defence = titles["defence minister"]
        assert (defence.title, defence.first_seen, defence.last_seen) == (
            "Defence Minister",
            date(2024, 3, 1),
            date(2024, 5, 1),
        )
        assert defence.article_id == article.id
        water = titles["water minister"]
        assert (water.first_seen, water.last_seen) == (date(2023, 1, 1), date(2024, 5, 1))
        assert {t.title for t in person.titles} == {"Defence Minister", "Water Minister"}


def test_aliases_are_not_duplicated(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif", aliases=("Asif", "asif", "Mr Asif"))
        add_person(s, "Khawaja Asif", aliases=("Asif",))
        keys = s.scalars(
            select(PersonAlias.alias_key).where(PersonAlias.person_id == person.id)
        ).all()
        assert sorted(keys) == sorted(set(keys))


def test_empty_name_is_refused(session_factory: sessionmaker[Session]) -> None:
    import pytest

    with session_factory() as s, pytest.raises(ValueError):
        add_person(s, " ... ")


def test_get_person(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        person = add_person(s, "Khawaja Asif")
    with session_factory() as s:
        got = get_person(s, TEAM, person.id)
        assert got is not None and got.name == "Khawaja Asif"
        assert get_person(s, "T-OTHER", person.id) is None
