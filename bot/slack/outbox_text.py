"""What the sender is told when what they filed could not be posted yet (plain words)."""

from __future__ import annotations

from bot.pipeline import IngestResult
from bot.slack.blocks import channel_ref
from bot.wording import plural


def done_text(result: IngestResult) -> str:
    if result.duplicate:
        return "That article is already on record"
    if not result.statements:
        return "I found no statements to file"
    return f"Filed {plural(len(result.statements), 'statement')}"


def waiting_text(alerts: int) -> str:
    return f"the {plural(alerts, 'contradiction')}" if alerts else "what I found"


def undelivered_text(channel: str, result: IngestResult, *, alerts: int, not_member: bool) -> str:
    """e.g. "Filed 3 statements, but I can't post in #news yet: invite me with
    `/invite @On Record` and I'll post the 1 contradiction then." """
    what = waiting_text(alerts)
    if not_member:
        return (
            f"{done_text(result)}, but I can't post in {channel_ref(channel)} yet: invite me "
            f"with `/invite @On Record` and I'll post {what} then."
        )
    return (
        f"{done_text(result)}, but Slack didn't take my messages just now. Send the same "
        f"again in a few minutes and I'll post {what}."
    )
