"""Resolve who said what within one article, to one canonical speaker per person.

"Asif", "Khawaja Asif", "Pakistan's defence minister", "the minister" and "he" all become
`Khawaja Asif` when the article introduced him that way. A role the article never puts a
name to ("the Chancellor") stays a role; an unnamed source ("a spokesman", "officials")
stays unnamed; places and news outlets never speak. Pure functions over a spaCy Doc.

Every lookup goes through an index (names, name parts, title heads, mention positions),
so resolving all speakers costs time linear in the article.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import POSSESSIVE_ENDINGS, SUBJECT_DEPS, speaker_span
from bot.nlp.docindex import Intervals
from bot.nlp.roles import (
    AGENT_NOUNS,
    COMPANY_NOUNS,
    FEMALE_HONORIFICS,
    FEMALE_NOUNS,
    HONORIFICS,
    INTERVIEWER_NOUNS,
    JOB_TITLES,
    MALE_HONORIFICS,
    MALE_NOUNS,
    OFFICE_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    POSSESSIVE_PRONOUNS,
    ROLE_QUALIFIERS,
    TITLE_ABBREVIATIONS,
    TOP_JOB_NOUNS,
    gender_of_name,
    given_name_key,
    is_company,
    is_institution_place,
    is_news_outlet,
    is_official_title,
    looks_like_name,
    name_has_org_word,
    widen_name,
)
from bot.nlp.transcripts import ANSWER_LABELS, QUESTION_LABELS, label_name
from bot.nlp.types import Quote, Speaker, SpeakerKind, Statement

TITLE_WORDS = HONORIFICS | OFFICE_WORDS | JOB_TITLES | INTERVIEWER_NOUNS
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
REPLY_CUES = frozenset({"reply", "respond", "answer", "retort", "counter"})
NAME_LABELS = frozenset({"PERSON", "ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Party, nationality and place words before an office say where it is held, not which one
# ('the GOP governor', 'the Russian leader'); the tagger calls some parties organisations.
AFFILIATION_LABELS = frozenset({"NORP", "GPE"})
PARTY_ABBREVIATIONS = frozenset({"gop", "dem", "tory", "snp", "anc", "cdu", "bjp"})
ARTICLES = frozenset({"the", "a", "an"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "four"})
# Nouns naming whoever speaks for someone: 'Asif's office', 'her lawyer', 'his spokesman'.
PRINCIPAL_ORG_NOUNS = frozenset({"office", "campaign", "team", "camp", "ministry", "party"})
PRINCIPAL_PERSON_NOUNS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "lawyer", "attorney", "aide", "adviser"}
)
TITLE_STOP_WORDS = frozenset({"the", "a", "an", "of", "for", "at", "to", "in", "and"})
PRONOUN_WINDOW_CHARS = 1500
GROUP_PRONOUNS = frozenset({"it", "they"})
GROUP_PRONOUN_WINDOW_CHARS = 400
MENTION_LOOKBACK = 400  # mentions searched back for the organisation a description means
GENDER_LOOKAHEAD = 20  # tokens after a subject searched for the pronoun that refers back
# A bare office ('the chancellor') looks this far back for the one untitled person it names.
ANTECEDENT_SENTENCES = 2
ANTECEDENT_TOKENS = 120
QUOTE_LOOKBACK = 4  # statements can nest (a mixed quote holds a direct one)


@dataclass
class _Person:
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
class _Mention:
    """Where a person is named: char offset, and whether as a grammatical subject."""

    start: int
    person: int
    is_subject: bool
    in_quote: bool


@dataclass
class _Cast:
    """All people of an article, their mentions in text order, and indexes over both."""

    people: list[_Person] = field(default_factory=list)
    by_name: dict[str, int] = field(default_factory=dict)
    by_part: dict[str, list[int]] = field(default_factory=dict)  # surname, given name key
    by_title_head: dict[str, list[int]] = field(default_factory=dict)
    mentions: list[_Mention] = field(default_factory=list)  # names in the text, sorted
    spoken: list[_Mention] = field(default_factory=list)  # speakers of statements, in order
    positions: dict[int, list[int]] = field(default_factory=dict)  # person → mention offsets

    def index_name(self, index: int, name: str) -> None:
        self.by_name[name.lower()] = index
        words = name.lower().split()
        if len(words) > 1:
            for part in {words[-1], given_name_key(words[0]), words[0]}:
                _add_to(self.by_part, part, index)

    def index_title(self, index: int, title: str) -> None:
        head, _ = title_words(title)
        if head:
            _add_to(self.by_title_head, head, index)

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

    def mentions_before(self, position: int) -> Iterator[_Mention]:
        """Mentions (names and earlier speakers) before `position`, nearest first."""
        named = bisect.bisect_left(self.mentions, position, key=_mention_start) - 1
        spoken = bisect.bisect_left(self.spoken, position, key=_mention_start) - 1
        while named >= 0 or spoken >= 0:
            if spoken < 0 or (
                named >= 0 and self.mentions[named].start >= self.spoken[spoken].start
            ):
                yield self.mentions[named]
                named -= 1
            else:
                yield self.spoken[spoken]
                spoken -= 1


def _add_to(index: dict[str, list[int]], key: str, value: int) -> None:
    values = index.setdefault(key, [])
    if value not in values[-3:]:
        values.append(value)


def _mention_start(mention: _Mention) -> int:
    return mention.start


# ---------------------------------------------------------------- names and titles


def _name_tokens(span: Span) -> tuple[list[Token], list[Token]]:
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


def _text_of(tokens: Sequence[Token]) -> str:
    """The words of a name as written, without a nickname left out of `tokens`."""
    if not tokens:
        return ""
    if tokens[-1].i - tokens[0].i + 1 == len(tokens):
        return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text
    return " ".join(t.text for t in tokens)


def _clean_title(text: str) -> str:
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


def _is_title_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" or (
        token.pos_ == "PROPN" and token.lower_ in OFFICE_WORDS | PERSON_NOUNS
    )


def _appositive_title(root: Token, span: Span) -> str:
    """'Khawaja Asif, Pakistan's defence minister,' or 'the Chancellor, Edward Hartley'."""
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return _np_text(child)
    if root.dep_ == "appos" and _is_title_noun(root.head) and root.head.i < span.start:
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


