"""The compare use case: JSON-lines pairs in, JSON-lines verdicts out."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from bot.compare import CompareInputError, compare_lines


def line(pair_id: str | int, earlier: str, later: str, speaker: str = "Khawaja Asif") -> str:
    return json.dumps({"id": pair_id, "speaker": speaker, "earlier": earlier, "later": later})


def run(nlp: Language, *lines: str) -> list[dict[str, object]]:
    return [json.loads(out) for out in compare_lines(nlp, lines)]


INDIA = "Imran Khan's X account is being operated from India."
JAIL = "He is operating a Twitter account from the jail cell."


def test_motivating_pair_is_a_place_contradiction(nlp: Language) -> None:
    [result] = run(nlp, line("seed", INDIA, JAIL))
    assert result["id"] == "seed"
    assert result["contradiction"] is True
    assert result["kind"] == "place"
    assert isinstance(result["score"], float) and result["score"] >= 0.5
    assert "India" in str(result["explanation"]) and "jail cell" in str(result["explanation"])


def test_results_keep_input_order_and_ids(nlp: Language) -> None:
    results = run(
        nlp,
        line(1, INDIA, INDIA),
        "",
        line("b", "We sent 5,000 troops to the border.", "We sent 12,000 troops to the border."),
        line(3, "The weather was lovely.", "Inflation is falling."),
    )
    assert [r["id"] for r in results] == [1, "b", 3]
    assert [r["contradiction"] for r in results] == [False, True, False]
    assert results[1]["kind"] == "number"
    assert results[0] == {
        "id": 1,
        "contradiction": False,
        "tier": None,
        "score": 0.0,
        "kind": None,
        "explanation": "",
    }


def test_admitted_position_change_is_reported_as_a_reversal(nlp: Language) -> None:
    [result] = run(nlp, line(7, "We support the deal.", "We no longer support the deal."))
    assert result["contradiction"] is True
    assert result["kind"] == "reversal"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"id": 1, "speaker": "A", "earlier": "x"}), "missing field(s) later"),
        (json.dumps({"id": 1, "speaker": "A", "earlier": 3, "later": "y"}), "earlier must be"),
        (json.dumps({"id": None, "speaker": "A", "earlier": "x", "later": "y"}), "id must be"),
    ],
)
def test_malformed_lines_name_the_line_number(nlp: Language, bad: str, reason: str) -> None:
    with pytest.raises(CompareInputError) as caught:
        run(nlp, line(1, INDIA, JAIL), bad)
    message = str(caught.value)
    assert message.startswith("line 2:")
    assert reason in message
    assert "\n" not in message


ODD_TEXTS = ["", "   ", "?!", "😀 😀", "no", "5", "Not.", '"', "1,2,3 million million", "x" * 3000]


def test_odd_texts_never_crash_and_never_flag(nlp: Language) -> None:
    lines = [
        line(f"{i}-{j}", a, b) for i, a in enumerate(ODD_TEXTS) for j, b in enumerate(ODD_TEXTS)
    ]
    results = run(nlp, *lines)
    assert len(results) == len(ODD_TEXTS) ** 2
    assert not any(r["contradiction"] for r in results)
