"""Repository functions. Session first; every query filters by ``team_id``.

The caller owns the transaction: these functions ``flush()`` but never ``commit()``, so one
ingest (article, people, claims, contradictions) commits or rolls back as a whole.

Inserts that can race with another worker (same article, person, Slack event, digest run,
contradiction) run inside a SAVEPOINT; the loser catches the IntegrityError, rolls back
only the savepoint and re-reads the winner's row. On PostgreSQL, person resolution also
takes a transaction-scoped advisory lock per workspace, so two workers filing the same man
under "Khawaja Asif" and "Asif" at once cannot create him twice (SQLite transactions are
already serialised: ``store.db`` starts them with BEGIN IMMEDIATE).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any, cast

import numpy as np
from sqlalchemy import Select, delete, desc, func, or_, select, text, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, joinedload

from bot.nlp.types import Claim, Number, QuoteKind, Slot
from store.models import (
    CONTRADICTION_STATUSES,
    NAME_LENGTH,
    TOPIC_LENGTH,
    Article,
    ClaimRow,
    ClaimTopic,
    Contradiction,
    DigestRun,
    Person,
    PersonAlias,
    PersonTitle,
    ProcessedEvent,
    WatchedChannel,
    utcnow,
)

__all__ = [
    "Article",
    "ClaimRow",
    "Contradiction",
    "Person",
    "add_article_if_new",
    "add_claim",
    "add_contradiction",
    "articles_since",
    "claim_digest_run",
    "claim_to_frame",
    "contradictions_since",
    "earlier_claim_candidates",
    "find_article",
    "find_contradiction_by_message",
    "find_people",
    "get_claim",
    "get_contradiction",
    "get_person",
    "is_watched",
    "mark_event_processed",
    "name_key",
    "nearest_claims",
    "person_history",
    "resolve_person",
    "review_contradiction",
    "set_contradiction_message",
    "statements_since",
    "text_hash",
    "topic_key",
    "unwatch_channel",
    "watch_channel",
    "watched_channels",
]

# Leading honorifics ignored when matching names ("Mr. Asif" is "Asif").
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady"}
)
_WORD = re.compile(r"[\w'’-]+")


# --------------------------------------------------------------------------- normalising


def text_hash(text_: str) -> str:
    """sha256 hex of the article text (the deduplication key of articles)."""
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def name_key(name: str) -> str:
    """The lookup key of a name: NFKC, case-folded, punctuation and leading honorifics dropped.

    ``"Mr. Khawaja  Asif"`` -> ``"khawaja asif"``.
    """
    folded = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    words = [w.strip("'-") for w in _WORD.findall(folded)]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in _HONORIFICS:
        words.pop(0)
    return " ".join(words)[:NAME_LENGTH]


def topic_key(topic: str) -> str:
    """How a topic is stored and looked up: trimmed, lower-case, at most 100 characters."""
    return " ".join(topic.split()).lower()[:TOPIC_LENGTH]


def _title_key(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())[:NAME_LENGTH]


def _topic_keys(topics: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for topic in topics:
        key = topic_key(topic)
        if key and key not in keys:
            keys.append(key)
    return keys


def _surname_as_written(name: str) -> str:
    words = [w.strip("'-") for w in _WORD.findall(unicodedata.normalize("NFKC", name))]
    words = [w for w in words if w]
    return words[-1] if words else ""


# --------------------------------------------------------------------------- dialect helpers


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _insert_ignore(
    session: Session, model: type[Any], rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> None:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, on SQLite and on PostgreSQL."""
    if not rows:
        return
    stmt: Any
    if _dialect(session) == "postgresql":
        stmt = postgresql.insert(model).on_conflict_do_nothing(index_elements=list(keys))
    else:
        stmt = sqlite.insert(model).on_conflict_do_nothing(index_elements=list(keys))
    session.execute(stmt, list(rows))


