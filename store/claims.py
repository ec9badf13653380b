"""Claims: a person's statements as proposition frames, with topics and embeddings.

The store keeps a frame as plain data (``ClaimRecord``: columns plus a JSON ``frame``);
turning it back into the language layer's ``Claim`` is the application's business.
Session first; every query filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import CompoundSelect, Select, desc, func, select, union_all
from sqlalchemy.orm import Session

from store.models import NAME_LENGTH, TOPIC_LENGTH, Article, ClaimRow, ClaimTopic, Person, QuoteKind


@dataclass(frozen=True)
class ClaimRecord:
    """One claim as the store files it: its columns, its topics and the rest of its frame
    (slots, numbers, wording) as JSON-ready data."""

    kind: str
    content: str
    content_start: int
    content_end: int
    subject: str = ""
    predicate: str = ""
    polarity: bool = True
    hedged: bool = False
    quantifier: str | None = None
    topics: tuple[str, ...] = ()
    frame: dict[str, Any] = field(default_factory=dict)
    speaker_text: str | None = None  # the speaker as the article wrote them


def topic_key(topic: str) -> str:
    """How a topic is stored and looked up: trimmed, lower-case, at most 100 characters."""
    return " ".join(topic.split()).lower()[:TOPIC_LENGTH]


def _topic_keys(topics: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for topic in topics:
        key = topic_key(topic)
        if key and key not in keys:
            keys.append(key)
    return keys


def add_claim(
    session: Session,
    team_id: str,
    *,
    person: Person,
    article: Article,
    claim: ClaimRecord,
    stated_on: date,
    embedding: bytes | None = None,
) -> ClaimRow:
    """Store one claim with its topics (de-duplicated, keyed by ``topic_key``) and, when
    given, its statement's embedding (float32 bytes, see ``nearest_claims``)."""
    row = ClaimRow(
        team_id=team_id,
        person_id=person.id,
        article_id=article.id,
        kind=QuoteKind(claim.kind),
        content=claim.content,
        content_start=claim.content_start,
        content_end=claim.content_end,
        subject=claim.subject,
        predicate=claim.predicate,
        polarity=claim.polarity,
        hedged=claim.hedged,
        quantifier=claim.quantifier,
        frame=claim.frame,
        stated_on=stated_on,
        speaker_text=_written_as(claim.speaker_text),
        embedding=embedding,
    )
    session.add(row)
    session.flush()
    session.add_all(
        ClaimTopic(claim_id=row.id, topic=key, team_id=team_id, person_id=person.id)
        for key in _topic_keys(claim.topics)
    )
    session.flush()
    return row


def _written_as(speaker_text: str | None) -> str | None:
    """A speaker mention as kept: spacing folded, at most the column's length."""
    if speaker_text is None:
        return None
    return " ".join(speaker_text.split())[:NAME_LENGTH] or None


def get_claim(session: Session, team_id: str, claim_id: int) -> ClaimRow | None:
    return session.scalars(
        select(ClaimRow).where(ClaimRow.team_id == team_id, ClaimRow.id == claim_id)
    ).one_or_none()


def _newest_per_topic(
    team_id: str, person_id: int, keys: list[str], before_claim_id: int | None, limit: int
) -> Select[Any] | CompoundSelect[Any]:
    """Claim ids of the person on each topic, the ``limit`` newest per topic, one row each
    time a claim shares a topic (a backwards range scan of the topic index per topic)."""
    ct = ClaimTopic.__table__.c
    branches: list[Select[Any]] = []
    for key in keys:
        branch = select(ct.claim_id).where(
            ct.team_id == team_id, ct.person_id == person_id, ct.topic == key
        )
        if before_claim_id is not None:
            branch = branch.where(ct.claim_id < before_claim_id)
        newest = branch.order_by(ct.claim_id.desc()).limit(limit).subquery()
        branches.append(select(newest.c.claim_id))
    return union_all(*branches) if len(branches) > 1 else branches[0]


def person_claim_ids(
    session: Session,
    team_id: str,
    *,
    person_id: int,
    before_claim_id: int | None = None,
    exclude_article_id: int | None = None,
) -> tuple[int, ...]:
    """The ids of this person's claims, in order; bounded as `earlier_claim_candidates` is.

    Claims are never edited, only filed under another person: the same ids mean the same
    history (what `bot.prejudge` checks before reusing a judgement made on a snapshot).
    """
    query = select(ClaimRow.id).where(ClaimRow.team_id == team_id, ClaimRow.person_id == person_id)
    if before_claim_id is not None:
        query = query.where(ClaimRow.id < before_claim_id)
    if exclude_article_id is not None:
        query = query.where(ClaimRow.article_id != exclude_article_id)
    return tuple(session.scalars(query.order_by(ClaimRow.id)).all())


