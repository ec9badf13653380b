"""Rule detectors: explainable self-contradictions between two claims of one speaker.

Every detector takes (earlier, later) in that order and names the two values that clash.
The table `DETECTORS` holds one row per kind of clash; the model-only kind has no rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from bot.nlp.clash_detectors import (
    detect_agent_conflict,
    detect_antonym,
    detect_number_mismatch,
    detect_place_conflict,
    detect_polarity_flip,
    detect_quantifier_clash,
    detect_reversal,
    detect_source_conflict,
    detect_time_conflict,
)
from bot.nlp.clash_matching import Finding, Rule, explain_values, marker, same_speaker, shares_topic
from bot.nlp.types import Claim, ClashKind, Tier, Verdict

FLAG_THRESHOLD = 0.5  # a rule verdict scoring at least this is an alert, below it a review


HEDGE_FACTOR = 0.5


@dataclass(frozen=True)
class Detector:
    """One row of the detector table.

    `label`, the kind in plain words (`bot.nlp.types.CLASH_NAMES`, the one table every
    surface reads), starts the explanation ("place changed: ..."); `find` is the rule, None
    for the kind only the model finds.
    """

    kind: ClashKind
    base_score: float
    find: Rule | None

    @property
    def label(self) -> str:
        return self.kind.display_name


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


DETECTORS: tuple[Detector, ...] = (
    Detector(
        ClashKind.REVERSAL,
        0.9,
        detect_reversal,
    ),
    Detector(
        ClashKind.POLARITY,
        0.8,
        detect_polarity_flip,
    ),
    Detector(
        ClashKind.PLACE,
        0.85,
        detect_place_conflict,
    ),
    Detector(ClashKind.AGENT, 0.75, detect_agent_conflict),
    Detector(ClashKind.TIME, 0.6, detect_time_conflict),
    Detector(
        ClashKind.SOURCE,
        0.65,
        detect_source_conflict,
    ),
    Detector(ClashKind.NUMBER, 0.75, detect_number_mismatch),
    Detector(ClashKind.ANTONYM, 0.7, detect_antonym),
    Detector(
        ClashKind.QUANTIFIER,
        0.7,
        detect_quantifier_clash,
    ),
    Detector(ClashKind.REPHRASED, 1.0, None),
)


def explain(finding: Finding, earlier: date | None, later: date | None) -> str:
    """One line a journalist can read: what changed, from what to what, and when."""
    return explain_values(
        detector_for(finding.kind).label, finding.earlier_value, finding.later_value, earlier, later
    )
