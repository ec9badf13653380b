"""What a clause says of itself: negation, hedges, quantifiers, stances and admissions (an error
owned, an apology, a retraction, haste).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from bot.nlp.claim_clauses import (
    CLAUSE_OBJECT_DEPS,
    COPULAS,
    HEDGE_OPINION_VERBS,
    denied_by_no,
    governing_verb,
    is_no_longer,
    no_longer_span,
)
from bot.nlp.types import Slot
from bot.nlp.vocabulary import CONDITIONAL_MARKERS, FIRST_PERSON, HEDGE_MODALS, SUBJECT_DEPS

HEDGE_ADVERBS = frozenset(
    {
        "reportedly",
        "possibly",
        "perhaps",
        "maybe",
        "probably",
        "allegedly",
        "apparently",
        "presumably",
        "likely",
        "supposedly",
        "arguably",
    }
)


FIRST_PERSON_WORDS = FIRST_PERSON | {"me", "us", "my", "our"}  # object and possessive forms too


ERROR_WORDS = frozenset(
    {"mistake", "error", "wrong", "blunder", "misjudgement", "misjudgment", "mistaken", "incorrect"}
)


APOLOGY_WORDS = frozenset({"regret", "apologise", "apologize", "sorry"})


RETRACTION_VERBS = frozenset({"withdraw", "retract", "rescind", "abandon", "reverse", "drop"})


HASTE_WORDS = frozenset({"quick", "hasty", "soon", "early", "premature", "rash"})


DESCRIBING_VERBS = frozenset({"describe", "apply", "fit", "reflect"})


POSITION_NOUNS = frozenset(
    {
        "word",
        "term",
        "label",
        "description",
        "figure",
        "number",
        "estimate",
        "forecast",
        "prediction",
        "statement",
        "remark",
        "comment",
        "claim",
        "accusation",
        "allegation",
        "assessment",
        "pledge",
        "promise",
        "plan",
        "proposal",
        "position",
        "view",
        "support",
        "opposition",
        "objection",
        "threat",
        "offer",
        "bid",
        "candidacy",
        "decision",
        "policy",
    }
)


MIND_CHANGE_RE = re.compile(
    r"\b(chang(ed|ing) (my|our) (mind|minds|view|views|position)|"
    r"(i|we) used to (think|believe)|(i|we) now (think|believe|accept)|on reflection|"
    r"(i|we)('ve| have) come round)\b",
    re.IGNORECASE,
)


APOLOGY_TARGET_DEPS = frozenset({"dobj", "ccomp", "xcomp", "prep", "pcomp", "pobj"})


QUANTIFIERS = {
    "never": "never",
    "always": "always",
    "none": "none",
    "nobody": "none",
    "nothing": "none",
    "all": "all",
    "everyone": "all",
    "everybody": "all",
    "everything": "all",
    "every": "all",
    "some": "some",
    "someone": "some",
    "somebody": "some",
    "something": "some",
}


def is_negated(head: Token) -> bool:
    """True when the clause head carries a negation, or its subject, object or attribute is
    'no X' ("no decision was made", "we have no plans", "there will be no vote")."""
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in {"never"} or is_no_longer(child):
            return True
        if denied_by_no(child):
            return True
    return False


def is_hedged(head: Token, tokens: list[Token], sentence: Span) -> bool:
    """Modal verbs, conditions, hedging adverbs, "I think", or an either … or construction."""
    for child in head.children:
        if child.dep_ == "aux" and child.lower_ in HEDGE_MODALS:
            return True
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKERS for m in child.children
        ):
            return True
    lowered = [t.lower_ for t in tokens]
    if any(word in HEDGE_ADVERBS for word in lowered):
        return True
    sentence_words = [t.lower_ for t in sentence]
    if "either" in sentence_words and "or" in sentence_words:
        return True
    return has_opinion_frame(tokens)


def has_opinion_frame(tokens: list[Token]) -> bool:
    """A first-person "I think/believe/guess" inside the clause."""
    for token in tokens:
        if token.lemma_.lower() in HEDGE_OPINION_VERBS and any(
            c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in token.children
        ):
            return True
    return False


def quantifier_in(tokens: list[Token], verbs: Iterable[Token]) -> str | None:
    """The first quantifier word of the clause's own verbs, in canonical form ("Nothing has
    changed: it opens" quantifies 'changed', not 'opens')."""
    own = {verb.i for verb in verbs}
    for index, token in enumerate(tokens):
        if governing_verb(token).i not in own:
            continue
        word = token.lower_
        if word == "no" and index + 1 < len(tokens) and tokens[index + 1].lower_ == "one":
            return "none"
        if word in QUANTIFIERS and token.dep_ != "quantmod" and token.ent_type_ != "CARDINAL":
            return QUANTIFIERS[word]
    return None


