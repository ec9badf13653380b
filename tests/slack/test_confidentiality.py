"""The cross-channel leak found by attack, checked from every surface through the real app.

A private article (pasted without a link) is filed in #desk with the LATER date; then #news
pastes an article about the same statement dated EARLIER. The flag in #news has the private
statement as its later ("Now") side: #news must see neither its words, its headline, nor the
values compared — not in the thread reply, not after a review redraw, not on a duplicate
paste, not in history, not in the digest.
"""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk import WebClient

from bot.slack.blocks import CONFIRM_ACTION, render_text
from bot.slack.digest import run_digest
from tests.fake_slack import TEAM_ID, Call
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES
from tests.slack.conftest import CHANNEL, OTHER_CHANNEL, USER, Bot, slack_settings

PRIVATE_WORDS = "We will raise taxes this year"
PRIVATE_HEADLINE = "Finance minister announces a tax rise"
EARLIER_WORDS = "We will not raise taxes this year"


def posts(bot: Bot) -> list[Call]:
    return bot.fake.calls_to("chat.postMessage")


def assert_private_paste_hidden(shown: str) -> None:
    assert PRIVATE_WORDS not in shown
    assert PRIVATE_HEADLINE not in shown
    assert '"raise"' not in shown and "→" not in shown  # the values compared


def file_private_later_then_public_earlier(bot: Bot) -> Call:
    """Return the contradiction reply posted in #news."""
    bot.command(LATER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    bot.command(EARLIER_TAXES, channel=CHANNEL)
    bot.settle()
    in_news = [call for call in posts(bot) if call.body["channel"] == CHANNEL]
    summary, reply = in_news
    assert "1 possible contradiction" in render_text(summary.blocks())
    return reply


def test_thread_reply_withholds_a_private_later_statement(bot: Bot) -> None:
    reply = file_private_later_then_public_earlier(bot)
    shown = render_text(reply.blocks())
    assert "Possible contradiction: Jane Porter" in shown
    assert EARLIER_WORDS in shown  # the side shared in this channel is quoted
    assert_private_paste_hidden(shown)
    assert f"shared by @{USER} in #{OTHER_CHANNEL}; ask there" in shown


def test_review_redraw_withholds_it_too(bot: Bot) -> None:
    reply = file_private_later_then_public_earlier(bot)
    value = next(
        element["value"]
        for block in reply.blocks()
        if block["type"] == "actions"
        for element in block["elements"]
    )
    bot.click(CONFIRM_ACTION, value, channel=CHANNEL, message_ts=str(reply.response["ts"]))
    (opened,) = bot.fake.calls_to("views.open")
    bot.submit_view(opened.body["view"], {"reason": ""})
    bot.settle()
    (update,) = bot.fake.calls_to("chat.update")
    shown = render_text(update.blocks())
    assert "Confirmed by" in shown
    assert_private_paste_hidden(shown)


def test_pasting_the_private_article_again_elsewhere_does_not_reveal_its_headline(
    bot: Bot,
) -> None:
    bot.command(LATER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    bot.command(LATER_TAXES, channel=CHANNEL)
    bot.settle()
    in_news = [call for call in posts(bot) if call.body["channel"] == CHANNEL]
    (answer,) = in_news
    shown = render_text(answer.blocks())
    assert "Already on record" in shown
    assert PRIVATE_HEADLINE not in shown
    assert PRIVATE_HEADLINE not in str(answer.body.get("text"))


def test_history_counts_and_quotes_only_what_the_channel_may_see(bot: Bot) -> None:
    file_private_later_then_public_earlier(bot)
    bot.command("history Jane Porter", channel=CHANNEL)
    bot.settle()
    shown = render_text(bot.fake.calls_to("response_url")[-1].body["blocks"])
    assert "1 statement on record" in shown
    assert EARLIER_WORDS in shown
    assert_private_paste_hidden(shown)


def test_history_of_someone_known_only_from_private_pastes_finds_nobody(bot: Bot) -> None:
    bot.command(LATER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    bot.command("history Jane Porter", channel=CHANNEL)
    bot.settle()
    answer = bot.fake.calls_to("response_url")[-1].body
    assert "Nobody called “Jane Porter” is on record yet." in answer["text"]


def test_digest_names_no_private_speaker_and_counts_no_private_statement(bot: Bot) -> None:
    file_private_later_then_public_earlier(bot)
    settings = slack_settings(bot.fake, digest_channel=CHANNEL)
    client = WebClient(token="xoxb-test-token", base_url=bot.fake.api_url)
    assert run_digest(client, bot.sessions, settings, team_id=TEAM_ID, now=datetime.now(UTC))
    digest = [call for call in posts(bot) if "digest" in str(call.body.get("text"))]
    shown = render_text(digest[-1].blocks())
    assert_private_paste_hidden(shown)
    assert "Jane Porter (official) — 1" in shown  # her statement in #news only
    assert f"a pasted article shared in #{OTHER_CHANNEL}" in shown


def test_digest_for_a_third_channel_names_nobody(bot: Bot) -> None:
    bot.command(EARLIER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    bot.command(LATER_TAXES, channel=OTHER_CHANNEL)
    bot.settle()
    settings = slack_settings(bot.fake, digest_channel="CTHIRD")
    client = WebClient(token="xoxb-test-token", base_url=bot.fake.api_url)
    assert run_digest(client, bot.sessions, settings, team_id=TEAM_ID, now=datetime.now(UTC))
    shown = render_text(posts(bot)[-1].blocks())
    assert "Contradictions flagged (1)" in shown
    assert "Jane Porter" not in shown and "Most statements" not in shown
    assert "raise taxes" not in shown