def _gender_from(lead: Iterable[str]) -> str:
    words = {w.lower() for w in lead}
    if words & FEMALE_HONORIFICS:
        return "f"
    if words & MALE_HONORIFICS:
        return "m"
    return ""


def _pronoun_gender(word: str) -> str:
    lowered = word.lower()
    return "m" if lowered in MALE_PRONOUNS else "f" if lowered in FEMALE_PRONOUNS else ""


# ---------------------------------------------------------------- finding people by name


def _same_person(person: _Person, parts: Sequence[str]) -> bool:
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


def _find_person(cast: _Cast, name: str, position: int) -> int | None:
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
        return _most_recent(cast, matches, position)
    return None


def _find_org(cast: _Cast, words: set[str], position: int) -> int | None:
    """'Ministry' → 'Ministry of Agriculture' when the words are all in one name."""
    for mention in _bounded(cast.mentions_before(position)):
        person = cast.people[mention.person]
        if words <= set(person.name.lower().split()):
            return mention.person
    return None


def _bounded(mentions: Iterator[_Mention]) -> Iterator[_Mention]:
    for n, mention in enumerate(mentions):
        if n >= MENTION_LOOKBACK:
            return
        yield mention


def _most_recent(cast: _Cast, candidates: Sequence[int], position: int) -> int:
    best, best_pos = candidates[0], -1
    for candidate in candidates:
        last = cast.last_position(candidate, position)
        if last > best_pos:
            best, best_pos = candidate, last
    return best


def _register(cast: _Cast, name: str, position: int = 1 << 62, form: str = "name") -> int:
    index = _find_person(cast, name, position) if form == "name" else cast.by_name.get(name.lower())
    if index is None:
        cast.people.append(_Person(name=name, form=form))
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


def _add_title(cast: _Cast, index: int, title: str) -> None:
    if title:
        cast.people[index].add_title(title)
        cast.index_title(index, title)


# ---------------------------------------------------------------- the cast of an article


def _is_subject(span: Span) -> bool:
    root = span.root
    return root.dep_ in SUBJECT_DEPS or (
        root.dep_ in {"compound", "appos"} and root.head.dep_ in SUBJECT_DEPS
    )


