"""The learned contradiction scorer: our int8 MiniLM cross-encoder, run with onnxruntime.

Load once per process and keep the instance (`Scorer.load()`); it holds an onnxruntime session
on one intra-op thread. `contradiction_scores` gives P(contradiction) for (earlier, later)
statement pairs, scoring each pair in both orders in the same batched run and averaging.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

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

THRESHOLDS_FILE = "thresholds.json"
# One text pair per run: the int8 model quantises activations per run (dynamic quantisation),
# so scoring pairs together would let one pair's score move with its batch-mates (by up to
# 0.12). One at a time, a pair scores the same in `compare`, in ingest and in a test.
BATCH_SIZE = 1


class Thresholds(NamedTuple):
    """Score cuts chosen on validation data: `alert` (posted, precision first) >= `review`."""

    alert: float
    review: float


def read_thresholds(path: Path) -> Thresholds:
    data = json.loads(path.read_text(encoding="utf-8"))
    alert, review = float(data["alert"]), float(data["review"])
    if not 0.0 <= review <= alert <= 1.0:
        raise ValueError(f"{path}: need 0 <= review <= alert <= 1, got {data}")
    return Thresholds(alert=alert, review=review)


class Scorer:
    """P(contradiction) for statement pairs by the same speaker."""

    def __init__(
        self,
        session: Any,
        tokenizer: Tokenizer,
        thresholds: Thresholds,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._thresholds = thresholds
        self._batch_size = batch_size

    @classmethod
    def load(cls, model_dir: Path | None = None) -> Scorer:
        """Load the model shipped with the package, or the one in `model_dir`."""
        directory = model_dir if model_dir is not None else packaged_model_dir("scorer")
        check_model_dir(directory)
        try:
            return cls(
                session=open_session(directory / MODEL_FILE),
                tokenizer=open_tokenizer(directory / TOKENIZER_FILE),
                thresholds=read_thresholds(directory / THRESHOLDS_FILE),
            )
        except Exception:
            logger.exception("could not load the contradiction scorer from %s", directory)
            raise

    @property
    def thresholds(self) -> Thresholds:
        return self._thresholds

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """P(contradiction) per (earlier, later) pair: the mean over both orders."""
        if not pairs:
            return []
        both_orders = [*pairs, *((later, earlier) for earlier, later in pairs)]
        scores = self._score_ordered(both_orders)
        half = len(pairs)
        return [float((scores[i] + scores[half + i]) / 2.0) for i in range(half)]

    def _score_ordered(self, pairs: Sequence[tuple[str, str]]) -> npt.NDArray[np.float32]:
        probabilities = run_in_batches(self._session, self._tokenizer, pairs, self._batch_size)
        scores: npt.NDArray[np.float32] = probabilities.reshape(-1)
        return scores
