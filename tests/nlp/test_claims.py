"""Claims: proposition frames from hand-built parses and from the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.claims import bare_statement, claims_from_statement, claims_from_text
from bot.nlp.types import Claim, Quote, Speaker, Statement

SPEAKER = "Khawaja Asif"


def hand_parsed(nlp: Language) -> Doc:
    """ "He is not operating the account from India." with a fixed, hand-written parse."""
    return Doc(
        nlp.vocab,
        words=["He", "is", "not", "operating", "the", "account", "from", "India", "."],
        spaces=[True, True, True, True, True, True, True, False, False],
        heads=[3, 3, 3, 3, 5, 3, 3, 6, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
        pos=["PRON", "AUX", "PART", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
        lemmas=["he", "be", "not", "operate", "the", "account", "from", "India", "."],
        ents=["O", "O", "O", "O", "O", "O", "O", "B-GPE", "O"],
        sent_starts=[True, False, False, False, False, False, False, False, False],
    )


def only_claim(nlp: Language, text: str) -> Claim:
    claims = claims_from_text(nlp, SPEAKER, text)
    assert len(claims) == 1, claims
    return claims[0]


def roles(claim: Claim) -> dict[str, str]:
    return {slot.role: slot.text for slot in claim.slots}


def test_hand_parsed_frame_has_negation_place_and_object(nlp: Language) -> None:
    doc = hand_parsed(nlp)
    [claim] = claims_from_statement(doc, bare_statement(SPEAKER, doc.text))
    assert claim.subject == "He"
    assert claim.predicate == "operate"
    assert claim.polarity is False
    assert roles(claim)["place"] == "India"
    assert roles(claim)["object"] == "the account"
    assert roles(claim)["agent"] == "He"
    assert "india" in claim.topics and "account" in claim.topics


def test_hand_parsed_place_needs_a_place_word(nlp: Language) -> None:
    doc = hand_parsed(nlp)
    words = [t.text for t in doc]
    words[7] = "Monday"
    plain = Doc(
        nlp.vocab,
        words=words,
        spaces=[t.whitespace_ == " " for t in doc],
        heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc],
        pos=[t.pos_ for t in doc],
        lemmas=[t.lemma_ if t.i != 7 else "Monday" for t in doc],
    )
    [claim] = claims_from_statement(plain, bare_statement(SPEAKER, plain.text))
    assert "place" not in roles(claim)


@pytest.mark.parametrize(
    ("text", "predicate", "polarity", "hedged", "quantifier"),
    [
        ("Imran Khan's X account is being operated from India.", "operate", True, False, None),
        ("He is operating a Twitter account from the jail cell.", "operate", True, False, None),
        ("Imran Khan runs his X account from Adiala Jail.", "operate", True, False, None),
        ("The plan is reliable.", "reliable", True, False, None),
        ("China is a reliable ally.", "ally", True, False, None),
        ("The minister did not sign the order.", "sign", False, False, None),
        ("We no longer support the deal.", "support", False, False, None),
        ("I never said that.", "say", False, False, "never"),
        ("Nobody is stating it openly.", "state", True, False, "none"),
        ("We always supported the deal.", "support", True, False, "always"),
        ("The account may be run from abroad.", "operate", True, True, None),
        ("Reportedly, the talks collapsed.", "collapse", True, True, None),
        ("I think the economy is growing.", "increase", True, True, None),
        ("Some 12 thousand soldiers were deployed.", "deploy", True, False, None),
        ("We have to build more homes.", "build", True, False, None),
        ("We are going to raise taxes.", "raise", True, False, None),
        ("If the economy grows, we will cut taxes.", "decrease", True, True, None),
    ],
)
def test_frame_from_real_parse(
    nlp: Language, text: str, predicate: str, polarity: bool, hedged: bool, quantifier: str | None
) -> None:
    claim = only_claim(nlp, text)
    assert claim.predicate == predicate
    assert claim.polarity is polarity
    assert claim.hedged is hedged
    assert claim.quantifier == quantifier
    assert claim.speaker == SPEAKER
    assert claim.content == text


@pytest.mark.parametrize(
    ("text", "role", "value"),
    [
        ("He is operating a Twitter account from the jail cell.", "place", "the jail cell"),
        ("Imran Khan's X account is being operated from India.", "place", "India"),
        ("The account was hacked by a foreign agency.", "agent", "a foreign agency"),
        ("The army withdrew from the border on 3 March 2024.", "time", "on 3 March 2024"),
        ("We have built 500 homes since 2021.", "time", "since 2021"),
        ("According to the ministry, the army withdrew.", "source", "the ministry"),
        ("China is a reliable ally.", "attribute", "reliable"),
        ("The minister met the envoy in Delhi.", "tense", "past"),
    ],
)
def test_slots_from_real_parse(nlp: Language, text: str, role: str, value: str) -> None:
    claims = claims_from_text(nlp, SPEAKER, text)
    values = [slot.text for claim in claims for slot in claim.slots if slot.role == role]
    assert value in values


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("We sent 5,000 troops to the border.", 5000.0, "troop"),
        ("They deployed 12 thousand soldiers.", 12000.0, "soldier"),
        ("1.5 million people voted.", 1_500_000.0, "people"),
        ("Turnout was 20 percent.", 20.0, "percent"),
        ("The bill is £1,200.", 1200.0, "gbp"),
        ("They will give us 200 pounds.", 200.0, "gbp"),
    ],
)
def test_numbers_with_measures(nlp: Language, text: str, value: float, measure: str) -> None:
    numbers = [n for claim in claims_from_text(nlp, SPEAKER, text) for n in claim.numbers]
    assert [(n.value, n.measure) for n in numbers] == [(value, measure)]


@pytest.mark.parametrize(
    "text",
    ["The account was being run from India.", "The account is run from India.", "It was late."],
)
def test_only_simple_past_events_get_a_tense_slot(nlp: Language, text: str) -> None:
    claims = claims_from_text(nlp, SPEAKER, text)
    assert claims and all("tense" not in roles(claim) for claim in claims)


def test_dates_are_not_counted_as_numbers(nlp: Language) -> None:
    claim = only_claim(nlp, "The army left in 2019.")
    assert claim.numbers == ()
    assert roles(claim)["time"] == "in 2019"


def test_approximate_number_keeps_its_approximator(nlp: Language) -> None:
    [number] = only_claim(nlp, "We sent about 5,200 troops.").numbers
    assert number.text == "about 5,200"
    assert number.value == 5200.0


def test_x_and_twitter_are_one_topic_and_run_is_operate(nlp: Language) -> None:
    x_claim = only_claim(nlp, "Imran Khan runs his X account from Adiala Jail.")
    twitter_claim = only_claim(nlp, "He is operating a Twitter account from the jail cell.")
    assert "twitter" in x_claim.topics and "twitter" in twitter_claim.topics
    assert "x" not in x_claim.topics
    assert x_claim.predicate == twitter_claim.predicate == "operate"


@pytest.mark.parametrize(
    "text",
    ["Is it Imran in his prison cell or is it India?", "Who is operating the account?"],
)
def test_questions_yield_no_claims(nlp: Language, text: str) -> None:
    assert claims_from_text(nlp, SPEAKER, text) == []


def test_question_kind_yields_no_claims_even_without_question_mark(nlp: Language) -> None:
    text = "he asked whether the account is run from India"
    doc = nlp(text)
    statement = bare_statement(SPEAKER, text)
    question = Statement(
        quote=Quote(**{**statement.quote.__dict__, "kind": "question"}),
        speaker=statement.speaker,
    )
    assert claims_from_statement(doc, question) == []


def test_conjoined_clauses_give_one_claim_each(nlp: Language) -> None:
    claims = claims_from_text(nlp, SPEAKER, "China is reliable and the United States is not.")
    assert [(c.predicate, c.polarity) for c in claims] == [("reliable", True), ("be", False)]


def test_statement_offsets_select_only_the_content(nlp: Language) -> None:
    article = 'Asif said on Tuesday: "The account is operated from India." Then he left.'
    start = article.index("The account")
    end = article.index('."') + 1
    quote = Quote(
        content=article[start:end],
        content_start=start,
        content_end=end,
        kind="direct",
        cue="said",
        cue_start=5,
        cue_end=9,
        speaker_text="Asif",
        speaker_start=0,
        speaker_end=4,
    )
    person = Speaker(SPEAKER, ("Asif",), ("defence minister",), False, True)
    claims = claims_from_statement(nlp(article), Statement(quote, person))
    assert [c.predicate for c in claims] == ["operate"]
    assert claims[0].content_start == start and claims[0].content_end == end
    assert claims[0].kind == "direct"
    assert "leave" not in claims[0].topics


# --- what the speaker owns up to, and the words as written ---------------------------------


@pytest.mark.parametrize(
    ("text", "admits"),
    [
        ("Scrapping the tram line was an error.", True),
        ("It was a mistake to close the library.", True),
        ("I was wrong about the stadium.", True),
        ("We got the figures wrong.", True),
        ("I apologise for calling the outbreak a hoax.", True),
        ("I regret saying the trial was rigged.", True),
        ("We withdraw the figures we gave last week.", True),
        ("I take back my remarks about the union.", True),
        ("I was too quick to call it a hoax.", True),
        ("We no longer support the deal.", True),
        ("That word no longer describes what is happening.", True),
        ("I have changed my mind about the tax.", True),
        ("I regret that the council refused.", False),  # someone else's act
        ("I'm sorry for your loss.", False),
        ("The council's decision was a mistake.", False),
        ("We withdraw our troops from the border.", False),  # not words or a position
        ("The bridge is no longer safe.", False),  # a change in the world, not of mind
        ("We support the deal.", False),
    ],
)
def test_admission_of_an_own_earlier_position(nlp: Language, text: str, admits: bool) -> None:
    claims = claims_from_text(nlp, SPEAKER, text)
    assert any("admission" in roles(claim) for claim in claims) is admits


def test_a_change_in_the_world_is_marked_as_change(nlp: Language) -> None:
    claim = only_claim(nlp, "The bridge is no longer safe.")
    assert roles(claim)["change"] == "no longer"
    assert claim.polarity is False


@pytest.mark.parametrize(
    ("text", "verb_text"),
    [
        ("The minister did not sign the order.", "did not sign"),
        ("I never met the ambassador.", "never met"),
        ("The vaccine is not safe.", "is not safe"),
        ("There will be no referendum this year.", "will be no referendum"),
        ("No decision has been made.", "No decision has been made"),
        ("We have no plans for the site.", "have no plans"),
        ("We no longer support the deal.", "no longer support"),
        ("The summit will go ahead.", "will go ahead"),
    ],
)
def test_verb_group_as_written(nlp: Language, text: str, verb_text: str) -> None:
    assert only_claim(nlp, text).verb_text == verb_text


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("No decision has been made.", True),
        ("We have no plans for the site.", True),
        ("There will be no referendum this year.", True),
        ("There will be a referendum in May.", False),
    ],
)
def test_no_x_negates_the_clause(nlp: Language, text: str, negated: bool) -> None:
    assert only_claim(nlp, text).polarity is not negated


@pytest.mark.parametrize(
    "text",
    [
        "There will be no referendum this year.",
        "The referendum will be held in May.",
        "The referendum will go ahead in May.",
        "The referendum will take place in May.",
    ],
)
def test_existence_and_occurrence_are_one_predicate(nlp: Language, text: str) -> None:
    claim = only_claim(nlp, text)
    assert claim.predicate == "happen"
    assert "referendum" in claim.subject
    assert "object" not in roles(claim)


def test_clause_text_and_number_as_written(nlp: Language) -> None:
    first, second = claims_from_text(
        nlp, SPEAKER, "We hired 200 new teachers and we closed a school."
    )
    assert first.text == "We hired 200 new teachers"
    assert second.text == "we closed a school"
    assert [n.shown for n in first.numbers] == ["200 new teachers"]
    assert [n.shown for n in only_claim(nlp, "Turnout was 20 per cent.").numbers] == ["20 per cent"]


def test_a_contracted_verb_keeps_its_subject(nlp: Language) -> None:
    assert only_claim(nlp, "I’m talking about the budget.").verb_text == "I’m talking"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("There will be seats for thirty-two thousand supporters.", 32000.0),
        ("We sent twenty-five trucks.", 25.0),
        ("We sent twenty trucks.", 20.0),
    ],
)
def test_hyphenated_number_words(nlp: Language, text: str, value: float) -> None:
    assert [n.value for n in only_claim(nlp, text).numbers] == [value]


def test_a_quantifier_of_another_verb_is_not_the_clause_quantifier(nlp: Language) -> None:
    claims = claims_from_text(nlp, SPEAKER, "Nothing has changed: the bridge opens in May.")
    assert [c.quantifier for c in claims if c.predicate == "open"] == [None]


def test_an_aside_about_the_saying_is_not_part_of_the_claim(nlp: Language) -> None:
    (claim,) = claims_from_text(
        nlp, "Ana Ruiz", "As I said in March, the Kestrel wind farm will be finished in 2026."
    )
    assert [s.text for s in claim.slots if s.role == "time"] == ["in 2026"]
    assert "march" not in claim.topics
