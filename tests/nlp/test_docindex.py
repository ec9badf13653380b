"""The shared index: interval questions answered by bisect, as a scan would answer them."""

from __future__ import annotations

import random

import pytest

from bot.nlp.docindex import Intervals


@pytest.mark.parametrize("seed", range(20))
def test_intervals_agree_with_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    spans = []
    for _ in range(rng.randint(0, 30)):
        start = rng.randint(0, 200)
        spans.append((start, start + rng.randint(1, 40)))
    index = Intervals(spans)
    for _ in range(200):
        start = rng.randint(0, 250)
        end = start + rng.randint(1, 50)
        assert index.overlaps(start, end) == any(a < end and start < b for a, b in spans)
        assert index.contains(start, end) == any(a <= start and end <= b for a, b in spans)
