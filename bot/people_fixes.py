"""Fixing people: an editor merges two people, splits an alias off, renames one, or says a
speaker is no person at all ("His lawyer"). The command line and Slack call these.

Names are looked up as `onrecord history` does (canonical name or any alias), and "#12"
names the person with id 12. A name that finds nobody, or several people, raises
`PersonFixError` with a one-line reason listing the matches. Session first; every query
filters by ``team_id``; the caller owns the transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.claim_rows import claim_to_frame
from bot.flags import Flag
from bot.identity import name_key
from bot.people import find_people
from bot.wording import plural
from store import people
from store.claims import earlier_claim_candidates, nearest_claims, person_history
from store.models import ClaimRow, Person

if TYPE_CHECKING:
    from bot.nlp.judge import ContradictionScorer
    from bot.pipeline import JudgedPair

_BY_ID = re.compile(r"#(\d{1,9})")


class PersonFixError(ValueError):
    """A fix that cannot be made as asked; the message says why, in one line."""


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} (#{self.id})"


def ref(person: Person) -> PersonRef:
    return PersonRef(person.id, person.name)


@dataclass(frozen=True)
class Merged:
    """`gone` was merged into `kept`; the re-check of the joined history found `new_flags`."""

    kept: PersonRef
    gone: PersonRef
    claims_moved: int
    aliases_moved: int
    titles_moved: int
    new_flags: tuple[Flag, ...]

    def summary(self) -> str:
        flags = plural(len(self.new_flags), "new flag")
        return (
            f"merged {self.gone.label} into {self.kept.label}: "
            f"{plural(self.claims_moved, 'claim')} moved, {flags}"
        )


@dataclass(frozen=True)
class Split:
    """`alias` was detached from `person` into `new_person`, with the statements written so."""

    person: PersonRef
    new_person: PersonRef
    alias: str
    statements_moved: int
    flags_removed: int
    statements_without_mention: int

    def summary(self) -> str:
        text = (
            f"detached “{self.alias}” from {self.person.label} as {self.new_person.label}: "
            f"{plural(self.statements_moved, 'statement')} moved"
        )
        if self.flags_removed:
            text += f", {plural(self.flags_removed, 'flag')} between them removed"
        if self.statements_without_mention:
            text += (
                f"; {plural(self.statements_without_mention, 'statement')} filed before "
                f"mentions were kept stayed with {self.person.name}"
            )
        return text


@dataclass(frozen=True)
class Renamed:
    person_id: int
    old_name: str
    new_name: str

    def summary(self) -> str:
        return (
            f"renamed {self.old_name} to {self.new_name} (#{self.person_id}); "
            f"“{self.old_name}” stays an alias"
        )


@dataclass(frozen=True)
class Marked:
    """The speaker is (or, undone, is no longer) marked not a person."""

    person: PersonRef
    not_a_person: bool
    changed: bool

    def summary(self) -> str:
        if self.not_a_person:
            state = "marked not a person" if self.changed else "was already marked not a person"
            return (
                f"{self.person.label} {state}: left out of history, flags and the digest "
                f"(statements kept)"
            )
        state = "is a person again" if self.changed else "was not marked"
        return f"{self.person.label} {state}"


def pick_person(session: Session, team_id: str, name: str) -> Person:
    """The one person `name` (or "#id") names: an exact canonical name wins over aliases."""
    wanted = name.strip()
    by_id = _BY_ID.fullmatch(wanted)
    if by_id:
        person = people.get_person(session, team_id, int(by_id.group(1)))
        if person is None:
            raise PersonFixError(f"nobody on record has the id {wanted}")
        return person
    found = find_people(session, team_id, wanted)
    if not found:
        raise PersonFixError(f"nobody called “{wanted}” is on record")
    exact = [p for p in found if p.name_key == name_key(wanted)]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    listed = ", ".join(ref(p).label for p in found)
    raise PersonFixError(f"“{wanted}” matches several people: {listed}; use the full name or #id")


# --------------------------------------------------------------------------- merge


def people_to_merge(session: Session, team_id: str, name: str, into: str) -> tuple[Person, Person]:
    """(merged in, kept): the two different people `name` and `into` name."""
    gone, keep = pick_person(session, team_id, name), pick_person(session, team_id, into)
    if gone.id == keep.id:
        raise PersonFixError(f"“{name}” and “{into}” are the same person: {ref(keep).label}")
    return gone, keep


def merge_people(
    session: Session,
    team_id: str,
    name: str,
    into: str,
    scorer: ContradictionScorer | None = None,
) -> Merged:
    """Merge the person `name` into the person `into`, then re-check the joined history.

    Every statement of the merged-in person is judged against the other's statements on
    the same subject (both in date order, ingest's judge: `judge_pairs` with `scorer`, the
    rules alone without one), and the flags found are stored as ingest stores them, each
    pair at most once.
    """
    gone, keep = people_to_merge(session, team_id, name, into)
    gone_ref, keep_ref = ref(gone), ref(keep)
    judged = _judge_merged(session, team_id, keep, gone, scorer)
    counts = people.merge_people(session, team_id, keep=keep, gone=gone)
    flags = _store_flags(session, team_id, keep, judged)
    return Merged(
        kept=keep_ref,
        gone=gone_ref,
        claims_moved=counts.claims,
        aliases_moved=counts.aliases,
        titles_moved=counts.titles,
        new_flags=tuple(flags),
    )


def _statements(session: Session, team_id: str, person: Person) -> list[list[ClaimRow]]:
    """The person's statements, each as its clause rows, by date stated."""
    grouped: dict[tuple[int, str], list[ClaimRow]] = {}
    for claim, _ in person_history(session, team_id, person.id):
        grouped.setdefault((claim.article_id, claim.content), []).append(claim)
    return list(grouped.values())


