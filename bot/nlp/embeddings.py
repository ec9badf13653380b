"""Sentence embeddings: all-MiniLM-L6-v2 (mean-pooled, L2-normalised) as int8 ONNX.

Load once per process and keep the instance (`Embedder.load()`); `embed` returns an n x 384
float32 array of unit vectors, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from bot.nlp.onnx_models import (
    MODEL_FILE,
    TOKENIZER_FILE,
    check_model_dir,
    open_session,
    open_tokenizer,
    packaged_model_dir,
    run_in_batches,
)

logger = logging.getLogger(__name__)

DIMENSIONS = 384
BATCH_SIZE = 64


class Embedder:
    """Unit-length sentence vectors for retrieval of a speaker's earlier claims."""

    def __init__(self, session: Any, tokenizer: Tokenizer, batch_size: int = BATCH_SIZE) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._batch_size = batch_size

    @classmethod
    def load(cls, model_dir: Path | None = None) -> Embedder:
        """Load the embedder shipped with the package, or the one in `model_dir`."""
        directory = model_dir if model_dir is not None else packaged_model_dir("embedder")
        check_model_dir(directory)
        try:
            return cls(
                session=open_session(directory / MODEL_FILE),
                tokenizer=open_tokenizer(directory / TOKENIZER_FILE),
            )
        except Exception:
            logger.exception("could not load the sentence embedder from %s", directory)
            raise

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """An n x 384 float32 array, one L2-normalised row per text, in input order."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return unit_rows(run_in_batches(self._session, self._tokenizer, texts, self._batch_size))


def unit_rows(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Each row scaled to length 1 (rows of zeros stay zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    scaled: npt.NDArray[np.float32] = np.divide(
        vectors, norms, out=np.zeros_like(vectors), where=norms > 0
    )
    return scaled
