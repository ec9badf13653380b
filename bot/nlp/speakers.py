"""Resolve who said what within one article, to one canonical name per person.

"Asif", "Khawaja Asif", "Pakistan's defence minister", "the minister" and "he" all become
`Khawaja Asif` when the article introduced him that way. Pure functions over a spaCy Doc.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import speaker_span
from bot.nlp.roles import (
    AGENT_NOUNS,
    COMPANY_NOUNS,
    FEMALE_HONORIFICS,
    FEMALE_NOUNS,
    HONORIFICS,
    JOB_TITLES,
    MALE_HONORIFICS,
    MALE_NOUNS,
    OFFICE_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    POSSESSIVE_PRONOUNS,
    gender_of_name,
    is_company,
    is_official_title,
    looks_like_name,
    name_has_org_word,
    widen_name,
)
from bot.nlp.types import Quote, Speaker, Statement

TITLE_WORDS = HONORIFICS | OFFICE_WORDS | JOB_TITLES
MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
REPLY_CUES = frozenset({"reply", "respond", "answer", "retort", "counter"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NAME_LABELS = frozenset({"PERSON", "ORG"})
PRONOUN_WINDOW_CHARS = 1500
QUOTE_LOOKBACK = 4  # statements can nest (a mixed quote holds a direct one)
POSSESSIVE_ENDINGS = frozenset({"'s", "’s", "'", "’"})


@dataclass
class _Person:
    """A person (or organisation) being assembled while reading the article."""

    name: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    org_votes: int = 0
    person_votes: int = 0
    gender: str = ""

    @property
    def is_org(self) -> bool:
        return name_has_org_word(self.name) or (self.org_votes > 0 and self.person_votes == 0)

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


# ---------------------------------------------------------------- names and titles


def _name_tokens(span: Span) -> tuple[list[Token], list[Token]]:
    """Split a name span into leading honorific/title tokens and the name proper."""
    tokens = [t for t in span if not t.is_space]
    lead: list[Token] = []
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens.pop(0)
    while len(tokens) > 1 and (tokens[0].lower_ in HONORIFICS or tokens[0].is_punct):
        lead.append(tokens.pop(0))
    last_title = max((k for k, t in enumerate(tokens[:-1]) if t.lower_ in TITLE_WORDS), default=-1)
    if not name_has_org_word(" ".join(t.text for t in tokens[last_title + 1 :])):
        lead.extend(tokens[: last_title + 1])  # 'Police spokesperson' + 'Ana Ruiz'
        tokens = tokens[last_title + 1 :]
    while tokens and (tokens[-1].lower_ in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens.pop()
    if span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS:
        lead.insert(0, span.doc[span.start - 1])
    return lead, tokens


def _text_of(tokens: Sequence[Token]) -> str:
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def _clean_title(text: str) -> str:
    words = text.strip(" ,").split()
    while words and (
        words[0].lower() in POSSESSIVE_PRONOUNS | {"the", "a", "an"}
        or any(c.isdigit() for c in words[0])
    ):
        words.pop(0)
    title = " ".join(words)
    return title if any(c.isalpha() for c in title) else ""


def _title_of(span: Span, lead: Sequence[Token]) -> str:
    """The title written around a name: 'Pakistan defence minister' (Khawaja Asif).

    Candidates are the name's own modifiers, an apposition, and honorifics/titles just
    before it; the fullest one wins ('Spain's finance minister' over 'minister').
    """
    doc = span.doc
    root = span.root
    start = span.start
    for child in root.lefts:
        if child.i < span.start and child.dep_ in {"compound", "amod", "nmod", "poss"}:
            start = min(start, child.left_edge.i)
    candidates = [
        _clean_title(doc[start : span.start].text) if start < span.start else "",
        _appositive_title(root, span),
        _clean_title(" ".join(t.text for t in lead)) if lead else "",
    ]
    return max(candidates, key=len)


def _appositive_title(root: Token, span: Span) -> str:
    """'Khawaja Asif, Pakistan's defence minister,' or 'the defence minister, Khawaja Asif'."""
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return _np_text(child)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        return _np_text(root.head)
    return ""


def _np_text(noun: Token) -> str:
    """A title noun phrase without determiner or trailing clauses."""
    doc = noun.doc
    start = min([noun.i] + [child.left_edge.i for child in noun.lefts])
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = child.right_edge.i + 1
    return _clean_title(doc[start:end].text)


def _gender_of_words(words: set[str]) -> str:
    if words & FEMALE_NOUNS:
        return "f"
    if words & MALE_NOUNS:
        return "m"
    return ""


def _gender_from(lead: Sequence[Token]) -> str:
    words = {t.lower_ for t in lead}
    if words & FEMALE_HONORIFICS:
        return "f"
    if words & MALE_HONORIFICS:
        return "m"
    return ""


# ---------------------------------------------------------------- the cast of an article


def _find_person(cast: _Cast, name: str, position: int) -> int | None:
    """Index of the person a name refers to: exact, else a unique (or nearest) part match."""
    key = name.lower()
    if key in cast.by_name:
        return cast.by_name[key]
    parts = key.split()
    if name_has_org_word(name):
        return _find_org(cast, set(parts), position)
    matches = []
    for index, person in enumerate(cast.people):
        if name_has_org_word(person.name):
            continue
        full = person.name.lower().split()
        if (
            (len(parts) == 1 and len(full) > 1 and parts[0] in (full[-1], full[0]))
            or (len(parts) > 1 and len(full) == 1 and full[0] in (parts[-1], parts[0]))
            or (len(parts) > 1 and len(full) > 1 and parts[-1] == full[-1] and parts[0] == full[0])
        ):
            matches.append(index)
    if len(matches) == 1:
        return matches[0]
    if matches:
        return _most_recent(cast, matches, position)
    return None


def _find_org(cast: _Cast, words: set[str], position: int) -> int | None:
    """'Ministry' → 'Ministry of Agriculture' when the words are all in one name."""
    matches = [i for i, p in enumerate(cast.people) if words <= set(p.name.lower().split())]
    return _most_recent(cast, matches, position) if matches else None


def _most_recent(cast: _Cast, candidates: Sequence[int], position: int) -> int:
    best, best_pos = candidates[0], -1
    for mention in cast.mentions:
        if mention.person in candidates and best_pos < mention.start < position:
            best, best_pos = mention.person, mention.start
    return best


def _register(cast: _Cast, name: str, position: int = 1 << 62) -> int:
    index = _find_person(cast, name, position)
    if index is None:
        cast.people.append(_Person(name=name))
        index = len(cast.people) - 1
    person = cast.people[index]
    if len(name.split()) > len(person.name.split()):
        person.add_alias(person.name)
        person.name = name
    elif name != person.name:
        person.add_alias(name)
    cast.by_name[name.lower()] = index
    return index


def _is_subject(span: Span) -> bool:
    root = span.root
    return root.dep_ in SUBJECT_DEPS or (
        root.dep_ in {"compound", "appos"} and root.head.dep_ in SUBJECT_DEPS
    )


def _mention_start(mention: _Mention) -> int:
    return mention.start


def _in_quotes(start: int, quotes: Sequence[Quote]) -> bool:
    """Whether a character offset lies inside quoted words (quotes are in text order)."""
    i = bisect.bisect_right(quotes, start, key=lambda q: q.content_start)
    for quote in reversed(quotes[max(0, i - QUOTE_LOOKBACK) : i]):
        if quote.content_start <= start < quote.content_end and quote.kind != "indirect":
            return True
    return False


def _named_speaker_span(doc: Doc, quote: Quote) -> Span | None:
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if looks_like_name(root) and root.lower_ not in AGENT_NOUNS:
        return span
    return None


def _collect_names(doc: Doc, quotes: Sequence[Quote]) -> _Cast:
    """Every name in the article (entities and named speakers), full names first."""
    cast = _Cast()
    entries: list[tuple[Span, str]] = [
        (widen_name(e) if e.label_ == "PERSON" else e, e.label_)
        for e in doc.ents
        if e.label_ in NAME_LABELS
    ]
    for quote in quotes:
        span = _named_speaker_span(doc, quote)
        if span is not None:
            entries.append((span, "SPEAKER"))
    prepared = []
    for span, label in entries:
        lead, tokens = _name_tokens(span)
        if tokens and any(t.is_alpha for t in tokens) and tokens[0].text[:1].isupper():
            prepared.append((span, label, lead, tokens))
    prepared.sort(key=lambda e: (-len(e[3]), e[0].start))
    seen: set[tuple[int, int]] = set()
    for span, label, lead, tokens in prepared:
        index = _register(cast, _text_of(tokens), span.start_char)
        person = cast.people[index]
        title = _title_of(span, lead)
        person.add_title(title)
        person.gender = person.gender or _gender_from(lead) or gender_of_name(person.name)
        _vote(person, label, title, lead)
        key = (tokens[0].idx, tokens[-1].idx)
        if key not in seen:
            seen.add(key)
            in_quote = _in_quotes(span.start_char, quotes)
            cast.mentions.append(_Mention(span.start_char, index, _is_subject(span), in_quote))
    _add_subject_mentions(doc, cast, seen, quotes)
    cast.mentions.sort(key=lambda m: m.start)
    return cast


def _add_subject_mentions(
    doc: Doc, cast: _Cast, seen: set[tuple[int, int]], quotes: Sequence[Quote]
) -> None:
    """Names used as subjects that the tagger did not mark ('Delaney, 61, has long opposed')."""
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS:
            continue
        if _is_definite_role(token):
            _add_description_mention(cast, speaker_span(token), quotes)
            continue
        if not looks_like_name(token):
            continue
        name = speaker_span(token)
        _, tokens = _name_tokens(name)
        if not tokens or (tokens[0].idx, tokens[-1].idx) in seen:
            continue
        index = _find_person(cast, _text_of(tokens), name.start_char)
        if index is not None:
            seen.add((tokens[0].idx, tokens[-1].idx))
            in_quote = _in_quotes(name.start_char, quotes)
            cast.mentions.append(_Mention(name.start_char, index, True, in_quote))


def _is_definite_role(token: Token) -> bool:
    """'The prime minister, who visited …': a titled person named by role, as a subject."""
    if token.pos_ != "NOUN" or token.tag_ != "NN" or token.lemma_.lower() not in PERSON_NOUNS:
        return False
    return any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in token.lefts)


