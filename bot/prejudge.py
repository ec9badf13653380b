"""Judging before filing: the slow part of an ingest, done on a read snapshot.

On SQLite a writing transaction holds the database's one write lock from its first
statement to its commit, and every other write (a Slack request's durable job row) waits
for it. Judging a long article's statements against a long history takes seconds, so
`prejudge` does it first, in a read-only session, against the people the statements would
be filed under as they stand (nobody is created, renamed or locked). The filing then reads
each statement's candidates again inside its write transaction and reuses a verdict only
where the pairs it would judge are exactly the pairs judged here; anything that changed in
between (a person created or renamed, a claim filed by another worker, a date rolled over)
is judged there as before. Same pairs in, same verdicts out: what is filed does not depend
on which phase judged it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.claim_rows import claim_to_frame
from bot.nlp.types import Claim, Statement, Verdict
from bot.people import existing_person
from store.claims import earlier_claim_candidates, nearest_claims, person_claim_ids
from store.models import ClaimRow, Person
from store.roles import holder_of_role

if TYPE_CHECKING:
    from bot.nlp.judge import ContradictionScorer, StatementForJudging

CANDIDATE_LIMIT = 200  # earlier claims sharing a topic, per new statement (index lookup)
NEAREST_LIMIT = 24  # earlier claims nearest in meaning, per new statement
MIN_SIMILARITY = 0.35  # cosine below which an earlier statement is on another subject
JUDGED_LIMIT = 24  # earlier statements judged per new statement (bounds the model's work)

Pair = tuple["StatementForJudging", "StatementForJudging"]


@dataclass(frozen=True)
class ReadStatement:
    """A statement found in the article, with the proposition frames it is filed as and its
    sentence embedding (float32 bytes; None without an embedder)."""

    statement: Statement
    claims: tuple[Claim, ...]
    embedding: bytes | None = None


@dataclass(frozen=True)
class Prejudged:
    """One statement judged on a snapshot: against whose history (the person, the name the
    statement is filed under, the ids of every claim on record), the date it was said, the
    (earlier, later) pairs judged and their verdicts, in order, and for each pair the first
    stored claim of its earlier statement and whether that stored statement is the earlier
    side."""

    person_id: int
    speaker: str
    stated_on: date
    history: tuple[int, ...]
    pairs: tuple[Pair, ...]
    verdicts: tuple[Verdict | None, ...]
    stored_ids: tuple[int, ...]
    stored_first: tuple[bool, ...]

    def still_holds(self, person: Person, stated_on: date, history: tuple[int, ...]) -> bool:
        """Filing this statement would judge exactly these pairs: the same person under the
        same name, the same date, the same claims on record (claims are never edited)."""
        return (self.person_id, self.speaker, self.stated_on, self.history) == (
            person.id,
            person.name,
            stated_on,
            history,
        )


@dataclass(frozen=True)
class OnRecord:
    """Whose history a statement is judged against, and which part of it."""

    person_id: int
    speaker: str  # the person's name as the statement is filed
    before_claim_id: int | None = None  # only claims filed before this one
    exclude_article_id: int | None = None  # leave out the article being filed

    @property
    def bounds(self) -> dict[str, int | None]:
        return {
            "before_claim_id": self.before_claim_id,
            "exclude_article_id": self.exclude_article_id,
        }


def prejudge(
    session: Session,
    team: str,
    scorer: ContradictionScorer | None,
    found: Sequence[ReadStatement],
    stated_on: date,
) -> dict[int, Prejudged]:
    """Verdicts for each statement (by index in `found`) whose speaker is already on
    record, judged against that person's history as this session sees it. Reads only."""
    from bot.nlp.judge import INGEST_MODEL_PAIRS, judge_pairs
    from bot.nlp.statement_dates import statement_date

    judged: dict[int, Prejudged] = {}
    people: dict[str, tuple[Person, str] | None] = {}
    for index, read in enumerate(found):
        when = statement_date(read.statement, stated_on)
        speaker = _speaker_on_record(session, team, read.statement, when.on, people)
        if speaker is None:
            continue
        person, name = speaker
        history = OnRecord(person.id, name)
        ids = person_claim_ids(session, team, person_id=person.id)
        on_record = statements_on_record(session, team, history, read, read.embedding)
        now = just_read(read, name, when.on)
        pairs = tuple(in_date_order(stored, now) for stored, _ in on_record)
        verdicts = judge_pairs(pairs, scorer, max_model_pairs=INGEST_MODEL_PAIRS) if pairs else []
        stored_ids = tuple(rows[0].id for _, rows in on_record)
        first = tuple(pair[1] is now for pair in pairs)
        judged[index] = Prejudged(
            person.id, name, when.on, ids, pairs, tuple(verdicts), stored_ids, first
        )
    return judged


