"""ingest(): articles in, statements filed under people, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import bot.pipeline
from bot.articles import Article, article_from_text
from bot.people import find_people
from bot.pipeline import IngestContext, IngestResult, ingest
from store.claims import add_claim, person_history
from store.models import Article as ArticleRow
from store.models import ClaimRow, Contradiction, Person

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
TEAM = "T_NEWSROOM"

SURNAME_ONLY = """Asif repeats claim on Khan's account

Sialkot, 20 September 2025 — Pakistan's defence minister Asif repeated on Saturday that the
army would not negotiate with the jailed former prime minister's party.

"There will be no talks with them," Asif said at a rally.
"""

ANOTHER_KHAN = """Mayor defends bus plan

London, 3 March 2025 — Sadiq Khan, the mayor of London, said the new bus routes would open in May.

"The routes are funded and ready," Khan said.
"""


def fixture_article(name: str) -> Article:
    return article_from_text((ARTICLES / name).read_text(encoding="utf-8"))


def file_article(
    sessions: sessionmaker[Session],
    nlp: Language,
    article: Article,
    *,
    team: str = TEAM,
    stated_on: date | None = None,
) -> IngestResult:
    with sessions.begin() as session:
        ctx = IngestContext(session=session, nlp=nlp, team_id=team, stated_on=stated_on)
        return ingest(article, ctx)


def count(sessions: sessionmaker[Session], model: type[object]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def people_named(sessions: sessionmaker[Session], name: str, team: str = TEAM) -> list[str]:
    with sessions() as session:
        return sorted(p.name for p in find_people(session, team, name))


def test_files_statements_under_canonical_people(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    result = file_article(session_factory, nlp, fixture_article("02_earlier_india.txt"))
    assert not result.duplicate
    assert result.published == date(2025, 9, 12)
    speakers = [ref.speaker for ref in result.statements]
    assert speakers.count("Khawaja Asif") == 4  # 'accused India of …' is a statement too
    assert "Zulfi Bukhari" in speakers
    assert all(ref.date == date(2025, 9, 12) for ref in result.statements)
    asif = next(ref for ref in result.statements if ref.speaker == "Khawaja Asif")
    assert asif.is_official


def test_same_man_named_differently_is_one_person(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_article(session_factory, nlp, fixture_article("02_earlier_india.txt"))
    later = file_article(session_factory, nlp, article_from_text(SURNAME_ONLY))
    assert {ref.speaker for ref in later.statements} == {"Khawaja Asif"}
    assert people_named(session_factory, "Asif") == ["Khawaja Asif"]
    assert people_named(session_factory, "Khawaja Asif") == ["Khawaja Asif"]
    with session_factory() as session:
        (person,) = find_people(session, TEAM, "Asif")
        history = person_history(session, TEAM, person.id)
    assert {claim.stated_on for claim, _ in history} == {date(2025, 9, 12), date(2025, 9, 20)}


def test_people_sharing_a_surname_are_not_merged(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_article(session_factory, nlp, fixture_article("02_earlier_india.txt"))
    file_article(session_factory, nlp, article_from_text(ANOTHER_KHAN))
    with session_factory() as session:
        names = sorted(session.scalars(select(Person.name)).all())
    assert "Sadiq Khan" in names
    assert "Khawaja Asif" in names
    assert people_named(session_factory, "Sadiq Khan") == ["Sadiq Khan"]


def test_questions_are_never_claims(session_factory: sessionmaker[Session], nlp: Language) -> None:
    result = file_article(session_factory, nlp, fixture_article("01_interview_jail_cell.txt"))
    assert result.questions >= 3
    with session_factory() as session:
        kinds = set(session.scalars(select(ClaimRow.kind)).all())
    assert "question" not in kinds
    asif = [r.content for r in result.statements if r.speaker == "Khawaja Asif"]
    assert not any("Which is it" in c or "court hearing" in c for c in asif)


def test_reingesting_the_same_text_files_nothing_new(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    first = file_article(session_factory, nlp, fixture_article("04_press_conference.txt"))
    claims_before = count(session_factory, ClaimRow)
    again = file_article(session_factory, nlp, fixture_article("04_press_conference.txt"))
    assert again.duplicate and again.article_id == first.article_id
    assert again.statements == ()
    assert count(session_factory, ClaimRow) == claims_before
    assert count(session_factory, ArticleRow) == 1


def test_same_url_is_not_filed_twice(session_factory: sessionmaker[Session], nlp: Language) -> None:
    base = fixture_article("04_press_conference.txt")
    url = "https://news.example.org/wildfires"
    first = Article(base.title, "Example News", date(2025, 8, 4), base.text, url)
    edited = Article(base.title, "Example News", date(2025, 8, 4), base.text + "\nUpdated.", url)
    file_article(session_factory, nlp, first)
    assert file_article(session_factory, nlp, edited).duplicate


def test_a_failure_half_way_leaves_no_rows(
    session_factory: sessionmaker[Session], nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add_claim = add_claim
    calls = {"n": 0}

    def failing_add_claim(*args: object, **kwargs: object) -> ClaimRow:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full (injected)")
        return real_add_claim(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bot.pipeline, "add_claim", failing_add_claim)
    with pytest.raises(RuntimeError, match="injected"):
        file_article(session_factory, nlp, fixture_article("04_press_conference.txt"))
    assert calls["n"] == 4
    for model in (ArticleRow, ClaimRow, Person):
        assert count(session_factory, model) == 0
    monkeypatch.setattr(bot.pipeline, "add_claim", real_add_claim)
    result = file_article(session_factory, nlp, fixture_article("04_press_conference.txt"))
    assert not result.duplicate and result.statements


def test_workspaces_never_see_each_other(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_article(session_factory, nlp, fixture_article("02_earlier_india.txt"), team="T_ONE")
    assert people_named(session_factory, "Asif", team="T_TWO") == []
    other = file_article(
        session_factory, nlp, fixture_article("02_earlier_india.txt"), team="T_TWO"
    )
    assert not other.duplicate  # the same text is new to another workspace
    with session_factory() as session:
        teams = session.execute(select(ClaimRow.team_id, func.count()).group_by(ClaimRow.team_id))
        per_team = dict(teams.all())
    assert per_team["T_ONE"] == per_team["T_TWO"] > 0


def test_explicit_date_overrides_the_article_date(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    result = file_article(
        session_factory, nlp, fixture_article("02_earlier_india.txt"), stated_on=date(2025, 1, 2)
    )
    assert {ref.date for ref in result.statements} == {date(2025, 1, 2)}


def test_no_contradiction_between_two_different_people(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    file_article(session_factory, nlp, fixture_article("05_reported_speech.txt"))
    file_article(session_factory, nlp, fixture_article("04_press_conference.txt"))
    assert count(session_factory, Contradiction) == 0


def test_two_workers_ingesting_the_same_articles_at_once_make_no_duplicates(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    articles = [fixture_article(n) for n in ("02_earlier_india.txt", "10_repeat_india.txt")]
    barrier = threading.Barrier(2)
    results: list[list[IngestResult]] = [[], []]
    errors: list[BaseException] = []

    def worker(slot: int) -> None:
        try:
            barrier.wait(timeout=30)
            for article in articles:
                results[slot].append(file_article(session_factory, nlp, article))
        except BaseException as exc:  # reported below, never swallowed
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for first, second in zip(results[0], results[1], strict=True):
        assert first.article_id == second.article_id
        assert sorted([first.duplicate, second.duplicate]) == [False, True]
    assert count(session_factory, ArticleRow) == 2
    with session_factory() as session:
        names = session.scalars(select(Person.name)).all()
    assert sorted(names) == sorted(set(names))
    assert people_named(session_factory, "Asif") == ["Khawaja Asif"]
