"""`onrecord people`: list, merge, split, rename and mark the people on record.

Each fix is one transaction; a name that finds nobody or several people exits 2 with a
one-line reason listing the matches; success prints one line of what changed. Only
`merge` loads the judging models (it re-checks the joined history, as ingest would).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from bot.cli_base import fail, judging_models, open_store, settings_or_exit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


def apply_fix(fix: Callable[[Session, str], T]) -> T:
    """Run one fix in its own transaction; a `PersonFixError` exits 2 with its reason."""
    from bot.people_fixes import PersonFixError

    settings = settings_or_exit()
    sessions = open_store(settings)
    try:
        with sessions.begin() as session:
            return fix(session, settings.team_id)
    except PersonFixError as exc:
        fail(str(exc))


@click.group("people")
def people_group() -> None:
    """Fix people: merge two, split an alias off, rename, mark not a person."""


@people_group.command("list")
@click.argument("query", required=False, default="")
def list_command(query: str) -> None:
    """Everyone on record (or whose name or an alias contains QUERY): ids, names, aliases,
    statement counts."""
    from bot.people_fixes import list_people

    found = apply_fix(lambda session, team: list_people(session, team, query))
    for person in found:
        aliases = f" — also {', '.join(person.aliases)}" if person.aliases else ""
        marked = " [not a person]" if person.not_a_person else ""
        count = f"{person.statements} statement{'' if person.statements == 1 else 's'}"
        click.echo(f"#{person.id}  {person.name}{aliases} — {count}{marked}")
    if not found:
        click.echo(f"nobody on record matches “{query}”" if query else "nobody is on record yet")


@people_group.command("merge")
@click.argument("name")
@click.argument("into_name")
def merge_command(name: str, into_name: str) -> None:
    """Merge the person NAME into INTO_NAME and re-check their joined statements."""
    from bot.people_fixes import merge_people, people_to_merge

    # names that find nobody, or several people, fail before the models load
    apply_fix(lambda session, team: people_to_merge(session, team, name, into_name))
    scorer = judging_models().scorer
    merged = apply_fix(lambda session, team: merge_people(session, team, name, into_name, scorer))
    click.echo(merged.summary())


@people_group.command("split")
@click.argument("name")
@click.argument("alias")
def split_command(name: str, alias: str) -> None:
    """Detach ALIAS from NAME into a new person, with the statements written so."""
    from bot.people_fixes import split_person

    click.echo(apply_fix(lambda session, team: split_person(session, team, name, alias)).summary())


@people_group.command("rename")
@click.argument("name")
@click.argument("new_name")
def rename_command(name: str, new_name: str) -> None:
    """Rename NAME to NEW_NAME (the old name stays an alias)."""
    from bot.people_fixes import rename_person

    click.echo(
        apply_fix(lambda session, team: rename_person(session, team, name, new_name)).summary()
    )


@people_group.command("not-a-person")
@click.option("--undo", is_flag=True, help="NAME is a person after all.")
@click.argument("name")
def not_a_person_command(undo: bool, name: str) -> None:
    """Mark NAME as no person ("His lawyer"): kept, but out of history, flags and the digest."""
    from bot.people_fixes import mark_not_a_person

    marked = apply_fix(lambda session, team: mark_not_a_person(session, team, name, undo=undo))
    click.echo(marked.summary())
