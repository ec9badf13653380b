"""Resolve who said what within one article, to one canonical speaker per person.

"Asif", "Khawaja Asif", "Pakistan's defence minister", "the minister" and "he" all become
`Khawaja Asif` when the article introduced him that way. A role the article never puts a
name to ("the Chancellor") stays a role; an unnamed source ("a spokesman", "officials")
stays unnamed; places and news outlets never speak. Pure functions over a spaCy Doc.

Every lookup goes through an index (names, name parts, title heads, mention positions),
so resolving all speakers costs time linear in the article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from bot.nlp.roles import (
    COMPANY_NOUNS,
    INTERVIEWER_NOUNS,
    ORG_NOUNS,
    is_institution_place,
    is_news_outlet,
    is_official_title,
)
from bot.nlp.speaker_cast import (
    GROUP_PRONOUNS,
    PRINCIPAL_ORG_NOUNS,
    TITLE_WORDS,
    Cast,
    Mention,
    add_cast_title,
    find_person,
    gender_from,
    name_tokens,
    pronoun_gender,
    register,
    text_of,
    title_words,
)
from bot.nlp.speaker_descriptions import (
    best_titled,
    latest_person,
    possessor,
    previous_speaking_group,
    register_description,
    resolve_description,
    resolve_office,
    resolve_pronoun,
    role_name,
    without_determiner,
)
from bot.nlp.speaker_mentions import collect_names, named_speaker_span
from bot.nlp.transcripts import ANSWER_LABELS, QUESTION_LABELS, label_name
from bot.nlp.types import Quote, Statement
from bot.nlp.vocabulary import ARTICLES, PLACE_LABELS

REPLY_CUES = frozenset({"reply", "respond", "answer", "retort", "counter"})


PRINCIPAL_PERSON_NOUNS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "lawyer", "attorney", "aide", "adviser"}
)


def _speaks_for_someone(span: Span) -> bool:
    root = span.root.lemma_.lower()
    return possessor(span) is not None and root in PRINCIPAL_ORG_NOUNS | PRINCIPAL_PERSON_NOUNS


def _is_place(span: Span) -> bool:
    """'MOSCOW', 'the Kaliningrad region', 'Kyiv': places never speak (the Kremlin does)."""
    root = span.root
    if is_institution_place(span.text):
        return False
    return root.ent_type_ in PLACE_LABELS or (
        root.lemma_.lower() in {"region", "province", "country"}
        and root.pos_ == "NOUN"
        and not possessor(span)
    )


def _is_epithet(span: Span) -> bool:
    """'the Republican', 'the Democrat': a word for someone already named, standing in
    for their name as a pronoun would."""
    words = [t for t in span if t.lower_ not in ARTICLES]
    before = span.doc[span.start - 1] if span.start > 0 else None
    definite = span[0].lower_ == "the" or (before is not None and before.lower_ == "the")
    return definite and len(words) == 1 and words[0].ent_type_ == "NORP"


def _names_someone(cast: Cast, span: Span, quote: Quote) -> bool:
    """'Okoro said', the tagger calling Okoro a place: the article named a person so."""
    _, tokens = name_tokens(span)
    name = text_of(tokens)
    index = find_person(cast, name, quote.speaker_start) if name else None
    return index is not None and not cast.people[index].is_org


def _resolve_quote_speaker(doc: Doc, cast: Cast, quote: Quote, exclude: int | None) -> int | None:
    span = doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if quote.turn:
        return _resolve_turn(cast, quote)
    root = span.root
    if root.pos_ == "PRON" and root.lower_ in GROUP_PRONOUNS:
        return previous_speaking_group(doc, cast, root)
    if root.pos_ == "PRON":
        index = resolve_pronoun(cast, root.lower_, quote.speaker_start, quote, exclude)
        if index is not None:
            person = cast.people[index]
            person.gender = person.gender or pronoun_gender(root.lower_)
            person.person_votes += 1
        return index
    if is_news_outlet(span.text) or (_is_place(span) and not _names_someone(cast, span, quote)):
        return None
    if _is_epithet(span):
        index = latest_person(cast, "", quote.speaker_start, quote, exclude)
        if index is None:  # nobody named before: a source the article does not identify
            index = register(cast, f"the {without_determiner(span)}", form="unnamed")
        return index
    if named_speaker_span(doc, quote) is not None:
        _, tokens = name_tokens(span)
        name = text_of(tokens)
        return find_person(cast, name, quote.speaker_start) if name else None
    if _speaks_for_someone(span):
        office = resolve_office(doc, cast, span, quote)
        if office is not None:
            return office
    index = resolve_description(cast, span, quote.speaker_start)
    if index is not None:
        cast.people[index].add_alias(without_determiner(span))
        return index
    index = register_description(cast, span)
    person = cast.people[index]
    if root.lemma_.lower() in ORG_NOUNS | COMPANY_NOUNS:
        person.org_votes += 1
    else:
        person.person_votes += 1
    return index


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


def _interviewer(cast: Cast) -> int | None:
    """The first person the article gives an interviewer's title (host, editor, …)."""
    hosts = [
        i
        for i, p in enumerate(cast.people)
        if not p.is_org and any(title_words(t)[0] in INTERVIEWER_NOUNS for t in p.titles)
    ]
    return min(hosts, key=cast.first_position) if hosts else None


def _interviewee(cast: Cast, interviewer: int | None) -> int | None:
    """Who answers in a Q&A: the first official named, else the first person named."""
    people = [
        i
        for i, p in enumerate(cast.people)
        if i != interviewer and not p.is_org and p.form == "name" and i in cast.positions
    ]
    officials = [i for i in people if is_official_title(cast.people[i].titles)]
    pool = officials or people
    return min(pool, key=cast.first_position) if pool else None


def _resolve_turn(cast: Cast, quote: Quote) -> int | None:
    """The speaker of a transcript turn from its label."""
    label = quote.speaker_text.strip().rstrip(".:").strip()
    if label.lower() in QUESTION_LABELS:
        index = _interviewer(cast)
        return index if index is not None else register(cast, "Interviewer", form="unnamed")
    if label.lower() in ANSWER_LABELS:
        return _interviewee(cast, _interviewer(cast))
    lead, name, description = _label_words(label)
    if not name:
        words = " ".join(w.lower().strip(".") for w in lead)
        head, mods = title_words(words)
        found = best_titled(cast, frozenset({head}), mods, quote.speaker_start)
        return found if found is not None else register(cast, role_name(words), form="role")
    full = " ".join(name)
    index = find_person(cast, full, quote.speaker_start)
    if index is None:
        index = register(cast, full, quote.speaker_start)
        cast.people[index].person_votes += 1
    person = cast.people[index]
    person.gender = person.gender or gender_from(lead)
    add_cast_title(cast, index, description or " ".join(lead))
    return index


def _turn_kind(cast: Cast, quote: Quote, index: int) -> Quote:
    """An interviewer's turn is a question, whatever its punctuation."""
    if quote.kind != "question" and index == _interviewer(cast):
        return dataclasses.replace(quote, kind="question")
    return quote


def resolve_speakers(doc: Doc, quotes: Sequence[Quote]) -> list[Statement]:
    """Attribute every quote to a canonical speaker; quotes whose speaker is unknown (or a
    place, or a news outlet relaying it) are dropped."""
    cast = collect_names(doc, quotes)
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
        cast.spoken.append(Mention(quote.speaker_start, index, True, False))
        cast.add_position(index, quote.speaker_start)
    frozen = {index: cast.people[index].freeze() for _, index in resolved}
    return [Statement(quote=q, speaker=frozen[i]) for q, i in resolved]
