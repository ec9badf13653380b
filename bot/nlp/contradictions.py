"""Rule detectors: explainable self-contradictions between two claims of one speaker.

Every detector takes (earlier, later) in that order and names the two values that clash.
The table `DETECTORS` holds one row per kind of clash; the model-only kind has no rule.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from bot.nlp.claim_clauses import normalise_predicate
from bot.nlp.lexicons import read_lexicon_pairs
from bot.nlp.types import Claim, ClashKind, Number, Slot, Tier, Verdict

FLAG_THRESHOLD = 0.5  # a rule verdict scoring at least this is an alert, below it a review
HEDGE_FACTOR = 0.5
PAST_EVENT_FACTOR = 0.55
DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "no",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "this",
        "that",
        "these",
    }
)
PRONOUNS = frozenset(
    {"he", "she", "it", "they", "this", "that", "these", "those", "him", "her", "them", "you"}
)
FIRST_PERSON = frozenset({"i", "we"})
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
OPPOSED_QUANTIFIERS = frozenset(
    {
        ("never", "always"),
        ("never", "some"),
        ("none", "some"),
        ("none", "all"),
    }
)
APPROXIMATE_RE = re.compile(
    r"\b(about|around|approximately|roughly|nearly|almost|some|over|under|more than|"
    r"less than|up to|at least|at most)\b",
    re.IGNORECASE,
)
ABSOLUTE_TIME_RE = re.compile(
    r"\b(\d{4}|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
CURRENCY_DISPLAY = {"gbp": "£", "usd": "$", "eur": "€", "inr": "₹", "jpy": "¥"}
RANGE_TIME_RE = re.compile(
    r"^\s*(since|until|till|by|before|after|from|to|through|during|between|within)\b",
    re.IGNORECASE,
)
NEGATION_RE = re.compile(r"\b(not|never|no)\b|n[’']t\b", re.IGNORECASE)
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


@dataclass(frozen=True)
class Detector:
    """One row of the detector table.

    `label` starts the explanation ("place changed: ..."); `display` says the same in plain
    words for a journalist; `find` is the rule, None for the kind only the model finds.
    """

    kind: ClashKind
    label: str
    display: str
    base_score: float
    find: Rule | None


@dataclass(frozen=True)
class Gazetteer:
    """Place containment (child → parents), aliases (name → canonical) and all known names."""

    parents: dict[str, frozenset[str]]
    aliases: dict[str, str]
    names: frozenset[str]


def is_contradiction(verdict: Verdict | None) -> bool:
    """True for an alert: a verdict to post in the thread."""
    return verdict is not None and verdict.tier is Tier.ALERT


def detect(
    earlier: Claim,
    later: Claim,
    *,
    earlier_date: date | None = None,
    later_date: date | None = None,
) -> Verdict | None:
    """The strongest rule conflict between an earlier and a later claim of the same speaker."""
    if not same_speaker(earlier, later) or not shares_topic(earlier, later):
        return None
    findings = rule_findings(earlier, later)
    if not findings:
        return None
    best = max(findings, key=lambda f: detector_for(f.kind).base_score * f.factor)
    hedge = HEDGE_FACTOR if earlier.hedged or later.hedged else 1.0
    score = round(detector_for(best.kind).base_score * best.factor * hedge, 3)
    return Verdict(
        kind=best.kind,
        score=score,
        earlier_value=best.earlier_value,
        later_value=best.later_value,
        explanation=explain(best, earlier_date, later_date),
        tier=Tier.ALERT if score >= FLAG_THRESHOLD else Tier.REVIEW,
    )


def rule_findings(earlier: Claim, later: Claim) -> list[Finding]:
    """What every rule finds; nothing when the later claim says things have since changed
    ("the bridge is no longer safe") without owning up to a change of position."""
    if marker(later, "change") is not None:
        return []
    rules = [d.find for d in DETECTORS if d.find is not None]
    return [f for f in (find(earlier, later) for find in rules) if f is not None]


def detect_all(
    earlier_claims: Iterable[Claim],
    later: Claim,
    *,
    later_date: date | None = None,
    date_of: Callable[[Claim], date | None] | None = None,
) -> list[tuple[Claim, Verdict]]:
    """Every earlier claim that conflicts with the later one, with its verdict, best first."""
    found: list[tuple[Claim, Verdict]] = []
    for earlier in earlier_claims:
        earlier_date = date_of(earlier) if date_of is not None else None
        verdict = detect(earlier, later, earlier_date=earlier_date, later_date=later_date)
        if verdict is not None:
            found.append((earlier, verdict))
    return sorted(found, key=lambda pair: pair[1].score, reverse=True)


def detector_for(kind: ClashKind) -> Detector:
    """The table row of a kind."""
    return next(d for d in DETECTORS if d.kind is kind)


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


MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)


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


# --- detectors: each takes (earlier, later) and returns a Finding or None -------------------


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


def said(claim: Claim) -> str:
    """The clause as the speaker put it (the whole statement for frames built by hand)."""
    return claim.text or claim.content


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


def first_person(claim: Claim) -> bool:
    """The speaker talks about themselves ("I", "we")."""
    return normalise_phrase(claim.subject) in FIRST_PERSON and bool(slot_values(claim, "object"))


def polar_text(claim: Claim) -> str:
    """The verb group as written ("did not sign"), or the predicate with its polarity."""
    if claim.verb_text:
        return claim.verb_text
    return shown_predicate(claim) if claim.polarity else f"not {shown_predicate(claim)}"


def detect_place_conflict(earlier: Claim, later: Claim) -> Finding | None:
    """The same action placed in two places neither of which contains the other.

    Two one-off past events ("met the envoy in Delhi" / "in Lahore") may be two occasions,
    so that finding scores lower than an ongoing state ("runs the account from India").
    """
    finding = _slot_conflict(earlier, later, "place", places_conflict)
    if finding is not None and is_past_event(earlier) and is_past_event(later):
        return replace(finding, factor=PAST_EVENT_FACTOR)
    return finding


def is_past_event(claim: Claim) -> bool:
    """The clause reports a one-off event in the simple past ("met", "visited")."""
    return any(slot.text == "past" for slot in slot_values(claim, "tense"))


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


def places_conflict(left: str, right: str) -> bool:
    """Two places that cannot both hold: known and unrelated, or distinct proper names."""
    gazetteer = load_gazetteer()
    a, b = canonical_place(left), canonical_place(right)
    if a is not None and b is not None:
        return not places_compatible(a, b, gazetteer)
    words_a, words_b = set(normalise_phrase(left).split()), set(normalise_phrase(right).split())
    if words_a & words_b:
        return False
    return is_proper_name(left) and is_proper_name(right)


def is_proper_name(text: str) -> bool:
    """Every remaining word after determiners is capitalised."""
    words = [w for w in text.split() if w.lower() not in DETERMINERS]
    return bool(words) and all(w[:1].isupper() for w in words)


@functools.lru_cache(maxsize=4096)
def canonical_place(text: str) -> str | None:
    """The gazetteer's canonical name for a place phrase (memoised: the lookup scans names)."""
    return resolve_place(text, load_gazetteer())


