"""Extraction throughput against raw spaCy parsing, measured in the same run.

    python benchmarks/extract_speed.py [--repeat 3] [--copies 20] [--processes 1]

Prints words/s for `nlp.pipe` alone and for `nlp.pipe` + On Record's rules
(quotes, speakers, claims), and their ratio (target ≥ 0.85).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language

from bot.nlp.extract import PIPE_BATCH_SIZE, statements_in
from bot.nlp.model import load_nlp

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "fixtures" / "articles", ROOT / "examples"]


def corpus(copies: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for d in SOURCES for p in sorted(d.glob("*.txt"))]
    return texts * copies


def parse_only(nlp: Language, texts: list[str], processes: int) -> int:
    words = 0
    for doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE, n_process=processes):
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
    return words


def parse_and_extract(nlp: Language, texts: list[str], processes: int) -> int:
    words = 0
    for doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE, n_process=processes):
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
        statements_in(doc)
    return words


def timed(
    fn: Callable[[Language, list[str], int], int], nlp: Language, texts: list[str], processes: int
) -> float:
    start = time.perf_counter()
    words = fn(nlp, texts, processes)
    return words / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    nlp = load_nlp("en_core_web_sm")
    texts = corpus(args.copies)
    parse_only(nlp, texts[:5], 1)  # warm-up
    raw, ours = [], []
    for _ in range(args.repeat):  # interleaved, so machine noise hits both alike
        raw.append(timed(parse_only, nlp, texts, args.processes))
        ours.append(timed(parse_and_extract, nlp, texts, args.processes))
    report(f"{len(texts)} articles", raw, ours, args)
    long_article = ["\n\n".join(texts[: len(texts) // args.copies])] * 3  # ~8k words each
    raw, ours = [], []
    for _ in range(args.repeat):
        raw.append(timed(parse_only, nlp, long_article, args.processes))
        ours.append(timed(parse_and_extract, nlp, long_article, args.processes))
    report("3 long articles (all fixtures in one)", raw, ours, args)


def report(label: str, raw: list[float], ours: list[float], args: argparse.Namespace) -> None:
    raw_rate, our_rate = statistics.median(raw), statistics.median(ours)
    print(f"{label}  processes: {args.processes}  repeats: {args.repeat}")
    print(f"  nlp.pipe only           {raw_rate:10.0f} words/s")
    print(f"  nlp.pipe + extraction   {our_rate:10.0f} words/s")
    print(f"  ratio                   {our_rate / raw_rate:10.3f}   (target >= 0.85)")


if __name__ == "__main__":
    main()
