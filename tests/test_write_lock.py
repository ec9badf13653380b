"""Filing judges before it writes: on SQLite the write lock is not held while the model works.

Every Slack request writes its job row before it is acked, and on SQLite a write waits for
any other write transaction to commit. A filing reads and judges its statements in a read
session first (`prepare`), then files them in a short write transaction (`file_prepared`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from bot.articles import Article, article_from_text
from bot.durable import DurableQueue
from bot.jobs import JobKind, ReplyTo
from bot.nlp.judge import ContradictionScorer
from bot.nlp.scorer import Scorer
from bot.people import find_people
from bot.pipeline import IngestContext, IngestResult, file_prepared, ingest, ingest_in, prepare
from store.claims import person_claim_ids
from store.db import (
    READ_ONLY_OPTION,
    make_engine,
    make_session_factory,
    read_session,
    upgrade_to_head,
)

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
TEAM = "T_LOCK"
OFFICIAL = "Marta Velasquez"
SUBJECTS = [
    ("The Halden bridge", "will open in {month}", "will not open before 2027"),
    ("Fuel duty", "will rise by {n} pence", "will stay frozen this year"),
    ("The northern rail link", "is on budget", "has cost {n} million more than planned"),
    ("The Orvik summit", "will go ahead as scheduled", "has been postponed until {month}"),
    ("Hospital waiting lists", "have fallen by {n} per cent", "are longer than ever"),
    ("The port expansion", "will create {n} jobs", "has been shelved"),
]
MONTHS = ["March", "May", "July", "September"]


def statements(n: int, flip: bool) -> list[str]:
    """One statement per subject, worded by `n`; `flip` takes each subject's other side."""
    out = []
    for i, (subject, first, second) in enumerate(SUBJECTS):
        claim = second if flip else first
        out.append(f"{subject} {claim.format(month=MONTHS[(n + i) % 4], n=5 * (n + i + 1))}")
    return out


def article(n: int, day: date, sentences: Sequence[str]) -> Article:
    quotes = "\n\n".join(
        f'"{s}," the transport minister {OFFICIAL} told reporters.'
        if i == 0
        else f'"{s}," {OFFICIAL.split()[-1]} said.'
        for i, s in enumerate(sentences)
    )
    return article_from_text(f"Minister on plans, part {n}\n\nCapital, {day:%d %B %Y} — {quotes}\n")


class Watched:
    """The shipped scorer, with the time of each call recorded."""

    def __init__(self, scorer: ContradictionScorer) -> None:
        self.scorer = scorer
        self.calls: list[tuple[float, float]] = []
        self.judging = threading.Event()

    @property
    def thresholds(self) -> tuple[float, float]:
        return self.scorer.thresholds

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.judging.set()
        started = time.perf_counter()
        scores = self.scorer.contradiction_scores(pairs)
        self.calls.append((started, time.perf_counter()))
        return scores


class WriteSpans:
    """When each writing transaction on the engine began (lock taken) and committed."""

    def __init__(self, engine: Engine) -> None:
        self.began: dict[int, float] = {}
        self.spans: list[tuple[int, float, float]] = []  # (thread, began, committed)
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._commit)

    def _begin(self, conn: Connection) -> None:
        if not conn.get_execution_options().get(READ_ONLY_OPTION, False):
            self.began[threading.get_ident()] = time.perf_counter()

    def _commit(self, conn: Connection) -> None:
        began = self.began.pop(threading.get_ident(), None)
        if began is not None:
            self.spans.append((threading.get_ident(), began, time.perf_counter()))


@pytest.fixture
def sqlite_sessions(tmp_path: Path) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    url = f"sqlite:///{tmp_path / 'lock.sqlite'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    yield engine, make_session_factory(engine)
    engine.dispose()


