"""From an article's text to attributed statements: parse, find quotes, resolve speakers."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.datelines import blank_datelines, blank_photo_credits
from bot.nlp.quotemarks import join_broken_lines, unwrap_lines
from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import resolve_speakers
from bot.nlp.statement_dates import with_recalled_times
from bot.nlp.types import Statement

PIPE_BATCH_SIZE = 16
# spaCy's tokenizer strips affixes one at a time, rescanning the rest of the word: a run of
# thousands of quotation marks without a space costs quadratic time. No word of prose is
# this long; a long link broken in two loses nothing the rules need.
LONG_WORD = 64
# Texts longer than this are parsed in batches of whole paragraphs (spaCy refuses texts over
# nlp.max_length, and one huge parse holds all its intermediate arrays at once).
BATCH_CHARS = 100_000
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def statements_in(doc: Doc, text: str | None = None) -> list[Statement]:
    """Every attributed statement in a parsed article, in text order.

    `text` is the article as written when the Doc was parsed from `parse_ready(text)`:
    offsets are the same, and contents are cut from the text as written.
    """
    statements = with_recalled_times(doc, resolve_speakers(doc, extract_quotes(doc)))
    if text is None or text == doc.text:
        return statements
    return [_as_written(statement, text) for statement in statements]


def _as_written(statement: Statement, text: str) -> Statement:
    quote = statement.quote
    written = dataclasses.replace(
        quote,
        content=text[quote.content_start : quote.content_end],
        speaker_text=text[quote.speaker_start : quote.speaker_end],
        cue=text[quote.cue_start : quote.cue_end] if quote.cue_end > quote.cue_start else quote.cue,
    )
    when = statement.said_when
    if when is not None:
        when = dataclasses.replace(when, text=text[when.start : when.end])
    return dataclasses.replace(statement, quote=written, said_when=when)


def parse_ready(text: str) -> str:
    """The text handed to the parser: hard-wrapped lines and lines broken mid-sentence
    joined, datelines and photo credits blanked and runs of non-space characters broken
    up, every offset unchanged."""
    joined = join_broken_lines(unwrap_lines(text))
    return _break_long_runs(blank_photo_credits(blank_datelines(joined)))


def _break_long_runs(text: str) -> str:
    """Every LONG_WORD-th character of an overlong run of non-space characters made a space."""

    def broken(match: re.Match[str]) -> str:
        step = LONG_WORD + 1
        return "".join(" " if (i + 1) % step == 0 else ch for i, ch in enumerate(match.group(0)))

    return _LONG_RUN.sub(broken, text)


def batches(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back into it: at a
    paragraph break where there is one, else after a sentence, else at a space."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 2:
            cut = max(window.rfind(". "), window.rfind(" ")) + 1
        if cut <= 0:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp: Language, texts: Iterable[str], *, n_process: int = 1) -> Iterator[Doc]:
    """One Doc per text, parsed from `parse_ready(text)` with nlp.pipe; long texts are parsed
    in paragraph batches and joined, so offsets still index the text as written."""
    limit = max(1, min(nlp.max_length, BATCH_CHARS))
    pieces = [batches(parse_ready(text), limit) for text in texts]
    docs = nlp.pipe(
        (piece for group in pieces for piece in group),
        batch_size=PIPE_BATCH_SIZE,
        n_process=n_process,
    )
    for group in pieces:
        parsed = [next(docs) for _ in group]
        yield parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)


def statements_in_text(nlp: Language, text: str) -> tuple[Doc, list[Statement]]:
    """Parse one article and extract its statements (contents cut from `text`)."""
    doc = next(parse_texts(nlp, [text]))
    return doc, statements_in(doc, text)


def statements_in_texts(
    nlp: Language, texts: Iterable[str], *, n_process: int = 1
) -> Iterator[tuple[Doc, list[Statement]]]:
    """Parse texts with nlp.pipe (one model, batched) and extract each one's statements."""
    originals = list(texts)
    docs = parse_texts(nlp, originals, n_process=n_process)
    for text, doc in zip(originals, docs, strict=True):
        yield doc, statements_in(doc, text)
