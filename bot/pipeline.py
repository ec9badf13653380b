"""The one use case: an article in, its statements filed, contradictions found.

`ingest(article, ctx)` is what the Slack listeners, the CLI and the tests call. It does the
work inside the caller's transaction (``ctx.session``) and never commits: the caller owns the
transaction, so a failure anywhere leaves nothing half-written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy.orm import Session

from bot.articles import Article, text_hash
from bot.nlp.claims import claims_from_statement
from bot.nlp.contradictions import Verdict, detect, is_contradiction
from bot.nlp.extract import statements_in_text
from bot.nlp.statement_dates import statement_date
from bot.nlp.types import Claim, Statement
from store import repo
from store.models import Article as ArticleRow
from store.models import ClaimRow, Contradiction, Person
from store.roles import holder_of_role

CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class IngestContext:
    """Where an article comes from and what to file it under."""

    session: Session
    nlp: Language
    team_id: str
    stated_on: date | None = None
    source_label: str | None = None
    slack_channel: str | None = None
    slack_ts: str | None = None
    shared_by: str | None = None


@dataclass(frozen=True)
class StatementRef:
    """A filed statement as people read it: who, what, when, where from."""

    claim_id: int
    speaker: str
    title: str | None
    is_official: bool
    content: str
    kind: str
    date: date
    source: str
    source_url: str | None
    article_id: int
    slack_channel: str | None


@dataclass(frozen=True)
class Flag:
    """A contradiction between an earlier statement and one just filed."""

    contradiction_id: int
    speaker: str
    kind: str
    score: float
    explanation: str
    earlier_value: str
    later_value: str
    earlier: StatementRef
    later: StatementRef


@dataclass(frozen=True)
class IngestResult:
    """What an ingest filed (or, for a duplicate, that it filed nothing)."""

    article_id: int
    title: str
    source: str
    source_url: str | None
    published: date | None
    duplicate: bool
    statements: tuple[StatementRef, ...]
    questions: int
    contradictions: tuple[Flag, ...]


def source_of(article: ArticleRow) -> str:
    """How a journalist names where a statement came from: its link, else outlet or title."""
    return article.source_url or article.outlet or article.title or f"article {article.id}"


def statement_ref(claim: ClaimRow, article: ArticleRow, person: Person) -> StatementRef:
    titles = sorted(person.titles, key=lambda t: t.last_seen, reverse=True)
    return StatementRef(
        claim_id=claim.id,
        speaker=person.name,
        title=titles[0].title if titles else None,
        is_official=person.is_official,
        content=claim.content,
        kind=claim.kind,
        date=claim.stated_on,
        source=source_of(article),
        source_url=article.source_url,
        article_id=article.id,
        slack_channel=article.slack_channel,
    )


def claims_for(doc: Doc, statement: Statement) -> list[Claim]:
    """The statement's proposition frames; a statement with no clause still gets one row."""
    claims = claims_from_statement(doc, statement)
    if claims:
        return claims
    quote = statement.quote
    return [
        Claim(
            speaker=statement.speaker.name,
            content=quote.content,
            content_start=quote.content_start,
            content_end=quote.content_end,
            kind=quote.kind,
            subject="",
            predicate="",
            polarity=True,
            slots=(),
            numbers=(),
            hedged=False,
            quantifier=None,
            topics=(),
        )
    ]


def ingest(article: Article, ctx: IngestContext) -> IngestResult:
    """File an article's statements under their speakers and flag self-contradictions."""
    session, team = ctx.session, ctx.team_id
    digest = text_hash(article.text)
    existing = repo.find_article(session, team, text_hash=digest, source_url=article.source_url)
    if existing is not None:
        return _duplicate(existing)
    row, created = repo.add_article_if_new(
        session,
        team,
        text=article.text,
        text_hash=digest,
        title=article.title,
        outlet=article.outlet or ctx.source_label or "",
        published=ctx.stated_on or article.published,
        source_url=article.source_url,
        slack_channel=ctx.slack_channel,
        slack_ts=ctx.slack_ts,
        shared_by=ctx.shared_by,
    )
    if not created:
        return _duplicate(row)
    stated_on = row.published or datetime.now(UTC).date()
    doc, statements = statements_in_text(ctx.nlp, article.text)
    filed: list[StatementRef] = []
    flags: list[Flag] = []
    people: dict[str, Person] = {}
    for statement in statements:
        if statement.quote.kind == "question":
            continue
        when = statement_date(statement, stated_on)
        person = _filed_under(ctx, statement, when.on, stated_on, row, people)
        if person is None:
            continue  # an unnamed source, or a role nobody on record held then
        rows = [
            repo.add_claim(session, team, person=person, article=row, claim=c, stated_on=when.on)
            for c in claims_for(doc, statement)
        ]
        filed.append(statement_ref(rows[0], row, person))
        flags.extend(_flags_for(ctx, person, row, rows, recalled=when.recalled))
    questions = sum(1 for s in statements if s.quote.kind == "question")
    return _result(row, statements=filed, questions=questions, contradictions=flags)


def _duplicate(row: ArticleRow) -> IngestResult:
    """The answer for an article already on record: nothing new was filed."""
    return _result(row, duplicate=True)


def _result(
    row: ArticleRow,
    *,
    duplicate: bool = False,
    statements: Sequence[StatementRef] = (),
    questions: int = 0,
    contradictions: Sequence[Flag] = (),
) -> IngestResult:
    return IngestResult(
        article_id=row.id,
        title=row.title,
        source=source_of(row),
        source_url=row.source_url,
        published=row.published,
        duplicate=duplicate,
        statements=tuple(statements),
        questions=questions,
        contradictions=tuple(contradictions),
    )


