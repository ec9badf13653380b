"""Resolve who said what within one article, to one canonical name per person.

"Asif", "Khawaja Asif", "Pakistan's defence minister", "the minister" and "he" all become
`Khawaja Asif` when the article introduced him that way. Pure functions over a spaCy Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.nlp.types import Quote, Speaker, Statement

HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame prof prof. professor lord lady rev rev. "
    "fr fr. sen sen. rep rep. gov gov. gen gen. col col. capt capt. lt lt. sgt sgt. "
    "justice judge president minister senator governor mayor chancellor premier king queen "
    "prince princess sheikh general secretary ambassador chairman chairwoman speaker".split()
)
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess"})
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "sheikh"})
OFFICE_WORDS = frozenset(
    """
    minister president vice-president senator governor mayor spokesperson spokesman spokeswoman
    secretary chancellor mp lawmaker legislator congressman congresswoman congressmember
    representative ambassador premier commissioner official officials envoy diplomat attorney
    prosecutor councillor councilor councilman councilwoman deputy parliamentarian speaker
    chairman chairwoman chair chief head director governor-general president-elect
    leader general admiral commander minister-designate cabinet mla mep assemblyman
    assemblywoman sheriff judge justice magistrate regulator adviser advisor aide
    king queen prince monarch emir sultan sheikh
    """.split()
)
ORG_NOUNS = frozenset(
    """
    ministry department government office agency police army military party company
    commission committee council court administration embassy authority authorities
    firm bank board union council campaign presidency white house kremlin cabinet
    spokesperson's service services force forces navy bureau
    """.split()
)
PERSON_NOUNS = frozenset(
    """
    minister president senator governor mayor spokesperson spokesman spokeswoman secretary
    chancellor lawmaker official ambassador premier commissioner envoy diplomat prosecutor
    journalist reporter interviewer host anchor analyst expert lawyer attorney chief head
    director leader general commander officer activist witness resident doctor scientist
    economist professor researcher woman man chairman chairwoman candidate adviser advisor aide
    judge founder executive ceo owner manager coach player source sources official officials
    """.split()
)
MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUN_WINDOW_CHARS = 1500


@dataclass
class _Person:
    """A person being assembled while reading the article (mutable, private)."""

    name: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    is_org: bool = False
    gender: str = ""

    def add_alias(self, alias: str) -> None:
        if alias and alias not in self.aliases and alias != self.name:
            self.aliases.append(alias)

    def add_title(self, title: str) -> None:
        if title and title not in self.titles:
            self.titles.append(title)

    def freeze(self) -> Speaker:
        return Speaker(
            name=self.name,
            aliases=tuple(self.aliases),
            titles=tuple(self.titles),
            is_org=self.is_org,
            is_official=not self.is_org and is_official_title(self.titles),
        )


@dataclass(frozen=True)
class _Mention:
    """Where a person is named: char offset, and whether as a grammatical subject."""

    start: int
    person: int
    is_subject: bool
    in_quote: bool


@dataclass
class _Cast:
    """All people of an article with their mentions, in text order."""

    people: list[_Person] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)
    by_name: dict[str, int] = field(default_factory=dict)


def is_official_title(titles: Iterable[str]) -> bool:
    """True when any title names a public office (minister, senator, spokesperson, ...)."""
    for title in titles:
        words = {w.strip(".,'’").lower() for w in title.replace("-", " ").split()}
        if words & OFFICE_WORDS:
            return True
    return False


def _name_tokens(span: Span) -> tuple[list[Token], list[Token]]:
    """Split a name span into leading honorific/title tokens and the name proper."""
    tokens = [t for t in span if not t.is_space]
    lead: list[Token] = []
    while len(tokens) > 1 and (tokens[0].lower_ in HONORIFICS or tokens[0].is_punct):
        lead.append(tokens.pop(0))
    while tokens and (tokens[-1].lower_ in {"'s", "’s", "'", "’"} or tokens[-1].is_punct):
        tokens.pop()
    return lead, tokens


def _name_text(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def _title_of(span: Span, lead: Sequence[Token]) -> str:
    """The title written around a name: 'Pakistan defence minister Khawaja Asif' → the first part."""
    doc = span.doc
    root = span.root
    start = span.start
    for child in root.lefts:
        if child.i < span.start and child.dep_ in {"compound", "amod", "nmod", "poss", "nn"}:
            start = min(start, child.left_edge.i)
    while start < span.start and doc[start].dep_ == "det":
        start += 1
    parts = []
    if start < span.start:
        parts.append(doc[start : span.start].text)
    if lead:
        parts.append(" ".join(t.text for t in lead))
    title = " ".join(p for p in parts if p).strip(" ,")
    if not title:
        title = _appositive_title(root, span)
    return title if any(c.isalpha() for c in title) and title.lower() not in HONORIFICS else title


def _appositive_title(root: Token, span: Span) -> str:
    """'Khawaja Asif, Pakistan's defence minister,' or 'the defence minister, Khawaja Asif'."""
    doc = span.doc
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return _np_text(child)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        return _np_text(root.head)
    if root.head.dep_ == "compound" and root.head.pos_ == "NOUN":
        return ""
    del doc
    return ""


