"""Block Kit messages, built by pure functions (tested by equality), and their plain text.

Confidentiality (the rule itself is `bot.confidentiality`): every builder takes the reader's
`Audience` and shows a statement in full only where the rule allows; otherwise it says that a
statement exists, who shared it and where to ask — never its words, its headline, its source,
the values the detector compared, or (where no side may be seen) who said it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.confidentiality import Audience, Visibility, visibility
from bot.flags import Flag, StatementRef
from bot.pipeline import IngestResult
from bot.wording import (
    confidence_text,
    day_text,
    how_said_text,
    kind_name,
    plural,
    speaker_groups,
    speakers_in_order,
)

Block = dict[str, Any]

CONFIRM_ACTION = "onrecord_confirm"
DISMISS_ACTION = "onrecord_dismiss"
UNDO_ACTION = "onrecord_undo"
SEE_HISTORY_ACTION = "see_history"  # value: the speaker's person id
HISTORY_LIMIT = 15
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


WITHHELD_WHERE = "shared in a channel you may not see; ask the desk about it"


def provenance_text(channel: str | None) -> str:
    """Where to ask about a withheld statement: never the channel's name (it may be private)
    nor who shared it (an embargoed paste names its reporter)."""
    if channel is None:
        return "filed outside Slack; ask whoever runs On Record for the details"
    return WITHHELD_WHERE


def source_text(ref: StatementRef, permalink: str | None = None) -> str:
    """Where a statement came from: 'headline — outlet', the headline linked to the article
    (or, for a paste, to the Slack message it was filed from, when `permalink` is given)."""
    return headline_and_outlet(ref.headline, ref.outlet, ref.source_url, permalink)


def headline_and_outlet(
    headline: str | None, outlet: str, url: str | None, permalink: str | None = None
) -> str:
    """'<url|Minister says account run from abroad> — Dawn'; a paste without a headline is
    'a pasted article'."""
    if url:
        label = headline or outlet or site_of(url)
        shown = link(url, label)
    else:
        label = headline or "a pasted article"
        shown = link(permalink, label) if permalink else escape(label)
    return f"{shown} — {escape(outlet)}" if outlet and outlet != label else shown


def site_of(url: str) -> str:
    """'https://www.dawn.com/news/1' -> 'dawn.com'."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def statement_text(ref: StatementRef) -> str:
    """A statement as the article gave it. Only the speaker's own words are quoted: reported
    speech is the article's paraphrase, never in quotation marks or a quote block."""
    if ref.kind == "indirect":
        return f"_Reported (paraphrase by the article):_ {escape(ref.content)}"
    if ref.kind == "mixed":
        return f"_Reported, partly in the speaker's words:_ {escape(ref.content)}"
    return quote_lines(f"“{ref.content.strip()}”")


def statement_inline(ref: StatementRef) -> str:
    """A statement on one line: quoted words in quotation marks, reported speech as such."""
    if ref.kind == "indirect":
        return f"reported: {escape(ref.content)}"
    if ref.kind == "mixed":
        return f"reported, partly quoted: {escape(ref.content)}"
    return f"“{escape(ref.content.strip())}”"


# --------------------------------------------------------------------------- ingest summary


def article_line(result: IngestResult) -> str:
    when = day_text(result.published) if result.published else "undated"
    source = headline_and_outlet(result.headline, result.outlet, result.source_url)
    return f"{source} — {when}"


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
    filed = (
        f"Filed {plural(len(result.statements), 'statement')} by "
        f"{plural(len(speakers), 'person', 'people')}:"
    )
    return [
        section(f":card_index: {article_line(result)}"),
        section("\n".join([filed, *speaker_lines(result.statements)])),
        context(contradiction_count_text(len(result.alerts), len(result.for_review))),
    ]


def speaker_lines(statements: Sequence[StatementRef]) -> list[str]:
    """Statement counts per person, officials first, in words."""
    lines: list[str] = []
    for heading, people in speaker_groups(statements):
        if heading:
            lines.append(f"_{heading}_")
        lines.extend(
            f"• *{escape(ref.speaker)}*{title_suffix(ref)} — {plural(count, 'statement')} "
            f"({how_said_text(statements, ref.speaker)})"
            for ref, count in people
        )
    return lines


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
    name = result.headline or ("a pasted article" if not result.source_url else result.title)
    if result.duplicate:
        return f"Already on record: {name}" if audience.can_see(result) else "Already on record"
    return (
        f"Filed {plural(len(result.statements), 'statement')} from {name}; "
        f"{plural(len(result.alerts), 'possible contradiction')}"
    )


