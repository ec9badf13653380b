"""App Home through the real Bolt app and the fake Slack API: publish on open, review and
undo from Home, the person search, and what a reader in no channel may see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.history_pages import HistoryQuery
from bot.slack.blocks import CONFIRM_ACTION, DISMISS_ACTION, UNDO_ACTION, render_text
from bot.slack.history_actions import SEE_HISTORY_ACTION
from bot.slack.history_blocks import HISTORY_MORE_ACTION
from bot.slack.home_blocks import HOME_SEARCH_ACTION, SEARCH_CALLBACK, WITHHELD_NOTE
from store.models import Contradiction, Person, Review
from tests.fake_slack import Call, FakeSlack
from tests.http_fixtures import PageServer, html_route
from tests.slack.articles import EARLIER_TAXES, LATER_TAXES, LATER_TAXES_PAGE
from tests.slack.conftest import CHANNEL, EDITOR, Bot, run_bot, slack_settings

EARLIER_TAXES_PAGE = """<html><head><title>Finance minister rules out a tax rise</title>
<meta property="og:title" content="Finance minister rules out a tax rise">
<meta property="article:published_time" content="2025-03-03T10:00:00Z">
</head><body><article>
<h1>Finance minister rules out a tax rise</h1>
<p>London, 3 March 2025 — The finance minister Jane Porter spoke to reporters outside the
Treasury on Monday morning.</p>
<p>"We will not raise taxes this year," Porter said.</p>
<p>Business groups welcomed the promise and said it would help firms plan their budgets.</p>
</article></body></html>
"""


def home_buttons(view: dict[str, object]) -> list[tuple[str, str]]:
    found = []
    for block in view["blocks"]:  # type: ignore[attr-defined]
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") == "button":
                found.append((element["action_id"], element["value"]))
    return found


def last_home(bot: Bot, user: str = EDITOR) -> tuple[dict[str, object], str]:
    publish: Call = bot.fake.calls_to("views.publish")[-1]
    assert publish.body["user_id"] == user
    view = publish.body["view"]
    assert view["type"] == "home"
    return view, render_text(view["blocks"])


def file_public_pair(bot: Bot, pages: PageServer) -> None:
    pages.routes["/earlier"] = html_route(EARLIER_TAXES_PAGE)
    pages.routes["/later"] = html_route(LATER_TAXES_PAGE)
    for path in ("/earlier", "/later"):
        bot.command(f"<{pages.url(path)}>")
        bot.settle()


def test_home_opened_publishes_waiting_flags_and_recent_filings(
    bot: Bot, page_server: PageServer
) -> None:
    file_public_pair(bot, page_server)
    assert bot.home_opened(EDITOR).status_code == 200
    bot.settle()
    view, shown = last_home(bot)
    assert "Waiting for review (1)" in shown
    assert "Possible contradiction: Jane Porter" in shown
    assert "We will not raise taxes this year" in shown and "We will raise taxes" in shown
    actions = {action for action, _ in home_buttons(view)}
    assert {CONFIRM_ACTION, DISMISS_ACTION, HOME_SEARCH_ACTION} <= actions
    assert "Recent filings" in shown
    later = shown.index("Finance minister announces a tax rise")
    assert later < shown.index("Finance minister rules out a tax rise"), "newest first"
    assert page_server.url("/later") in shown
    assert WITHHELD_NOTE in shown


def test_home_never_shows_pasted_articles_or_their_flags(bot: Bot) -> None:
    bot.command(EARLIER_TAXES)
    bot.settle()
    bot.command(LATER_TAXES)
    bot.settle()
    bot.home_opened(EDITOR)
    bot.settle()
    view, shown = last_home(bot)
    assert "Waiting for review (0)" in shown
    assert "raise taxes" not in shown
    assert "Jane Porter" not in shown and "Finance minister" not in shown
    assert CONFIRM_ACTION not in {action for action, _ in home_buttons(view)}


def test_review_and_undo_from_home_use_the_same_path_and_refresh_home(
    bot: Bot, page_server: PageServer
) -> None:
    file_public_pair(bot, page_server)
    alert = bot.fake.calls_to("chat.postMessage")[-1]
    bot.home_opened(EDITOR)
    bot.settle()
    view, _ = last_home(bot)
    cid = dict(home_buttons(view))[CONFIRM_ACTION]

    bot.click_in_home(CONFIRM_ACTION, cid)
    (opened,) = bot.fake.calls_to("views.open")
    bot.submit_view(opened.body["view"], {"reason": "Checked the video."})
    bot.settle()
    (redrawn,) = bot.fake.calls_to("chat.update")
    assert (redrawn.body["channel"], redrawn.body["ts"]) == (CHANNEL, alert.response["ts"])
    assert "Reason: Checked the video." in render_text(redrawn.blocks())
    view, shown = last_home(bot)
    assert "Flag confirmed" in shown
    assert "Waiting for review (0)" in shown
    assert "Your reviews today" in shown and "Checked the video." in shown
    assert (UNDO_ACTION, cid) in home_buttons(view)
    with bot.sessions() as session:
        assert session.scalars(select(Review)).one().reason == "Checked the video."

    bot.click_in_home(UNDO_ACTION, cid)
    bot.settle()
    view, shown = last_home(bot)
    assert "Review undone" in shown and "Waiting for review (1)" in shown
    assert "Your reviews today" not in shown
    with bot.sessions() as session:
        assert session.scalars(select(Contradiction)).one().status == "open"
    assert CONFIRM_ACTION in {a for a, _ in home_buttons(bot.fake.calls_to("chat.update")[-1].body)}


def test_home_person_search_shows_their_history_page(bot: Bot, page_server: PageServer) -> None:
    file_public_pair(bot, page_server)
    bot.click_in_home(HOME_SEARCH_ACTION, "search")
    (opened,) = bot.fake.calls_to("views.open")
    assert opened.body["view"]["callback_id"] == SEARCH_CALLBACK
    bot.submit_view(opened.body["view"], {"name": "Porter", "topic": ""})
    bot.settle()
    view, shown = last_home(bot)
    assert "Jane Porter — finance minister: 2 statements on record, newest first" in shown
    assert shown.index("We will raise taxes") < shown.index("We will not raise taxes")
    assert HISTORY_MORE_ACTION not in {a for a, _ in home_buttons(view)}  # one page only
    assert view["private_metadata"], "the page is kept for the next redraw"

    bot.submit_view(opened.body["view"], {"name": "Nobody Known", "topic": ""})
    bot.settle()
    _, shown = last_home(bot)
    assert "Nobody called “Nobody Known” is on record yet." in shown


def test_see_history_from_home_shows_the_page_in_the_tab(bot: Bot, page_server: PageServer) -> None:
    file_public_pair(bot, page_server)
    with bot.sessions() as session:
        pid = session.scalars(select(Person.id).where(Person.name == "Jane Porter")).one()
    bot.click_in_home(SEE_HISTORY_ACTION, str(pid))
    bot.settle()
    view, shown = last_home(bot)
    assert "Jane Porter — finance minister: 2 statements on record" in shown
    assert view["private_metadata"] == HistoryQuery(pid).to_value()
    assert "Waiting for review (1)" in shown  # the rest of Home is still there


@pytest.fixture
def desk_bot(
    fake: FakeSlack, nlp: Language, session_factory: sessionmaker[Session]
) -> Iterator[Bot]:
    fake.usergroups["SDESK"] = ["USOMEONEELSE"]
    yield from run_bot(fake, slack_settings(fake, reviewers="SDESK"), nlp, session_factory)


def test_a_non_member_reviewing_from_home_is_refused_in_home(
    desk_bot: Bot, page_server: PageServer
) -> None:
    file_public_pair(desk_bot, page_server)
    desk_bot.home_opened(EDITOR)
    desk_bot.settle()
    view, _ = last_home(desk_bot)
    desk_bot.click_in_home(CONFIRM_ACTION, dict(home_buttons(view))[CONFIRM_ACTION])
    desk_bot.settle()
    assert desk_bot.fake.calls_to("views.open") == []
    view, shown = last_home(desk_bot)
    assert "Only members of <!subteam^SDESK> can review flags" in str(view["blocks"])
    assert "Waiting for review (1)" in shown
    with desk_bot.sessions() as session:
        assert session.scalars(select(Review)).all() == []