def _lock_people(session: Session, team_id: str) -> None:
    """PostgreSQL: serialise person resolution per workspace until the transaction ends."""
    if _dialect(session) != "postgresql":
        return
    digest = hashlib.sha256(f"onrecord.people\0{team_id}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


# --------------------------------------------------------------------------- articles


def find_article(
    session: Session, team_id: str, *, text_hash: str, source_url: str | None = None
) -> Article | None:
    """The article with this text hash, else (if given) the latest one filed from this URL."""
    article = session.scalars(
        select(Article).where(Article.team_id == team_id, Article.text_hash == text_hash)
    ).one_or_none()
    if article is None and source_url:
        article = session.scalars(
            select(Article)
            .where(Article.team_id == team_id, Article.source_url == source_url)
            .order_by(Article.id.desc())
            .limit(1)
        ).first()
    return article


def add_article_if_new(
    session: Session,
    team_id: str,
    *,
    text: str,
    text_hash: str,
    title: str,
    outlet: str,
    published: date | None,
    source_url: str | None,
    slack_channel: str | None = None,
    slack_ts: str | None = None,
    shared_by: str | None = None,
) -> tuple[Article, bool]:
    """Store an article unless one with the same text hash exists: (article, created).

    Race-safe: if another worker stores the same text at the same moment, this one gets
    ``created=False`` and the other worker's row.
    """
    existing = find_article(session, team_id, text_hash=text_hash)
    if existing is not None:
        return existing, False
    article = Article(
        team_id=team_id,
        text=text,
        text_hash=text_hash,
        title=title,
        outlet=outlet,
        published=published,
        source_url=source_url,
        slack_channel=slack_channel,
        slack_ts=slack_ts,
        shared_by=shared_by,
    )
    try:
        with session.begin_nested():
            session.add(article)
            session.flush()
    except IntegrityError:
        winner = find_article(session, team_id, text_hash=text_hash)
        if winner is None:
            raise
        return winner, False
    return article, True


def articles_since(session: Session, team_id: str, since: datetime) -> list[Article]:
    """Articles filed at or after ``since``, oldest first."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.team_id == team_id, Article.created_at >= since)
            .order_by(Article.created_at, Article.id)
        )
    )


# --------------------------------------------------------------------------- people


def get_person(session: Session, team_id: str, person_id: int) -> Person | None:
    return session.scalars(
        select(Person).where(Person.team_id == team_id, Person.id == person_id)
    ).one_or_none()


def find_people(session: Session, team_id: str, name: str) -> list[Person]:
    """People known under ``name`` (canonical name or any alias), exact name first."""
    key = name_key(name)
    if not key:
        return []
    alias_match = select(PersonAlias.person_id).where(
        PersonAlias.team_id == team_id, PersonAlias.alias_key == key
    )
    people = session.scalars(
        select(Person)
        .where(
            Person.team_id == team_id,
            or_(Person.name_key == key, Person.id.in_(alias_match)),
        )
        .order_by(Person.id)
    ).all()
    return sorted(people, key=lambda p: (p.name_key != key, p.id))


def _match_person(
    session: Session, team_id: str, key: str, alias_keys: Sequence[str], is_org: bool
) -> Person | None:
    """The one known person this name (and its aliases) refers to, or None.

    1. Exact canonical name (case-insensitive).
    2. Otherwise a person who is *compatible* and the only such person in the workspace:
       - the incoming name is one of their aliases ("Asif" -> "Khawaja Asif", who has the
         surname alias "Asif"; "Khawaja Asif" -> "Khawaja Muhammad Asif" mentioned so), or
       - a full-name alias of the incoming speaker is one of their aliases, or
       - they are known by a single name that is the incoming surname ("Khawaja Asif" ->
         "Asif").
       Two full names that merely share a surname ("Imran Khan", "Ayub Khan") are never
       compatible; a bare surname shared by 2+ people matches nobody.
    """
    exact = session.scalars(
        select(Person).where(Person.team_id == team_id, Person.name_key == key)
    ).one_or_none()
    if exact is not None:
        return exact

    words = key.split()
    full_aliases = {k for k in alias_keys if len(k.split()) > 1}
    lookup = {key} | full_aliases
    surname = words[-1] if len(words) > 1 and not is_org else None
    if surname:
        lookup.add(surname)

    rows = session.execute(
        select(PersonAlias.person_id, PersonAlias.alias_key, Person.name_key, Person.is_org)
        .join(Person, Person.id == PersonAlias.person_id)
        .where(PersonAlias.team_id == team_id, PersonAlias.alias_key.in_(sorted(lookup)))
    ).all()
    matched: dict[int, set[str]] = {}
    stored_key: dict[int, str] = {}
    for person_id, alias_key, person_key, person_is_org in rows:
        if bool(person_is_org) != is_org:
            continue
        matched.setdefault(person_id, set()).add(alias_key)
        stored_key[person_id] = person_key

    compatible = [
        person_id
        for person_id, keys in matched.items()
        if key in keys or keys & full_aliases or (surname and stored_key[person_id] == surname)
    ]
    if len(compatible) != 1:
        return None
    return session.get(Person, compatible[0])


def _create_person(
    session: Session, team_id: str, *, name: str, key: str, is_org: bool, is_official: bool
) -> Person:
    person = Person(
        team_id=team_id, name=name.strip(), name_key=key, is_org=is_org, is_official=is_official
    )
    try:
        with session.begin_nested():
            session.add(person)
            session.flush()
    except IntegrityError:
        winner = session.scalars(
            select(Person).where(Person.team_id == team_id, Person.name_key == key)
        ).one_or_none()
        if winner is None:
            raise
        return winner
    return person


def _add_aliases(session: Session, team_id: str, person: Person, written: Iterable[str]) -> None:
    known = set(
        session.scalars(select(PersonAlias.alias_key).where(PersonAlias.person_id == person.id))
    )
    rows: list[dict[str, Any]] = []
    for alias in written:
        alias = " ".join(alias.split())[:NAME_LENGTH]
        key = name_key(alias)
        if key and key not in known:
            known.add(key)
            rows.append(
                {"person_id": person.id, "team_id": team_id, "alias": alias, "alias_key": key}
            )
    _insert_ignore(session, PersonAlias, rows, ["person_id", "alias_key"])
    if rows:
        session.expire(person, ["aliases"])


def _add_titles(
    session: Session,
    team_id: str,
    person: Person,
    titles: Iterable[str],
    seen_on: date,
    article_id: int | None,
) -> None:
    existing = {
        t.title_key: t
        for t in session.scalars(select(PersonTitle).where(PersonTitle.person_id == person.id))
    }
    for title in titles:
        title = " ".join(title.split())[:NAME_LENGTH]
        key = _title_key(title)
        if not key:
            continue
        row = existing.get(key)
        if row is None:
            row = PersonTitle(
                person_id=person.id,
                team_id=team_id,
                title=title,
                title_key=key,
                first_seen=seen_on,
                last_seen=seen_on,
                article_id=article_id,
            )
            session.add(row)
            existing[key] = row
            continue
        if seen_on < row.first_seen:
            row.first_seen = seen_on
            row.article_id = article_id
        if seen_on > row.last_seen:
            row.last_seen = seen_on
    session.flush()
    session.expire(person, ["titles"])


def resolve_person(
    session: Session,
    team_id: str,
    *,
    name: str,
    aliases: Sequence[str] = (),
    titles: Sequence[str] = (),
    is_org: bool = False,
    is_official: bool = False,
    seen_on: date | None = None,
    article_id: int | None = None,
) -> Person:
    """The stored person for a speaker, created if unknown; records new aliases and titles.

    See ``_match_person`` for the matching rule. A person known only by a single name who
    turns up under a full name is renamed to the full name. The canonical name, the
    surname and every alias are stored as aliases; titles keep first/last seen dates.
    """
    key = name_key(name)
    if not key:
        raise ValueError(f"cannot resolve a person without a name (got {name!r})")
    seen = seen_on or datetime.now(UTC).date()
    alias_keys = [k for k in (name_key(a) for a in aliases) if k]

    _lock_people(session, team_id)
    person = _match_person(session, team_id, key, alias_keys, is_org)
    if person is None:
        person = _create_person(
            session, team_id, name=name, key=key, is_org=is_org, is_official=is_official
        )
    elif person.name_key != key and len(person.name_key.split()) == 1 and len(key.split()) > 1:
        person.name = name.strip()
        person.name_key = key
    if is_official and not person.is_official:
        person.is_official = True
    session.flush()

    written = [name, *aliases]
    if not is_org and len(key.split()) > 1:
        written.append(_surname_as_written(name))
    _add_aliases(session, team_id, person, written)
    if titles:
        _add_titles(session, team_id, person, titles, seen, article_id)
    return person


# --------------------------------------------------------------------------- claims


def add_claim(
    session: Session,
    team_id: str,
    *,
    person: Person,
    article: Article,
    claim: Claim,
    stated_on: date,
    embedding: bytes | None = None,
) -> ClaimRow:
    """Store one claim with its topics (de-duplicated, keyed by ``topic_key``) and, when
    given, its statement's embedding (float32 bytes, see ``nearest_claims``)."""
    row = ClaimRow(
        team_id=team_id,
        person_id=person.id,
        article_id=article.id,
        kind=claim.kind,
        content=claim.content,
        content_start=claim.content_start,
        content_end=claim.content_end,
        subject=claim.subject,
        predicate=claim.predicate,
        polarity=claim.polarity,
        hedged=claim.hedged,
        quantifier=claim.quantifier,
        frame={
            "speaker": claim.speaker,
            "slots": [asdict(s) for s in claim.slots],
            "numbers": [asdict(n) for n in claim.numbers],
            "topics": list(claim.topics),
            "predicate_text": claim.predicate_text,
            "text": claim.text,
            "verb_text": claim.verb_text,
        },
        stated_on=stated_on,
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


def get_claim(session: Session, team_id: str, claim_id: int) -> ClaimRow | None:
    return session.scalars(
        select(ClaimRow).where(ClaimRow.team_id == team_id, ClaimRow.id == claim_id)
    ).one_or_none()


def claim_to_frame(row: ClaimRow) -> Claim:
    """Rebuild the frozen ``Claim`` from a stored row (so the detector can run on history)."""
    frame = row.frame or {}
    speaker = frame.get("speaker")
    return Claim(
        speaker=str(speaker) if speaker is not None else row.person.name,
        content=row.content,
        content_start=row.content_start,
        content_end=row.content_end,
        kind=cast(QuoteKind, row.kind),
        subject=row.subject,
        predicate=row.predicate,
        polarity=row.polarity,
        slots=tuple(Slot(**s) for s in frame.get("slots", [])),
        numbers=tuple(
            Number(
                value=float(n["value"]),
                text=n["text"],
                measure=n["measure"],
                start=n["start"],
                end=n["end"],
                shown=str(n.get("shown", "")),
            )
            for n in frame.get("numbers", [])
        ),
        hedged=row.hedged,
        quantifier=row.quantifier,
        topics=tuple(frame.get("topics", [])),
        predicate_text=str(frame.get("predicate_text", "")),
        text=str(frame.get("text", "")),
        verb_text=str(frame.get("verb_text", "")),
    )


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
    window = (union_all(*branches) if len(branches) > 1 else branches[0]).subquery()
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
        .where(Person.team_id == team_id)
        .order_by(Person.id, Article.id)
    ).all()
    return [(person, article) for person, article in rows]


# --------------------------------------------------------------------------- contradictions


def _contradiction(
    session: Session, team_id: str, new_claim_id: int, earlier_claim_id: int
) -> Contradiction | None:
    return session.scalars(
        select(Contradiction).where(
            Contradiction.team_id == team_id,
            Contradiction.new_claim_id == new_claim_id,
            Contradiction.earlier_claim_id == earlier_claim_id,
        )
    ).one_or_none()


def add_contradiction(
    session: Session,
    team_id: str,
    *,
    new_claim_id: int,
    earlier_claim_id: int,
    kind: str,
    score: float,
    explanation: str = "",
    earlier_value: str | None = None,
    later_value: str | None = None,
    slack_channel: str | None = None,
    slack_ts: str | None = None,
    tier: str = "alert",
) -> Contradiction:
    """Store a flagged pair (status 'open'); the same pair again returns the stored row."""
    existing = _contradiction(session, team_id, new_claim_id, earlier_claim_id)
    if existing is not None:
        return existing
    row = Contradiction(
        team_id=team_id,
        new_claim_id=new_claim_id,
        earlier_claim_id=earlier_claim_id,
        kind=kind,
        score=score,
        explanation=explanation,
        earlier_value=earlier_value,
        later_value=later_value,
        status="open",
        tier=tier,
        slack_channel=slack_channel,
        slack_ts=slack_ts,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        winner = _contradiction(session, team_id, new_claim_id, earlier_claim_id)
        if winner is None:
            raise
        return winner
    return row


def statement_key(content: str) -> str:
    """A statement's words, case and spacing folded: the same words re-reported match."""
    return " ".join(re.findall(r"\w+", content.casefold()))


def flagged_statement_pairs(session: Session, team_id: str, person_id: int) -> set[tuple[str, str]]:
    """(earlier, later) statement keys of every pair of this person flagged so far.

    Whatever its review status, a pair is never flagged again: not when the same two
    statements turn up in another article (a re-report), and not after a dismissal.
    """
    earlier = aliased(ClaimRow)
    later = aliased(ClaimRow)
    rows = session.execute(
        select(earlier.content, later.content)
        .select_from(Contradiction)
        .join(earlier, earlier.id == Contradiction.earlier_claim_id)
        .join(later, later.id == Contradiction.new_claim_id)
        .where(Contradiction.team_id == team_id, later.person_id == person_id)
    ).all()
    return {(statement_key(old), statement_key(new)) for old, new in rows}


def get_contradiction(
    session: Session, team_id: str, contradiction_id: int
) -> Contradiction | None:
    return session.scalars(
        select(Contradiction).where(
            Contradiction.team_id == team_id, Contradiction.id == contradiction_id
        )
    ).one_or_none()


def find_contradiction_by_message(
    session: Session, team_id: str, channel: str, ts: str
) -> Contradiction | None:
    """The contradiction whose Slack alert is the message (channel, ts)."""
    return session.scalars(
        select(Contradiction)
        .where(
            Contradiction.team_id == team_id,
            Contradiction.slack_channel == channel,
            Contradiction.slack_ts == ts,
        )
        .limit(1)
    ).first()


def set_contradiction_message(
    session: Session, team_id: str, contradiction_id: int, *, channel: str, ts: str
) -> Contradiction | None:
    """Remember where the alert for a contradiction was posted."""
    row = get_contradiction(session, team_id, contradiction_id)
    if row is not None:
        row.slack_channel = channel
        row.slack_ts = ts
        session.flush()
    return row


def review_contradiction(
    session: Session,
    team_id: str,
    contradiction_id: int,
    *,
    status: str,
    reviewer: str | None,
    at: datetime | None = None,
) -> Contradiction | None:
    """Set an editor's verdict ('open', 'confirmed' or 'dismissed'); None if not found."""
    if status not in CONTRADICTION_STATUSES:
        raise ValueError(f"status must be one of {', '.join(CONTRADICTION_STATUSES)}")
    row = get_contradiction(session, team_id, contradiction_id)
    if row is None:
        return None
    row.status = status
    row.reviewed_by = reviewer
    row.reviewed_at = at or utcnow()
    session.flush()
    return row


def contradictions_since(
    session: Session,
    team_id: str,
    since: datetime,
    *,
    statuses: Iterable[str] | None = None,
    person_ids: Iterable[int] | None = None,
) -> list[Contradiction]:
    """Contradictions flagged at or after ``since`` (oldest first), with both claims, their
    person and article loaded; ``statuses`` filters by review status, ``person_ids`` by
    whose statements they are."""
    query = (
        select(Contradiction)
        .where(Contradiction.team_id == team_id, Contradiction.created_at >= since)
        .options(
            joinedload(Contradiction.new_claim)
            .joinedload(ClaimRow.person)
            .selectinload(Person.titles),
            joinedload(Contradiction.new_claim).joinedload(ClaimRow.article),
            joinedload(Contradiction.earlier_claim).joinedload(ClaimRow.person),
            joinedload(Contradiction.earlier_claim).joinedload(ClaimRow.article),
        )
        .order_by(Contradiction.created_at, Contradiction.id)
    )
    if statuses is not None:
        query = query.where(Contradiction.status.in_(list(statuses)))
    if person_ids is not None:
        new_claims = select(ClaimRow.id).where(
            ClaimRow.team_id == team_id, ClaimRow.person_id.in_(list(person_ids))
        )
        query = query.where(Contradiction.new_claim_id.in_(new_claims))
    return list(session.scalars(query).unique())


# --------------------------------------------------------------------------- Slack bookkeeping


def _insert_once(session: Session, row: object) -> bool:
    """Insert ``row`` in a SAVEPOINT; False if its key is taken (now or by a racing worker)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def mark_event_processed(session: Session, team_id: str, event_id: str) -> bool:
    """Record a Slack event id; False if it was already recorded (a retry: skip it)."""
    if session.get(ProcessedEvent, (team_id, event_id)) is not None:
        return False
    return _insert_once(session, ProcessedEvent(team_id=team_id, event_id=event_id))


def claim_digest_run(session: Session, team_id: str, channel: str, day: date) -> bool:
    """Reserve the digest of ``day`` for ``channel``; False if it already ran (or is running)."""
    if session.get(DigestRun, (team_id, channel, day)) is not None:
        return False
    return _insert_once(session, DigestRun(team_id=team_id, channel=channel, day=day))


def watch_channel(session: Session, team_id: str, channel: str, enabled_by: str | None) -> bool:
    """Start filing every article shared in ``channel``; False if it was already watched."""
    if is_watched(session, team_id, channel):
        return False
    return _insert_once(
        session, WatchedChannel(team_id=team_id, channel=channel, enabled_by=enabled_by)
    )


def unwatch_channel(session: Session, team_id: str, channel: str) -> bool:
    """Stop watching ``channel``; False if it was not watched."""
    result = session.execute(
        delete(WatchedChannel).where(
            WatchedChannel.team_id == team_id, WatchedChannel.channel == channel
        )
    )
    session.flush()
    return bool(getattr(result, "rowcount", 0))


def is_watched(session: Session, team_id: str, channel: str) -> bool:
    return session.get(WatchedChannel, (team_id, channel)) is not None


def watched_channels(session: Session, team_id: str) -> list[str]:
    return list(
        session.scalars(
            select(WatchedChannel.channel)
            .where(WatchedChannel.team_id == team_id)
            .order_by(WatchedChannel.channel)
        )
    )
