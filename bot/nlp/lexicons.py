"""Reading the tab-separated word lists shipped in bot/nlp/lexicon/."""

from __future__ import annotations

from importlib import resources


def read_lexicon_pairs(name: str) -> list[tuple[str, str]]:
    """Tab-separated pairs from a lexicon data file (comments and blanks skipped)."""
    text = resources.files("bot.nlp").joinpath("lexicon", name).read_text(encoding="utf-8")
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        left, _, right = line.partition("\t")
        pairs.append((left.strip().lower(), right.strip().lower()))
    return pairs
