"""Numbers in a clause: digits and number words, scales, currencies, percentages, approximations
and what is counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from bot.nlp.types import Number
from bot.nlp.vocabulary import APPROXIMATORS, CURRENCY_SYMBOLS, SMALL_NUMBER_WORDS

SCALE_WORDS = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}


# A claim's numbers also read zero, fifteen, the tens and a dozen.
NUMBER_WORDS = SMALL_NUMBER_WORDS | {
    "zero": 0,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}


CURRENCY_WORDS = {"pound": "gbp", "dollar": "usd", "euro": "eur", "rupee": "inr", "yen": "jpy"}


PERCENT_WORDS = frozenset({"%", "percent", "per cent", "percentage"})


TENS = frozenset(float(n) for n in range(20, 100, 10))


TENS_STEP = 10


MAX_WORDS_TO_COUNTED_NOUN = 3  # "200 newly qualified teachers"


NUMERIC_RE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def numbers_in(tokens: list[Token]) -> Iterator[Number]:
    """Numbers of the clause with the measure each counts."""
    for group in number_groups(tokens):
        value = number_value(group)
        if value is None:
            continue
        first, last = group[0], group[-1]
        start = first.idx
        approximator = first.nbor(-1) if first.i > 0 else None
        if approximator is not None and approximator.lower_ in APPROXIMATORS:
            start = approximator.idx
        end = last.idx + len(last)
        text = first.doc.text[start:end]
        counted = counted_noun(group)
        shown = first.doc.text[start : counted.idx + len(counted)] if counted is not None else ""
        yield Number(value, text, measure_of(group), start, end, shown)


def number_groups(tokens: list[Token]) -> Iterator[list[Token]]:
    """Runs of adjacent number tokens ("12 thousand", "1.5 million", "thirty-two"), dates
    excluded."""
    group: list[Token] = []
    for token in sorted(tokens, key=lambda t: t.i):
        if is_number_hyphen(token) and group and group[-1].i + 1 == token.i:
            group.append(token)
            continue
        if is_number_token(token) and (not group or group[-1].i + 1 == token.i):
            group.append(token)
            continue
        if group:
            yield group
        group = [token] if is_number_token(token) else []
    if group:
        yield group


def is_number_hyphen(token: Token) -> bool:
    """The hyphen of "thirty-two" (between two number words)."""
    doc = token.doc
    return (
        token.text == "-"
        and 0 < token.i < len(doc) - 1
        and is_number_token(doc[token.i - 1])
        and is_number_token(doc[token.i + 1])
    )


def is_number_token(token: Token) -> bool:
    """A cardinal, money, percent or quantity number (never a date, time or ordinal)."""
    if token.ent_type_ in {"DATE", "TIME", "ORDINAL"}:
        return False
    return token.like_num or (token.lower_ in SCALE_WORDS and token.pos_ == "NUM")


def number_value(group: list[Token]) -> float | None:
    """Numeric value of a run of number tokens, or None when it cannot be read."""
    value: float | None = None
    for token in group:
        word = token.lower_
        if word == "-":
            continue
        if word in SCALE_WORDS:
            value = (value if value is not None else 1.0) * SCALE_WORDS[word]
        elif NUMERIC_RE.match(word):
            value = float(word.replace(",", ""))
        elif word in NUMBER_WORDS:
            units = float(NUMBER_WORDS[word])
            tens = value is not None and value in TENS and units < TENS_STEP
            value = value + units if tens and value is not None else units
        else:
            return None
    return value


def counted_noun(group: list[Token]) -> Token | None:
    """The word after the number naming what it counts, as written ("troops", "percent")."""
    last = group[-1]
    doc = last.doc
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if following is not None and following.lower_ in PERCENT_WORDS:
        return following
    if doc[last.i + 1 : last.i + 3].text.lower() == "per cent":
        return doc[last.i + 2]
    head = last.head
    near = last.i < head.i <= last.i + MAX_WORDS_TO_COUNTED_NOUN
    return head if near and head.pos_ in {"NOUN", "PROPN"} else None


def measure_of(group: list[Token]) -> str:
    """What the number counts: percent, a currency, or the lemma of the noun it modifies."""
    last = group[-1]
    doc = last.doc
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if following is not None and following.lower_ in PERCENT_WORDS:
        return "percent"
    per_cent = doc[last.i + 1 : last.i + 3].text.lower() == "per cent"
    if per_cent:
        return "percent"
    for token in (*group, *[c for t in group for c in t.children]):
        if token.text in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[token.text]
    if group[0].i > 0 and doc[group[0].i - 1].text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[doc[group[0].i - 1].text]
    head = last.head
    if head.pos_ in {"NOUN", "PROPN"} and head.i not in {t.i for t in group}:
        lemma = head.lemma_.lower()
        return CURRENCY_WORDS.get(lemma, lemma)
    return ""
