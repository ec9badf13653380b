"""The digest's words, written once and set in a markup: Slack's mrkdwn (`bot.slack.blocks`)
or plain text (`bot.cli_text`). Pure functions of the digest's data and the clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Protocol

from bot.wording import confidence_text, day_text, kind_name, plural

if TYPE_CHECKING:  # types only: the digest's query (and the store) load with the digest
    from bot.digest import DigestArticle, DigestData, DigestFlag, DigestPerson


class Markup(Protocol):
    """How a surface marks up text: emphasis, escaping, links, channels and people."""

    def bold(self, text: str) -> str: ...

    def escape(self, text: str) -> str: ...

    def link(self, url: str | None, label: str) -> str: ...

    def channel(self, channel: str | None) -> str: ...

    def user(self, user: str | None) -> str: ...


def digest_sections(
    data: DigestData, now: datetime, tz: tzinfo, markup: Markup, *, quiet_message: bool
) -> list[str] | None:
    """The digest for `now` in `tz`, one text per section; None when there is nothing to say."""
    local = now.astimezone(tz)
    since = data.since.astimezone(tz)
    heading = markup.bold(f"On Record — daily digest, {local:%a} {day_text(local.date())}")
    if data.is_empty:
        if not quiet_message:
            return None
        return [f"Quiet day: nothing new filed since {since_text(since, local)}."]
    out = [f"{heading}\nSince {since_text(since, local)}.", flags_text(data.flags, markup)]
    if data.people:
        out.append(people_text(data.people, markup))
    out.append(articles_text(data.articles, markup))
    return out


def since_text(since: datetime, local_now: datetime) -> str:
    if since.date() == local_now.date():
        return f"{since:%H:%M} today"
    return f"{day_text(since.date())} {since:%H:%M}"


def flags_text(flags: Sequence[DigestFlag], markup: Markup) -> str:
    if not flags:
        return f"{markup.bold('Contradictions:')} none flagged."
    lines = [markup.bold(f"Contradictions flagged ({len(flags)}):")]
    lines.extend(flag_line(flag, markup) for flag in flags if flag.speaker is not None)
    lines.extend(withheld_flag_lines([f for f in flags if f.speaker is None], markup))
    return "\n".join(lines)


def withheld_flag_lines(flags: Sequence[DigestFlag], markup: Markup) -> list[str]:
    """Flags whose statements this channel may see neither of: one line per status, counted."""
    counts: dict[str, int] = {}
    for flag in flags:
        status = status_text(flag, markup)
        counts[status] = counts.get(status, 0) + 1
    return [
        f"• {plural(n, 'possible contradiction')} between statements from articles without a "
        f"public link, shared in channels this one may not see — {status}; ask the desk"
        for status, n in counts.items()
    ]


def flag_line(flag: DigestFlag, markup: Markup) -> str:
    where = f" — in {markup.channel(flag.channel)}" if flag.channel else ""
    title = f" ({markup.escape(flag.title)})" if flag.title else ""
    # an explanation starts with the kind in words ("place changed: India → ...")
    why = markup.escape(flag.explanation) if flag.explanation else kind_name(flag.kind)
    sure = f" ({confidence_text(flag.score)})" if flag.score is not None else ""
    speaker = markup.bold(markup.escape(flag.speaker or "someone on record"))
    return f"• {speaker}{title}: {why}{sure} — {status_text(flag, markup)}{where}"


def status_text(flag: DigestFlag, markup: Markup) -> str:
    if flag.status == "confirmed":
        return f"confirmed by {markup.user(flag.reviewer)}"
    if flag.status == "dismissed":
        return f"dismissed by {markup.user(flag.reviewer)}"
    if flag.tier == "review":
        return "a weaker match, not posted in the channel: awaiting review"
    return "awaiting review"


def people_text(people: Sequence[DigestPerson], markup: Markup) -> str:
    lines = [markup.bold("Most statements filed:")]
    for person in people:
        official = " (official)" if person.is_official else ""
        lines.append(
            f"• {markup.escape(person.name)}{official} — {plural(person.statements, 'statement')}"
        )
    return "\n".join(lines)


def articles_text(articles: Sequence[DigestArticle], markup: Markup) -> str:
    if not articles:
        return f"{markup.bold('Articles filed:')} none."
    lines = [markup.bold(f"Articles filed ({len(articles)}):")]
    withheld = 0
    for article in articles:
        if article.title is None:
            withheld += 1
        else:
            lines.append(f"• {article_source(article, markup)}")
    if withheld:
        lines.append(
            f"• {plural(withheld, 'pasted article')} shared in other channels "
            f"(not shown here; ask the desk)"
        )
    return "\n".join(lines)


def article_source(article: DigestArticle, markup: Markup) -> str:
    """'headline — outlet', the headline linked to the article."""
    label = article.title or article.outlet or article.source_url or "an article"
    shown = markup.link(article.source_url, label)
    outlet = article.outlet
    return f"{shown} — {markup.escape(outlet)}" if outlet and outlet != label else shown


def digest_text(data: DigestData) -> str:
    """The digest in one line (a notification's text)."""
    return (
        f"On Record digest: {plural(len(data.flags), 'contradiction')}, "
        f"{plural(len(data.articles), 'article')} filed"
    )
