"""Rule logic on hand-built parses (no statistical model): the rules, not the parser, are tested."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from bot.nlp.quotes import extract_quotes
from bot.nlp.speakers import resolve_speakers

# (word, trailing space, head index, dep, pos, tag, lemma, entity IOB tag)
Row = tuple[str, bool, int, str, str, str, str, str]


def build(rows: list[Row]) -> Doc:
    vocab = spacy.blank("en").vocab
    return Doc(
        vocab,
        words=[r[0] for r in rows],
        spaces=[r[1] for r in rows],
        heads=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        pos=[r[4] for r in rows],
        tags=[r[5] for r in rows],
        lemmas=[r[6] for r in rows],
        ents=[r[7] for r in rows],
    )


# “Rates will rise,” Okafor said.
DIRECT_AFTER: list[Row] = [
    ("“", False, 7, "punct", "PUNCT", "``", "“", "O"),
    ("Rates", True, 3, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("will", True, 3, "aux", "AUX", "MD", "will", "O"),
    ("rise", False, 7, "ccomp", "VERB", "VB", "rise", "O"),
    (",", False, 7, "punct", "PUNCT", ",", ",", "O"),
    ("”", True, 7, "punct", "PUNCT", "''", "”", "O"),
    ("Okafor", True, 7, "nsubj", "PROPN", "NNP", "Okafor", "B-PERSON"),
    ("said", False, 7, "ROOT", "VERB", "VBD", "say", "O"),
    (".", False, 7, "punct", "PUNCT", ".", ".", "O"),
]

# Minister Okafor said rates would rise.
INDIRECT: list[Row] = [
    ("Minister", True, 1, "compound", "PROPN", "NNP", "Minister", "O"),
    ("Okafor", True, 2, "nsubj", "PROPN", "NNP", "Okafor", "B-PERSON"),
    ("said", True, 2, "ROOT", "VERB", "VBD", "say", "O"),
    ("rates", True, 5, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("would", True, 5, "aux", "AUX", "MD", "would", "O"),
    ("rise", False, 2, "ccomp", "VERB", "VB", "rise", "O"),
    (".", False, 2, "punct", "PUNCT", ".", ".", "O"),
]

# Okafor did not say rates would rise.
NEGATED: list[Row] = [
    ("Okafor", True, 3, "nsubj", "PROPN", "NNP", "Okafor", "B-PERSON"),
    ("did", True, 3, "aux", "AUX", "VBD", "do", "O"),
    ("not", True, 3, "neg", "PART", "RB", "not", "O"),
    ("say", True, 3, "ROOT", "VERB", "VB", "say", "O"),
    ("rates", True, 6, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("would", True, 6, "aux", "AUX", "MD", "would", "O"),
    ("rise", False, 3, "ccomp", "VERB", "VB", "rise", "O"),
    (".", False, 3, "punct", "PUNCT", ".", ".", "O"),
]

# The report said rates would rise.   (a document is not a speaker)
NON_AGENT: list[Row] = [
    ("The", True, 1, "det", "DET", "DT", "the", "O"),
    ("report", True, 2, "nsubj", "NOUN", "NN", "report", "O"),
    ("said", True, 2, "ROOT", "VERB", "VBD", "say", "O"),
    ("rates", True, 5, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("would", True, 5, "aux", "AUX", "MD", "would", "O"),
    ("rise", False, 2, "ccomp", "VERB", "VB", "rise", "O"),
    (".", False, 2, "punct", "PUNCT", ".", ".", "O"),
]

# Okafor spoke. “Rates will rise,” he said.
PRONOUN: list[Row] = [
    ("Okafor", True, 1, "nsubj", "PROPN", "NNP", "Okafor", "B-PERSON"),
    ("spoke", False, 1, "ROOT", "VERB", "VBD", "speak", "O"),
    (".", True, 1, "punct", "PUNCT", ".", ".", "O"),
    ("“", False, 10, "punct", "PUNCT", "``", "“", "O"),
    ("Rates", True, 6, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("will", True, 6, "aux", "AUX", "MD", "will", "O"),
    ("rise", False, 10, "ccomp", "VERB", "VB", "rise", "O"),
    (",", False, 10, "punct", "PUNCT", ",", ",", "O"),
    ("”", True, 10, "punct", "PUNCT", "''", "”", "O"),
    ("he", True, 10, "nsubj", "PRON", "PRP", "he", "O"),
    ("said", False, 10, "ROOT", "VERB", "VBD", "say", "O"),
    (".", False, 10, "punct", "PUNCT", ".", ".", "O"),
]

# According to Okafor, rates will rise.
ACCORDING: list[Row] = [
    ("According", True, 6, "prep", "VERB", "VBG", "accord", "O"),
    ("to", True, 0, "prep", "ADP", "IN", "to", "O"),
    ("Okafor", False, 1, "pobj", "PROPN", "NNP", "Okafor", "B-PERSON"),
    (",", True, 6, "punct", "PUNCT", ",", ",", "O"),
    ("rates", True, 6, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("will", True, 6, "aux", "AUX", "MD", "will", "O"),
    ("rise", False, 6, "ROOT", "VERB", "VB", "rise", "O"),
    (".", False, 6, "punct", "PUNCT", ".", ".", "O"),
]

# “Will rates rise?” Okafor asked.
QUESTION: list[Row] = [
    ("“", False, 7, "punct", "PUNCT", "``", "“", "O"),
    ("Will", True, 3, "aux", "AUX", "MD", "will", "O"),
    ("rates", True, 3, "nsubj", "NOUN", "NNS", "rate", "O"),
    ("rise", False, 7, "ccomp", "VERB", "VB", "rise", "O"),
    ("?", False, 7, "punct", "PUNCT", ".", "?", "O"),
    ("”", True, 7, "punct", "PUNCT", "''", "”", "O"),
    ("Okafor", True, 7, "nsubj", "PROPN", "NNP", "Okafor", "B-PERSON"),
    ("asked", False, 7, "ROOT", "VERB", "VBD", "ask", "O"),
    (".", False, 7, "punct", "PUNCT", ".", ".", "O"),
]


def test_direct_quote_before_cue() -> None:
    doc = build(DIRECT_AFTER)
    (quote,) = extract_quotes(doc)
    assert (quote.kind, quote.content, quote.cue, quote.speaker_text) == (
        "direct",
        "Rates will rise",
        "said",
        "Okafor",
    )
    assert doc.text[quote.content_start : quote.content_end] == quote.content


def test_reported_speech_takes_the_complement_and_keeps_the_title() -> None:
    doc = build(INDIRECT)
    (quote,) = extract_quotes(doc)
    assert (quote.kind, quote.content) == ("indirect", "rates would rise")
    (statement,) = resolve_speakers(doc, [quote])
    assert statement.speaker.name == "Okafor"
    assert statement.speaker.titles == ("Minister",)
    assert statement.speaker.is_official


def test_negated_speech_verb_is_not_a_statement() -> None:
    assert extract_quotes(build(NEGATED)) == []


def test_a_document_is_not_a_speaker() -> None:
    assert extract_quotes(build(NON_AGENT)) == []


def test_pronoun_goes_to_the_previous_subject() -> None:
    doc = build(PRONOUN)
    (statement,) = resolve_speakers(doc, extract_quotes(doc))
    assert statement.quote.speaker_text == "he"
    assert statement.speaker.name == "Okafor"


def test_according_to() -> None:
    (quote,) = extract_quotes(build(ACCORDING))
    assert (quote.kind, quote.content, quote.speaker_text) == (
        "indirect",
        "rates will rise",
        "Okafor",
    )


def test_quoted_question_is_a_question() -> None:
    (quote,) = extract_quotes(build(QUESTION))
    assert quote.kind == "question"
    assert quote.content == "Will rates rise?"


def _office_after(names: list[Row]) -> list[Row]:
    """'Voters cheered <names>. The governor said taxes would fall.'"""
    n = len(names)
    head = 1
    return [
        ("Voters", True, head, "nsubj", "NOUN", "NNS", "voter", "O"),
        ("cheered", True, head, "ROOT", "VERB", "VBD", "cheer", "O"),
        *names,
        (".", True, head, "punct", "PUNCT", ".", ".", "O"),
        ("The", True, n + 4, "det", "DET", "DT", "the", "O"),
        ("governor", True, n + 5, "nsubj", "NOUN", "NN", "governor", "O"),
        ("said", True, n + 5, "ROOT", "VERB", "VBD", "say", "O"),
        ("taxes", True, n + 8, "nsubj", "NOUN", "NNS", "tax", "O"),
        ("would", True, n + 8, "aux", "AUX", "MD", "would", "O"),
        ("fall", False, n + 5, "ccomp", "VERB", "VB", "fall", "O"),
        (".", False, n + 5, "punct", "PUNCT", ".", ".", "O"),
    ]


def test_a_bare_office_goes_to_the_one_untitled_person_just_before() -> None:
    doc = build(
        _office_after(
            [
                ("Ana", True, 3, "compound", "PROPN", "NNP", "Ana", "B-PERSON"),
                ("Ferraz", False, 1, "dobj", "PROPN", "NNP", "Ferraz", "I-PERSON"),
            ]
        )
    )
    (statement,) = resolve_speakers(doc, extract_quotes(doc))
    assert (statement.speaker.name, statement.speaker.kind) == ("Ana Ferraz", "person")
    assert "Governor" in statement.speaker.titles


def test_a_bare_office_with_two_people_before_stays_an_office() -> None:
    doc = build(
        _office_after(
            [
                ("Ferraz", True, 1, "dobj", "PROPN", "NNP", "Ferraz", "B-PERSON"),
                ("and", True, 2, "cc", "CCONJ", "CC", "and", "O"),
                ("Brandt", False, 2, "conj", "PROPN", "NNP", "Brandt", "B-PERSON"),
            ]
        )
    )
    (statement,) = resolve_speakers(doc, extract_quotes(doc))
    assert (statement.speaker.name, statement.speaker.kind) == ("the governor", "role")
    assert statement.speaker.role == "governor"


# In the debate the minister said taxes would rise. (misparse: 'minister' hangs on 'In')
SUBJECT_ON_PREPOSITION: list[Row] = [
    ("In", True, 5, "prep", "ADP", "IN", "in", "O"),
    ("the", True, 2, "det", "DET", "DT", "the", "O"),
    ("debate", True, 0, "pobj", "NOUN", "NN", "debate", "O"),
    ("the", True, 4, "det", "DET", "DT", "the", "O"),
    ("minister", True, 0, "pobj", "NOUN", "NN", "minister", "O"),
    ("said", True, 5, "ROOT", "VERB", "VBD", "say", "O"),
    ("taxes", True, 8, "nsubj", "NOUN", "NNS", "tax", "O"),
    ("would", True, 8, "aux", "AUX", "MD", "would", "O"),
    ("rise", False, 5, "ccomp", "VERB", "VB", "rise", "O"),
    (".", False, 5, "punct", "PUNCT", ".", ".", "O"),
]


def test_a_subjectless_cue_takes_the_person_hung_on_the_phrase_before_it() -> None:
    doc = build(SUBJECT_ON_PREPOSITION)
    (statement,) = resolve_speakers(doc, extract_quotes(doc))
    assert statement.quote.speaker_text == "the minister"
    assert statement.quote.content == "taxes would rise"
    assert statement.speaker.kind == "role"


def test_a_subject_inside_the_quote_is_not_the_cues_speaker() -> None:
    """The parser may run a quote into its cue's clause and give the cue two subjects."""
    rows = list(DIRECT_AFTER)
    rows[1] = ("Rates", True, 7, "nsubj", "NOUN", "NNS", "rate", "O")  # 'Rates … said'
    doc = build(rows)
    (statement,) = resolve_speakers(doc, extract_quotes(doc))
    assert (statement.speaker.name, statement.quote.content) == ("Okafor", "Rates will rise")
