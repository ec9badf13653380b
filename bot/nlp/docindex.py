"""One pass over a parsed article that the attribution rules share, so none of them rescans it.

Sentence bounds per token, the quote span each token lies in, and quote spans searchable by
offset with bisect: every lookup the rules make is O(1) or O(log n), and every walk is bounded
by a sentence of at most MAX_RULE_SENTENCE tokens (longer ones are garbage, not prose). That
keeps extraction linear in the size of the article.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.quotemarks import QuoteSpan, find_quote_spans

MAX_RULE_SENTENCE = 300


@dataclass(frozen=True)
class DocIndex:
    """Lookups over one Doc; built once by `index_doc`."""

    doc: Doc
    text: str
    spans: Sequence[QuoteSpan]
    span_starts: Sequence[int]
    quote_of_token: Sequence[int]
    sent_start: Sequence[int]
    sent_end: Sequence[int]
    name_words: frozenset[str]  # words of the names the tagger found, lower case

    def is_known_name(self, token: Token) -> bool:
        """'Ruiz confirmed …' opening a sentence, tagged a common noun: a name all the same
        when the article names someone so elsewhere."""
        return token.text[:1].isupper() and token.lower_ in self.name_words

    def sentence(self, token: Token) -> Span:
        """The sentence a token is in (Token.sent walks the sentence on every call)."""
        return self.doc[self.sent_start[token.i] : self.sent_end[token.i]]

    def in_long_sentence(self, token: Token) -> bool:
        """True inside a 'sentence' too long to be prose: the tree rules leave it alone."""
        return self.sent_end[token.i] - self.sent_start[token.i] > MAX_RULE_SENTENCE

    def in_quote(self, token: Token) -> bool:
        return self.quote_of_token[token.i] >= 0

    def quote_inside(self, start_char: int, end_char: int) -> bool:
        """True when [start_char, end_char) lies within one quote span (marks included)."""
        n = bisect.bisect_right(self.span_starts, start_char + 1)
        return n > 0 and end_char <= self.spans[n - 1].end + 1

    def quotes_within(self, start_char: int, end_char: int) -> list[int]:
        """Indexes of the quote spans lying wholly in [start_char, end_char)."""
        first = bisect.bisect_left(self.span_starts, start_char)
        found = []
        for n in range(first, len(self.spans)):
            if self.spans[n].start >= end_char:
                break
            if self.spans[n].end <= end_char:
                found.append(n)
        return found

    def closing_mark_end(self, start_char: int, end_char: int) -> int:
        """`end_char`, moved past a closing mark when it ends inside a closed quote that
        began in [start_char, end_char) ('… was "far too high."')."""
        n = bisect.bisect_right(self.span_starts, end_char - 1)
        if n > 0:
            q = self.spans[n - 1]
            if start_char <= q.start and end_char < q.end + 1 and q.closed:
                return q.end + 1
        return end_char


def index_doc(doc: Doc) -> DocIndex:
    text = doc.text  # built from the tokens on every access: read it once
    spans = find_quote_spans(text)
    sent_start = [0] * len(doc)
    sent_end = [0] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sent_start[i] = sent.start
            sent_end[i] = sent.end
    return DocIndex(
        doc=doc,
        text=text,
        spans=spans,
        span_starts=[q.start for q in spans],
        quote_of_token=_token_quote_index(doc, spans),
        sent_start=sent_start,
        sent_end=sent_end,
        name_words=frozenset(
            t.lower_ for t in doc if t.ent_type_ in {"PERSON", "ORG"} and t.is_alpha
        ),
    )


def _token_quote_index(doc: Doc, spans: Sequence[QuoteSpan]) -> list[int]:
    """For each token, the index of the quote span it lies in (marks included), or -1."""
    index = [-1] * len(doc)
    s = 0
    for token in doc:
        while s < len(spans) and spans[s].end < token.idx:
            s += 1
        if s < len(spans) and spans[s].start - 1 <= token.idx <= spans[s].end:
            index[token.i] = s
    return index


class Intervals:
    """Character intervals [start, end) asking 'does any overlap / contain this?' in O(log n)."""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(intervals)
        self._starts = [start for start, _ in ordered]
        self._max_end: list[int] = []
        running = -1
        for _, end in ordered:
            running = max(running, end)
            self._max_end.append(running)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._starts, end)
        return k > 0 and self._max_end[k - 1] > start

    def contains(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._max_end[k - 1] >= end
