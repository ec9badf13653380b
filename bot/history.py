"""History: what a reader may see of one person's record (any known name finds them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.confidentiality import Audience, visible
from bot.flags import StatementRef, statement_ref
from bot.people import find_people
from store.claims import person_history
from store.models import Person


def person_statements(session: Session, team_id: str, person: Person) -> list[StatementRef]:
    """A person's statements by date, one entry per statement (not per stored clause)."""
    seen: set[tuple[int, str]] = set()
    statements = []
    for claim, article in person_history(session, team_id, person.id):
        if (article.id, claim.content) not in seen:
            seen.add((article.id, claim.content))
            statements.append(statement_ref(claim, article, person))
    return statements


@dataclass(frozen=True)
class PersonHistory:
    """What a reader may see of one person's record: titles and statements, by date."""

    name: str
    titles: tuple[str, ...]
    statements: tuple[StatementRef, ...]
    person_id: int | None = None  # for "Fix this person"


@dataclass(frozen=True)
class HistoryLookup:
    """A name looked up: the one person's history, or the names it matches (none or several)."""

    history: PersonHistory | None
    matches: tuple[str, ...]


def visible_people(
    session: Session, team_id: str, name: str, audience: Audience
) -> list[tuple[Person, list[StatementRef]]]:
    """The people `name` finds who have statements `audience` may see, with those statements.

    People with nothing the reader may see do not exist for that reader: not in the matches,
    not in the counts, and their titles from hidden articles are not shown. Nor do speakers
    an editor marked not a person ("His lawyer"): their statements are kept, not shown.
    """
    found = []
    for person in find_people(session, team_id, name):
        if person.not_a_person:
            continue
        refs = visible(audience, person_statements(session, team_id, person))
        if refs:
            found.append((person, refs))
    return found


def look_up_history(session: Session, team_id: str, name: str, audience: Audience) -> HistoryLookup:
    """The history of the person `name` finds, as `audience` may see it (`visible_people`)."""
    found = visible_people(session, team_id, name, audience)
    if len(found) != 1:
        return HistoryLookup(history=None, matches=tuple(sorted(p.name for p, _ in found)))
    person, refs = found[0]
    shown_articles = {ref.article_id for ref in refs}
    titles = [
        t.title
        for t in sorted(person.titles, key=lambda t: t.first_seen)
        if t.article_id in shown_articles
    ]
    return HistoryLookup(
        history=PersonHistory(
            person.name, tuple(dict.fromkeys(titles)), tuple(refs), person_id=person.id
        ),
        matches=(person.name,),
    )
