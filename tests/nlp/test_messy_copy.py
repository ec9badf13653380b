"""Messy copy never raises: random mixes of words, quote marks, apostrophes and breaks."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in_text

PIECES = [
    "said",
    "told reporters",
    "Ana Ruiz",
    "he",
    "she",
    "the minister",
    "claimed",
    "that",
    "taxes",
    "will",
    "rise",
    "not",
    "according to",
    "the ministry",
    ",",
    ".",
    ":",
    "?",
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "players’",
    "don't",
    "\n",
    "\n\n",
    "—",
    "(",
    ")",
    "Asked whether",
    "asked",
    "NEW DELHI —",
    "5,000",
    "troops",
    "Mr",
    "Berg",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_copy_never_raises_and_offsets_hold(nlp: Language, seed: int) -> None:
    rng = random.Random(seed)
    text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 120)))
    _, statements = statements_in_text(nlp, text)
    for statement in statements:
        quote = statement.quote
        assert 0 <= quote.content_start < quote.content_end <= len(text)
        assert text[quote.content_start : quote.content_end] == quote.content
        assert statement.speaker.name
