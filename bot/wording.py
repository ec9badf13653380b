"""Words every surface uses alike (Slack, the command line): dates, counts, clash kinds and
the order speakers are listed in. Plain text, no markup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from bot.nlp.types import ClashKind

if TYPE_CHECKING:
    from bot.flags import StatementRef

# kinds stored by earlier versions, no longer produced
OLD_KIND_NAMES = {"slot": "a detail changed"}

# How sure a flag is, in words: the lowest score of each band, highest band first. An alert
# needs at least 0.5 (`bot.nlp.contradictions.FLAG_THRESHOLD`), so "low" is a weaker match.
CONFIDENCE_BANDS: tuple[tuple[float, str], ...] = ((0.8, "high"), (0.5, "medium"), (0.0, "low"))


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
    """A clash kind in plain words (the one table: `bot.nlp.types.CLASH_NAMES`)."""
    try:
        return ClashKind(kind).display_name
    except ValueError:
        return OLD_KIND_NAMES.get(kind, kind.replace("_", " "))


def confidence_band(score: float) -> str:
    return next(name for lowest, name in CONFIDENCE_BANDS if score >= lowest)


def confidence_text(score: float) -> str:
    """'confidence: high (0.93)'."""
    return f"confidence: {confidence_band(score)} ({score:.2f})"


def statement_kind_text(kind: str) -> str:
    """How a statement was made, in words: quoted, reported (a paraphrase) or partly quoted."""
    return {"direct": "quoted", "indirect": "reported", "mixed": "partly quoted"}.get(kind, kind)


def how_said_text(statements: Iterable[StatementRef], speaker: str) -> str:
    """'2 quoted, 1 reported': how one speaker's statements were given, in words."""
    counts: dict[str, int] = {}
    for ref in statements:
        if ref.speaker == speaker:
            word = statement_kind_text(ref.kind)
            counts[word] = counts.get(word, 0) + 1
    order = ["quoted", "partly quoted", "reported"]
    words = sorted(counts, key=lambda w: (order.index(w) if w in order else len(order), w))
    return ", ".join(f"{counts[w]} {w}" for w in words)


def speaker_groups(
    statements: Sequence[StatementRef],
) -> list[tuple[str, list[tuple[StatementRef, int]]]]:
    """Speakers with their counts, officials first, each group under a plain heading."""
    ordered = speakers_in_order(statements)
    officials = [(ref, n) for ref, n in ordered if ref.is_official]
    others = [(ref, n) for ref, n in ordered if not ref.is_official]
    if not officials:
        return [("", others)]
    groups = [("Officials", officials)]
    if others:
        groups.append(("Others", others))
    return groups