def _in_quotes(start: int, quotes: Sequence[Quote]) -> bool:
    """Whether a character offset lies inside quoted words (quotes are in text order)."""
    i = bisect.bisect_right(quotes, start, key=lambda q: q.content_start)
    for quote in reversed(quotes[max(0, i - QUOTE_LOOKBACK) : i]):
        if quote.content_start <= start < quote.content_end and quote.kind != "indirect":
            return True
    return False


def _named_speaker_span(doc: Doc, quote: Quote) -> Span | None:
    if quote.turn:
        return None
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if looks_like_name(root) and root.lower_ not in AGENT_NOUNS:
        return span
    if root.ent_type_ == "ORG" and root.text[:1].isupper() and len(span) > 1:
        return span  # 'The Ministry of Agriculture'
    return None


def _comma_parts(span: Span) -> Iterator[Span]:
    """'the Easthaven Gazette, Bill': an entity the tagger ran across a comma is two names."""
    start = span.start
    for token in span:
        if token.text == ",":
            if token.i > start:
                yield span.doc[start : token.i]
            start = token.i + 1
    if span.end > start:
        yield span.doc[start : span.end]


def _honorific_names(doc: Doc) -> Iterator[Span]:
    """'Mrs May', 'Mr. Adeyemi': an honorific makes the next capitalised words a name,
    whatever the entity tagger made of them."""
    for token in doc[:-1]:
        if token.lower_ not in HONORIFICS or token.lower_ in OFFICE_WORDS:
            continue
        end = token.i + 1
        if doc[end].text == ".":
            end += 1
        start = end
        while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
        if end > start:
            yield doc[token.i : end]


def _collect_names(doc: Doc, quotes: Sequence[Quote]) -> _Cast:
    """Every name in the article (entities and named speakers), full names first."""
    cast = _Cast()
    entries: list[tuple[Span, str]] = [
        (widen_name(part) if e.label_ == "PERSON" else part, e.label_)
        for e in doc.ents
        if e.label_ in NAME_LABELS
        for part in _comma_parts(e)
    ]
    entries.extend((span, "PERSON") for span in _honorific_names(doc))
    for quote in quotes:
        span = _named_speaker_span(doc, quote)
        if span is not None:
            entries.append((span, "SPEAKER"))
    labels = Intervals([(q.speaker_start, q.speaker_end) for q in quotes if q.turn])
    prepared = []
    for span, label in entries:
        if labels.overlaps(span.start_char, span.end_char):
            continue  # 'MR. ADEBAYO:' is resolved as a label, not read as a name
        lead, tokens = _name_tokens(span)
        if tokens and any(t.is_alpha for t in tokens) and tokens[0].text[:1].isupper():
            prepared.append((span, label, lead, tokens))
    prepared.sort(key=lambda e: (-len(e[3]), e[0].start))
    seen: set[tuple[int, int]] = set()
    for span, label, lead, tokens in prepared:
        if is_news_outlet(_text_of(tokens)):
            continue
        index = _register(cast, _text_of(tokens), span.start_char)
        person = cast.people[index]
        title = _title_of(span, lead)
        _add_title(cast, index, title)
        lead_words = [t.text for t in lead]
        person.gender = person.gender or _gender_from(lead_words) or gender_of_name(person.name)
        _vote(person, label, title, lead)
        key = (tokens[0].idx, tokens[-1].idx)
        if key not in seen:
            seen.add(key)
            in_quote = _in_quotes(span.start_char, quotes)
            cast.mentions.append(_Mention(span.start_char, index, _is_subject(span), in_quote))
    _add_nicknames(doc, cast)
    _add_subject_mentions(doc, cast, seen, quotes, labels)
    cast.mentions.sort(key=_mention_start)
    for mention in cast.mentions:
        cast.add_position(mention.person, mention.start)
    _pronoun_evidence(doc, cast)
    return cast


def _add_nicknames(doc: Doc, cast: _Cast) -> None:
    """'Robert "Bob" Hallworth': the name in quotes is what the article may call him later."""
    for token in doc[2:-2]:
        if token.text not in {'"', "“", "‘", "'"} or not doc[token.i + 1].text[:1].isupper():
            continue
        given, nickname, closing, surname = (
            doc[token.i - 1],
            doc[token.i + 1],
            doc[token.i + 2],
            doc[token.i + 3] if token.i + 3 < len(doc) else None,
        )
        if surname is None or closing.text not in {'"', "”", "’", "'"}:
            continue
        if not (given.text[:1].isupper() and surname.text[:1].isupper() and given.is_alpha):
            continue
        index = cast.by_name.get(f"{given.text} {surname.text}".lower())
        if index is not None:
            cast.people[index].add_alias(f"{nickname.text} {surname.text}")
            _add_to(cast.by_part, nickname.text.lower(), index)
            cast.by_name.setdefault(f"{nickname.text} {surname.text}".lower(), index)


