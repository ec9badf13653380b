"""Whether two claims speak of the same thing, and how their values are shown: speakers, subjects,
objects, topics, possessors, times, names and numbers compared.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.nlp.types import Claim, ClashKind, Number, Slot
from bot.nlp.vocabulary import (
    ARTICLES,
    CURRENCY_SYMBOLS,
    FIRST_PERSON,
    MONTH_NAMES,
    POSSESSIVE_PRONOUNS,
    WEEKDAY_NAMES,
)

DETERMINERS = ARTICLES | POSSESSIVE_PRONOUNS | {"no", "this", "that", "these"}


PRONOUNS = frozenset(
    {"he", "she", "it", "they", "this", "that", "these", "those", "him", "her", "them", "you"}
)


POSSESSOR_RE = re.compile(r"(\w+)(?:'s|’s)\b")


GENERIC_TOPICS = frozenset(
    {
        "thing",
        "people",
        "time",
        "year",
        "day",
        "way",
        "lot",
        "country",
        "world",
        "place",
        "number",
        "issue",
        "problem",
        "question",
        "government",
        "come",
        "see",
        "look",
        "take",
        "give",
        "put",
        "talk",
        "tell",
        "work",
        "try",
    }
)


ABSOLUTE_TIME_RE = re.compile(
    r"\b(\d{4}|" + "|".join([*MONTH_NAMES, *WEEKDAY_NAMES]) + r")\b", re.IGNORECASE
)


CURRENCY_DISPLAY = {code: symbol for symbol, code in CURRENCY_SYMBOLS.items()}


RANGE_TIME_RE = re.compile(
    r"^\s*(since|until|till|by|before|after|from|to|through|during|between|within)\b",
    re.IGNORECASE,
)


MIN_STEM = 3


TIME_PREPOSITIONS = frozenset({"in", "on", "at", "of", "during"})


EXACT_TOLERANCE = 0.1


APPROXIMATE_TOLERANCE = 0.25


@dataclass(frozen=True)
class Finding:
    """A detector's raw result before hedging, dates and explanation are applied."""

    kind: ClashKind
    earlier_value: str
    later_value: str
    factor: float = 1.0


Rule = Callable[[Claim, Claim], Finding | None]


def marker(claim: Claim, role: str) -> Slot | None:
    """The claim's marker slot of a role ("admission", "change", "tense"), if any."""
    return next((slot for slot in claim.slots if slot.role == role), None)


def same_speaker(a: Claim, b: Claim) -> bool:
    """Both claims are filed under the same canonical speaker."""
    return bool(a.speaker) and a.speaker.casefold() == b.speaker.casefold()


def shared_topics(a: Claim, b: Claim) -> set[str]:
    """Topics both claims mention, minus generic words and the predicates themselves."""
    shared = set(a.topics) & set(b.topics)
    return shared - GENERIC_TOPICS - {a.predicate, b.predicate}


def shares_topic(a: Claim, b: Claim) -> bool:
    """The topic gate: a shared entity/lemma, or the same (non-pronoun) subject."""
    return bool(shared_topics(a, b)) or same_subject(a, b)


def normalise_phrase(text: str) -> str:
    """Lower case, no leading determiners or possessives, single spaces."""
    words = re.sub(r"'s\b|’s\b", "", text.lower()).split()
    while words and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(w.strip(".,;:!\"'“”‘’") for w in words)


def same_subject(a: Claim, b: Claim) -> bool:
    """Same subject as written; third-person pronouns never count as the same."""
    left, right = normalise_phrase(a.subject), normalise_phrase(b.subject)
    return bool(left) and left == right and left not in PRONOUNS


def slot_values(claim: Claim, role: str) -> list[Slot]:
    """The claim's slots of one role."""
    return [slot for slot in claim.slots if slot.role == role]


def same_object(a: Claim, b: Claim) -> bool:
    """Objects agree: both absent, equal, or sharing a content word."""
    left = [normalise_phrase(s.text) for s in slot_values(a, "object")]
    right = [normalise_phrase(s.text) for s in slot_values(b, "object")]
    if not left and not right:
        return True
    if not left or not right:
        return False
    left_words = {w for text in left for w in text.split() if w not in PRONOUNS}
    right_words = {w for text in right for w in text.split() if w not in PRONOUNS}
    return bool(left_words & right_words)


