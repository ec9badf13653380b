"""Pair quotation marks in raw text, by kind, tolerating messy copy.

Works on characters, not tokens, so the offsets are exact. Double marks pair with double
marks and single with single; a paragraph break closes a quote left open, and a paragraph
that reopens a quote right after an unclosed one continues it (wire-story style).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

DOUBLE_OPEN = frozenset("“„‟«")
DOUBLE_CLOSE = frozenset("”»")
DOUBLE_AMBIGUOUS = frozenset('"＂')
SINGLE_OPEN = frozenset("‘‚‛")
SINGLE_CLOSE = frozenset("’")
SINGLE_AMBIGUOUS = frozenset("'")
ALL_MARKS = (
    DOUBLE_OPEN | DOUBLE_CLOSE | DOUBLE_AMBIGUOUS | SINGLE_OPEN | SINGLE_CLOSE | SINGLE_AMBIGUOUS
)

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)*")
_OPENING_CONTEXT = frozenset(" \t\n\r([{—–-/:;")
WRAP_WIDTH = 100
MIN_WRAPPED_LINES = 3
_WRAP_NEWLINE = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)")
# Words no sentence ends on: a line that stops on one goes on in the next.
LINE_CONTINUING_WORDS = frozenset(
    """
    that the a an of to and or but in on for with by from as at is was were are be been
    said says told who which would will has have had his her their its
    """.split()
)
# A line that stops mid-sentence (a word or a comma) and a next line that goes on in lower
# case, or a line that stops on a word no sentence ends on: one paragraph broken by a hard
# line break, not two paragraphs.
_BROKEN_LINE = re.compile(
    r"(?:(?<=[^\W_])|(?<=[,;]))[ \t]*\n(?=[ \t]*[a-z])|(?:"
    + "|".join(rf"(?<=\b{word})" for word in sorted(LINE_CONTINUING_WORDS))
    + r")[ \t]*\n(?=[ \t]*[^\W\d_])"
)


@dataclass(frozen=True)
class QuoteSpan:
    """Text between a pair of quotation marks: [start, end) excludes the marks.

    `closed` is False when a paragraph break (or the end of the text) ended the quote;
    `continues_previous` is True when this span reopens a quote left open in the
    previous paragraph, so it belongs to the same speaker.
    """

    start: int
    end: int
    mark: str
    closed: bool
    continues_previous: bool = False
    opens_paragraph: bool = False


def lines_are_wrapped(text: str) -> bool:
    """True for hard-wrapped copy: no line over WRAP_WIDTH and most joined lines near it."""
    lines = text.split("\n")
    if max((len(line) for line in lines), default=0) > WRAP_WIDTH:
        return False
    joined = [len(a.rstrip()) for a, b in itertools.pairwise(lines) if a.strip() and b.strip()]
    if len(joined) < MIN_WRAPPED_LINES:
        return False
    near_width = sum(1 for n in joined if n >= WRAP_WIDTH // 2)
    return near_width >= 0.7 * len(joined)


def unwrap_lines(text: str) -> str:
    """Hard-wrapped copy with each wrapping newline turned into a space (same length, so
    every offset still points into the original text); other text is returned as is."""
    if not lines_are_wrapped(text):
        return text
    return _WRAP_NEWLINE.sub(" ", text)


def join_broken_lines(text: str) -> str:
    """Each line break inside a sentence ('a different bill\nfrom the one') turned into a
    space, so the paragraph (and any quote in it) holds together; offsets unchanged."""
    return _BROKEN_LINE.sub(lambda m: m.group(0).replace("\n", " "), text)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each line-delimited paragraph, skipping empty ones."""
    pos = 0
    for match in _PARAGRAPH.finditer(text):
        if match.start() > pos:
            yield pos, match.start()
        pos = match.end()
    if pos < len(text):
        yield pos, len(text)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int, start: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENING_CONTEXT or before in ALL_MARKS) and not after.isspace()


def _can_close_single(text: str, i: int, end: int) -> bool:
    """A single mark closes only where it is not an apostrophe (don't, players' union)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    if _is_word_char(before) and _is_word_char(after):
        return False  # don't, O'Brien
    if before.isspace():
        return False
    if before in "sS" and after == " " and i + 2 < end and text[i + 2].islower():
        return False  # plural possessive: the players' union
    return not _is_word_char(after)


def _pair_double(text: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """Pair double marks within one paragraph; returns (open_idx, close_idx|-1, mark, closed)."""
    spans: list[tuple[int, int, str, bool]] = []
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch in DOUBLE_OPEN:
            if open_at >= 0 and not _can_open(text, i, start):
                spans.append((open_at, i, text[open_at], True))  # “ typed where ” was meant
                open_at = -1
            else:
                open_at = i  # an unclosed earlier mark is dropped: messy copy
        elif ch in DOUBLE_CLOSE:
            if open_at >= 0:
                spans.append((open_at, i, text[open_at], True))
                open_at = -1
            elif _can_open(text, i, start) and (i == start or text[i - 1].isspace()):
                open_at = i  # ” typed where “ was meant
        elif ch in DOUBLE_AMBIGUOUS:
            if open_at >= 0:
                spans.append((open_at, i, text[open_at], True))
                open_at = -1
            elif _can_open(text, i, start):
                open_at = i
    if open_at >= 0:
        spans.append((open_at, -1, text[open_at], False))
    return spans


def _pair_single(text: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """Pair single marks in a paragraph that has no double marks (UK style, headlines)."""
    spans: list[tuple[int, int, str, bool]] = []
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in SINGLE_OPEN and ch not in SINGLE_AMBIGUOUS and ch not in SINGLE_CLOSE:
            continue
        if open_at < 0:
            if ch not in SINGLE_CLOSE and _can_open(text, i, start):
                open_at = i
        elif ch not in SINGLE_OPEN and _can_close_single(text, i, end):
            if i - open_at > 1:
                spans.append((open_at, i, text[open_at], True))
            open_at = -1
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted stretch of `text`, in order; never raises on unbalanced marks."""
    result: list[QuoteSpan] = []
    previous_unclosed = False
    for p_start, p_end in paragraphs(text):
        doubles = _pair_double(text, p_start, p_end)
        singles = [] if doubles else _pair_single(text, p_start, p_end)
        pairs = sorted(doubles + singles)
        reopened = bool(pairs) and pairs[0][0] == p_start
        for n, (open_idx, close_idx, mark, closed) in enumerate(pairs):
            end = close_idx if closed else p_end
            s, e = _trimmed(text, open_idx + 1, end)
            if e <= s:
                continue
            continues = n == 0 and reopened and previous_unclosed
            result.append(
                QuoteSpan(s, e, mark, closed, continues, opens_paragraph=open_idx == p_start)
            )
        previous_unclosed = bool(pairs) and not pairs[-1][3]
    return result