def _add_description_mention(cast: _Cast, span: Span, quotes: Sequence[Quote]) -> None:
    """Make a role-named person a candidate antecedent for later pronouns."""
    index = _resolve_description(cast, span, span.start_char)
    if index is None:
        index = _register(cast, _without_determiner(span), span.start_char)
        cast.people[index].person_votes += 1
    in_quote = _in_quotes(span.start_char, quotes)
    cast.mentions.append(_Mention(span.start_char, index, True, in_quote))


def _vote(person: _Person, label: str, title: str, lead: Sequence[Token]) -> None:
    """Collect evidence for person versus organisation (spaCy's small NER mixes them up)."""
    title_words = {w.lower() for w in title.split()}
    person.gender = person.gender or _gender_of_words(title_words)
    if label == "PERSON" or lead or title_words & PERSON_NOUNS:
        person.person_votes += 1
    elif label == "ORG" or title_words & ORG_NOUNS:
        person.org_votes += 1


# ---------------------------------------------------------------- descriptions and pronouns


def _descriptive_words(span: Span) -> tuple[str, set[str]]:
    """Head lemma and modifier words of 'Pakistan's defence minister'."""
    head = span.root
    mods = {
        t.lower_
        for t in span
        if t.i != head.i
        and t.is_alpha
        and t.dep_ not in {"det", "case"}
        and t.lower_ not in {"the", "a", "an"}
    }
    return head.lemma_.lower(), mods


