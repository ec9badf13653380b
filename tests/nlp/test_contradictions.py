"""Contradiction detectors: each on hand-built claims, then pairs through the real model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest
from spacy.language import Language

from bot.nlp.claims import claims_from_text
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
from bot.nlp.clash_matching import names_conflict
from bot.nlp.contradictions import DETECTORS, FLAG_THRESHOLD, detect, detect_all, is_contradiction
from bot.nlp.judge import StatementForJudging, differing_phrases, judge, judge_pairs
from bot.nlp.places import places_conflict
from bot.nlp.types import Claim, ClashKind, Number, Slot, Tier, Verdict

ASIF = "Khawaja Asif"


def claim(
    subject: str = "Imran Khan's X account",
    predicate: str = "operate",
    *,
    polarity: bool = True,
    slots: tuple[tuple[str, str], ...] = (),
    numbers: tuple[tuple[float, str, str], ...] = (),
    hedged: bool = False,
    quantifier: str | None = None,
    topics: tuple[str, ...] = ("account", "twitter", "operate"),
    content: str = "",
    speaker: str = ASIF,
) -> Claim:
    """A hand-built claim (a real value, not a mock) for detector unit tests."""
    return Claim(
        speaker=speaker,
        content=content or f"{subject} {predicate}",
        content_start=0,
        content_end=len(content or f"{subject} {predicate}"),
        kind="direct",
        subject=subject,
        predicate=predicate,
        polarity=polarity,
        slots=tuple(Slot(role, text, 0, len(text)) for role, text in slots),
        numbers=tuple(Number(v, t, m, 0, len(t)) for v, t, m in numbers),
        hedged=hedged,
        quantifier=quantifier,
        topics=topics,
    )


INDIA = claim(slots=(("place", "India"),))
JAIL_CELL = claim("He", slots=(("place", "the jail cell"), ("agent", "He")))


# --- polarity ------------------------------------------------------------------------------


def test_polarity_flip_on_same_subject_and_object() -> None:
    earlier = claim("The minister", "sign", slots=(("object", "the order"),), topics=("order",))
    later = replace(earlier, polarity=False)
    finding = detect_polarity_flip(earlier, later)
    assert finding is not None and finding.kind == "polarity"
    assert (finding.earlier_value, finding.later_value) == ("sign", "not sign")


@pytest.mark.parametrize(
    "later_subject",
    ["he", "The president"],  # an unresolved pronoun, or someone else
)
def test_polarity_flip_needs_the_same_named_subject(later_subject: str) -> None:
    earlier = claim("The minister", "sign", slots=(("object", "the order"),), topics=("order",))
    later = replace(earlier, subject=later_subject, polarity=False)
    assert detect_polarity_flip(earlier, later) is None


def test_polarity_flip_needs_the_same_object() -> None:
    earlier = claim("The minister", "sign", slots=(("object", "the order"),), topics=("order",))
    later = replace(earlier, polarity=False, slots=(Slot("object", "a treaty", 0, 8),))
    assert detect_polarity_flip(earlier, later) is None


# --- place, agent, source, time -------------------------------------------------------------


def test_place_conflict_names_both_places() -> None:
    finding = detect_place_conflict(INDIA, JAIL_CELL)
    assert finding is not None
    assert (finding.kind, finding.earlier_value, finding.later_value) == (
        "place",
        "India",
        "the jail cell",
    )


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Adiala Jail", "Pakistan"),
        ("Pakistan's Adiala Jail", "Rawalpindi"),
        ("Islamabad", "Pakistan"),
        ("the jail cell", "Adiala Jail"),
        ("his prison cell", "the jail cell"),
        ("Mumbai", "India"),
        ("Britain", "the UK"),
        ("the office", "home"),  # unknown common nouns: abstain
    ],
)
def test_contained_or_equivalent_places_do_not_conflict(left: str, right: str) -> None:
    assert not places_conflict(left, right)
    assert not places_conflict(right, left)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("India", "the jail cell"),
        ("India", "Adiala Jail"),
        ("Delhi", "Lahore"),
        ("Paris", "Berlin"),
    ],
)
def test_unrelated_places_conflict(left: str, right: str) -> None:
    assert places_conflict(left, right)


def test_place_change_over_stated_times_is_not_a_conflict() -> None:
    earlier = replace(INDIA, slots=(*INDIA.slots, Slot("time", "2019", 0, 4)))
    later = replace(JAIL_CELL, slots=(*JAIL_CELL.slots, Slot("time", "2025", 0, 4)))
    assert detect_place_conflict(earlier, later) is None


def test_place_on_a_different_predicate_is_not_a_conflict() -> None:
    later = replace(JAIL_CELL, predicate="live", topics=("live", "cell", "jail"))
    assert detect_place_conflict(INDIA, later) is None


def test_agent_conflict_between_named_agents_only() -> None:
    earlier = claim(slots=(("agent", "Indian intelligence"),))
    later = claim(slots=(("agent", "Imran Khan"),))
    finding = detect_agent_conflict(earlier, later)
    assert finding is not None and finding.later_value == "Imran Khan"
    assert (
        detect_agent_conflict(earlier, replace(later, slots=(Slot("agent", "he", 0, 2),))) is None
    )


def test_source_conflict() -> None:
    earlier = claim("The army", "withdraw", slots=(("source", "the ministry"),), topics=("army",))
    later = replace(earlier, slots=(Slot("source", "Reuters", 0, 7),))
    finding = detect_source_conflict(earlier, later)
    assert finding is not None and finding.kind == "source"


def test_time_conflict_needs_absolute_times() -> None:
    earlier = claim("The army", "withdraw", slots=(("time", "March 2024"),), topics=("army",))
    later = replace(earlier, slots=(Slot("time", "June 2024", 0, 9),))
    relative = replace(earlier, slots=(Slot("time", "last week", 0, 9),))
    since = replace(earlier, slots=(Slot("time", "since June 2024", 0, 15),))
    finding = detect_time_conflict(earlier, later)
    assert finding is not None and finding.kind == "time"
    assert detect_time_conflict(earlier, relative) is None
    assert detect_time_conflict(earlier, since) is None


# --- numbers, antonyms, quantifiers ---------------------------------------------------------

TROOPS = ("troop", "border")


@pytest.mark.parametrize(
    ("earlier_number", "later_number", "conflict"),
    [
        ((5000.0, "5,000", "troop"), (12000.0, "12,000", "troop"), True),
        ((5000.0, "5,000", "troop"), (5200.0, "about 5,200", "troop"), False),
        ((5000.0, "5,000", "troop"), (5100.0, "5,100", "troop"), False),
        ((5000.0, "5,000", "troop"), (12000.0, "12,000", "tank"), False),
    ],
)
def test_number_mismatch(
    earlier_number: tuple[float, str, str],
    later_number: tuple[float, str, str],
    conflict: bool,
) -> None:
    earlier = claim("We", "send", numbers=(earlier_number,), topics=TROOPS)
    later = claim("We", "send", numbers=(later_number,), topics=TROOPS)
    finding = detect_number_mismatch(earlier, later)
    assert (finding is not None) is conflict


@pytest.mark.parametrize(
    ("earlier_subject", "later_subject", "fires"),
    [
        ("Imran Khan's X account", "He", True),
        ("Imran Khan's X account", "Imran Khan", True),
        ("Imran Khan's X account", "My X account", False),
        ("We", "They", False),
        ("he", "she", False),
    ],
)
def test_place_conflict_needs_compatible_participants(
    earlier_subject: str, later_subject: str, fires: bool
) -> None:
    earlier = replace(INDIA, subject=earlier_subject)
    later = replace(JAIL_CELL, subject=later_subject)
    assert (detect_place_conflict(earlier, later) is not None) is fires


def test_number_finding_shows_currency_symbols() -> None:
    earlier = claim("The bill", "rise", numbers=((200.0, "200", "gbp"),), topics=("bill",))
    later = replace(earlier, numbers=(Number(700.0, "£700", "gbp", 0, 4),))
    finding = detect_number_mismatch(earlier, later)
    assert finding is not None
    assert (finding.earlier_value, finding.later_value) == ("£200", "£700")


def test_antonymous_predicates_and_attributes() -> None:
    support = claim("We", "support", slots=(("object", "the deal"),), topics=("deal",))
    oppose = replace(support, predicate="oppose")
    finding = detect_antonym(support, oppose)
    assert finding is not None and (finding.earlier_value, finding.later_value) == (
        "support",
        "oppose",
    )
    reliable = claim("China", "ally", slots=(("attribute", "reliable"),), topics=("china",))
    unreliable = claim("China", "ally", slots=(("attribute", "unreliable"),), topics=("china",))
    assert detect_antonym(reliable, unreliable) is not None


def test_negated_antonym_agrees_rather_than_conflicts() -> None:
    support = claim("We", "support", slots=(("object", "the deal"),), topics=("deal",))
    not_oppose = replace(support, predicate="oppose", polarity=False)
    assert detect_antonym(support, not_oppose) is None


def test_quantifier_clash_never_versus_did() -> None:
    never = claim("I", "meet", polarity=False, quantifier="never", topics=("ambassador",))
    did = claim("I", "meet", topics=("ambassador",))
    finding = detect_quantifier_clash(never, did)
    assert finding is not None and finding.kind == "quantifier"
    assert detect_quantifier_clash(never, replace(did, quantifier="never", polarity=False)) is None


# --- detect(): gate, scoring, explanation ---------------------------------------------------


def test_motivating_case_explanation_with_dates() -> None:
    verdict = detect(INDIA, JAIL_CELL, earlier_date=date(2025, 9, 12), later_date=date(2025, 9, 27))
    assert verdict == Verdict(
        kind=ClashKind.PLACE,
        score=0.85,
        earlier_value="India",
        later_value="the jail cell",
        explanation='place changed: "India" (12 Sep) → "the jail cell" (27 Sep)',
        tier=Tier.ALERT,
    )
    assert is_contradiction(verdict)


def test_explanation_names_years_when_they_differ() -> None:
    verdict = detect(INDIA, JAIL_CELL, earlier_date=date(2024, 12, 1), later_date=date(2025, 1, 5))
    assert verdict is not None
    assert verdict.explanation == (
        'place changed: "India" (1 Dec 2024) → "the jail cell" (5 Jan 2025)'
    )


def test_different_speakers_never_conflict() -> None:
    assert detect(INDIA, replace(JAIL_CELL, speaker="Mehdi Hasan")) is None


def test_topic_gate_blocks_unrelated_claims() -> None:
    other = claim("The budget", "operate", slots=(("place", "Lahore"),), topics=("budget",))
    assert detect(INDIA, other) is None


def test_hedge_lowers_the_score_below_the_flag_threshold() -> None:
    verdict = detect(INDIA, replace(JAIL_CELL, hedged=True))
    assert verdict is not None and verdict.kind == "place"
    assert verdict.score < FLAG_THRESHOLD
    assert not is_contradiction(verdict)


def test_admitted_change_of_position_is_a_reversal_alert() -> None:
    later = replace(
        JAIL_CELL,
        content="I was wrong: he is operating the account from his cell",
        slots=(*JAIL_CELL.slots, Slot("admission", "wrong", 2, 7)),
    )
    verdict = detect(INDIA, later)
    assert verdict is not None and verdict.kind is ClashKind.REVERSAL
    assert verdict.explanation.startswith("position changed — the speaker says so: ")
    assert is_contradiction(verdict)


def test_a_repeated_admission_is_not_a_new_reversal() -> None:
    admission = Slot("admission", "mistake", 0, 7)
    earlier = replace(INDIA, slots=(*INDIA.slots, admission))
    later = replace(INDIA, slots=(*INDIA.slots, admission))
    assert detect_reversal(earlier, later) is None


def test_detect_all_returns_conflicting_earlier_claims_best_first() -> None:
    repeat = INDIA
    hedged = replace(INDIA, hedged=True, slots=(Slot("place", "Delhi", 0, 5),))
    found = detect_all([repeat, hedged, replace(INDIA, speaker="Someone else")], JAIL_CELL)
    assert [earlier for earlier, _ in found] == [repeat, hedged]
    assert found[0][1].score > found[1][1].score


# --- real model: sentence pairs ---------------------------------------------------------------

INDIA_TEXT = "Imran Khan's X account is being operated from India."


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (INDIA_TEXT, "He is operating a Twitter account from the jail cell.", "place"),
        (INDIA_TEXT, "Imran Khan runs his X account from Adiala Jail.", "place"),
        (INDIA_TEXT, INDIA_TEXT, None),  # repetition
        (INDIA_TEXT, "Imran Khan's X account is run from Delhi.", None),  # containment
        (INDIA_TEXT, "He may be operating his X account from the jail cell.", None),  # hedged
        (INDIA_TEXT, "The budget is being prepared in Islamabad.", None),  # different topic
        (
            "We sent 5,000 troops to the border.",
            "We sent 12,000 troops to the border.",
            "number",
        ),
        ("We sent 5,000 troops to the border.", "We sent about 5,200 troops to the border.", None),
        ("We have built 5,000 homes since 2019.", "We have built 500 homes since 2024.", None),
        ("The army withdrew on 3 March 2024.", "The army withdrew on 9 June 2024.", "time"),
        ("The minister signed the order.", "The minister did not sign the order.", "polarity"),
        ("The talks failed.", "The talks succeeded.", "antonym"),
        ("I support the bill.", "I oppose the tax.", None),
        ("The envoy is based in Delhi.", "The envoy is based in Lahore.", "place"),
        ("The minister met the envoy in Delhi.", "The minister met the envoy in Lahore.", None),
        ("The minister signed the order.", "The minister did not sign the treaty.", None),
        ("We support the deal.", "We oppose the deal.", "antonym"),
        ("We will raise taxes on fuel.", "We will cut taxes on fuel.", "antonym"),
        ("We will raise taxes on fuel.", "If prices fall, we will cut taxes on fuel.", None),
        ("We support the deal.", "We no longer support the deal.", "reversal"),
        ("China is a reliable ally.", "China is an unreliable ally.", "antonym"),
        ("China is a reliable ally.", "The United States is an unreliable ally.", None),
        ("I never met the ambassador.", "I met the ambassador in May.", "quantifier"),
        ("Is the account run from India?", "The account is run from Adiala Jail.", None),
        (INDIA_TEXT, "My X account is operated from Islamabad.", None),  # someone else's account
        ("We sent 5,000 troops to the border.", "They sent 12,000 troops to the border.", None),
        ("The army sent 5,000 troops.", "The police sent 12,000 officers.", None),
    ],
)
def test_pairs_through_the_real_model(
    nlp: Language, earlier: str, later: str, expected: str | None
) -> None:
    old = claims_from_text(nlp, ASIF, earlier)
    new = claims_from_text(nlp, ASIF, later)
    verdicts = [v for n in new for o in old if (v := detect(o, n)) is not None]
    flagged = sorted({v.kind for v in verdicts if is_contradiction(v)})
    assert flagged == ([expected] if expected else [])


def test_position_change_through_the_real_model(nlp: Language) -> None:
    old = claims_from_text(nlp, ASIF, "We support the deal.")
    new = claims_from_text(nlp, ASIF, "We no longer support the deal.")
    kinds = {v.kind for n in new for o in old if (v := detect(o, n)) is not None}
    assert kinds == {"reversal"}


# --- judge: rules and the model over statement pairs ------------------------------------------


class FixedScorer:
    """A stand-in scorer: a fixed P(contradiction) per (earlier, later) text pair, counting
    the batches it is asked for."""

    def __init__(self, scores: dict[tuple[str, str], float], default: float = 0.05) -> None:
        self.scores = scores
        self.default = default
        self.batches: list[list[tuple[str, str]]] = []

    @property
    def thresholds(self) -> tuple[float, float]:
        return (0.9, 0.6)

    def contradiction_scores(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.batches.append(list(pairs))
        return [self.scores.get(pair, self.default) for pair in pairs]


STEP_DOWN = "She will not step down as party chair."
HAND_OVER = "She will hand over the party chair at the conference."


def statement(
    nlp: Language, text: str, speaker: str = ASIF, stated_on: date | None = None
) -> StatementForJudging:
    return StatementForJudging(
        speaker, text, tuple(claims_from_text(nlp, speaker, text)), stated_on
    )


def test_a_rule_is_an_alert_the_model_cannot_silence(nlp: Language) -> None:
    scorer = FixedScorer({}, default=0.0)
    verdict = judge(
        statement(nlp, INDIA_TEXT),
        statement(nlp, "He runs his X account from Adiala Jail."),
        scorer,
    )
    assert verdict is not None and verdict.kind is ClashKind.PLACE
    assert verdict.tier is Tier.ALERT and is_contradiction(verdict)


def test_a_sure_model_on_a_well_matched_pair_is_an_alert_with_the_differing_phrases(
    nlp: Language,
) -> None:
    scorer = FixedScorer({(STEP_DOWN, HAND_OVER): 0.93})
    verdict = judge(
        statement(nlp, STEP_DOWN, stated_on=date(2025, 3, 2)),
        statement(nlp, HAND_OVER, stated_on=date(2025, 5, 9)),
        scorer,
    )
    assert verdict is not None
    assert (verdict.kind, verdict.tier, verdict.score) == (ClashKind.REPHRASED, Tier.ALERT, 0.93)
    assert verdict.explanation == (
        'different words, opposite meaning (confidence 0.93): "will not step down as party '
        'chair" (2 Mar) → "will hand over the party chair at the conference" (9 May)'
    )


@pytest.mark.parametrize(
    ("later", "score", "tier"),
    [
        (HAND_OVER, 0.75, Tier.REVIEW),  # above review, below alert
        ("The weather in Lahore is lovely.", 0.95, Tier.REVIEW),  # sure, but nothing shared
        (HAND_OVER, 0.3, None),  # judged, not surfaced
        ("She may hand over the party chair at the conference.", 0.95, None),  # hedged: halved
    ],
)
def test_model_tiers(nlp: Language, later: str, score: float, tier: Tier | None) -> None:
    verdict = judge(statement(nlp, STEP_DOWN), statement(nlp, later), FixedScorer({}, score))
    assert verdict is not None and verdict.kind is ClashKind.REPHRASED
    assert verdict.tier is tier
    assert not is_contradiction(verdict)


def test_judge_pairs_scores_every_pair_in_one_batch_without_repeats(nlp: Language) -> None:
    scorer = FixedScorer({(STEP_DOWN, HAND_OVER): 0.95})
    earlier = [statement(nlp, STEP_DOWN), statement(nlp, STEP_DOWN), statement(nlp, INDIA_TEXT)]
    later = statement(nlp, HAND_OVER)
    stranger = statement(nlp, HAND_OVER, speaker="Mehdi Hasan")
    verdicts = judge_pairs([(e, later) for e in earlier] + [(earlier[0], stranger)], scorer)
    assert [v.tier if v else None for v in verdicts] == [Tier.ALERT, Tier.ALERT, None, None]
    assert verdicts[3] is None  # two different people are never judged
    [batch] = scorer.batches
    assert len(batch) == len(set(batch)) == 2


def test_clause_pairs_are_scored_besides_the_whole_statements(nlp: Language) -> None:
    earlier = "The budget is fine. She will not step down as party chair."
    later = "Taxes will rise. She will hand over the party chair at the conference."
    clause_pair = (
        "She will not step down as party chair",
        "She will hand over the party chair at the conference",
    )
    scorer = FixedScorer({clause_pair: 0.92})
    verdict = judge(statement(nlp, earlier), statement(nlp, later), scorer)
    assert verdict is not None and verdict.tier is Tier.ALERT
    assert clause_pair in scorer.batches[0] and (earlier, later) in scorer.batches[0]
    assert "budget" not in verdict.explanation


def test_a_bare_admission_is_about_the_rest_of_the_statement(nlp: Language) -> None:
    verdict = judge(
        statement(nlp, "The port created 3,000 jobs last year."),
        statement(nlp, "I was wrong. The port created 300 jobs last year."),
    )
    assert verdict is not None and verdict.kind is ClashKind.REVERSAL
    assert verdict.tier is Tier.ALERT
    assert verdict.explanation.endswith('number changed: "3,000 jobs" → "300 jobs"')


def test_an_admission_about_something_else_is_no_reversal(nlp: Language) -> None:
    verdict = judge(
        statement(nlp, "The tram line will open in May."),
        statement(nlp, "I was wrong about the stadium."),
    )
    assert verdict is None


@pytest.mark.parametrize(
    ("earlier", "later", "shown"),
    [
        (
            STEP_DOWN,
            HAND_OVER,
            (
                "will not step down as party chair",
                "will hand over the party chair at the conference",
            ),
        ),
        (
            "We will keep the depot.",
            "We will keep the depot.",
            ("We will keep the depot", "We will keep the depot"),
        ),
        ("Yes.", "Taxes will rise.", ("Yes", "Taxes will rise")),
    ],
)
def test_differing_phrases(earlier: str, later: str, shown: tuple[str, str]) -> None:
    assert differing_phrases(earlier, later) == shown


def test_every_kind_has_one_row_in_the_detector_table() -> None:
    assert [d.kind for d in DETECTORS] == list(dict.fromkeys(d.kind for d in DETECTORS))
    assert {d.kind for d in DETECTORS} == set(ClashKind)
    assert [d.kind for d in DETECTORS if d.find is None] == [ClashKind.REPHRASED]
    assert all(0 < d.base_score <= 1 and d.label for d in DETECTORS)


@pytest.mark.parametrize(
    ("earlier", "later", "reversal"),
    [
        (
            "The reactor is not dangerous.",
            "I was wrong to say the reactor was not dangerous.",
            True,
        ),
        ("We must not close the library.", "It was a mistake to close the library.", False),
        ("We will close the library.", "It was a mistake to close the library.", True),
    ],
)
def test_an_admission_reverses_what_the_speaker_had_said(
    nlp: Language, earlier: str, later: str, reversal: bool
) -> None:
    verdict = judge(statement(nlp, earlier), statement(nlp, later))
    assert (verdict is not None and verdict.kind is ClashKind.REVERSAL) is reversal


@pytest.mark.parametrize(
    ("left", "right", "conflict"),
    [
        ("the carmakers' association", "the car manufacturers", False),
        ("a contractor", "protesters", True),
        ("the finance ministry", "the Orland Group", True),
    ],
)
def test_agents_sharing_a_stem_may_be_the_same(left: str, right: str, conflict: bool) -> None:
    assert names_conflict(left, right) is conflict


def test_the_model_alone_alerts_only_with_an_opposition_in_the_words(nlp: Language) -> None:
    reaffirmed = judge(
        statement(nlp, "I support the rail deal."),
        statement(nlp, "I have always backed the rail deal."),
        FixedScorer({}, 0.95),
    )
    agreeing = judge(
        statement(nlp, "The reactor is safe."),
        statement(nlp, "There is no danger from the reactor."),
        FixedScorer({}, 0.95),
    )
    assert reaffirmed is not None and reaffirmed.tier is Tier.REVIEW
    assert agreeing is not None and agreeing.tier is Tier.REVIEW


def test_a_model_budget_scores_the_first_pairs_and_leaves_the_rest_to_the_rules(
    nlp: Language,
) -> None:
    scorer = FixedScorer({(STEP_DOWN, HAND_OVER): 0.95})
    later = statement(nlp, HAND_OVER)
    earlier = [statement(nlp, STEP_DOWN), statement(nlp, INDIA_TEXT), statement(nlp, "No.")]
    verdicts = judge_pairs([(e, later) for e in earlier], scorer, max_model_pairs=1)
    assert [len(batch) for batch in scorer.batches] == [1]
    assert verdicts[0] is not None and verdicts[0].tier is Tier.ALERT
    assert verdicts[1:] == [None, None]
