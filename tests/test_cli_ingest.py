"""`onrecord ingest`, `history`, `compare` and `db upgrade` through the real command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from spacy.language import Language
from sqlalchemy import select

from bot.cli import main
from store.db import make_engine, make_session_factory
from store.models import Contradiction, ContradictionStatus
from store.reviews import decide
from tests.http_fixtures import PageServer, page_route, page_server, redirect_route

__all__ = ["page_server"]

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
EARLIER = str(ARTICLES / "02_earlier_india.txt")
LATER = str(ARTICLES / "01_interview_jail_cell.txt")


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "ONRECORD_TEAM_ID": "T_CLI_TEST",
        "ONRECORD_ALLOW_LOCAL_FETCH": "false",
    }


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def jsonl(result: Result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_ingest_prints_claims_with_dates_and_sources(
    cli_env: dict[str, str], nlp: Language
) -> None:
    rows = jsonl(run(cli_env, "ingest", "--format", "jsonl", EARLIER))
    claims = [r for r in rows if r["type"] == "claim"]
    assert {tuple(sorted(r)) for r in claims} == {
        ("content", "date", "kind", "source", "speaker", "type")
    }
    asif = [r for r in claims if r["speaker"] == "Khawaja Asif"]
    assert len(asif) == 4  # 'accused India of …', two quotes, 'the minister said …'
    assert any(r["content"].startswith("India of being behind posts") for r in asif)
    assert {r["date"] for r in claims} == {"2025-09-12"}
    assert {r["source"] for r in claims} == {EARLIER}


def test_ingest_twice_files_nothing_new(cli_env: dict[str, str], nlp: Language) -> None:
    run(cli_env, "ingest", EARLIER)
    again = run(cli_env, "ingest", EARLIER)
    assert again.exit_code == 0
    assert "already filed" in again.stdout
    assert jsonl(run(cli_env, "ingest", "--format", "jsonl", EARLIER)) == []


def test_history_finds_a_person_by_any_alias(cli_env: dict[str, str], nlp: Language) -> None:
    run(cli_env, "ingest", EARLIER, LATER)
    by_surname = jsonl(run(cli_env, "history", "Asif", "--format", "jsonl"))
    by_full_name = jsonl(run(cli_env, "history", "khawaja asif", "--format", "jsonl"))
    assert by_surname == by_full_name
    dates = [r["date"] for r in by_surname]
    assert dates == sorted(dates) and dates[0] == "2025-09-12" and dates[-1] == "2025-09-27"
    assert all(r["speaker"] == "Khawaja Asif" for r in by_surname)
    assert not any("Which is it" in str(r["content"]) for r in by_surname)
    text = run(cli_env, "history", "Asif")
    assert text.stdout.startswith("Khawaja Asif — ")
    assert "defence minister" in text.stdout.splitlines()[0]


def test_history_of_an_unknown_name_exits_2(cli_env: dict[str, str]) -> None:
    result = run(cli_env, "history", "Nobody Atall")
    assert result.exit_code == 2
    assert result.stderr.strip() == "onrecord: nobody called 'Nobody Atall' is on record"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["ingest", "--date", "27/09/2025", EARLIER], "--date must be YYYY-MM-DD"),
        (["ingest", "missing-file.txt"], "no such file: missing-file.txt"),
        (["ingest", "--source", "not a link", EARLIER], "--source must be an http(s) link"),
        (["ingest", "http://169.254.169.254/latest/meta-data/"], "169.254.169.254"),
        (["ingest", "ftp://example.org/article"], "ftp"),
        (["ingest", "--source", "https://example.org/a", EARLIER, LATER], "one article"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    cli_env: dict[str, str], args: list[str], reason: str
) -> None:
    result = run(cli_env, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("onrecord: ")
    assert reason in lines[0]
    assert "Traceback" not in result.output


def test_localhost_is_refused_unless_the_test_setting_is_on(
    cli_env: dict[str, str], page_server: PageServer, nlp: Language
) -> None:
    page_server.routes["/news/ferries"] = page_route("article.html")
    url = page_server.url("/news/ferries").replace("127.0.0.1", "localhost")
    refused = run(cli_env, "ingest", url)
    assert refused.exit_code == 2
    assert "onrecord: " in refused.stderr and "Traceback" not in refused.output
    assert page_server.paths_requested() == []
    allowed = run(
        {**cli_env, "ONRECORD_ALLOW_LOCAL_FETCH": "true"}, "ingest", "--format", "jsonl", url
    )
    rows = jsonl(allowed)
    assert rows and {r["source"] for r in rows} == {url}
    assert {r["date"] for r in rows} == {"2025-10-14"}


def test_redirect_to_a_private_address_is_refused_even_in_test_mode(
    cli_env: dict[str, str], page_server: PageServer
) -> None:
    page_server.routes["/go"] = redirect_route("http://10.0.0.1/internal")
    result = run(
        {**cli_env, "ONRECORD_ALLOW_LOCAL_FETCH": "true"}, "ingest", page_server.url("/go")
    )
    assert result.exit_code == 2
    assert "10.0.0.1" in result.stderr or "private" in result.stderr


def test_bad_database_url_exits_2(cli_env: dict[str, str]) -> None:
    result = run({**cli_env, "ONRECORD_DATABASE_URL": "nonsense://"}, "history", "Asif")
    assert result.exit_code == 2
    assert "ONRECORD_DATABASE_URL" in result.stderr


def test_db_upgrade(cli_env: dict[str, str]) -> None:
    result = run(cli_env, "db", "upgrade")
    assert result.exit_code == 0
    assert "newest schema" in result.stdout


def test_compare_rejects_a_malformed_line(cli_env: dict[str, str], nlp: Language) -> None:
    result = run(cli_env, "compare", stdin='{"id": 1, "speaker": "A"}\n')
    assert result.exit_code == 2
    assert result.stderr.startswith("onrecord: line 1")


def test_compare_reads_stdin_and_answers_each_line(cli_env: dict[str, str], nlp: Language) -> None:
    lines = [
        {
            "id": "a",
            "speaker": "Ana Ruiz",
            "earlier": "We will not raise taxes.",
            "later": "We will raise taxes.",
        },
        {
            "id": "b",
            "speaker": "Ana Ruiz",
            "earlier": "The bridge opens in May.",
            "later": "Trains are late.",
        },
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    rows = jsonl(run(cli_env, "compare", "--format", "jsonl", stdin=stdin))
    assert [r["id"] for r in rows] == ["a", "b"]
    assert set(rows[0]) == {"id", "contradiction", "tier", "score", "kind", "explanation"}
    assert rows[0]["contradiction"] is True and rows[0]["kind"] == "polarity"
    assert rows[1]["contradiction"] is False


def test_review_lists_open_flags_of_a_person(cli_env: dict[str, str], nlp: Language) -> None:
    assert run(cli_env, "review").stdout.strip() == "nothing waiting for review"
    run(cli_env, "ingest", EARLIER, LATER)
    rows = jsonl(run(cli_env, "review", "Asif", "--format", "jsonl"))
    assert [(r["speaker"], r["kind"], r["tier"]) for r in rows] == [
        ("Khawaja Asif", "place", "alert")
    ]
    assert "!! CONTRADICTION: Khawaja Asif" in run(cli_env, "review").stdout
    unknown = run(cli_env, "review", "Nobody Known")
    assert unknown.exit_code == 2 and "nobody called" in unknown.stderr


def test_review_prints_who_reviewed_when_and_why(cli_env: dict[str, str], nlp: Language) -> None:
    run(cli_env, "ingest", EARLIER, LATER)
    (open_row,) = jsonl(run(cli_env, "review", "--format", "jsonl"))
    assert (open_row["status"], open_row["reviewed_by"], open_row["reason"]) == ("open", None, None)
    assert "  status: open" in run(cli_env, "review").stdout

    engine = make_engine(cli_env["ONRECORD_DATABASE_URL"])
    sessions = make_session_factory(engine)
    at = datetime(2025, 9, 20, 9, 30, tzinfo=UTC)
    with sessions.begin() as session:
        cid = session.scalars(select(Contradiction.id)).one()
        decide(
            session,
            "T_CLI_TEST",
            cid,
            status=ContradictionStatus.CONFIRMED,
            reviewer="UEDITOR",
            reason="Both on tape.",
            at=at,
        )
    engine.dispose()

    assert run(cli_env, "review").stdout.strip() == "nothing waiting for review"
    shown = run(cli_env, "review", "--status", "confirmed").stdout
    assert "!! CONTRADICTION: Khawaja Asif" in shown
    assert "  status: confirmed by UEDITOR at 2025-09-20 09:30 UTC — reason: Both on tape." in shown
    (row,) = jsonl(run(cli_env, "review", "--status", "all", "--format", "jsonl"))
    assert (row["status"], row["reviewed_by"], row["reviewed_at"], row["reason"]) == (
        "confirmed",
        "UEDITOR",
        "2025-09-20T09:30:00+00:00",
        "Both on tape.",
    )
    assert run(cli_env, "review", "--status", "dismissed").stdout.strip() == "no dismissed flags"
