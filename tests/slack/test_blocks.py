"""Block Kit builders (pure, compared by equality), plain-text rendering, command parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.confidentiality import COMMAND_LINE, Audience
from bot.flags import Flag, StatementRef
from bot.pipeline import IngestResult
from bot.slack.blocks import (
    CONFIRM_ACTION,
    DISMISS_ACTION,
    NO_STATEMENTS_HELP,
    UNDO_ACTION,
    Review,
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
READER = Audience(HERE)


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
    shared_by: str | None = "UREPORTER",
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
        shared_by=shared_by,
    )


def flag(earlier: StatementRef, later: StatementRef) -> Flag:
    return Flag(
        contradiction_id=7,
        speaker="Jane Porter",
        kind="polarity",
        tier="alert",
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
    blocks = contradiction_blocks(flag(EARLIER_PUBLIC, LATER), READER, review=None)
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
    blocks = contradiction_blocks(flag(EARLIER_PRIVATE, LATER), READER, review=None)
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
    assert Audience(ELSEWHERE).can_see(EARLIER_PRIVATE)
    assert not READER.can_see(EARLIER_PRIVATE)
    assert READER.can_see(EARLIER_PUBLIC)


def test_a_private_later_statement_is_withheld_too() -> None:
    """The leak found by attack: a private paste stored as the later side, shown as "Now"."""
    private_later = ref(2, "We will raise taxes this year", channel=ELSEWHERE)
    earlier_here = ref(1, "We will not raise taxes", day=date(2025, 3, 3), channel=HERE)
    blocks = contradiction_blocks(flag(earlier_here, private_later), READER, review=None)
    text = render_text(blocks)
    assert "raise taxes this year" not in text
    assert "Finance minister announces" not in text.split("Earlier")[0]
    assert '"raise"' not in text  # the values compared stay with the article
    assert blocks[1] == section(
        "*Now* — 20 Mar 2025: Jane Porter said something that conflicts with this "
        "(yes/no flip). It came from an article without a public link, shared by "
        "<@UREPORTER> in <#CDESK>; ask there for the details."
    )
    assert "│ We will not raise taxes" in text


def test_a_flag_with_no_visible_side_names_nobody() -> None:
    private = ref(2, "We will raise taxes this year", channel=ELSEWHERE)
    also_private = ref(1, "We will not raise taxes", day=date(2025, 3, 3), channel=ELSEWHERE)
    text = render_text(contradiction_blocks(flag(also_private, private), READER, review=None))
    assert "Jane Porter" not in text
    assert "finance minister" not in text
    assert "raise taxes" not in text


def test_reviewed_contradiction_shows_who_when_and_why_and_an_undo_button() -> None:
    at = datetime(2025, 3, 21, 9, 30, tzinfo=UTC)
    shown = flag(EARLIER_PUBLIC, LATER)
    confirmed = contradiction_blocks(
        shown,
        READER,
        review=Review("confirmed", "UEDITOR", at, reason="Both  transcripts <checked>"),
    )
    assert confirmed[-1] == {
        "type": "section",
        "block_id": f"reviewed_{shown.contradiction_id}",
        "text": {
            "type": "mrkdwn",
            "text": ":white_check_mark: Confirmed by <@UEDITOR> on 21 Mar 2025 at 09:30 UTC\n"
            "*Reason:* Both transcripts &lt;checked&gt;",
        },
        "accessory": {
            "type": "button",
            "text": {"type": "plain_text", "text": "Undo"},
            "action_id": UNDO_ACTION,
            "value": str(shown.contradiction_id),
        },
    }
    dismissed = contradiction_blocks(
        flag(EARLIER_PUBLIC, LATER), READER, review=Review("dismissed", "UEDITOR", at)
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
        slack_channel=HERE,
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
    blocks = summary_blocks(result(statements, (flag(EARLIER_PUBLIC, LATER),)), READER)
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
    blocks = summary_blocks(result(()), READER)
    assert blocks[1] == section(NO_STATEMENTS_HELP)


def test_history_lists_what_it_is_given() -> None:
    blocks = history_blocks("Jane Porter", ["finance minister"], [EARLIER_PUBLIC, LATER])
    assert blocks == [
        section("*Jane Porter* — finance minister: 2 statements on record"),
        section(
            "• 3 Mar 2025 — “We will not raise taxes” (<https://example.org/a|example.org>)\n"
            "• 20 Mar 2025 — “We will raise taxes this year” (Finance minister announces a tax "
            "rise)"
        ),
    ]


def test_a_duplicate_of_a_private_article_elsewhere_hides_its_headline() -> None:
    private = IngestResult(
        article_id=2,
        title="Embargoed: tax rise",
        source="Embargoed: tax rise",
        source_url=None,
        slack_channel=ELSEWHERE,
        published=date(2025, 3, 20),
        duplicate=True,
        statements=(),
        questions=0,
        contradictions=(),
    )
    here = render_text(summary_blocks(private, READER))
    assert "Embargoed" not in here
    assert "Already on record" in here
    assert "Embargoed" in render_text(summary_blocks(private, Audience(ELSEWHERE)))


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
    from_cli = ref(
        1, "We will not raise taxes", day=date(2025, 3, 3), channel=None, shared_by="cli"
    )
    in_slack = render_text(contradiction_blocks(flag(from_cli, LATER), READER, review=None))
    assert "not raise" not in in_slack
    assert "filed outside Slack; ask whoever runs On Record for the details" in in_slack
    assert "@cli" not in in_slack
    outside = render_text(contradiction_blocks(flag(from_cli, LATER), COMMAND_LINE, review=None))
    assert "│ We will not raise taxes" in outside
