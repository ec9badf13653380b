"""Reading an article from a message: a link to fetch, or pasted text (one rule for both the
Slack listeners and the command line)."""

from __future__ import annotations

from bot.articles import Article, article_from_text, fetch_article, first_url
from bot.config import Settings

# A message whose words (links aside) are fewer than this is a link to fetch, not an article.
LINK_MESSAGE_MAX_WORDS = 40
# Text with no link and fewer words than this is not an article (a greeting, a typo).
MIN_ARTICLE_WORDS = 12


def has_article(text: str) -> bool:
    """Does this message carry something to read: a link, or text long enough to be one?"""
    return first_url(text) is not None or len(text.split()) >= MIN_ARTICLE_WORDS


def is_link_message(text: str, url: str) -> bool:
    """True when a message is mostly a link (fetch it) rather than a pasted article."""
    rest = text.replace(url, " ")
    words = [w for w in rest.split() if not w.startswith("<http") and "://" not in w]
    return len(words) < LINK_MESSAGE_MAX_WORDS


def link_to_fetch(text: str) -> str | None:
    """The link to fetch when the message is a link rather than a pasted article, else None."""
    url = first_url(text)
    return url if url is not None and is_link_message(text, url) else None


def fetch(settings: Settings, url: str) -> Article:
    """The article at `url`, fetched within the configured limits."""
    return fetch_article(
        url,
        timeout=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        allow_local=settings.allow_local_fetch,
        max_chars=settings.max_article_chars,
    )


def read_article(settings: Settings, text: str, *, plain_text: str | None = None) -> Article:
    """The article a message carries: its link fetched, or its text as pasted.

    `plain_text` is the message without its surface's markup (Slack's), read when it is a
    paste; links are found in `text` as written.
    """
    url = link_to_fetch(text)
    if url is not None:
        return fetch(settings, url)
    pasted = text if plain_text is None else plain_text
    return article_from_text(pasted, max_chars=settings.max_article_chars)
