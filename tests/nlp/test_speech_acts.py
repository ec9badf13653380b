"""Statements whose content is a noun phrase or an infinitive, and other shapes of speech."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in_text
from bot.nlp.quotes import extract_quotes
from tests.nlp.test_quote_rules import Row, build

# Ruiz denied the allegations.
DENIED: list[Row] = [
    ("Ruiz", True, 1, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
    ("denied", True, 1, "ROOT", "VERB", "VBD", "deny", "O"),
    ("the", True, 3, "det", "DET", "DT", "the", "O"),
    ("allegations", False, 1, "dobj", "NOUN", "NNS", "allegation", "O"),
    (".", False, 1, "punct", "PUNCT", ".", ".", "O"),
]

# Ruiz called for an inquiry.
CALLED_FOR: list[Row] = [
    ("Ruiz", True, 1, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
    ("called", True, 1, "ROOT", "VERB", "VBD", "call", "O"),
    ("for", True, 1, "prep", "ADP", "IN", "for", "O"),
    ("an", True, 4, "det", "DET", "DT", "an", "O"),
    ("inquiry", False, 2, "pobj", "NOUN", "NN", "inquiry", "O"),
    (".", False, 1, "punct", "PUNCT", ".", ".", "O"),
]

# Ruiz called an election.   (a deed, not words)
CALLED_ELECTION: list[Row] = [
    ("Ruiz", True, 1, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
    ("called", True, 1, "ROOT", "VERB", "VBD", "call", "O"),
    ("an", True, 3, "det", "DET", "DT", "an", "O"),
    ("election", False, 1, "dobj", "NOUN", "NN", "election", "O"),
    (".", False, 1, "punct", "PUNCT", ".", ".", "O"),
]

# Ruiz did not deny the allegations.
NOT_DENIED: list[Row] = [
    ("Ruiz", True, 3, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
    ("did", True, 3, "aux", "AUX", "VBD", "do", "O"),
    ("not", True, 3, "neg", "PART", "RB", "not", "O"),
    ("deny", True, 3, "ROOT", "VERB", "VB", "deny", "O"),
    ("the", True, 5, "det", "DET", "DT", "the", "O"),
    ("allegations", False, 3, "dobj", "NOUN", "NNS", "allegation", "O"),
    (".", False, 3, "punct", "PUNCT", ".", ".", "O"),
]

# Ruiz vowed to fight on.
VOWED: list[Row] = [
    ("Ruiz", True, 1, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
    ("vowed", True, 1, "ROOT", "VERB", "VBD", "vow", "O"),
    ("to", True, 3, "aux", "PART", "TO", "to", "O"),
    ("fight", True, 1, "xcomp", "VERB", "VB", "fight", "O"),
    ("on", False, 3, "prt", "ADP", "RP", "on", "O"),
    (".", False, 1, "punct", "PUNCT", ".", ".", "O"),
]

# The court ruled the merger unlawful.   ('ruled' without 'out')
RULED: list[Row] = [
    ("The", True, 1, "det", "DET", "DT", "the", "O"),
    ("court", True, 2, "nsubj", "NOUN", "NN", "court", "O"),
    ("ruled", True, 2, "ROOT", "VERB", "VBD", "rule", "O"),
    ("the", True, 4, "det", "DET", "DT", "the", "O"),
    ("merger", True, 5, "nsubj", "NOUN", "NN", "merger", "O"),
    ("unlawful", False, 2, "oprd", "ADJ", "JJ", "unlawful", "O"),
    (".", False, 2, "punct", "PUNCT", ".", ".", "O"),
]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (DENIED, [("denied", "the allegations")]),
        (CALLED_FOR, [("called for", "an inquiry")]),
        (VOWED, [("vowed", "to fight on")]),
        (CALLED_ELECTION, []),
        (NOT_DENIED, []),
        (RULED, []),
    ],
)
def test_speech_act_rules(rows: list[Row], expected: list[tuple[str, str]]) -> None:
    doc = build(rows)
    quotes = extract_quotes(doc)
    assert [(q.cue, q.content) for q in quotes] == expected
    for quote in quotes:
        assert doc.text[quote.content_start : quote.content_end] == quote.content


def found(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    _, statements = statements_in_text(nlp, text)
    for s in statements:
        assert text[s.quote.content_start : s.quote.content_end] == s.quote.content
    return [(s.speaker.name, s.quote.cue, s.quote.content) for s in statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Transport Minister Ivo Marsh called the rail plan "a costly fantasy".',
            [("Ivo Marsh", "called", 'the rail plan "a costly fantasy"')],
        ),
        (
            "The nurses' union called for an independent review of staffing.",
            [("Nurses' union", "called for", "an independent review of staffing")],
        ),
        (
            "Ivo Marsh denied the claims that the tender had been rigged.",
            [("Ivo Marsh", "denied", "the claims that the tender had been rigged")],
        ),
        (
            "Ivo Marsh urged councillors to approve the budget before the summer.",
            [("Ivo Marsh", "urged", "councillors to approve the budget before the summer")],
        ),
        (
            "Ivo Marsh vowed to finish the line by 2028.",
            [("Ivo Marsh", "vowed", "to finish the line by 2028")],
        ),
        (
            "Ivo Marsh promised a full review of the contract.",
            [("Ivo Marsh", "promised", "a full review of the contract")],
        ),
        (
            "Ivo Marsh has ruled out a second tender.",
            [("Ivo Marsh", "ruled out", "a second tender")],
        ),
        (
            "Ivo Marsh made it clear on Friday that the line would open on time.",
            [("Ivo Marsh", "made", "the line would open on time")],
        ),
        (
            "Ivo Marsh said the tender was fair and accused the opposition of scaremongering.",
            [
                ("Ivo Marsh", "said", "the tender was fair"),
                ("Ivo Marsh", "accused", "the opposition of scaremongering"),
            ],
        ),
        (
            "Ivo Marsh vowed to finish the line and guaranteed that fares would not rise.",
            [
                ("Ivo Marsh", "vowed", "to finish the line"),
                ("Ivo Marsh", "guaranteed", "fares would not rise"),
            ],
        ),
        (
            "Ivo Marsh told a briefing that the line would open in May.",
            [("Ivo Marsh", "told", "the line would open in May")],
        ),
        (
            "Ivo Marsh said in a statement that the line would open in May.",
            [("Ivo Marsh", "said", "the line would open in May")],
        ),
        (
            "Ivo Marsh, who faces a vote on Friday, insisted his plan was fully costed.",
            [("Ivo Marsh", "insisted", "his plan was fully costed")],
        ),
        ("Ivo Marsh called an early election.", []),
        ("The court denied bail.", []),
        ("The hospital admitted 300 patients.", []),
        ("He was called a traitor by his rivals.", []),
        ("Ivo Marsh did not deny the claims.", []),
        ("Ivo Marsh refused to comment.", []),
    ],
)
def test_shapes_of_speech(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "content", "parts"),
    [
        (
            "“The line will open in May,” Ivo Marsh said, “whatever the unions say.”",
            "The line will open in May,” Ivo Marsh said, “whatever the unions say.",
            ["The line will open in May", "whatever the unions say."],
        ),
        (
            "The line, Ivo Marsh said, will open in May.",
            "The line, Ivo Marsh said, will open in May",
            ["The line", "will open in May"],
        ),
        (
            "The line was delayed, two engineers said, because the tunnel flooded.",
            "The line was delayed, two engineers said, because the tunnel flooded",
            ["The line was delayed", "because the tunnel flooded"],
        ),
    ],
)
def test_a_cue_inside_the_statement_makes_one_statement(
    nlp: Language, text: str, content: str, parts: list[str]
) -> None:
    _, statements = statements_in_text(nlp, text)
    (statement,) = statements
    quote = statement.quote
    assert quote.content == content
    assert [text[start:end] for start, end in quote.parts] == parts


def test_a_full_stop_after_the_cue_makes_two_statements(nlp: Language) -> None:
    text = "“The line will open in May,” Ivo Marsh said. “The unions know it.”"
    assert [c for _, _, c in found(nlp, text)] == [
        "The line will open in May",
        "The unions know it.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Minister denies the tax rise claims\n\nFinance Minister Ivo Marsh said on Monday that "
        "taxes would not rise.",
        # a paste that lost its line breaks: the headline runs into the dateline
        "Minister denies the tax rise claims London, 3 March 2025 — Finance Minister Ivo Marsh "
        "said on Monday that taxes would not rise.",
    ],
)
def test_a_headline_is_not_a_statement(nlp: Language, text: str) -> None:
    assert found(nlp, text) == [("Ivo Marsh", "said", "taxes would not rise")]
