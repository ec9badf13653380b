"""The person-identity rules, without a database: keys, surnames, who is compatible."""

from __future__ import annotations

from bot.identity import (
    aliases_to_record,
    compatible_people,
    name_key,
    name_query,
    surname_as_written,
    takes_full_name,
)
from bot.nlp.honorifics import COURTESY_TITLES, HONORIFICS
from store.people import AliasMatch


def _alias(person_id: int, alias_key: str, person_key: str, is_org: bool = False) -> AliasMatch:
    return AliasMatch(person_id, alias_key, person_key, is_org)


def test_name_key() -> None:
    assert name_key("  Mr.  Khawaja   ASIF ") == "khawaja asif"
    assert name_key("Dr") == "dr"
    assert name_key("O’Brien") == "o'brien"


def test_name_key_drops_courtesy_titles_only() -> None:
    assert name_key("Dame Sarah Mullally") == "sarah mullally"
    assert name_key("Prof. Dr. Jane Roe") == "jane roe"
    assert name_key("President Biden") == "president biden"  # an office is not a courtesy
    assert name_key("  ") == ""


def test_one_honorifics_list() -> None:
    assert COURTESY_TITLES <= HONORIFICS


def test_surname_as_written() -> None:
    assert surname_as_written("Khawaja Asif") == "Asif"
    assert surname_as_written("Mark O’Brien-Smith.") == "O’Brien-Smith"
    assert surname_as_written("...") == ""


def test_name_query_reads_the_name_its_full_aliases_and_its_surname() -> None:
    query = name_query("khawaja asif", ["Asif", "Defence Minister Khawaja Asif", ""], False)
    assert query.full_aliases == {"defence minister khawaja asif"}
    assert query.surname == "asif"
    assert query.alias_keys == ["asif", "defence minister khawaja asif", "khawaja asif"]


def test_an_organisation_has_no_surname() -> None:
    query = name_query("sharif trust", [], True)
    assert query.surname is None
    assert query.alias_keys == ["sharif trust"]


def test_a_name_that_is_an_alias_is_compatible() -> None:
    query = name_query("asif", [], False)
    assert compatible_people(query, [_alias(1, "asif", "khawaja asif")]) == [1]


def test_a_full_name_alias_is_compatible() -> None:
    query = name_query("khawaja muhammad asif", ["Khawaja Asif", "Asif"], False)
    matches = [_alias(1, "khawaja asif", "khawaja asif"), _alias(1, "asif", "khawaja asif")]
    assert compatible_people(query, matches) == [1]


def test_a_person_known_by_the_surname_alone_is_compatible() -> None:
    query = name_query("khawaja asif", [], False)
    assert compatible_people(query, [_alias(1, "asif", "asif")]) == [1]


def test_namesakes_sharing_a_surname_are_not_compatible() -> None:
    query = name_query("ayub khan", ["Khan"], False)
    assert compatible_people(query, [_alias(1, "khan", "imran khan")]) == []


def test_a_shared_bare_surname_is_compatible_with_everyone_it_names() -> None:
    query = name_query("khan", [], False)
    matches = [_alias(1, "khan", "imran khan"), _alias(2, "khan", "ayub khan")]
    assert compatible_people(query, matches) == [1, 2]  # two: the caller matches nobody


def test_people_and_organisations_never_match() -> None:
    query = name_query("sharif", [], False)
    assert compatible_people(query, [_alias(3, "sharif", "sharif", is_org=True)]) == []


def test_a_single_name_takes_the_full_name() -> None:
    assert takes_full_name("asif", "khawaja asif")
    assert not takes_full_name("khawaja asif", "asif")
    assert not takes_full_name("khawaja asif", "khawaja muhammad asif")
    assert not takes_full_name("asif", "asif")


def test_aliases_to_record() -> None:
    assert aliases_to_record("Khawaja  Asif", ["Mr Asif"], "khawaja asif", False) == [
        ("Khawaja Asif", "khawaja asif"),
        ("Mr Asif", "asif"),
        ("Asif", "asif"),
    ]
    assert aliases_to_record("Sharif Trust", [], "sharif trust", True) == [
        ("Sharif Trust", "sharif trust")
    ]
