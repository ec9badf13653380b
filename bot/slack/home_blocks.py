"""Block Kit for the App Home tab and its person search (pure functions).

The Home reader is `bot.confidentiality.NO_CHANNEL`; the data (`bot.home.HomeData`) holds
only what that reader may see, and each flag is drawn by `blocks.contradiction_blocks` for
that reader, with the same Confirm / Not a contradiction buttons as in the thread.
"""

from __future__ import annotations

from typing import Any

from bot.confidentiality import NO_CHANNEL
from bot.history_pages import HistoryPage
from bot.home import HomeData, ReviewedFlag
from bot.slack.blocks import (
    UNDO_ACTION,
    Block,
    button,
    context,
    contradiction_blocks,
    escape,
    link,
    section,
    site_of,
)
from bot.slack.history_blocks import history_page_blocks
from bot.wording import day_text, kind_name, plural

HOME_SEARCH_ACTION = "onrecord_home_search"
SEARCH_CALLBACK = "onrecord_history_search"
NAME_BLOCK = "name"
TOPIC_BLOCK = "topic"

WITHHELD_NOTE = (
    "Only articles with a public link are shown here. Flags and statements from pasted "
    "articles stay in the channel where they were shared: review them there."
)


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def divider() -> Block:
    return {"type": "divider"}


def home_view(
    data: HomeData,
    *,
    notice: str | None = None,
    history: HistoryPage | None = None,
    private_metadata: str = "",
) -> dict[str, Any]:
    """The whole Home tab (`views.publish`)."""
    blocks: list[Block] = [section(f":information_source: {notice}")] if notice else []
    blocks += search_blocks(history)
    blocks += waiting_blocks(data)
    blocks += reviewed_blocks(data.reviewed_today)
    blocks += filing_blocks(data)
    blocks.append(context(WITHHELD_NOTE))
    return {"type": "home", "blocks": blocks[:100], "private_metadata": private_metadata}


def search_blocks(history: HistoryPage | None) -> list[Block]:
    search = {
        "type": "actions",
        "block_id": "home_search",
        "elements": [button("Search a person's history", HOME_SEARCH_ACTION, "search")],
    }
    blocks = [header("On Record"), search]
    if history is not None:
        blocks += [*history_page_blocks(history), divider()]
    return blocks


def waiting_blocks(data: HomeData) -> list[Block]:
    title = f"Waiting for review ({data.waiting_total})"
    if not data.waiting:
        return [header(title), section("Nothing waiting for review.")]
    blocks = [header(title)]
    for flag in data.waiting:
        blocks += [*contradiction_blocks(flag, NO_CHANNEL, review=None), divider()]
    more = data.waiting_total - len(data.waiting)
    if more > 0:
        blocks.append(
            context(f"{plural(more, 'older flag')} not shown: `onrecord review` lists all.")
        )
    return blocks


def reviewed_blocks(reviewed: tuple[ReviewedFlag, ...]) -> list[Block]:
    if not reviewed:
        return []
    blocks = [header("Your reviews today")]
    for item in reviewed:
        blocks.append(
            {
                "type": "section",
                "block_id": f"home_reviewed_{item.contradiction_id}",
                "text": {"type": "mrkdwn", "text": reviewed_line(item)},
                "accessory": button("Undo", UNDO_ACTION, str(item.contradiction_id)),
            }
        )
    return blocks


def reviewed_line(item: ReviewedFlag) -> str:
    verdict = "Confirmed" if item.status == "confirmed" else "Marked not a contradiction"
    what = (
        f"{escape(item.flag.speaker)} ({kind_name(item.flag.kind)})"
        if item.flag is not None
        else "a flag on pasted articles"
    )
    reason = f" — _{escape(' '.join(item.reason.split()))}_" if item.reason else ""
    return f"{verdict}: {what} at {item.at:%H:%M} UTC{reason}"


def filing_blocks(data: HomeData) -> list[Block]:
    if not data.filings:
        return [header("Recent filings"), section("No articles with a public link filed yet.")]
    lines = []
    for article in data.filings:
        outlet = article.outlet or site_of(article.source_url or "")
        when = f", {day_text(article.published)}" if article.published else ""
        lines.append(
            f"• {link(article.source_url, article.title or outlet)} — {escape(outlet)}{when}"
        )
    return [header("Recent filings"), section("\n".join(lines))]


def search_modal(private_metadata: str = "") -> dict[str, Any]:
    """The person search: a name, and optionally a topic to rank their statements by."""
    return {
        "type": "modal",
        "callback_id": SEARCH_CALLBACK,
        "title": {"type": "plain_text", "text": "Search history"},
        "submit": {"type": "plain_text", "text": "Search"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": private_metadata,
        "blocks": [
            {
                "type": "input",
                "block_id": NAME_BLOCK,
                "label": {"type": "plain_text", "text": "Person"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": NAME_BLOCK,
                    "placeholder": {"type": "plain_text", "text": "e.g. Khawaja Asif"},
                },
            },
            {
                "type": "input",
                "block_id": TOPIC_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "About (optional)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": TOPIC_BLOCK,
                    "placeholder": {"type": "plain_text", "text": "e.g. who runs the X account"},
                },
            },
        ],
    }
