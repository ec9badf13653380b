"""The one use case: an article in, its statements filed, contradictions found.

`ingest(article, ctx)` does the work inside the caller's transaction (``ctx.session``) and
never commits: the caller owns the transaction, so a failure anywhere leaves nothing
half-written. It is two steps, which the Slack filing and the CLI (`ingest_in`) run in two
sessions: `prepare` reads the article (parsing, attribution, claims, embeddings) and judges
each statement against its speaker's history on a read-only snapshot (bot.prejudge);
`file_prepared`, in the write transaction, files the article and its statements and reuses
each judgement whose history is unchanged. On SQLite the write lock, which every Slack
request's job row waits for, is then held only while filing, never while the model judges.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session, sessionmaker

from bot.articles import Article, text_hash, without_control_characters
from bot.claim_rows import claim_record
from bot.flags import (
    Flag,
    StatementRef,
    flag_from_row,
    headline_of,
    outlet_of,
    source_of,
    statement_ref,
)
from bot.nlp.types import Claim, ClashKind, Statement, Tier
from bot.people import resolve_person
from bot.prejudge import CANDIDATE_LIMIT as CANDIDATE_LIMIT
from bot.prejudge import JUDGED_LIMIT as JUDGED_LIMIT
from bot.prejudge import MIN_SIMILARITY as MIN_SIMILARITY
from bot.prejudge import NEAREST_LIMIT as NEAREST_LIMIT
from bot.prejudge import JudgedPair as JudgedPair
from bot.prejudge import (
    OnRecord,
    Prejudged,
    ReadStatement,
    just_read,
    known_pairs,
    prejudge,
    rebuilt,
    statements_on_record,
)
from bot.prejudge import in_date_order as in_date_order
from store.articles import add_article_if_new, find_article
from store.claims import add_claim, person_claim_ids
from store.contradictions import add_contradiction, flagged_statement_pairs, statement_key
from store.models import Article as ArticleRow
from store.models import ClaimRow, Person
from store.roles import holder_of_role

if TYPE_CHECKING:  # spaCy and the language modules load only when an article is read
    import numpy as np
    from numpy.typing import NDArray
    from spacy.language import Language
    from spacy.tokens import Doc

    from bot.nlp.judge import ContradictionScorer, StatementForJudging


class SentenceEmbedder(Protocol):
    """What ingest needs to find earlier statements by meaning (bot.nlp.embeddings)."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised vector per text."""
        ...


@dataclass(frozen=True)
class Origin:
    """Where an article came from: the channel it was shared in (None: the command line),
    the message that shared it, and who shared it."""

    channel: str | None = None
    message: str | None = None
    shared_by: str | None = None

    @classmethod
    def command_line(cls) -> Origin:
        """An article filed with `onrecord`: no channel, no message, shared by "cli"."""
        return cls(shared_by="cli")


@dataclass(frozen=True)
class IngestContext:
    """Where an article comes from and what to file it under."""

    session: Session
    nlp: Language
    team_id: str
    stated_on: date | None = None
    source_label: str | None = None
    origin: Origin = Origin()
    scorer: ContradictionScorer | None = None
    embedder: SentenceEmbedder | None = None


@dataclass(frozen=True)
class IngestResult:
    """What an ingest filed (or, for a duplicate, that it filed nothing).

    `slack_channel` is where the article was first filed (for a duplicate, maybe elsewhere).
    """

    article_id: int
    title: str
    source: str
    source_url: str | None
    slack_channel: str | None
    published: date | None
    duplicate: bool
    statements: tuple[StatementRef, ...]
    questions: int
    contradictions: tuple[Flag, ...]
    headline: str | None = None  # None: a paste whose first line is no headline
    outlet: str = ""  # og:site_name, else the link's host

    @property
    def alerts(self) -> tuple[Flag, ...]:
        """The flags to post in the thread (the rest wait for review)."""
        return tuple(f for f in self.contradictions if f.tier == Tier.ALERT)

    @property
    def for_review(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.contradictions if f.tier == Tier.REVIEW)


def claims_for(doc: Doc, statement: Statement) -> list[Claim]:
    """The statement's proposition frames; a statement with no clause still gets one row."""
    from bot.nlp.claims import claims_from_statement

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


def read_statements(
    nlp: Language, text: str, embedder: SentenceEmbedder | None = None
) -> tuple[list[ReadStatement], int]:
    """The article's statements with their claims (and embeddings), and how many questions
    it holds. Pure language work: no SQL."""
    from bot.nlp.extract import statements_in_text

    doc, statements = statements_in_text(nlp, text)
    kept = [s for s in statements if s.quote.kind != "question"]
    vectors = (
        [v.astype("<f4").tobytes() for v in embedder.embed([s.quote.content for s in kept])]
        if embedder is not None and kept
        else [None] * len(kept)
    )
    found = [
        ReadStatement(statement, tuple(claims_for(doc, statement)), vector)
        for statement, vector in zip(kept, vectors, strict=True)
    ]
    return found, len(statements) - len(found)