def resolve_place(text: str, gazetteer: Gazetteer) -> str | None:
    """The canonical gazetteer name for the longest known place named in the text."""
    phrase = normalise_phrase(text)
    if phrase in gazetteer.aliases:
        return gazetteer.aliases[phrase]
    best: str | None = None
    for name in gazetteer.names:
        if re.search(rf"\b{re.escape(name)}\b", phrase) and (best is None or len(name) > len(best)):
            best = name
    if best is None:
        return None
    return gazetteer.aliases.get(best, best)


def ancestors(place: str, gazetteer: Gazetteer) -> set[str]:
    """The place and every place that contains it (transitively)."""
    seen = {place}
    frontier = [place]
    while frontier:
        for parent in gazetteer.parents.get(frontier.pop(), frozenset()):
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return seen


def places_compatible(a: str, b: str, gazetteer: Gazetteer) -> bool:
    """Equal, or one contains the other."""
    return a in ancestors(b, gazetteer) or b in ancestors(a, gazetteer)


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


DETECTORS: tuple[Detector, ...] = (
    Detector(
        ClashKind.REVERSAL,
        "position changed — the speaker says so",
        "Says they changed their position",
        0.9,
        detect_reversal,
    ),
    Detector(
        ClashKind.POLARITY,
        "polarity flipped",
        "Said it, then said the opposite",
        0.8,
        detect_polarity_flip,
    ),
    Detector(
        ClashKind.PLACE,
        "place changed",
        "Said it happened somewhere else",
        0.85,
        detect_place_conflict,
    ),
    Detector(
        ClashKind.AGENT, "agent changed", "Said someone else did it", 0.75, detect_agent_conflict
    ),
    Detector(ClashKind.TIME, "time changed", "Gave another date", 0.6, detect_time_conflict),
    Detector(
        ClashKind.SOURCE,
        "source changed",
        "Credited another source",
        0.65,
        detect_source_conflict,
    ),
    Detector(
        ClashKind.NUMBER, "number changed", "Gave another number", 0.75, detect_number_mismatch
    ),
    Detector(ClashKind.ANTONYM, "opposite terms", "Used the opposite word", 0.7, detect_antonym),
    Detector(
        ClashKind.QUANTIFIER,
        "quantifier clash",
        "Said 'never' (or 'all'), then the opposite",
        0.7,
        detect_quantifier_clash,
    ),
    Detector(
        ClashKind.REPHRASED, "likely contradicts", "Says the opposite in other words", 1.0, None
    ),
)


def explain(finding: Finding, earlier: date | None, later: date | None) -> str:
    """One line a journalist can read: what changed, from what to what, and when."""
    return explain_values(
        detector_for(finding.kind).label, finding.earlier_value, finding.later_value, earlier, later
    )


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


# --- lexicon loading --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def load_antonyms() -> frozenset[tuple[str, str]]:
    """Antonym pairs, both directions, also under the claims' predicate classes (cut → decrease)."""
    pairs = read_lexicon_pairs("antonyms.tsv")
    pairs += [(normalise_predicate(a), normalise_predicate(b)) for a, b in pairs]
    return frozenset(pairs) | frozenset((b, a) for a, b in pairs)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Place containment and aliases from the lexicon files."""
    parents: dict[str, set[str]] = {}
    for child, parent in read_lexicon_pairs("places.tsv"):
        parents.setdefault(child, set()).add(parent)
    aliases = dict(read_lexicon_pairs("place_aliases.tsv"))
    names = frozenset(parents) | frozenset(aliases) | frozenset(aliases.values())
    return Gazetteer({k: frozenset(v) for k, v in parents.items()}, aliases, names)
