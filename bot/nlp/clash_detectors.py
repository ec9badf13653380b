"""One rule per kind of clash; each takes (earlier, later) and names the two values that clash."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from bot.nlp.claim_clauses import normalise_predicate
from bot.nlp.clash_matching import (
    Finding,
    effective_quantifier,
    first_person,
    is_past_event,
    marker,
    names_conflict,
    number_text,
    polar_text,
    quantified_text,
    said,
    same_object,
    same_participants,
    same_proposition,
    same_subject,
    shared_topics,
    slot_values,
    times_conflict,
    times_differ,
    values_differ,
)
from bot.nlp.lexicons import read_lexicon_pairs
from bot.nlp.places import places_conflict
from bot.nlp.types import Claim, ClashKind
from bot.nlp.vocabulary import APPROXIMATORS

PAST_EVENT_FACTOR = 0.55


OPPOSED_QUANTIFIERS = frozenset(
    {
        ("never", "always"),
        ("never", "some"),
        ("none", "some"),
        ("none", "all"),
    }
)


# A number read as approximate: after an approximator or a bound ('more than 200').
APPROXIMATE_PHRASES = ("more than", "less than", "up to", "at least", "at most")
APPROXIMATE_RE = re.compile(
    r"\b(" + "|".join([*sorted(APPROXIMATORS), *APPROXIMATE_PHRASES]) + r")\b", re.IGNORECASE
)


NEGATION_RE = re.compile(r"\b(not|never|no)\b|n[’']t\b", re.IGNORECASE)


def detect_reversal(earlier: Claim, later: Claim) -> Finding | None:
    """The speaker owns up to changing an earlier position on the same subject.

    A repeated admission is not a new reversal, and neither is regretting what the speaker
    had argued against ("we must not close it" / "closing it was a mistake"): an earlier
    denial is reversed only by an admission that quotes a denial too ("I was wrong to say
    it was not safe").
    """
    if marker(later, "admission") is None or marker(earlier, "admission") is not None:
        return None
    if not shared_topics(earlier, later):
        return None
    if not earlier.polarity and NEGATION_RE.search(said(later)) is None:
        return None
    return Finding(ClashKind.REVERSAL, said(earlier), said(later))


def detect_polarity_flip(earlier: Claim, later: Claim) -> Finding | None:
    """The same proposition asserted and denied ("no referendum" / "the referendum will be
    held"); not when the two are placed in places that rule each other out."""
    if earlier.polarity == later.polarity or earlier.predicate != later.predicate:
        return None
    if earlier.quantifier or later.quantifier or times_differ(earlier, later):
        return None
    subject_ok = same_subject(earlier, later) or (first_person(earlier) and first_person(later))
    if not subject_ok or not same_object(earlier, later) or places_differ(earlier, later):
        return None
    return Finding(ClashKind.POLARITY, polar_text(earlier), polar_text(later))


def places_differ(a: Claim, b: Claim) -> bool:
    """Both claims are placed, and no place of one can hold together with one of the other."""
    left, right = slot_values(a, "place"), slot_values(b, "place")
    return bool(left and right) and all(
        places_conflict(x.text, y.text) for x in left for y in right
    )


def detect_place_conflict(earlier: Claim, later: Claim) -> Finding | None:
    """The same action placed in two places neither of which contains the other.

    Two one-off past events ("met the envoy in Delhi" / "in Lahore") may be two occasions,
    so that finding scores lower than an ongoing state ("runs the account from India").
    """
    finding = _slot_conflict(earlier, later, "place", places_conflict)
    if finding is not None and is_past_event(earlier) and is_past_event(later):
        return replace(finding, factor=PAST_EVENT_FACTOR)
    return finding


def detect_agent_conflict(earlier: Claim, later: Claim) -> Finding | None:
    """The same action attributed to two different named agents."""
    return _slot_conflict(earlier, later, "agent", names_conflict)


def detect_source_conflict(earlier: Claim, later: Claim) -> Finding | None:
    """The same claim credited to two different sources."""
    return _slot_conflict(earlier, later, "source", names_conflict)


def detect_time_conflict(earlier: Claim, later: Claim) -> Finding | None:
    """The same event of the same subject dated to two different absolute times."""
    if not same_subject(earlier, later) or not same_object(earlier, later):
        return None
    return _slot_conflict(earlier, later, "time", times_conflict, check_time=False)


def _slot_conflict(
    earlier: Claim,
    later: Claim,
    role: str,
    conflict: Callable[[str, str], bool],
    *,
    check_time: bool = True,
) -> Finding | None:
    """Shared machinery: same asserted proposition, one slot role, conflicting values."""
    if not (earlier.polarity and later.polarity) or not same_proposition(earlier, later):
        return None
    if check_time and times_differ(earlier, later):
        return None
    left, right = slot_values(earlier, role), slot_values(later, role)
    if not left or not right:
        return None
    for old in left:
        if not any(conflict(old.text, new.text) for new in right):
            return None
    for new in right:
        if all(conflict(old.text, new.text) for old in left):
            return Finding(ClashKind(role), left[0].text, new.text)
    return None


def detect_number_mismatch(earlier: Claim, later: Claim) -> Finding | None:
    """The same measure counted with values further apart than rounding allows."""
    if times_differ(earlier, later):
        return None
    for old in earlier.numbers:
        for new in later.numbers:
            if not old.measure or old.measure != new.measure:
                continue
            if not (earlier.predicate == later.predicate or shared_topics(earlier, later)):
                continue
            if not same_participants(earlier, later):
                continue
            approximate = bool(APPROXIMATE_RE.search(old.text) or APPROXIMATE_RE.search(new.text))
            if values_differ(old.value, new.value, approximate):
                return Finding(ClashKind.NUMBER, number_text(old), number_text(new))
    return None


def detect_antonym(earlier: Claim, later: Claim) -> Finding | None:
    """Opposite predicates or attributes asserted with the same polarity about the same thing."""
    if earlier.polarity != later.polarity or times_differ(earlier, later):
        return None
    antonyms = load_antonyms()
    if (
        (earlier.predicate, later.predicate) in antonyms
        and same_participants(earlier, later)
        and (
            shared_topics(earlier, later)
            or (same_subject(earlier, later) and same_object(earlier, later))
        )
    ):
        return Finding(ClashKind.ANTONYM, polar_text(earlier), polar_text(later))
    if earlier.predicate != later.predicate or not same_proposition(earlier, later):
        return None
    for old in slot_values(earlier, "attribute"):
        for new in slot_values(later, "attribute"):
            if (old.text, new.text) in antonyms:
                return Finding(ClashKind.ANTONYM, old.text, new.text)
    return None


def detect_quantifier_clash(earlier: Claim, later: Claim) -> Finding | None:
    """never/always, none/some style clashes on the same proposition."""
    if earlier.predicate != later.predicate or times_differ(earlier, later):
        return None
    left = effective_quantifier(earlier)
    right = effective_quantifier(later)
    if left is None or right is None or left == right:
        return None
    if (left, right) not in OPPOSED_QUANTIFIERS and (right, left) not in OPPOSED_QUANTIFIERS:
        return None
    about_same = same_subject(earlier, later) or (
        same_participants(earlier, later)
        and same_object(earlier, later)
        and bool(shared_topics(earlier, later))
    )
    if not about_same:
        return None
    return Finding(ClashKind.QUANTIFIER, quantified_text(earlier), quantified_text(later))


@functools.lru_cache(maxsize=1)
def load_antonyms() -> frozenset[tuple[str, str]]:
    """Antonym pairs, both directions, also under the claims' predicate classes (cut → decrease)."""
    pairs = read_lexicon_pairs("antonyms.tsv")
    pairs += [(normalise_predicate(a), normalise_predicate(b)) for a, b in pairs]
    return frozenset(pairs) | frozenset((b, a) for a, b in pairs)
