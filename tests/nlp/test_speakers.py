"""People, not titles: who a statement is filed under, and what kind of speaker that is."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.extract import statements_in_text
from bot.nlp.types import Statement


def statements(nlp: Language, text: str) -> list[Statement]:
    _, found = statements_in_text(nlp, text)
    for s in found:
        assert text[s.quote.content_start : s.quote.content_end] == s.quote.content
    return found


def speakers(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.speaker.kind) for s in statements(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a role the article puts a name to goes to that person
            "The state bank kept rates on hold, and its governor, Aylin Demir, spoke after "
            "the vote. “The worst is behind us,” the central bank chief said.",
            [("Aylin Demir", "person")],
        ),
        (
            "The Chancellor, Edward Hartley, spoke in the Commons. The Chancellor said the "
            "freeze would last until April.",
            [("Edward Hartley", "person")],
        ),
        (  # 'the foreign minister' is not the finance minister named earlier
            "Finance Minister Karl Lindqvist spoke first. The foreign minister said the talks "
            "had failed.",
            [("the foreign minister", "role")],
        ),
        (  # a role nobody in the article holds stays a role
            "The Prime Minister said the election would be held in May.",
            [("the prime minister", "role")],
        ),
        (  # unnamed sources stay unnamed
            "A spokesman said the talks had failed. Officials said the border was closed. "
            "His lawyer said the charges were baseless.",
            [("Spokesman", "unnamed"), ("Officials", "unnamed"), ("His lawyer", "unnamed")],
        ),
        (
            "The plan will be dropped, according to people familiar with the matter.",
            [("People familiar with the matter", "unnamed")],
        ),
        (  # organisations speak; an office speaks for its principal
            "The Ministry of Agriculture said exports would resume in May. Khawaja Asif met "
            "farmers. Asif's office said the minister would travel on Friday.",
            [
                ("Ministry of Agriculture", "organisation"),
                ("Khawaja Asif's office", "organisation"),
            ],
        ),
        (
            "The White House said in a statement that it was monitoring the situation.",
            [("White House", "organisation")],
        ),
        (  # an agency relaying a quote is not its speaker
            "“We will respond in kind,” Interfax quoted Foreign Minister Sergei Lavrov as "
            "saying. The TASS news agency cited Lavrov as saying the sanctions were illegal.",
            [("Sergei Lavrov", "person"), ("Sergei Lavrov", "person")],
        ),
        (  # a nested source: the person heard, not the paper that obtained the audio
            "In audio obtained by the Tribune, Mayor Daniel Okafor can be heard telling aides "
            'that the contract "has to go to our friends".',
            [("Daniel Okafor", "person")],
        ),
        (  # places, datelines and news outlets never speak
            "MOSCOW, Feb 2 (Reuters) - The region of Moravia said it had no power. "
            "The Associated Press reported that the talks had failed.",
            [],
        ),
    ],
)
def test_who_speaks(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert speakers(nlp, text) == expected


def test_an_office_names_its_principal(nlp: Language) -> None:
    text = "Khawaja Asif met farmers. Asif's office said the minister would travel on Friday."
    (statement,) = statements(nlp, text)
    assert statement.speaker.principal == "Khawaja Asif"
    assert statement.speaker.is_named


def test_a_role_keeps_its_office_for_the_history(nlp: Language) -> None:
    (statement,) = statements(nlp, "The Chancellor said taxes would not rise.")
    assert (statement.speaker.kind, statement.speaker.role) == ("role", "chancellor")
    assert not statement.speaker.is_named


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # honorific + surname, even a surname that is a month
            "The council's leader, Helen May, spoke on Monday. Mrs May said the terminal "
            "would bring jobs.",
            ["Helen May"],
        ),
        (  # a nickname in quotes, then the nickname alone
            'William "Bill" Okoro ran the port for years. Bill said the channel was too shallow.',
            ["William Okoro"],
        ),
        (  # a short form of the given name
            "Robert Hallworth was premier for a decade. Bob Hallworth said the deal was his.",
            ["Robert Hallworth"],
        ),
        (  # a surname the tagger calls a date
            "Opposition leader Maria Ruiz spoke.\n\n“We are not going anywhere,” said Ruiz, "
            "54, who has led the party since 2019.",
            ["Maria Ruiz"],
        ),
        (  # the first words of a longer name (the tagger often cuts a name short)
            "Sindh Finance Minister Faisal Jawan Mirza spoke on Monday. Faisal Jawan said the "
            "grain subsidy had been agreed by all ministers.",
            ["Faisal Jawan Mirza"],
        ),
        (  # a subject's own pronoun tells their gender
            "Chris Tandy joined the office in 2019 after she left the army. Tomas Berg "
            "arrived later. “The quotas will not change,” she said.",
            ["Chris Tandy"],
        ),
    ],
)
def test_names(nlp: Language, text: str, expected: list[str]) -> None:
    assert [name for name, _ in speakers(nlp, text)] == expected


def test_never_a_man_for_she(nlp: Language) -> None:
    """Nwankwo's given name is in no list; what he says of himself tells his gender."""
    text = (
        "Lena Hoffmann met the banker Obi Nwankwo on Monday. Nwankwo said he was worried. "
        "“Rates will stay where they are,” she said."
    )
    assert speakers(nlp, text)[-1] == ("Lena Hoffmann", "person")


