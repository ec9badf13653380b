"""History pages through the real Bolt app: paging, "See history", and `history NAME about
TOPIC` ranked by meaning with the shipped embedder (and by words without it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.nlp.model import JudgingModels, load_judging_models
from bot.slack.blocks import render_text
from bot.slack.history_actions import NOBODY_HERE_TEXT, SEE_HISTORY_ACTION
from bot.slack.history_blocks import HISTORY_BACK_ACTION, HISTORY_MORE_ACTION, WORDS_NOTE
from bot.slack.people_blocks import FIX_PERSON_ACTION
from store.models import Person
from tests.fake_slack import Call, FakeSlack
from tests.slack.conftest import CHANNEL, OTHER_CHANNEL, Bot, run_bot, slack_settings

PLACES = [
    "Leeds", "York", "Hull", "Bath", "Derby", "Wells", "Ripon", "Ely", "Truro", "Exeter",
    "Durham", "Carlisle",
]  # fmt: skip

MANY_STATEMENTS = "Minister promises a bridge for every city\n\nLondon, 3 March 2025 — " + " ".join(
    f'"We will build a new bridge in {place}," the transport minister Jane Porter said.'
    if i == 0
    else f'"We will build a new bridge in {place}," Porter said.'
    for i, place in enumerate(PLACES)
)

TOPICS_ARTICLE = """Minister sets out her plans for the year

London, 3 March 2025 — The minister Jane Porter spoke to reporters on Monday.

"We will raise the tax on petrol and diesel next year," Porter said.

"The new children's hospital in Leeds will open its wards in May," Porter said.

"Our primary schools need two thousand more teachers," Porter said.

"The railway line to Bristol will be finished by 2027," Porter said.
"""


def buttons(blocks: list[dict[str, object]]) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in blocks
        for element in block.get("elements", [])  # type: ignore[attr-defined]
        if isinstance(element, dict) and element.get("type") == "button"
    }


def last_answer(bot: Bot) -> Call:
    answer = bot.fake.calls_to("response_url")[-1]
    assert answer.body["response_type"] == "ephemeral"
    return answer


def history_lines(answer: Call) -> list[str]:
    return [
        line for line in render_text(answer.body["blocks"]).splitlines() if line.startswith("•")
    ]


def test_history_pages_ten_at_a_time_with_older_and_newer(bot: Bot) -> None:
    bot.command(MANY_STATEMENTS)
    bot.settle()
    bot.command("history Porter")
    bot.settle()
    first = last_answer(bot)
    shown = render_text(first.body["blocks"])
    assert "Jane Porter — transport minister: 12 statements on record, newest first (1–10" in shown
    assert len(history_lines(first)) == 10
    assert "Carlisle" in history_lines(first)[0], "newest (last filed) first"
    more = buttons(first.body["blocks"])
    assert set(more) == {HISTORY_MORE_ACTION, FIX_PERSON_ACTION}

    bot.click(HISTORY_MORE_ACTION, more[HISTORY_MORE_ACTION], channel=CHANNEL, message_ts="1.0")
    bot.settle()
    second = last_answer(bot)
    assert second.body["replace_original"] is True
    assert "(11–12 shown)" in render_text(second.body["blocks"])
    assert [("York" in line, "Leeds" in line) for line in history_lines(second)] == [
        (True, False),
        (False, True),
    ]
    back = buttons(second.body["blocks"])
    assert set(back) == {HISTORY_BACK_ACTION, FIX_PERSON_ACTION}
    bot.click(HISTORY_BACK_ACTION, back[HISTORY_BACK_ACTION], channel=CHANNEL, message_ts="1.0")
    bot.settle()
    assert history_lines(last_answer(bot)) == history_lines(first)


def person_id(bot: Bot) -> str:
    with bot.sessions() as session:
        return str(session.scalars(select(Person.id).where(Person.name == "Jane Porter")).one())


def test_see_history_answers_with_page_one_as_that_channel_may_see_it(bot: Bot) -> None:
    bot.command(MANY_STATEMENTS)  # pasted in #news: not visible in #desk
    bot.settle()
    pid = person_id(bot)
    bot.click(SEE_HISTORY_ACTION, pid, channel=CHANNEL, message_ts="1.0")
    bot.settle()
    here = last_answer(bot)
    assert here.body["replace_original"] is False
    assert len(history_lines(here)) == 10
    assert "12 statements on record" in render_text(here.body["blocks"])

    bot.click(SEE_HISTORY_ACTION, pid, channel=OTHER_CHANNEL, message_ts="1.0")
    bot.settle()
    elsewhere = last_answer(bot)
    assert elsewhere.body["text"] == NOBODY_HERE_TEXT
    assert "bridge" not in str(elsewhere.body)

    with bot.sessions.begin() as session:  # an editor marks the speaker not a person
        session.scalars(select(Person).where(Person.id == int(pid))).one().not_a_person = True
    bot.click(SEE_HISTORY_ACTION, pid, channel=CHANNEL, message_ts="1.0")
    bot.settle()
    assert last_answer(bot).body["text"] == NOBODY_HERE_TEXT


def test_history_about_a_topic_without_the_model_ranks_by_shared_words(bot: Bot) -> None:
    bot.command(TOPICS_ARTICLE)
    bot.settle()
    bot.command("history Jane Porter about the hospital in Leeds")
    bot.settle()
    answer = last_answer(bot)
    lines = history_lines(answer)
    assert len(lines) == 1 and "children's hospital" in lines[0]
    shown = render_text(answer.body["blocks"])
    assert "most words in common first" in shown
    assert WORDS_NOTE in shown

    bot.command("history Jane Porter about astronomy")
    bot.settle()
    nothing = last_answer(bot)
    assert history_lines(nothing) == []
    assert "Jane Porter — minister: nothing on record about “astronomy”." in render_text(
        nothing.body["blocks"]
    )


@pytest.fixture(scope="module")
def judging() -> JudgingModels:
    return load_judging_models()


@pytest.fixture
def model_bot(
    fake: FakeSlack,
    nlp: Language,
    session_factory: sessionmaker[Session],
    judging: JudgingModels,
) -> Iterator[Bot]:
    """The app with the shipped scorer and embedder, as `serve` runs it."""
    yield from run_bot(fake, slack_settings(fake), nlp, session_factory, judging=judging)


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("health care for sick kids", "children's hospital"),
        ("fuel prices for drivers", "petrol and diesel"),
        ("education and classrooms", "primary schools"),
        ("trains", "railway line"),
    ],
)
def test_history_about_a_topic_ranks_the_relevant_statement_first_by_meaning(
    model_bot: Bot, topic: str, expected: str
) -> None:
    model_bot.command(TOPICS_ARTICLE)
    model_bot.settle()
    model_bot.command(f"history Porter about {topic}")
    model_bot.settle()
    answer = last_answer(model_bot)
    shown = render_text(answer.body["blocks"])
    assert shown.startswith("Jane Porter — minister about “" + topic + "”")
    assert "closest in meaning first" in shown
    assert WORDS_NOTE not in shown
    lines = history_lines(answer)
    assert expected in lines[0]
