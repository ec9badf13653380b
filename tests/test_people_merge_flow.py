"""Merging two people re-checks their joined history with the real models: "Boris" said the
bridge would be built, "Boris Johnson" later said it would not — one man, one new flag."""

from __future__ import annotations

import pytest
from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import article_from_text
from bot.confidentiality import COMMAND_LINE
from bot.nlp.model import JudgingModels, load_judging_models
from bot.people_fixes import mark_not_a_person, merge_people
from bot.pipeline import IngestContext, IngestResult, ingest
from bot.review import flags_to_review
from store.models import ClaimRow, Contradiction, Person

TEAM = "T_MERGE"

BUILD = (
    "Bridge plan\n\nLondon, 10 March 2024 — Boris told reporters that the city "
    "would build the garden bridge this year.\n"
)
BUILD_AGAIN = (  # the same words, re-reported by another outlet
    "Garden bridge\n\nLondon, 12 March 2024 — Boris told reporters that the city "
    "would build the garden bridge this year, a council aide confirmed.\n"
)
NOT_BUILD = (
    "Bridge dropped\n\nLondon, 20 May 2024 — Speaking at City Hall, Boris Johnson "
    "said the city would not build the garden bridge this year.\n"
)


@pytest.fixture(scope="module")
def judging() -> JudgingModels:
    return load_judging_models()


def file_text(
    sessions: sessionmaker[Session], nlp: Language, judging: JudgingModels, text: str
) -> IngestResult:
    with sessions.begin() as session:
        ctx = IngestContext(
            session=session,
            nlp=nlp,
            team_id=TEAM,
            scorer=judging.scorer,
            embedder=judging.embedder,
        )
        return ingest(article_from_text(text), ctx)


def test_merge_flags_the_flip_between_the_two_former_people(
    session_factory: sessionmaker[Session], nlp: Language, judging: JudgingModels
) -> None:
    for text in (BUILD, BUILD_AGAIN, NOT_BUILD):
        assert file_text(session_factory, nlp, judging, text).contradictions == ()
    with session_factory() as session:
        people = {p.name: p.id for p in session.scalars(select(Person))}
        assert set(people) == {"Boris", "Boris Johnson"}
        written = set(session.execute(select(ClaimRow.person_id, ClaimRow.speaker_text)).all())
        assert written == {(people["Boris"], "Boris"), (people["Boris Johnson"], "Boris Johnson")}
    with session_factory.begin() as session:
        merged = merge_people(session, TEAM, "Boris", "Boris Johnson", judging.scorer)
    assert merged.gone.name == "Boris" and merged.kept.name == "Boris Johnson"
    # the flip is flagged once, against the first time it was said (not per re-report)
    (flag,) = merged.new_flags
    assert flag.speaker == flag.earlier.speaker == flag.later.speaker == "Boris Johnson"
    assert flag.earlier.date.isoformat() == "2024-03-10"
    assert flag.later.date.isoformat() == "2024-05-20"
    assert "would build" in flag.earlier.content and "not build" in flag.later.content
    assert flag.tier == "alert"
    with session_factory() as session:
        (stored,) = session.scalars(select(Contradiction)).all()
        assert stored.id == flag.contradiction_id and stored.status == "open"
        assert [f.contradiction_id for f in flags_to_review(session, TEAM, COMMAND_LINE)] == [
            stored.id
        ]
    # the judge is the ingest's: a later article repeating the denial is no new flag
    repeat = NOT_BUILD.replace("20 May", "21 May").replace("City Hall", "the Assembly")
    assert file_text(session_factory, nlp, judging, repeat).contradictions == ()


def test_no_alert_for_a_speaker_marked_not_a_person_until_unmarked(
    session_factory: sessionmaker[Session], nlp: Language, judging: JudgingModels
) -> None:
    file_text(session_factory, nlp, judging, BUILD)
    with session_factory.begin() as session:
        mark_not_a_person(session, TEAM, "Boris")
    flip = BUILD.replace("10 March", "20 May").replace("would build", "would not build")
    result = file_text(session_factory, nlp, judging, flip)
    assert [s.speaker for s in result.statements] == ["Boris"]  # the statement is filed
    assert result.contradictions == ()  # no thread alert
    with session_factory() as session:
        assert len(session.scalars(select(Contradiction)).all()) == 1  # kept, not shown
        assert flags_to_review(session, TEAM, COMMAND_LINE) == []
    with session_factory.begin() as session:
        mark_not_a_person(session, TEAM, "Boris", undo=True)
    with session_factory() as session:
        (shown,) = flags_to_review(session, TEAM, COMMAND_LINE)
        assert "not build" in shown.later.content
