"""The motivating case end to end: the minister's India claim, then the jail cell."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import article_from_text
from bot.cli import main
from bot.people import find_people
from bot.pipeline import IngestContext, IngestResult, ingest
from store.contradictions import flagged_statement_pairs, review_contradiction, statement_key
from store.models import Contradiction

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
EARLIER = ARTICLES / "02_earlier_india.txt"
LATER = ARTICLES / "01_interview_jail_cell.txt"
REPEAT = ARTICLES / "10_repeat_india.txt"
REREPORT = ARTICLES / "11_rereport_jail_cell.txt"
TEAM = "T_FLOW"


def file_path(sessions: sessionmaker[Session], nlp: Language, path: Path) -> IngestResult:
    article = article_from_text(path.read_text(encoding="utf-8"))
    with sessions.begin() as session:
        return ingest(article, IngestContext(session=session, nlp=nlp, team_id=TEAM))


def test_the_jail_cell_contradicts_india_exactly_once(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    assert file_path(session_factory, nlp, EARLIER).contradictions == ()
    later = file_path(session_factory, nlp, LATER)
    (flag,) = later.contradictions
    assert flag.speaker == "Khawaja Asif"
    assert flag.kind == "place"
    assert (flag.earlier_value, flag.later_value) == ("India", "the jail cell")
    assert "India" in flag.explanation and "the jail cell" in flag.explanation
    assert "12 Sep" in flag.explanation and "27 Sep" in flag.explanation
    assert flag.earlier.date.isoformat() == "2025-09-12"
    assert flag.later.date.isoformat() == "2025-09-27"
    assert "operated from India" in flag.earlier.content
    assert "jail cell" in flag.later.content
    with session_factory() as session:
        (stored,) = session.scalars(select(Contradiction)).all()
    assert stored.status == "open" and stored.kind == "place"


def test_repeating_the_claim_is_not_a_contradiction(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_path(session_factory, nlp, EARLIER)
    repeat = file_path(session_factory, nlp, REPEAT)
    assert repeat.contradictions == ()


def test_other_people_are_never_flagged_for_his_words(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_path(session_factory, nlp, EARLIER)
    file_path(session_factory, nlp, REPEAT)  # an opposition senator says: run from Pakistan
    later = file_path(session_factory, nlp, LATER)  # the interviewer quotes the India claim
    assert {flag.speaker for flag in later.contradictions} == {"Khawaja Asif"}


def test_a_dismissed_pair_is_never_flagged_again(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_path(session_factory, nlp, EARLIER)
    (flag,) = file_path(session_factory, nlp, LATER).contradictions
    with session_factory.begin() as session:
        review_contradiction(
            session,
            TEAM,
            flag.contradiction_id,
            status="dismissed",
            reviewer="U_EDITOR",
            at=datetime.now(UTC),
        )
        keys = (statement_key(flag.earlier.content), statement_key(flag.later.content))
        (person,) = find_people(session, TEAM, flag.speaker)
        assert keys in flagged_statement_pairs(session, TEAM, person.id)
    rereport = file_path(session_factory, nlp, REREPORT)  # the same words, another article
    assert rereport.statements and rereport.contradictions == ()
    with session_factory() as session:
        total = session.scalar(select(func.count()).select_from(Contradiction))
        statuses = session.scalars(select(Contradiction.status)).all()
    assert total == 1 and statuses == ["dismissed"]


def test_the_same_pair_re_reported_is_not_flagged_twice(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_path(session_factory, nlp, EARLIER)
    assert len(file_path(session_factory, nlp, LATER).contradictions) == 1
    rereport = file_path(session_factory, nlp, REREPORT)
    assert rereport.statements and rereport.contradictions == ()


def test_cli_ingest_reports_exactly_one_contradiction(tmp_path: Path, nlp: Language) -> None:
    env = {"ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'flow.sqlite'}"}
    result = CliRunner().invoke(
        main, ["ingest", "--format", "jsonl", str(EARLIER), str(LATER)], env=env
    )
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    flags = [r for r in rows if r["type"] == "contradiction"]
    assert len(flags) == 1
    (flag,) = flags
    assert flag["speaker"] == "Khawaja Asif" and flag["kind"] == "place"
    assert "India" in flag["explanation"] and "the jail cell" in flag["explanation"]
    assert flag["earlier"]["date"] == "2025-09-12" and flag["later"]["date"] == "2025-09-27"
    assert flag["earlier"]["source"] == str(EARLIER)
    assert flag["later"]["source"] == str(LATER)
    assert 0.0 <= float(flag["score"]) <= 1.0


@pytest.mark.parametrize("order", [(EARLIER, REPEAT), (REPEAT, EARLIER)])
def test_cli_repeat_in_either_order_reports_none(
    tmp_path: Path, nlp: Language, order: tuple[Path, Path]
) -> None:
    env = {"ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'repeat.sqlite'}"}
    args = ["ingest", "--format", "jsonl", *map(str, order)]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.stderr
    assert '"type": "contradiction"' not in result.stdout


REPORTED_FLIPS = [
    (
        "Governor rules out tax rise\n\nSpringfield, 10 January 2025 — Governor Alan Price "
        "said on Friday that the state would not raise the sales tax this year.\n",
        "Governor reverses course on tax\n\nSpringfield, 20 March 2025 — Governor Alan Price "
        "reversed course on Thursday, saying the state will raise the sales tax in July.\n",
        "Alan Price",
        "polarity",
    ),
    (
        "Factory stays open, mayor says\n\nMillbrook, 3 March 2025 — Mayor Jane Roe said on "
        "Monday that the paper factory would not close.\n",
        "Mayor confirms factory closure\n\nMillbrook, 9 June 2025 — Mayor Jane Roe announced "
        "on Friday that the paper factory will close in August.\n",
        "Jane Roe",
        "polarity",
    ),
    (
        "Senator backs deal\n\nCapital, 1 April 2025 — Senator Tom Hale said he supports the "
        "trade deal with Canada.\n",
        "Senator turns on deal\n\nCapital, 2 May 2025 — Senator Tom Hale said he opposes the "
        "trade deal with Canada.\n",
        "Tom Hale",
        "antonym",
    ),
    (
        "Troops sent\n\nCapital, 1 April 2025 — Defence Minister Ana Ruiz said 5,000 troops "
        "had been deployed to the border.\n",
        "Troop numbers\n\nCapital, 2 May 2025 — Defence Minister Ana Ruiz said 12,000 troops "
        "had been deployed to the border.\n",
        "Ana Ruiz",
        "number",
    ),
    (
        "Minister on meeting\n\nCapital, 1 April 2025 — “I never met the ambassador,” Defence "
        "Minister Ana Ruiz said.\n",
        "Minister admits meeting\n\nCapital, 2 May 2025 — Defence Minister Ana Ruiz said she "
        "met the ambassador twice last year.\n",
        "Ana Ruiz",
        "quantifier",
    ),
]


@pytest.mark.parametrize(("earlier", "later", "speaker", "kind"), REPORTED_FLIPS)
def test_reported_flips_are_caught_with_their_dates(
    session_factory: sessionmaker[Session],
    nlp: Language,
    earlier: str,
    later: str,
    speaker: str,
    kind: str,
) -> None:
    with session_factory.begin() as session:
        ctx = IngestContext(session=session, nlp=nlp, team_id=TEAM)
        assert ingest(article_from_text(earlier), ctx).contradictions == ()
    with session_factory.begin() as session:
        ctx = IngestContext(session=session, nlp=nlp, team_id=TEAM)
        (flag,) = ingest(article_from_text(later), ctx).contradictions
    assert (flag.speaker, flag.kind) == (speaker, kind)
    assert flag.earlier.date < flag.later.date
