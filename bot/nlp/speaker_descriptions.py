"""Resolving descriptions, offices and pronouns to someone the article named: "the minister", "his
spokesman", "she", "they".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import speaker_span
from bot.nlp.roles import (
    COMPANY_NOUNS,
    OFFICE_WORDS,
    ORG_NOUNS,
    ROLE_QUALIFIERS,
    TOP_JOB_NOUNS,
    is_company,
    widen_name,
)
from bot.nlp.speaker_cast import (
    GROUP_PRONOUNS,
    PRINCIPAL_ORG_NOUNS,
    TITLE_STOP_WORDS,
    Cast,
    add_cast_title,
    bounded_mentions,
    find_person,
    gender_of_words,
    mention_start,
    most_recent,
    name_tokens,
    pronoun_gender,
    register,
    text_of,
    title_words,
)
from bot.nlp.types import Quote
from bot.nlp.vocabulary import ARTICLES, POSSESSIVE_PRONOUNS

# Party, nationality and place words before an office say where it is held, not which one
# ('the GOP governor', 'the Russian leader'); the tagger calls some parties organisations.
AFFILIATION_LABELS = frozenset({"NORP", "GPE"})


PARTY_ABBREVIATIONS = frozenset({"gop", "dem", "tory", "snp", "anc", "cdu", "bjp"})


INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "two", "three", "four"})


PRONOUN_WINDOW_CHARS = 1500


GROUP_PRONOUN_WINDOW_CHARS = 400


# A bare office ('the chancellor') looks this far back for the one untitled person it names.
ANTECEDENT_SENTENCES = 2


ANTECEDENT_TOKENS = 120


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


def best_titled(cast: Cast, heads: frozenset[str], mods: set[str], position: int) -> int | None:
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
    return most_recent(cast, best, position) if len(best) > 1 else best[0]


def resolve_description(cast: Cast, span: Span, position: int) -> int | None:
    """'the minister' → the person introduced with that title; 'the company' → the nearest org.

    An indefinite description ('a spokesperson for the police') introduces someone new.
    """
    if span[0].lower_ in INDEFINITE:
        return None
    head, mods = _descriptive_words(span)
    if span.root.tag_ not in {"NNS", "NNPS"}:  # 'economists at the bank' are no one person
        found = best_titled(cast, frozenset({head}), mods, position)
        if found is None and head in TOP_JOB_NOUNS:
            found = best_titled(cast, TOP_JOB_NOUNS, mods, position)
        if found is None and _description_form(span) == "role":
            found = _untitled_antecedent(cast, span)
            if found is not None:
                add_cast_title(cast, found, without_determiner(span))
        if found is not None:
            return found
    if head in ORG_NOUNS or head in COMPANY_NOUNS:
        return _nearest_org(cast, head, mods, position)
    return None


def _untitled_antecedent(cast: Cast, span: Span) -> int | None:
    """'Labour accused George Osborne … after the chancellor asked …': a bare office whose
    holder the article never titles goes to the one person named without a title in the
    sentences just before it (or earlier in its own), if that person can hold it (never a
    man for 'the spokeswoman'); with two such people it stays a role."""
    gender = gender_of_words({span.root.lower_})
    candidates = set()
    for name in _names_before(span):
        _, tokens = name_tokens(name)
        index = find_person(cast, text_of(tokens), name.start_char) if tokens else None
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


def _nearest_org(cast: Cast, head: str, mods: set[str], position: int) -> int | None:
    """'the company', 'the ministry': the organisation of that kind named last before."""
    for mention in bounded_mentions(cast.mentions_before(position)):
        person = cast.people[mention.person]
        if not person.is_org or person.form == "unnamed":
            continue
        if head in person.name.lower() or (
            head in COMPANY_NOUNS and not mods and is_company(person.name)
        ):
            return mention.person
    return None


def resolve_pronoun(
    cast: Cast, pronoun: str, position: int, quote: Quote, exclude: int | None
) -> int | None:
    """The latest subject mention (else any mention) before `position` of a person the
    pronoun can stand for: never an organisation, never someone of the other gender."""
    gender = pronoun_gender(pronoun)
    if not gender:
        return None
    return latest_person(cast, gender, position, quote, exclude)


def latest_person(
    cast: Cast, gender: str, position: int, quote: Quote, exclude: int | None
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


def previous_speaking_group(doc: Doc, cast: Cast, pronoun: Token) -> int | None:
    """'The ministry said … It added that …', 'Officials said … They added …': 'it' and
    'they' speak only for the organisation or group whose statement is in the sentence
    just before, in the same paragraph."""
    if pronoun.lower_ not in GROUP_PRONOUNS:
        return None
    k = bisect.bisect_left(cast.spoken, pronoun.idx, key=mention_start)
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


def without_determiner(span: Span) -> str:
    tokens = [t for t in span if not t.is_space]
    while tokens and tokens[0].lower_ in ARTICLES:
        tokens.pop(0)
    text = text_of(tokens)
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


def register_description(cast: Cast, span: Span) -> int:
    """A speaker known only by a description: a role or an unnamed source of this article."""
    text = without_determiner(span)
    form = _description_form(span)
    name = role_name(text) if form == "role" else text
    index = register(cast, name, span.start_char, form=form)
    if form == "role":
        add_cast_title(cast, index, text)
    return index


def role_name(office: str) -> str:
    """How an office nobody in the article is named as holding is shown: the office as
    written with its article, its title words in lower case ('the chancellor', 'the
    spokesman for the Sunni Front'), never as a person's name."""
    words = office.split()
    cut = next((k for k, w in enumerate(words) if w.lower() in TITLE_STOP_WORDS), len(words))
    return " ".join(["the", *(w.lower() for w in words[:cut]), *words[cut:]])


def possessor(span: Span) -> Token | None:
    """'Asif's office' → Asif; 'his lawyer' → his."""
    for child in span.root.lefts:
        if child.dep_ == "poss":
            return child
    return None


def _resolve_principal(doc: Doc, cast: Cast, span: Span, quote: Quote) -> tuple[int | None, str]:
    """The person an office or aide speaks for, and how to name the speaker."""
    owner = possessor(span)
    if owner is None:
        return None, ""
    if owner.pos_ == "PRON":
        index = resolve_pronoun(cast, owner.lower_, owner.idx, quote, None)
    else:
        owner_span = speaker_span(owner)
        _, tokens = name_tokens(owner_span)
        name = text_of(tokens)
        index = find_person(cast, name, owner.idx) if name else None
        if index is None and owner_span.root.pos_ == "NOUN":
            index = resolve_description(cast, owner_span, owner.idx)
    if index is None:
        return None, ""
    return index, f"{cast.people[index].name}'s {span.root.text}"


def resolve_office(doc: Doc, cast: Cast, span: Span, quote: Quote) -> int | None:
    """'Asif's office said' → an organisation 'Khawaja Asif's office' speaking for Asif;
    'his lawyer said' → an unnamed source speaking for him."""
    root = span.root.lemma_.lower()
    principal, name = _resolve_principal(doc, cast, span, quote)
    if principal is None:
        return None
    form = "name" if root in PRINCIPAL_ORG_NOUNS else "unnamed"
    index = register(cast, name, quote.speaker_start, form=form)
    person = cast.people[index]
    person.principal = cast.people[principal].name
    if form == "name":
        person.org_votes += 1
    return index
