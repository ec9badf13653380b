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


def undelivered_text(channel: str, done: str, *, alerts: int) -> str:
    """e.g. "Filed 3 statements, but I can't post in #news yet: invite me with
    `/invite @On Record` and I'll post the 1 contradiction then." """
    return (
        f"{done}, but I can't post in {channel_ref(channel)} yet: invite me "
        f"with `/invite @On Record` and I'll post {waiting_text(alerts)} then."
    )


def refused_text(channel: str, done: str, *, errors: list[str]) -> str:
    """Slack refused the posts for a reason that will not pass by waiting."""
    return (
        f"{done}, but Slack refused my messages in {channel_ref(channel)} "
        f"({', '.join(errors)}). What I filed is on record; tell whoever runs On Record "
        "(the details are in its log)."
    )


def waiting_posts(summaries: int, alerts: int) -> str:
    parts = []
    if summaries:
        parts.append("the summary" if summaries == 1 else f"{summaries} summaries")
    if alerts:
        parts.append(plural(alerts, "contradiction"))
    return " and ".join(parts)


def parked_text(
    done: str, channel: str, *, summaries: int, alerts: int, refused: bool = True
) -> str:
    """What a sender hears when a filing's job gave up with posts still waiting, e.g.
    "Filed 3 statements. Slack kept refusing my messages in #news, so the summary and 1
    contradiction aren't posted yet: they're saved, and I'll post them when Slack takes
    messages again (I try every few minutes) or when the article is shared there again."
    Not `refused` (the worker died before trying): the sweep does not retry them, a re-share
    does."""
    count = summaries + alerts
    what = waiting_posts(summaries, alerts)
    verb, them = ("isn't", "it's") if count == 1 else ("aren't", "they're")
    it = "it" if count == 1 else "them"
    where = channel_ref(channel)
    if refused:
        return (
            f"{done}. Slack kept refusing my messages in {where}, so {what} {verb} posted yet: "
            f"{them} saved, and I'll post {it} when Slack takes messages again (I try every "
            "few minutes) or when the article is shared there again."
        )
    return (
        f"{done}. Something went wrong on my side before I could post in {where}, so {what} "
        f"{verb} posted yet: {them} saved, and I'll post {it} when the article is shared "
        "there again."
    )
