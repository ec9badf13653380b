"""ONRECORD_REVIEWERS: `anyone` (the default) or a Slack user group id; anything else stops."""

from __future__ import annotations

import pytest

from bot.config import ANYONE, Settings, SettingsError
from bot.history_pages import HistoryQuery


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", ANYONE), ("anyone", ANYONE), (" Anyone ", ANYONE), ("S0DESK42", "S0DESK42")],
)
def test_reviewers_is_anyone_or_a_user_group(raw: str, expected: str) -> None:
    assert Settings.from_env({"ONRECORD_REVIEWERS": raw}).reviewers == expected
    assert Settings.from_env({}).reviewers == ANYONE


@pytest.mark.parametrize("raw", ["UEDITOR", "#desk", "s0desk", "editors"])
def test_other_reviewers_values_are_refused_naming_the_variable(raw: str) -> None:
    with pytest.raises(SettingsError, match="ONRECORD_REVIEWERS must be `anyone` or a Slack"):
        Settings.from_env({"ONRECORD_REVIEWERS": raw})


def test_history_query_round_trips_and_refuses_malformed_values() -> None:
    query = HistoryQuery(7, "the “X” account", 20)
    assert HistoryQuery.from_value(query.to_value()) == query
    assert HistoryQuery.from_value("12") == HistoryQuery(12)  # the See history button's value
    for bad in [
        "",
        "x",
        '{"p": 1}',
        '{"p": "a", "o": 0}',
        '{"p": 1, "o": -10}',
        '{"p": 0, "o": 0}',
    ]:
        assert HistoryQuery.from_value(bad) is None, bad
    long_topic = HistoryQuery.from_value(HistoryQuery(1, "t" * 500).to_value())
    assert long_topic is not None and len(long_topic.topic) == 200
