"""When a statement was made: the article's date, unless the article recalls an earlier one.

"Earlier this month, Asif alleged that …", "In 2019, the senator said …", "last week he
said …": `recalled_time` finds the words that date the cue (never words inside what was
said), and `statement_date` turns them into a date relative to the article's, with the
precision they allow (a day, a week, a month, a year, or only 'before the article').
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from spacy.tokens import Doc, Span, Token

from bot.nlp.types import Quote, Statement, TimeMention
from bot.nlp.vocabulary import MONTH_NAMES, SMALL_NUMBER_WORDS, WEEKDAY_NAMES

Precision = Literal["day", "week", "month", "year", "before"]

TIME_DEPS = frozenset({"prep", "npadvmod", "advmod", "tmod"})
TIME_PREPS = frozenset({"in", "on", "during", "at", "earlier", "last"})
# Words that put a statement in the past without a date: 'has previously warned', and the
# past perfect of the cue itself: 'had said'.
PAST_WORDS = frozenset(
    {"earlier", "previously", "ago", "last", "recently", "yesterday", "once", "had"}
)
WEEKDAYS = {name: n for n, name in enumerate(WEEKDAY_NAMES)}
MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3]: n for n, name in enumerate(MONTH_NAMES, start=1)})
MONTHS["sept"] = 9
# A recalled date also counts with 'a', 'an', 'several' and 'few' ('a few weeks ago').
COUNT_WORDS = SMALL_NUMBER_WORDS | {"a": 1, "an": 1, "several": 3, "few": 3}
NEWS_CYCLE_DAYS = 7  # a statement dated within the last week is the news, not a recollection
MAX_TIME_WORDS = 8
_AGO = re.compile(r"\b(\d+|[a-z]+) (day|week|month|year)s? ago\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_DAY_NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")


@dataclass(frozen=True)
class StatementDate:
    """The date a statement was made, how precisely the article gives it, and whether the
    article recalls it (an earlier statement) rather than reports it as news."""

    on: date
    precision: Precision
    recalled: bool
    earliest: date | None  # the period the article's words allow (None: any time before)
    latest: date


# ---------------------------------------------------------------- the words that date a cue


def recalled_time(doc: Doc, quote: Quote) -> TimeMention | None:
    """The time words on a statement's cue ('Earlier this month', 'In 2019', 'last week'),
    outside its content; None when the cue carries none."""
    if quote.turn or quote.cue_end <= quote.cue_start:
        return None
    cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if cue is None or len(cue) == 0:
        return None
    verb = cue.root
    pieces = [
        span
        for span in _time_modifiers(verb)
        if span.end_char <= quote.content_start or span.start_char >= quote.content_end
    ]
    if not pieces:
        return _past_perfect(verb)
    first, last = pieces[0], pieces[-1]
    if len(pieces) > 1 and doc[first.end : last.start].text.strip(" ,"):
        last = first  # not one expression: keep the first ('In 2019' of 'In 2019, on TV')
    text = doc.text[first.start_char : last.end_char]
    return TimeMention(text=text, start=first.start_char, end=last.end_char)


def _past_perfect(verb: Token) -> TimeMention | None:
    """'Asif had said …': recalled, though the article does not say when."""
    for child in verb.lefts:
        if child.dep_ == "aux" and child.lower_ == "had":
            return TimeMention(text=child.text, start=child.idx, end=child.idx + len(child))
    return None


def _time_modifiers(verb: Token) -> Iterator[Span]:
    """Subtrees hanging on the cue (or on its auxiliaries' verb) that name a time."""
    doc = verb.doc
    heads = [verb]
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        heads.append(verb.head)  # 'In 2019, he denied it and said …'
    for head in heads:
        for child in head.children:
            if child.dep_ not in TIME_DEPS:
                continue
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            if len(span) <= MAX_TIME_WORDS and _names_a_time(span):
                yield span


def _names_a_time(span: Span) -> bool:
    words = {t.lower_ for t in span}
    return (
        any(t.ent_type_ == "DATE" for t in span)
        or bool(words & PAST_WORDS)
        or bool(words & WEEKDAYS.keys())
        or bool(words & MONTHS.keys())
    )


def with_recalled_times(doc: Doc, statements: list[Statement]) -> list[Statement]:
    """The statements with `said_when` filled in from their cues."""
    return [
        Statement(quote=s.quote, speaker=s.speaker, said_when=recalled_time(doc, s.quote))
        for s in statements
    ]


# ---------------------------------------------------------------- from words to a date


def statement_date(statement: Statement, published: date) -> StatementDate:
    """The date of a statement in an article published on `published`."""
    if statement.said_when is None:
        return _on_the_day(published, recalled=False)
    return date_of_mention(statement.said_when.text, published)


def date_of_mention(text: str, published: date) -> StatementDate:
    """The period the words name, never later than the article: 'Earlier this month' →
    from the 1st to the day before; 'last week' → Monday to Sunday of last week; 'on
    Tuesday' → the latest Tuesday; 'In 2019' → the year 2019; 'previously' → only 'before
    the article'. `on` is the middle of the period: for ordering statements, an unbiased
    guess."""
    words = text.lower().replace(",", " ")
    for resolve in (_ago, _relative_period, _calendar_date, _weekday, _day_word):
        found = resolve(words, published)
        if found is not None:
            first, last, precision, recalled = found
            last = min(last, published)
            first = min(first, last)
            on = first + (last - first) // 2
            return StatementDate(on, precision, recalled, earliest=first, latest=last)
    if set(words.split()) & PAST_WORDS:
        return StatementDate(published, "before", recalled=True, earliest=None, latest=published)
    return _on_the_day(published, recalled=False)


def _on_the_day(day: date, *, recalled: bool) -> StatementDate:
    return StatementDate(day, "day", recalled, earliest=day, latest=day)


Found = tuple[date, date, Precision, bool] | None


def _ago(words: str, published: date) -> Found:
    match = _AGO.search(words)
    if match is None:
        return None
    count_word, unit = match.groups()
    count = int(count_word) if count_word.isdigit() else COUNT_WORDS.get(count_word)
    if count is None:
        return None
    if unit == "day":
        day = published - timedelta(days=count)
        return day, day, "day", count >= NEWS_CYCLE_DAYS
    if unit == "week":
        return (*_week_of(published - timedelta(weeks=count)), "week", True)
    if unit == "month":
        return (*_month_of(_month_start(published, -count)), "month", True)
    return date(published.year - count, 1, 1), date(published.year - count, 12, 31), "year", True


def _relative_period(words: str, published: date) -> Found:
    """'last week', 'last month', 'last year', '(earlier) this week/month/year'."""
    earlier = "earlier" in words
    before = published - timedelta(days=1) if earlier else published
    if "last week" in words:
        return (*_week_of(published - timedelta(weeks=1)), "week", True)
    if "last month" in words:
        return (*_month_of(_month_start(published, -1)), "month", True)
    if "last year" in words and not _month_named(words):
        year = published.year - 1
        return date(year, 1, 1), date(year, 12, 31), "year", True
    if "this week" in words:
        return _week_of(published)[0], before, "week", earlier
    if "this month" in words:
        return published.replace(day=1), before, "month", earlier
    if "this year" in words and not _month_named(words):
        return date(published.year, 1, 1), before, "year", earlier
    return None


def _calendar_date(words: str, published: date) -> Found:
    """'in March', 'on March 3', '3 March 2019', 'in June last year', 'in 2019'."""
    month = _month_named(words)
    year_match = _YEAR.search(words)
    year = int(year_match.group(1)) if year_match else None
    if month is None:
        if year is None:
            return None
        return date(year, 1, 1), date(year, 12, 31), "year", year < published.year
    if year is None:
        year = published.year if month <= published.month else published.year - 1
        if "last year" in words:
            year = published.year - 1
    day = _day_of_month(words, year, month)
    if day is None:
        recalled = (year, month) != (published.year, published.month)
        return (*_month_of(date(year, month, 1)), "month", recalled)
    on = date(year, month, day)
    return on, on, "day", (published - on).days >= NEWS_CYCLE_DAYS


def _weekday(words: str, published: date) -> Found:
    """'on Tuesday' → the latest Tuesday up to the article; 'last Tuesday' → before that."""
    for word in words.split():
        if word in WEEKDAYS:
            back = (published.weekday() - WEEKDAYS[word]) % 7
            if back == 0 and "last" in words.split():
                back = 7
            day = published - timedelta(days=back)
            return day, day, "day", False
    return None


def _day_word(words: str, published: date) -> Found:
    tokens = words.split()
    if "yesterday" in tokens:
        day = published - timedelta(days=1)
        return day, day, "day", False
    if "today" in tokens or "tonight" in tokens:
        return published, published, "day", False
    return None


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _month_of(first: date) -> tuple[date, date]:
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _month_named(words: str) -> int | None:
    for word in words.replace(".", " ").split():
        if (word in MONTHS and word != "may") or (word == "may" and _may_is_a_month(words)):
            return MONTHS[word]
    return None


def _may_is_a_month(words: str) -> bool:
    """'in May', 'May 3', 'last May' — not the verb 'may'."""
    return bool(re.search(r"\b(in|on|since|last|early|late|mid|of) may\b|\bmay \d", words))


def _day_of_month(words: str, year: int, month: int) -> int | None:
    without_years = _YEAR.sub(" ", words)
    match = _DAY_NUMBER.search(without_years)
    if match is None:
        return None
    day = int(match.group(1))
    return day if 1 <= day <= calendar.monthrange(year, month)[1] else None


def _month_start(published: date, offset: int) -> date:
    index = published.year * 12 + published.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)
