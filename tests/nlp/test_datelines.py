"""Datelines are blanked for the parser, with every offset kept."""

from __future__ import annotations

import pytest

from bot.nlp.datelines import blank_datelines


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("HAMBURG, March 3 (Reuters) - Shipping firm Nordlicht AG", "Shipping firm Nordlicht AG"),
        ("Sialkot, 12 September 2025 — Pakistan's defence minister", "Pakistan's defence minister"),
        ("NEW DELHI — Prime Minister Narendra Modi", "Prime Minister Narendra Modi"),
        ("WASHINGTON (Reuters) - U.S. Treasury Secretary", "U.S. Treasury Secretary"),
        ("Headline\n\nLisbon, Monday, 4 March 2024 — The minister", "The minister"),
    ],
)
def test_dateline_becomes_spaces(text: str, kept: str) -> None:
    blanked = blank_datelines(text)
    assert len(blanked) == len(text)
    assert blanked.strip().endswith(kept)
    assert blanked.index(kept) == text.index(kept)


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz - the minister - said the plan had failed.",
        "The plan - which failed - was dropped.",
        "Paris — a city of lights — woke up late.",
    ],
)
def test_ordinary_dashes_are_left_alone(text: str) -> None:
    assert blank_datelines(text) == text
