"""Collecting who an article names: people and organisations, nicknames, honorifics, subjects of
speech and descriptions, with the pronoun evidence for each person's gender.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import speaker_span
from bot.nlp.docindex import Intervals
from bot.nlp.roles import (
    AGENT_NOUNS,
    HONORIFICS,
    OFFICE_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    gender_of_name,
    is_news_outlet,
    looks_like_name,
    widen_name,
)
from bot.nlp.speaker_cast import (
    Cast,
    CastPerson,
    Mention,
    add_cast_title,
    add_to,
    clean_title,
    find_person,
    gender_from,
    gender_of_words,
    mention_start,
    name_tokens,
    pronoun_gender,
    register,
    text_of,
)
from bot.nlp.speaker_descriptions import register_description, resolve_description
from bot.nlp.types import Quote
from bot.nlp.vocabulary import NOMINAL_SUBJECT_DEPS

NAME_LABELS = frozenset({"PERSON", "ORG"})


GENDER_LOOKAHEAD = 20  # tokens after a subject searched for the pronoun that refers back


QUOTE_LOOKBACK = 4  # statements can nest (a mixed quote holds a direct one)


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
        clean_title(doc[start : span.start].text) if start < span.start else "",
        _appositive_title(root, span),
        clean_title(" ".join(t.text for t in lead)) if lead else "",
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
    return clean_title(doc[start:end].text)


def _is_subject(span: Span) -> bool:
    root = span.root
    return root.dep_ in NOMINAL_SUBJECT_DEPS or (
        root.dep_ in {"compound", "appos"} and root.head.dep_ in NOMINAL_SUBJECT_DEPS
    )


def _in_quotes(start: int, quotes: Sequence[Quote]) -> bool:
    """Whether a character offset lies inside quoted words (quotes are in text order)."""
    i = bisect.bisect_right(quotes, start, key=lambda q: q.content_start)
    for quote in reversed(quotes[max(0, i - QUOTE_LOOKBACK) : i]):
        if quote.content_start <= start < quote.content_end and quote.kind != "indirect":
            return True
    return False


def named_speaker_span(doc: Doc, quote: Quote) -> Span | None:
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


def collect_names(doc: Doc, quotes: Sequence[Quote]) -> Cast:
    """Every name in the article (entities and named speakers), full names first."""
    cast = Cast()
    entries: list[tuple[Span, str]] = [
        (widen_name(part) if e.label_ == "PERSON" else part, e.label_)
        for e in doc.ents
        if e.label_ in NAME_LABELS
        for part in _comma_parts(e)
    ]
    entries.extend((span, "PERSON") for span in _honorific_names(doc))
    for quote in quotes:
        span = named_speaker_span(doc, quote)
        if span is not None:
            entries.append((span, "SPEAKER"))
    labels = Intervals([(q.speaker_start, q.speaker_end) for q in quotes if q.turn])
    prepared = []
    for span, label in entries:
        if labels.overlaps(span.start_char, span.end_char):
            continue  # 'MR. ADEBAYO:' is resolved as a label, not read as a name
        lead, tokens = name_tokens(span)
        if tokens and any(t.is_alpha for t in tokens) and tokens[0].text[:1].isupper():
            prepared.append((span, label, lead, tokens))
    prepared.sort(key=lambda e: (-len(e[3]), e[0].start))
    seen: set[tuple[int, int]] = set()
    for span, label, lead, tokens in prepared:
        if is_news_outlet(text_of(tokens)):
            continue
        index = register(cast, text_of(tokens), span.start_char)
        person = cast.people[index]
        title = _title_of(span, lead)
        add_cast_title(cast, index, title)
        lead_words = [t.text for t in lead]
        person.gender = person.gender or gender_from(lead_words) or gender_of_name(person.name)
        _vote(person, label, title, lead)
        key = (tokens[0].idx, tokens[-1].idx)
        if key not in seen:
            seen.add(key)
            in_quote = _in_quotes(span.start_char, quotes)
            cast.mentions.append(Mention(span.start_char, index, _is_subject(span), in_quote))
    _add_nicknames(doc, cast)
    _add_subject_mentions(doc, cast, seen, quotes, labels)
    cast.mentions.sort(key=mention_start)
    for mention in cast.mentions:
        cast.add_position(mention.person, mention.start)
    _pronoun_evidence(doc, cast)
    return cast


def _add_nicknames(doc: Doc, cast: Cast) -> None:
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
            add_to(cast.by_part, nickname.text.lower(), index)
            cast.by_name.setdefault(f"{nickname.text} {surname.text}".lower(), index)


def _add_subject_mentions(
    doc: Doc,
    cast: Cast,
    seen: set[tuple[int, int]],
    quotes: Sequence[Quote],
    labels: Intervals,
) -> None:
    """Names used as subjects that the tagger did not mark ('Delaney, 61, has long opposed')."""
    for token in doc:
        if token.dep_ not in NOMINAL_SUBJECT_DEPS or labels.overlaps(token.idx, token.idx + 1):
            continue
        if _is_definite_role(token):
            _add_description_mention(cast, speaker_span(token), quotes)
            continue
        if not looks_like_name(token):
            continue
        name = speaker_span(token)
        lead, tokens = name_tokens(name)
        if not tokens or (tokens[0].idx, tokens[-1].idx) in seen:
            continue
        index = find_person(cast, text_of(tokens), name.start_char)
        if index is None and lead and token.ent_type_ in {"", "PERSON"}:
            index = register(cast, text_of(tokens), name.start_char)  # 'Mayor Ines Carvalho'
            add_cast_title(cast, index, _title_of(name, lead))
            _vote(cast.people[index], "PERSON", "", lead)
        if index is not None:
            seen.add((tokens[0].idx, tokens[-1].idx))
            in_quote = _in_quotes(name.start_char, quotes)
            cast.mentions.append(Mention(name.start_char, index, True, in_quote))


def _is_definite_role(token: Token) -> bool:
    """'The prime minister, who visited …': a titled person named by role, as a subject."""
    if token.pos_ != "NOUN" or token.tag_ != "NN" or token.lemma_.lower() not in PERSON_NOUNS:
        return False
    return any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in token.lefts)


def _add_description_mention(cast: Cast, span: Span, quotes: Sequence[Quote]) -> None:
    """Make a role-named person a candidate antecedent for later pronouns."""
    index = resolve_description(cast, span, span.start_char)
    if index is None:
        index = register_description(cast, span)
        cast.people[index].person_votes += 1
    in_quote = _in_quotes(span.start_char, quotes)
    cast.mentions.append(Mention(span.start_char, index, True, in_quote))


def _vote(person: CastPerson, label: str, title: str, lead: Sequence[Token]) -> None:
    """Collect evidence for person versus organisation (spaCy's small NER mixes them up)."""
    title_words_ = {w.lower() for w in title.split()}
    person.gender = person.gender or gender_of_words(title_words_)
    if label == "PERSON" or lead or title_words_ & PERSON_NOUNS:
        person.person_votes += 1
    elif label == "ORG" or title_words_ & ORG_NOUNS:
        person.org_votes += 1


def _pronoun_evidence(doc: Doc, cast: Cast) -> None:
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
            gender = pronoun_gender(token.text) if token.dep_ in NOMINAL_SUBJECT_DEPS else ""
            if gender:
                person.gender = gender
                break
            i += 1
