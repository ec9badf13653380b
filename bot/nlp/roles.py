"""Word lists that tell people, organisations and offices apart (lowercase)."""

from __future__ import annotations

import functools
import unicodedata

from spacy.tokens import Span, Token

from bot.nlp.honorifics import FEMALE_HONORIFICS as FEMALE_HONORIFICS
from bot.nlp.honorifics import HONORIFICS as HONORIFICS
from bot.nlp.honorifics import MALE_HONORIFICS as MALE_HONORIFICS
from bot.nlp.lexicons import read_lexicon_pairs

OFFICE_WORDS = frozenset(
    """
    minister president vice-president senator governor mayor spokesperson spokesman
    spokeswoman secretary chancellor mp lawmaker legislator congressman congresswoman
    congressmember representative ambassador premier commissioner official officials envoy
    diplomat attorney prosecutor councillor councilor councilman councilwoman deputy
    parliamentarian speaker chairman chairwoman chair chief head director governor-general
    president-elect leader general admiral commander cabinet mla mep assemblyman
    assemblywoman sheriff judge justice magistrate regulator adviser advisor aide king queen
    prince monarch emir sultan sheikh
    """.split()
)
ORG_NOUNS = frozenset(
    """
    ministry department government office agency police army military party company
    commission committee council court administration embassy authority authorities firm
    bank board union campaign presidency kremlin cabinet service services force forces navy
    bureau group association federation league club university hospital school institute
    foundation organisation organization corporation team network station newspaper
    broadcaster parliament congress senate assembly regime coalition alliance opposition
    movement
    """.split()
)
PERSON_NOUNS = frozenset(
    """
    minister president senator governor mayor spokesperson spokesman spokeswoman secretary
    chancellor lawmaker legislator official ambassador premier commissioner envoy diplomat
    prosecutor journalist reporter interviewer host anchor analyst expert lawyer attorney
    chief head director leader general commander officer activist witness resident doctor
    scientist economist professor researcher woman man chairman chairwoman candidate adviser
    advisor aide judge founder executive ceo owner manager coach player source official
    councillor councilor critic supporter opponent voter worker farmer parent student
    teacher nurse protester campaigner member people person citizen observer investor trader
    banker engineer author victim survivor mother father son daughter wife husband brother
    sister friend neighbour neighbor colleague partner negotiator mediator representative
    delegate deputy speaker prime premier monarch king queen prince princess emir sheikh
    sultan organiser organizer
    """.split()
)
AGENT_NOUNS = PERSON_NOUNS | ORG_NOUNS
# Capitalised words that mark a name as an organisation's ("Ministry of Agriculture").
ORG_NAME_WORDS = frozenset(
    """
    ministry department government office agency police army party company commission
    committee council court administration embassy authority bank board union group
    association federation league club university hospital institute foundation corporation
    corp inc ltd plc llc co network news times post parliament congress senate assembly
    coalition alliance movement service services forces bureau fund trust
    """.split()
)
# Short titles written before names, as the office they stand for ('Gov. Reeves'; only a
# state's governor is written 'Gov.', never a central bank's).
TITLE_ABBREVIATIONS = {
    "gov": "state governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "gen": "general",
    "amb": "ambassador",
    "supt": "superintendent",
    "insp": "inspector",
    "cllr": "councillor",
    "pm": "prime minister",
}
# Titles written before a name that are jobs rather than public offices.
JOB_TITLES = frozenset(
    """
    executive officer ceo cfo coo cto founder co-founder editor coach manager economist
    analyst president-elect chairman chairwoman chairperson partner principal
    """.split()
)
COMPANY_NOUNS = frozenset(
    """
    company firm carmaker automaker group bank lender insurer airline carrier retailer maker
    manufacturer producer operator developer platform startup conglomerate exporter
    """.split()
)
COMPANY_SUFFIXES = frozenset(
    "ag inc inc. ltd ltd. plc corp corp. co co. llc gmbh sa nv se spa bv group holdings".split()
)
FEMALE_NOUNS = frozenset(
    """
    spokeswoman chairwoman congresswoman councilwoman businesswoman assemblywoman woman mother
    wife daughter sister grandmother queen princess actress widow girl
    """.split()
)
MALE_NOUNS = frozenset(
    """
    spokesman chairman congressman councilman businessman assemblyman man father husband son
    brother grandfather king prince actor widower boy
    """.split()
)
# People whose turns in an interview are the questions.
INTERVIEWER_NOUNS = frozenset(
    """
    host presenter interviewer anchor moderator editor reporter journalist correspondent
    columnist broadcaster commentator
    """.split()
)
# Words that set one office apart from another of the same name ('former minister').
ROLE_QUALIFIERS = frozenset(
    {"former", "ex", "prime", "deputy", "vice", "shadow", "acting", "interim", "junior"}
)
# Different words for whoever heads an organisation ('the central bank chief' is its
# governor); a description matches through them only when no title matches outright.
TOP_JOB_NOUNS = frozenset(
    """
    chief head boss leader governor chairman chairwoman chair chairperson president director
    ceo executive commissioner
    """.split()
)
# Wire services and news outlets: they report statements, they do not make them.
NEWS_AGENCIES = frozenset(
    """
    Reuters AP AFP Bloomberg dpa PTI IANS ANI UPI Xinhua IRNA TASS Interfax RIA Kyodo Yonhap
    Anadolu EFE ANSA Bernama
    """.split()
)
# Picture agencies whose credits follow photos glued into pasted copy.
PHOTO_AGENCIES = frozenset(
    {"REUTERS", "EPA", "EPA-EFE", "Getty Images", "GETTY", "Shutterstock", "Alamy", "ANADOLU"}
)
NEWS_OUTLET_WORDS = frozenset(
    """
    times post tribune journal gazette herald guardian telegraph courier chronicle observer
    independent ledger express mirror standard examiner inquirer globe dispatch bulletin
    broadcasting broadcaster television tv radio newspaper magazine press
    """.split()
)
# Places that stand for an institution and speak for it ('Downing Street said').
INSTITUTION_PLACES = frozenset(
    {
        "downing street",
        "number 10",
        "no 10",
        "white house",
        "kremlin",
        "elysee",
        "élysée",
        "pentagon",
        "whitehall",
        "blue house",
        "quai d'orsay",
        "zhongnanhai",
        "vatican",
        "holyrood",
    }
)