def _candidates(
    session: Session, team_id: str, keep: Person, rows: Sequence[ClaimRow]
) -> list[list[ClaimRow]]:
    """`keep`'s statements worth judging against one merged-in statement: nearest in
    meaning, then sharing most topics, as ingest finds them (other articles only)."""
    from bot.pipeline import CANDIDATE_LIMIT, JUDGED_LIMIT, MIN_SIMILARITY, NEAREST_LIMIT

    topics = sorted({t for row in rows for t in claim_to_frame(row).topics})
    first = rows[0]
    by_topic = (
        earlier_claim_candidates(
            session,
            team_id,
            person_id=keep.id,
            topics=topics,
            limit=CANDIDATE_LIMIT,
            exclude_article_id=first.article_id,
        )
        if topics
        else []
    )
    by_meaning = (
        nearest_claims(
            session,
            team_id,
            person_id=keep.id,
            embedding=first.embedding,
            limit=NEAREST_LIMIT,
            min_similarity=MIN_SIMILARITY,
            exclude_article_id=first.article_id,
        )
        if first.embedding
        else []
    )
    grouped: dict[tuple[int, str], list[ClaimRow]] = {}
    for row in [r for r, _ in by_meaning] + by_topic:
        found = grouped.setdefault((row.article_id, row.content), [])
        if row not in found:
            found.append(row)
    return list(grouped.values())[:JUDGED_LIMIT]


def _judge_merged(
    session: Session,
    team_id: str,
    keep: Person,
    gone: Person,
    scorer: ContradictionScorer | None,
) -> list[JudgedPair]:
    """Verdicts on each statement of `gone` against `keep`'s (read before the merge)."""
    from bot.nlp.judge import INGEST_MODEL_PAIRS, judge_pairs
    from bot.pipeline import JudgedPair, in_date_order, statement_of

    found: list[JudgedPair] = []
    for rows in _statements(session, team_id, gone):
        merged_in = statement_of(rows, keep)
        on_record = _candidates(session, team_id, keep, rows)
        pairs = [in_date_order(statement_of(kept, keep), merged_in) for kept in on_record]
        verdicts = judge_pairs(pairs, scorer, max_model_pairs=INGEST_MODEL_PAIRS)
        for kept, pair, verdict in zip(on_record, pairs, verdicts, strict=True):
            if verdict is None or verdict.tier is None:
                continue
            earlier, later = (rows[0], kept[0]) if pair[0] is merged_in else (kept[0], rows[0])
            found.append(JudgedPair(keep, earlier, later, verdict))
    return found


def _store_flags(
    session: Session, team_id: str, keep: Person, judged: Sequence[JudgedPair]
) -> list[Flag]:
    from bot.pipeline import fewest_flags, store_flag

    stored = [store_flag(session, team_id, pair, channel=None) for pair in fewest_flags(judged)]
    return [flag for flag in stored if flag is not None]


