"""Speech cues and who they belong to: 'X said', 'said X', 'according to X', 'X: …'.

Pure functions over a parsed Doc and its DocIndex. A cue is the word(s) that report speech;
its speaker is the head token of the noun phrase naming who spoke.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from bot.nlp.docindex import DocIndex
from bot.nlp.entities import entity_at
from bot.nlp.roles import (
    AGENT_NOUNS,
    NEWS_AGENCIES,
    OFFICE_WORDS,
    PERSON_NOUNS,
    is_given_name,
    looks_like_name,
    widen_name,
)
from bot.nlp.types import Quote, QuoteKind
from bot.nlp.vocabulary import NOMINAL_SUBJECT_DEPS

SPEECH_VERBS = frozenset(
    """
    say tell claim allege insist deny warn add argue state assert announce declare explain
    note suggest maintain acknowledge admit confirm reveal stress emphasise emphasize write
    tweet post predict promise vow pledge concede contend counter reply respond retort
    answer remark comment observe recall complain urge caution estimate indicate affirm
    reiterate repeat agree testify boast charge hint mention report disclose accuse blame
    concur dismiss describe continue conclude shout yell exclaim whisper joke quip lament
    recount reason underline underscore highlight threaten forecast ask
    inform assure signal propose demand brief point guarantee
    wonder question inquire enquire
    """.split()
)
QUESTION_VERBS = frozenset({"ask", "wonder", "question", "inquire", "enquire"})
# Verbs whose object or infinitive is what was said: 'denied the allegations', 'called the
# plan "a disgrace"', 'called for an inquiry', 'urged lawmakers to …', 'vowed to …'.
SPEECH_ACT_VERBS = frozenset(
    """
    call deny urge vow promise pledge demand reject rule warn accuse threaten describe brand
    dismiss confirm admit acknowledge propose insist
    """.split()
)
# The preposition that carries what was said, by verb ('called for', 'warned of').
SPEECH_ACT_PREPS = {
    "call": frozenset({"for", "on"}),
    "warn": frozenset({"of", "against", "about"}),
    "accuse": frozenset({"of"}),
    "describe": frozenset({"as"}),
    "dismiss": frozenset({"as"}),
    "brand": frozenset({"as"}),
    "insist": frozenset({"on"}),
    "urge": frozenset({"on"}),
}
# Verbs that need more than an object to report speech: 'called an election' and 'dismissed
# an aide' are deeds; 'called the plan a disgrace' and 'dismissed it as a stunt' are words.
# Verbs whose object is speech only when it names some ('denied the allegations', 'admitted
# the mistake'); 'denied bail', 'admitted 300 patients', 'rejected the bill' are deeds.
SPEECH_ACT_NEEDS_SPEECH_OBJECT = frozenset({"deny", "reject", "confirm", "admit", "acknowledge"})
SPEECH_OBJECT_NOUNS = frozenset(
    """
    claim allegation accusation charge report suggestion criticism idea notion assertion rumour
    rumor story account speculation wrongdoing responsibility involvement knowledge mistake
    error failure problem link role plan existence possibility characterization
    characterisation description reference comment remark statement
    """.split()
)
SPEECH_ACT_NEEDS_PREDICATE = frozenset({"call", "describe", "dismiss", "brand", "warn", "accuse"})
# Verbs that report speech only when they introduce a direct quote, not a clause.
DIRECT_ONLY_VERBS = frozenset({"continue", "describe", "dismiss", "blame", "accuse", "shout"})
NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "nummod", "prep"})
SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})
NON_SPEAKER_PRONOUNS = frozenset({"this", "that", "which", "what", "there", "i", "we", "you"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# 'Interfax quoted Lavrov as saying …': the one quoted speaks, not the outlet.
RELAYING_VERBS = frozenset({"quote", "cite"})
NON_SPEAKER_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
DATELINE_DASHES = frozenset({"—", "–", "-", "--", "(", ":"})
POSSESSIVE_ENDINGS = frozenset({"'s", "’s", "'", "’"})
# Words that say which unnamed sources: 'people familiar with the talks', 'sources close to'.
# Dependencies between a title and a name appended at the end of its phrase.
APPENDED_NAME_PATH = frozenset({"prep", "pobj", "appos", "compound"})
SOURCE_QUALIFIERS = frozenset({"familiar", "close", "knowledgeable", "briefed", "involved"})


@dataclass(frozen=True)
class Cue:
    """A speech verb (or 'according to', or a colon) and the head token of who spoke."""

    cue: Span
    speaker: Token


def is_speech_verb(token: Token) -> bool:
    return token.lemma_ in SPEECH_VERBS and token.pos_ in {"VERB", "AUX"}


# ---------------------------------------------------------------- the subject of a cue


def subject_of(ix: DocIndex, verb: Token, depth: int = 0) -> Token | None:
    """The subject of a speech verb, climbing conjunctions, xcomps and relative clauses."""
    for child in verb.children:
        if child.dep_ in NOMINAL_SUBJECT_DEPS:
            if ix.in_quote(child) and not ix.in_quote(verb):
                continue  # the parser ran the quote into the cue's clause
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            if is_dateline(ix, child):
                after_dateline = _speaker_after_dateline(child)
                if after_dateline is not None:
                    return after_dateline
                continue
            return _named_apposition(child) or child
    if verb.dep_ == "relcl" and verb.head.pos_ in SPEAKER_POS:
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in SPEAKER_POS:
        return _named_apposition(verb.head) or verb.head  # 'Lund, called for': a misparse
    misparsed = _subject_of_fronted_participle(verb) or _subject_hung_on_preposition(verb)
    if misparsed is not None:
        return misparsed
    if depth >= 3 or verb.head.i == verb.i:
        return None
    head = verb.head
    if verb.dep_ == "conj":
        head = _verb_above(verb)  # 'vowed to keep it open and guaranteed': past 'open'
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.lemma_ in SPEECH_VERBS:
        # 'X said the plan was "a stunt" and accused Y of …': the parser hung the second
        # verb on the reported clause; it is X's, like the first.
        return subject_of(ix, head.head, depth + 1)
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head  # 'was quoted as saying'
        quoted = next((c for c in head.children if c.dep_ == "dobj"), None)
        if head.lemma_ in RELAYING_VERBS and quoted is not None:
            return _named_apposition(quoted) or quoted  # 'Interfax quoted Lavrov as saying'
    elif verb.dep_ not in {"conj", "xcomp", "advcl", "ccomp"}:
        return None
    if head.pos_ in {"VERB", "AUX"} and not (verb.dep_ == "ccomp" and head.lemma_ in SPEECH_VERBS):
        return subject_of(ix, head, depth + 1)
    return None


def _verb_above(token: Token) -> Token:
    """The nearest verb the token hangs under (at most three steps up), else its head."""
    head = token.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"} or head.head.i == head.i:
            return head
        head = head.head
    return token.head


def _subject_of_fronted_participle(verb: Token) -> Token | None:
    """'Mendez, asked about the cost, said': the parser may hang the name on 'asked'."""
    for child in verb.lefts:
        if child.dep_ in {"ccomp", "advcl"} and child.tag_ in {"VBD", "VBN"}:
            between = child.doc[child.right_edge.i : verb.i]
            if any(t.text == "," for t in between):
                for grandchild in child.lefts:
                    if grandchild.dep_ == "nsubj" and grandchild.i < child.i:
                        return grandchild
    return None


def _subject_hung_on_preposition(verb: Token) -> Token | None:
    """'In what was a blow to the party in today's debate the Chancellor said …': a
    subjectless main verb right after a person the parser made the object of a long
    opening phrase."""
    if verb.dep_ != "ROOT" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ != "pobj" or before.head.i > verb.i or before.i != before.head.right_edge.i:
        return None
    is_person = before.ent_type_ == "PERSON" or before.lemma_.lower() in OFFICE_WORDS
    return before if is_person and before.pos_ in {"PROPN", "NOUN"} else None


def after_dateline(ix: DocIndex, start: int, end: int) -> int:
    """Skip a dateline ('Capital, 1 April 2025 —', 'FRANKFURT, Feb 12 (Reuters) -') that
    the parser put inside a clause."""
    doc = ix.doc
    sentence_start = ix.sent_start[start]
    if start - sentence_start > 3:
        return start
    for i in range(start, min(sentence_start + 14, end)):
        if doc[i].text in {"—", "–", "-", "--"} and i > sentence_start:
            opening = doc[sentence_start:i]
            if is_dateline(ix, doc[sentence_start]) or any(
                t.text in NEWS_AGENCIES for t in opening
            ):
                return i + 1
            return start
    return start


def _speaker_after_dateline(place: Token) -> Token | None:
    """'Capital, 2 May 2025 — Minister Ana Ruiz said': the parser may hang Ruiz on the place."""
    for child in place.rights:
        if child.dep_ == "appos" and looks_like_name(child) and child.ent_type_ != "DATE":
            return child
    return None


def is_dateline(ix: DocIndex, token: Token) -> bool:
    """'NEW DELHI —' or 'Millbrook, 3 March 2025 —': the place opening a story, not a speaker."""
    sent_start, sent_end = ix.sent_start[token.i], ix.sent_end[token.i]
    if token.i - sent_start > 3:
        return False
    doc = token.doc
    following = doc[token.i + 1 : min(token.i + 10, sent_end)]
    dash_at = next((t.i for t in following if t.text in DATELINE_DASHES), None)
    if dash_at is None:
        return False
    lead_in = doc[token.i + 1 : dash_at]
    shouted = token.text.isupper() and len(token.text) >= 3
    dated = any(t.ent_type_ == "DATE" for t in lead_in) and any(t.text == "," for t in lead_in)
    return shouted or dated or (len(lead_in) <= 1 and token.ent_type_ in {"GPE", "LOC"})


def _named_apposition(noun: Token) -> Token | None:
    """'Her Labour shadow, Owen Pritchard, said' → Pritchard; 'The governor of the region,
    Oleg Sutin, said' → Sutin (the parser may hang the name on 'region')."""
    if noun.pos_ != "NOUN":
        return None
    for child in noun.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    if noun.lemma_.lower() not in PERSON_NOUNS:
        return None
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "for", "at"}:
            for obj in prep.rights:
                for child in obj.rights:
                    if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                        return child
    return None


