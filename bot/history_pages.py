"""History a page at a time: a person's statements by date, or ranked by a topic.

A page holds only what the reader may see (`bot.confidentiality`): statements from articles
the reader may not see are neither listed nor counted, as in `bot.history`. A topic ranks the
statements by meaning (the claim vectors the embedder wrote at filing, cosine against the
topic's vector, over that one person's claims: `store.claims.nearest_claims`); without the
embedder (rules-only runs) it ranks them by the words they share with the topic, and the page
says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from bot.confidentiality import Audience, visible
from bot.flags import StatementRef
from bot.history import person_statements
from store.claims import nearest_claims
from store.people import get_person

PAGE_SIZE = 10
TOPIC_MAX_CHARS = 200
# cosine below which a statement is taken to be about something else than the topic
MIN_TOPIC_SIMILARITY = 0.2
NEAREST_LIMIT = 10_000  # every claim of the person: the ranking reads one person's vectors
_WORD = re.compile(r"\w+")
_STOPWORDS = frozenset(
    "the a an and or of to in on at for with by from about as is are was were be been it "
    "its this that these those he she they we i you his her their our my your not no".split()
)


class TopicEmbedder(Protocol):
    """The sentence embedder (`bot.nlp.embeddings.Embedder`): unit vectors, one per text."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


class Ranking(StrEnum):
    DATE = "date"  # newest first
    MEANING = "meaning"  # closest in meaning to the topic first
    WORDS = "words"  # most words shared with the topic first (no embedder loaded)


@dataclass(frozen=True)
class HistoryQuery:
    """Which page of whose history: fits a button's value (JSON, well under 2,000 chars)."""

    person_id: int
    topic: str = ""
    offset: int = 0

    def to_value(self) -> str:
        return json.dumps({"p": self.person_id, "t": self.topic, "o": self.offset})

    @classmethod
    def from_value(cls, value: str) -> HistoryQuery | None:
        """The query a button carries; None for anything malformed."""
        try:
            data = json.loads(value)
            person_id, topic, offset = int(data["p"]), str(data.get("t", "")), int(data["o"])
        except (ValueError, TypeError, KeyError):
            try:
                return cls(person_id=int(value))  # a bare person id (the "See history" button)
            except ValueError:
                return None
        if person_id <= 0 or offset < 0:
            return None
        return cls(person_id, topic[:TOPIC_MAX_CHARS], offset)

    def at(self, offset: int) -> HistoryQuery:
        return HistoryQuery(self.person_id, self.topic, max(0, offset))


@dataclass(frozen=True)
class HistoryPage:
    """One page of a person's history as a reader may see it."""

    query: HistoryQuery
    name: str
    titles: tuple[str, ...]
    statements: tuple[StatementRef, ...]
    total: int
    ranking: Ranking

    @property
    def first(self) -> int:
        """1-based position of the page's first statement."""
        return self.query.offset + 1

    @property
    def last(self) -> int:
        return self.query.offset + len(self.statements)

    @property
    def has_more(self) -> bool:
        """Statements after this page (older, or less related to the topic)."""
        return self.last < self.total

    @property
    def has_previous(self) -> bool:
        return self.query.offset > 0

    def next_query(self) -> HistoryQuery:
        return self.query.at(self.query.offset + PAGE_SIZE)

    def previous_query(self) -> HistoryQuery:
        return self.query.at(self.query.offset - PAGE_SIZE)


def history_page(
    session: Session,
    team_id: str,
    query: HistoryQuery,
    audience: Audience,
    embedder: TopicEmbedder | None = None,
) -> HistoryPage | None:
    """The page `query` asks for; None if the person is unknown to this reader (not in the
    workspace, marked not a person, or nothing of theirs the reader may see)."""
    person = get_person(session, team_id, query.person_id)
    if person is None or person.not_a_person:
        return None
    refs = visible(audience, person_statements(session, team_id, person))
    if not refs:
        return None
    topic = query.topic.strip()
    if not topic:
        ranked, ranking = list(reversed(refs)), Ranking.DATE
    elif embedder is not None:
        ranked, ranking = by_meaning(session, team_id, person.id, refs, topic, embedder)
    else:
        ranked, ranking = by_words(refs, topic), Ranking.WORDS
    offset = min(query.offset, max(0, (len(ranked) - 1) // PAGE_SIZE * PAGE_SIZE))
    shown_articles = {ref.article_id for ref in refs}
    titles = [
        t.title
        for t in sorted(person.titles, key=lambda t: t.first_seen)
        if t.article_id in shown_articles
    ]
    return HistoryPage(
        query=query.at(offset),
        name=person.name,
        titles=tuple(dict.fromkeys(titles)),
        statements=tuple(ranked[offset : offset + PAGE_SIZE]),
        total=len(ranked),
        ranking=ranking,
    )


def by_meaning(
    session: Session,
    team_id: str,
    person_id: int,
    refs: list[StatementRef],
    topic: str,
    embedder: TopicEmbedder,
) -> tuple[list[StatementRef], Ranking]:
    """Statements closest in meaning to the topic first (a statement of several stored
    clauses scores as its closest clause); those filed without a vector follow, by words."""
    vector = embedder.embed([topic])[0].astype("<f4").tobytes()
    nearest = nearest_claims(
        session, team_id, person_id=person_id, embedding=vector, limit=NEAREST_LIMIT
    )
    best: dict[tuple[int, str], float] = {}
    for row, similarity in nearest:
        key = (row.article_id, row.content)
        best[key] = max(similarity, best.get(key, -1.0))
    scored = [
        (best[(r.article_id, r.content)], r) for r in refs if (r.article_id, r.content) in best
    ]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].date.toordinal()))
    related = [ref for score, ref in scored if score >= MIN_TOPIC_SIMILARITY]
    unscored = [r for r in refs if (r.article_id, r.content) not in best]
    return related + by_words(unscored, topic), Ranking.MEANING


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS and len(w) > 1}


def by_words(refs: Sequence[StatementRef], topic: str) -> list[StatementRef]:
    """Statements sharing words with the topic, most shared first, then newest; others out."""
    wanted = words_of(topic)
    scored = [(len(wanted & words_of(ref.content)), ref) for ref in refs]
    scored = [(n, ref) for n, ref in scored if n > 0]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].date.toordinal(), -pair[1].claim_id))
    return [ref for _, ref in scored]
