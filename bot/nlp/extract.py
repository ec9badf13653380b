"""From an article's text to attributed statements: parse, find quotes, resolve speakers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.datelines import blank_datelines
from bot.nlp.quotemarks import unwrap_lines
from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import resolve_speakers
from bot.nlp.types import Statement

PIPE_BATCH_SIZE = 16


def statements_in(doc: Doc, text: str | None = None) -> list[Statement]:
    """Every attributed statement in a parsed article, in text order.

    `text` is the article as written when the Doc was parsed from `parse_ready(text)`:
    offsets are the same, and contents are cut from the text as written.
    """
    statements = resolve_speakers(doc, extract_quotes(doc))
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
    return dataclasses.replace(statement, quote=written)


def parse_ready(text: str) -> str:
    """The text handed to the parser: hard-wrapped lines joined and datelines blanked,
    every offset unchanged."""
    return blank_datelines(unwrap_lines(text))


def statements_in_text(nlp: Language, text: str) -> tuple[Doc, list[Statement]]:
    """Parse one article and extract its statements (contents cut from `text`)."""
    doc = nlp(parse_ready(text))
    return doc, statements_in(doc, text)


def statements_in_texts(
    nlp: Language, texts: Iterable[str], *, n_process: int = 1
) -> Iterator[tuple[Doc, list[Statement]]]:
    """Parse texts with nlp.pipe (one model, batched) and extract each one's statements."""
    originals = list(texts)
    docs = nlp.pipe(
        (parse_ready(t) for t in originals), batch_size=PIPE_BATCH_SIZE, n_process=n_process
    )
    for text, doc in zip(originals, docs, strict=True):
        yield doc, statements_in(doc, text)