def acceptable_speaker(ix: DocIndex, token: Token | None) -> bool:
    """A person, an organisation or a pronoun for one: not 'the report' or 'the grant'."""
    if token is None or ix.in_quote(token):
        return False
    if token.pos_ == "PRON":
        return token.lower_ not in NON_SPEAKER_PRONOUNS
    if ix.is_known_name(token):
        return True  # even when 'Ruiz, 54,' is tagged a date
    if token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or looks_like_name(token):
        return token.ent_type_ not in NON_SPEAKER_ENTITIES
    return token.pos_ == "NOUN" and token.lemma_.lower() in AGENT_NOUNS


# ---------------------------------------------------------------- the words naming a speaker


def speaker_span(token: Token) -> Span:
    """The noun phrase that names a speaker: a whole entity, a name, or 'the defence minister'."""
    doc = token.doc
    ent = entity_at(token)
    if ent is not None:
        ent = _comma_segment(ent, token)  # 'the Easthaven Gazette, Bill' → Bill
        return _strip_possessive(widen_name(ent) if ent.label_ == "PERSON" else ent)
    if token.pos_ == "PRON":
        return doc[token.i : token.i + 1]
    named = _appended_name(token)
    if named is not None:
        return named
    start = token.i
    for child in token.lefts:
        if child.dep_ in NP_LEFT_DEPS or (token.pos_ == "PROPN" and child.pos_ == "PROPN"):
            start = min(start, child.left_edge.i)
    article = next((c.i for c in token.lefts if c.dep_ == "det" and c.i > start), None)
    if article is not None:
        start = article  # "today's PMQ's the Chancellor": nothing comes before 'the'
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in {"compound", "flat"} and child.pos_ == "PROPN" and child.i == end:
            end = child.i + 1
        elif token.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in {"for", "of", "at"}:
            end = max(end, child.right_edge.i + 1)  # 'a spokesperson for the police'
        elif token.pos_ == "NOUN" and (
            child.lemma_.lower() in SOURCE_QUALIFIERS
            or (child.dep_ == "prep" and child.lower_ == "with")
        ):
            end = max(end, child.right_edge.i + 1)  # 'people familiar with the matter'
    comma = next((t.i for t in doc[token.i : end] if t.text == ","), end)
    return _strip_possessive(doc[start:comma])


