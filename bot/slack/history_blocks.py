"""Block Kit for a page of someone's history (pure functions): the page, and its buttons.

The page holds only what the reader may see (`bot.history_pages`), so its counts say
nothing of the rest. The buttons carry the next query (`HistoryQuery.to_value`); the channel
the reader is in comes from the click, never from the button.
"""

from __future__ import annotations

from bot.history_pages import HistoryPage, Ranking
from bot.slack.blocks import Block, button, chunk_lines, context, escape, history_line, section
from bot.wording import plural

HISTORY_MORE_ACTION = "onrecord_history_more"
HISTORY_BACK_ACTION = "onrecord_history_back"

WORDS_NOTE = (
    "The meaning model is not loaded here, so these are ranked by the words they share "
    "with the topic, not by meaning."
)


def page_head(page: HistoryPage) -> str:
    role = f" — {escape('; '.join(page.titles))}" if page.titles else ""
    name = f"*{escape(page.name)}*{role}"
    span = f"{page.first}–{page.last}" if page.last > page.first else f"{page.first}"
    if page.ranking == Ranking.DATE:
        return f"{name}: {plural(page.total, 'statement')} on record, newest first ({span} shown)"
    topic = escape(page.query.topic)
    if not page.statements:
        return f"{name}: nothing on record about “{topic}”."
    order = (
        "closest in meaning first"
        if page.ranking == Ranking.MEANING
        else "most words in common first"
    )
    related = plural(page.total, "statement")
    return f"{name} about “{topic}”: {related}, {order} ({span} shown)"


def history_page_blocks(page: HistoryPage) -> list[Block]:
    """The page: a head line, the statements, how they were ranked, Older/Newer buttons."""
    lines = [history_line(ref) for ref in page.statements]
    blocks = [section(page_head(page)), *(section(line) for line in chunk_lines(lines))]
    if page.ranking == Ranking.WORDS:
        blocks.append(context(WORDS_NOTE))
    buttons = []
    if page.has_previous:
        label = "Show newer" if page.ranking == Ranking.DATE else "Back"
        buttons.append(button(label, HISTORY_BACK_ACTION, page.previous_query().to_value()))
    if page.has_more:
        label = "Show older" if page.ranking == Ranking.DATE else "Show more"
        buttons.append(button(label, HISTORY_MORE_ACTION, page.next_query().to_value()))
    if buttons:
        blocks.append({"type": "actions", "block_id": "history_pages", "elements": buttons})
    return blocks


def history_page_text(page: HistoryPage) -> str:
    return f"History of {page.name}"
