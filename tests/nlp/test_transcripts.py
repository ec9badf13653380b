"""Transcripts: speaker-label turns, attributed turn by turn; interviewer turns are questions."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in_text
from bot.nlp.transcripts import transcript_turns


def turns(text: str) -> list[tuple[str, str, bool]]:
    return [(t.label, text[t.start : t.end], t.continued) for t in transcript_turns(text)]


def test_upper_case_labels_make_a_transcript() -> None:
    text = "GARCIA: We will not sell.\n\nMR. SMITH: Then what will you do?\n\nGARCIA: Wait."
    assert turns(text) == [
        ("GARCIA", "We will not sell.", False),
        ("MR. SMITH", "Then what will you do?", False),
        ("GARCIA", "Wait.", False),
    ]


def test_a_paragraph_between_two_turns_continues_the_first() -> None:
    text = "Q: Why now?\n\nA: Because the data changed.\n\nAnd we listen to data.\n\nQ: Fine."
    assert turns(text)[1:3] == [
        ("A", "Because the data changed.", False),
        ("A", "And we listen to data.", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "NEW DELHI: The minister said the talks had failed.\n\nShe will travel on Monday.",
        "Note: this story has been updated.\n\nAsif: the account is run from jail",
        "Asif: X account run from jail\n\nThe minister spoke on Friday.",
        "Update: the vote was delayed.\n\nCorrection: an earlier version misspelt a name.",
        "Monday: talks.\n\nTuesday: vote.",
    ],
)
def test_labels_that_are_not_speakers_make_no_transcript(text: str) -> None:
    assert turns(text) == []


def test_a_mixed_case_label_must_open_more_than_one_paragraph() -> None:
    once = "Hasan: Which is it?\n\nAsif: The prison."
    twice = once + "\n\nHasan: You said India.\n\nAsif: I was misinformed."
    assert turns(once) == []
    assert [label for label, _, _ in turns(twice)] == ["Hasan", "Asif", "Hasan", "Asif"]


def test_stage_directions_are_not_words_spoken() -> None:
    text = "HOST: Are you running?\n\nRUIZ: (LAUGHTER) Not this year."
    assert turns(text)[1] == ("RUIZ", "Not this year.", False)


def found(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    _, statements = statements_in_text(nlp, text)
    for s in statements:
        assert text[s.quote.content_start : s.quote.content_end] == s.quote.content
    return [(s.speaker.name, s.quote.kind, s.quote.content) for s in statements]


def test_labels_resolve_to_the_people_the_introduction_names(nlp: Language) -> None:
    text = (
        "Presenter Hanna Lindgren spoke to the energy minister, Tomas Kowal, on Sunday.\n\n"
        "LINDGREN: Will prices fall this winter?\n\n"
        "KOWAL: They will. The new interconnector opens in November.\n\n"
        "LINDGREN: You said that last year.\n\n"
        "KOWAL: Last year the cable was not finished."
    )
    assert found(nlp, text) == [
        ("Hanna Lindgren", "question", "Will prices fall this winter?"),
        ("Tomas Kowal", "direct", "They will. The new interconnector opens in November."),
        ("Hanna Lindgren", "question", "You said that last year."),
        ("Tomas Kowal", "direct", "Last year the cable was not finished."),
    ]


def test_q_and_a_go_to_the_interviewer_and_the_official(nlp: Language) -> None:
    text = (
        "Governor Rosa Delgado spoke to our political editor, Martin Kaye, on Monday.\n\n"
        "Q: Will you raise the sales tax?\n\n"
        "A: No. The budget balances without it.\n\n"
        "Q: Critics say the numbers are optimistic.\n\n"
        "A: The numbers come from the state auditor, not from my office."
    )
    assert found(nlp, text) == [
        ("Martin Kaye", "question", "Will you raise the sales tax?"),
        ("Rosa Delgado", "direct", "No. The budget balances without it."),
        ("Martin Kaye", "question", "Critics say the numbers are optimistic."),
        ("Rosa Delgado", "direct", "The numbers come from the state auditor, not from my office."),
    ]


def test_hearing_titles_and_honorifics_in_labels(nlp: Language) -> None:
    text = (
        "Senators questioned the harbour master, Olu Adebayo, on Thursday.\n\n"
        "SEN. VARGAS: Mr. Adebayo, who approved the dredging?\n\n"
        "MR. ADEBAYO: I did, Senator. The permits were in order.\n\n"
        "SEN. VARGAS: The permits expired in May."
    )
    got = found(nlp, text)
    assert got[0] == ("Vargas", "question", "Mr. Adebayo, who approved the dredging?")
    assert got[1] == ("Olu Adebayo", "direct", "I did, Senator. The permits were in order.")
    assert got[2] == ("Vargas", "direct", "The permits expired in May.")


def test_broadcast_labels_with_asides_and_q_dot_a_dot(nlp: Language) -> None:
    text = (
        "Senator Lindsey Marsh spoke to anchor Jake Tolland on Sunday.\n\n"
        "TOLLAND: Senator, will you vote for the bill?\n\n"
        "SEN. LINDSEY MARSH (R-SC): I will not. It spends too much.\n\n"
        "TOLLAND (voice-over): The vote is on Tuesday."
    )
    assert found(nlp, text) == [
        ("Jake Tolland", "question", "Senator, will you vote for the bill?"),
        ("Lindsey Marsh", "direct", "I will not. It spends too much."),
        ("Jake Tolland", "question", "The vote is on Tuesday."),
    ]
    assert turns("Q. Why now?\n\nA. Because the data changed.") == [
        ("Q", "Why now?", False),
        ("A", "Because the data changed.", False),
    ]