def clean_article(article: Article) -> Article:
    """The article with NUL and other control characters gone from everything stored."""
    return dataclasses.replace(
        article,
        text=without_control_characters(article.text),
        title=without_control_characters(article.title),
        outlet=without_control_characters(article.outlet),
    )


@dataclass(frozen=True)
class Prepared:
    """An article read and judged, not yet filed (see `prepare`)."""

    article: Article  # without control characters
    found: tuple[ReadStatement, ...]
    questions: int
    prejudged: dict[int, Prejudged]  # by index in `found`


def prepare(article: Article, ctx: IngestContext) -> Prepared:
    """Read the article and judge its statements against the history on record; writes
    nothing. Give it a read-only session (`store.db.read_session`) and then file the
    result with `file_prepared` in the write transaction, so that on SQLite the write lock
    is not held while the model judges (bot.prejudge)."""
    article = clean_article(article)
    found, questions = read_statements(ctx.nlp, article.text, ctx.embedder)
    digest = text_hash(article.text)
    known = find_article(ctx.session, ctx.team_id, text_hash=digest, source_url=article.source_url)
    if known is not None or not found:  # a duplicate is found again (and not filed) later
        return Prepared(article, tuple(found), questions, {})
    stated_on = ctx.stated_on or article.published or datetime.now(UTC).date()
    judged = prejudge(ctx.session, ctx.team_id, ctx.scorer, found, stated_on)
    return Prepared(article, tuple(found), questions, judged)


def ingest(article: Article, ctx: IngestContext) -> IngestResult:
    """File an article's statements under their speakers and flag self-contradictions, all
    in `ctx.session` (callers on SQLite: `prepare` in a read session, then `file_prepared`)."""
    return file_prepared(prepare(article, ctx), ctx)


def ingest_in(
    sessions: sessionmaker[Session], article: Article, context: Callable[[Session], IngestContext]
) -> IngestResult:
    """`prepare` in a read-only session, then `file_prepared` in a write transaction of its
    own (committed on return); `context` makes the IngestContext for a session."""
    from store.db import read_session

    with read_session(sessions) as reading:
        prepared = prepare(article, context(reading))
    with sessions.begin() as session:
        return file_prepared(prepared, context(session))


