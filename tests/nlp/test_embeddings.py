"""The shipped int8 sentence embedder: shape, dtype, unit norm, order, and meaning."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.nlp.embeddings import DIMENSIONS, Embedder
from bot.nlp.onnx_models import ModelFilesMissingError


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder.load()


def test_shape_dtype_and_unit_norm(embedder: Embedder) -> None:
    texts = ["The bridge opens in June.", "Flour prices have doubled.", "Yes."]
    vectors = embedder.embed(texts)
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_an_empty_matrix(embedder: Embedder) -> None:
    vectors = embedder.embed([])
    assert vectors.shape == (0, DIMENSIONS)
    assert vectors.dtype == np.float32


TOPICS = (
    "the harbour bridge",
    "school dinners",
    "the fishing quota",
    "a new hospital wing",
    "the price of bread",
    "the army's helicopters",
    "the city zoo",
)


def test_rows_keep_input_order_across_batches(embedder: Embedder) -> None:
    texts = [
        f"{'Quite honestly, ' * (i % 5)}we will talk about {TOPICS[i % len(TOPICS)]} soon."
        for i in range(150)
    ]
    together = embedder.embed(texts)
    picked = list(range(0, 150, 11))
    alone = np.vstack([embedder.embed([texts[i]]) for i in picked])
    # Dynamic int8 quantisation scales activations per batch, so padding moves vectors a little.
    agreement = np.sum(together[picked] * alone, axis=1)
    assert agreement.min() > 0.97
    best = (alone @ together.T).argmax(axis=1)
    assert [TOPICS[i % len(TOPICS)] for i in best] == [TOPICS[i % len(TOPICS)] for i in picked]


@pytest.mark.parametrize(
    ("sentence", "paraphrase", "unrelated"),
    [
        (
            "The Kessel bridge will open to traffic in June.",
            "Drivers can use the new Kessel crossing from June.",
            "The orchestra has appointed a new conductor.",
        ),
        (
            "The minister said she would not resign.",
            "She insisted she was staying in her job as minister.",
            "Flood water reached the ground floor of the library.",
        ),
        (
            "Fuel duty will not rise this year.",
            "There will be no increase in the tax on petrol this year.",
            "The zoo welcomed two snow leopard cubs.",
        ),
        (
            "Depositors' money at the bank is completely safe.",
            "Savers at the bank will not lose a penny.",
            "The marathon route passes the cathedral.",
        ),
    ],
)
def test_paraphrases_are_closer_than_unrelated_sentences(
    embedder: Embedder, sentence: str, paraphrase: str, unrelated: str
) -> None:
    a, b, c = embedder.embed([sentence, paraphrase, unrelated])
    assert float(a @ b) > float(a @ c) + 0.2


def test_a_directory_without_the_model_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelFilesMissingError):
        Embedder.load(tmp_path)