# --------------------------------------------------------------------------- split, rename


def split_person(session: Session, team_id: str, name: str, alias: str) -> Split:
    """Detach `alias` from the person `name` into a new person called so.

    The statements whose speaker the article wrote as that alias (`ClaimRow.speaker_text`,
    compared by name key) move to the new person, with the titles seen only in their
    articles; flags that now join the two people are removed. Statements filed before the
    mention was kept (no `speaker_text`) cannot be told apart and stay with the person, as
    do those written another way ("he", "the minister", another alias); the result counts
    the former so the editor can check them.
    """
    person = pick_person(session, team_id, name)
    written_as, key = alias_to_split(session, team_id, person, alias)
    written = people.speaker_texts(session, team_id, person.id)
    moving = [claim_id for claim_id, text in written if text is not None and name_key(text) == key]
    unknown = {claim_id for claim_id, text in written if text is None}
    without_mention = _statements_among(session, team_id, person, unknown)
    before = ref(person)
    new, _, removed = people.split_person(session, team_id, person, key, moving)
    moved = people.statement_counts(session, team_id, [new.id]).get(new.id, 0)
    return Split(before, ref(new), written_as, moved, removed, without_mention)


def alias_to_split(session: Session, team_id: str, person: Person, alias: str) -> tuple[str, str]:
    """(the alias as stored, its key) if `alias` can be split off `person`; else raises."""
    key = name_key(alias)
    stored = next((a for a in person.aliases if a.alias_key == key), None)
    if stored is None:
        known = ", ".join(f"“{a.alias}”" for a in person.aliases if a.alias_key != person.name_key)
        raise PersonFixError(
            f"{ref(person).label} is not known as “{alias.strip()}”"
            + (f" (aliases: {known})" if known else " (no other aliases)")
        )
    if key == person.name_key:
        raise PersonFixError(f"“{alias.strip()}” is {person.name}'s own name: rename them instead")
    other = people.person_by_key(session, team_id, key)
    if other is not None:
        raise PersonFixError(
            f"{ref(other).label} already has that name: merge instead, or rename one first"
        )
    return stored.alias, key


def _statements_among(session: Session, team_id: str, person: Person, claim_ids: set[int]) -> int:
    return sum(1 for rows in _statements(session, team_id, person) if rows[0].id in claim_ids)


def rename_person(session: Session, team_id: str, name: str, new_name: str) -> Renamed:
    """Give the person `name` the canonical name `new_name`; the old name stays an alias.

    Refused when somebody else already has that name: merge the two instead.
    """
    person = pick_person(session, team_id, name)
    wanted, key = new_name_for(session, team_id, person, new_name)
    old = person.name
    people.rename_person(session, team_id, person, name=wanted, key=key)
    return Renamed(person.id, old, person.name)


def new_name_for(session: Session, team_id: str, person: Person, new_name: str) -> tuple[str, str]:
    """(the name as it will be stored, its key) if `person` can take it; else raises."""
    wanted = " ".join(new_name.split())
    key = name_key(wanted)
    if not key:
        raise PersonFixError("a new name needs at least one letter or digit")
    if wanted == person.name:
        raise PersonFixError(f"{ref(person).label} is already called that")
    holder = people.person_by_key(session, team_id, key)
    if holder is not None and holder.id != person.id:
        raise PersonFixError(
            f"{ref(holder).label} already has that name: merge “{person.name}” into "
            f"“{holder.name}” instead"
        )
    return wanted, key


def mark_not_a_person(session: Session, team_id: str, name: str, *, undo: bool = False) -> Marked:
    """Say the speaker `name` is no person (or, with `undo`, that they are one after all).

    Their statements stay on record; while marked they are left out of `history`, of the
    flags shown (thread alerts, review lists, the digest) and of the digest's people.
    """
    person = pick_person(session, team_id, name)
    changed = person.not_a_person == undo
    people.set_not_a_person(session, team_id, person, not undo)
    return Marked(ref(person), person.not_a_person, changed)


def list_people(session: Session, team_id: str, query: str = "") -> list[people.PersonSummary]:
    """Everyone on record (or those whose name or an alias contains `query`)."""
    return people.list_people(session, team_id, name_key(query) if query.strip() else "")