def file_prepared(prepared: Prepared, ctx: IngestContext) -> IngestResult:
    """File a prepared article in the caller's (write) transaction: the article unless it is
    on record already, its statements under their speakers, and the flags worth keeping."""
    from bot.nlp.statement_dates import statement_date

    article, questions = prepared.article, prepared.questions
    session, team = ctx.session, ctx.team_id
    digest = text_hash(article.text)
    existing = find_article(session, team, text_hash=digest, source_url=article.source_url)
    if existing is not None:
        return _duplicate(existing)
    row, created = add_article_if_new(
        session,
        team,
        text=article.text,
        text_hash=digest,
        title=article.title,
        outlet=article.outlet or ctx.source_label or "",
        published=ctx.stated_on or article.published,
        source_url=article.source_url,
        slack_channel=ctx.origin.channel,
        slack_ts=ctx.origin.message,
        shared_by=ctx.origin.shared_by,
    )
    if not created:
        return _duplicate(row)
    stated_on = row.published or datetime.now(UTC).date()
    filed: list[StatementRef] = []
    found: list[JudgedPair] = []
    people: dict[str, Person] = {}
    for index, read in enumerate(prepared.found):
        statement = read.statement
        when = statement_date(statement, stated_on)
        person = _filed_under(ctx, statement, when.on, stated_on, row, people)
        if person is None:
            continue  # an unnamed source, or a role nobody on record held then
        rows = [
            add_claim(
                session,
                team,
                person=person,
                article=row,
                claim=claim_record(c, statement.quote.speaker_text),
                stated_on=when.on,
                embedding=read.embedding,
            )
            for c in read.claims
        ]
        filed.append(statement_ref(rows[0], row, person))
        known = prepared.prejudged.get(index)
        found.extend(_judged_pairs_for(ctx, (person, row), read, rows, when.recalled, known))
    flagged: dict[int, set[tuple[str, str]]] = {}
    channel = ctx.origin.channel
    stored = [
        (j, store_flag(session, team, j, channel=channel, flagged=flagged))
        for j in fewest_flags(found)
    ]
    # an editor said the speaker is no person: the flag is kept, but not shown
    flags = [f for j, f in stored if f is not None and not j.person.not_a_person]
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
        slack_channel=row.slack_channel,
        published=row.published,
        duplicate=duplicate,
        statements=tuple(statements),
        questions=questions,
        contradictions=tuple(contradictions),
        headline=headline_of(row),
        outlet=outlet_of(row),
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
    return resolve_person(
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


def _judged_pairs_for(
    ctx: IngestContext,
    filing: tuple[Person, ArticleRow],
    read: ReadStatement,
    new_rows: Sequence[ClaimRow],
    recalled: bool,
    known: Prejudged | None,
) -> list[JudgedPair]:
    """Judge one statement just read against the person's statements on record on the same
    subject; each pair is then put in date order (earlier, later).

    Candidates are the person's claims on record sharing a topic (entity/lemma index) and the
    ones nearest in meaning (their stored embeddings); only that person's history is read.
    The side just read is the in-memory statement, never rebuilt from its rows. The verdicts
    judged before the transaction (`known`) are used when the pairs are exactly those. A
    recalled statement ('In 2019, she said …') is never the 'now' side of a flag.
    """
    from bot.nlp.judge import INGEST_MODEL_PAIRS, judge_pairs

    person, (article, new_row) = filing[0], (filing[1], new_rows[0])
    history = OnRecord(person.id, person.name, new_row.id, article.id)
    ids = person_claim_ids(ctx.session, ctx.team_id, person_id=person.id, **history.bounds)
    if not ids:  # nothing on record (e.g. someone new): no candidates to read
        return []
    if known is not None and known.still_holds(person, new_row.stated_on, ids):
        return known_pairs(ctx.session, person, new_row, known, recalled)
    now = just_read(read, person.name, new_row.stated_on)
    on_record = statements_on_record(ctx.session, ctx.team_id, history, read, new_row.embedding)
    pairs = [in_date_order(stored, now) for stored, _ in on_record]
    verdicts = (
        known.verdicts
        if known is not None and known.pairs == tuple(pairs)
        else judge_pairs(pairs, ctx.scorer, max_model_pairs=INGEST_MODEL_PAIRS)
    )
    found = []
    for (stored, rows), pair, verdict in zip(on_record, pairs, verdicts, strict=True):
        if verdict is None or verdict.tier is None or (recalled and pair[1] is now):
            continue
        stored_row = rows[0]
        earlier_row, later_row = (
            (stored_row, new_row) if pair[0] is stored else (new_row, stored_row)
        )
        found.append(JudgedPair(person, earlier_row, later_row, verdict))
    return found


def statement_of(rows: Sequence[ClaimRow], person: Person) -> StatementForJudging:
    """An earlier statement rebuilt from its stored clause rows."""
    return rebuilt(rows, person.name)


def fewest_flags(found: Iterable[JudgedPair]) -> list[JudgedPair]:
    """The judged pairs worth a flag, one per flip, for one person in one article.

    A named clash ('India' → 'the jail cell') is flagged once, against the first time it
    was said. A verdict of the model alone names no clash: it is kept only where no other
    flag already joins the same two articles, and then once (its best) for that pair —
    several statements of one article re-telling one flip make one flag, not four.
    """
    kept: dict[tuple[object, ...], JudgedPair] = {}
    ordered = sorted(found, key=lambda f: (f.person.id, f.earlier.stated_on, f.earlier.id))
    for judged in ordered:
        verdict = judged.verdict
        if verdict.kind is not ClashKind.REPHRASED:
            values = (verdict.earlier_value.casefold(), verdict.later_value.casefold())
            kept.setdefault((judged.person.id, verdict.kind, *values), judged)
    flagged = {(f.person.id, *f.articles) for f in kept.values()}
    model_only: dict[tuple[object, ...], JudgedPair] = {}
    for judged in ordered:
        key = (judged.person.id, *judged.articles)
        if judged.verdict.kind is ClashKind.REPHRASED and key not in flagged:
            best = model_only.get(key)
            if best is None or judged.verdict.score > best.verdict.score:
                model_only[key] = judged
    return [*kept.values(), *model_only.values()]


def store_flag(
    session: Session,
    team: str,
    judged: JudgedPair,
    *,
    channel: str | None,
    flagged: dict[int, set[tuple[str, str]]] | None = None,
) -> Flag | None:
    """Persist a contradiction unless the same two statements were flagged before.

    That covers a pair already open or confirmed, one dismissed by a reviewer (it never
    comes back), and the same statements re-reported in another article. `flagged` keeps
    each person's flagged pairs between calls in one transaction (read once, then kept up
    to date here), so storing many flags does not read them again each time.
    """
    earlier_row, later_row, verdict = judged.earlier, judged.later, judged.verdict
    keys = (statement_key(earlier_row.content), statement_key(later_row.content))
    known = None if flagged is None else flagged.get(judged.person.id)
    if known is None:
        known = flagged_statement_pairs(session, team, judged.person.id)
        if flagged is not None:
            flagged[judged.person.id] = known
    if keys in known:
        return None
    known.add(keys)
    stored = add_contradiction(
        session,
        team,
        later_claim_id=later_row.id,
        earlier_claim_id=earlier_row.id,
        kind=verdict.kind,
        score=verdict.score,
        explanation=verdict.explanation,
        earlier_value=verdict.earlier_value,
        later_value=verdict.later_value,
        slack_channel=channel,
        tier=verdict.tier or Tier.REVIEW,
    )
    return flag_from_row(stored)
