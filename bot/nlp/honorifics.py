"""Honorifics: the one list of words written before a name (lowercase; no spaCy here, so
name matching outside the language layer can use it cheaply)."""

from __future__ import annotations

# Courtesy titles: dropped from the front of a name when names are matched, so that
# "Mr. Asif" is "Asif" (bot.identity.name_key).
COURTESY_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady"}
)
# Every word that may stand before a name as a title: courtesy titles (also with a full
# stop), clergy, ranks, offices.
HONORIFICS = COURTESY_TITLES | frozenset(
    """
    mr. mrs. ms. dr. prof. rev rev. fr
    fr. sen sen. rep rep. gov gov. gen gen. col col. capt capt. lt lt. sgt sgt. justice
    judge president minister senator governor mayor chancellor premier king queen prince
    princess sheikh general secretary ambassador chairman chairwoman speaker councillor
    councilor commissioner inspector chief superintendent constable sergeant detective
    captain lieutenant colonel major commander admiral corporal
    """.split()
)
FEMALE_HONORIFICS = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess"}
)
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "sheikh"})
