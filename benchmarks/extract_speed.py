"""Extraction throughput against raw spaCy parsing, measured in the same run.

    python benchmarks/extract_speed.py [--repeat 3] [--copies 10] [--processes 1]

Each repeat runs `nlp.pipe` over the texts once; the time spent waiting for the parser and
the time spent in On Record's rules (quotes, speakers) are clocked separately on the same
documents, so machine noise hits both alike. Prints words/s for parsing alone and for
parsing + rules, and their ratio (target >= 0.85: the rules cost at most 15 % on top of
parsing). Also runs long articles (all fixtures joined), which would show quadratic rules.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from spacy.language import Language

from bot.nlp.extract import PIPE_BATCH_SIZE, parse_ready, statements_in
from bot.nlp.model import load_nlp

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "fixtures" / "articles", ROOT / "examples"]


def corpus(copies: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for d in SOURCES for p in sorted(d.glob("*.txt"))]
    return texts * copies


def one_pass(nlp: Language, texts: list[str], processes: int) -> tuple[int, float, float]:
    """(words, seconds parsing, seconds in the rules) for one nlp.pipe pass."""
    words, parsing, rules = 0, 0.0, 0.0
    docs = iter(
        nlp.pipe((parse_ready(t) for t in texts), batch_size=PIPE_BATCH_SIZE, n_process=processes)
    )
    for text in texts:
        started = time.perf_counter()
        doc = next(docs)
        parsed = time.perf_counter()
        statements_in(doc, text)
        rules += time.perf_counter() - parsed
        parsing += parsed - started
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
    return words, parsing, rules


def measure(label: str, nlp: Language, texts: list[str], args: argparse.Namespace) -> None:
    raw, ours = [], []
    for _ in range(args.repeat):
        words, parsing, rules = one_pass(nlp, texts, args.processes)
        raw.append(words / parsing)
        ours.append(words / (parsing + rules))
    raw_rate, our_rate = statistics.median(raw), statistics.median(ours)
    print(f"{label}  processes: {args.processes}  repeats: {args.repeat}")
    print(f"  nlp.pipe only           {raw_rate:10.0f} words/s")
    print(f"  nlp.pipe + extraction   {our_rate:10.0f} words/s")
    print(f"  ratio                   {our_rate / raw_rate:10.3f}   (target >= 0.85)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    nlp = load_nlp("en_core_web_sm")
    texts = corpus(args.copies)
    one_pass(nlp, texts[:5], 1)  # warm-up
    measure(f"{len(texts)} articles", nlp, texts, args)
    long_article = ["\n\n".join(texts[: len(texts) // args.copies])] * 3
    measure("3 long articles (all fixtures in one)", nlp, long_article, args)


if __name__ == "__main__":
    main()
