"""ingest() and attribution: statement dates, roles filed under their holder, unnamed
sources never filed as people, recalled statements never the 'now' side of a flag."""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import article_from_text
from bot.pipeline import IngestContext, IngestResult, ingest
from store.models import Person

TEAM = "T_ATTRIBUTION"

NAMED = """Chancellor freezes fuel duty

London, 5 March 2025 — The Chancellor, Edward Hartley, told MPs on Wednesday that fuel duty
would stay frozen until April.
"""

ROLE_ONLY = """Treasury rules out new taxes

London, 20 March 2025 — The Chancellor said on Thursday that there would be no new taxes
this year. A Treasury source said the decision had been taken weeks ago.
"""

RECALLED = """Senator's shifting line on the mine

Carlow, 15 September 2025 — Senator Grace Ellery said on Monday that she would vote for the
mining bill. In 2019, Ellery said the mine would poison the aquifer.
"""


def file_text(sessions: sessionmaker[Session], nlp: Language, text: str) -> IngestResult:
    with sessions.begin() as session:
        return ingest(article_from_text(text), IngestContext(session, nlp, TEAM))


def test_a_role_the_article_never_names_goes_to_its_holder_on_record(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_text(session_factory, nlp, NAMED)
    result = file_text(session_factory, nlp, ROLE_ONLY)
    assert [(s.speaker, " ".join(s.content.split())) for s in result.statements] == [
        ("Edward Hartley", "there would be no new taxes this year")
    ]


def test_unnamed_sources_and_unknown_roles_are_not_filed_as_people(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    result = file_text(session_factory, nlp, ROLE_ONLY)
    assert result.statements == ()
    with session_factory() as session:
        assert session.scalars(select(Person.name)).all() == []


def test_a_recalled_statement_is_filed_with_the_date_it_was_made(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    result = file_text(session_factory, nlp, RECALLED)
    dates = {" ".join(s.content.split()): s.date for s in result.statements}
    assert dates["she would vote for the mining bill"] == date(2025, 9, 15)
    assert date(2019, 1, 1) <= dates["the mine would poison the aquifer"] <= date(2019, 12, 31)


INDIA = """Minister blames India for posts

Sialkot, 12 September 2025 — Pakistan's defence minister Khawaja Asif said on Friday that
Imran Khan's X account was being operated from India.
"""

JAIL_RECALLED = """A week of claims about an account

Lahore, 30 September 2025 — Last week, Pakistan's defence minister Khawaja Asif said that
Imran Khan was operating the account from the jail cell.
"""

JAIL_NOW = """Minister says Khan runs account from cell

Lahore, 30 September 2025 — Pakistan's defence minister Khawaja Asif said on Tuesday that
Imran Khan was operating the account from the jail cell.
"""


def test_a_recalled_statement_is_never_the_now_side_of_a_flag(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_text(session_factory, nlp, INDIA)
    assert file_text(session_factory, nlp, JAIL_RECALLED).contradictions == ()
    (flag,) = file_text(session_factory, nlp, JAIL_NOW).contradictions  # the same words, now
    assert flag.earlier.date == date(2025, 9, 12)
    assert flag.later.date == date(2025, 9, 30)
