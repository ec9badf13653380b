"""Articles from pasted text or a URL, fetched safely (public hosts only, size and time caps).

`text` reads pasted text (headline, date, control characters, the size cap, the dedup hash),
`links` spots links in messages, `addresses` decides which hosts may be reached, `fetch`
downloads a page within one deadline, and `html` extracts the article from it.
"""

from bot.articles.addresses import address_problem, checked_addresses
from bot.articles.fetch import fetch_article
from bot.articles.links import (
    SLACK_LINK,
    first_url,
    looks_like_url,
    public_link,
    without_credentials,
)
from bot.articles.text import (
    MIN_ARTICLE_CHARS,
    NO_TEXT_MESSAGE,
    Article,
    ArticleError,
    article_from_text,
    checked_text,
    dateline_date,
    leading_date,
    looks_like_headline,
    text_hash,
    too_long_error,
    without_control_characters,
)

__all__ = [
    "MIN_ARTICLE_CHARS",
    "NO_TEXT_MESSAGE",
    "SLACK_LINK",
    "Article",
    "ArticleError",
    "address_problem",
    "article_from_text",
    "checked_addresses",
    "checked_text",
    "dateline_date",
    "fetch_article",
    "first_url",
    "leading_date",
    "looks_like_headline",
    "looks_like_url",
    "public_link",
    "text_hash",
    "too_long_error",
    "without_control_characters",
    "without_credentials",
]
