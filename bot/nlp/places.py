"""Places: the gazetteer of countries, regions and cities, and whether two places can both be true
(one within the other).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.nlp.clash_matching import is_proper_name, normalise_phrase
from bot.nlp.lexicons import read_lexicon_pairs


@dataclass(frozen=True)
class Gazetteer:
    """Place containment (child → parents), aliases (name → canonical) and all known names."""

    parents: dict[str, frozenset[str]]
    aliases: dict[str, str]
    names: frozenset[str]


def places_conflict(left: str, right: str) -> bool:
    """Two places that cannot both hold: known and unrelated, or distinct proper names."""
    gazetteer = load_gazetteer()
    a, b = canonical_place(left), canonical_place(right)
    if a is not None and b is not None:
        return not places_compatible(a, b, gazetteer)
    words_a, words_b = set(normalise_phrase(left).split()), set(normalise_phrase(right).split())
    if words_a & words_b:
        return False
    return is_proper_name(left) and is_proper_name(right)


@functools.lru_cache(maxsize=4096)
def canonical_place(text: str) -> str | None:
    """The gazetteer's canonical name for a place phrase (memoised: the lookup scans names)."""
    return resolve_place(text, load_gazetteer())


def resolve_place(text: str, gazetteer: Gazetteer) -> str | None:
    """The canonical gazetteer name for the longest known place named in the text."""
    phrase = normalise_phrase(text)
    if phrase in gazetteer.aliases:
        return gazetteer.aliases[phrase]
    best: str | None = None
    for name in gazetteer.names:
        if re.search(rf"\b{re.escape(name)}\b", phrase) and (best is None or len(name) > len(best)):
            best = name
    if best is None:
        return None
    return gazetteer.aliases.get(best, best)


def ancestors(place: str, gazetteer: Gazetteer) -> set[str]:
    """The place and every place that contains it (transitively)."""
    seen = {place}
    frontier = [place]
    while frontier:
        for parent in gazetteer.parents.get(frontier.pop(), frozenset()):
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return seen


def places_compatible(a: str, b: str, gazetteer: Gazetteer) -> bool:
    """Equal, or one contains the other."""
    return a in ancestors(b, gazetteer) or b in ancestors(a, gazetteer)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Place containment and aliases from the lexicon files."""
    parents: dict[str, set[str]] = {}
    for child, parent in read_lexicon_pairs("places.tsv"):
        parents.setdefault(child, set()).add(parent)
    aliases = dict(read_lexicon_pairs("place_aliases.tsv"))
    names = frozenset(parents) | frozenset(aliases) | frozenset(aliases.values())
    return Gazetteer({k: frozenset(v) for k, v in parents.items()}, aliases, names)