def times_differ(a: Claim, b: Claim) -> bool:
    """Both claims are pinned to times and those times differ (a change over time).

    A month named without a year lies inside 'this year' (or inside a year written out),
    so 'not … this year' against '… in July' is the same time, not a change over time.
    """
    left = {normalise_phrase(s.text) for s in slot_values(a, "time")}
    right = {normalise_phrase(s.text) for s in slot_values(b, "time")}
    if not left or not right or left & right:
        return False
    return not any(time_within(x, y) or time_within(y, x) for x in left for y in right)


MONTHS = frozenset(MONTH_NAMES)


def time_within(inner: str, outer: str) -> bool:
    """'in july' lies within 'this year' or 'in 2025' (a month named without a year).

    Phrases come normalised, so 'this year' arrives as 'year'.
    """
    inner_words, outer_words = set(inner.split()), set(outer.split())
    month_only = bool(inner_words & MONTHS) and not any(w.isdigit() for w in inner_words)
    this_year = "year" in outer_words and outer_words <= {"year", "this", "in", "during"}
    year_scope = this_year or any(w.isdigit() and len(w) == 4 for w in outer_words)
    return month_only and year_scope and not outer_words & MONTHS


def same_proposition(a: Claim, b: Claim) -> bool:
    """Same predicate about the same thing (same subject, or a shared argument topic)."""
    if a.predicate != b.predicate or not same_participants(a, b):
        return False
    return same_subject(a, b) or bool(shared_topics(a, b))


def same_participants(a: Claim, b: Claim) -> bool:
    """Subjects and possessors could refer to the same people and things."""
    return subjects_compatible(a.subject, b.subject) and not possessors_clash(a, b)


def subjects_compatible(left: str, right: str) -> bool:
    """Equal, sharing a content word, or a third-person pronoun against a noun phrase."""
    a, b = normalise_phrase(left), normalise_phrase(right)
    if not a or not b or a == b:
        return True
    if a in FIRST_PERSON or b in FIRST_PERSON:
        return False
    if a in PRONOUNS and b in PRONOUNS:
        return False
    if a in PRONOUNS or b in PRONOUNS:
        return True
    return bool(content_words(a) & content_words(b))


def content_words(phrase: str) -> set[str]:
    """Words of a normalised phrase that are not determiners or pronouns."""
    return {w for w in phrase.split() if w not in DETERMINERS | PRONOUNS | FIRST_PERSON}


def possessors(claim: Claim) -> set[str]:
    """Whose things the subject and object are: named owners, "first" (my/our) or "third"."""
    owners: set[str] = set()
    texts = [claim.subject, *(s.text for s in slot_values(claim, "object"))]
    for text in texts:
        owners.update(m.lower() for m in POSSESSOR_RE.findall(text))
        words = {w.lower() for w in re.findall(r"[\w']+", text)}
        if words & {"my", "our"}:
            owners.add("first")
        if words & {"his", "her", "their", "its"}:
            owners.add("third")
    return owners


def possessors_clash(a: Claim, b: Claim) -> bool:
    """Both claims name owners and no owner can be the same ("my account" vs "Khan's account")."""
    left, right = possessors(a), possessors(b)
    if not left or not right or left & right:
        return False
    third_person_fits = ("third" in left and bool(right - {"first"})) or (
        "third" in right and bool(left - {"first"})
    )
    return not third_person_fits


def said(claim: Claim) -> str:
    """The clause as the speaker put it (the whole statement for frames built by hand)."""
    return claim.text or claim.content


def first_person(claim: Claim) -> bool:
    """The speaker talks about themselves ("I", "we")."""
    return normalise_phrase(claim.subject) in FIRST_PERSON and bool(slot_values(claim, "object"))


def polar_text(claim: Claim) -> str:
    """The verb group as written ("did not sign"), or the predicate with its polarity."""
    if claim.verb_text:
        return claim.verb_text
    return shown_predicate(claim) if claim.polarity else f"not {shown_predicate(claim)}"