def test_a_short_write_goes_through_while_a_long_article_is_judged(
    sqlite_sessions: tuple[Engine, sessionmaker[Session]], nlp: Language
) -> None:
    engine, sessions = sqlite_sessions
    for n in range(6):  # the official's history: every subject, on record six times
        history = article(n, date(2025, 1, 1) + timedelta(days=n), statements(n, flip=False))
        with sessions.begin() as session:
            ingest(history, IngestContext(session=session, nlp=nlp, team_id=TEAM))
    scorer = Watched(Scorer.load())
    spans = WriteSpans(engine)
    filed: list[IngestResult] = []
    long_article = article(100, date(2026, 6, 1), statements(100, flip=True) * 2)

    def file_long_article() -> None:
        context = lambda s: IngestContext(session=s, nlp=nlp, team_id=TEAM, scorer=scorer)  # noqa: E731
        filed.append(ingest_in(sessions, long_article, context))

    filing = threading.Thread(target=file_long_article)
    filing.start()
    assert scorer.judging.wait(timeout=120), "the filing never reached the model"
    asked = time.perf_counter()
    DurableQueue(sessions).enqueue(TEAM, JobKind.HISTORY, {"name": OFFICIAL}, reply_to=ReplyTo())
    queued = time.perf_counter()
    filing.join(timeout=300)
    (result,) = filed

    (filing_write,) = [(b, c) for t, b, c in spans.spans if t == filing.ident]
    lock_taken, committed = filing_write
    judged_until = max(end for _, end in scorer.calls)
    # the job row was committed at once, while the model was still judging the article and
    # before the filing took the write lock (on main's design it waited for the commit)
    assert queued - asked < 1.0
    assert queued < judged_until < lock_taken < committed
    # every model call ran before the filing took the write lock, none while holding it
    judging = sum(end - start for start, end in scorer.calls)
    assert committed - lock_taken < judging
    assert len(result.statements) == 2 * len(SUBJECTS)
    assert result.contradictions  # the flips were found (and judged once, before writing)


EARLIER = ARTICLES / "02_earlier_india.txt"
LATER = ARTICLES / "01_interview_jail_cell.txt"
REPEAT = ARTICLES / "10_repeat_india.txt"


def test_a_speaker_filed_after_prepare_is_judged_when_filed(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    """The minister's history arrives between reading and filing: the filing judges the
    statement itself and finds the same flag as an ingest in one go."""
    later = article_from_text(LATER.read_text(encoding="utf-8"))
    with read_session(session_factory) as reading:
        prepared = prepare(later, IngestContext(session=reading, nlp=nlp, team_id=TEAM))
    assert prepared.found and prepared.prejudged == {}  # nobody on record yet
    earlier = article_from_text(EARLIER.read_text(encoding="utf-8"))
    with session_factory.begin() as session:
        ingest(earlier, IngestContext(session=session, nlp=nlp, team_id=TEAM))
    with session_factory.begin() as session:
        result = file_prepared(prepared, IngestContext(session=session, nlp=nlp, team_id=TEAM))
    (flag,) = result.contradictions
    assert (flag.speaker, flag.kind) == ("Khawaja Asif", "place")
    assert (flag.earlier_value, flag.later_value) == ("India", "the jail cell")


def test_verdicts_judged_before_filing_are_the_ones_filed(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    """With the history on record when it is read, the statement is judged in `prepare`
    and filing uses that verdict: the flag is the same."""
    earlier = article_from_text(EARLIER.read_text(encoding="utf-8"))
    with session_factory.begin() as session:
        ingest(earlier, IngestContext(session=session, nlp=nlp, team_id=TEAM))
    later = article_from_text(LATER.read_text(encoding="utf-8"))
    with read_session(session_factory) as reading:
        prepared = prepare(later, IngestContext(session=reading, nlp=nlp, team_id=TEAM))
    assert any(
        v is not None and v.kind == "place" for p in prepared.prejudged.values() for v in p.verdicts
    )
    with session_factory.begin() as session:
        result = file_prepared(prepared, IngestContext(session=session, nlp=nlp, team_id=TEAM))
    (flag,) = result.contradictions
    assert (flag.earlier_value, flag.later_value) == ("India", "the jail cell")


def test_a_statement_filed_in_between_is_judged_with_the_rest(
    session_factory: sessionmaker[Session], nlp: Language
) -> None:
    """The minister's history grows between reading and filing (another article by him is
    filed meanwhile): the judgement made on the snapshot no longer holds and the filing
    judges again, against the whole history."""
    context = lambda s: IngestContext(session=s, nlp=nlp, team_id=TEAM)  # noqa: E731
    with session_factory.begin() as session:
        ingest(article_from_text(EARLIER.read_text(encoding="utf-8")), context(session))
    later = article_from_text(LATER.read_text(encoding="utf-8"))
    with read_session(session_factory) as reading:
        prepared = prepare(later, context(reading))
    before = {i: p.history for i, p in prepared.prejudged.items()}
    assert before
    with session_factory.begin() as session:
        ingest(article_from_text(REPEAT.read_text(encoding="utf-8")), context(session))
    with session_factory.begin() as session:
        result = file_prepared(prepared, context(session))
        (person,) = find_people(session, TEAM, "Khawaja Asif")
        grown = person_claim_ids(session, TEAM, person_id=person.id)
    assert all(set(history) < set(grown) for history in before.values())
    (flag,) = result.contradictions
    assert (flag.earlier_value, flag.later_value) == ("India", "the jail cell")
