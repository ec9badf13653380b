"""People: canonical names, the aliases they were written under, the titles they were given.

Who a new speaker is (the identity rules) is decided outside the store
(``bot.identity``); these functions only run the queries it asks for. Session first;
every query filters by ``team_id``; the caller owns the transaction.

On PostgreSQL, resolving a person takes a transaction-scoped advisory lock per workspace
(``lock_people``), so two workers filing the same man under "Khawaja Asif" and "Asif" at
once cannot create him twice (SQLite transactions are already serialised: ``store.db``
starts them with BEGIN IMMEDIATE).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from store.inserts import dialect_name, insert_ignoring_conflicts, insert_or_get
from store.models import NAME_LENGTH, Person, PersonAlias, PersonTitle


class AliasMatch(NamedTuple):
    """A stored alias that matched a lookup key, with its person's canonical key."""

    person_id: int
    alias_key: str
    person_key: str
    person_is_org: bool


def title_key(title: str) -> str:
    """How a title is stored and looked up: NFKC, case-folded, spacing folded."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())[:NAME_LENGTH]


def lock_people(session: Session, team_id: str) -> None:
    """PostgreSQL: serialise person resolution per workspace until the transaction ends."""
    if dialect_name(session) != "postgresql":
        return
    digest = hashlib.sha256(f"onrecord.people\0{team_id}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def get_person(session: Session, team_id: str, person_id: int) -> Person | None:
    """The person with this id in this workspace (no SQL when the session holds them)."""
    person = session.get(Person, person_id)
    return person if person is not None and person.team_id == team_id else None


def person_by_key(session: Session, team_id: str, key: str) -> Person | None:
    """The person whose canonical name has this key."""
    return session.scalars(
        select(Person).where(Person.team_id == team_id, Person.name_key == key)
    ).one_or_none()


def people_known_as(session: Session, team_id: str, key: str) -> list[Person]:
    """People whose canonical name or any alias has this key, the canonical match first."""
    alias_match = select(PersonAlias.person_id).where(
        PersonAlias.team_id == team_id, PersonAlias.alias_key == key
    )
    people = session.scalars(
        select(Person)
        .where(
            Person.team_id == team_id,
            or_(Person.name_key == key, Person.id.in_(alias_match)),
        )
        .order_by(Person.id)
    ).all()
    return sorted(people, key=lambda p: (p.name_key != key, p.id))


def alias_matches(session: Session, team_id: str, keys: Iterable[str]) -> list[AliasMatch]:
    """Every stored alias with one of these keys, with whose alias it is."""
    rows = session.execute(
        select(PersonAlias.person_id, PersonAlias.alias_key, Person.name_key, Person.is_org)
        .join(Person, Person.id == PersonAlias.person_id)
        .where(PersonAlias.team_id == team_id, PersonAlias.alias_key.in_(sorted(keys)))
    ).all()
    return [
        AliasMatch(pid, alias, person_key, bool(is_org)) for pid, alias, person_key, is_org in rows
    ]


def create_person(
    session: Session, team_id: str, *, name: str, key: str, is_org: bool, is_official: bool
) -> Person:
    """A new person; if a racing worker just created one with this key, that one."""
    person = Person(
        team_id=team_id, name=name.strip(), name_key=key, is_org=is_org, is_official=is_official
    )
    stored, _ = insert_or_get(session, person, lambda: person_by_key(session, team_id, key))
    return stored


def update_person(
    session: Session,
    person: Person,
    *,
    name: str | None = None,
    key: str | None = None,
    is_official: bool | None = None,
) -> None:
    """Rename a person (canonical name and its key) and/or mark them an official."""
    if name is not None and key is not None:
        person.name = name.strip()
        person.name_key = key
    if is_official is not None:
        person.is_official = is_official
    session.flush()


def add_aliases(
    session: Session, team_id: str, person: Person, aliases: Iterable[tuple[str, str]]
) -> None:
    """Record the (alias as written, alias key) pairs the person is not yet known under."""
    known = set(
        session.scalars(select(PersonAlias.alias_key).where(PersonAlias.person_id == person.id))
    )
    rows: list[dict[str, Any]] = []
    for alias, key in aliases:
        if key and key not in known:
            known.add(key)
            rows.append(
                {"person_id": person.id, "team_id": team_id, "alias": alias, "alias_key": key}
            )
    insert_ignoring_conflicts(session, PersonAlias, rows, ["person_id", "alias_key"])
    if rows:
        session.expire(person, ["aliases"])


def add_titles(
    session: Session,
    team_id: str,
    person: Person,
    titles: Sequence[str],
    seen_on: date,
    article_id: int | None,
) -> None:
    """Record the titles the person was given, widening first/last seen of known ones."""
    existing = {
        t.title_key: t
        for t in session.scalars(select(PersonTitle).where(PersonTitle.person_id == person.id))
    }
    for title in titles:
        title = " ".join(title.split())[:NAME_LENGTH]
        key = title_key(title)
        if not key:
            continue
        row = existing.get(key)
        if row is None:
            existing[key] = _new_title(person, team_id, title, key, seen_on, article_id)
            session.add(existing[key])
            continue
        if seen_on < row.first_seen:
            row.first_seen = seen_on
            row.article_id = article_id
        if seen_on > row.last_seen:
            row.last_seen = seen_on
    session.flush()
    session.expire(person, ["titles"])


def _new_title(
    person: Person, team_id: str, title: str, key: str, seen_on: date, article_id: int | None
) -> PersonTitle:
    return PersonTitle(
        person_id=person.id,
        team_id=team_id,
        title=title,
        title_key=key,
        first_seen=seen_on,
        last_seen=seen_on,
        article_id=article_id,
    )
