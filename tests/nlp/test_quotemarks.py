"""Quotation-mark pairing on raw text: no model needed."""

from __future__ import annotations

import pytest

from bot.nlp.quotemarks import find_quote_spans, paragraphs, unwrap_lines


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Q one,” X said.", ["Q one,"]),
        ('"Straight marks," she said. "Second one."', ["Straight marks,", "Second one."]),
        ("“Split,” he said, “around the cue.”", ["Split,", "around the cue."]),
        ("He said: ‘single marks work too’.", ["single marks work too"]),
        ("The players’ union’s offer, ‘final and fair’, was refused.", ["final and fair"]),
        ("It isn’t O’Brien’s view.", []),
        ("“Nested ‘inner’ quote,” she said.", ["Nested ‘inner’ quote,"]),
        ("„German style“ opening", ["German style"]),
        ("", []),
        ('A lone " mark', []),
    ],
)
def test_pairs_marks_by_kind(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_paragraph_break_closes_an_open_quote() -> None:
    text = 'He said "this never closes\n\nNext paragraph "ok" here.'
    spans = find_quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == ["this never closes", "ok"]
    assert spans[0].closed is False
    assert spans[1].continues_previous is False


def test_multi_paragraph_quote_reopens_without_closing() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    first, second = find_quote_spans(text)
    assert text[first.start : first.end] == "First paragraph of the quote."
    assert not first.closed and first.opens_paragraph
    assert second.continues_previous and second.closed


def test_offsets_are_exact_and_never_raise_on_garbage() -> None:
    text = "“”‘’\"'“ ” “x” ‘ ’ '\n\n”“"
    for span in find_quote_spans(text):
        assert 0 <= span.start <= span.end <= len(text)


def test_paragraphs_split_on_blank_lines_and_finished_lines() -> None:
    text = "One.\n\nTwo.\nThree\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two.", "Three"]


def test_hard_wrapped_lines_are_joined_without_moving_offsets() -> None:
    text = (
        "The minister resigned on Monday after a long row over the budget\n"
        'with her own party, saying "it was time to go and let someone else\n'
        'try," in a letter to the prime minister that was published late on\n'
        "Monday evening by her office in the capital.\n\nNext paragraph."
    )
    joined = unwrap_lines(text)
    assert len(joined) == len(text)
    assert joined.count("\n") == 2 and "else try" in joined
    assert [joined[q.start : q.end] for q in find_quote_spans(joined)] == [
        "it was time to go and let someone else try,"
    ]


def test_unwrapped_copy_is_left_alone() -> None:
    text = "Short line.\nAnother short line.\n\n" + "A long paragraph " * 10
    assert unwrap_lines(text) == text