def _add_subject_mentions(
    doc: Doc,
    cast: _Cast,
    seen: set[tuple[int, int]],
    quotes: Sequence[Quote],
    labels: Intervals,
) -> None:
    """Names used as subjects that the tagger did not mark ('Delaney, 61, has long opposed')."""
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or labels.overlaps(token.idx, token.idx + 1):
            continue
        if _is_definite_role(token):
            _add_description_mention(cast, speaker_span(token), quotes)
            continue
        if not looks_like_name(token):
            continue
        name = speaker_span(token)
        lead, tokens = _name_tokens(name)
        if not tokens or (tokens[0].idx, tokens[-1].idx) in seen:
            continue
        index = _find_person(cast, _text_of(tokens), name.start_char)
        if index is None and lead and token.ent_type_ in {"", "PERSON"}:
            index = _register(cast, _text_of(tokens), name.start_char)  # 'Mayor Ines Carvalho'
            _add_title(cast, index, _title_of(name, lead))
            _vote(cast.people[index], "PERSON", "", lead)
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
        index = _register_description(cast, span)
        cast.people[index].person_votes += 1
    in_quote = _in_quotes(span.start_char, quotes)
    cast.mentions.append(_Mention(span.start_char, index, True, in_quote))


def _vote(person: _Person, label: str, title: str, lead: Sequence[Token]) -> None:
    """Collect evidence for person versus organisation (spaCy's small NER mixes them up)."""
    title_words_ = {w.lower() for w in title.split()}
    person.gender = person.gender or _gender_of_words(title_words_)
    if label == "PERSON" or lead or title_words_ & PERSON_NOUNS:
        person.person_votes += 1
    elif label == "ORG" or title_words_ & ORG_NOUNS:
        person.org_votes += 1


def _pronoun_evidence(doc: Doc, cast: _Cast) -> None:
    """'Osei … before she joined': the first gendered pronoun after a person who is the
    subject, itself a subject, with no other person named in between, tells their gender
    ('Whitford asked her' says nothing about Whitford)."""
    for mention in cast.mentions:
        person = cast.people[mention.person]
        if person.gender or not mention.is_subject or mention.in_quote or person.is_org:
            continue
        span = doc.char_span(mention.start, mention.start + 1, alignment_mode="expand")
        if span is None:
            continue
        i = span.root.i + 1
        while i < min(len(doc), span.start + GENDER_LOOKAHEAD) and not doc[i].is_sent_start:
            token = doc[i]
            if token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
                break
            gender = _pronoun_gender(token.text) if token.dep_ in SUBJECT_DEPS else ""
            if gender:
                person.gender = gender
                break
            i += 1


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
        and t.ent_type_ not in AFFILIATION_LABELS
        and t.lower_ not in PARTY_ABBREVIATIONS
    } - TITLE_STOP_WORDS
    return head.lemma_.lower(), mods


def _title_fit(title: str, heads: frozenset[str], mods: set[str]) -> int:
    """How well a title fits a description: -1 for no fit, else the words they share.

    The heads must agree ('minister'); qualifiers must agree both ways ('former',
    'prime', 'deputy'); and when both name a domain ('finance' / 'foreign'), they must
    share one of its words.
    """
    head, words = title_words(title)
    if head not in heads and head.rstrip("s") not in heads:
        return -1
    for qualifier in ROLE_QUALIFIERS:
        if (qualifier in words) != (qualifier in mods):
            return -1
    shared = len(words & mods)
    domain_words, domain_mods = words - ROLE_QUALIFIERS, mods - ROLE_QUALIFIERS
    if domain_words and domain_mods and not shared:
        return -1
    return shared


