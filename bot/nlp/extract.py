"""From a parsed article to attributed statements: quotes, then speakers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import resolve_speakers
from bot.nlp.types import Statement

PIPE_BATCH_SIZE = 16


def statements_in(doc: Doc) -> list[Statement]:
    """Every attributed statement in a parsed article, in text order."""
    return resolve_speakers(doc, extract_quotes(doc))


def statements_in_texts(
    nlp: Language, texts: Iterable[str], *, n_process: int = 1
) -> Iterator[tuple[Doc, list[Statement]]]:
    """Parse texts with nlp.pipe (one model, batched) and extract each one's statements."""
    for doc in nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE, n_process=n_process):
        yield doc, statements_in(doc)
