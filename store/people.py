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
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Result, and_, delete, func, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from store.inserts import dialect_name, insert_ignoring_conflicts, insert_or_get
from store.models import (
    NAME_LENGTH,
    ClaimRow,
    ClaimTopic,
    Contradiction,
    Person,
    PersonAlias,
    PersonTitle,
)


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


# --------------------------------------------------------------------------- fixing people
# An editor's corrections: merge two people, split an alias off, rename, mark not a person.
# Each takes the workspace's people lock first (see `lock_people`).


@dataclass(frozen=True)
class MergeCounts:
    """What a merge moved from the merged-in person to the one kept."""

    claims: int
    aliases: int
    titles: int


def claim_ids_of(session: Session, team_id: str, person_id: int) -> list[int]:
    """Ids of every claim filed under the person."""
    return list(
        session.scalars(
            select(ClaimRow.id)
            .where(ClaimRow.team_id == team_id, ClaimRow.person_id == person_id)
            .order_by(ClaimRow.id)
        )
    )


def speaker_texts(session: Session, team_id: str, person_id: int) -> list[tuple[int, str | None]]:
    """(claim id, speaker as written) of every claim filed under the person."""
    rows = session.execute(
        select(ClaimRow.id, ClaimRow.speaker_text)
        .where(ClaimRow.team_id == team_id, ClaimRow.person_id == person_id)
        .order_by(ClaimRow.id)
    ).all()
    return [(claim_id, written) for claim_id, written in rows]


def _move_claims(session: Session, team_id: str, claim_ids: Sequence[int], person_id: int) -> int:
    """File these claims (and their topic index rows) under another person."""
    moved = 0
    for start in range(0, len(claim_ids), 500):
        chunk = list(claim_ids[start : start + 500])
        moved += _rowcount(
            session.execute(
                update(ClaimRow)
                .where(ClaimRow.team_id == team_id, ClaimRow.id.in_(chunk))
                .values(person_id=person_id)
            )
        )
        session.execute(
            update(ClaimTopic)
            .where(ClaimTopic.team_id == team_id, ClaimTopic.claim_id.in_(chunk))
            .values(person_id=person_id)
        )
    moving = set(claim_ids)
    for obj in list(session.identity_map.values()):  # rows held: read their person again
        if isinstance(obj, ClaimRow) and obj.id in moving:
            session.expire(obj, ["person_id", "person"])
    return moved


def _rowcount(result: Result[Any]) -> int:
    count = getattr(result, "rowcount", 0)
    return int(count) if isinstance(count, int) and count > 0 else 0


def merge_people(session: Session, team_id: str, *, keep: Person, gone: Person) -> MergeCounts:
    """Merge ``gone`` into ``keep``: every claim (with its topics) moves, and with it every
    contradiction of those claims (they point at claims, not people); aliases and titles
    move, those ``keep`` already has collapse into one (a title keeps the widest first and
    last seen); ``keep`` is an official if either was, and keeps its own not-a-person mark;
    then ``gone`` is deleted."""
    if keep.id == gone.id or keep.team_id != team_id or gone.team_id != team_id:
        raise ValueError("merge needs two different people of this workspace")
    lock_people(session, team_id)
    session.flush()
    claims = _move_claims(session, team_id, claim_ids_of(session, team_id, gone.id), keep.id)
    aliases = _merge_aliases(session, team_id, keep, gone)
    titles = _merge_titles(session, keep, gone)
    keep.is_official = keep.is_official or gone.is_official
    session.flush()
    session.expire(gone)
    session.delete(gone)
    session.flush()
    session.expire(keep, ["aliases", "titles"])
    return MergeCounts(claims=claims, aliases=aliases, titles=titles)


def _merge_aliases(session: Session, team_id: str, keep: Person, gone: Person) -> int:
    known = {a.alias_key for a in keep.aliases}
    moved = 0
    for alias in list(gone.aliases):
        if alias.alias_key in known:
            session.delete(alias)
            continue
        known.add(alias.alias_key)
        alias.person = keep
        moved += 1
    if gone.name_key not in known:  # the canonical name is always an alias; make sure
        session.add(
            PersonAlias(
                person_id=keep.id, team_id=team_id, alias=gone.name, alias_key=gone.name_key
            )
        )
        moved += 1
    session.flush()
    return moved


def _merge_titles(session: Session, keep: Person, gone: Person) -> int:
    known = {t.title_key: t for t in keep.titles}
    moved = 0
    for title in list(gone.titles):
        same = known.get(title.title_key)
        if same is None:
            known[title.title_key] = title
            title.person = keep
            moved += 1
            continue
        if title.first_seen < same.first_seen:
            same.first_seen, same.article_id = title.first_seen, title.article_id
        same.last_seen = max(same.last_seen, title.last_seen)
        session.delete(title)
    session.flush()
    return moved


