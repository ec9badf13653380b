"""`onrecord people`: list, merge, split, rename, not-a-person — exit codes and messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.config import DEFAULT_TEAM_ID
from store.db import make_engine, make_session_factory, upgrade_to_head
from store.models import ClaimRow, Person
from tests.store.factories import add_article, add_person
from tests.store.test_people_fixes import said

BUILD = (
    "Bridge plan\n\nLondon, 10 March 2024 — Boris told reporters that the city would build "
    "the garden bridge this year.\n"
)
NOT_BUILD = (
    "Bridge dropped\n\nLondon, 20 May 2024 — Speaking at City Hall, Boris Johnson said the "
    "city would not build the garden bridge this year.\n"
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'people.sqlite'}"}


@pytest.fixture
def sessions(env: dict[str, str]) -> Iterator[sessionmaker[Session]]:
    url = env["ONRECORD_DATABASE_URL"]
    upgrade_to_head(url)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["people", *args], env=env)


def people(sessions: sessionmaker[Session]) -> dict[str, Person]:
    with sessions() as session:
        return {p.name: p for p in session.scalars(select(Person))}


def seed(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions.begin() as s:
        boris = add_person(s, "Boris Johnson", team_id=DEFAULT_TEAM_ID, aliases=("Boris",))
        imran = add_person(s, "Imran Khan", team_id=DEFAULT_TEAM_ID)
        ayub = add_person(s, "Ayub Khan", team_id=DEFAULT_TEAM_ID)
        lawyer = add_person(s, "His lawyer", team_id=DEFAULT_TEAM_ID)
        one = add_article(s, DEFAULT_TEAM_ID, "One.")
        two = add_article(s, DEFAULT_TEAM_ID, "Two.")
        said(s, boris, one, "Bridges first.", written_as="Boris Johnson", team_id=DEFAULT_TEAM_ID)
        said(s, boris, two, "Bridges later.", written_as="Boris", team_id=DEFAULT_TEAM_ID)
        said(s, lawyer, two, "No comment.", written_as="His lawyer", team_id=DEFAULT_TEAM_ID)
        return {p.name: p.id for p in (boris, imran, ayub, lawyer)}


def test_list_shows_ids_names_aliases_and_counts(
    env: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    ids = seed(sessions)
    result = run(env, "list")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"#{ids['Ayub Khan']}  Ayub Khan — also Khan — 0 statements",
        f"#{ids['Boris Johnson']}  Boris Johnson — also Boris, Johnson — 2 statements",
        f"#{ids['His lawyer']}  His lawyer — also lawyer — 1 statement",
        f"#{ids['Imran Khan']}  Imran Khan — also Khan — 0 statements",
    ]
    only = run(env, "list", "khan")
    assert [line.split("  ")[1].split(" — ")[0] for line in only.stdout.splitlines()] == [
        "Ayub Khan",
        "Imran Khan",
    ]
    nobody = run(env, "list", "zebra")
    assert (nobody.exit_code, nobody.stdout) == (0, "nobody on record matches “zebra”\n")


def test_unknown_and_ambiguous_names_exit_2_with_one_line(
    env: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    ids = seed(sessions)
    unknown = run(env, "rename", "Nobody Known", "Someone")
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert unknown.stderr == "onrecord: nobody called “Nobody Known” is on record\n"
    ambiguous = run(env, "not-a-person", "Khan")
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr == (
        f"onrecord: “Khan” matches several people: Imran Khan (#{ids['Imran Khan']}), "
        f"Ayub Khan (#{ids['Ayub Khan']}); use the full name or #id\n"
    )
    # the merge fails on the name before it loads any model
    assert run(env, "merge", "Khan", "Boris Johnson").exit_code == 2
    taken = run(env, "rename", "His lawyer", "imran khan")
    assert taken.exit_code == 2 and "merge “His lawyer” into “Imran Khan” instead" in taken.stderr
    assert set(people(sessions)) == {"Boris Johnson", "Imran Khan", "Ayub Khan", "His lawyer"}


def test_rename_split_and_not_a_person_print_what_changed(
    env: dict[str, str], sessions: sessionmaker[Session]
) -> None:
    ids = seed(sessions)
    renamed = run(env, "rename", f"#{ids['His lawyer']}", "Ann Smith")
    assert renamed.exit_code == 0
    assert renamed.stdout == (
        f"renamed His lawyer to Ann Smith (#{ids['His lawyer']}); “His lawyer” stays an alias\n"
    )
    marked = run(env, "not-a-person", "His lawyer")
    assert marked.exit_code == 0 and marked.stdout.startswith(
        f"Ann Smith (#{ids['His lawyer']}) marked not a person"
    )
    history = CliRunner().invoke(main, ["history", "Ann Smith"], env=env)
    assert history.exit_code == 2  # hidden from history while marked
    assert "[not a person]" in run(env, "list", "ann").stdout
    undone = run(env, "not-a-person", "--undo", "Ann Smith")
    assert undone.stdout == f"Ann Smith (#{ids['His lawyer']}) is a person again\n"
    assert CliRunner().invoke(main, ["history", "Ann Smith"], env=env).exit_code == 0

    split = run(env, "split", "Boris Johnson", "Boris")
    assert split.exit_code == 0, split.stderr
    now = people(sessions)
    assert split.stdout == (
        f"detached “Boris” from Boris Johnson (#{ids['Boris Johnson']}) as Boris "
        f"(#{now['Boris'].id}): 1 statement moved\n"
    )
    with sessions() as session:
        owner = session.scalar(select(ClaimRow.person_id).where(ClaimRow.speaker_text == "Boris"))
    assert owner == now["Boris"].id
    again = run(env, "split", "Boris Johnson", "Boris")
    assert again.exit_code == 2 and "is not known as “Boris”" in again.stderr


def test_merge_from_the_command_line_flags_the_joined_history(
    env: dict[str, str], tmp_path: Path
) -> None:
    files = []
    for name, text in (("build.txt", BUILD), ("not_build.txt", NOT_BUILD)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    filed = CliRunner().invoke(main, ["ingest", "--format", "jsonl", *files], env=env)
    assert filed.exit_code == 0 and '"contradiction"' not in filed.stdout
    merged = run(env, "merge", "Boris", "Boris Johnson")
    assert merged.exit_code == 0, merged.stderr
    assert merged.stdout.startswith("merged Boris (#1) into Boris Johnson (#2): ")
    assert merged.stdout.endswith(", 1 new flag\n")
    review = CliRunner().invoke(main, ["review", "--format", "jsonl", "Boris"], env=env)
    assert review.exit_code == 0 and review.stdout.count('"contradiction"') == 1
    same = run(env, "merge", "Boris", "Boris Johnson")
    assert same.exit_code == 2 and "same person" in same.stderr