def _filed_under(
    ctx: IngestContext,
    statement: Statement,
    said_on: date,
    seen_on: date,
    article: ArticleRow,
    people: dict[str, Person],
) -> Person | None:
    """The Person a statement is filed under: a named speaker (found or created), the
    holder on record of a role the article never names, or None for an unnamed source."""
    speaker = statement.speaker
    if speaker.kind == "role":
        return holder_of_role(ctx.session, ctx.team_id, speaker.role, said_on)
    if not speaker.is_named:
        return None
    person = people.get(speaker.name) or _person_for(ctx, statement, seen_on, article)
    people[speaker.name] = person
    return person


def _person_for(
    ctx: IngestContext, statement: Statement, seen_on: date, article: ArticleRow
) -> Person:
    speaker = statement.speaker
    return repo.resolve_person(
        ctx.session,
        ctx.team_id,
        name=speaker.name,
        aliases=speaker.aliases,
        titles=speaker.titles,
        is_org=speaker.is_org,
        is_official=speaker.is_official,
        seen_on=seen_on,
        article_id=article.id,
    )


def _flags_for(
    ctx: IngestContext,
    person: Person,
    article: ArticleRow,
    new_rows: Sequence[ClaimRow],
    *,
    recalled: bool = False,
) -> list[Flag]:
    """Compare one new statement's claims with the person's earlier claims on shared topics.

    A recalled statement ('In 2019, she said …') is never the 'now' side of a flag."""
    session, team = ctx.session, ctx.team_id
    best: dict[tuple[int, int], tuple[ClaimRow, ClaimRow, Verdict]] = {}
    for new_row in new_rows:
        new_claim = dataclasses.replace(repo.claim_to_frame(new_row), speaker=person.name)
        if not new_claim.topics:
            continue
        candidates = repo.earlier_claim_candidates(
            session,
            team,
            person_id=person.id,
            topics=new_claim.topics,
            before_claim_id=new_rows[0].id,
            exclude_article_id=article.id,
            limit=CANDIDATE_LIMIT,
        )
        for old_row in candidates:
            old_claim = dataclasses.replace(repo.claim_to_frame(old_row), speaker=person.name)
            earlier_row, later_row = _in_date_order(old_row, new_row)
            if recalled and later_row is new_row:
                continue
            earlier, later = (
                (old_claim, new_claim) if earlier_row is old_row else (new_claim, old_claim)
            )
            verdict = detect(
                later, earlier, earlier_date=earlier_row.stated_on, later_date=later_row.stated_on
            )
            if not is_contradiction(verdict) or verdict is None:
                continue
            key = (old_row.article_id, old_row.content_start)
            if key not in best or verdict.score > best[key][2].score:
                best[key] = (earlier_row, later_row, verdict)
    return [
        flag
        for earlier_row, later_row, verdict in _one_per_clash(best.values())
        if (flag := _store_flag(ctx, person, earlier_row, later_row, verdict)) is not None
    ]


def _one_per_clash(
    found: Iterable[tuple[ClaimRow, ClaimRow, Verdict]],
) -> list[tuple[ClaimRow, ClaimRow, Verdict]]:
    """One flag per clash ('India' → 'the jail cell'): against the first time it was said."""
    kept: dict[tuple[str, str, str], tuple[ClaimRow, ClaimRow, Verdict]] = {}
    for item in sorted(found, key=lambda f: (f[0].stated_on, f[0].id)):
        verdict = item[2]
        clash = (verdict.kind, verdict.earlier_value.casefold(), verdict.later_value.casefold())
        kept.setdefault(clash, item)
    return list(kept.values())


def _in_date_order(old: ClaimRow, new: ClaimRow) -> tuple[ClaimRow, ClaimRow]:
    """(earlier, later) by the date stated; filing order breaks ties."""
    return (new, old) if new.stated_on < old.stated_on else (old, new)


def _store_flag(
    ctx: IngestContext,
    person: Person,
    earlier_row: ClaimRow,
    later_row: ClaimRow,
    verdict: Verdict,
) -> Flag | None:
    """Persist a contradiction unless the same two statements were flagged before.

    That covers a pair already open or confirmed, one dismissed by a reviewer (it never
    comes back), and the same statements re-reported in another article.
    """
    session, team = ctx.session, ctx.team_id
    keys = (repo.statement_key(earlier_row.content), repo.statement_key(later_row.content))
    if keys in repo.flagged_statement_pairs(session, team, person.id):
        return None
    stored = repo.add_contradiction(
        session,
        team,
        new_claim_id=later_row.id,
        earlier_claim_id=earlier_row.id,
        kind=verdict.kind,
        score=verdict.score,
        explanation=verdict.explanation,
        earlier_value=verdict.earlier_value,
        later_value=verdict.later_value,
        slack_channel=ctx.slack_channel,
    )
    return flag_from_row(stored)


def person_statements(session: Session, team_id: str, person: Person) -> list[StatementRef]:
    """A person's statements by date, one entry per statement (not per stored clause)."""
    seen: set[tuple[int, str]] = set()
    statements = []
    for claim, article in repo.person_history(session, team_id, person.id):
        if (article.id, claim.content) not in seen:
            seen.add((article.id, claim.content))
            statements.append(statement_ref(claim, article, person))
    return statements


def flag_from_row(row: Contradiction) -> Flag:
    """Rebuild the Flag of a stored contradiction (for re-rendering after a review)."""
    earlier, later = row.earlier_claim, row.new_claim
    return Flag(
        contradiction_id=row.id,
        speaker=later.person.name,
        kind=row.kind,
        score=row.score,
        explanation=row.explanation,
        earlier_value=row.earlier_value or "",
        later_value=row.later_value or "",
        earlier=statement_ref(earlier, earlier.article, earlier.person),
        later=statement_ref(later, later.article, later.person),
    )
