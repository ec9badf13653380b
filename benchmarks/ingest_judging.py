"""What does judging cost at ingest for a person with a long record? Run by hand, never in CI.

    .venv/bin/python benchmarks/ingest_judging.py [--history 1000] [--articles 8]

Files `--history` earlier statements by one official (synthetic, varied subjects, each with
its stored embedding) in a temporary SQLite history, then ingests `--articles` new articles
by the same official three ways, in the same run, each in a transaction that is rolled back
(so the history stays at its size):

  1. extraction only (parse, attribution, claims: `read_statements`), the baseline;
  2. ingest with the rules alone (no embedder, no scorer);
  3. ingest as the bot runs it (embedder + scorer: candidates by topic and meaning, judged).

Prints the median per article of each and the extra time of 3 over 1 (target < 1 s), and how
many earlier statements were judged per new statement.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.articles import Article
from bot.nlp.model import load_judging_models, load_nlp
from bot.people import find_people
from bot.pipeline import JUDGED_LIMIT, IngestContext, ingest, read_statements
from store.claims import person_history
from store.db import make_engine, make_session_factory, upgrade_to_head

TEAM = "T_BENCH"
OFFICIAL = "Marta Velasquez"
SUBJECTS = [
    ("the Halden bridge", "will open in {month}", "will not open before {year}"),
    ("fuel duty", "will rise by {n} pence", "will stay frozen this year"),
    ("the northern rail link", "is on budget", "has cost {n} million more than planned"),
    ("the Orvik summit", "will go ahead as scheduled", "has been postponed until {month}"),
    ("hospital waiting lists", "have fallen by {n} per cent", "are longer than ever"),
    ("the teachers' pay deal", "is fully funded", "cannot be paid for without cuts"),
    ("the port expansion", "will create {n} jobs", "has been shelved"),
    ("the flood defences", "were finished in {month}", "are still not complete"),
]
MONTHS = ["March", "May", "July", "September", "November"]


def statement(rng: random.Random) -> str:
    subject, first, second = rng.choice(SUBJECTS)
    claim = rng.choice([first, second]).format(
        month=rng.choice(MONTHS), year=rng.choice([2026, 2027]), n=rng.choice([5, 40, 200, 1200])
    )
    return f"{subject[0].upper()}{subject[1:]} {claim}"


def article_text(n: int, day: date, sentences: list[str]) -> str:
    quotes = "\n\n".join(
        f'"{s}," {OFFICIAL.split()[-1]} said.'
        if i
        else f'"{s}," the transport minister {OFFICIAL} told reporters.'
        for i, s in enumerate(sentences)
    )
    return f"Minister speaks on plans, part {n}\n\nCapital, {day:%d %B %Y} — {quotes}\n"


def fill_history(sessions: object, nlp: object, count: int, rng: random.Random) -> None:
    """`count` earlier statements by the official, filed through ingest (with embeddings)."""
    judging = load_judging_models()
    day = date(2024, 1, 1)
    filed = 0
    n = 0
    while filed < count:
        sentences = [statement(rng) for _ in range(5)]
        text = article_text(n, day + timedelta(days=n), sentences)
        with sessions.begin() as session:  # type: ignore[attr-defined]
            result = ingest(
                Article("", "", None, text, None),
                IngestContext(session, nlp, TEAM, embedder=judging.embedder),  # type: ignore[arg-type]
            )
        filed += len(result.statements)
        n += 1


def timed(run: Callable[[], object], repeats: list[float]) -> None:
    started = time.perf_counter()
    run()
    repeats.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--history", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(11)
    nlp = load_nlp("en_core_web_sm")
    judging = load_judging_models()
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite'}"
        upgrade_to_head(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        started = time.perf_counter()
        fill_history(sessions, nlp, args.history, rng)
        with sessions() as session:
            (person,) = find_people(session, TEAM, OFFICIAL)
            stored = len(person_history(session, TEAM, person.id))
        print(
            f"history: {stored} stored claims of {OFFICIAL} ({time.perf_counter() - started:.0f} s)"
        )
        extraction: list[float] = []
        rules: list[float] = []
        full: list[float] = []
        statements = 0
        for n in range(args.articles):
            text = article_text(10_000 + n, date(2026, 6, 1), [statement(rng) for _ in range(4)])
            article = Article("", "", None, text, None)
            timed(lambda text=text: read_statements(nlp, text), extraction)
            for repeats, with_models in ((rules, False), (full, True)):
                session = sessions()
                ctx = IngestContext(
                    session,
                    nlp,
                    TEAM,
                    scorer=judging.scorer if with_models else None,
                    embedder=judging.embedder if with_models else None,
                )
                timed(lambda ctx=ctx, article=article: ingest(article, ctx), repeats)
                session.rollback()
                session.close()
            statements += len(read_statements(nlp, text)[0])
        engine.dispose()
    base, rule, model = (statistics.median(x) for x in (extraction, rules, full))
    print(f"new articles: {args.articles}, {statements / args.articles:.1f} statements each")
    print(f"at most {JUDGED_LIMIT} earlier statements judged per new statement")
    print(f"1. extraction only (baseline):   {base * 1000:7.1f} ms per article")
    print(f"2. ingest, rules only:           {rule * 1000:7.1f} ms  (x{rule / base:.2f})")
    print(f"3. ingest, embedder + scorer:    {model * 1000:7.1f} ms  (x{model / base:.2f})")
    extra = model - base
    print(
        f"extra time on top of extraction: {extra * 1000:.0f} ms per article "
        f"(target < 1000 ms): {'met' if extra < 1.0 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
