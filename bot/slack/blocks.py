"""Block Kit messages, built by pure functions (tested by equality), and their plain text.

Confidentiality (the rule itself is `bot.confidentiality`): every builder takes the reader's
`Audience` and shows a statement in full only where the rule allows; otherwise it says that a
statement exists, who shared it and where to ask — never its words, its headline, its source,
the values the detector compared, or (where no side may be seen) who said it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.confidentiality import Audience, Visibility, visibility
from bot.flags import Flag, StatementRef
from bot.pipeline import IngestResult
from bot.wording import day_text, kind_name, plural, speakers_in_order

Block = dict[str, Any]

CONFIRM_ACTION = "onrecord_confirm"
DISMISS_ACTION = "onrecord_dismiss"
UNDO_ACTION = "onrecord_undo"
HISTORY_LIMIT = 15
_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,}")
SECTION_LIMIT = 2900  # Slack's section text limit is 3000 characters

NO_STATEMENTS_HELP = (
    "I found no statements by named people in this article, so nothing was filed. "
    "I file direct quotes (“…,” the minister said) and reported speech (she said that …) "
    "with a named speaker: paste the full article text with its quotes, or send its link."
)

ALREADY_FILED_ELSEWHERE = (
    ":card_index: Already on record: this article was filed earlier, without a public link, "
    "in another channel. Nothing new filed."
)

HELP_TEXT = "\n".join(
    [
        "*On Record* files what officials say and flags when they contradict themselves.",
        "• `/onrecord &lt;link&gt;` or `/onrecord &lt;pasted article&gt;` — file it here",
        "• `/onrecord history &lt;name&gt;` — what someone is on record as saying, newest first;"
        " add `about &lt;topic&gt;` to rank it by meaning",
        "• `/onrecord digest` — preview today's digest (only you see it)",
        "• `/onrecord watch on` / `off` — file every article link posted in this channel",
        "• Mention me (@On Record) in a thread to file the article at the top of it",
    ]
)


@dataclass(frozen=True)
class Review:
    """An editor's verdict on a flagged contradiction."""

    status: str
    reviewer: str | None
    at: datetime | None
    reason: str | None = None


# --------------------------------------------------------------------------- mrkdwn helpers


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str | None, label: str) -> str:
    label = escape(" ".join(label.split())) or escape(url or "")
    if not url:
        return label
    return f"<{url.replace('|', '%7C').replace('>', '%3E')}|{label}>"


def quote_lines(text: str) -> str:
    return "\n".join(f"> {escape(line)}" for line in text.splitlines() or [""])


def user_ref(user: str | None) -> str:
    return f"<@{user}>" if user else "someone"


def channel_ref(channel: str | None) -> str:
    return f"<#{channel}>" if channel else "another channel"


class Mrkdwn:
    """Slack's mrkdwn as a `bot.digest_text.Markup`."""

    def bold(self, text: str) -> str:
        return f"*{text}*"

    def escape(self, text: str) -> str:
        return escape(text)

    def link(self, url: str | None, label: str) -> str:
        return link(url, label)

    def channel(self, channel: str | None) -> str:
        return channel_ref(channel)

    def user(self, user: str | None) -> str:
        return user_ref(user)


MRKDWN = Mrkdwn()


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def provenance_text(shared_by: str | None, channel: str | None) -> str:
    """Who shared a withheld article and where to ask about it."""
    if channel is None:
        return "filed outside Slack; ask whoever runs On Record for the details"
    who = user_ref(shared_by) if shared_by and _SLACK_USER.fullmatch(shared_by) else "someone"
    return f"shared by {who} in {channel_ref(channel)}; ask there for the details"


def source_text(ref: StatementRef) -> str:
    """The source as a link labelled by its site (or outlet), else as plain text."""
    if not ref.source_url:
        return escape(ref.source)
    label = ref.source if ref.source != ref.source_url else site_of(ref.source_url)
    return link(ref.source_url, label)


