"""Attribution precision, recall and F1 on the hand-annotated articles in benchmarks/attribution/.

    python benchmarks/attribution_score.py [--set dev|holdout|all] [--verbose]

Every article was written for On Record (invented people and events); `gold.json` lists, per
article, its publication date and each statement as [speaker, content] (the speaker may be a
list of acceptable spellings; an optional third item "YYYY-MM-DD..YYYY-MM-DD" is the period
the statement was made in when the article recalls it).

A found statement matches a gold one when their character spans overlap with a Jaccard index
of at least 0.5 (one-to-one, best overlap first). Attribution P/R/F1 counts span matches;
speaker accuracy is the share of matched statements filed under the right speaker; strict F1
counts only matches with the right speaker. Dated statements score whether the statement's
date falls in the gold period.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from bot.nlp.extract import statements_in_text
from bot.nlp.model import load_nlp
from bot.nlp.statement_dates import statement_date
from bot.nlp.types import Statement

ROOT = Path(__file__).resolve().parent / "attribution"
MIN_JACCARD = 0.5
LEADING_WORDS = frozenset({"the", "a", "an", "two", "three", "some", "several"})


@dataclass(frozen=True)
class Gold:
    speakers: tuple[str, ...]
    start: int
    end: int
    period: tuple[date, date] | None


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    right_speaker: int = 0
    dated: int = 0
    right_date: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def speaker_key(name: str) -> str:
    words = name.replace('"', " ").replace("’", "'").lower().split()
    while words and words[0] in LEADING_WORDS:
        words.pop(0)
    return " ".join(words)


def read_gold(text: str, rows: list[list[object]]) -> list[Gold]:
    gold = []
    for row in rows:
        speakers = row[0] if isinstance(row[0], list) else [row[0]]
        content = str(row[1])
        start = text.index(content)
        period = None
        if len(row) > 2:
            first, last = str(row[2]).split("..")
            period = (date.fromisoformat(first), date.fromisoformat(last))
        gold.append(Gold(tuple(str(s) for s in speakers), start, start + len(content), period))
    return gold


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def match(gold: list[Gold], found: list[Statement]) -> list[tuple[int, int]]:
    """(gold index, found index) pairs, best overlap first, one-to-one."""
    pairs = []
    for g, item in enumerate(gold):
        for f, statement in enumerate(found):
            q = statement.quote
            score = jaccard((item.start, item.end), (q.content_start, q.content_end))
            if score >= MIN_JACCARD:
                pairs.append((score, g, f))
    used_g: set[int] = set()
    used_f: set[int] = set()
    result = []
    for _, g, f in sorted(pairs, reverse=True):
        if g not in used_g and f not in used_f:
            used_g.add(g)
            used_f.add(f)
            result.append((g, f))
    return result


def score_article(nlp: Language, path: Path, entry: dict[str, object], verbose: bool) -> Tally:
    text = path.read_text(encoding="utf-8")
    published = date.fromisoformat(str(entry["published"]))
    rows = entry["statements"]
    assert isinstance(rows, list)
    gold = read_gold(text, rows)
    _, found = statements_in_text(nlp, text)
    pairs = match(gold, found)
    tally = Tally(gold=len(gold), found=len(found), matched=len(pairs))
    for g, f in pairs:
        item, statement = gold[g], found[f]
        right = speaker_key(statement.speaker.name) in {speaker_key(s) for s in item.speakers}
        tally.right_speaker += right
        if item.period is not None:
            tally.dated += 1
            when = statement_date(statement, published)
            tally.right_date += item.period[0] <= when.on <= item.period[1]
        if verbose and not right:
            print(f"  {path.name}: speaker {statement.speaker.name!r} for {item.speakers[0]!r}")
    if verbose:
        matched_g = {g for g, _ in pairs}
        matched_f = {f for _, f in pairs}
        for g, item in enumerate(gold):
            if g not in matched_g:
                print(f"  {path.name}: MISSED {item.speakers[0]}: {text[item.start : item.end]!r}")
        for f, statement in enumerate(found):
            if f not in matched_f:
                print(f"  {path.name}: EXTRA {statement.speaker.name}: {statement.quote.content!r}")
    return tally


def report(label: str, tally: Tally) -> None:
    precision = tally.matched / tally.found if tally.found else 0.0
    recall = tally.matched / tally.gold if tally.gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    strict_p = tally.right_speaker / tally.found if tally.found else 0.0
    strict_r = tally.right_speaker / tally.gold if tally.gold else 0.0
    strict = 2 * strict_p * strict_r / (strict_p + strict_r) if strict_p + strict_r else 0.0
    accuracy = tally.right_speaker / tally.matched if tally.matched else 0.0
    print(
        f"{label:8} gold {tally.gold:4}  found {tally.found:4}  P {precision:.3f}  "
        f"R {recall:.3f}  F1 {f1:.3f}  speaker acc {accuracy:.3f}  strict F1 {strict:.3f}  "
        f"dates {tally.right_date}/{tally.dated}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "holdout", "all"], default="dev")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    nlp = load_nlp("en_core_web_sm")
    names = ["dev", "holdout"] if args.set == "all" else [args.set]
    for name in names:
        folder = ROOT / name
        entries = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        total = Tally()
        for file_name, entry in entries.items():
            total.add(score_article(nlp, folder / file_name, entry, args.verbose))
        report(name, total)


if __name__ == "__main__":
    main()
