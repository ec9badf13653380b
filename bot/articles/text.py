"""Article text as pasted: control characters, the size cap, headline and date lines, the hash."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from bot.config import DEFAULT_MAX_ARTICLE_CHARS

MIN_ARTICLE_CHARS = 200
# C0 control characters (NUL included) other than tab and newlines, DEL, C1 controls, and the
# bidirectional embedding/override/isolate marks (which can make Slack show a quote reversed):
# never part of an article's words, and PostgreSQL refuses NUL in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NO_TEXT_MESSAGE = "There is no text to read: paste the article text or a link."

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_LABEL = r"(?:(?:date|dated|published|updated|posted)\s*:?\s*(?:on\s+)?)?"
_DATE_PATTERNS = (
    re.compile(
        rf"^\s*{_DATE_LABEL}(?P<year>\d{{4}})-(?P<mnum>\d{{1,2}})-(?P<day>\d{{1,2}})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\s*{_DATE_LABEL}{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\s*{_DATE_LABEL}{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE,
    ),
)
_DATE_TAIL = re.compile(r"^\s*(?:[-–—|:,.]\s*)?")
_HEADLINE_MAX_CHARS = 160
_HEADLINE_MAX_WORDS = 25
_UNTITLED_CHARS = 80
_WRAP_MIN_CHARS = 50
# fmt: off
_CONTINUING_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "which", "who", "as", "than", "said", "says", "told", "is", "was", "are",
    "were", "be", "has", "have", "had", "will", "would",
})
# fmt: on


class ArticleError(ValueError):
    """A one-line reason a journalist can act on (replied in Slack, printed by the CLI)."""


@dataclass(frozen=True)
class Article:
    """An article's text with what is known about where and when it was published."""

    title: str
    outlet: str
    published: datetime.date | None
    text: str
    source_url: str | None


def without_control_characters(text: str) -> str:
    """The text with NUL and other control characters removed (tabs and newlines kept)."""
    return _CONTROL_CHARS.sub("", text)


def too_long_error(max_chars: int) -> ArticleError:
    return ArticleError(
        f"This article is longer than {max_chars:,} characters, the most On Record files at "
        "once: paste the part with the statements you want on record."
    )


def checked_text(text: str, max_chars: int) -> str:
    """Article text fit to parse and store: control characters removed, length within the cap."""
    clean = without_control_characters(text)
    if len(clean) > max_chars:
        raise too_long_error(max_chars)
    return clean


def text_hash(text: str) -> str:
    """The sha256 hex digest of the text with all whitespace runs collapsed (the dedup key)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _match_to_date(match: re.Match[str]) -> datetime.date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _month_number(groups["month"])
    try:
        return datetime.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def leading_date(line: str) -> tuple[datetime.date, str] | None:
    """A date written at the start of a line, and the rest of the line after it."""
    for pattern in _DATE_PATTERNS:
        match = pattern.match(line)
        if match:
            found = _match_to_date(match)
            if found is not None:
                return found, _DATE_TAIL.sub("", line[match.end() :], count=1)
    return None


def looks_like_headline(line: str) -> bool:
    """True for a short line without sentence-final punctuation, as headlines are written."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADLINE_MAX_CHARS:
        return False
    words = stripped.split()
    if len(words) > _HEADLINE_MAX_WORDS or words[-1].lower() in _CONTINUING_WORDS:
        return False
    return not stripped.rstrip("\"'”’»)").endswith((".", "!", ";", ",", ":"))


def _is_wrapped_paragraph(line: str, next_line: str) -> bool:
    """True when the next line continues the first (hard-wrapped text), so it is no headline."""
    following = next_line.strip()
    if not following:
        return False
    if following[0].islower():
        return True
    first = line.strip()
    return len(first) >= _WRAP_MIN_CHARS and abs(len(first) - len(following)) <= len(first) // 4


def _headline_of(line: str, rest: str) -> bool:
    """A headline is a headline-shaped line followed by more text that does not continue it.

    A short line set off by a blank line is a headline even when it ends in a word that
    usually continues a sentence ('Factory stays open, mayor says').
    """
    if not rest.strip():
        return False
    if _set_off_by_blank_line(rest) and _short_unpunctuated(line):
        return True
    next_line = rest.lstrip("\r\t ").partition("\n")[0]
    return looks_like_headline(line) and not _is_wrapped_paragraph(line, next_line)


def _set_off_by_blank_line(rest: str) -> bool:
    return rest.lstrip(" \t\r").startswith("\n")


def _short_unpunctuated(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (
        0 < len(stripped) <= _HEADLINE_MAX_CHARS
        and len(words) <= _HEADLINE_MAX_WORDS
        and not stripped.rstrip("\"'”’»)").endswith((".", "!", ";", ",", ":"))
    )


def _first_line(text: str) -> tuple[str, str]:
    """The first non-blank line and the text after it."""
    body = text.lstrip("\n\r\t ")
    line, _, rest = body.partition("\n")
    return line.strip(), rest


def untitled(text: str) -> str:
    words = " ".join(text.split())
    if len(words) <= _UNTITLED_CHARS:
        return words
    return words[:_UNTITLED_CHARS].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class _Heading:
    title: str | None
    published: datetime.date | None
    body: str


def _split_heading(text: str) -> _Heading:
    """Peel a headline line and a leading date (own line or line prefix) off the text."""
    title: str | None = None
    published: datetime.date | None = None
    body = text
    for _ in range(2):
        line, rest = _first_line(body)
        dated = leading_date(line) if published is None else None
        if dated is not None:
            published, remainder = dated
            body = remainder + ("\n" + rest if remainder and rest else rest)
            continue
        if title is None and _headline_of(line, rest):
            title, body = line, rest
            continue
        break
    return _Heading(title=title, published=published, body=body.strip())


_DATELINE_PLACE = re.compile(r"^\s*[A-Z][^\n,—–]{1,40},\s*")


def dateline_date(body: str) -> datetime.date | None:
    """The date in a wire dateline: 'Sialkot, 12 September 2025 — …' (text is left as is)."""
    place = _DATELINE_PLACE.match(body)
    if place is None:
        return None
    dated = leading_date(body[place.end() : place.end() + 60])
    return dated[0] if dated is not None else None


def article_from_plain(
    text: str, *, title: str | None, outlet: str, source_url: str | None, max_chars: int
) -> Article:
    text = checked_text(text, max_chars)
    if not text.strip():
        raise ArticleError(NO_TEXT_MESSAGE)
    heading = _split_heading(text)
    body = heading.body or text.strip()
    return Article(
        title=title or heading.title or untitled(body),
        outlet=outlet,
        published=heading.published or dateline_date(body),
        text=body,
        source_url=source_url,
    )


def article_from_text(
    text: str, *, title: str | None = None, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS
) -> Article:
    """An Article from pasted plain text: headline and leading date recognised.

    The headline line and a leading date are taken out of `text`; everything else is kept as
    written, less control characters. Outlet is unknown ("") and there is no source URL.
    Longer than `max_chars`: an ArticleError that says the limit.
    """
    return article_from_plain(text, title=title, outlet="", source_url=None, max_chars=max_chars)
