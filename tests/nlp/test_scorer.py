"""The shipped int8 contradiction scorer, run as the bot runs it (onnxruntime, no torch).

The table pairs are written for this test; none is in the training data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.nlp.onnx_models import ModelFilesMissingError, packaged_model_dir
from bot.nlp.scorer import Scorer, Thresholds, read_thresholds


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return Scorer.load()


# (earlier, a clear flip of it, a paraphrase or consistent restatement of it)
FLIP_TABLE: list[tuple[str, str, str]] = [
    (
        "There will be no referendum on the canal this year.",
        "The canal referendum will be held in October.",
        "Voters will not be asked about the canal before next year.",
    ),
    (
        "The trade fair will go ahead as scheduled.",
        "We have asked the organisers to postpone the trade fair until next spring.",
        "The trade fair will take place on the dates we announced.",
    ),
    (
        "I will not step down as party chair.",
        "I am resigning as party chair with immediate effect.",
        "I am staying on as party chair.",
    ),
    (
        "I never saw the inspectors' report on the tunnel.",
        "I read the inspectors' report on the tunnel in May and sent it to my deputy.",
        "The inspectors' report on the tunnel never reached my desk.",
    ),
    (
        "The minister said the new prison would be built in Ashby.",
        "The new prison will be built in Corrow, the minister said.",
        '"Ashby is where the new prison will go," the minister said.',
    ),
    (
        "We will hire 400 new teachers this year.",
        "We will hire 40 new teachers this year.",
        "About four hundred new teachers will be hired this year.",
    ),
    (
        "Closing the night buses was the right decision.",
        "Closing the night buses was a mistake, and I am sorry for it.",
        "Ending the night buses was the correct call.",
    ),
]


# Rows the shipped model gets wrong (strict: the test says so when a new model fixes them).
KNOWN_MISSES: list[tuple[str, str, str]] = [
    (
        '"Savings at Castle Mutual are completely safe," the governor said.',
        "The governor said Castle Mutual could no longer pay out to its savers.",
        "The governor said savers at Castle Mutual would not lose any money.",
    ),
]


@pytest.mark.parametrize(
    ("earlier", "flip", "consistent"),
    [
        *FLIP_TABLE,
        *(
            pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason="known miss"))
            for row in KNOWN_MISSES
        ),
    ],
)
def test_a_flip_scores_above_a_consistent_restatement(
    scorer: Scorer, earlier: str, flip: str, consistent: str
) -> None:
    flip_score, consistent_score = scorer.contradiction_scores(
        [(earlier, flip), (earlier, consistent)]
    )
    assert flip_score > consistent_score


def test_flips_on_average_score_well_above_paraphrases(scorer: Scorer) -> None:
    flips = scorer.contradiction_scores([(e, f) for e, f, _ in FLIP_TABLE])
    same = scorer.contradiction_scores([(e, c) for e, _, c in FLIP_TABLE])
    assert sum(flips) / len(flips) > sum(same) / len(same) + 0.3


def test_scores_are_probabilities_in_input_order(scorer: Scorer) -> None:
    pairs = [(e, f) for e, f, _ in FLIP_TABLE] + [(e, c) for e, _, c in FLIP_TABLE]
    together = scorer.contradiction_scores(pairs)
    alone = [scorer.contradiction_scores([pair])[0] for pair in pairs]
    assert len(together) == len(pairs)
    assert all(0.0 <= s <= 1.0 for s in together)
    # Dynamic int8 quantisation scales activations per batch, so a score moves with its batch
    # companions (measured: up to about 0.12 here); a wrong order would move it far more.
    assert max(abs(a - b) for a, b in zip(together, alone, strict=True)) < 0.2


def test_both_orders_give_the_same_score(scorer: Scorer) -> None:
    for earlier, flip, consistent in FLIP_TABLE[:4]:
        for later in (flip, consistent):
            forward = scorer.contradiction_scores([(earlier, later)])[0]
            backward = scorer.contradiction_scores([(later, earlier)])[0]
            assert forward == pytest.approx(backward, abs=1e-4)


def test_empty_input_gives_no_scores(scorer: Scorer) -> None:
    assert scorer.contradiction_scores([]) == []


def test_long_statements_are_truncated_not_refused(scorer: Scorer) -> None:
    long_text = "The council will keep the library open. " * 80
    (score,) = scorer.contradiction_scores([(long_text, "The library will close.")])
    assert 0.0 <= score <= 1.0


def test_shipped_thresholds_are_ordered(scorer: Scorer) -> None:
    alert, review = scorer.thresholds
    assert 0.0 < review <= alert < 1.0
    assert scorer.thresholds == read_thresholds(packaged_model_dir("scorer") / "thresholds.json")


def test_thresholds_must_be_ordered(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({"alert": 0.4, "review": 0.7}))
    with pytest.raises(ValueError):
        read_thresholds(path)
    path.write_text(json.dumps({"alert": 0.9, "review": 0.7}))
    assert read_thresholds(path) == Thresholds(alert=0.9, review=0.7)


def test_a_directory_without_the_model_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelFilesMissingError):
        Scorer.load(tmp_path)