def _best_titled(cast: _Cast, heads: frozenset[str], mods: set[str], position: int) -> int | None:
    """The person whose title fits a description best (then the one mentioned last)."""
    candidates: set[int] = set()
    for head in heads:
        candidates.update(cast.by_title_head.get(head, []))
    best: list[int] = []
    best_fit = -1
    for index in sorted(candidates):
        person = cast.people[index]
        if person.is_org or person.form == "unnamed":
            continue
        fit = max((_title_fit(t, heads, mods) for t in person.titles), default=-1)
        if fit > best_fit:
            best, best_fit = [index], fit
        elif fit == best_fit and fit >= 0:
            best.append(index)
    if not best or best_fit < 0:
        return None
    return _most_recent(cast, best, position) if len(best) > 1 else best[0]


def _resolve_description(cast: _Cast, span: Span, position: int) -> int | None:
    """'the minister' → the person introduced with that title; 'the company' → the nearest org.

    An indefinite description ('a spokesperson for the police') introduces someone new.
    """
    if span[0].lower_ in INDEFINITE:
        return None
    head, mods = _descriptive_words(span)
    if span.root.tag_ not in {"NNS", "NNPS"}:  # 'economists at the bank' are no one person
        found = _best_titled(cast, frozenset({head}), mods, position)
        if found is None and head in TOP_JOB_NOUNS:
            found = _best_titled(cast, TOP_JOB_NOUNS, mods, position)
        if found is None and _description_form(span) == "role":
            found = _untitled_antecedent(cast, span)
            if found is not None:
                _add_title(cast, found, _without_determiner(span))
        if found is not None:
            return found
    if head in ORG_NOUNS or head in COMPANY_NOUNS:
        return _nearest_org(cast, head, mods, position)
    return None


def _untitled_antecedent(cast: _Cast, span: Span) -> int | None:
    """'Labour accused George Osborne … after the chancellor asked …': a bare office whose
    holder the article never titles goes to the one person named without a title in the
    sentences just before it (or earlier in its own), if that person can hold it (never a
    man for 'the spokeswoman'); with two such people it stays a role."""
    gender = _gender_of_words({span.root.lower_})
    candidates = set()
    for name in _names_before(span):
        _, tokens = _name_tokens(name)
        index = _find_person(cast, _text_of(tokens), name.start_char) if tokens else None
        if index is None:
            continue
        person = cast.people[index]
        if person.is_org or person.form != "name" or person.titles:
            continue
        if gender and person.gender and person.gender != gender:
            continue
        candidates.add(index)
    return candidates.pop() if len(candidates) == 1 else None


def _names_before(span: Span) -> Iterator[Span]:
    """People the tagger names in the ANTECEDENT_SENTENCES sentences up to `span` (at most
    ANTECEDENT_TOKENS tokens back)."""
    doc = span.doc
    i = span.start
    floor = max(0, span.start - ANTECEDENT_TOKENS)
    sentences = 0
    while i > floor:
        sentences += bool(doc[i].is_sent_start)
        if sentences == ANTECEDENT_SENTENCES:
            break
        i -= 1
    while i < span.start:
        token = doc[i]
        if token.ent_iob_ != "B" or token.ent_type_ != "PERSON":
            i += 1
            continue
        end = i + 1
        while end < span.start and doc[end].ent_iob_ == "I":
            end += 1
        yield widen_name(doc[i:end])
        i = end


def _nearest_org(cast: _Cast, head: str, mods: set[str], position: int) -> int | None:
    """'the company', 'the ministry': the organisation of that kind named last before."""
    for mention in _bounded(cast.mentions_before(position)):
        person = cast.people[mention.person]
        if not person.is_org or person.form == "unnamed":
            continue
        if head in person.name.lower() or (
            head in COMPANY_NOUNS and not mods and is_company(person.name)
        ):
            return mention.person
    return None


def _resolve_pronoun(
    cast: _Cast, pronoun: str, position: int, quote: Quote, exclude: int | None
) -> int | None:
    """The latest subject mention (else any mention) before `position` of a person the
    pronoun can stand for: never an organisation, never someone of the other gender."""
    gender = _pronoun_gender(pronoun)
    if not gender:
        return None
    return _latest_person(cast, gender, position, quote, exclude)


