"""The topics a claim is indexed under: entities and content lemmas, normalised."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from bot.nlp.claim_clauses import normalise_predicate
from bot.nlp.entities import entity_at

TOPIC_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


LIGHT_LEMMAS = frozenset(
    {
        "be",
        "have",
        "do",
        "get",
        "go",
        "make",
        "say",
        "think",
        "know",
        "let",
        "want",
        "need",
        "thing",
        "lot",
        "way",
        "people",
        "kind",
        "sort",
        "bit",
        "point",
        "fact",
        "course",
        "other",
        "same",
        "good",
        "right",
        "sure",
    }
)


TOPIC_ALIASES = {"x": "twitter", "tweet": "twitter", "tweeter": "twitter"}


NUMERIC_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"})


def topics_of(tokens: Iterable[Token]) -> tuple[str, ...]:
    """Lower-cased content lemmas and entity texts of the clause, with aliases normalised."""
    topics: set[str] = set()
    token_list = list(tokens)
    for token in token_list:
        if token.is_stop or token.pos_ not in TOPIC_POS:
            continue
        lemma = token.lemma_.lower()
        if lemma in LIGHT_LEMMAS or not any(ch.isalpha() for ch in lemma):
            continue
        topics.add(normalise_topic(lemma, token))
    indices = {t.i for t in token_list}
    for token in token_list:
        ent = entity_of(token)
        if ent is None or ent.label_ in NUMERIC_ENTS:
            continue
        if ent.start == token.i and ent.end - 1 in indices:
            topics.add(normalise_topic(ent.text.lower(), token))
    return tuple(sorted(topics))


def entity_of(token: Token) -> Span | None:
    """The named entity a token starts, if any."""
    if not token.ent_type_ or token.ent_iob_ != "B":
        return None
    return entity_at(token)


def normalise_topic(word: str, token: Token) -> str:
    """Normalise aliases (X/Twitter → twitter) and predicate classes (run → operate)."""
    if word in TOPIC_ALIASES and (word != "x" or token.text == "X"):
        return TOPIC_ALIASES[word]
    if token.pos_ == "VERB":
        return normalise_predicate(word)
    return word
