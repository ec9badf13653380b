"""The store's statuses and kinds: the same words as the language layer's."""

from __future__ import annotations

import typing

from bot.nlp import types
from store.models import CONTRADICTION_STATUSES, ContradictionStatus, QuoteKind, Tier


def test_tiers_are_the_verdicts_tiers() -> None:
    assert {t.value for t in Tier} == {t.value for t in types.Tier}


def test_quote_kinds_are_the_language_layers() -> None:
    assert {k.value for k in QuoteKind} == set(typing.get_args(types.QuoteKind))


def test_statuses_are_stored_as_their_words() -> None:
    assert CONTRADICTION_STATUSES == ("open", "confirmed", "dismissed")
    assert ContradictionStatus("open") == "open"
