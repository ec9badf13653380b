"""The real model end to end: sentence → statement tables, and the written fixture articles."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in, statements_in_text
from bot.nlp.types import Statement

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
EXPECTED: dict[str, dict[str, list[list[str]]]] = json.loads(
    (ARTICLES / "expected.json").read_text(encoding="utf-8")
)


def found(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    _, statements = statements_in_text(nlp, text)
    for s in statements:
        assert text[s.quote.content_start : s.quote.content_end] == s.quote.content
    return [(s.speaker.name, s.quote.kind, s.quote.content) for s in statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will not raise taxes,” Finance Minister Ana Ruiz said.",
            [("Ana Ruiz", "direct", "We will not raise taxes")],
        ),
        (
            "Finance Minister Ana Ruiz said, “We will not raise taxes.”",
            [("Ana Ruiz", "direct", "We will not raise taxes.")],
        ),
        (
            "“We will not raise taxes,” said Finance Minister Ana Ruiz.",
            [("Ana Ruiz", "direct", "We will not raise taxes")],
        ),
        (
            "Finance Minister Ana Ruiz said: “We will not raise taxes.”",
            [("Ana Ruiz", "direct", "We will not raise taxes.")],
        ),
        (
            "“Taxes stay where they are,” Ana Ruiz said, “for as long as I am minister.”",
            [  # the cue inside the quote: one statement
                (
                    "Ana Ruiz",
                    "direct",
                    "Taxes stay where they are,” Ana Ruiz said, “for as long as I am minister.",
                ),
            ],
        ),
        (
            "“Taxes stay where they are,” Ana Ruiz said. “The budget is balanced.”",
            [
                ("Ana Ruiz", "direct", "Taxes stay where they are"),
                ("Ana Ruiz", "direct", "The budget is balanced."),
            ],
        ),
        (
            "Ana Ruiz said that taxes would stay where they are.",
            [("Ana Ruiz", "indirect", "taxes would stay where they are")],
        ),
        (
            "Ana Ruiz told reporters the budget was balanced.",
            [("Ana Ruiz", "indirect", "the budget was balanced")],
        ),
        (
            "Ana Ruiz claimed the opposition had inflated the deficit.",
            [("Ana Ruiz", "indirect", "the opposition had inflated the deficit")],
        ),
        (
            "Ana Ruiz warned that the deficit could double.",
            [("Ana Ruiz", "indirect", "the deficit could double")],
        ),
        (
            "According to Ana Ruiz, the deficit has halved since 2020.",
            [("Ana Ruiz", "indirect", "the deficit has halved since 2020")],
        ),
        (
            "Ana Ruiz said the plan was “fair to everyone”.",
            [("Ana Ruiz", "mixed", "the plan was “fair to everyone”")],
        ),
        (
            "The players' union said the offer was unacceptable.",
            [("Players' union", "indirect", "the offer was unacceptable")],
        ),
        (
            "Ana Ruiz asked whether the deficit figures were accurate.",
            [("Ana Ruiz", "question", "the deficit figures were accurate")],
        ),
        (
            "LISBON — Finance Minister Ana Ruiz, who faces a confidence vote, said on Monday "
            "that the deficit had halved.",
            [("Ana Ruiz", "indirect", "the deficit had halved")],
        ),
        (
            "Ana Ruiz was quoted as saying that the deficit had halved.",
            [("Ana Ruiz", "indirect", "the deficit had halved")],
        ),
        (
            'Ana Ruiz said the budget was "the fairest ever," while Tomas Berg called it a sham.',
            [
                ("Ana Ruiz", "mixed", 'the budget was "the fairest ever,"'),
                ("Tomas Berg", "indirect", "it a sham"),
            ],
        ),
        (
            'Ana Ruiz added that the deficit was "far too high."',
            [("Ana Ruiz", "mixed", 'the deficit was "far too high."')],
        ),
        (
            "Officials said the talks would resume, according to two diplomats.",
            [("Officials", "indirect", "the talks would resume")],
        ),
        (  # a quote that itself reports speech: the parser runs it into the cue's clause
            "“In my speech I said the word 'open' where I meant 'closed',” Ana Ruiz said, "
            "speaking at the ministry.",
            [
                (
                    "Ana Ruiz",
                    "direct",
                    "In my speech I said the word 'open' where I meant 'closed'",
                )
            ],
        ),
        (  # refusing to say is saying nothing
            "The transport secretary refused to say whether he had met the bidders.",
            [],
        ),
        (  # the sources report the retraction; the quote is the speaker's own, with its cue
            "Ana Ruiz withdrew the remark at once, according to two aides, saying, “I take "
            "that back entirely.”",
            [("Ana Ruiz", "direct", "I take that back entirely.")],
        ),
        (  # what the sources report may itself mention speech
            "According to two aides, the governor has asked both sides to agree by Friday.",
            [("Two aides", "indirect", "the governor has asked both sides to agree by Friday")],
        ),
        (
            "“We cannot support a budget that cuts hospitals,” Sen. Ana Ruiz, a Social Democrat "
            "from the north, said in a statement.",
            [("Ana Ruiz", "direct", "We cannot support a budget that cuts hospitals")],
        ),
        (
            "Finance Minister Ana Ruiz was blunt: “We will not pay a single euro more.”",
            [("Ana Ruiz", "direct", "We will not pay a single euro more.")],
        ),
        (
            "Ana Ruiz pointed out that the deficit had halved.",
            [("Ana Ruiz", "indirect", "the deficit had halved")],
        ),
        ("The report was blunt: “Nothing works.”", []),
        (
            "Ana Ruiz, asked about the cost of the plan, said: “It is a fraction of the fraud.”",
            [("Ana Ruiz", "direct", "It is a fraction of the fraud.")],
        ),
        (
            "The talks will resume next week, officials said.",
            [("Officials", "indirect", "The talks will resume next week")],
        ),
        (
            "“Taxes stay where they are,” said Ana Ruiz. “The deficit has doubled,” the report "
            "said.",
            [("Ana Ruiz", "direct", "Taxes stay where they are")],
        ),
        ("If Ana Ruiz says that taxes will rise, the coalition will collapse.", []),
        ("Ana Ruiz will say that taxes must rise.", []),
        ("Did Ana Ruiz say that taxes would rise?", []),
        ("The report said the deficit had doubled.", []),
        ("Ana Ruiz did not say that taxes would rise.", []),
    ],
)
def test_sentence_table(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(nlp, text) == expected


def test_pronoun_never_resolves_to_someone_inside_the_quote(nlp: Language) -> None:
    text = (
        "Finance Minister Ana Ruiz spoke after the vote. "
        "“Tomas Berg has misled parliament,” she said."
    )
    assert found(nlp, text) == [("Ana Ruiz", "direct", "Tomas Berg has misled parliament")]


def test_pronoun_skips_a_person_of_the_other_gender(nlp: Language) -> None:
    text = (
        "“The plan is wrong,” said Karine Lopez, a spokeswoman for the ministry. "
        "Tomas Berg, 61, has long opposed the plan. He told reporters the vote would fail."
    )
    assert found(nlp, text)[-1] == ("Tomas Berg", "indirect", "the vote would fail")


def test_a_quote_inside_narrative_does_not_inherit_the_previous_speaker(nlp: Language) -> None:
    text = (
        "Ana Ruiz replied with, “Where is the money then?” and was met with a "
        "“you tell me” from the host, Tomas Berg."
    )
    assert found(nlp, text) == [("Ana Ruiz", "question", "Where is the money then?")]


def test_description_resolves_to_the_titled_person(nlp: Language) -> None:
    text = (
        "Spain's finance minister Ana Ruiz spoke on Monday. "
        "Spain’s finance minister said, “Either the banks pay or the taxpayers do.”"
    )
    assert found(nlp, text) == [("Ana Ruiz", "direct", "Either the banks pay or the taxpayers do.")]


def test_role_named_subject_is_a_pronoun_antecedent(nlp: Language) -> None:
    text = (
        "“The river is rising fast,” says Tomas Berg, the agency's head of flood risk. "
        "The prime minister, who visited the town on Wednesday, promised help. "
        "Speaking in the town hall, he said: “We will do whatever it takes.”"
    )
    assert found(nlp, text)[-1] == ("the prime minister", "direct", "We will do whatever it takes.")


def test_indefinite_description_is_someone_new(nlp: Language) -> None:
    text = (
        "Police spokesperson Ana Ruiz said the road was closed. "
        "A spokesperson for the fire service said crews had reached the village."
    )
    assert found(nlp, text) == [
        ("Ana Ruiz", "indirect", "the road was closed"),
        ("Spokesperson for the fire service", "indirect", "crews had reached the village"),
    ]


def test_a_quote_sentence_belongs_to_the_person_the_sentence_before_is_about(
    nlp: Language,
) -> None:
    text = (
        "Ana Ruiz was defiant on Monday. “I will not resign over a budget parliament approved.”"
        "\n\nThe report was grim. “Nothing in this plan adds up at all.”"
    )
    assert found(nlp, text) == [
        ("Ana Ruiz", "direct", "I will not resign over a budget parliament approved.")
    ]


def test_given_names_tell_pronouns_apart(nlp: Language) -> None:
    text = "Maria Lopez met Peter Berg on Monday. Berg left early. “The deal is done,” she said."
    assert found(nlp, text) == [("Maria Lopez", "direct", "The deal is done")]


def test_a_colon_ending_a_paragraph_introduces_the_next_one(nlp: Language) -> None:
    text = (
        "In a statement on Tuesday, the Ministry of Finance said:\n\n"
        "“Revenues rose by eight percent in the first quarter.”\n\n"
        "The figures were published late.\n\n“Nothing else changed at all.”"
    )
    assert found(nlp, text) == [
        ("Ministry of Finance", "direct", "Revenues rose by eight percent in the first quarter.")
    ]


def test_wire_story_company_and_chief_executive(nlp: Language) -> None:
    text = (
        "HAMBURG, March 3 (Reuters) - Shipping firm Nordlicht AG will sell four of its "
        "ferries, the company said on Monday. “We had no choice,” Chief Executive Lina Berg "
        "told reporters. The company said it would keep its Baltic routes."
    )
    assert found(nlp, text) == [
        ("Nordlicht AG", "indirect", "Shipping firm Nordlicht AG will sell four of its ferries"),
        ("Lina Berg", "direct", "We had no choice"),
        ("Nordlicht AG", "indirect", "it would keep its Baltic routes"),
    ]


def test_unbalanced_quote_does_not_stop_the_article(nlp: Language) -> None:
    text = (
        "Ana Ruiz said “the budget is fine.\n\n"
        "Tomas Berg, the opposition leader, said the budget was a fantasy."
    )
    speakers = {name for name, _, _ in found(nlp, text)}
    assert "Tomas Berg" in speakers


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_article(nlp: Language, name: str) -> None:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    _, statements = statements_in_text(nlp, text)
    for statement in statements:
        quote = statement.quote
        assert text[quote.content_start : quote.content_end] == quote.content
    got = [(s.speaker.name, s.quote.kind, s.quote.content) for s in statements]
    for speaker, kind, prefix in EXPECTED[name]["found"]:
        assert any(g[0] == speaker and g[1] == kind and g[2].startswith(prefix) for g in got), (
            f"missing {speaker} {kind} {prefix!r} in {got}"
        )
    for speaker, fragment in EXPECTED[name]["never"]:
        assert not any(g[0] == speaker and fragment in g[2] for g in got), (speaker, fragment)


def _by(statements: list[Statement], speaker: str) -> list[Statement]:
    return [s for s in statements if s.speaker.name == speaker]


def test_seed_case_every_asif_statement_under_one_name(nlp: Language) -> None:
    text = (ARTICLES / "01_interview_jail_cell.txt").read_text(encoding="utf-8")
    statements = statements_in(nlp(text))
    asif = _by(statements, "Khawaja Asif")
    written_as = {s.quote.speaker_text for s in asif}
    assert {"Asif", "he", "the minister", "Pakistan's defence minister"} <= written_as
    assert asif[0].speaker.is_official
    assert "Pakistan defence minister" in asif[0].speaker.titles
    hasan = _by(statements, "Mehdi Hasan")
    assert hasan and not hasan[0].speaker.is_official
    assert not any("Asif" in s.speaker.name for s in statements if s.quote.cue_lemma == "reply")


@pytest.mark.parametrize("name", ["03_wire_multiparagraph.txt", "04_press_conference.txt"])
def test_hard_wrapped_copy_gives_the_same_statements(nlp: Language, name: str) -> None:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    wrapped = "\n\n".join(textwrap.fill(p, width=72) for p in text.split("\n\n"))

    def normalised(source: str) -> list[tuple[str, str, str]]:
        return [(s, k, " ".join(c.split())) for s, k, c in found(nlp, source)]

    assert normalised(wrapped) == normalised(text)
