"""Frozen value types passed between the NLP stages (all offsets are character offsets)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

QuoteKind = Literal["direct", "indirect", "mixed", "question"]
# person: named in the article; organisation: a ministry, company, party, office;
# role: known only by an office ('the Chancellor') the article never puts a name to;
# unnamed: a source the article does not identify ('a spokesman', 'officials', 'his lawyer').
SpeakerKind = Literal["person", "organisation", "role", "unnamed"]


@dataclass(frozen=True)
class Quote:
    """One statement as written: who (as written), the cue, and the content span."""

    content: str
    content_start: int
    content_end: int
    kind: QuoteKind
    cue: str
    cue_start: int
    cue_end: int
    speaker_text: str
    speaker_start: int
    speaker_end: int
    cue_lemma: str = ""
    # A speaker-label turn of a transcript ('GARCIA: …', 'Q: …'); speaker_text is the label.
    turn: bool = False
    # The speaker's own words when a cue interrupts them ('"Y," he said, "Z"' is one
    # statement whose content runs from Y to Z): (start, end) of each piece, else empty.
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Speaker:
    """One person or organisation in an article, under a canonical name."""

    name: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    is_org: bool
    is_official: bool
    kind: SpeakerKind = "person"
    role: str = ""  # for kind 'role': the office as written, lower case ('central bank chief')
    principal: str = ""  # whom an office or aide speaks for ("Khawaja Asif's office" → Asif)

    @property
    def is_named(self) -> bool:
        """Named people and organisations are filed under their name; roles and unnamed
        sources never become a person that merges across articles."""
        return self.kind in {"person", "organisation"}


@dataclass(frozen=True)
class TimeMention:
    """Words that date a statement the article recalls ('Earlier this month', 'in 2019')."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """A quote attributed to a canonical speaker of the article."""

    quote: Quote
    speaker: Speaker
    said_when: TimeMention | None = None


@dataclass(frozen=True)
class Slot:
    """An argument of a claim's predicate: role is place, agent, time, source, object, ...

    Markers use the same shape: "tense" (a one-off past event), "admission" (the speaker
    owns up to an earlier position: "was a mistake", "we withdraw") and "change" (a change
    over time the speaker points out: "no longer").
    """

    role: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Number:
    """A number in a claim with the measure it counts (lemma of the noun it modifies)."""

    value: float
    text: str
    measure: str
    start: int
    end: int
    shown: str = ""  # the number with the noun it counts, as written ("200 teachers")


@dataclass(frozen=True)
class Claim:
    """A proposition frame built from one clause of a statement (never from a question)."""

    speaker: str
    content: str
    content_start: int
    content_end: int
    kind: QuoteKind
    subject: str
    predicate: str
    polarity: bool
    slots: tuple[Slot, ...]
    numbers: tuple[Number, ...]
    hedged: bool
    quantifier: str | None
    topics: tuple[str, ...]
    predicate_text: str = ""  # the predicate as written (lemma), before synonym classes
    text: str = ""  # the clause as written ("we will not close the library")
    verb_text: str = ""  # the verb group as written ("did not sign", "never met")


class ClashKind(StrEnum):
    """Why two statements of one speaker conflict (one row each in the detector table)."""

    POLARITY = "polarity"
    PLACE = "place"
    AGENT = "agent"
    TIME = "time"
    SOURCE = "source"
    NUMBER = "number"
    ANTONYM = "antonym"
    QUANTIFIER = "quantifier"
    REVERSAL = "reversal"
    REPHRASED = "rephrased"  # the model's verdict: a conflict no rule can name

    @property
    def display_name(self) -> str:
        """The kind in plain words for a journalist ("place changed")."""
        return CLASH_NAMES[self]


# The one table of clash kinds in plain words: every surface (Slack, the digest, the command
# line) names a kind through it (`bot.wording.kind_name`).
CLASH_NAMES: dict[ClashKind, str] = {
    ClashKind.POLARITY: "now says the opposite",
    ClashKind.PLACE: "place changed",
    ClashKind.AGENT: "who did it changed",
    ClashKind.TIME: "date changed",
    ClashKind.SOURCE: "source changed",
    ClashKind.NUMBER: "number changed",
    ClashKind.ANTONYM: "opposite words",
    ClashKind.QUANTIFIER: "“never” or “always” contradicted",
    ClashKind.REVERSAL: "position changed — the speaker says so",
    ClashKind.REPHRASED: "different words, opposite meaning",
}


class Tier(StrEnum):
    """Where a verdict goes: posted in the thread (alert) or listed for a person (review)."""

    ALERT = "alert"
    REVIEW = "review"


@dataclass(frozen=True)
class Verdict:
    """Why an earlier and a later statement of one speaker conflict, and how sure we are.

    `score` is a confidence in [0, 1]; `tier` is None when the pair was judged but is not
    surfaced (its score is kept for ranking).
    """

    kind: ClashKind
    score: float
    earlier_value: str
    later_value: str
    explanation: str
    tier: Tier | None = None
