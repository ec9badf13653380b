"""The cast of an article: the people and organisations it names, their mentions, and the indexes
that find them by name, part of a name or position; with the title and gender words the
speaker modules share.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from bot.nlp.cues import POSSESSIVE_ENDINGS
from bot.nlp.roles import (
    FEMALE_HONORIFICS,
    FEMALE_NOUNS,
    HONORIFICS,
    INTERVIEWER_NOUNS,
    JOB_TITLES,
    MALE_HONORIFICS,
    MALE_NOUNS,
    OFFICE_WORDS,
    TITLE_ABBREVIATIONS,
    given_name_key,
    is_official_title,
    name_has_org_word,
)
from bot.nlp.types import Speaker, SpeakerKind
from bot.nlp.vocabulary import ARTICLES, POSSESSIVE_PRONOUNS

TITLE_WORDS = HONORIFICS | OFFICE_WORDS | JOB_TITLES | INTERVIEWER_NOUNS


MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})


FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})


# Nouns naming whoever speaks for someone: 'Asif's office', 'her lawyer', 'his spokesman'.
PRINCIPAL_ORG_NOUNS = frozenset({"office", "campaign", "team", "camp", "ministry", "party"})


TITLE_STOP_WORDS = ARTICLES | {"of", "for", "at", "to", "in", "and"}


GROUP_PRONOUNS = frozenset({"it", "they"})


MENTION_LOOKBACK = 400  # mentions searched back for the organisation a description means


@dataclass
class CastPerson:
    """A person (or organisation) being assembled while reading the article.

    `form` is how the article refers to them: by a name, only by a definite role ('the
    Chancellor'), or as an unnamed source ('a spokesman', 'officials').
    """

    name: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    org_votes: int = 0
    person_votes: int = 0
    gender: str = ""
    form: str = "name"
    principal: str = ""

    @property
    def is_org(self) -> bool:
        if self.form == "name" and name_has_org_word(self.name):
            return True
        return self.org_votes > 0 and self.person_votes == 0

    @property
    def kind(self) -> SpeakerKind:
        if self.form == "unnamed":
            return "unnamed"
        if self.is_org:
            return "organisation"
        return "role" if self.form == "role" else "person"

    def add_alias(self, alias: str) -> None:
        if alias and alias not in self.aliases and alias != self.name:
            self.aliases.append(alias)

    def add_title(self, title: str) -> None:
        if title and title not in self.titles:
            self.titles.append(title)

    def freeze(self) -> Speaker:
        kind = self.kind
        return Speaker(
            name=self.name,
            aliases=tuple(self.aliases),
            titles=tuple(self.titles),
            is_org=self.is_org,
            is_official=kind != "organisation" and is_official_title(self.titles),
            kind=kind,
            role=self.name.lower().removeprefix("the ") if kind == "role" else "",
            principal=self.principal,
        )


@dataclass(frozen=True)
class Mention:
    """Where a person is named: char offset, and whether as a grammatical subject."""

    start: int
    person: int
    is_subject: bool
    in_quote: bool


@dataclass
class Cast:
    """All people of an article, their mentions in text order, and indexes over both."""

    people: list[CastPerson] = field(default_factory=list)
    by_name: dict[str, int] = field(default_factory=dict)
    by_part: dict[str, list[int]] = field(default_factory=dict)  # surname, given name key
    by_title_head: dict[str, list[int]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)  # names in the text, sorted
    spoken: list[Mention] = field(default_factory=list)  # speakers of statements, in order
    positions: dict[int, list[int]] = field(default_factory=dict)  # person → mention offsets

    def index_name(self, index: int, name: str) -> None:
        self.by_name[name.lower()] = index
        words = name.lower().split()
        if len(words) > 1:
            for part in {words[-1], given_name_key(words[0]), words[0]}:
                add_to(self.by_part, part, index)

    def index_title(self, index: int, title: str) -> None:
        head, _ = title_words(title)
        if head:
            add_to(self.by_title_head, head, index)

    def add_position(self, index: int, start: int) -> None:
        positions = self.positions.setdefault(index, [])
        if not positions or positions[-1] <= start:
            positions.append(start)
        else:
            bisect.insort(positions, start)

    def last_position(self, index: int, before: int) -> int:
        positions = self.positions.get(index, [])
        k = bisect.bisect_left(positions, before)
        return positions[k - 1] if k else -1

    def first_position(self, index: int) -> int:
        positions = self.positions.get(index)
        return positions[0] if positions else 1 << 62

    def mentions_before(self, position: int) -> Iterator[Mention]:
        """Mentions (names and earlier speakers) before `position`, nearest first."""
        named = bisect.bisect_left(self.mentions, position, key=mention_start) - 1
        spoken = bisect.bisect_left(self.spoken, position, key=mention_start) - 1
        while named >= 0 or spoken >= 0:
            if spoken < 0 or (
                named >= 0 and self.mentions[named].start >= self.spoken[spoken].start
            ):
                yield self.mentions[named]
                named -= 1
            else:
                yield self.spoken[spoken]
                spoken -= 1


def add_to(index: dict[str, list[int]], key: str, value: int) -> None:
    values = index.setdefault(key, [])
    if value not in values[-3:]:
        values.append(value)


def mention_start(mention: Mention) -> int:
    return mention.start


def name_tokens(span: Span) -> tuple[list[Token], list[Token]]:
    """Split a name span into leading honorific/title tokens and the name proper."""
    tokens = [t for t in span if not t.is_space]
    lead: list[Token] = []
    while tokens and tokens[0].lower_ in ARTICLES:
        tokens.pop(0)
    while len(tokens) > 1 and (tokens[0].lower_ in HONORIFICS or tokens[0].is_punct):
        lead.append(tokens.pop(0))
    last_title = max((k for k, t in enumerate(tokens[:-1]) if t.lower_ in TITLE_WORDS), default=-1)
    if not name_has_org_word(" ".join(t.text for t in tokens[last_title + 1 :])):
        lead.extend(tokens[: last_title + 1])  # 'Police spokesperson' + 'Ana Ruiz'
        tokens = tokens[last_title + 1 :]
    while tokens and (tokens[-1].lower_ in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens.pop()
    tokens = _without_nickname(tokens)
    if span.start > 0 and span.doc[span.start - 1].lower_ in TITLE_WORDS:
        lead.insert(0, span.doc[span.start - 1])  # 'Mr Hartley', 'anchor Jake Tolland'
    return lead, tokens


def _without_nickname(tokens: list[Token]) -> list[Token]:
    """'William "Bill" Okoro' → William Okoro (the nickname is found as an alias)."""
    if len(tokens) < 4 or not any(t.is_quote for t in tokens[1:-1]):
        return tokens
    kept: list[Token] = []
    inside = False
    for token in tokens:
        if token.is_quote:
            inside = not inside
        elif not inside:
            kept.append(token)
    return kept if kept and not inside else tokens


def text_of(tokens: Sequence[Token]) -> str:
    """The words of a name as written, without a nickname left out of `tokens`."""
    if not tokens:
        return ""
    if tokens[-1].i - tokens[0].i + 1 == len(tokens):
        return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text
    return " ".join(t.text for t in tokens)


def clean_title(text: str) -> str:
    words = text.strip(" ,").split()
    while words and (
        words[0].lower() in POSSESSIVE_PRONOUNS | ARTICLES or any(c.isdigit() for c in words[0])
    ):
        words.pop(0)
    title = " ".join(words)
    return title if any(c.isalpha() for c in title) else ""


def title_words(title: str) -> tuple[str, set[str]]:
    """The head word of a title and the words qualifying it, lower case:
    'Governor of the State Bank' → ('governor', {'state', 'bank'})."""
    text = title.lower().replace("’s", " ").replace("'s", " ")
    words = [
        expanded
        for w in text.replace("-", " ").split()
        for expanded in TITLE_ABBREVIATIONS.get(w.strip(".,'’"), w.strip(".,'’")).split()
    ]
    head_part = words
    for k, word in enumerate(words):
        if word in {"of", "for", "at"} and k > 0:
            head_part = words[:k]
            break
    head = head_part[-1] if head_part else ""
    return head, {w for w in words if w and w != head and w not in TITLE_STOP_WORDS}


def gender_of_words(words: set[str]) -> str:
    if words & FEMALE_NOUNS:
        return "f"
    if words & MALE_NOUNS:
        return "m"
    return ""


def gender_from(lead: Iterable[str]) -> str:
    words = {w.lower() for w in lead}
    if words & FEMALE_HONORIFICS:
        return "f"
    if words & MALE_HONORIFICS:
        return "m"
    return ""


def pronoun_gender(word: str) -> str:
    lowered = word.lower()
    return "m" if lowered in MALE_PRONOUNS else "f" if lowered in FEMALE_PRONOUNS else ""


def _same_person(person: CastPerson, parts: Sequence[str]) -> bool:
    """Whether a name (lower-case words) can refer to this person: a surname or given name
    ('Asif', 'Bob' for Robert Hallworth), or the same given name and surname."""
    if name_has_org_word(person.name) or person.form != "name":
        return False
    full = person.name.lower().split()
    if len(parts) == 1 and len(full) > 1:
        word = parts[0]
        return word in (full[-1], full[0]) or given_name_key(word) == given_name_key(full[0])
    if len(parts) > 1 and len(full) == 1:
        return full[0] in (parts[-1], parts[0])
    if len(parts) > 1 and len(full) > 1:
        if len(parts) < len(full) and list(parts) == full[: len(parts)]:
            return True  # 'Hashim Jawan': the tagger cut 'Hashim Jawan Bakht' short
        return parts[-1] == full[-1] and given_name_key(parts[0]) == given_name_key(full[0])
    return False


def find_person(cast: Cast, name: str, position: int) -> int | None:
    """Index of the person a name refers to: exact, else a unique (or nearest) part match."""
    key = name.lower()
    if key in cast.by_name:
        return cast.by_name[key]
    parts = key.split()
    if not parts:
        return None
    if name_has_org_word(name):
        return _find_org(cast, set(parts), position)
    if len(parts) == 1:
        candidates = cast.by_part.get(parts[0], []) + cast.by_part.get(given_name_key(parts[0]), [])
    else:
        candidates = (
            [i for i in (cast.by_name.get(parts[0]), cast.by_name.get(parts[-1])) if i is not None]
            + cast.by_part.get(parts[-1], [])
            + cast.by_part.get(parts[0], [])
        )
    matches = sorted({i for i in candidates if _same_person(cast.people[i], parts)})
    if len(matches) == 1:
        return matches[0]
    if matches:
        return most_recent(cast, matches, position)
    return None


def _find_org(cast: Cast, words: set[str], position: int) -> int | None:
    """'Ministry' → 'Ministry of Agriculture' when the words are all in one name."""
    for mention in bounded_mentions(cast.mentions_before(position)):
        person = cast.people[mention.person]
        if words <= set(person.name.lower().split()):
            return mention.person
    return None


def bounded_mentions(mentions: Iterator[Mention]) -> Iterator[Mention]:
    for n, mention in enumerate(mentions):
        if n >= MENTION_LOOKBACK:
            return
        yield mention


def most_recent(cast: Cast, candidates: Sequence[int], position: int) -> int:
    best, best_pos = candidates[0], -1
    for candidate in candidates:
        last = cast.last_position(candidate, position)
        if last > best_pos:
            best, best_pos = candidate, last
    return best


def register(cast: Cast, name: str, position: int = 1 << 62, form: str = "name") -> int:
    index = find_person(cast, name, position) if form == "name" else cast.by_name.get(name.lower())
    if index is None:
        cast.people.append(CastPerson(name=name, form=form))
        index = len(cast.people) - 1
    person = cast.people[index]
    if len(name.split()) > len(person.name.split()) and form == "name":
        person.add_alias(person.name)
        person.name = name
    elif name != person.name:
        person.add_alias(name)
    cast.index_name(index, name)
    cast.index_name(index, person.name)
    return index


def add_cast_title(cast: Cast, index: int, title: str) -> None:
    if title:
        cast.people[index].add_title(title)
        cast.index_title(index, title)