def split_person(
    session: Session, team_id: str, person: Person, alias_key: str, claim_ids: Sequence[int]
) -> tuple[Person, int, int]:
    """Detach the alias ``alias_key`` from ``person`` into a new person named as the alias
    was written, moving ``claim_ids`` (the caller picks the claims written that way) and
    the titles seen only in the articles of the moved claims. Contradictions that now join
    two different people are deleted: they were flagged under a mistaken identity.

    Returns (the new person, claims moved, flags deleted). Raises ``ValueError`` when the
    alias is not the person's, is their canonical name, or is another person's name.
    """
    lock_people(session, team_id)
    alias = next((a for a in person.aliases if a.alias_key == alias_key), None)
    if alias is None or alias_key == person.name_key:
        raise ValueError(f"{alias_key!r} is not an alias that can be split off")
    if person_by_key(session, team_id, alias_key) is not None:
        raise ValueError(f"somebody else is already called {alias.alias!r}")
    new = create_person(
        session, team_id, name=alias.alias, key=alias_key, is_org=person.is_org, is_official=False
    )
    alias.person = new
    session.flush()
    theirs = set(claim_ids_of(session, team_id, person.id))
    moved_ids = [i for i in claim_ids if i in theirs]
    moved = _move_claims(session, team_id, moved_ids, new.id)
    _move_titles_of_moved_articles(session, team_id, person, new)
    deleted = _delete_cross_person_flags(session, team_id, person.id, new.id)
    session.flush()
    session.expire(person, ["aliases", "titles"])
    session.expire(new, ["aliases", "titles"])
    return new, moved, deleted


def _articles_of(session: Session, team_id: str, person_id: int) -> set[int]:
    return set(
        session.scalars(
            select(ClaimRow.article_id).where(
                ClaimRow.team_id == team_id, ClaimRow.person_id == person_id
            )
        )
    )


def _move_titles_of_moved_articles(
    session: Session, team_id: str, person: Person, new: Person
) -> None:
    mine, theirs = _articles_of(session, team_id, person.id), _articles_of(session, team_id, new.id)
    for title in list(person.titles):
        if title.article_id is not None and title.article_id in theirs - mine:
            title.person = new
    session.flush()


def _delete_cross_person_flags(session: Session, team_id: str, one: int, other: int) -> int:
    earlier, later = aliased(ClaimRow), aliased(ClaimRow)
    ids = session.scalars(
        select(Contradiction.id)
        .join(earlier, earlier.id == Contradiction.earlier_claim_id)
        .join(later, later.id == Contradiction.later_claim_id)
        .where(
            Contradiction.team_id == team_id,
            or_(
                and_(earlier.person_id == one, later.person_id == other),
                and_(earlier.person_id == other, later.person_id == one),
            ),
        )
    ).all()
    if ids:
        session.execute(
            delete(Contradiction).where(
                Contradiction.team_id == team_id, Contradiction.id.in_(list(ids))
            )
        )
    return len(ids)


def rename_person(session: Session, team_id: str, person: Person, *, name: str, key: str) -> None:
    """Give the person a new canonical name; the old one stays an alias (as does the new).

    Raises ``ValueError`` when somebody else already has that name (merge them instead).
    """
    lock_people(session, team_id)
    holder = person_by_key(session, team_id, key)
    if holder is not None and holder.id != person.id:
        raise ValueError(f"somebody else is already called {holder.name!r}")
    old = (person.name, person.name_key)
    update_person(session, person, name=name, key=key)
    add_aliases(session, team_id, person, [old, (person.name, key)])


def set_not_a_person(session: Session, team_id: str, person: Person, value: bool) -> None:
    """Mark (or unmark) the speaker as no person: their statements stay on record."""
    if person.team_id != team_id:
        raise ValueError("that person belongs to another workspace")
    person.not_a_person = value
    session.flush()


@dataclass(frozen=True)
class PersonSummary:
    """One person as `onrecord people list` shows them."""

    id: int
    name: str
    aliases: tuple[str, ...]
    statements: int
    not_a_person: bool


def list_people(session: Session, team_id: str, query_key: str = "") -> list[PersonSummary]:
    """Every person (or those with ``query_key`` in their name or an alias), by name, with
    their aliases and how many statements they made (a statement of several clauses once)."""
    people = select(Person).where(Person.team_id == team_id)
    if query_key:
        pattern = (
            "%" + query_key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        by_alias = select(PersonAlias.person_id).where(
            PersonAlias.team_id == team_id, PersonAlias.alias_key.like(pattern, escape="\\")
        )
        people = people.where(
            or_(Person.name_key.like(pattern, escape="\\"), Person.id.in_(by_alias))
        )
    found = session.scalars(people.order_by(Person.name_key, Person.id)).all()
    counts = statement_counts(session, team_id, [p.id for p in found])
    return [
        PersonSummary(
            id=p.id,
            name=p.name,
            aliases=tuple(a.alias for a in p.aliases if a.alias_key != p.name_key),
            statements=counts.get(p.id, 0),
            not_a_person=p.not_a_person,
        )
        for p in found
    ]


def statement_counts(session: Session, team_id: str, person_ids: Sequence[int]) -> dict[int, int]:
    """How many statements each person made (clauses of one statement counted once)."""
    if not person_ids:
        return {}
    statements = (
        select(ClaimRow.person_id, ClaimRow.article_id, ClaimRow.content)
        .where(ClaimRow.team_id == team_id, ClaimRow.person_id.in_(list(person_ids)))
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(statements.c.person_id, func.count()).group_by(statements.c.person_id)
    ).all()
    return {int(pid): int(n) for pid, n in rows}