def _latest_person(
    cast: _Cast, gender: str, position: int, quote: Quote, exclude: int | None
) -> int | None:
    """The latest subject mention (else any mention) of a named person of that gender
    ('' for either) before `position`."""
    fallback: int | None = None
    for mention in cast.mentions_before(position):
        if position - mention.start > PRONOUN_WINDOW_CHARS:
            break
        if mention.in_quote or mention.person == exclude:
            continue
        if quote.content_start <= mention.start < quote.content_end:
            continue
        person = cast.people[mention.person]
        if person.is_org or person.form == "unnamed" or _other_gender(person.gender, gender):
            continue
        if mention.is_subject:
            return mention.person
        if fallback is None:
            fallback = mention.person
    return fallback


def _other_gender(known: str, wanted: str) -> bool:
    return bool(known and wanted and known != wanted)


def _previous_speaking_group(doc: Doc, cast: _Cast, pronoun: Token) -> int | None:
    """'The ministry said … It added that …', 'Officials said … They added …': 'it' and
    'they' speak only for the organisation or group whose statement is in the sentence
    just before, in the same paragraph."""
    if pronoun.lower_ not in GROUP_PRONOUNS:
        return None
    k = bisect.bisect_left(cast.spoken, pronoun.idx, key=_mention_start)
    if k == 0 or pronoun.idx - cast.spoken[k - 1].start > GROUP_PRONOUN_WINDOW_CHARS:
        return None
    previous = cast.spoken[k - 1]
    person = cast.people[previous.person]
    if not (person.is_org or (pronoun.lower_ == "they" and person.form == "unnamed")):
        return None
    first = doc.char_span(previous.start, previous.start + 1, alignment_mode="expand")
    if first is None:
        return None
    between = doc[first.start + 1 : pronoun.i + 1]
    if any("\n" in t.text for t in between) or sum(bool(t.is_sent_start) for t in between) > 1:
        return None
    return previous.person


def _without_determiner(span: Span) -> str:
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].lower_ in ARTICLES:
        tokens.pop(0)
    text = _text_of(tokens)
    return text[:1].upper() + text[1:] if text else text


def _description_form(span: Span) -> str:
    """'role' for a definite singular office ('the Chancellor', 'Prime Minister'), else
    'unnamed' ('a spokesman', 'officials', 'his lawyer', 'sources')."""
    root = span.root
    first = span[0].lower_
    if root.lemma_.lower() in ORG_NOUNS | COMPANY_NOUNS:
        # 'Russia's foreign ministry', 'the doctors' association' name one; 'the ministry'
        # and 'a company' do not
        qualified = any(t.i != root.i and t.is_alpha and t.lower_ not in ARTICLES for t in span)
        return "name" if qualified and first not in INDEFINITE else "unnamed"
    if first in INDEFINITE or first in POSSESSIVE_PRONOUNS or root.tag_ in {"NNS", "NNPS"}:
        return "unnamed"
    if root.lemma_.lower() in OFFICE_WORDS | TOP_JOB_NOUNS and root.lower_ not in {
        "official",
        "source",
        "aide",
    }:
        return "role"
    return "unnamed"


def _register_description(cast: _Cast, span: Span) -> int:
    """A speaker known only by a description: a role or an unnamed source of this article."""
    text = _without_determiner(span)
    form = _description_form(span)
    name = role_name(text) if form == "role" else text
    index = _register(cast, name, span.start_char, form=form)
    if form == "role":
        _add_title(cast, index, text)
    return index


def role_name(office: str) -> str:
    """How an office nobody in the article is named as holding is shown: the office as
    written with its article, its title words in lower case ('the chancellor', 'the
    spokesman for the Sunni Front'), never as a person's name."""
    words = office.split()
    cut = next((k for k, w in enumerate(words) if w.lower() in TITLE_STOP_WORDS), len(words))
    return " ".join(["the", *(w.lower() for w in words[:cut]), *words[cut:]])


def _possessor(span: Span) -> Token | None:
    """'Asif's office' → Asif; 'his lawyer' → his."""
    for child in span.root.lefts:
        if child.dep_ == "poss":
            return child
    return None


def _resolve_principal(doc: Doc, cast: _Cast, span: Span, quote: Quote) -> tuple[int | None, str]:
    """The person an office or aide speaks for, and how to name the speaker."""
    owner = _possessor(span)
    if owner is None:
        return None, ""
    if owner.pos_ == "PRON":
        index = _resolve_pronoun(cast, owner.lower_, owner.idx, quote, None)
    else:
        owner_span = speaker_span(owner)
        _, tokens = _name_tokens(owner_span)
        name = _text_of(tokens)
        index = _find_person(cast, name, owner.idx) if name else None
        if index is None and owner_span.root.pos_ == "NOUN":
            index = _resolve_description(cast, owner_span, owner.idx)
    if index is None:
        return None, ""
    return index, f"{cast.people[index].name}'s {span.root.text}"


