"""How fast is the learned contradiction scorer on one core? Run by hand, never in CI.

    .venv/bin/python benchmarks/scorer_speed.py [--pairs PAIRS.jsonl] [--count 600] [--repeat 3]

Prints, from one run on one intra-op thread:
  1. Scorer.contradiction_scores throughput in pairs/s (each pair scored in both orders),
  2. the baseline measured alongside: Embedder.embed throughput in sentences/s over the same
     statements (a single-sentence encoder pass, the cheapest model step the pipeline takes),
  3. the size of the shipped model files.
Target: at least 200 pairs/s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.nlp.embeddings import Embedder
from bot.nlp.onnx_models import packaged_model_dir
from bot.nlp.scorer import Scorer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAIRS = ROOT / "training" / "data" / "pairs_validation.jsonl"
TARGET_PAIRS_PER_SECOND = 200.0


def read_pairs(path: Path, count: int) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                pairs.append((str(row["earlier"]), str(row["later"])))
    if not pairs:
        raise SystemExit(f"{path}: no pairs")
    return [pairs[i % len(pairs)] for i in range(count)]


def best_rate(work: Callable[[], object], items: int, repeat: int) -> tuple[float, float]:
    """Items per second of the fastest of `repeat` runs (less noise from other processes)."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return items / min(times), statistics.median(times)


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pairs = read_pairs(args.pairs, args.count)
    sentences = [text for pair in pairs for text in pair]
    scorer, embedder = Scorer.load(), Embedder.load()
    scorer.contradiction_scores(pairs[:32])  # warm-up
    embedder.embed(sentences[:64])
    pair_rate, pair_median = best_rate(
        lambda: scorer.contradiction_scores(pairs), len(pairs), args.repeat
    )
    sentence_rate, _ = best_rate(lambda: embedder.embed(sentences), len(sentences), args.repeat)
    mean_chars = statistics.mean(len(a) + len(b) for a, b in pairs)
    print(
        f"pairs: {len(pairs)} from {args.pairs.name} (mean {mean_chars:.0f} characters a pair); "
        f"cpu cores visible: {os.cpu_count()}; onnxruntime intra-op threads: 1"
    )
    verdict = "meets" if pair_rate >= TARGET_PAIRS_PER_SECOND else "MISSES"
    print(
        f"scorer:   {pair_rate:7.1f} pairs/s (both orders; median run {pair_median:.2f}s) "
        f"- {verdict} the {TARGET_PAIRS_PER_SECOND:.0f} pairs/s target"
    )
    print(
        f"baseline: {sentence_rate:7.1f} sentences/s through the embedder "
        f"(scorer pair = {sentence_rate / pair_rate:.1f} embedder sentences)"
    )
    for name in ("scorer", "embedder"):
        directory = packaged_model_dir(name)
        files = ", ".join(
            f"{f.name} {f.stat().st_size / 2**20:.1f} MiB"
            for f in sorted(directory.iterdir())
            if f.is_file()
        )
        print(f"{name} model files: {directory_size(directory) / 2**20:.1f} MiB ({files})")


if __name__ == "__main__":
    main()
