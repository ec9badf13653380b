"""Filing speakers as people: the identity rules of ``bot.identity`` run against the store.

Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.identity import (
    NameQuery,
    aliases_to_record,
    compatible_people,
    name_key,
    name_query,
    takes_full_name,
)
from store import people
from store.models import Person


def find_people(session: Session, team_id: str, name: str) -> list[Person]:
    """People known under ``name`` (canonical name or any alias), exact name first."""
    key = name_key(name)
    if not key:
        return []
    return people.people_known_as(session, team_id, key)


def _match_person(session: Session, team_id: str, query: NameQuery) -> Person | None:
    """The one known person the speaker is (see ``bot.identity``), or None."""
    exact = people.person_by_key(session, team_id, query.key)
    if exact is not None:
        return exact
    matches = people.alias_matches(session, team_id, query.alias_keys)
    compatible = compatible_people(query, matches)
    if len(compatible) != 1:
        return None
    return people.get_person(session, team_id, compatible[0])


def existing_person(
    session: Session, team_id: str, *, name: str, aliases: Sequence[str] = (), is_org: bool = False
) -> tuple[Person, str] | None:
    """The stored person ``resolve_person`` would file this speaker under, and the name the
    person would then have (a full name replaces a single one), found without writing
    anything; None when it would create someone."""
    key = name_key(name)
    if not key:
        return None
    person = _match_person(session, team_id, name_query(key, aliases, is_org))
    if person is None:
        return None
    return person, name if takes_full_name(person.name_key, key) else person.name


def resolve_person(
    session: Session,
    team_id: str,
    *,
    name: str,
    aliases: Sequence[str] = (),
    titles: Sequence[str] = (),
    is_org: bool = False,
    is_official: bool = False,
    seen_on: date | None = None,
    article_id: int | None = None,
) -> Person:
    """The stored person for a speaker, created if unknown; records new aliases and titles.

    A person known only by a single name who turns up under a full name is renamed to the
    full name. The canonical name, the surname and every alias are stored as aliases;
    titles keep first/last seen dates.
    """
    key = name_key(name)
    if not key:
        raise ValueError(f"cannot resolve a person without a name (got {name!r})")
    seen = seen_on or datetime.now(UTC).date()

    people.lock_people(session, team_id)
    person = _match_person(session, team_id, name_query(key, aliases, is_org))
    if person is None:
        person = people.create_person(
            session, team_id, name=name, key=key, is_org=is_org, is_official=is_official
        )
    rename = takes_full_name(person.name_key, key)
    people.update_person(
        session,
        person,
        name=name if rename else None,
        key=key if rename else None,
        is_official=True if is_official and not person.is_official else None,
    )
    people.add_aliases(session, team_id, person, aliases_to_record(name, aliases, key, is_org))
    if titles:
        people.add_titles(session, team_id, person, titles, seen, article_id)
    return person