def _resolve_office(doc: Doc, cast: _Cast, span: Span, quote: Quote) -> int | None:
    """'Asif's office said' → an organisation 'Khawaja Asif's office' speaking for Asif;
    'his lawyer said' → an unnamed source speaking for him."""
    root = span.root.lemma_.lower()
    principal, name = _resolve_principal(doc, cast, span, quote)
    if principal is None:
        return None
    form = "name" if root in PRINCIPAL_ORG_NOUNS else "unnamed"
    index = _register(cast, name, quote.speaker_start, form=form)
    person = cast.people[index]
    person.principal = cast.people[principal].name
    if form == "name":
        person.org_votes += 1
    return index


def _speaks_for_someone(span: Span) -> bool:
    root = span.root.lemma_.lower()
    return _possessor(span) is not None and root in PRINCIPAL_ORG_NOUNS | PRINCIPAL_PERSON_NOUNS


def _is_place(span: Span) -> bool:
    """'MOSCOW', 'the Kaliningrad region', 'Kyiv': places never speak (the Kremlin does)."""
    root = span.root
    if is_institution_place(span.text):
        return False
    return root.ent_type_ in PLACE_LABELS or (
        root.lemma_.lower() in {"region", "province", "country"}
        and root.pos_ == "NOUN"
        and not _possessor(span)
    )


def _is_epithet(span: Span) -> bool:
    """'the Republican', 'the Democrat': a word for someone already named, standing in
    for their name as a pronoun would."""
    words = [t for t in span if t.lower_ not in ARTICLES]
    before = span.doc[span.start - 1] if span.start > 0 else None
    definite = span[0].lower_ == "the" or (before is not None and before.lower_ == "the")
    return definite and len(words) == 1 and words[0].ent_type_ == "NORP"


def _names_someone(cast: _Cast, span: Span, quote: Quote) -> bool:
    """'Okoro said', the tagger calling Okoro a place: the article named a person so."""
    _, tokens = _name_tokens(span)
    name = _text_of(tokens)
    index = _find_person(cast, name, quote.speaker_start) if name else None
    return index is not None and not cast.people[index].is_org


def _resolve_quote_speaker(doc: Doc, cast: _Cast, quote: Quote, exclude: int | None) -> int | None:
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if quote.turn:
        return _resolve_turn(cast, quote)
    root = span.root
    if root.pos_ == "PRON" and root.lower_ in GROUP_PRONOUNS:
        return _previous_speaking_group(doc, cast, root)
    if root.pos_ == "PRON":
        index = _resolve_pronoun(cast, root.lower_, quote.speaker_start, quote, exclude)
        if index is not None:
            person = cast.people[index]
            person.gender = person.gender or _pronoun_gender(root.lower_)
            person.person_votes += 1
        return index
    if is_news_outlet(span.text) or (_is_place(span) and not _names_someone(cast, span, quote)):
        return None
    if _is_epithet(span):
        index = _latest_person(cast, "", quote.speaker_start, quote, exclude)
        if index is None:  # nobody named before: a source the article does not identify
            index = _register(cast, f"the {_without_determiner(span)}", form="unnamed")
        return index
    if _named_speaker_span(doc, quote) is not None:
        _, tokens = _name_tokens(span)
        name = _text_of(tokens)
        return _find_person(cast, name, quote.speaker_start) if name else None
    if _speaks_for_someone(span):
        office = _resolve_office(doc, cast, span, quote)
        if office is not None:
            return office
    index = _resolve_description(cast, span, quote.speaker_start)
    if index is not None:
        cast.people[index].add_alias(_without_determiner(span))
        return index
    index = _register_description(cast, span)
    person = cast.people[index]
    if root.lemma_.lower() in ORG_NOUNS | COMPANY_NOUNS:
        person.org_votes += 1
    else:
        person.person_votes += 1
    return index


# ---------------------------------------------------------------- transcript turns