def test_it_and_they_speak_only_for_the_group_that_spoke_just_before(nlp: Language) -> None:
    text = (
        "The Ministry of Agriculture said exports would resume in May. It added that stocks "
        "had recovered.\n\nThe report was published on Monday. It said inflation would fall."
        "\n\nOfficials said the border was closed. They said it would reopen on Friday."
    )
    assert [(s.speaker.name, s.quote.content) for s in statements(nlp, text)] == [
        ("Ministry of Agriculture", "exports would resume in May"),
        ("Ministry of Agriculture", "stocks had recovered"),
        ("Officials", "the border was closed"),
        ("Officials", "it would reopen on Friday"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the bare office of the one untitled person named just before
            "Opposition MPs said Marta Quintero had reversed herself once the chancellor "
            "ordered a review of the levy.\n\nThe chancellor told MPs last March: “The levy "
            "stays while I hold this post.”",
            ("Marta Quintero", "person"),
        ),
        (  # the next sentence, the next paragraph
            "Tomas Reyes was mobbed by supporters in Porto on Sunday.\n\nThe prime minister "
            "said the reform would go ahead.",
            ("Tomas Reyes", "person"),
        ),
        (  # two people it could be: it stays the office, as written
            "Tomas Reyes met Ivo Brandt in Porto on Sunday. The prime minister said the reform "
            "would go ahead.",
            ("the prime minister", "role"),
        ),
        (  # never a man's office for a woman
            "Reporters waited for Ana Ferraz outside the court. The spokesman said the hearing "
            "had been postponed.",
            ("the spokesman", "role"),
        ),
        (  # someone named with another title does not hold this one
            "Central bank governor Lena Okoye spoke first. The chancellor said rates were a "
            "matter for the bank.",
            ("the chancellor", "role"),
        ),
    ],
)
def test_a_bare_office_goes_to_the_one_person_named_nearby(
    nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert speakers(nlp, text)[-1] == expected


def test_an_unresolved_office_is_shown_as_written_and_never_as_a_name(nlp: Language) -> None:
    (statement,) = statements(nlp, "Prime Minister said the election would be held in May.")
    assert statement.speaker.name == "the prime minister"
    assert (statement.speaker.kind, statement.speaker.role) == ("role", "prime minister")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the name appended to a long title is the speaker, not the title
            "Minister of State at the Department of Transport Siobhán Garvey said the fare rise "
            "had been “badly handled” from the start.",
            "Siobhán Garvey",
        ),
        (  # a name after the principal's name is the title's, not the principal's
            "Spokesperson to President Amos Dlamini, Thabo Nkosi, on Monday said the decree "
            "would be redrafted.",
            "Thabo Nkosi",
        ),
        (  # a portfolio before a name is not a given name
            "Ms Kelleher said the cut had come from Minister for Health James Furlong on "
            "Tuesday.\n\nMr Furlong said the hospital budget would be looked at again.",
            "James Furlong",
        ),
    ],
)
def test_titles_written_around_names(nlp: Language, text: str, expected: str) -> None:
    assert [name for name, _ in speakers(nlp, text)][-1] == expected


def test_a_spokesman_for_someone_is_not_that_person(nlp: Language) -> None:
    (statement,) = statements(nlp, "A spokesman for Grace Obi said the visit was private.")
    assert statement.speaker.name != "Grace Obi"


def test_an_office_keeps_the_organisation_it_serves_as_written(nlp: Language) -> None:
    (statement,) = statements(
        nlp, "The spokesman for the Northern Unity Front said the party would leave the cabinet."
    )
    assert statement.speaker.name == "the spokesman for the Northern Unity Front"
    assert statement.speaker.kind != "person"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a party word stands for the person named before, like a pronoun
            "Senator Maria Duarte spoke to voters in Tucson on Friday.\n\n“We will not give "
            "up this seat,” the Democrat said.",
            ("Maria Duarte", "person"),
        ),
        (  # with nobody named before, it is a source the article does not identify
            "“We will not give up this seat,” the Democrat said.",
            ("the Democrat", "unnamed"),
        ),
    ],
)
def test_a_party_word_is_never_a_name(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    assert speakers(nlp, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an abbreviated title ('Gov.') and a party word before the office
            "Gov. Ada Whitlock (R) halted the reopening on Friday.\n\n“The numbers moved too "
            "fast for us,” the GOP governor said.",
            "Ada Whitlock",
        ),
        (  # a nationality before the office says where it is held, not which office
            "Foreign Minister Petr Valenta met his counterpart in Vienna.\n\nThe Czech "
            "foreign minister said the talks had been useful.",
            "Petr Valenta",
        ),
        (  # a central bank's governor is not a state governor
            "Gov. Ada Whitlock (R) halted the reopening on Friday.\n\nThe Federal Reserve "
            "governor said rates would stay on hold.",
            "the federal reserve governor",
        ),
    ],
)
def test_offices_match_titles_written_differently(nlp: Language, text: str, expected: str) -> None:
    assert [name for name, _ in speakers(nlp, text)][-1].lower() == expected.lower()
