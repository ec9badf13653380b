"""Who held a role on a date: from the titles the history recorded, with their dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from bot.people import resolve_person
from store.roles import holder_of_role

from .factories import OTHER_TEAM, TEAM


def _titled(session: Session, name: str, title: str, seen: date, team: str = TEAM) -> int:
    person = resolve_person(session, team, name=name, titles=(title,), seen_on=seen)
    return person.id


def test_the_person_who_held_the_title_then(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        before = _titled(s, "Edward Hartley", "Chancellor", date(2023, 5, 1))
        _titled(s, "Edward Hartley", "Chancellor", date(2024, 6, 1))
        after = _titled(s, "Nadia Kerr", "Chancellor", date(2024, 9, 1))
        holder = holder_of_role(s, TEAM, "chancellor", date(2024, 7, 15))
        assert holder is not None and holder.id == before
        holder = holder_of_role(s, TEAM, "Chancellor", date(2025, 1, 10))
        assert holder is not None and holder.id == after


def test_a_longer_title_ending_in_the_role_matches(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as s:
        asif = _titled(s, "Khawaja Asif", "Pakistan defence minister", date(2025, 9, 12))
        holder = holder_of_role(s, TEAM, "defence minister", date(2025, 9, 20))
        assert holder is not None and holder.id == asif


def test_nobody_before_the_title_was_first_seen(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        _titled(s, "Edward Hartley", "Chancellor", date(2024, 6, 1))
        assert holder_of_role(s, TEAM, "chancellor", date(2020, 1, 1)) is None
        assert holder_of_role(s, TEAM, "mayor", date(2024, 7, 1)) is None


def test_two_holders_at_once_are_no_answer(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        _titled(s, "Petra Vogel", "finance minister", date(2025, 1, 10))
        _titled(s, "Karl Lindqvist", "finance minister", date(2025, 2, 1))
        _titled(s, "Petra Vogel", "finance minister", date(2025, 3, 1))
        assert holder_of_role(s, TEAM, "finance minister", date(2025, 3, 5)) is None


def test_another_workspace_knows_nothing(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as s:
        _titled(s, "Edward Hartley", "Chancellor", date(2024, 6, 1), team=OTHER_TEAM)
        assert holder_of_role(s, TEAM, "chancellor", date(2024, 7, 1)) is None
