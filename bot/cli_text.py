"""What the command line prints: the jsonl records of its contracts and its text lines.

Every side of a flag passes the confidentiality rule for the command line (`COMMAND_LINE`):
a statement shared in Slack without a public link is shown as withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot.confidentiality import COMMAND_LINE, visibility

if TYPE_CHECKING:
    from bot.nlp.types import Statement
    from bot.pipeline import Flag, IngestResult, StatementRef


def statement_record(path: str, statement: Statement) -> dict[str, object]:
    """One line of the `extract --format jsonl` contract."""
    quote = statement.quote
    return {
        "file": path,
        "speaker": statement.speaker.name,
        "speaker_text": quote.speaker_text,
        "cue": quote.cue,
        "content": quote.content,
        "content_start": quote.content_start,
        "content_end": quote.content_end,
        "kind": quote.kind,
    }


def render_statements(path: str, statements: Sequence[Statement]) -> Iterable[str]:
    """Human-readable 'who said what', officials first."""
    yield f"== {path}: {len(statements)} statement(s)"
    by_speaker: dict[str, list[Statement]] = {}
    for statement in statements:
        by_speaker.setdefault(statement.speaker.name, []).append(statement)
    order = sorted(
        by_speaker.values(), key=lambda group: (not group[0].speaker.is_official, -len(group))
    )
    for group in order:
        speaker = group[0].speaker
        title = f" ({speaker.titles[0]})" if speaker.titles else ""
        yield f"{speaker.name}{title}:"
        for statement in group:
            quote = statement.quote
            marker = "?" if quote.kind == "question" else "-"
            yield f"  {marker} [{quote.kind}, {quote.cue}] {quote.content}"


def render_demo_post(name: str, result: IngestResult) -> Iterable[str]:
    """What the bot would post in Slack for one article: the summary and its thread."""
    from bot.slack.blocks import contradiction_blocks, render_text, summary_blocks

    yield f"── /onrecord {name}"
    yield indent(render_text(summary_blocks(result, COMMAND_LINE)))
    for flag in result.alerts:
        yield "   └─ reply in thread:"
        reply = contradiction_blocks(flag, COMMAND_LINE, review=None)
        yield indent(render_text(reply), "      ")
    yield ""


def indent(text: str, prefix: str = "   ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


WITHHELD = "(withheld: shared in Slack without a public link)"


def ref_record(ref: StatementRef) -> dict[str, object]:
    return {"content": ref.content, "date": ref.date.isoformat(), "source": ref.source}


def withheld_record(ref: StatementRef) -> dict[str, object]:
    return {"content": WITHHELD, "date": ref.date.isoformat(), "source": WITHHELD}


def side_record(ref: StatementRef) -> dict[str, object]:
    """One side of a flag as the command line may show it (`bot.confidentiality`)."""
    return ref_record(ref) if COMMAND_LINE.can_see(ref) else withheld_record(ref)


def claim_record(ref: StatementRef) -> dict[str, object]:
    return {"type": "claim", "speaker": ref.speaker, "kind": ref.kind, **ref_record(ref)}


def flag_record(flag: Flag) -> dict[str, object]:
    return {
        "type": "contradiction",
        "speaker": flag.speaker,
        "kind": flag.kind,
        "score": flag.score,
        "tier": flag.tier,
        "explanation": flag.explanation if visibility(COMMAND_LINE, flag).both else "",
        "earlier": side_record(flag.earlier),
        "later": side_record(flag.later),
    }


def render_ingest(item: str, result: IngestResult) -> Iterable[str]:
    when = result.published.isoformat() if result.published else "undated"
    if result.duplicate:
        yield f"== {item}: already filed ({result.title or result.source}, {when}); nothing new"
        return
    people = {ref.speaker for ref in result.statements}
    yield (
        f"== {item} ({when}): {len(result.statements)} statement(s) by {len(people)} "
        f"speaker(s) filed"
    )
    for ref in result.statements:
        yield f"  {ref.speaker}: [{ref.kind}] {ref.content}"
    for flag in result.contradictions:
        yield from render_flag(flag)


def render_flag(flag: Flag) -> Iterable[str]:
    title = f" ({flag.later.title})" if flag.later.title else ""
    head = "!! CONTRADICTION" if flag.tier == "alert" else "?? FOR REVIEW"
    yield f"{head}: {flag.speaker}{title} — {flag.kind}, confidence {flag.score:.2f}"
    for label, ref in (("earlier", flag.earlier), ("now    ", flag.later)):
        side = side_record(ref)
        yield f"   {label} {side['date']} {side['source']}:"
        yield f"     “{side['content']}”"
    yield f"   why: {flag_record(flag)['explanation'] or flag.kind}"