def _label_words(label: str) -> tuple[list[str], list[str], str]:
    """'MR. ADEYEMI' → (['MR.'], ['Adeyemi'], ''); 'JAKE TAPPER, CNN HOST' → ([], ['Jake',
    'Tapper'], 'cnn host'): title words, the name in title case, a description after a comma."""
    name_part, _, description = label_name(label).partition(",")
    words = name_part.split()
    lead: list[str] = []
    while words and words[0].lower().strip(".") in {w.strip(".") for w in TITLE_WORDS}:
        lead.append(words.pop(0))
    name = [_title_case(w) if w.isupper() else w for w in words]
    return lead, name, description.strip().lower()


def _title_case(word: str) -> str:
    """'ADEYEMI' → 'Adeyemi', "O'BRIEN" → "O'Brien", 'DE' → 'De'."""
    return "".join(
        piece.capitalize() if k % 2 == 0 else piece
        for k, piece in enumerate(_split_keep(word.lower(), "'’-"))
    )


def _split_keep(word: str, separators: str) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if ch in separators:
            pieces.extend([current, ch])
            current = ""
        else:
            current += ch
    pieces.append(current)
    return pieces


def _interviewer(cast: _Cast) -> int | None:
    """The first person the article gives an interviewer's title (host, editor, …)."""
    hosts = [
        i
        for i, p in enumerate(cast.people)
        if not p.is_org and any(title_words(t)[0] in INTERVIEWER_NOUNS for t in p.titles)
    ]
    return min(hosts, key=cast.first_position) if hosts else None


def _interviewee(cast: _Cast, interviewer: int | None) -> int | None:
    """Who answers in a Q&A: the first official named, else the first person named."""
    people = [
        i
        for i, p in enumerate(cast.people)
        if i != interviewer and not p.is_org and p.form == "name" and i in cast.positions
    ]
    officials = [i for i in people if is_official_title(cast.people[i].titles)]
    pool = officials or people
    return min(pool, key=cast.first_position) if pool else None


def _resolve_turn(cast: _Cast, quote: Quote) -> int | None:
    """The speaker of a transcript turn from its label."""
    label = quote.speaker_text.strip().rstrip(".:").strip()
    if label.lower() in QUESTION_LABELS:
        index = _interviewer(cast)
        return index if index is not None else _register(cast, "Interviewer", form="unnamed")
    if label.lower() in ANSWER_LABELS:
        return _interviewee(cast, _interviewer(cast))
    lead, name, description = _label_words(label)
    if not name:
        words = " ".join(w.lower().strip(".") for w in lead)
        head, mods = title_words(words)
        found = _best_titled(cast, frozenset({head}), mods, quote.speaker_start)
        return found if found is not None else _register(cast, role_name(words), form="role")
    full = " ".join(name)
    index = _find_person(cast, full, quote.speaker_start)
    if index is None:
        index = _register(cast, full, quote.speaker_start)
        cast.people[index].person_votes += 1
    person = cast.people[index]
    person.gender = person.gender or _gender_from(lead)
    _add_title(cast, index, description or " ".join(lead))
    return index


def _turn_kind(cast: _Cast, quote: Quote, index: int) -> Quote:
    """An interviewer's turn is a question, whatever its punctuation."""
    if quote.kind != "question" and index == _interviewer(cast):
        return dataclasses.replace(quote, kind="question")
    return quote


# ---------------------------------------------------------------- statements


def resolve_speakers(doc: Doc, quotes: Sequence[Quote]) -> list[Statement]:
    """Attribute every quote to a canonical speaker; quotes whose speaker is unknown (or a
    place, or a news outlet relaying it) are dropped."""
    cast = _collect_names(doc, quotes)
    resolved: list[tuple[Quote, int]] = []
    last_asker: int | None = None
    for quote in quotes:
        replying = quote.cue_lemma in REPLY_CUES
        index = _resolve_quote_speaker(doc, cast, quote, last_asker if replying else None)
        if index is None:
            continue
        if quote.turn:
            quote = _turn_kind(cast, quote, index)
        resolved.append((quote, index))
        last_asker = index if quote.kind == "question" else None
        cast.spoken.append(_Mention(quote.speaker_start, index, True, False))
        cast.add_position(index, quote.speaker_start)
    frozen = {index: cast.people[index].freeze() for _, index in resolved}
    return [Statement(quote=q, speaker=frozen[i]) for q, i in resolved]
