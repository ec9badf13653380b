"""Proposition frames (Claims) built from the main clauses of a statement's content."""

from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bot.nlp.claim_clauses import (
    EVENT_PREDICATE,
    clause_heads,
    clause_text,
    clause_tokens,
    existential_subject,
    is_question,
    predicate_class,
    predicate_token_of,
    sentences_in,
    span_text,
    subject_of,
    verb_group_text,
)
from bot.nlp.claim_markers import is_hedged, is_negated, quantifier_in, stance_slots
from bot.nlp.claim_numbers import numbers_in
from bot.nlp.claim_slots import slots_of
from bot.nlp.claim_topics import topics_of
from bot.nlp.types import Claim, Quote, Speaker, Statement


def claims_from_text(nlp: Language, speaker: str, text: str) -> list[Claim]:
    """Parse a bare statement by `speaker` and return its claims."""
    return claims_from_doc(nlp(text), speaker)


def claims_from_doc(doc: Doc, speaker: str) -> list[Claim]:
    """Claims of a whole parsed text taken as one direct statement by `speaker`."""
    return claims_from_statement(doc, bare_statement(speaker, doc.text))


def bare_statement(speaker: str, text: str) -> Statement:
    """A Statement for a text that is entirely the speaker's own words."""
    quote = Quote(
        content=text,
        content_start=0,
        content_end=len(text),
        kind="question" if text.rstrip().endswith("?") else "direct",
        cue="",
        cue_start=0,
        cue_end=0,
        speaker_text=speaker,
        speaker_start=0,
        speaker_end=0,
    )
    person = Speaker(name=speaker, aliases=(), titles=(), is_org=False, is_official=False)
    return Statement(quote=quote, speaker=person)


def claims_from_statement(doc: Doc, statement: Statement) -> list[Claim]:
    """One Claim per main clause of the statement's content; questions yield none."""
    quote = statement.quote
    if quote.kind == "question":
        return []
    span = doc.char_span(quote.content_start, quote.content_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    claims: list[Claim] = []
    for sentence in sentences_in(span):
        if is_question(sentence):
            continue
        for head, hedged_by_frame in clause_heads(sentence):
            claim = build_claim(statement, sentence, head, hedged_by_frame)
            if any(ch.isalpha() for ch in claim.predicate):
                claims.append(as_the_speaker_put_it(claim, statement))
    return claims


def as_the_speaker_put_it(claim: Claim, statement: Statement) -> Claim:
    """In reported speech 'X said he would…' the 'he' is X: the frame says 'I', as X would.

    Only a bare he/she subject of a person's reported statement is turned round; a named
    subject, 'they' or an organisation's 'it' is left as written.
    """
    if statement.quote.kind not in {"indirect", "mixed"} or statement.speaker.is_org:
        return claim
    if claim.subject.lower() not in {"he", "she"}:
        return claim
    return dataclasses.replace(claim, subject="I")


def build_claim(statement: Statement, sentence: Span, head: Token, hedged_by_frame: bool) -> Claim:
    """The proposition frame of one clause headed by `head`."""
    quote = statement.quote
    tokens = [t for t in clause_tokens(head) if sentence.start <= t.i < sentence.end]
    subject = subject_of(head)
    if subject is not None and not sentence.start <= subject.i < sentence.end:
        subject = None  # the parser hung narrative words (a dateline, a cue) on the clause
    predicate_token = predicate_token_of(head)
    existent = existential_subject(head, subject)
    about = existent if existent is not None else subject
    return Claim(
        speaker=statement.speaker.name,
        content=quote.content,
        content_start=quote.content_start,
        content_end=quote.content_end,
        kind=quote.kind,
        subject=span_text(about) if about is not None else "",
        predicate=EVENT_PREDICATE if existent is not None else predicate_class(predicate_token),
        predicate_text=predicate_token.lemma_.lower(),
        polarity=not is_negated(head),
        slots=tuple(
            slot
            for slot in (*slots_of(head, subject), *stance_slots(head, subject, tokens))
            if sentence.start_char <= slot.start and slot.end <= sentence.end_char
        ),
        numbers=tuple(numbers_in(tokens)),
        hedged=hedged_by_frame or is_hedged(head, tokens, sentence),
        quantifier=quantifier_in(tokens, (head, predicate_token)),
        topics=topics_of(tokens),
        text=clause_text(tokens),
        verb_text=verb_group_text(head, predicate_token),
    )