def site_of(url: str) -> str:
    """'https://www.dawn.com/news/1' -> 'dawn.com'."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


# --------------------------------------------------------------------------- ingest summary


def article_line(result: IngestResult) -> str:
    when = day_text(result.published) if result.published else "undated"
    title = link(result.source_url, result.title or result.source)
    return f"*{title}* — {when}"


def summary_blocks(
    result: IngestResult, audience: Audience, *, flags_again: int = 0
) -> list[Block]:
    """The message posted after filing an article: who said how much, and what clashed.

    For an article already on record, `flags_again` is how many of its flags are posted
    in the thread now (never shown in this channel before): "nothing new" never hides them.
    """
    if result.duplicate:
        again = [context(contradiction_count_text(flags_again))] if flags_again else []
        if not audience.can_see(result):
            return [section(ALREADY_FILED_ELSEWHERE), *again]
        return [
            section(f":card_index: Already on record: {article_line(result)}. Nothing new filed."),
            *again,
        ]
    if not result.statements:
        return [section(f":card_index: {article_line(result)}"), section(NO_STATEMENTS_HELP)]
    speakers = speakers_in_order(result.statements)
    lines = [
        f"• *{escape(ref.speaker)}*{title_suffix(ref)} — {plural(count, 'statement')}"
        for ref, count in speakers
    ]
    filed = (
        f"Filed {plural(len(result.statements), 'statement')} by "
        f"{plural(len(speakers), 'person', 'people')}:"
    )
    return [
        section(f":card_index: {article_line(result)}"),
        section("\n".join([filed, *lines])),
        context(contradiction_count_text(len(result.alerts), len(result.for_review))),
    ]


def title_suffix(ref: StatementRef) -> str:
    return f" ({escape(ref.title)})" if ref.title else ""


def contradiction_count_text(alerts: int, for_review: int = 0) -> str:
    review = (
        f" {plural(for_review, 'weaker match', 'weaker matches')} listed for review "
        "(`/onrecord digest`)."
        if for_review
        else ""
    )
    if alerts == 0:
        return "No contradictions with earlier statements on record." + review
    return (
        f":warning: {plural(alerts, 'possible contradiction')} with earlier statements — "
        f"see thread.{review}"
    )


def summary_text(result: IngestResult, audience: Audience) -> str:
    """The notification text of the summary message."""
    if result.duplicate:
        return (
            f"Already on record: {result.title}"
            if audience.can_see(result)
            else "Already on record"
        )
    return (
        f"Filed {plural(len(result.statements), 'statement')} from {result.title}; "
        f"{plural(len(result.alerts), 'possible contradiction')}"
    )


# --------------------------------------------------------------------------- contradiction


def contradiction_blocks(flag: Flag, audience: Audience, *, review: Review | None) -> list[Block]:
    """One flagged contradiction: both statements (or pointers to them), why, review buttons.

    Each side is quoted only if `audience` may see it; the explanation (it names both sides'
    values) only if it may see both; the speaker only if it may see either.
    """
    seen = visibility(audience, flag)
    speaker = escape(flag.speaker) if seen.any else "someone on record"
    blocks = [
        section(f":warning: *Possible contradiction: {speaker}*{title_of(flag, seen)}"),
        side_block("Now", flag.later, flag, speaker, shown=seen.later),
        side_block("Earlier", flag.earlier, flag, speaker, shown=seen.earlier),
    ]
    if seen.both:
        blocks.append(section(f"*Why:* {escape(flag.explanation)}"))
    blocks.append(review_block(flag.contradiction_id, review))
    return blocks


def title_of(flag: Flag, seen: Visibility) -> str:
    """' (title)' from a statement the reader may see, the latest first."""
    title = (flag.later.title if seen.later else None) or (
        flag.earlier.title if seen.earlier else None
    )
    return f" ({escape(title)})" if title else ""


def side_block(label: str, ref: StatementRef, flag: Flag, speaker: str, *, shown: bool) -> Block:
    """One side of a flag: quoted in full, or that it exists and where to ask about it."""
    if shown:
        return section(
            f"*{label}* — {day_text(ref.date)}, {source_text(ref)}\n{quote_lines(ref.content)}"
        )
    return section(
        f"*{label}* — {day_text(ref.date)}: {speaker} said something that conflicts with "
        f"this ({kind_name(flag.kind)}). It came from an article without a public link, "
        f"{provenance_text(ref.shared_by, ref.slack_channel)}."
    )


def review_block(contradiction_id: int, review: Review | None) -> Block:
    """Buttons while the flag is open; who decided what, and when, once reviewed."""
    if review is None or review.status == "open":
        value = str(contradiction_id)
        return {
            "type": "actions",
            "block_id": f"review_{contradiction_id}",
            "elements": [
                button("Confirm", CONFIRM_ACTION, value, style="primary"),
                button("Not a contradiction", DISMISS_ACTION, value),
            ],
        }
    return {
        "type": "section",
        "block_id": f"reviewed_{contradiction_id}",
        "text": {"type": "mrkdwn", "text": verdict_text(review)[:SECTION_LIMIT]},
        "accessory": button("Undo", UNDO_ACTION, str(contradiction_id)),
    }


def verdict_text(review: Review) -> str:
    """Who decided what, when, and why (the reviewer's own words, quoted)."""
    when = f" on {day_text(review.at.date())} at {review.at:%H:%M} UTC" if review.at else ""
    verdict = (
        ":white_check_mark: Confirmed"
        if review.status == "confirmed"
        else ":no_entry_sign: Marked not a contradiction"
    )
    reason = f"\n*Reason:* {escape(' '.join(review.reason.split()))}" if review.reason else ""
    return f"{verdict} by {user_ref(review.reviewer)}{when}{reason}"


def button(label: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def contradiction_text(flag: Flag) -> str:
    return f"Possible contradiction: {flag.speaker} ({kind_name(flag.kind)})"


# --------------------------------------------------------------------------- history, help


def history_blocks(name: str, titles: Sequence[str], refs: Sequence[StatementRef]) -> list[Block]:
    """A person's latest statements (newest last); the caller passes only what the reader
    may see (`bot.confidentiality`), so counts and titles say nothing of the rest."""
    role = f" — {escape('; '.join(titles))}" if titles else ""
    shown = refs[-HISTORY_LIMIT:]
    head = f"*{escape(name)}*{role}: {plural(len(refs), 'statement')} on record"
    if len(refs) > len(shown):
        head += f" (latest {len(shown)} shown)"
    lines = [history_line(ref) for ref in shown]
    return [section(head), *(section(line) for line in chunk_lines(lines))]


def history_line(ref: StatementRef) -> str:
    return f"• {day_text(ref.date)} — “{escape(ref.content)}” ({source_text(ref)})"


def chunk_lines(lines: Sequence[str]) -> list[str]:
    """Join lines into texts that each fit one section."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def help_blocks(note: str | None = None) -> list[Block]:
    blocks = [section(note)] if note else []
    return [*blocks, section(HELP_TEXT)]


def notice_blocks(text: str) -> list[Block]:
    return [section(text)]


# --------------------------------------------------------------------------- plain text

_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>|<([^<>]+)>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EMOJI = {
    ":warning:": "⚠️",
    ":card_index:": "📇",
    ":white_check_mark:": "✅",
    ":no_entry_sign:": "🚫",
    ":newspaper:": "📰",
}


def _unlink(match: re.Match[str]) -> str:
    target, label, bare = match.group(1), match.group(2), match.group(3)
    if bare is not None:
        target, label = bare, ""
    if target.startswith("@"):
        return target
    if target.startswith("#"):
        return target
    if not label or label == target:
        return target
    return f"{label} ({target})"


def mrkdwn_to_text(text: str) -> str:
    """Slack mrkdwn as a reader sees it: links as label (url), bold unmarked, quotes barred."""
    plain = _BOLD.sub(r"\1", _LINK.sub(_unlink, text))
    for code, emoji in _EMOJI.items():
        plain = plain.replace(code, emoji)
    lines = [f"│ {line[2:]}" if line.startswith("> ") else line for line in plain.splitlines()]
    return "\n".join(lines).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        text = obj.get("text", "")
        if isinstance(text, dict):
            return _text_of(text)
        return mrkdwn_to_text(str(text)) if obj.get("type") != "plain_text" else str(text)
    return ""


def render_text(blocks: Sequence[Block]) -> str:
    """Block Kit as plain text, the way Slack shows it (buttons as [Label])."""
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in {"section", "header"}:
            out.append(_text_of(block.get("text", {})))
        elif kind == "context":
            out.append("  ".join(_text_of(e) for e in block.get("elements", [])))
        elif kind == "actions":
            out.append(" ".join(f"[{_text_of(e.get('text', {}))}]" for e in block["elements"]))
        elif kind == "divider":
            out.append("―" * 20)
    return "\n".join(out)