# --------------------------------------------------------------------------- contradiction


def contradiction_blocks(
    flag: Flag,
    audience: Audience,
    *,
    review: Review | None,
    permalinks: Mapping[int, str] | None = None,
) -> list[Block]:
    """One flagged contradiction: both statements (or pointers to them), how sure, why, and
    the buttons (review; See history).

    Each side is shown only if `audience` may see it; the explanation (it names both sides'
    values) only if it may see both; the speaker, and the See history button, only if it may
    see either. `permalinks` (article id → the Slack message it was filed from) link a
    pasted article's headline, for a side the reader may see.
    """
    seen = visibility(audience, flag)
    speaker = escape(flag.speaker) if seen.any else "someone on record"
    links = permalinks or {}
    blocks = [
        section(f":warning: *Possible contradiction: {speaker}*{title_of(flag, seen)}"),
        context(f"{kind_name(flag.kind)} · {confidence_text(flag.score)}"),
        side_block("Now", flag.later, flag, speaker, shown=seen.later, links=links),
        side_block("Earlier", flag.earlier, flag, speaker, shown=seen.earlier, links=links),
    ]
    if seen.both:
        blocks.append(section(f"*Why:* {escape(flag.explanation)}"))
    blocks.extend(review_blocks(flag, review, history=seen.any))
    return blocks


def title_of(flag: Flag, seen: Visibility) -> str:
    """' (title)' from a statement the reader may see, the latest first."""
    title = (flag.later.title if seen.later else None) or (
        flag.earlier.title if seen.earlier else None
    )
    return f" ({escape(title)})" if title else ""


def side_block(
    label: str,
    ref: StatementRef,
    flag: Flag,
    speaker: str,
    *,
    shown: bool,
    links: Mapping[int, str],
) -> Block:
    """One side of a flag: the statement as the article gave it, or that it exists and
    where to ask about it."""
    if shown:
        source = source_text(ref, links.get(ref.article_id))
        return section(f"*{label}* — {day_text(ref.date)}, {source}\n{statement_text(ref)}")
    return section(
        f"*{label}* — {day_text(ref.date)}: {speaker} said something that conflicts with "
        f"this ({kind_name(flag.kind)}). It came from an article without a public link, "
        f"{provenance_text(ref.slack_channel)}."
    )


def review_blocks(flag: Flag, review: Review | None, *, history: bool) -> list[Block]:
    """Review buttons while the flag is open (who decided what, when and why once reviewed,
    with Undo), and the See history button when the reader may know who the speaker is."""
    see_history = [history_button(flag.person_id)] if history else []
    block_id = f"review_{flag.contradiction_id}"
    value = str(flag.contradiction_id)
    if review is None or review.status == "open":
        buttons = [
            button("Confirm", CONFIRM_ACTION, value, style="primary"),
            button("Not a contradiction", DISMISS_ACTION, value),
            *see_history,
        ]
        return [{"type": "actions", "block_id": block_id, "elements": buttons}]
    done = {
        "type": "section",
        "block_id": f"reviewed_{flag.contradiction_id}",
        "text": {"type": "mrkdwn", "text": verdict_text(review)[:SECTION_LIMIT]},
        "accessory": button("Undo", UNDO_ACTION, value),
    }
    if not see_history:
        return [done]
    return [done, {"type": "actions", "block_id": block_id, "elements": see_history}]


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


def history_button(person_id: int) -> Block:
    return button("See history", SEE_HISTORY_ACTION, str(person_id))


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


def contradiction_text(flag: Flag, audience: Audience) -> str:
    """The notification text: the speaker only where the reader may see a side."""
    speaker = flag.speaker if visibility(audience, flag).any else "someone on record"
    return f"Possible contradiction: {speaker} ({kind_name(flag.kind)})"


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
    return f"• {day_text(ref.date)} — {statement_inline(ref)} ({source_text(ref)})"


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