def earlier_claim_candidates(
    session: Session,
    team_id: str,
    *,
    person_id: int,
    topics: Iterable[str],
    before_claim_id: int | None = None,
    exclude_article_id: int | None = None,
    limit: int = 200,
) -> list[ClaimRow]:
    """Claims of this person sharing at least one topic: most shared topics first, then newest.

    The work is bounded by ``limit`` per topic, whatever the size of the history: each topic
    is a backwards range scan of the ``(team_id, person_id, topic, claim_id)`` index that
    stops after the ``limit`` newest (highest id) claims. The newest ``limit`` claims
    sharing any topic are therefore always among the candidates; of those, the ones sharing
    the most topics come first, ties broken by date stated and id, newest first.
    ``before_claim_id`` keeps only claims filed before that claim; ``exclude_article_id``
    leaves out the claims of one article (e.g. the one being filed).
    """
    keys = _topic_keys(topics)
    if not keys or limit <= 0:
        return []
    window = _newest_per_topic(team_id, person_id, keys, before_claim_id, limit).subquery()
    shared = func.count().label("shared")
    ranked = (
        select(window.c.claim_id, shared)
        .group_by(window.c.claim_id)
        .order_by(desc(shared), window.c.claim_id.desc())
        .limit(limit)
        .subquery()
    )
    # Join the ranked ids to claims by primary key. (Filtering claims by team_id and an
    # IN list instead lets SQLite walk the team's whole history on a team_id index.)
    query = (
        select(ClaimRow, ranked.c.shared)
        .select_from(ranked)
        .join(ClaimRow, ClaimRow.id == ranked.c.claim_id)
        .where(ClaimRow.team_id == team_id)
    )
    if exclude_article_id is not None:
        query = query.where(ClaimRow.article_id != exclude_article_id)
    rows = session.execute(query).all()
    return [
        row
        for row, _ in sorted(
            rows, key=lambda r: (-int(r[1]), -r[0].stated_on.toordinal(), -r[0].id)
        )
    ]


def nearest_claims(
    session: Session,
    team_id: str,
    *,
    person_id: int,
    embedding: bytes,
    limit: int,
    min_similarity: float = 0.0,
    before_claim_id: int | None = None,
    exclude_article_id: int | None = None,
) -> list[tuple[ClaimRow, float]]:
    """This person's claims closest in meaning to ``embedding`` (cosine, most similar first).

    Embeddings are L2-normalised float32 vectors (``ClaimRow.embedding``); claims without
    one, or with one of another size, are passed over. Only the person's own history is
    read (the ``(team_id, person_id, …)`` index), never the team's.
    """
    query = np.frombuffer(embedding, dtype=np.float32)
    stmt = select(ClaimRow.id, ClaimRow.embedding).where(
        ClaimRow.team_id == team_id,
        ClaimRow.person_id == person_id,
        ClaimRow.embedding.is_not(None),
    )
    if before_claim_id is not None:
        stmt = stmt.where(ClaimRow.id < before_claim_id)
    if exclude_article_id is not None:
        stmt = stmt.where(ClaimRow.article_id != exclude_article_id)
    stored = [(i, e) for i, e in session.execute(stmt).all() if e and len(e) == len(embedding)]
    if not stored or limit <= 0:
        return []
    matrix = np.frombuffer(b"".join(e for _, e in stored), dtype=np.float32)
    similarities = matrix.reshape(len(stored), query.size) @ query
    order = np.argsort(-similarities, kind="stable")[:limit]
    wanted = {stored[i][0]: float(similarities[i]) for i in order}
    wanted = {i: s for i, s in wanted.items() if s >= min_similarity}
    if not wanted:
        return []
    rows = session.scalars(select(ClaimRow).where(ClaimRow.id.in_(list(wanted)))).all()
    return sorted(((row, wanted[row.id]) for row in rows), key=lambda pair: -pair[1])


def person_history(
    session: Session, team_id: str, person_id: int
) -> list[tuple[ClaimRow, Article]]:
    """Every stored claim of a person with its article, by date stated then id."""
    rows = session.execute(
        select(ClaimRow, Article)
        .join(Article, Article.id == ClaimRow.article_id)
        .where(ClaimRow.team_id == team_id, ClaimRow.person_id == person_id)
        .order_by(ClaimRow.stated_on, ClaimRow.id)
    ).all()
    return [(claim, article) for claim, article in rows]


def statements_since(
    session: Session, team_id: str, since: datetime
) -> list[tuple[Person, Article]]:
    """Each statement filed at or after ``since`` as (speaker, article), once per statement.

    A statement of several clauses is stored as several claims; it comes back once.
    Speakers an editor marked not a person (``Person.not_a_person``) are left out.
    """
    statements = (
        select(ClaimRow.person_id, ClaimRow.article_id, ClaimRow.content)
        .where(ClaimRow.team_id == team_id, ClaimRow.created_at >= since)
        .distinct()
        .subquery()
    )
    rows = session.execute(
        select(Person, Article)
        .join(statements, statements.c.person_id == Person.id)
        .join(Article, Article.id == statements.c.article_id)
        .where(Person.team_id == team_id, Person.not_a_person.is_(False))
        .order_by(Person.id, Article.id)
    ).all()
    return [(person, article) for person, article in rows]
