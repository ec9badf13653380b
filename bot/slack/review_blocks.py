"""Block Kit and words for reviewing a flag with a reason (pure functions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.slack.blocks import section, user_ref
from bot.wording import day_text

REVIEW_CALLBACK = "onrecord_review"
REASON_BLOCK = "reason"
REASON_MAX_CHARS = 1000

GONE_TEXT = "That contradiction is no longer on record; nothing was changed."
NOTHING_TO_UNDO_TEXT = "That flag is open already: there is no review to undo."
UNDONE_TEXT = "Review undone: the flag is open again."
NO_FORM_TEXT = "Slack didn't let me open the review form in time; nothing was changed. Click again."

VERDICT_WORDS = {"confirmed": "confirmed", "dismissed": "marked not a contradiction"}


def review_modal(status: str, private_metadata: str) -> dict[str, Any]:
    """Ask for an optional reason before a verdict is stored."""
    confirm = status == "confirmed"
    return {
        "type": "modal",
        "callback_id": REVIEW_CALLBACK,
        "title": {"type": "plain_text", "text": "Confirm" if confirm else "Not a contradiction"},
        "submit": {"type": "plain_text", "text": "Confirm" if confirm else "Dismiss flag"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": private_metadata,
        "blocks": [
            section(
                "You are confirming this contradiction."
                if confirm
                else "You are marking this flag as not a contradiction."
            ),
            {
                "type": "input",
                "block_id": REASON_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "Reason (optional)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": REASON_BLOCK,
                    "multiline": True,
                    "max_length": REASON_MAX_CHARS,
                },
            },
        ],
    }


def when_text(at: datetime | None) -> str:
    return f"on {day_text(at.date())} at {at:%H:%M} UTC" if at else "earlier"


def already_text(status: str, reviewer: str | None, at: datetime | None) -> str:
    """Told to the editor who lost a race (or clicked an old message): nothing overwritten."""
    verdict = VERDICT_WORDS.get(status, status)
    return f"Already {verdict} by {user_ref(reviewer)} {when_text(at)}; nothing was changed."


def not_yours_text(reviewer: str) -> str:
    return (
        f"Only {user_ref(reviewer)}, who reviewed this flag, can undo that review; "
        "ask them, or ask them to undo it."
    )


def too_late_text(at: datetime) -> str:
    return (
        f"That review was made {when_text(at)}: a review can be undone only on the day it was "
        "made. The verdict stands."
    )


def refused_text(group: str) -> str:
    return (
        f"Only members of <!subteam^{group}> can review flags here; nothing was changed. "
        "Ask one of them, or ask whoever runs On Record to add you."
    )


GROUP_UNREADABLE_TEXT = (
    "I couldn't read the reviewers group (ONRECORD_REVIEWERS) from Slack, so nothing was "
    "changed. Whoever runs On Record should check the group id and the usergroups:read scope."
)