def _speaker_on_record(
    session: Session,
    team: str,
    statement: Statement,
    said_on: date,
    people: dict[str, tuple[Person, str] | None],
) -> tuple[Person, str] | None:
    """The stored person (and the name they would be filed under) a statement would be
    filed under as things stand; None for an unnamed source or someone not yet on record."""
    speaker = statement.speaker
    if speaker.kind == "role":
        holder = holder_of_role(session, team, speaker.role, said_on)
        return None if holder is None else (holder, holder.name)
    if not speaker.is_named:
        return None
    if speaker.name not in people:
        people[speaker.name] = existing_person(
            session, team, name=speaker.name, aliases=speaker.aliases, is_org=speaker.is_org
        )
    return people[speaker.name]


def just_read(read: ReadStatement, speaker: str, stated_on: date) -> StatementForJudging:
    """The side of a pair just read: the in-memory statement, never rebuilt from rows."""
    from bot.nlp.judge import StatementForJudging

    return StatementForJudging(
        speaker=speaker,
        text=read.statement.quote.content,
        claims=tuple(dataclasses.replace(c, speaker=speaker) for c in read.claims),
        stated_on=stated_on,
    )


def statements_on_record(
    session: Session,
    team: str,
    history: OnRecord,
    read: ReadStatement,
    embedding: bytes | None,
) -> list[tuple[StatementForJudging, list[ClaimRow]]]:
    """The person's statements on record worth judging against this one, best matched first.

    Nearest in meaning first, then those sharing most topics; at most `JUDGED_LIMIT`, so
    the model's work per statement is bounded whatever the size of the history.
    """
    topics = sorted({topic for claim in read.claims for topic in claim.topics})
    bounds = history.bounds
    person_id = history.person_id
    by_topic = (
        earlier_claim_candidates(
            session, team, person_id=person_id, topics=topics, limit=CANDIDATE_LIMIT, **bounds
        )
        if topics
        else []
    )
    by_meaning = (
        nearest_claims(
            session,
            team,
            person_id=person_id,
            embedding=embedding,
            limit=NEAREST_LIMIT,
            min_similarity=MIN_SIMILARITY,
            **bounds,
        )
        if embedding
        else []
    )
    grouped: dict[tuple[int, str], list[ClaimRow]] = {}
    for row in [r for r, _ in by_meaning] + by_topic:
        rows = grouped.setdefault((row.article_id, row.content), [])
        if row not in rows:
            rows.append(row)
    chosen = list(grouped.values())[:JUDGED_LIMIT]
    return [(rebuilt(rows, history.speaker), rows) for rows in chosen]


def rebuilt(rows: Sequence[ClaimRow], speaker: str) -> StatementForJudging:
    """An earlier statement rebuilt from its stored clause rows."""
    from bot.nlp.judge import StatementForJudging

    return StatementForJudging(
        speaker=speaker,
        text=rows[0].content,
        claims=tuple(dataclasses.replace(claim_to_frame(row), speaker=speaker) for row in rows),
        stated_on=rows[0].stated_on,
    )


def in_date_order(stored: StatementForJudging, now: StatementForJudging) -> Pair:
    """(earlier, later) by the date stated; on the same day the one filed first is earlier.

    A statement the new article recalls from before the stored one is the earlier side, so
    no flag ever has its "now" side older than its "earlier" side.
    """
    read_on, stored_on = now.stated_on, stored.stated_on
    if read_on is not None and stored_on is not None and read_on < stored_on:
        return now, stored
    return stored, now


@dataclass(frozen=True)
class JudgedPair:
    """A verdict on two filed statements of one person, before it is kept and stored."""

    person: Person
    earlier: ClaimRow
    later: ClaimRow
    verdict: Verdict

    @property
    def articles(self) -> tuple[int, int]:
        return self.earlier.article_id, self.later.article_id


def known_pairs(
    session: Session, person: Person, new_row: ClaimRow, known: Prejudged, recalled: bool
) -> list[JudgedPair]:
    """The pairs judged before the transaction, with the rows of this one."""
    found = []
    for stored_id, stored_first, verdict in zip(
        known.stored_ids, known.stored_first, known.verdicts, strict=True
    ):
        if verdict is None or verdict.tier is None or (recalled and stored_first):
            continue
        stored_row = session.get(ClaimRow, stored_id)
        if stored_row is None:  # cannot happen: the same claims are on record
            raise LookupError(f"claim {stored_id} is gone")
        earlier_row, later_row = (stored_row, new_row) if stored_first else (new_row, stored_row)
        found.append(JudgedPair(person, earlier_row, later_row, verdict))
    return found
