"""Flip table: officials' flip-flops of every kind and consistent controls, judged live.

Every sentence is written for this test about invented people, places and events. Rows a
rule can name must be alerts of that rule's kind; rows that need world knowledge
("step down" = "hand over the chair") must be surfaced by the shipped scorer.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import pytest
from spacy.language import Language

from bot.compare import compare_lines
from bot.nlp.claims import claims_from_doc
from bot.nlp.judge import ContradictionScorer, StatementForJudging, judge
from bot.nlp.scorer import Scorer
from bot.nlp.types import ClashKind, Tier, Verdict

SPEAKER = "Ana Ruiz"
OTHER_SPEAKER = "Tomas Berg"
MODEL = None  # the kind of a row only the model can catch


@dataclass(frozen=True)
class Flip:
    """A flip: the theme it illustrates, the rule kind that names it (or MODEL), and words
    the explanation must quote."""

    theme: str
    earlier: str
    later: str
    kind: ClashKind | None
    named: str = ""
    known_miss: str = ""  # why the shipped scorer misses it (the row xfails strictly)


FLIPS = [
    # explicit negation
    Flip(
        "negation",
        "The mayor signed the housing order.",
        "The mayor did not sign the housing order.",
        ClashKind.POLARITY,
        "did not sign",
    ),
    Flip(
        "negation",
        "I will not run for the party leadership.",
        "I am going to run for the party leadership.",
        ClashKind.POLARITY,
        "am going to run",
    ),
    Flip(
        "negation",
        "The port authority approved the new terminal.",
        "The port authority has not approved the new terminal.",
        ClashKind.POLARITY,
        "has not approved",
    ),
    # "no X" against "X"
    Flip(
        "no X",
        "There will be no referendum on the canal this year.",
        "The referendum on the canal will be held in May.",
        ClashKind.POLARITY,
        "will be no referendum",
    ),
    Flip(
        "no X",
        "There will be no strike at the Dunmore depot.",
        "The strike at the Dunmore depot will go ahead on Monday.",
        ClashKind.POLARITY,
        "will go ahead",
    ),
    Flip(
        "no X",
        "No decision on the Harlow bypass has been made.",
        "The decision on the Harlow bypass was made in January.",
        ClashKind.POLARITY,
        "No decision has been made",
    ),
    Flip(
        "no X",
        "There will be no inquiry into the Velmar contract.",
        "An inquiry into the Velmar contract will take place in the autumn.",
        ClashKind.POLARITY,
        "will take place",
    ),
    # a reversal in other words that needs world knowledge
    Flip(
        "world knowledge",
        "She will not step down as party chair.",
        "She will hand over the party chair at the autumn conference.",
        MODEL,
    ),
    Flip(
        "world knowledge",
        "The Corran summit will go ahead as scheduled.",
        "We have asked to postpone the Corran summit until spring.",
        MODEL,
    ),
    Flip(
        "world knowledge",
        "Savers' money at Ridgeway Bank is completely safe.",
        "Ridgeway Bank cannot pay out withdrawals.",
        MODEL,
        known_miss="a bank that cannot pay out needs a fact the scorer lacks (model card)",
    ),
    Flip(
        "world knowledge",
        "Our troops will stay in Varna until the job is done.",
        "Our troops are coming home from Varna next month.",
        MODEL,
    ),
    Flip(
        "world knowledge",
        "The Tollis reactor is perfectly safe.",
        "The Tollis reactor has been shut down after a dangerous leak.",
        MODEL,
    ),
    # numbers
    Flip(
        "number",
        "We hired 200 teachers for the northern schools.",
        "We hired 450 teachers for the northern schools.",
        ClashKind.NUMBER,
        '"200 teachers"',
    ),
    Flip(
        "number",
        "The flood damaged 1,200 homes in Carrow.",
        "The flood damaged 3,000 homes in Carrow.",
        ClashKind.NUMBER,
        '"3,000 homes"',
    ),
    Flip(
        "number",
        "The new ward will have 40 beds.",
        "The new ward will have 12 beds.",
        ClashKind.NUMBER,
        '"12 beds"',
    ),
    # places
    Flip(
        "place",
        "The summit on fisheries will be held in Oslo.",
        "The summit on fisheries will be held in Lisbon.",
        ClashKind.PLACE,
        '"Oslo"',
    ),
    Flip(
        "place",
        "The stolen paintings were found in Marseille.",
        "The stolen paintings were found in Rotterdam.",
        ClashKind.PLACE,
        '"Rotterdam"',
    ),
    Flip(
        "place",
        "Our regional office is based in Leeds.",
        "Our regional office is based in Cardiff.",
        ClashKind.PLACE,
        '"Cardiff"',
    ),
    # dates
    Flip(
        "date",
        "The bridge over the Tamsin will open on 4 March 2026.",
        "The bridge over the Tamsin will open on 19 September 2026.",
        ClashKind.TIME,
        "19 September 2026",
    ),
    Flip(
        "date",
        "The council elections will take place in May 2027.",
        "The council elections will take place in October 2027.",
        ClashKind.TIME,
        "October 2027",
    ),
    Flip(
        "date",
        "The harbour master resigned on 2 February 2025.",
        "The harbour master resigned on 14 April 2025.",
        ClashKind.TIME,
        "2 February 2025",
    ),
    # who did it
    Flip(
        "agent",
        "The leaked memo was written by the finance ministry.",
        "The leaked memo was written by the Orland Group.",
        ClashKind.AGENT,
        "the Orland Group",
    ),
    Flip(
        "agent",
        "The depot fire was started by a contractor.",
        "The depot fire was started by protesters.",
        ClashKind.AGENT,
        "protesters",
    ),
    Flip(
        "agent",
        "The border fence was damaged by smugglers.",
        "The border fence was damaged by the army.",
        ClashKind.AGENT,
        "smugglers",
    ),
    # sources
    Flip(
        "source",
        "According to the harbour police, the ferry sank at night.",
        "According to the coastguard, the ferry sank at night.",
        ClashKind.SOURCE,
        "the coastguard",
    ),
    Flip(
        "source",
        "According to the health board, the clinic closed early.",
        "According to the nurses' union, the clinic closed early.",
        ClashKind.SOURCE,
        "the nurses' union",
    ),
    Flip(
        "source",
        "According to Interpol, the suspect fled.",
        "According to the embassy, the suspect fled.",
        ClashKind.SOURCE,
        "Interpol",
    ),
    # opposite terms
    Flip(
        "antonym",
        "We support the Kestrel wind farm.",
        "We oppose the Kestrel wind farm.",
        ClashKind.ANTONYM,
        "oppose",
    ),
    Flip(
        "antonym",
        "Ticket sales at the stadium are rising.",
        "Ticket sales at the stadium are falling.",
        ClashKind.ANTONYM,
        "are falling",
    ),
    Flip(
        "antonym",
        "The council accepted the Brannock offer.",
        "The council rejected the Brannock offer.",
        ClashKind.ANTONYM,
        "rejected",
    ),
    # never / always / none against the opposite
    Flip(
        "quantifier",
        "I never met the Velmar lobbyist.",
        "I met the Velmar lobbyist twice in March.",
        ClashKind.QUANTIFIER,
        '"never met"',
    ),
    Flip(
        "quantifier",
        "We always paid the suppliers on time.",
        "We never paid the suppliers on time.",
        ClashKind.QUANTIFIER,
        "always paid",
    ),
    Flip(
        "quantifier",
        "I have never visited the Ostend plant.",
        "I visited the Ostend plant in June.",
        ClashKind.QUANTIFIER,
        "have never visited",
    ),
    # a denial later admitted
    Flip(
        "denial admitted",
        "I did not meet the developer before the vote.",
        "I met the developer before the vote.",
        ClashKind.POLARITY,
        "did not meet",
    ),
    Flip(
        "denial admitted",
        "Nobody in my office saw the audit.",
        "Someone in my office saw the audit.",
        ClashKind.QUANTIFIER,
    ),
    Flip(
        "denial admitted",
        "I never saw the Pellham audit report.",
        "I read the Pellham audit report in March and passed it to my deputy.",
        MODEL,
    ),
    Flip(
        "denial admitted",
        "My department had no contact with the Orland lobbyists.",
        "My staff met the Orland lobbyists four times last spring.",
        MODEL,
    ),
    # a promise broken
    Flip(
        "promise broken",
        "I will not cut the arts budget.",
        "I have cut the arts budget.",
        ClashKind.POLARITY,
        "will not cut",
    ),
    Flip(
        "promise broken",
        "We will not raise bus fares in Calder.",
        "Bus fares in Calder will go up by a fifth from April.",
        MODEL,
    ),
    Flip(
        "promise broken",
        "We will keep the Corran maternity unit open.",
        "The Corran maternity unit will close at the end of June.",
        MODEL,
    ),
    # the speaker says so
    Flip(
        "admitted reversal",
        "We will scrap the Elmfield tram line.",
        "Scrapping the Elmfield tram line was an error.",
        ClashKind.REVERSAL,
        "was an error",
    ),
    Flip(
        "admitted reversal",
        "The measles scare is a hoax.",
        "I was too quick to call the measles scare a hoax and I am sorry.",
        ClashKind.REVERSAL,
        "too quick",
    ),
    Flip(
        "admitted reversal",
        "Our figures show the port created 3,000 jobs.",
        "We withdraw the figures we gave on port jobs last week.",
        ClashKind.REVERSAL,
        "We withdraw the figures",
    ),
    Flip(
        "admitted reversal",
        "The situation at the Kessing border is a crisis.",
        "'Crisis' no longer describes what is happening at the Kessing border.",
        ClashKind.REVERSAL,
        "no longer describes",
    ),
    Flip(
        "admitted reversal",
        "Closing the Ashby library is the right decision.",
        "It was a mistake to close the Ashby library.",
        ClashKind.REVERSAL,
        "a mistake",
    ),
    Flip(
        "admitted reversal",
        "The vaccine trial was rigged.",
        "I apologise for saying the vaccine trial was rigged.",
        ClashKind.REVERSAL,
        "I apologise",
    ),
]


@dataclass(frozen=True)
class Control:
    """Two consistent statements (or a disagreement between two people)."""

    theme: str
    earlier: str
    later: str
    later_speaker: str = SPEAKER


CONTROLS = [
    Control(
        "paraphrase",
        "The Kestrel wind farm will create 300 jobs.",
        "Some 300 jobs will come from the Kestrel wind farm.",
    ),
    Control(
        "paraphrase", "We will not close the Ashby library.", "The Ashby library will stay open."
    ),
    Control(
        "paraphrase",
        "The mayor signed the housing order.",
        "The housing order was signed by the mayor.",
    ),
    Control(
        "same position",
        "I support the Dunmore rail deal.",
        "I have always backed the Dunmore rail deal.",
    ),
    Control(
        "same position",
        "The Tollis reactor is safe.",
        "There is no danger from the Tollis reactor.",
    ),
    Control(
        "same position",
        "We will keep the Corran hospital open.",
        "The Corran hospital is not going to close on my watch.",
    ),
    Control(
        "rounded number",
        "We hired 1,980 teachers this year.",
        "We hired about 2,000 teachers this year.",
    ),
    Control(
        "rounded number",
        "The flood damaged 1,204 homes in Carrow.",
        "The flood damaged roughly 1,200 homes in Carrow.",
    ),
    Control("rounded number", "Turnout was 48.7 percent.", "Turnout was nearly 49 percent."),
    Control(
        "added detail",
        "The bridge over the Tamsin will open in 2026.",
        "The bridge over the Tamsin will open in March 2026, with two lanes for buses.",
    ),
    Control(
        "added detail",
        "We sent aid to Carrow.",
        "We sent aid to Carrow on Tuesday, including 40 tonnes of food.",
    ),
    Control(
        "added detail",
        "The depot fire was started by a contractor.",
        "The depot fire was started by a contractor who left a heater on overnight.",
    ),
    Control(
        "not the speaker's admission",
        "The council will approve the Brannock permit.",
        "I regret that the council refused the Brannock permit.",
    ),
    Control(
        "not the speaker's admission",
        "We must not close the Ashby library.",
        "It was a mistake to close the Ashby library.",
    ),
    Control(
        "two people",
        "We support the Kestrel wind farm.",
        "We oppose the Kestrel wind farm.",
        OTHER_SPEAKER,
    ),
    Control(
        "two people",
        "The summit on fisheries will be held in Oslo.",
        "The summit on fisheries will be held in Lisbon.",
        OTHER_SPEAKER,
    ),
    Control(
        "two people",
        "She will not step down as party chair.",
        "She will hand over the party chair at the autumn conference.",
        OTHER_SPEAKER,
    ),
]


@pytest.fixture(scope="session")
def scorer() -> ContradictionScorer:
    """The scorer shipped in the package."""
    return Scorer.load()


def side(nlp: Language, speaker: str, text: str) -> StatementForJudging:
    return StatementForJudging(speaker, text, tuple(claims_from_doc(nlp(text), speaker)))


def verdict_on(
    nlp: Language,
    scorer: ContradictionScorer,
    earlier: str,
    later: str,
    later_speaker: str = SPEAKER,
) -> Verdict | None:
    return judge(side(nlp, SPEAKER, earlier), side(nlp, later_speaker, later), scorer)


def test_every_theme_has_three_rows_in_different_words() -> None:
    themes = Counter(flip.theme for flip in FLIPS) + Counter(c.theme for c in CONTROLS)
    assert min(themes.values()) >= 1
    assert all(
        count >= 3 for theme, count in themes.items() if theme != "not the speaker's admission"
    )
    assert len({flip.later for flip in FLIPS}) == len(FLIPS)


RULE_FLIPS = [flip for flip in FLIPS if flip.kind is not MODEL]
MODEL_FLIPS = [flip for flip in FLIPS if flip.kind is MODEL]


def test_three_world_knowledge_rows_are_not_known_misses() -> None:
    caught = Counter(flip.theme for flip in MODEL_FLIPS if not flip.known_miss)
    assert caught["world knowledge"] >= 3


@pytest.mark.parametrize("flip", RULE_FLIPS, ids=lambda f: f"{f.theme}: {f.later}")
def test_rule_flip_is_an_alert_of_its_kind(
    nlp: Language, scorer: ContradictionScorer, flip: Flip
) -> None:
    verdict = verdict_on(nlp, scorer, flip.earlier, flip.later)
    assert verdict is not None
    assert (verdict.kind, verdict.tier) == (flip.kind, Tier.ALERT)
    assert flip.named in verdict.explanation


@pytest.mark.parametrize(
    "flip",
    [
        pytest.param(flip, marks=pytest.mark.xfail(strict=True, reason=flip.known_miss))
        if flip.known_miss
        else flip
        for flip in MODEL_FLIPS
    ],
    ids=lambda f: f"{f.theme}: {f.later}",
)
def test_flip_in_other_words_is_surfaced_by_the_model(
    nlp: Language, scorer: ContradictionScorer, flip: Flip
) -> None:
    verdict = verdict_on(nlp, scorer, flip.earlier, flip.later)
    assert verdict is not None and verdict.tier in {Tier.ALERT, Tier.REVIEW}
    assert "confidence" in verdict.explanation or verdict.kind is not ClashKind.REPHRASED


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"{c.theme}: {c.later}")
def test_consistent_control_is_not_flagged(
    nlp: Language, scorer: ContradictionScorer, control: Control
) -> None:
    verdict = verdict_on(nlp, scorer, control.earlier, control.later, control.later_speaker)
    assert verdict is None or verdict.tier is not Tier.ALERT


def test_two_people_are_never_judged_against_each_other(
    nlp: Language, scorer: ContradictionScorer
) -> None:
    for control in (c for c in CONTROLS if c.later_speaker != SPEAKER):
        assert (
            verdict_on(nlp, scorer, control.earlier, control.later, control.later_speaker) is None
        )


# --- the same through `onrecord compare` (rules only) ----------------------------------------

COMPARE_FLIPS = [
    ("I will not run for re-election.", "I am going to run for re-election.", "polarity", "run"),
    (
        "5,000 troops will be deployed to the border",
        "12,000 troops will be deployed to the border",
        "number",
        "12,000",
    ),
    ("the economy is growing", "the economy is shrinking", "antonym", "shrink"),
    ("I support the trade deal", "I oppose the trade deal", "antonym", "oppose"),
    (
        "I never met the Russian ambassador",
        "I met the Russian ambassador twice last year",
        "quantifier",
        "never",
    ),
    ("the vaccine is safe", "the vaccine is not safe", "polarity", "not safe"),
    ("interest rates will rise this year", "interest rates will fall this year", "antonym", "fall"),
    ("We will not raise taxes this year.", "We will raise taxes in July.", "polarity", "raise"),
]
COMPARE_CONTROLS = [
    ("the economy is growing", "the economy grew by 2 percent last year"),
    (
        "5,000 troops will be deployed to the border",
        "about 5,200 troops will be deployed to the border",
    ),
    ("I support the trade deal", "I have always supported the trade deal"),
    ("the vaccine is safe", "the vaccine may not be safe for everyone"),
    ("interest rates will rise this year", "the bridge will open this year"),
    ("We will not raise taxes in 2025.", "We will raise taxes in 2027."),
    ("We will not raise taxes in July.", "We will raise taxes in December."),
]


def compare(nlp: Language, earlier: str, later: str) -> dict[str, object]:
    line = json.dumps({"id": 1, "speaker": SPEAKER, "earlier": earlier, "later": later})
    (answer,) = compare_lines(nlp, [line])
    result: dict[str, object] = json.loads(answer)
    return result


@pytest.mark.parametrize(("earlier", "later", "kind", "named"), COMPARE_FLIPS)
def test_flip_is_flagged_and_explained(
    nlp: Language, earlier: str, later: str, kind: str, named: str
) -> None:
    result = compare(nlp, earlier, later)
    assert result["contradiction"] is True
    assert result["kind"] == kind
    assert named in str(result["explanation"])


@pytest.mark.parametrize(("earlier", "later"), COMPARE_CONTROLS)
def test_consistent_statements_are_not_flagged(nlp: Language, earlier: str, later: str) -> None:
    assert compare(nlp, earlier, later)["contradiction"] is False


RESTATEMENTS = [
    Control(
        "restated",
        "Imran Vale's campaign office is being run from Dunmore.",
        "Imran Vale's campaign office is run from Dunmore, and I stand by that.",
    ),
    Control(
        "restated",
        "The Kestrel wind farm will be finished by the end of 2026.",
        "As I said in March, the Kestrel wind farm will be finished by the end of 2026.",
    ),
    Control(
        "restated",
        "Our inspectors found no fault with the Carrow dam.",
        "Again: our inspectors found no fault with the Carrow dam.",
    ),
]


@pytest.mark.parametrize("control", RESTATEMENTS, ids=lambda c: f"{c.theme}: {c.later}")
def test_a_restatement_is_never_surfaced(
    nlp: Language, scorer: ContradictionScorer, control: Control
) -> None:
    verdict = verdict_on(nlp, scorer, control.earlier, control.later)
    assert verdict is None or verdict.tier is None


def test_few_consistent_controls_reach_even_the_review_tier(
    nlp: Language, scorer: ContradictionScorer
) -> None:
    """The issue's bar: at most one control in seven surfaced (alert or review)."""
    same_speaker = [c for c in CONTROLS + RESTATEMENTS if c.later_speaker == SPEAKER]
    surfaced = [
        c.later
        for c in same_speaker
        if (v := verdict_on(nlp, scorer, c.earlier, c.later)) is not None and v.tier is not None
    ]
    assert len(surfaced) * 7 <= len(same_speaker), surfaced
