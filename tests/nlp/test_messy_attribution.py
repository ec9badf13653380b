"""Messy copy never raises with the attribution rules' own triggers mixed in: labels,
credits, speech acts, time words, nicknames, long runs, broken lines."""

from __future__ import annotations

import random
from datetime import date

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in_text
from bot.nlp.statement_dates import statement_date

PUBLISHED = date(2025, 6, 1)
PIECES = [
    "GARCIA:",
    "Q:",
    "A.",
    "MR. SMITH (R-SC):",
    "Hasan:",
    "(File/REUTERS",
    "(AP Photo/Jane Roe)",
    "called for",
    "called the plan",
    "“a disgrace”",
    "denied the allegations",
    "urged lawmakers to",
    "vowed to",
    "according to",
    ", according to officials,",
    "Earlier this month,",
    "In 2019,",
    "last week",
    "two days ago",
    "in May",
    'William "Bill" Okoro',
    "Mrs May",
    "his office said",
    "the central bank chief",
    "the Chancellor",
    "said",
    "she",
    "he said,",
    "“",
    "”",
    '"',
    "'",
    "\n",
    "\n\n",
    "that\n",
    "—",
    "MOSCOW, Feb 2 (Reuters) -",
    "Asked whether",
    "on “Meet the Nation”",
    '"' * 70,
    "x" * 70,
]


@pytest.mark.parametrize("seed", range(60))
def test_random_copy_never_raises_and_offsets_hold(nlp: Language, seed: int) -> None:
    rng = random.Random(1000 + seed)
    text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 90)))
    _, statements = statements_in_text(nlp, text)
    for statement in statements:
        quote = statement.quote
        assert 0 <= quote.content_start < quote.content_end <= len(text)
        assert text[quote.content_start : quote.content_end] == quote.content
        for start, end in quote.parts:
            assert quote.content_start <= start < end <= quote.content_end
        if statement.said_when is not None:
            when = statement.said_when
            assert text[when.start : when.end] == when.text
        assert statement_date(statement, PUBLISHED).on <= PUBLISHED
        assert statement.speaker.name
