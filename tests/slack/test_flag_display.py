"""How a flag reads: the article's paraphrase never dressed as a quote, how sure in words and
number, the kind in plain words, the source as headline and outlet, a permalink to a visible
paste only, and the See history button — as pure blocks and through the real app."""

from __future__ import annotations

from datetime import date

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.confidentiality import Audience
from bot.flags import Flag, StatementRef, headline_of, outlet_of
from bot.nlp.types import CLASH_NAMES, ClashKind
from bot.slack.blocks import (
    SEE_HISTORY_ACTION,
    contradiction_blocks,
    render_text,
    source_text,
    statement_text,
)
from bot.slack.permalinks import flag_permalinks
from bot.wording import confidence_text, kind_name
from store.models import Article, Person
from tests.fake_slack import BOT_USER_ID, FakeSlack
from tests.http_fixtures import PageServer, html_route
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES, LATER_TAXES_PAGE
from tests.slack.conftest import CHANNEL, OTHER_CHANNEL, USER, Bot

HERE, ELSEWHERE = "CNEWS", "CDESK"
PERMALINK = "https://fake.slack.com/archives/CNEWS/p1"


def ref(
    content: str,
    *,
    kind: str = "direct",
    article_id: int = 1,
    url: str | None = None,
    channel: str | None = HERE,
    headline: str | None = "Minister says account run from abroad",
    outlet: str = "",
    day: date = date(2025, 9, 27),
) -> StatementRef:
    return StatementRef(
        claim_id=article_id,
        person_id=5,
        speaker="Khawaja Asif",
        title="defence minister",
        is_official=True,
        content=content,
        kind=kind,
        date=day,
        source=url or "pasted",
        source_url=url,
        article_id=article_id,
        slack_channel=channel,
        shared_by="UREPORTER",
        headline=headline,
        outlet=outlet,
        slack_ts="1600000000.000001" if channel else None,
    )


def flag(earlier: StatementRef, later: StatementRef, *, score: float = 0.93) -> Flag:
    return Flag(
        contradiction_id=3,
        speaker="Khawaja Asif",
        kind="place",
        tier="alert",
        score=score,
        explanation='place changed: "India" (12 Sep) → "the jail cell" (27 Sep)',
        earlier_value="India",
        later_value="the jail cell",
        earlier=earlier,
        later=later,
    )


REPORTED = ref("the account was run from India", kind="indirect", article_id=1)
QUOTED = ref("He is operating it from the jail cell", article_id=2)


# --------------------------------------------------------------------------- pure


def test_reported_speech_is_the_articles_paraphrase_never_a_quote() -> None:
    text = statement_text(REPORTED)
    assert text == "_Reported (paraphrase by the article):_ the account was run from India"
    assert not text.startswith(">") and "“" not in text and '"' not in text
    shown = render_text(contradiction_blocks(flag(REPORTED, QUOTED), Audience(HERE), review=None))
    assert "│ “He is operating it from the jail cell”" in shown  # the direct quote stays quoted
    assert "│ the account" not in shown and "“the account" not in shown


def test_mixed_speech_is_reported_with_the_articles_own_quotation_marks() -> None:
    mixed = ref('the account was "being operated from India"', kind="mixed")
    assert statement_text(mixed) == (
        '_Reported, partly in the speaker\'s words:_ the account was "being operated from India"'
    )


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (0.93, "confidence: high (0.93)"),
        (0.8, "confidence: high (0.80)"),
        (0.79, "confidence: medium (0.79)"),
        (0.5, "confidence: medium (0.50)"),
        (0.42, "confidence: low (0.42)"),
    ],
)
def test_confidence_in_words_and_number(score: float, words: str) -> None:
    assert confidence_text(score) == words
    blocks = contradiction_blocks(flag(REPORTED, QUOTED, score=score), Audience(HERE), review=None)
    assert f"place changed · {words}" in render_text(blocks)


def test_every_kind_has_plain_words() -> None:
    assert set(CLASH_NAMES) == set(ClashKind)
    for kind in ClashKind:
        assert kind_name(kind.value) == kind.display_name != kind.value
    assert kind_name("place") == "place changed"
    assert kind_name("reversal") == "position changed — the speaker says so"
    assert kind_name("rephrased") == "different words, opposite meaning"
    shown = render_text(contradiction_blocks(flag(REPORTED, QUOTED), Audience(HERE), review=None))
    assert "(place)" not in shown


def test_source_is_headline_and_outlet() -> None:
    linked = ref("x", url="https://www.dawn.com/news/1", outlet="Dawn")
    assert source_text(linked) == (
        "<https://www.dawn.com/news/1|Minister says account run from abroad> — Dawn"
    )
    assert source_text(ref("x", headline="Minister speaks")) == "Minister speaks"
    assert source_text(ref("x", headline=None)) == "a pasted article"
    assert source_text(ref("x", headline=None), PERMALINK) == f"<{PERMALINK}|a pasted article>"