def _title_matches(title: str, head: str, mods: set[str]) -> bool:
    words = {w.strip(".,'’").lower() for w in title.replace("’s", " ").replace("'s", " ").split()}
    if head not in words and head + "s" not in words:
        return False
    for qualifier in ("former", "ex", "prime", "deputy", "vice", "shadow"):
        if qualifier in words and qualifier not in mods:
            return False
    return mods <= words


def _resolve_description(cast: _Cast, span: Span, position: int) -> int | None:
    """'the minister' → the person introduced with that title; 'the company' → the nearest org.

    An indefinite description ('a spokesperson for the police') introduces someone new.
    """
    if span[0].lower_ in {"a", "an", "one", "another"}:
        return None
    head, mods = _descriptive_words(span)
    matches = [
        index
        for index, person in enumerate(cast.people)
        if not person.is_org and any(_title_matches(t, head, mods) for t in person.titles)
    ]
    if matches:
        return _most_recent(cast, matches, position) if len(matches) > 1 else matches[0]
    if head in ORG_NOUNS or head in COMPANY_NOUNS:
        orgs = [i for i, p in enumerate(cast.people) if p.is_org and head in p.name.lower()]
        if not orgs and head in COMPANY_NOUNS and not mods:
            orgs = [i for i, p in enumerate(cast.people) if p.is_org and is_company(p.name)]
        earlier = [
            i for i in orgs if any(m.person == i and m.start < position for m in cast.mentions)
        ]
        if earlier:
            return _most_recent(cast, earlier, position)
    return None