def is_official_title(titles: tuple[str, ...] | list[str]) -> bool:
    """True when any title names a public office (minister, senator, spokesperson, ...)."""
    for title in titles:
        words = {w.strip(".,'’").lower() for w in title.replace("-", " ").split()}
        if words & OFFICE_WORDS:
            return True
    return False


def name_has_org_word(name: str) -> bool:
    return any(w.strip(".,'’").lower() in ORG_NAME_WORDS for w in name.split())


def looks_like_name(token: Token) -> bool:
    """A proper name, including capitalised words the small tagger calls nouns ('Mendes said')."""
    if token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG"}:
        return True
    return token.pos_ == "NOUN" and token.text[:1].isupper() and not token.is_sent_start


def widen_name(span: Span) -> Span:
    """Take in given names the tagger left out of a PERSON entity ('Sadiq' + 'Khan')."""
    doc, start = span.doc, span.start
    while start > 0:
        before = doc[start - 1]
        is_name_part = before.pos_ == "PROPN" and before.dep_ == "compound"
        if not is_name_part or before.lower_ in HONORIFICS or before.lower_ in OFFICE_WORDS:
            break
        if not before.text[:1].isupper() or before.ent_type_ not in {"", "PERSON"}:
            break
        if start > 1 and doc[start - 2].pos_ == "ADP":
            break  # 'Minister for Health James Reilly': a portfolio, not a given name
        start -= 1
    return doc[start : span.end]


@functools.lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """Given names almost always used for one gender: name → 'f' or 'm'."""
    return dict(read_lexicon_pairs("first_names.tsv"))


def is_given_name(word: str) -> bool:
    """A given name the lexicon knows, accents aside ('Siobhán', 'Declan')."""
    plain = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in plain if not unicodedata.combining(c)) in first_name_genders()


def gender_of_name(name: str) -> str:
    """'f', 'm' or '' from the first word of a full name ('Lena Hoffmann' → 'f')."""
    words = name.split()
    return first_name_genders().get(words[0].lower(), "") if len(words) > 1 else ""


@functools.lru_cache(maxsize=1)
def nickname_table() -> dict[str, str]:
    """Short forms of given names → the given name ('bob' → 'robert')."""
    return dict(read_lexicon_pairs("nicknames.tsv"))


def given_name_key(word: str) -> str:
    """A given name as compared across its short forms: 'Bob' and 'Robert' → 'robert'."""
    word = word.lower()
    return nickname_table().get(word, word)


def is_news_outlet(name: str) -> bool:
    """'Reuters', 'the Daily Ledger', 'Interfax news agency': outlets that relay statements."""
    words = [w.strip(".,'’") for w in name.split()]
    if any(w in NEWS_AGENCIES for w in words):
        return True
    lowered = [w.lower() for w in words]
    return bool(lowered) and (lowered[-1] in NEWS_OUTLET_WORDS or "news" in lowered)


def is_institution_place(name: str) -> bool:
    """'Downing Street', 'the Kremlin': a place name that speaks for an institution."""
    words = name.lower().replace("’", "'").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words) in INSTITUTION_PLACES


def is_company(name: str) -> bool:
    """A company's name: 'Volkner AG', 'Northfield Grain Ltd'."""
    words = name.lower().split()
    return len(words) > 1 and words[-1] in COMPANY_SUFFIXES