def test_permalink_only_for_a_side_the_reader_may_see() -> None:
    withheld = ref("the account was run from India", kind="indirect", channel=ELSEWHERE)
    links = {1: PERMALINK, 2: PERMALINK + "2"}
    here = contradiction_blocks(
        flag(withheld, QUOTED), Audience(HERE), review=None, permalinks=links
    )
    shown = str(here)
    assert PERMALINK + "2" in shown  # the later side, pasted here
    assert f"<{PERMALINK}|" not in shown  # the earlier one is withheld: no link to it
    assert "run from India" not in shown


def test_see_history_button_carries_the_person_id_and_hides_with_the_speaker() -> None:
    blocks = contradiction_blocks(flag(REPORTED, QUOTED), Audience(HERE), review=None)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert {"action_id": SEE_HISTORY_ACTION, "value": "5"}.items() <= buttons[-1].items()
    nobody = contradiction_blocks(flag(REPORTED, QUOTED), Audience("CTHIRD"), review=None)
    assert SEE_HISTORY_ACTION not in str(nobody)


def test_headline_of_a_paste_without_one_is_none() -> None:
    text = "The minister said on Monday that the account was run from India by rivals."
    untitled = Article(title="The minister said on Monday that the…", text=text, outlet="")
    assert headline_of(untitled) is None
    titled = Article(title="Minister speaks", text=text, outlet="")
    assert headline_of(titled) == "Minister speaks"
    linked = Article(title="Minister speaks", text=text, outlet="", source_url="https://x.org/a")
    assert outlet_of(linked) == "x.org"
    named = Article(title="t", text=text, outlet="Dawn", source_url="https://www.dawn.com/a")
    assert outlet_of(named) == "Dawn"


def test_no_permalink_is_asked_for_a_withheld_article(fake: FakeSlack) -> None:
    client = WebClient(token="xoxb-test", base_url=fake.api_url)
    withheld = ref("the account was run from India", kind="indirect", channel=ELSEWHERE)
    found = flag_permalinks(client, flag(withheld, QUOTED), Audience(HERE))
    assert found == {2: "https://fake.slack.com/archives/CNEWS/p1600000000000001"}
    assert [c.body["channel"] for c in fake.calls_to("chat.getPermalink")] == [HERE]


# --------------------------------------------------------------------------- the real app


def mention(bot: Bot, text: str, ts: str, channel: str = CHANNEL) -> None:
    event = {
        "type": "app_mention",
        "user": USER,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
        "channel": channel,
    }
    assert bot.event(event).status_code == 200
    bot.settle()


def last_reply(bot: Bot) -> str:
    posts = bot.fake.calls_to("chat.postMessage")
    return render_text(posts[-1].blocks())


def test_thread_reply_links_an_earlier_paste_filed_in_this_channel(bot: Bot) -> None:
    mention(bot, EARLIER_TAXES, "1600000000.000100")
    bot.command(LATER_TAXES)
    bot.settle()
    shown = last_reply(bot)
    assert "Finance minister rules out a tax rise (https://fake.slack.com/archives/" in shown
    (asked,) = bot.fake.calls_to("chat.getPermalink")
    assert (asked.body["channel"], asked.body["message_ts"]) == (CHANNEL, "1600000000.000100")
    assert "confidence: " in shown and "now says the opposite" in shown
    with bot.sessions() as session:
        jane = session.scalars(select(Person.id).where(Person.name == "Jane Porter")).one()
    assert "[See history]" in shown
    actions = [b for b in bot.fake.calls_to("chat.postMessage")[-1].blocks() if "elements" in b]
    assert {"action_id": SEE_HISTORY_ACTION, "value": str(jane)}.items() <= (
        actions[-1]["elements"][-1].items()
    )


def test_no_permalink_is_asked_for_a_paste_in_another_channel(bot: Bot) -> None:
    mention(bot, EARLIER_TAXES, "1600000000.000100", channel=OTHER_CHANNEL)
    bot.command(LATER_TAXES)
    bot.settle()
    shown = last_reply(bot)
    assert "shared in a channel you may not see; ask the desk about it" in shown
    assert bot.fake.calls_to("chat.getPermalink") == []


def test_a_linked_article_shows_its_headline_and_site_name(
    bot: Bot, page_server: PageServer
) -> None:
    page = LATER_TAXES_PAGE.replace(
        "<title>", '<meta property="og:site_name" content="The Daily Example"><title>'
    )
    page_server.routes["/tax-rise"] = html_route(page)
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.command(page_server.url("/tax-rise"))
    bot.settle()
    summary = render_text(bot.fake.calls_to("chat.postMessage")[-2].blocks())
    assert "Finance minister announces a tax rise (http" in summary
    assert "— The Daily Example —" in summary
    assert "Finance minister announces a tax rise (http" in last_reply(bot)
    with bot.sessions() as session:
        outlets = session.scalars(select(Article.outlet).order_by(Article.id)).all()
    assert outlets == ["", "The Daily Example"]
