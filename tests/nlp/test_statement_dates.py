"""Statement dates: a recalled statement carries the date it refers to, not the article's."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in_text
from bot.nlp.quotes import extract_quotes
from bot.nlp.statement_dates import date_of_mention, recalled_time, statement_date
from tests.nlp.test_quote_rules import Row, build

THURSDAY = date(2025, 11, 20)


D = date


@pytest.mark.parametrize(
    ("words", "period", "precision", "recalled"),
    [
        ("Earlier this month", (D(2025, 11, 1), D(2025, 11, 19)), "month", True),
        ("earlier this week", (D(2025, 11, 17), D(2025, 11, 19)), "week", True),
        ("earlier this year", (D(2025, 1, 1), D(2025, 11, 19)), "year", True),
        ("last week", (D(2025, 11, 10), D(2025, 11, 16)), "week", True),
        ("Last month", (D(2025, 10, 1), D(2025, 10, 31)), "month", True),
        ("last year", (D(2024, 1, 1), D(2024, 12, 31)), "year", True),
        ("In 2019", (D(2019, 1, 1), D(2019, 12, 31)), "year", True),
        ("in March", (D(2025, 3, 1), D(2025, 3, 31)), "month", True),
        ("in December", (D(2024, 12, 1), D(2024, 12, 31)), "month", True),
        ("in June last year", (D(2024, 6, 1), D(2024, 6, 30)), "month", True),
        ("on March 3", (D(2025, 3, 3), D(2025, 3, 3)), "day", True),
        ("on 3 March 2019", (D(2019, 3, 3), D(2019, 3, 3)), "day", True),
        ("In May", (D(2025, 5, 1), D(2025, 5, 31)), "month", True),
        ("on Tuesday", (D(2025, 11, 18), D(2025, 11, 18)), "day", False),
        ("on Thursday", (THURSDAY, THURSDAY), "day", False),
        ("last Thursday", (D(2025, 11, 13), D(2025, 11, 13)), "day", False),
        ("In a television interview on Tuesday", (D(2025, 11, 18), D(2025, 11, 18)), "day", False),
        ("yesterday", (D(2025, 11, 19), D(2025, 11, 19)), "day", False),
        ("two days ago", (D(2025, 11, 18), D(2025, 11, 18)), "day", False),
        ("three weeks ago", (D(2025, 10, 27), D(2025, 11, 2)), "week", True),
        ("a year ago", (D(2024, 1, 1), D(2024, 12, 31)), "year", True),
        ("previously", (None, THURSDAY), "before", True),
        ("had", (None, THURSDAY), "before", True),
        ("in 2031", (THURSDAY, THURSDAY), "year", False),  # never later than the article
    ],
)
def test_date_of_mention(
    words: str, period: tuple[date | None, date], precision: str, recalled: bool
) -> None:
    found = date_of_mention(words, THURSDAY)
    assert ((found.earliest, found.latest), found.precision, found.recalled) == (
        period,
        precision,
        recalled,
    )
    first = found.earliest or found.latest
    assert first <= found.on <= found.latest
    assert abs((found.on - first) - (found.latest - found.on)).days <= 1  # the middle


def dated(nlp: Language, text: str) -> list[tuple[str, str | None, date, bool]]:
    _, statements = statements_in_text(nlp, text)
    result = []
    for s in statements:
        when = statement_date(s, THURSDAY)
        if s.said_when is not None:
            assert text[s.said_when.start : s.said_when.end] == s.said_when.text
        result.append((s.quote.content, s.said_when and s.said_when.text, when.on, when.recalled))
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Earlier this month, Farid Haddad alleged that the drone came from abroad.",
            ("the drone came from abroad", "Earlier this month", date(2025, 11, 10), True),
        ),
        (
            "In 2019, Senator Nour Saleh said the army had no drones at all.",
            ("the army had no drones at all", "In 2019", date(2019, 7, 2), True),
        ),
        (
            "Last week Farid Haddad told parliament that the army had a few drones.",
            ("the army had a few drones", "Last week", date(2025, 11, 13), True),
        ),
        (
            "Farid Haddad said on Tuesday that the drone had been fired by rebels.",
            ("the drone had been fired by rebels", "on Tuesday", date(2025, 11, 18), False),
        ),
        (
            "Farid Haddad said the drone had been launched last week.",  # inside the content
            ("the drone had been launched last week", None, THURSDAY, False),
        ),
        (
            "“Linz is not for sale,” Miriam Hofer said in March.",
            ("Linz is not for sale", "in March", date(2025, 3, 16), True),
        ),
        (
            "Farid Haddad has previously warned that the border is porous.",
            ("the border is porous", "previously", THURSDAY, True),
        ),
    ],
)
def test_recalled_statements_carry_their_date(
    nlp: Language, text: str, expected: tuple[str, str | None, date, bool]
) -> None:
    assert dated(nlp, text) == [expected]


def test_time_words_on_the_cue_not_in_the_content() -> None:
    """Hand-built parse: 'In 2019, Ruiz said taxes would rise last week.'"""
    rows: list[Row] = [
        ("In", True, 4, "prep", "ADP", "IN", "in", "O"),
        ("2019", False, 0, "pobj", "NUM", "CD", "2019", "B-DATE"),
        (",", True, 4, "punct", "PUNCT", ",", ",", "O"),
        ("Ruiz", True, 4, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
        ("said", True, 4, "ROOT", "VERB", "VBD", "say", "O"),
        ("taxes", True, 7, "nsubj", "NOUN", "NNS", "tax", "O"),
        ("would", True, 7, "aux", "AUX", "MD", "would", "O"),
        ("rise", True, 4, "ccomp", "VERB", "VB", "rise", "O"),
        ("last", True, 9, "amod", "ADJ", "JJ", "last", "B-DATE"),
        ("week", False, 7, "npadvmod", "NOUN", "NN", "week", "I-DATE"),
        (".", False, 4, "punct", "PUNCT", ".", ".", "O"),
    ]
    doc = build(rows)
    (quote,) = extract_quotes(doc)
    assert quote.content == "taxes would rise last week"
    when = recalled_time(doc, quote)
    assert when is not None and when.text == "In 2019"
