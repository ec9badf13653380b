"""Claims to stored rows and back: the language layer's ``Claim`` as the store keeps it
(``store.claims.ClaimRecord``: columns plus a plain-data frame) and rebuilt from a row."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.nlp.types import Claim, Number, Slot
from store.claims import ClaimRecord
from store.models import ClaimRow


def claim_record(claim: Claim, speaker_text: str | None = None) -> ClaimRecord:
    """What the store files for a claim; `speaker_text` is the speaker as the article wrote
    them ("Asif", "the minister"), kept so a wrongly merged alias can be split off later."""
    return ClaimRecord(
        kind=claim.kind,
        content=claim.content,
        content_start=claim.content_start,
        content_end=claim.content_end,
        subject=claim.subject,
        predicate=claim.predicate,
        polarity=claim.polarity,
        hedged=claim.hedged,
        quantifier=claim.quantifier,
        topics=tuple(claim.topics),
        speaker_text=speaker_text,
        frame={
            "speaker": claim.speaker,
            "slots": [asdict(s) for s in claim.slots],
            "numbers": [asdict(n) for n in claim.numbers],
            "topics": list(claim.topics),
            "predicate_text": claim.predicate_text,
            "text": claim.text,
            "verb_text": claim.verb_text,
        },
    )


def _number(data: dict[str, Any]) -> Number:
    return Number(
        value=float(data["value"]),
        text=data["text"],
        measure=data["measure"],
        start=data["start"],
        end=data["end"],
        shown=str(data.get("shown", "")),
    )


def claim_to_frame(row: ClaimRow) -> Claim:
    """Rebuild the frozen ``Claim`` from a stored row (so the detector can run on history)."""
    frame = row.frame or {}
    speaker = frame.get("speaker")
    return Claim(
        speaker=str(speaker) if speaker is not None else row.person.name,
        content=row.content,
        content_start=row.content_start,
        content_end=row.content_end,
        kind=row.kind.value,
        subject=row.subject,
        predicate=row.predicate,
        polarity=row.polarity,
        slots=tuple(Slot(**s) for s in frame.get("slots", [])),
        numbers=tuple(_number(n) for n in frame.get("numbers", [])),
        hedged=row.hedged,
        quantifier=row.quantifier,
        topics=tuple(frame.get("topics", [])),
        predicate_text=str(frame.get("predicate_text", "")),
        text=str(frame.get("text", "")),
        verb_text=str(frame.get("verb_text", "")),
    )
