"""An article's main text and metadata from an HTML page, extracted with trafilatura."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from bot.articles.text import (
    MIN_ARTICLE_CHARS,
    Article,
    ArticleError,
    checked_text,
    untitled,
    without_control_characters,
)

logger = logging.getLogger(__name__)


def no_article_error(url: str) -> ArticleError:
    return ArticleError(
        f"Couldn't find an article at {url} (paywall or no text?). Paste the article text instead."
    )


def _parse_date(raw: object) -> datetime.date | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def _without_title_line(text: str, title: str) -> str:
    """The extracted text without its first line when that line repeats the headline."""
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text


def article_from_html(
    html: str | bytes, *, source_url: str, fallback_outlet: str, max_chars: int
) -> Article:
    """Main text and metadata from HTML with trafilatura (which is given no chance to fetch).

    `html` is decoded text, or bytes whose encoding trafilatura sniffs; `fallback_outlet` names
    the outlet when the page does not.
    """
    import trafilatura  # loaded only when a page is fetched: the command line starts fast

    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        logger.exception("trafilatura failed on %s", source_url)
        raise no_article_error(source_url) from exc
    if document is None:
        raise no_article_error(source_url)
    data: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    title = without_control_characters(str(data.get("title") or "")).strip()
    raw_text = str(data.get("text") or "").strip()
    text = checked_text(_without_title_line(raw_text, title), max_chars)
    if len(text) < MIN_ARTICLE_CHARS:
        raise no_article_error(source_url)
    return Article(
        title=title or untitled(text),
        outlet=without_control_characters(str(data.get("sitename") or "")).strip()
        or fallback_outlet,
        published=_parse_date(data.get("date")),
        text=text,
        source_url=source_url,
    )
