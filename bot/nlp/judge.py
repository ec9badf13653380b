"""The one judging function: rules that explain, and (when given) a model that reaches.

`judge_pairs` takes every (earlier, later) statement pair of one ingest or compare call and
runs the model once over all of them, so ingest can weigh a new statement against a few
hundred earlier ones in one batch. A rule that fires is an alert and explains itself; the
model adds recall (alert when very sure on a well-matched pair, otherwise review) and is
never needed to silence a rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Protocol

from bot.nlp.clash_detectors import load_antonyms
from bot.nlp.clash_matching import (
    GENERIC_TOPICS,
    explain_values,
    marker,
    shared_topics,
    shares_topic,
    values_differ,
)
from bot.nlp.contradictions import HEDGE_FACTOR, detect, detector_for
from bot.nlp.types import Claim, ClashKind, Tier, Verdict

MAX_CLAUSE_PAIRS = 3  # clause-level model pairs per statement pair, besides the whole pair
INGEST_MODEL_PAIRS = 64  # ingest's budget: about 0.5 s at the scorer's ~120 pairs/s, one core
MAX_SHOWN_WORDS = 20  # words of each statement shown in a model explanation
MAX_DIFF_CHUNKS = 3
# share of the shorter statement's topics found in the other above which, with nothing in
# the words opposing them, two statements are a restatement (see `restates`)
RESTATEMENT_OVERLAP = 0.75
MAX_SHARED_GAP = 2  # words in common between two changes still shown as one phrase
EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()—–-"


class ContradictionScorer(Protocol):
    """What the judge needs of a scorer (bot.nlp.scorer.Scorer is one)."""

    @property
    def thresholds(self) -> tuple[float, float]:
        """(alert, review) thresholds on P(contradiction)."""
        ...

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """P(contradiction) of each (earlier, later) text pair, both orders combined."""
        ...


@dataclass(frozen=True)
class StatementForJudging:
    """One side of a pair: who said it, the words, the claims built from them, and when."""

    speaker: str
    text: str
    claims: tuple[Claim, ...]
    stated_on: date | None = None


@dataclass(frozen=True)
class Reading:
    """The model's confidence on one text pair standing for a statement pair."""

    confidence: float
    earlier: str
    later: str


@dataclass(frozen=True)
class ModelInput:
    """One text pair to score, for the statement pair at `index`."""

    index: int
    earlier: str
    later: str
    hedged: bool


def judge(
    earlier: StatementForJudging,
    later: StatementForJudging,
    scorer: ContradictionScorer | None = None,
) -> Verdict | None:
    """The verdict on one pair (see `judge_pairs`)."""
    return judge_pairs([(earlier, later)], scorer)[0]


def judge_pairs(
    pairs: Sequence[tuple[StatementForJudging, StatementForJudging]],
    scorer: ContradictionScorer | None = None,
    *,
    max_clause_pairs: int = MAX_CLAUSE_PAIRS,
    max_model_pairs: int | None = None,
) -> list[Verdict | None]:
    """A verdict (or None) for each (earlier, later) pair, in order; one model call in all.

    None: different speakers, or nothing found and no model. A verdict with tier None was
    scored by the model below the review threshold (kept for ranking, not surfaced).
    `max_model_pairs` bounds the text pairs the model reads (a latency guard for ingest):
    whole statements of the first pairs come first, then their clause pairs, so pass the
    pairs best-matched first; pairs left over are judged by the rules alone.
    """
    rules = [rule_verdict(earlier, later) for earlier, later in pairs]
    if scorer is None:
        return list(rules)
    readings = model_readings(pairs, scorer, max_clause_pairs, max_model_pairs)
    alert_at, review_at = scorer.thresholds
    return [
        combine(pair, rule, reading, alert_at, review_at)
        for pair, rule, reading in zip(pairs, rules, readings, strict=True)
    ]


def same_speaker(earlier: StatementForJudging, later: StatementForJudging) -> bool:
    """Both statements are by the same (named) speaker."""
    return bool(earlier.speaker) and earlier.speaker.casefold() == later.speaker.casefold()


# --- rules ------------------------------------------------------------------------------------


def rule_verdict(earlier: StatementForJudging, later: StatementForJudging) -> Verdict | None:
    """The best rule verdict over every (earlier clause, later clause) pair.

    An admission with no subject of its own ("I was wrong") is about what the rest of the
    later statement is about. A reversal that comes with a named clash shows both.
    """
    if not same_speaker(earlier, later):
        return None
    later_claims = with_statement_topics(later.claims)
    verdicts = [
        verdict
        for new in later_claims
        for old in earlier.claims
        if (verdict := detect(old, new, earlier_date=earlier.stated_on, later_date=later.stated_on))
        is not None
    ]
    if not verdicts:
        return None
    best = max(verdicts, key=rank)
    named = [v for v in verdicts if v.kind is not ClashKind.REVERSAL and v.tier is Tier.ALERT]
    if best.kind is ClashKind.REVERSAL and named:
        clash = max(named, key=rank)
        label = detector_for(clash.kind).label
        explanation = (
            f'{best.explanation}; {label}: "{clash.earlier_value}" → "{clash.later_value}"'
        )
        return dataclasses.replace(best, explanation=explanation)
    return best


