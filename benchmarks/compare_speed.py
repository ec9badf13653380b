"""How fast is contradiction checking? Run by hand, never in CI.

    .venv/bin/python benchmarks/compare_speed.py [--pairs PAIRS.jsonl] [--synthetic N]
        [--lookup-sizes 10000,1000000]

1. compare_lines (parse + claims + detector) over a pairs file, in pairs per second.
2. The same over N synthetic pairs built from templates (short, news-like sentences).
3. Candidate lookup: earlier_claim_candidates + detect_all for one new claim against a
   history of 10k and 1M stored claims of one person (a temporary SQLite file).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.compare import compare_lines
from bot.nlp.claims import claims_from_text
from bot.nlp.contradictions import detect_all
from bot.nlp.model import load_nlp

DEFAULT_PAIRS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "prosecco-dev.jsonl"
PEOPLE = ["Khawaja Asif", "Jane Doe", "the mayor", "Senator Smith"]
PLACES = ["India", "Lahore", "the jail cell", "Paris", "Adiala Jail", "Berlin"]
THINGS = ["troops", "nurses", "homes", "jobs", "vaccines"]
TEMPLATES = [
    "The account is being operated from {place}.",
    "He runs his X account from {place}.",
    "We sent {n:,} {thing} to the border.",
    "The government has built {n:,} {thing} since {year}.",
    "I never supported the {thing} plan.",
    "The minister did not sign the order on {thing}.",
    "Is it true that {n:,} {thing} were hired?",
]


def synthetic_lines(count: int, seed: int = 7) -> Iterator[str]:
    """Deterministic synthetic compare input lines."""
    rng = random.Random(seed)
    for index in range(count):
        texts = [
            rng.choice(TEMPLATES).format(
                place=rng.choice(PLACES),
                n=rng.choice([500, 5000, 5200, 12000, 1_500_000]),
                thing=rng.choice(THINGS),
                year=rng.choice([2019, 2021, 2024]),
            )
            for _ in range(2)
        ]
        yield json.dumps(
            {"id": index, "speaker": rng.choice(PEOPLE), "earlier": texts[0], "later": texts[1]}
        )


def time_compare(label: str, lines: list[str]) -> None:
    """Print pairs per second of compare_lines over the given input lines."""
    nlp = load_nlp("en_core_web_sm")
    started = time.perf_counter()
    results = [json.loads(out) for out in compare_lines(nlp, lines)]
    elapsed = time.perf_counter() - started
    flagged = sum(1 for r in results if r["contradiction"])
    print(
        f"{label}: {len(results)} pairs in {elapsed:.2f}s = {len(results) / elapsed:.0f} pairs/s "
        f"({flagged} flagged)"
    )


def time_lookup(size: int, claims_per_topic: int = 400, repeats: int = 20) -> float:
    """Candidate lookup + detection for one new claim against `size` stored claims.

    The topic vocabulary grows with the history so that every topic is shared by about
    `claims_per_topic` claims at every size: the lookup returns the same number of
    candidates, and any growth in time is the cost of the bigger history itself (an
    index lookup stays flat; a scan would grow with `size`). Returns the lookup seconds.
    """
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from bot.claim_rows import claim_to_frame
    from store.claims import earlier_claim_candidates
    from store.db import make_engine, upgrade_to_head
    from store.models import Article, ClaimRow, ClaimTopic, Person

    nlp = load_nlp("en_core_web_sm")
    new = claims_from_text(nlp, "Khawaja Asif", "He runs his X account from the jail cell.")[0]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        upgrade_to_head(url)
        engine = make_engine(url)
        started = time.perf_counter()
        with Session(engine) as session:
            session.add(Person(id=1, team_id="T1", name="Khawaja Asif", name_key="khawaja asif"))
            session.add(Article(id=1, team_id="T1", text="x", text_hash="0" * 64))
            session.flush()
            vocabulary = max(10, size * 4 // claims_per_topic)
            fill_history(session, size, vocabulary, insert, ClaimRow, ClaimTopic)
            session.commit()
        print(f"lookup: filled {size:,} claims in {time.perf_counter() - started:.1f}s")
        with Session(engine) as session:
            earlier_claim_candidates(session, "T1", person_id=1, topics=new.topics)  # warm
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                rows = earlier_claim_candidates(session, "T1", person_id=1, topics=new.topics)
                timings.append(time.perf_counter() - started)
            lookup = statistics.median(timings)
            frames = [claim_to_frame(row) for row in rows]
            started = time.perf_counter()
            for _ in range(repeats):
                found = detect_all(frames, new)
            detection = (time.perf_counter() - started) / repeats
        engine.dispose()
    print(
        f"lookup @ {size:,} claims: {len(rows)} candidates in {1000 * lookup:.1f} ms (median), "
        f"detect_all over them {1000 * detection:.1f} ms ({len(found)} verdicts)"
    )
    return lookup


def fill_history(
    session: Any,
    size: int,
    topic_vocabulary: int,
    insert: Any,
    claim_table: Any,
    topic_table: Any,
) -> None:
    """Bulk-insert `size` claims of person 1, each with 4 random topics (+ the seed's topics)."""
    rng = random.Random(11)
    vocabulary = [f"topic{i}" for i in range(topic_vocabulary)]
    vocabulary += ["account", "twitter", "operate", "india", "cell", "jail"]
    start_day = date(2020, 1, 1)
    batch = 20_000
    for first in range(1, size + 1, batch):
        ids = range(first, min(first + batch, size + 1))
        claims = []
        topics = []
        for claim_id in ids:
            chosen = rng.sample(vocabulary, 4)
            claims.append(
                claim_values(claim_id, chosen, start_day + timedelta(days=claim_id % 2000))
            )
            topics.extend(
                {"claim_id": claim_id, "topic": t, "team_id": "T1", "person_id": 1} for t in chosen
            )
        session.execute(insert(claim_table), claims)
        session.execute(insert(topic_table), topics)


def claim_values(claim_id: int, topics: list[str], stated_on: date) -> dict[str, object]:
    """Column values of one synthetic stored claim."""
    place = ["India", "Lahore", "Paris"][claim_id % 3]
    content = f"The account is operated from {place}."
    return {
        "id": claim_id,
        "team_id": "T1",
        "person_id": 1,
        "article_id": 1,
        "kind": "direct",
        "content": content,
        "content_start": 0,
        "content_end": len(content),
        "subject": "The account",
        "predicate": "operate",
        "polarity": True,
        "hedged": False,
        "quantifier": None,
        "frame": {
            "speaker": "Khawaja Asif",
            "topics": topics,
            "slots": [{"role": "place", "text": place, "start": 0, "end": len(place)}],
            "numbers": [],
        },
        "stated_on": stated_on,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--synthetic", type=int, default=2000)
    parser.add_argument("--lookup-sizes", default="10000,1000000")
    args = parser.parse_args()
    if args.pairs.exists():
        lines = args.pairs.read_text(encoding="utf-8").splitlines()
        time_compare(f"compare {args.pairs.name}", lines)
    time_compare("compare synthetic", list(synthetic_lines(args.synthetic)))
    sizes = [int(s) for s in args.lookup_sizes.split(",") if s.strip()]
    lookups = [time_lookup(size) for size in sizes]
    if len(lookups) > 1:
        ratio = lookups[-1] / lookups[0]
        print(f"lookup {sizes[-1]:,} / {sizes[0]:,}: {ratio:.2f}x   (target <= 2x)")


if __name__ == "__main__":
    main()
