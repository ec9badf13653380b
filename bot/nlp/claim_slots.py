"""The slots of a clause: place, agent, time and source."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from bot.nlp.claim_clauses import (
    CLAUSE_OBJECT_DEPS,
    EVENT_PREDICATE,
    normalise_predicate,
    predicate_class,
    reporting_asides,
)
from bot.nlp.claim_markers import is_simple_past
from bot.nlp.entities import entities_between
from bot.nlp.types import Slot
from bot.nlp.vocabulary import PLACE_LABELS

PLACE_PREPS = frozenset({"from", "in", "at", "inside", "within", "into", "outside"})


PLACE_ENTS = PLACE_LABELS | {"FAC"}  # a slot's place may be a building or a site


TIME_ENTS = frozenset({"DATE", "TIME"})


PLACE_NOUNS = frozenset(
    {
        "cell",
        "jail",
        "prison",
        "country",
        "city",
        "capital",
        "office",
        "home",
        "house",
        "abroad",
        "embassy",
        "camp",
        "base",
        "border",
        "headquarters",
        "village",
        "town",
        "province",
        "state",
        "region",
    }
)


SOURCE_VERBS = frozenset({"hear", "learn", "receive", "get", "know", "obtain", "take"})


def slots_of(head: Token, subject: Token | None) -> Iterator[Slot]:
    """Place, agent, time, source, object, attribute and tense ("past" event) slots."""
    anchors = [head, *[c for c in head.children if c.dep_ in CLAUSE_OBJECT_DEPS]]
    for anchor in anchors:
        for child in anchor.children:
            yield from prepositional_slots(head, child)
    for child in head.children:
        if child.dep_ in CLAUSE_OBJECT_DEPS and predicate_class(head) != EVENT_PREDICATE:
            yield make_slot("object", child)
        if child.dep_ == "agent":
            yield from (make_slot("agent", p) for p in child.children if p.dep_ == "pobj")
        if child.dep_ in {"attr", "acomp"}:
            yield from attribute_slots(child)
    is_operator = normalise_predicate(head.lemma_.lower()) == "operate"
    if subject is not None and is_operator and subject.dep_ == "nsubj":
        yield make_slot("agent", subject)
    yield from time_slots(head)
    if is_simple_past(head):
        yield Slot("tense", "past", head.idx, head.idx + len(head))


def prepositional_slots(head: Token, prep: Token) -> Iterator[Slot]:
    """Place and source slots from a prepositional phrase attached to the clause."""
    if prep.dep_ != "prep":
        return
    if prep.lower_ == "according":
        prep = next((c for c in prep.children if c.lower_ == "to"), prep)
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    for obj in objects:
        if obj.ent_type_ in TIME_ENTS:
            continue
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            yield make_slot("source", obj)
        elif prep.lower_ in PLACE_PREPS and is_place(obj):
            yield make_slot("place", obj)
        elif (
            prep.lower_ == "from"
            and obj.ent_type_ in {"PERSON", "ORG", "NORP"}
            and head.lemma_.lower() in SOURCE_VERBS
        ):
            yield make_slot("source", obj)


def is_place(token: Token) -> bool:
    """A geographic/facility entity or a noun naming a place (cell, jail, prison...)."""
    return token.ent_type_ in PLACE_ENTS or token.lemma_.lower() in PLACE_NOUNS


def attribute_slots(attribute: Token) -> Iterator[Slot]:
    """Adjectives qualifying a copula's attribute ("a reliable ally" → reliable)."""
    for child in attribute.children:
        if child.dep_ == "amod" and child.pos_ == "ADJ":
            yield Slot("attribute", child.lemma_.lower(), child.idx, child.idx + len(child))


def time_slots(head: Token) -> Iterator[Slot]:
    """DATE/TIME entities inside the clause, with the preposition before them ("since 2021")."""
    doc = head.doc
    lo, hi = head.left_edge.i, head.right_edge.i
    asides = reporting_asides(head)
    for ent in entities_between(doc, lo, hi + 1):
        if ent.label_ in TIME_ENTS and ent.end - 1 <= hi and ent.start not in asides:
            start = ent.start
            if start > lo and doc[start - 1].dep_ in {"prep", "mark"}:
                start -= 1
            span = doc[start : ent.end]
            yield Slot("time", span.text, span.start_char, span.end_char)


def make_slot(role: str, token: Token) -> Slot:
    """A slot covering the token's subtree."""
    doc = token.doc
    span = doc[token.left_edge.i : token.right_edge.i + 1]
    return Slot(role, span.text, span.start_char, span.end_char)