def _appended_name(token: Token) -> Span | None:
    """'Spokesperson to President Cyril Ramaphosa, Vincent Magwenya, said', 'Minister of
    State at the Department of Health Róisín Shortall said': a title whose phrase ends in
    a name in apposition names that person (a name after a name is the title's, not the
    first name's)."""
    if token.lemma_.lower() not in OFFICE_WORDS | PERSON_NOUNS or token.pos_ == "PRON":
        return None
    last = token.right_edge
    while last.i > token.i and (last.is_punct or last.is_space):
        last = last.doc[last.i - 1]
    if last.i == token.i or last.dep_ not in {"appos", "pobj"} or last.pos_ != "PROPN":
        return None
    link = last.head
    while link.i != token.i:
        if link.dep_ not in APPENDED_NAME_PATH or link.i < token.i:
            return None
        link = link.head
    doc = last.doc
    start = last.i
    while start > token.i + 1 and doc[start - 1].dep_ == "compound":
        if doc[start - 1].pos_ != "PROPN" or doc[start - 1].head.i != last.i:
            break
        start -= 1
    if last.dep_ == "appos":
        return doc[start : last.i + 1]
    # 'Minister … of Transport Siobhán Garvey': a name glued to the organisation's name
    # starts at a known given name ('a spokesman for Grace Obi' speaks for Obi, not as her)
    given = next((t.i for t in doc[start + 1 : last.i] if is_given_name(t.text)), None)
    return doc[given : last.i + 1] if given is not None else None


