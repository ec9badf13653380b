"""Links in messages: spotting an http(s) link, and a link as it may be stored and shown."""

from __future__ import annotations

import re

import httpx

SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>")
_BARE_URL = re.compile(r"https?://[^\s<>|\"]+", re.IGNORECASE)
_URL_TRAILING_PUNCT = ".,;:!?)]}'\"”’"


def _clean_url(raw: str) -> str:
    url = raw.replace("&amp;", "&")
    while url and url[-1] in _URL_TRAILING_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _is_http_url(candidate: str) -> bool:
    try:
        url = httpx.URL(candidate)
    except (httpx.InvalidURL, ValueError):
        return False
    return url.scheme in {"http", "https"} and bool(url.host)


def first_url(s: str) -> str | None:
    """The first http(s) link in a message, plain or in Slack's `<https://...|label>` markup."""
    candidates: list[tuple[int, str]] = []
    for match in SLACK_LINK.finditer(s):
        candidates.append((match.start(), _clean_url(match.group(1))))
    for match in _BARE_URL.finditer(s):
        candidates.append((match.start(), _clean_url(match.group(0))))
    for _, url in sorted(candidates):
        if _is_http_url(url):
            return url
    return None


def looks_like_url(s: str) -> bool:
    """True when the whole message is one http(s) link (optionally in Slack markup)."""
    stripped = s.strip()
    slack = SLACK_LINK.fullmatch(stripped)
    if slack is not None:
        stripped = slack.group(1)
    elif not stripped or any(ch.isspace() for ch in stripped):
        return False
    return _is_http_url(_clean_url(stripped))


def without_credentials(url: httpx.URL) -> httpx.URL:
    """The URL without a user name or password: never sent, stored, shown or logged."""
    return url.copy_with(userinfo=b"") if url.userinfo else url


def public_link(url: str) -> str:
    """A link as it may be stored and shown: any user name or password removed."""
    return str(without_credentials(httpx.URL(url.strip())))
