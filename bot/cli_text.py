"""What the command line prints: the jsonl records of its contracts and its text lines.

Every side of a flag passes the confidentiality rule for the command line (`COMMAND_LINE`):
a statement shared in Slack without a public link is shown as withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot.confidentiality import COMMAND_LINE, visibility
from bot.digest_text import digest_sections
from bot.wording import day_text, plural, speakers_in_order

if TYPE_CHECKING:
    from datetime import datetime, tzinfo

    from bot.digest import DigestData
    from bot.flags import Flag, StatementRef
    from bot.nlp.types import Statement
    from bot.pipeline import IngestResult
    from bot.review import Verdict


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
    """What the bot would post in Slack for one article, as plain text: the summary and, as
    replies in its thread, each alert."""
    yield f"── /onrecord {name}"
    yield indent("\n".join(summary_lines(result)))
    for flag in result.alerts:
        yield "   └─ reply in thread:"
        yield indent("\n".join(thread_reply_lines(flag)), "      ")
    yield ""


def summary_lines(result: IngestResult) -> Iterable[str]:
    """The summary of one filed article: who said how much, and whether anything clashed."""
    when = day_text(result.published) if result.published else "undated"
    title = result.title or result.source
    heading = f"{title} ({result.source_url})" if result.source_url else title
    if result.duplicate:
        yield f"📇 Already on record: {heading} — {when}. Nothing new filed."
        return
    yield f"📇 {heading} — {when}"
    if not result.statements:
        yield "No statements by named people found, so nothing was filed."
        return
    speakers = speakers_in_order(result.statements)
    yield (
        f"Filed {plural(len(result.statements), 'statement')} by "
        f"{plural(len(speakers), 'person', 'people')}:"
    )
    for ref, count in speakers:
        title_text = f" ({ref.title})" if ref.title else ""
        yield f"• {ref.speaker}{title_text} — {plural(count, 'statement')}"
    yield contradiction_count_line(len(result.alerts), len(result.for_review))


def contradiction_count_line(alerts: int, for_review: int) -> str:
    review = (
        f" {plural(for_review, 'weaker match', 'weaker matches')} listed for review "
        "(`onrecord review`)."
        if for_review
        else ""
    )
    if alerts == 0:
        return "No contradictions with earlier statements on record." + review
    return (
        f"⚠️ {plural(alerts, 'possible contradiction')} with earlier statements — "
        f"see thread.{review}"
    )


def thread_reply_lines(flag: Flag) -> Iterable[str]:
    """One alert as its thread reply reads: both statements (or that one is withheld), why,
    and the review buttons."""
    seen = visibility(COMMAND_LINE, flag)
    title = (flag.later.title if seen.later else None) or (
        flag.earlier.title if seen.earlier else None
    )
    speaker = flag.speaker if seen.any else "someone on record"
    yield f"⚠️ Possible contradiction: {speaker}" + (f" ({title})" if title else "")
    for label, ref in (("Now", flag.later), ("Earlier", flag.earlier)):
        side = side_record(ref)
        yield f"{label} — {day_text(ref.date)}, {side['source']}"
        yield f"│ {side['content']}"
    if seen.both:
        yield f"Why: {flag.explanation}"
    yield "[Confirm] [Not a contradiction]"


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


def flag_record(flag: Flag, verdict: Verdict | None = None) -> dict[str, object]:
    """A flag as JSON; with its `verdict`: status, reviewed_by, reviewed_at and reason."""
    record = _flag_fields(flag)
    if verdict is not None:
        record |= {
            "status": verdict.status,
            "reviewed_by": verdict.reviewer,
            "reviewed_at": verdict.at.isoformat() if verdict.at else None,
            "reason": verdict.reason,
        }
    return record


def verdict_line(verdict: Verdict) -> str:
    """'  status: confirmed by U123 at 2025-03-21 09:30 UTC — reason: …' (or '  status: open')."""
    if verdict.status == "open":
        return "  status: open"
    when = f" at {verdict.at:%Y-%m-%d %H:%M} UTC" if verdict.at else ""
    reason = f" — reason: {' '.join(verdict.reason.split())}" if verdict.reason else ""
    return f"  status: {verdict.status} by {verdict.reviewer or 'someone'}{when}{reason}"


def _flag_fields(flag: Flag) -> dict[str, object]:
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


class PlainText:
    """Plain text as a `bot.digest_text.Markup`: links as 'label (link)', no emphasis."""

    def bold(self, text: str) -> str:
        return text

    def escape(self, text: str) -> str:
        return text

    def link(self, url: str | None, label: str) -> str:
        label = " ".join(label.split()) or (url or "")
        return f"{label} ({url})" if url and label != url else label

    def channel(self, channel: str | None) -> str:
        return f"#{channel}" if channel else "another channel"

    def user(self, user: str | None) -> str:
        return f"@{user}" if user else "someone"


def render_digest(data: DigestData, now: datetime, tz: tzinfo) -> str:
    """The digest as plain text (`onrecord digest --preview`)."""
    sections = digest_sections(data, now, tz, PlainText(), quiet_message=True)
    return "\n".join(sections or [])
