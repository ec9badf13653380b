"""Block Kit builders (pure, compared by equality), plain-text rendering, command parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.pipeline import Flag, IngestResult, StatementRef
from bot.slack.blocks import (
    CONFIRM_ACTION,
    DISMISS_ACTION,
    NO_STATEMENTS_HELP,
    Review,
    can_quote,
    context,
    contradiction_blocks,
    escape,
    history_blocks,
    link,
    mrkdwn_to_text,
    render_text,
    section,
    summary_blocks,
)
from bot.slack.commands import Command, parse_command

HERE = "CNEWS"
ELSEWHERE = "CDESK"


def ref(
    claim_id: int,
    content: str,
    *,
    speaker: str = "Jane Porter",
    official: bool = True,
    day: date = date(2025, 3, 20),
    url: str | None = None,
    channel: str | None = HERE,
    source: str = "Finance minister announces a tax rise",
) -> StatementRef:
    return StatementRef(
        claim_id=claim_id,
        speaker=speaker,
        title="finance minister" if official else None,
        is_official=official,
        content=content,
        kind="direct",
        date=day,
        source=url or source,
        source_url=url,
        article_id=claim_id,
        slack_channel=channel,
    )


def flag(earlier: StatementRef, later: StatementRef) -> Flag:
    return Flag(
        contradiction_id=7,
        speaker="Jane Porter",
        kind="polarity",
        score=0.8,
        explanation='polarity flipped: "not raise" (3 Mar) → "raise" (20 Mar)',
        earlier_value="not raise",
        later_value="raise",
        earlier=earlier,
        later=later,
    )


LATER = ref(2, "We will raise taxes this year")
EARLIER_PUBLIC = ref(
    1, "We will not raise taxes", day=date(2025, 3, 3), url="https://example.org/a", channel=None
)
EARLIER_PRIVATE = ref(1, "We will not raise taxes", day=date(2025, 3, 3), channel=ELSEWHERE)

BUTTONS = {
    "type": "actions",
    "block_id": "review_7",
    "elements": [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": "Confirm"},
            "action_id": CONFIRM_ACTION,
            "value": "7",
            "style": "primary",
        },
        {
            "type": "button",
            "text": {"type": "plain_text", "text": "Not a contradiction"},
            "action_id": DISMISS_ACTION,
            "value": "7",
        },
    ],
}


def test_contradiction_with_a_public_earlier_statement_quotes_both() -> None:
    blocks = contradiction_blocks(
        flag(EARLIER_PUBLIC, LATER), HERE, earlier_shared_by=None, review=None
    )
    assert blocks == [
        section(":warning: *Possible contradiction: Jane Porter* (finance minister)"),
        section(
            "*Now* — 20 Mar 2025, Finance minister announces a tax rise\n"
            "> We will raise taxes this year"
        ),
        section(
            "*Earlier* — 3 Mar 2025, <https://example.org/a|example.org>\n> We will not raise taxes"
        ),
        section('*Why:* polarity flipped: "not raise" (3 Mar) → "raise" (20 Mar)'),
        BUTTONS,
    ]


def test_contradiction_with_a_private_paste_elsewhere_withholds_words_and_values() -> None:
    blocks = contradiction_blocks(
        flag(EARLIER_PRIVATE, LATER), HERE, earlier_shared_by="UREPORTER", review=None
    )
    assert blocks[2] == section(
        "*Earlier* — 3 Mar 2025: Jane Porter said something that conflicts with this "
        "(yes/no flip). It came from an article without a public link, shared by "
        "<@UREPORTER> in <#CDESK>; ask there for the details."
    )
    text = render_text(blocks)
    assert "not raise" not in text
    assert blocks[-1] == BUTTONS
    assert len(blocks) == 4


def test_private_paste_is_quoted_in_its_own_channel() -> None:
    assert can_quote(EARLIER_PRIVATE, ELSEWHERE)
    assert not can_quote(EARLIER_PRIVATE, HERE)
    assert can_quote(EARLIER_PUBLIC, HERE)


def test_reviewed_contradiction_shows_who_and_when_instead_of_buttons() -> None:
    at = datetime(2025, 3, 21, 9, 30, tzinfo=UTC)
    confirmed = contradiction_blocks(
        flag(EARLIER_PUBLIC, LATER),
        HERE,
        earlier_shared_by=None,
        review=Review("confirmed", "UEDITOR", at),
    )
    assert confirmed[-1] == context(
        ":white_check_mark: Confirmed by <@UEDITOR> on 21 Mar 2025 at 09:30 UTC"
    )
    dismissed = contradiction_blocks(
        flag(EARLIER_PUBLIC, LATER),
        HERE,
        earlier_shared_by=None,
        review=Review("dismissed", "UEDITOR", at),
    )
    assert render_text(dismissed[-1:]) == (
        "🚫 Marked not a contradiction by @UEDITOR on 21 Mar 2025 at 09:30 UTC"
    )


def result(statements: tuple[StatementRef, ...], flags: tuple[Flag, ...] = ()) -> IngestResult:
    return IngestResult(
        article_id=2,
        title="Tax <rise>",
        source="https://example.org/b",
        source_url="https://example.org/b",
        published=date(2025, 3, 20),
        duplicate=False,
        statements=statements,
        questions=0,
        contradictions=flags,
    )


def test_summary_lists_officials_first_then_by_count() -> None:
    statements = (
        ref(1, "a", speaker="Zulfi Bukhari", official=False),
        ref(2, "b", speaker="Zulfi Bukhari", official=False),
        ref(3, "c"),
    )
    blocks = summary_blocks(result(statements, (flag(EARLIER_PUBLIC, LATER),)))
    assert blocks == [
        section(":card_index: *<https://example.org/b|Tax &lt;rise&gt;>* — 20 Mar 2025"),
        section(
            "Filed 3 statements by 2 people:\n"
            "• *Jane Porter* (finance minister) — 1 statement\n"
            "• *Zulfi Bukhari* — 2 statements"
        ),
        context(":warning: 1 possible contradiction with earlier statements — see thread."),
    ]


def test_summary_of_an_article_without_statements_explains_what_is_filed() -> None:
    blocks = summary_blocks(result(()))
    assert blocks[1] == section(NO_STATEMENTS_HELP)


def test_history_withholds_private_pastes_from_other_channels() -> None:
    blocks = history_blocks("Jane Porter", ["finance minister"], [EARLIER_PRIVATE, LATER], HERE)
    assert blocks == [
        section("*Jane Porter* — finance minister: 2 statements on record"),
        section(
            "• 3 Mar 2025 — a statement from an article without a public link, shared in "
            "<#CDESK>\n"
            "• 20 Mar 2025 — “We will raise taxes this year” (Finance minister announces a tax "
            "rise)"
        ),
    ]


def test_render_text_shows_what_a_reader_sees() -> None:
    blocks = [
        section("*Bold* <https://x.org/a|label> &amp; <@U1> in <#C1>\n> quoted *line*"),
        context("small"),
        BUTTONS,
    ]
    assert render_text(blocks) == (
        "Bold label (https://x.org/a) & @U1 in #C1\n│ quoted line\nsmall\n"
        "[Confirm] [Not a contradiction]"
    )


def test_escaping_and_links_survive_a_round_trip() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert link("https://x.org/?a=1|2", "Q&A") == "<https://x.org/?a=1%7C2|Q&amp;A>"
    assert mrkdwn_to_text(link("https://x.org/", "Q&A")) == "Q&A (https://x.org/)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Command("help")),
        ("   ", Command("help")),
        ("help", Command("help")),
        ("frobnicate", Command("help", "frobnicate")),
        ("history", Command("help", "history")),
        ("history Khawaja Asif", Command("history", "Khawaja Asif")),
        ("digest", Command("digest")),
        ("watch on", Command("watch", "on")),
        ("watch OFF", Command("watch", "off")),
        ("watch maybe", Command("help", "watch")),
        ("https://example.org/a", Command("file", "https://example.org/a")),
        ("<https://example.org/a>", Command("file", "<https://example.org/a>")),
        (
            "History will judge us, the minister said on Friday as she left the building today",
            Command(
                "file",
                "History will judge us, the minister said on Friday as she left the building today",
            ),
        ),
    ],
)
def test_parse_command(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


def test_statement_filed_outside_slack_is_withheld_in_slack_and_shown_outside() -> None:
    from_cli = ref(1, "We will not raise taxes", day=date(2025, 3, 3), channel=None)
    in_slack = render_text(
        contradiction_blocks(flag(from_cli, LATER), HERE, earlier_shared_by="cli", review=None)
    )
    assert "not raise" not in in_slack
    assert "filed outside Slack; ask whoever runs On Record for the details" in in_slack
    assert "@cli" not in in_slack
    outside = render_text(
        contradiction_blocks(flag(from_cli, LATER), None, earlier_shared_by="cli", review=None)
    )
    assert "│ We will not raise taxes" in outside