def rank(verdict: Verdict) -> tuple[bool, float]:
    """Alerts first, then by score."""
    return verdict.tier is Tier.ALERT, verdict.score


def with_statement_topics(claims: Sequence[Claim]) -> list[Claim]:
    """Claims of one statement, a bare admission taking the topics of the whole statement."""
    everything = tuple(sorted({topic for claim in claims for topic in claim.topics}))
    return [
        dataclasses.replace(claim, topics=everything) if is_bare_admission(claim) else claim
        for claim in claims
    ]


def is_bare_admission(claim: Claim) -> bool:
    """An admission naming nothing else: "I was wrong", "we changed our minds"."""
    admission = marker(claim, "admission")
    if admission is None:
        return False
    own = set(claim.topics) - GENERIC_TOPICS - {claim.predicate, claim.predicate_text}
    return not own - set(admission.text.lower().split())


# --- the model --------------------------------------------------------------------------------


def model_readings(
    pairs: Sequence[tuple[StatementForJudging, StatementForJudging]],
    scorer: ContradictionScorer,
    max_clause_pairs: int,
    max_model_pairs: int | None,
) -> list[Reading | None]:
    """The model's best reading of each pair: whole statements and clause pairs, one call."""
    per_pair = [
        model_inputs(index, earlier, later, max_clause_pairs)
        for index, (earlier, later) in enumerate(pairs)
        if same_speaker(earlier, later)
    ]
    wholes = [items[0] for items in per_pair if items]
    clauses = [item for items in per_pair for item in items[1:]]
    inputs = within_budget([*wholes, *clauses], max_model_pairs)
    unique = list(dict.fromkeys((item.earlier, item.later) for item in inputs))
    scores = dict(zip(unique, scorer.contradiction_scores(unique), strict=True)) if unique else {}
    best: list[Reading | None] = [None] * len(pairs)
    for item in inputs:
        raw = scores[(item.earlier, item.later)]
        confidence = raw * HEDGE_FACTOR if item.hedged else raw
        current = best[item.index]
        if current is None or confidence > current.confidence:
            best[item.index] = Reading(confidence, item.earlier, item.later)
    return best


def within_budget(inputs: list[ModelInput], budget: int | None) -> list[ModelInput]:
    """The first inputs whose distinct text pairs fit the budget (all when it is None)."""
    if budget is None:
        return inputs
    seen: set[tuple[str, str]] = set()
    kept: list[ModelInput] = []
    for item in inputs:
        key = (item.earlier, item.later)
        if key not in seen and len(seen) >= budget:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def model_inputs(
    index: int, earlier: StatementForJudging, later: StatementForJudging, max_clause_pairs: int
) -> list[ModelInput]:
    """The whole statements, then the clause pairs sharing most topics (a clause pair that
    repeats the whole pair is left out)."""
    whole = ModelInput(
        index, earlier.text, later.text, all_hedged(earlier.claims) or all_hedged(later.claims)
    )
    candidates = [
        (len(shared_topics(old, new)), old, new)
        for old in earlier.claims
        for new in later.claims
        if old.text and new.text and shares_topic(old, new)
    ]
    candidates.sort(key=lambda c: c[0], reverse=True)
    whole_words = (comparable(earlier.text), comparable(later.text))
    clauses = [
        ModelInput(index, old.text, new.text, old.hedged or new.hedged)
        for _, old, new in candidates
        if (comparable(old.text), comparable(new.text)) != whole_words
    ]
    return [whole, *clauses[:max_clause_pairs]] if whole.earlier and whole.later else []


def comparable(text: str) -> str:
    """The words of a text without case or punctuation at their edges."""
    return " ".join(word_key(word) for word in text.split())


def all_hedged(claims: Sequence[Claim]) -> bool:
    """Every claim of a statement is hedged (and there is at least one)."""
    return bool(claims) and all(claim.hedged for claim in claims)


def combine(
    pair: tuple[StatementForJudging, StatementForJudging],
    rule: Verdict | None,
    reading: Reading | None,
    alert_at: float,
    review_at: float,
) -> Verdict | None:
    """Rules first (they explain); the model raises confidence or adds what rules miss."""
    if reading is None:
        return rule
    if rule is not None and (rule.tier is Tier.ALERT or reading.confidence < alert_at):
        return dataclasses.replace(rule, score=round(max(rule.score, reading.confidence), 3))
    earlier, later = pair
    sure = reading.confidence >= alert_at
    if restates(earlier, later):
        tier: Tier | None = None
    elif sure and well_matched(earlier, later) and opposition_cue(earlier, later):
        tier = Tier.ALERT
    elif reading.confidence >= review_at:
        tier = Tier.REVIEW
    else:
        tier = None
    return model_verdict(reading, tier, earlier.stated_on, later.stated_on)


def well_matched(earlier: StatementForJudging, later: StatementForJudging) -> bool:
    """The statements share a topic or entity (a clause pair passes the topic gate)."""
    return any(shares_topic(old, new) for old in earlier.claims for new in later.claims)