def _np_text(noun: Token) -> str:
    """A title noun phrase without determiner or trailing clauses."""
    doc = noun.doc
    start = noun.i
    for child in noun.lefts:
        start = min(start, child.left_edge.i)
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = child.right_edge.i + 1
    while start < end and doc[start].dep_ == "det":
        start += 1
    return doc[start:end].text.strip(" ,")


def _gender_from(lead: Sequence[Token]) -> str:
    words = {t.lower_ for t in lead}
    if words & FEMALE_HONORIFICS:
        return "f"
    if words & MALE_HONORIFICS:
        return "m"
    return ""


def _find_person(cast: _Cast, name: str, position: int) -> int | None:
    """Index of the person a name refers to: exact, else a unique (or nearest) part match."""
    key = name.lower()
    if key in cast.by_name:
        return cast.by_name[key]
    parts = key.split()
    matches = []
    for index, person in enumerate(cast.people):
        if person.is_org:
            continue
        full = person.name.lower().split()
        if len(parts) == 1 and parts[0] in (full[-1], full[0]) and len(full) > 1:
            matches.append(index)
        elif len(parts) > 1 and len(full) == 1 and full[0] in (parts[-1], parts[0]):
            matches.append(index)
        elif len(parts) > 1 and len(full) > 1 and parts[-1] == full[-1] and parts[0] == full[0]:
            matches.append(index)
    if len(matches) == 1:
        return matches[0]
    if matches:
        return _most_recent(cast, matches, position)
    return None


def _most_recent(cast: _Cast, candidates: Sequence[int], position: int) -> int:
    best, best_pos = candidates[0], -1
    for mention in cast.mentions:
        if mention.person in candidates and best_pos < mention.start < position:
            best, best_pos = mention.person, mention.start
    return best


def _register(cast: _Cast, name: str, *, is_org: bool = False) -> int:
    index = _find_person(cast, name, 1 << 62)
    if index is None:
        cast.people.append(_Person(name=name, is_org=is_org))
        index = len(cast.people) - 1
    person = cast.people[index]
    if len(name.split()) > len(person.name.split()) and not person.is_org:
        person.add_alias(person.name)
        person.name = name
    elif name != person.name:
        person.add_alias(name)
    cast.by_name[name.lower()] = index
    return index


def _is_subject(span: Span) -> bool:
    return span.root.dep_ in SUBJECT_DEPS or (
        span.root.dep_ in {"compound", "appos"} and span.root.head.dep_ in SUBJECT_DEPS
    )


def _in_quotes(start: int, quotes: Sequence[Quote]) -> bool:
    return any(q.content_start <= start < q.content_end and q.kind != "indirect" for q in quotes)


def _collect_names(doc: Doc, quotes: Sequence[Quote]) -> _Cast:
    """Every PERSON and ORG entity, full names first so surnames attach to them."""
    cast = _Cast()
    ents = [e for e in doc.ents if e.label_ in {"PERSON", "ORG"}]
    entries: list[tuple[Span, list[Token], list[Token]]] = []
    for ent in ents:
        lead, tokens = _name_tokens(ent)
        if tokens and any(t.is_alpha for t in tokens):
            entries.append((ent, lead, tokens))
    entries.sort(key=lambda e: (-len(e[2]), e[0].start))
    for ent, lead, tokens in entries:
        name = _name_text(tokens)
        index = _register(cast, name, is_org=ent.label_ == "ORG")
        person = cast.people[index]
        if ent.label_ == "PERSON":
            person.add_title(_title_of(ent, lead))
            person.gender = person.gender or _gender_from(lead)
        cast.mentions.append(
            _Mention(ent.start_char, index, _is_subject(ent), _in_quotes(ent.start_char, quotes))
        )
    cast.mentions.sort(key=lambda m: m.start)
    return cast