def _comma_segment(span: Span, token: Token) -> Span:
    """The part of an entity between commas that holds the token."""
    start, end = span.start, span.end
    for t in span:
        if t.text == ",":
            if t.i < token.i:
                start = t.i + 1
            elif t.i > token.i:
                end = min(end, t.i)
    return span if (start, end) == (span.start, span.end) else span.doc[start:end]


def _strip_possessive(span: Span) -> Span:
    end = span.end
    while end > span.start + 1 and span.doc[end - 1].lower_ in POSSESSIVE_ENDINGS:
        end -= 1
    start = span.start
    while start < end - 1 and span.doc[start].is_punct:
        start += 1
    return span.doc[start:end]


# ---------------------------------------------------------------- cues


def cue_for_verb(ix: DocIndex, verb: Token) -> Cue | None:
    """The cue of a speech verb with an acceptable speaker, or None."""
    if ix.in_long_sentence(verb):
        return None
    has_own_subject = any(c.dep_ in NOMINAL_SUBJECT_DEPS for c in verb.children)
    if verb.tag_ == "VBN" and not has_own_subject:
        return None  # "Asked whether …, X said": the question was put to X, not by X
    subordinate = verb.dep_ in {"advcl", "xcomp", "pcomp", "conj"}
    if verb.lemma_ in QUESTION_VERBS and subordinate and not has_own_subject:
        return None
    subject = subject_of(ix, verb)
    if subject is None or not acceptable_speaker(ix, subject):
        return None
    return Cue(cue_span(verb), subject)


def cue_span(verb: Token) -> Span:
    """The cue words: the verb with its particle or object ('told reporters', 'pointed out')."""
    doc = verb.doc
    end = verb.i + 1
    for child in verb.rights:
        if child.i == end and (
            child.dep_ == "prt" or (verb.lemma_ == "tell" and child.dep_ in {"dobj", "dative"})
        ):
            end = child.i + 1
    return doc[verb.i : end]


def according_to_speaker(token: Token) -> Token | None:
    """'according to X' → X."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for obj in nxt.children:
            if obj.dep_ == "pobj":
                return obj
    return None


def according_to_cue(ix: DocIndex, token: Token) -> Cue | None:
    """The cue 'according to' with an acceptable speaker, or None."""
    if ix.in_long_sentence(token):
        return None
    who = according_to_speaker(token)
    if who is None or not acceptable_speaker(ix, who):
        return None
    return Cue(token.doc[token.i : token.i + 2], who)


def cue_lemma(cue: Cue) -> str:
    """Lemma of the cue's head word ('' for a quote attributed without a cue word)."""
    return cue.cue.root.lemma_.lower() if len(cue.cue) else ""


def make_quote(
    text: str,
    start_char: int,
    end_char: int,
    kind: QuoteKind,
    cue: Cue,
    parts: tuple[tuple[int, int], ...] = (),
) -> Quote:
    """A Quote of text[start_char:end_char] spoken by the cue's speaker; `parts` are the
    speaker's own words when the cue interrupts them."""
    speaker = speaker_span(cue.speaker)
    return Quote(
        content=text[start_char:end_char],
        content_start=start_char,
        content_end=end_char,
        kind=kind,
        cue=cue.cue.text,
        cue_start=cue.cue.start_char,
        cue_end=cue.cue.end_char,
        speaker_text=speaker.text,
        speaker_start=speaker.start_char,
        speaker_end=speaker.end_char,
        cue_lemma=cue_lemma(cue),
        parts=parts,
    )
