"""Who a speaker is: the rules that match a name to a person on record. Pure functions, no
SQL; ``bot.people`` runs the queries they ask for.

A name is looked up by its key (``name_key``). A new speaker is an existing person when:

1. the canonical names have the same key (case, spacing, punctuation, courtesy titles
   aside); otherwise
2. exactly one person in the workspace is *compatible*:
   - the incoming name is one of their aliases ("Asif" -> "Khawaja Asif", who has the
     surname alias "Asif"; "Khawaja Asif" -> "Khawaja Muhammad Asif" mentioned so), or
   - a full-name alias of the incoming speaker is one of their aliases, or
   - they are known by a single name that is the incoming surname ("Khawaja Asif" ->
     "Asif").
   Two full names that merely share a surname ("Imran Khan", "Ayub Khan") are never
   compatible; a bare surname shared by two or more people matches nobody.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.nlp.honorifics import COURTESY_TITLES
from store.models import NAME_LENGTH
from store.people import AliasMatch

_WORD = re.compile(r"[\w'’-]+")


def name_key(name: str) -> str:
    """The lookup key of a name: NFKC, case-folded, punctuation and leading courtesy titles
    dropped. ``"Mr. Khawaja  Asif"`` -> ``"khawaja asif"``."""
    folded = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    words = [w.strip("'-") for w in _WORD.findall(folded)]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in COURTESY_TITLES:
        words.pop(0)
    return " ".join(words)[:NAME_LENGTH]


def surname_as_written(name: str) -> str:
    """The last word of a name, as written (case kept): "Khawaja Asif" -> "Asif"."""
    words = [w.strip("'-") for w in _WORD.findall(unicodedata.normalize("NFKC", name))]
    words = [w for w in words if w]
    return words[-1] if words else ""


@dataclass(frozen=True)
class NameQuery:
    """What to look for when matching a speaker to a person on record."""

    key: str
    full_aliases: frozenset[str]
    surname: str | None
    is_org: bool

    @property
    def alias_keys(self) -> list[str]:
        """The alias keys worth reading: the name, its full-name aliases, its surname."""
        keys = {self.key} | self.full_aliases
        if self.surname:
            keys.add(self.surname)
        return sorted(keys)


def name_query(key: str, aliases: Iterable[str], is_org: bool) -> NameQuery:
    """The lookup for a speaker with name key ``key`` written also as ``aliases``."""
    alias_keys = (name_key(a) for a in aliases)
    words = key.split()
    return NameQuery(
        key=key,
        full_aliases=frozenset(k for k in alias_keys if len(k.split()) > 1),
        surname=words[-1] if len(words) > 1 and not is_org else None,
        is_org=is_org,
    )


def compatible_people(query: NameQuery, matches: Iterable[AliasMatch]) -> list[int]:
    """Ids of the people the stored aliases ``matches`` (of ``query.alias_keys``) make
    compatible with the speaker (rule 2 above), in the order first seen."""
    matched: dict[int, set[str]] = {}
    stored_key: dict[int, str] = {}
    for match in matches:
        if match.person_is_org != query.is_org:
            continue
        matched.setdefault(match.person_id, set()).add(match.alias_key)
        stored_key[match.person_id] = match.person_key
    return [
        person_id
        for person_id, keys in matched.items()
        if query.key in keys
        or keys & query.full_aliases
        or (query.surname and stored_key[person_id] == query.surname)
    ]


def takes_full_name(stored_key: str, key: str) -> bool:
    """A person known only by a single name who turns up under a full name is renamed."""
    return stored_key != key and len(stored_key.split()) == 1 and len(key.split()) > 1


def aliases_to_record(
    name: str, aliases: Sequence[str], key: str, is_org: bool
) -> list[tuple[str, str]]:
    """(alias as written, alias key) for the name, every alias and (a person's full name)
    the surname; spacing folded, at most the column's length."""
    written = [name, *aliases]
    if not is_org and len(key.split()) > 1:
        written.append(surname_as_written(name))
    trimmed = (" ".join(alias.split())[:NAME_LENGTH] for alias in written)
    return [(alias, name_key(alias)) for alias in trimmed]