def is_past_event(claim: Claim) -> bool:
    """The clause reports a one-off event in the simple past ("met", "visited")."""
    return any(slot.text == "past" for slot in slot_values(claim, "tense"))


def names_conflict(left: str, right: str) -> bool:
    """Two names that are not pronouns and share no word, nor a word's stem ("the
    carmakers' association" and "the car manufacturers" may be the same)."""
    a, b = normalise_phrase(left), normalise_phrase(right)
    if not a or not b or a in PRONOUNS | FIRST_PERSON or b in PRONOUNS | FIRST_PERSON:
        return False
    return not any(words_related(x, y) for x in a.split() for y in b.split())


def words_related(a: str, b: str) -> bool:
    """Equal, or one starts with the other (at least MIN_STEM letters: "car", "carmakers")."""
    short, long = sorted((a.strip("'’"), b.strip("'’")), key=len)
    return short == long or (len(short) >= MIN_STEM and long.startswith(short))


def times_conflict(left: str, right: str) -> bool:
    """Two absolute points in time (a year, month or weekday in each, no range) that differ;
    one inside the other ('in 2026', 'in March 2026') does not."""
    if not (ABSOLUTE_TIME_RE.search(left) and ABSOLUTE_TIME_RE.search(right)):
        return False
    if RANGE_TIME_RE.search(left) or RANGE_TIME_RE.search(right):
        return False
    a, b = normalise_phrase(left), normalise_phrase(right)
    words_a, words_b = set(a.split()) - TIME_PREPOSITIONS, set(b.split()) - TIME_PREPOSITIONS
    return a != b and not words_a <= words_b and not words_b <= words_a


def is_proper_name(text: str) -> bool:
    """Every remaining word after determiners is capitalised."""
    words = [w for w in text.split() if w.lower() not in DETERMINERS]
    return bool(words) and all(w[:1].isupper() for w in words)


def values_differ(a: float, b: float, approximate: bool) -> bool:
    """Relative difference beyond rounding (wider when either value is approximate)."""
    largest = max(abs(a), abs(b))
    if largest == 0:
        return False
    tolerance = APPROXIMATE_TOLERANCE if approximate else EXACT_TOLERANCE
    return abs(a - b) / largest > tolerance


def number_text(number: Number) -> str:
    """A number as the speaker put it ("200 teachers", "£200", "20 percent")."""
    text, measure = number.text, number.measure
    if number.shown:
        return number.shown
    symbol = CURRENCY_DISPLAY.get(measure)
    if symbol is not None:
        return text if symbol in text else f"{symbol}{text}"
    return f"{text} {measure}" if measure and measure not in text.lower() else text


def effective_quantifier(claim: Claim) -> str | None:
    """The claim's quantifier; a plain affirmative counts as "some" (it happened at least once)."""
    if claim.quantifier is not None:
        return claim.quantifier
    return "some" if claim.polarity else None


def quantified_text(claim: Claim) -> str:
    """The quantifier and verb group for display ("never met", "always supported")."""
    shown = claim.verb_text or shown_predicate(claim)
    quantifier = claim.quantifier
    return shown if not quantifier or quantifier in shown.lower() else f"{quantifier} {shown}"


def shown_predicate(claim: Claim) -> str:
    """The predicate's lemma before synonym classes ('run', 'grow'), for explanations."""
    return claim.predicate_text or claim.predicate


def explain_values(
    label: str, earlier_value: str, later_value: str, earlier: date | None, later: date | None
) -> str:
    """'label: "earlier" (date) → "later" (date)', with years when they differ."""
    with_year = earlier is not None and later is not None and earlier.year != later.year
    return (
        f'{label}: "{earlier_value}"{format_date(earlier, with_year)} → '
        f'"{later_value}"{format_date(later, with_year)}'
    )


def format_date(day: date | None, with_year: bool = False) -> str:
    """ " (12 Sep)", " (12 Sep 2024)" when the years differ, or nothing."""
    if day is None:
        return ""
    year = f" {day.year}" if with_year else ""
    return f" ({day.day} {day.strftime('%b')}{year})"
