"""Who held a role on a date, as far as the team's history knows (titles are stored with the
dates they were first and last seen). Session first; every query filters by ``team_id``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from store.models import Person, PersonTitle
from store.people import title_key


def holder_of_role(session: Session, team_id: str, role: str, on: date) -> Person | None:
    """The one person on record with this title ('chancellor' also matches 'UK chancellor')
    who took it most recently on or before `on`; None when nobody did, or when two people
    held it over the same period ('the finance minister' of two countries). A speaker an
    editor marked not a person holds no role."""
    key = title_key(role)
    if not key:
        return None
    rows = session.execute(
        select(PersonTitle.person_id, PersonTitle.first_seen, PersonTitle.last_seen)
        .join(Person, Person.id == PersonTitle.person_id)
        .where(
            PersonTitle.team_id == team_id,
            or_(PersonTitle.title_key == key, PersonTitle.title_key.endswith(" " + key)),
            PersonTitle.first_seen <= on,
            Person.is_org.is_(False),
            Person.not_a_person.is_(False),
        )
        .order_by(PersonTitle.first_seen.desc())
    ).all()
    if not rows:
        return None
    holder, since, _ = rows[0]
    if any(person_id != holder and last_seen >= since for person_id, _, last_seen in rows[1:]):
        return None  # someone else held a title of that name after the holder took it
    return session.get(Person, holder)