def _descriptive_words(span: Span) -> tuple[str, set[str]]:
    """Head lemma and modifier words of 'Pakistan's defence minister'."""
    head = span.root
    mods = {
        t.lower_
        for t in span
        if t.i != head.i and t.is_alpha and t.dep_ not in {"det", "case"} and t.lower_ not in {"the", "a", "an"}
    }
    return head.lemma_.lower(), mods


def _title_matches(title: str, head: str, mods: set[str]) -> bool:
    words = {w.strip(".,'’").lower() for w in title.replace("’s", " ").replace("'s", " ").split()}
    if head not in words and head + "s" not in words:
        return False
    for qualifier in ("former", "ex", "prime", "deputy", "vice"):
        if qualifier in words and qualifier not in mods:
            return False
    return mods <= words


def _resolve_description(cast: _Cast, span: Span, position: int) -> int | None:
    head, mods = _descriptive_words(span)
    matches = [
        index
        for index, person in enumerate(cast.people)
        if not person.is_org and any(_title_matches(t, head, mods) for t in person.titles)
    ]
    if matches:
        return _most_recent(cast, matches, position) if len(matches) > 1 else matches[0]
    if head in ORG_NOUNS:
        orgs = [
            index
            for index, person in enumerate(cast.people)
            if person.is_org and head in person.name.lower()
        ]
        if orgs:
            return _most_recent(cast, orgs, position)
    return None


def _resolve_pronoun(cast: _Cast, pronoun: str, position: int, quote: Quote) -> int | None:
    """The most recent subject mention (then any mention) of a compatible person before `position`."""
    gender = "m" if pronoun in MALE_PRONOUNS else "f" if pronoun in FEMALE_PRONOUNS else ""
    if not gender:
        return None
    fallback: int | None = None
    for mention in reversed(cast.mentions):
        if mention.start >= position or mention.in_quote:
            continue
        if quote.content_start <= mention.start < quote.content_end:
            continue
        if position - mention.start > PRONOUN_WINDOW_CHARS:
            break
        person = cast.people[mention.person]
        if person.is_org or (person.gender and person.gender != gender):
            continue
        if mention.is_subject:
            return mention.person
        if fallback is None:
            fallback = mention.person
    return fallback


def _resolve_quote_speaker(doc: Doc, cast: _Cast, quote: Quote) -> int | None:
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.pos_ == "PRON":
        index = _resolve_pronoun(cast, root.lower_, quote.speaker_start, quote)
        if index is not None and not cast.people[index].gender:
            cast.people[index].gender = "m" if root.lower_ in MALE_PRONOUNS else "f"
        return index
    if root.pos_ == "PROPN" or root.ent_type_ in {"PERSON", "ORG"}:
        lead, tokens = _name_tokens(span)
        name = _name_text(tokens)
        if not name:
            return None
        index = _find_person(cast, name, quote.speaker_start)
        if index is None:
            index = _register(cast, name, is_org=root.ent_type_ in {"ORG", "GPE", "NORP"})
            title = _title_of(span, lead) if lead else ""
            cast.people[index].add_title(title)
        return index
    index = _resolve_description(cast, span, quote.speaker_start)
    if index is not None:
        cast.people[index].add_alias(_without_determiner(span))
        return index
    return _register(cast, _without_determiner(span), is_org=root.lemma_.lower() in ORG_NOUNS)


def _without_determiner(span: Span) -> str:
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in {"the", "a", "an"}:
        tokens.pop(0)
    text = _name_text(tokens)
    return text[:1].upper() + text[1:] if text else text


def resolve_speakers(doc: Doc, quotes: Sequence[Quote]) -> list[Statement]:
    """Attribute every quote to a canonical speaker; quotes whose speaker is unknown are dropped."""
    cast = _collect_names(doc, quotes)
    resolved: list[tuple[Quote, int]] = []
    for quote in quotes:
        index = _resolve_quote_speaker(doc, cast, quote)
        if index is None:
            continue
        resolved.append((quote, index))
        cast.mentions.append(_Mention(quote.speaker_start, index, True, False))
        cast.mentions.sort(key=lambda m: m.start)
    frozen = {index: cast.people[index].freeze() for _, index in resolved}
    return [Statement(quote=q, speaker=frozen[i]) for q, i in resolved]
