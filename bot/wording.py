"""Words every surface uses alike (Slack, the command line): dates, counts, clash kinds and
the order speakers are listed in. Plain text, no markup."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.flags import StatementRef

KIND_NAMES = {
    "polarity": "yes/no flip",
    "slot": "conflicting detail",
    "number": "numbers differ",
    "antonym": "opposite claims",
    "quantifier": "never/always clash",
}


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def speakers_in_order(statements: Iterable[StatementRef]) -> list[tuple[StatementRef, int]]:
    """(first statement, count) per speaker: officials first, then most statements, then name."""
    firsts: dict[str, StatementRef] = {}
    counts: dict[str, int] = {}
    for ref in statements:
        firsts.setdefault(ref.speaker, ref)
        counts[ref.speaker] = counts.get(ref.speaker, 0) + 1
    order = sorted(firsts, key=lambda s: (not firsts[s].is_official, -counts[s], s))
    return [(firsts[name], counts[name]) for name in order]


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)
