"""Typical flip-flops of officials and consistent controls, judged by the live detector."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from bot.compare import compare_lines

FLIPS = [
    ("I will not run for re-election.", "I am going to run for re-election.", "polarity", "run"),
    (
        "5,000 troops will be deployed to the border",
        "12,000 troops will be deployed to the border",
        "number",
        "12,000",
    ),
    ("the economy is growing", "the economy is shrinking", "antonym", "shrink"),
    ("I support the trade deal", "I oppose the trade deal", "antonym", "oppose"),
    (
        "I never met the Russian ambassador",
        "I met the Russian ambassador twice last year",
        "quantifier",
        "never",
    ),
    ("the vaccine is safe", "the vaccine is not safe", "polarity", "not safe"),
    ("interest rates will rise this year", "interest rates will fall this year", "antonym", "fall"),
    ("We will not raise taxes this year.", "We will raise taxes in July.", "polarity", "raise"),
]
CONTROLS = [
    ("the economy is growing", "the economy grew by 2 percent last year"),
    (
        "5,000 troops will be deployed to the border",
        "about 5,200 troops will be deployed to the border",
    ),
    ("I support the trade deal", "I have always supported the trade deal"),
    ("the vaccine is safe", "the vaccine may not be safe for everyone"),
    ("interest rates will rise this year", "the bridge will open this year"),
    ("We will not raise taxes in 2025.", "We will raise taxes in 2027."),
    ("We will not raise taxes in July.", "We will raise taxes in December."),
]


def judge(nlp: Language, earlier: str, later: str) -> dict[str, object]:
    line = json.dumps({"id": 1, "speaker": "Ana Ruiz", "earlier": earlier, "later": later})
    (answer,) = compare_lines(nlp, [line])
    result: dict[str, object] = json.loads(answer)
    return result


@pytest.mark.parametrize(("earlier", "later", "kind", "named"), FLIPS)
def test_flip_is_flagged_and_explained(
    nlp: Language, earlier: str, later: str, kind: str, named: str
) -> None:
    result = judge(nlp, earlier, later)
    assert result["contradiction"] is True
    assert result["kind"] == kind
    assert named in str(result["explanation"])


@pytest.mark.parametrize(("earlier", "later"), CONTROLS)
def test_consistent_statements_are_not_flagged(nlp: Language, earlier: str, later: str) -> None:
    assert judge(nlp, earlier, later)["contradiction"] is False
