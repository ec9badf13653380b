"""Transcripts: paragraphs opened by a speaker label ('GARCIA: …', 'Q: …', 'MR. SMITH: …',
'Hasan: …') are turns, each attributed to whoever the label names.

Works on characters, like quotemarks.py. A text is a transcript only when at least two
different labels open paragraphs (a lone 'Note:' or 'NEW DELHI:' is not), and a
mixed-case label ('Hasan:') counts only when it opens more than one paragraph.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.nlp.lexicons import read_lexicon_pairs
from bot.nlp.quotemarks import paragraphs
from bot.nlp.types import Quote, QuoteKind
from bot.nlp.vocabulary import MONTH_NAMES, WEEKDAY_NAMES

QUESTION_LABELS = frozenset({"q", "question", "interviewer"})
ANSWER_LABELS = frozenset({"a", "answer"})
# Words that open a paragraph with a colon without naming a speaker.
NOT_SPEAKERS = frozenset(
    """
    note update correction clarification related read more watch listen photo photos video
    source sources disclaimer caption credit background tags topics transcript summary
    editor editors editor's key points also see file factbox exclusive breaking live analysis
    opinion comment warning advertisement subscribe share what who when where why how date
    time location venue contact email phone tel fax web website twitter facebook instagram
    x telegram youtube tiktok linkedin reporting editing writing additional
    """.split()
) | {*WEEKDAY_NAMES, *MONTH_NAMES}
NAME_PARTICLES = frozenset({"de", "van", "von", "der", "den", "bin", "al", "el", "da", "di", "la"})
MAX_LABEL_WORDS = 6
_LABEL = re.compile(
    r"(?P<label>[^\W\d_][^\n:]{0,60}?)[ \t]*:[ \t]+(?=\S)"  # 'GARCIA: …', 'Q: …'
    r"|(?P<qa>[QA])\.[ \t]+(?=\S)"  # 'Q. …' / 'A. …'
)
_ASIDE = re.compile(r"\s*\([^)\n]*\)")  # 'GRAHAM (R-SC)', 'TAPPER (voice-over)'

_STAGE_DIRECTION = re.compile(r"\s*[(\[][^)\]\n]{0,40}[)\]]\s*")


@dataclass(frozen=True)
class Turn:
    """One paragraph of a speaker's turn: the label as written and the words spoken."""

    label: str
    label_start: int
    label_end: int
    colon: int
    start: int
    end: int
    continued: bool  # a paragraph without a label, continuing the turn before it


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    return frozenset(place for pair in read_lexicon_pairs("places.tsv") for place in pair)


def _is_upper_label(words: list[str]) -> bool:
    letters = [ch for w in words for ch in w if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_name_label(words: list[str]) -> bool:
    return all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words) and (
        words[0][:1].isupper()
    )


def label_name(label: str) -> str:
    """A label without its asides: 'SEN. LINDSEY GRAHAM (R-SC)' → 'SEN. LINDSEY GRAHAM'."""
    return _ASIDE.sub("", label).strip()


def _label_kind(label: str) -> str:
    """'qa', 'upper', 'name', or '' for words that do not label a speaker."""
    label = label_name(label)
    lowered = label.lower().strip(". ")
    if lowered in QUESTION_LABELS | ANSWER_LABELS:
        return "qa"
    name_part = label.partition(",")[0]
    words = name_part.split()
    if not words or len(words) > MAX_LABEL_WORDS or any(ch.isdigit() for ch in label):
        return ""
    if any(w.lower().strip(".'’") in NOT_SPEAKERS for w in words[:2]):
        return ""
    if name_part.lower().strip() in _place_names():
        return ""
    if not all(re.fullmatch(r"[^\W\d_][\w.'’\-]*", w) for w in words):
        return ""
    if _is_upper_label(words):
        return "upper"
    return "name" if _is_name_label(words) and len(words) <= 4 else ""


def _labelled(text: str, start: int, end: int) -> Turn | None:
    match = _LABEL.match(text, start, end)
    if match is None:
        return None
    group = "label" if match.group("label") is not None else "qa"
    label = match.group(group)
    content_start, content_end = _content(text, match.end(), end)
    if content_end <= content_start:
        return None
    return Turn(
        label=label,
        label_start=match.start(group),
        label_end=match.end(group),
        colon=match.end(group)
        + text[match.end(group) : match.end()].index(":" if group == "label" else "."),
        start=content_start,
        end=content_end,
        continued=False,
    )


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    """The spoken words of a paragraph: stage directions ('(LAUGHTER)') and spaces trimmed."""
    direction = _STAGE_DIRECTION.match(text, start, end)
    if direction is not None:
        start = direction.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_transcript(turns: list[Turn]) -> bool:
    kinds = {t.label: _label_kind(t.label) for t in turns}
    counts: dict[str, int] = {}
    for turn in turns:
        counts[turn.label] = counts.get(turn.label, 0) + 1
    accepted = {
        label for label, kind in kinds.items() if kind in {"qa", "upper"} or counts[label] > 1
    }
    return len(accepted) >= 2


def transcript_turns(text: str) -> list[Turn]:
    """Every turn of a transcript in `text`, in order (none when `text` is no transcript)."""
    spans = list(paragraphs(text))
    labelled = [_labelled(text, start, end) for start, end in spans]
    candidates = [t for t in labelled if t is not None and _label_kind(t.label)]
    if not _is_transcript(candidates):
        return []
    kinds = {t.label for t in candidates}
    turns: list[Turn] = []
    current: Turn | None = None
    pending: list[Turn] = []
    for (start, end), turn in zip(spans, labelled, strict=True):
        if turn is not None and turn.label in kinds:
            turns.extend(pending)  # paragraphs between two turns continue the first
            pending = []
            turns.append(turn)
            current = turn
        elif current is not None:
            content_start, content_end = _content(text, start, end)
            if content_end > content_start:
                pending.append(
                    Turn(
                        current.label,
                        current.label_start,
                        current.label_end,
                        current.colon,
                        content_start,
                        content_end,
                        continued=True,
                    )
                )
    return turns


def turn_quote(text: str, turn: Turn) -> Quote:
    """A turn as a statement of whoever its label names (speakers.py resolves the label)."""
    content = text[turn.start : turn.end]
    is_question = turn.label.lower().strip(". ") in QUESTION_LABELS or content.endswith("?")
    kind: QuoteKind = "question" if is_question else "direct"
    return Quote(
        content=content,
        content_start=turn.start,
        content_end=turn.end,
        kind=kind,
        cue=":",
        cue_start=turn.colon,
        cue_end=turn.colon + 1,
        speaker_text=turn.label,
        speaker_start=turn.label_start,
        speaker_end=turn.label_end,
        turn=True,
    )