def stance_slots(head: Token, subject: Token | None, tokens: list[Token]) -> Iterator[Slot]:
    """An "admission" marker when the speaker owns up to an earlier position of their own
    ("scrapping it was a mistake", "I apologise for calling it a hoax", "we withdraw the
    figures"); otherwise a "change" marker for a change over time they point out ("no
    longer"). "I regret that the council refused" admits nothing of the speaker's."""
    trigger = admission_trigger(head, subject, tokens)
    if trigger is not None:
        yield Slot("admission", trigger.text, trigger.start_char, trigger.end_char)
        return
    for child in head.children:
        if is_no_longer(child):
            marker = no_longer_span(child)
            yield Slot("change", marker.text, marker.start_char, marker.end_char)


def admission_trigger(head: Token, subject: Token | None, tokens: list[Token]) -> Span | None:
    """The words by which the clause admits a change of the speaker's own position."""
    doc = head.doc
    if tokens:
        lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
        found = MIND_CHANGE_RE.search(doc[lo : hi + 1].text)
        if found is not None:
            start = doc[lo].idx + found.start()
            return doc.char_span(start, start + len(found.group()), alignment_mode="expand")
    speaker_acts = subject is not None and subject.lower_ in FIRST_PERSON
    for child in head.children:
        if is_no_longer(child) and (
            speaker_acts
            or head.lemma_.lower() in DESCRIBING_VERBS
            or (subject is not None and subject.lemma_.lower() in POSITION_NOUNS)
        ):
            return no_longer_span(child)
    for trigger in (
        error_admission(head, subject, speaker_acts),
        apology(head, subject, speaker_acts),
        retraction(head, speaker_acts),
        haste(tokens, speaker_acts),
    ):
        if trigger is not None:
            return doc[trigger.i : trigger.i + 1]
    return None


def error_admission(head: Token, subject: Token | None, speaker_acts: bool) -> Token | None:
    """An admitted error of the speaker's own: "I was wrong", "scrapping the line was an
    error", "it was a mistake to close it"."""
    error = next(
        (
            c
            for c in head.children
            if c.lemma_.lower() in ERROR_WORDS and c.dep_ in {"attr", "acomp", "oprd", "ccomp"}
        ),
        None,
    )
    if error is None:
        return None
    if speaker_acts or (subject is not None and is_own(subject)):
        return error
    deferred = [c for c in head.children if c.dep_ in {"xcomp", "ccomp"} and c.i != error.i]
    it_subject = subject is not None and subject.lower_ == "it"
    return error if it_subject and any(is_own(c) for c in deferred) else None


def apology(head: Token, subject: Token | None, speaker_acts: bool) -> Token | None:
    """An apology for the speaker's own act: "I regret calling it a hoax", "I'm sorry I said
    it", "we apologise for our figures"."""
    word = head if head.lemma_.lower() in APOLOGY_WORDS else None
    if word is None:
        word = next((c for c in head.children if c.lower_ in APOLOGY_WORDS), None)
    if not speaker_acts or word is None:
        return None
    targets = [c for c in (*head.children, *word.children) if c.dep_ in APOLOGY_TARGET_DEPS]
    targets += [g for t in targets if t.dep_ == "prep" for g in t.children]
    return word if any(is_own(t) for t in targets if t.dep_ != "prep") else None


def retraction(head: Token, speaker_acts: bool) -> Token | None:
    """The speaker withdraws their own words: "we withdraw the figures we gave", "I take
    back my remarks"."""
    lemma = head.lemma_.lower()
    taking_back = lemma == "take" and any(c.lower_ == "back" for c in head.children)
    if not speaker_acts or not (lemma in RETRACTION_VERBS or taking_back):
        return None
    objects = [c for c in head.children if c.dep_ in CLAUSE_OBJECT_DEPS]
    return head if any(is_own(o) for o in objects) else None


def haste(tokens: list[Token], speaker_acts: bool) -> Token | None:
    """The speaker says they were hasty: "I was too quick to call it a hoax", "we spoke too
    soon"."""
    if not speaker_acts:
        return None
    for token in tokens:
        if token.lemma_.lower() in HASTE_WORDS and any(c.lower_ == "too" for c in token.children):
            return token
    return None


def is_own(token: Token) -> bool:
    """The speaker's own act or words: a clause with no subject or a first-person one
    ("calling it a hoax", "what I said"), or a position noun no one else owns ("the
    figures we gave", "my remarks", "the decision")."""
    if token.pos_ in {"VERB", "AUX"}:
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        return all(s.lower_ in FIRST_PERSON_WORDS for s in subjects)
    if token.lemma_.lower() not in POSITION_NOUNS:
        return False
    owners = [c for c in token.children if c.dep_ == "poss"]
    return all(o.lower_ in FIRST_PERSON_WORDS for o in owners)


def is_simple_past(head: Token) -> bool:
    """A simple-past main verb ("met", not "was meeting" or "was"): a one-off event."""
    return head.tag_ == "VBD" and head.lemma_.lower() not in COPULAS and head.pos_ == "VERB"
