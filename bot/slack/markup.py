"""Slack's own message markup, removed before a message's text reaches the application."""

from __future__ import annotations

import re

from bot.articles import SLACK_LINK

_SLACK_SPECIAL = re.compile(r"<[@#!][^>|]*(?:\|([^>]*))?>")


def strip_slack_formatting(text: str) -> str:
    """Turn Slack message markup back into plain text: links to their labels, entities decoded."""

    def link_text(match: re.Match[str]) -> str:
        return match.group(2) if match.group(2) else match.group(1)

    def special_text(match: re.Match[str]) -> str:
        return match.group(1) or ""

    plain = SLACK_LINK.sub(link_text, text)
    plain = _SLACK_SPECIAL.sub(special_text, plain)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
