"""Slack strips its own markup before a pasted article reaches the application."""

from __future__ import annotations

from bot.articles import article_from_text
from bot.config import Settings
from bot.slack.filing import article_in_message
from bot.slack.markup import strip_slack_formatting


def test_slack_markup_and_entities_are_removed() -> None:
    pasted = (
        "Mayor says tolls &amp; fares stay\n"
        "Mayor Ines Kovalenko said tolls &amp; fares &lt;will not rise&gt; this year, "
        "according to <https://city.example/minutes?a=1&amp;b=2|the council minutes>. "
        "<@U123ABC> asked about <https://city.example/budget>."
    )
    article = article_from_text(strip_slack_formatting(pasted))
    assert article.title == "Mayor says tolls & fares stay"
    assert article.text == (
        "Mayor Ines Kovalenko said tolls & fares <will not rise> this year, according to "
        "the council minutes.  asked about https://city.example/budget."
    )


def test_a_paste_in_slack_is_read_without_its_markup() -> None:
    words = " ".join(["The council met on Tuesday and the mayor spoke at length."] * 5)
    message = f"Tolls &amp; fares\n{words} <@U123ABC> read <https://city.example/a|the minutes>."
    article = article_in_message(Settings(), message)
    assert article.title == "Tolls & fares"
    assert article.text.endswith("at length.  read the minutes.")
    assert "&amp;" not in article.text and "<" not in article.text


def test_the_application_reads_a_paste_as_written() -> None:
    assert article_from_text("Tolls &amp; fares stay, the mayor said").text == (
        "Tolls &amp; fares stay, the mayor said"
    )


def test_mentions_are_removed_and_paragraphs_kept() -> None:
    from bot.slack.filing import without_mentions

    message = "<@U0BOT> please file\n\nMinister speaks\n\n“We will act,”  <@U1|ana> said."
    assert without_mentions(message) == "please file\n\nMinister speaks\n\n“We will act,” said."
    assert without_mentions("") == ""
