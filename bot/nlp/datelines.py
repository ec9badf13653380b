"""Wire datelines ('HAMBURG, March 3 (Reuters) -', 'Sialkot, 12 September 2025 —').

The parser takes a dateline for the subject of the first sentence, so `blank_datelines`
hands it spaces instead: same length, so every offset still points into the text as written.
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
_CREDIT = r"\((?:Reuters|AP|AFP|Bloomberg|dpa|PTI|IANS|ANI|UPI|Xinhua|IRNA)\)"
_PLACE = r"[A-Z][A-Za-z.'’\- ]{1,40}?"
_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:(?P<shout>[A-Z][A-Z.'’\- ]{{2,40}})|{_PLACE})"
    rf"(?:,\s*(?:[A-Z][A-Za-z.]+,\s*)?(?P<date>{_DATE}))?"
    rf"\s*(?P<credit>{_CREDIT})?\s*(?:—|–|-{{1,2}})[ \t]+"
)


def blank_datelines(text: str) -> str:
    """The text with each paragraph-opening dateline replaced by spaces."""

    def blank(match: re.Match[str]) -> str:
        if not (match.group("shout") or match.group("date") or match.group("credit")):
            return match.group(0)
        return " " * len(match.group(0))

    return _DATELINE.sub(blank, text)
