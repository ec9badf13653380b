"""Wire furniture: datelines ('HAMBURG, March 3 (Reuters) -', 'Sialkot, 12 September 2025 —')
and photo credits glued into the copy ('"time-tested"(File/REUTERS)', '(AP Photo/Jane Roe)').

The parser takes a dateline for the subject of the first sentence, and a credit for part of
the quote it follows, so both are handed to it as spaces instead: same length, so every
offset still points into the text as written. When a paste has lost its line breaks, the
headline runs into the dateline ('Minister rules out a tax rise London, 3 March 2025 — …'):
the headline goes with it.
"""

from __future__ import annotations

import re

from bot.nlp.roles import NEWS_AGENCIES, PHOTO_AGENCIES

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
_AGENCY = "|".join(re.escape(name) for name in sorted(NEWS_AGENCIES))
_CREDIT = rf"\((?:{_AGENCY})\)"
_PLACE = r"[A-Z][A-Za-z.'’\- ]{1,40}?"
_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:(?P<shout>[A-Z][A-Z.'’\- ]{{2,40}})|{_PLACE})"
    rf"(?:,\s*(?:[A-Z][A-Za-z.]+,\s*)?(?P<date>{_DATE}))?"
    rf"\s*(?P<credit>{_CREDIT})?\s*(?:—|–|-{{1,2}})[ \t]+"
)
HEADLINE_CHARS = 200
# A headline and the dateline after it on one line: a place with a date or a wire credit.
_HEADLINE_AND_DATELINE = re.compile(
    rf"[ \t]*\S[^\n]{{0,{HEADLINE_CHARS}}}?\s(?:[A-Z][A-Za-z.'’\-]+ ?){{1,3}}"
    rf"(?:,\s*(?:[A-Z][A-Za-z.]+,\s*)?{_DATE}\s*(?:{_CREDIT})?|\s*{_CREDIT})"
    rf"\s*(?:—|–|-{{1,2}})[ \t]+"
)


_PHOTO_AGENCY = (
    "(?:"
    + "|".join(
        re.escape(name) for name in sorted(NEWS_AGENCIES | PHOTO_AGENCIES, key=len, reverse=True)
    )
    + ")"
)
_PHOTO_MARK = r"(?:File|FILE|Photo|PHOTO|Image|Pic)(?: Photo)?\s*[:/|]\s*"
_PHOTOGRAPHER = r"[^()\n/|]{1,40}"
# '(File/REUTERS)', '(Photo: AFP)', '(AP Photo/Jane Roe)', '(REUTERS/John Smith)', and the
# same with the closing parenthesis lost; a bare '(Reuters)' is a dateline's, not a credit.
_PHOTO_CREDIT = re.compile(
    rf"\((?:{_PHOTO_MARK}{_PHOTO_AGENCY}(?:\s*[/|]\s*{_PHOTOGRAPHER})?"
    rf"|(?:{_PHOTOGRAPHER}\s*[/|]\s*)?{_PHOTO_AGENCY}(?: Photo)?\s*[/|]\s*{_PHOTOGRAPHER}"
    rf"|{_PHOTOGRAPHER}\s*[/|]\s*{_PHOTO_AGENCY}(?: Photo)?)\)?"
)


def blank_photo_credits(text: str) -> str:
    """The text with each parenthesised photo credit replaced by spaces."""
    return _PHOTO_CREDIT.sub(lambda match: " " * len(match.group(0)), text)


def blank_datelines(text: str) -> str:
    """The text with each paragraph-opening dateline replaced by spaces, and a dateline
    the headline runs into (with the headline)."""

    def blank(match: re.Match[str]) -> str:
        if not (match.group("shout") or match.group("date") or match.group("credit")):
            return match.group(0)
        return " " * len(match.group(0))

    blanked = _DATELINE.sub(blank, text)
    run_in = _HEADLINE_AND_DATELINE.match(blanked)
    if run_in is None:
        return blanked
    return " " * run_in.end() + blanked[run_in.end() :]