def restates(earlier: StatementForJudging, later: StatementForJudging) -> bool:
    """The later statement says the earlier one again: (nearly) all the topics of the
    shorter one recur in the other, and nothing in the words opposes them. The model alone
    never surfaces a restatement ("is being operated from India" / "is run from India, and
    I stand by that"), however it scores it; a rule still can."""
    old, new = statement_topics(earlier), statement_topics(later)
    if not old or not new:
        return False
    overlap = len(old & new) / min(len(old), len(new))
    return overlap >= RESTATEMENT_OVERLAP and not opposition_cue(earlier, later)


def statement_topics(statement: StatementForJudging) -> set[str]:
    return {t for claim in statement.claims for t in claim.topics} - GENERIC_TOPICS


def opposition_cue(earlier: StatementForJudging, later: StatementForJudging) -> bool:
    """Words that mark an opposition the model may have read: on clauses about the same
    thing, one denies (or regrets) and the other does not, or they use opposite terms, but
    not both ("is safe" / "there is no danger" agree); or they give different numbers.
    The model alone, however sure, does not make an alert of a paraphrase with a new slant.
    """
    for old in earlier.claims:
        for new in later.claims:
            if not shares_topic(old, new):
                continue
            if (denies(old) != denies(new)) != opposite_terms(old, new):
                return True
            if numbers_differ(old, new):
                return True
    return False


def denies(claim: Claim) -> bool:
    """The clause denies, says 'never' or 'none', or regrets what it names."""
    negative = not claim.polarity or claim.quantifier in {"never", "none"}
    return negative != (marker(claim, "admission") is not None)


def opposite_terms(a: Claim, b: Claim) -> bool:
    """A word of one clause and a word of the other are antonyms."""
    antonyms = load_antonyms()
    left = {a.predicate, a.predicate_text, *a.topics}
    right = {b.predicate, b.predicate_text, *b.topics}
    return any((x, y) in antonyms for x in left for y in right)


def numbers_differ(a: Claim, b: Claim) -> bool:
    """Both clauses give numbers, and none of one is the other's within rounding."""
    if not a.numbers or not b.numbers:
        return False
    return all(values_differ(x.value, y.value, True) for x in a.numbers for y in b.numbers)


def model_verdict(
    reading: Reading, tier: Tier | None, earlier: date | None, later: date | None
) -> Verdict:
    """A verdict of the model: the phrases that differ and the confidence."""
    earlier_value, later_value = differing_phrases(reading.earlier, reading.later)
    confidence = round(reading.confidence, 3)
    label = f"{detector_for(ClashKind.REPHRASED).label} (confidence {confidence:.2f})"
    return Verdict(
        kind=ClashKind.REPHRASED,
        score=confidence,
        earlier_value=earlier_value,
        later_value=later_value,
        explanation=explain_values(label, earlier_value, later_value, earlier, later),
        tier=tier,
    )


# --- explanations -----------------------------------------------------------------------------


def differing_phrases(earlier: str, later: str) -> tuple[str, str]:
    """The phrases of each text that the other lacks, each with one word of context before
    ('will not step down' → 'will hand over the leadership'); changes a word or two apart
    are shown as one phrase; whole texts when nothing differs or nothing is shared."""
    left, right = earlier.split(), later.split()
    matcher = SequenceMatcher(a=[word_key(w) for w in left], b=[word_key(w) for w in right])
    changes = merged_changes(matcher.get_opcodes())
    if not changes or matcher.ratio() == 0:
        return shorten(left), shorten(right)
    left_chunks, right_chunks = [], []
    for i1, i2, j1, j2 in changes[:MAX_DIFF_CHUNKS]:
        if i2 > i1:
            left_chunks.append(shorten(left[max(i1 - 1, 0) : i2]))
        if j2 > j1:
            right_chunks.append(shorten(right[max(j1 - 1, 0) : j2]))
    return " … ".join(left_chunks), " … ".join(right_chunks)


def merged_changes(
    opcodes: Sequence[tuple[str, int, int, int, int]],
) -> list[tuple[int, int, int, int]]:
    """Changed ranges (i1, i2, j1, j2), joining changes only MAX_SHARED_GAP words apart."""
    merged: list[tuple[int, int, int, int]] = []
    gap = MAX_SHARED_GAP + 1
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            gap = i2 - i1
        elif merged and gap <= MAX_SHARED_GAP:
            merged[-1] = (merged[-1][0], i2, merged[-1][2], j2)
        else:
            merged.append((i1, i2, j1, j2))
    return merged


def word_key(word: str) -> str:
    """A word compared without case or surrounding punctuation."""
    return word.strip(EDGE_PUNCTUATION).casefold()


def shorten(words: Sequence[str]) -> str:
    """Words joined, cut to MAX_SHOWN_WORDS, without punctuation at the ends."""
    shown = " ".join(words[:MAX_SHOWN_WORDS]).strip(EDGE_PUNCTUATION + " ")
    return f"{shown} …" if len(words) > MAX_SHOWN_WORDS else shown
