"""Extraction cost grows linearly with the input, and no text is too long to parse.

Each case is timed at two sizes in the same run (best of a few tries, the sizes taken in
turn, so a busy machine hits both alike); four times the input must cost well under eight
times the time. The quadratic versions took 11-25x at these sizes. Tokenizing is timed on
its own (spaCy's tokenizer was the quadratic step for marks without spaces); the rules are
timed on Docs parsed beforehand, so the statistical parser's own (linear) cost does not
dilute them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.nlp.extract import (
    batches,
    parse_ready,
    parse_texts,
    statements_in,
    statements_in_text,
)

SMALL = 2_000
GROWTH = 4
MAX_RATIO = 8.0
SMALL_LIMIT = 20_000
TRIES = 5


def _best_of_interleaved(
    run_small: Callable[[], object], run_large: Callable[[], object]
) -> tuple[float, float]:
    """Best time of each of two runs, tried in turn, so a burst of load from another process
    slows the small and the large size alike rather than only one of them."""
    small = large = float("inf")
    for _ in range(TRIES):
        for run, is_small in ((run_small, True), (run_large, False)):
            started = time.perf_counter()
            run()
            elapsed = time.perf_counter() - started
            if is_small:
                small = min(small, elapsed)
            else:
                large = min(large, elapsed)
    return small, large


def _rules_run(nlp: Language, text: str) -> Callable[[], object]:
    doc = next(parse_texts(nlp, [text]))
    return lambda: statements_in(doc, text)


def _tokenizer_run(nlp: Language, text: str) -> Callable[[], object]:
    return lambda: nlp.make_doc(parse_ready(text))


def _marks_without_spaces(n: int) -> str:
    return '"' * n


def _one_sentence_of_quotes_and_cues(n: int) -> str:
    return " ".join(["“Taxes will rise,” Ruiz said, “and fall”"] * (n // 4))


def _quotes_with_cues(n: int) -> str:
    return " ".join(['"Taxes will rise," Ruiz said.'] * (n // 2))


def _many_speakers(n: int) -> str:
    first = ["Anna", "Peter", "Lena", "Tomas", "Ines", "Omar", "Ruth", "Karl"]
    last = ["Berg", "Ruiz", "Lopez", "Okafor", "Demir", "Vogel", "Brandt", "Osei", "Kerr"]
    paragraphs = []
    for i in range(n // 8):
        name = f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]}{i // 72}"
        paragraphs.append(f"“Rates will rise,” said {name}. “We will see,” she said.")
    return "\n\n".join(paragraphs)


def _ratio(prepare: Callable[[str], Callable[[], object]], make: Callable[[int], str]) -> float:
    small, large = _best_of_interleaved(prepare(make(SMALL)), prepare(make(SMALL * GROWTH)))
    return large / max(small, 1e-4)


@pytest.mark.parametrize(
    "make", [_marks_without_spaces, _one_sentence_of_quotes_and_cues, _quotes_with_cues]
)
def test_tokenizing_four_times_the_input_costs_less_than_eight_times_the_time(
    nlp: Language, make: Callable[[int], str]
) -> None:
    assert _ratio(lambda text: _tokenizer_run(nlp, text), make) < MAX_RATIO


@pytest.mark.parametrize(
    "make",
    [_marks_without_spaces, _one_sentence_of_quotes_and_cues, _quotes_with_cues, _many_speakers],
)
def test_rules_on_four_times_the_input_cost_less_than_eight_times_the_time(
    nlp: Language, make: Callable[[int], str]
) -> None:
    assert _ratio(lambda text: _rules_run(nlp, text), make) < MAX_RATIO


def test_batches_join_back_into_the_text() -> None:
    text = ("A paragraph of narrative.\n\n" * 50) + ("word " * 400) + ('"' * 300)
    pieces = batches(text, 256)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 256 for p in pieces)
    assert pieces[0].endswith("\n")  # cut at a paragraph break where there is one


def test_text_longer_than_the_parser_limit_is_parsed_in_batches(nlp: Language) -> None:
    paragraph = "“We will not raise taxes,” Ana Ruiz said. Tomas Berg said the plan had failed.\n\n"
    text = paragraph * (2 * SMALL_LIMIT // len(paragraph) + 1)
    limit = nlp.max_length
    nlp.max_length = SMALL_LIMIT  # the same path as a text over spaCy's 1,000,000 characters
    try:
        doc, statements = statements_in_text(nlp, text)
    finally:
        nlp.max_length = limit
    assert doc.text == parse_ready(text)
    assert len(statements) == 2 * text.count(paragraph[:20])
    for statement in statements:
        quote = statement.quote
        assert text[quote.content_start : quote.content_end] == quote.content
    assert {s.speaker.name for s in statements} == {"Ana Ruiz", "Tomas Berg"}