def _resolve_pronoun(
    cast: _Cast, pronoun: str, position: int, quote: Quote, exclude: int | None
) -> int | None:
    """The latest subject mention (else any mention) of a compatible person before `position`."""
    gender = "m" if pronoun in MALE_PRONOUNS else "f" if pronoun in FEMALE_PRONOUNS else ""
    if not gender:
        return None
    fallback: int | None = None
    for mention in reversed(cast.mentions):
        if mention.start >= position or mention.in_quote or mention.person == exclude:
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


def _resolve_quote_speaker(doc: Doc, cast: _Cast, quote: Quote, exclude: int | None) -> int | None:
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.pos_ == "PRON":
        index = _resolve_pronoun(cast, root.lower_, quote.speaker_start, quote, exclude)
        if index is not None:
            person = cast.people[index]
            person.gender = person.gender or ("m" if root.lower_ in MALE_PRONOUNS else "f")
            person.person_votes += 1
        return index
    if _named_speaker_span(doc, quote) is not None:
        _, tokens = _name_tokens(span)
        name = _text_of(tokens)
        return _find_person(cast, name, quote.speaker_start) if name else None
    index = _resolve_description(cast, span, quote.speaker_start)
    if index is not None:
        cast.people[index].add_alias(_without_determiner(span))
        return index
    index = _register(cast, _without_determiner(span), quote.speaker_start)
    person = cast.people[index]
    if root.lemma_.lower() in ORG_NOUNS:
        person.org_votes += 1
    else:
        person.person_votes += 1
    return index


def _without_determiner(span: Span) -> str:
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens.pop(0)
    text = _text_of(tokens)
    return text[:1].upper() + text[1:] if text else text


def resolve_speakers(doc: Doc, quotes: Sequence[Quote]) -> list[Statement]:
    """Attribute every quote to a canonical speaker; quotes whose speaker is unknown are dropped."""
    cast = _collect_names(doc, quotes)
    resolved: list[tuple[Quote, int]] = []
    last_asker: int | None = None
    for quote in quotes:
        replying = quote.cue_lemma in REPLY_CUES
        index = _resolve_quote_speaker(doc, cast, quote, last_asker if replying else None)
        if index is None:
            continue
        resolved.append((quote, index))
        last_asker = index if quote.kind == "question" else None
        bisect.insort(
            cast.mentions, _Mention(quote.speaker_start, index, True, False), key=_mention_start
        )
    frozen = {index: cast.people[index].freeze() for _, index in resolved}
    return [Statement(quote=q, speaker=frozen[i]) for q, i in resolved]
