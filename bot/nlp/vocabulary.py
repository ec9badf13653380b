"""Word lists that more than one rule reads, each defined once.

A module that needs more words builds a superset from one of these where it is defined,
with a comment saying why (e.g. the counts a recalled date reads add 'a' and 'several').
"""

from __future__ import annotations

# Dependency labels (spaCy's English scheme).
NOMINAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SUBJECT_DEPS = NOMINAL_SUBJECT_DEPS | {"csubj", "csubjpass", "expl"}
OBJECT_DEPS = frozenset({"dobj", "dative"})

# Entity labels for places.
PLACE_LABELS = frozenset({"GPE", "LOC"})

# Function words.
ARTICLES = frozenset({"the", "a", "an"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
FIRST_PERSON = frozenset({"i", "we"})
CONDITIONAL_MARKERS = frozenset({"if", "unless", "whether"})
HEDGE_MODALS = frozenset({"may", "might", "could", "can"})

# Calendar words, in calendar order (lower case).
MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
WEEKDAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()

# Numbers written as words: the ones every count reads.
SMALL_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# Words before a number that make it approximate: 'about 200', 'nearly 40'.
APPROXIMATORS = frozenset(
    {"about", "around", "approximately", "roughly", "nearly", "almost", "some", "over", "under"}
)
# Currency symbols and the codes a number's measure is stored under.
CURRENCY_SYMBOLS = {"£": "gbp", "$": "usd", "€": "eur", "¥": "jpy", "₹": "inr"}
