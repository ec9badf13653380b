"""SQLAlchemy 2 typed models. Every row carries ``team_id`` (the Slack workspace).

Types are portable (JSON, not JSONB; timezone-aware DateTime) so that SQLite and PostgreSQL
run the same schema. The schema itself is created by Alembic (``migrations/``), never by
``create_all``; ``scripts/check_migrations.sh`` fails when these models and the migrations
disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TEAM_ID_LENGTH = 32
CHANNEL_LENGTH = 32
SLACK_TS_LENGTH = 32
USER_LENGTH = 32
TOPIC_LENGTH = 100
NAME_LENGTH = 200


class QuoteKind(StrEnum):
    """How a statement was reported (``bot.nlp.types.QuoteKind``, the same words)."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    QUESTION = "question"


class Tier(StrEnum):
    """Where a contradiction is shown (``bot.nlp.types.Tier``, the same words)."""

    ALERT = "alert"  # posted in the thread
    REVIEW = "review"  # listed for a person: digest, App Home, `onrecord review`


class ContradictionStatus(StrEnum):
    """An editor's verdict on a flagged contradiction."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class JobStatus(StrEnum):
    """Where a durable job is: waiting (maybe until ``run_after``), claimed, finished, parked."""

    QUEUED = "queued"
    RUNNING = "running"  # claimed by a worker until ``locked_until``; past it, claimable again
    DONE = "done"
    PARKED = "parked"  # failed too often: kept with its error, the sender told once


class PostKind(StrEnum):
    """What an outgoing Slack message is."""

    SUMMARY = "summary"  # what was filed from an article
    ALERT = "alert"  # one contradiction, in the summary's thread
    NOTICE = "notice"  # a short message to the user
    DIGEST = "digest"


class PostStatus(StrEnum):
    """An outgoing message: waiting, being sent (an attempt under way), or accepted by Slack."""

    PENDING = "pending"
    SENDING = "sending"
    POSTED = "posted"


CONTRADICTION_STATUSES = tuple(s.value for s in ContradictionStatus)
CONTRADICTION_TIERS = tuple(t.value for t in Tier)


def _stored_as_words(enum: type[StrEnum], length: int) -> Enum:
    """A column of enum values stored as their plain words in a VARCHAR: the schema stays
    a string column (no native enum type, no constraint of its own)."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored in UTC, always read back timezone-aware.

    PostgreSQL keeps the offset (``timestamp with time zone``); SQLite has no such type and
    returns naive values, which are UTC by construction and get ``tzinfo=UTC`` back here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column; use UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Person(Base):
    """A person (or organisation) quoted in a workspace, under one canonical name."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("team_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH))
    is_org: Mapped[bool] = mapped_column(Boolean, default=False)
    is_official: Mapped[bool] = mapped_column(Boolean, default=False)
    # an editor said this speaker is no person ("His lawyer", "Downing Street sources"):
    # kept with its statements, but left out of history, flags and the digest
    not_a_person: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.id"
    )
    titles: Mapped[list[PersonTitle]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonTitle.id"
    )

    def __repr__(self) -> str:
        return f"Person(id={self.id!r}, team_id={self.team_id!r}, name={self.name!r})"


class PersonAlias(Base):
    """A way a person was written: the canonical name, the surname, every mention."""

    __tablename__ = "person_aliases"
    __table_args__ = (
        UniqueConstraint("person_id", "alias_key"),
        Index("ix_person_aliases_team_id_alias_key", "team_id", "alias_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    alias: Mapped[str] = mapped_column(String(NAME_LENGTH))
    alias_key: Mapped[str] = mapped_column(String(NAME_LENGTH))

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonTitle(Base):
    """A title an official was given (as written), with the first and last dates seen."""

    __tablename__ = "person_titles"
    __table_args__ = (UniqueConstraint("person_id", "title_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    title_key: Mapped[str] = mapped_column(String(NAME_LENGTH))
    first_seen: Mapped[date] = mapped_column(Date)
    last_seen: Mapped[date] = mapped_column(Date)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )

    person: Mapped[Person] = relationship(back_populates="titles")


class Article(Base):
    """One article filed in a workspace (deduplicated by the hash of its text)."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("team_id", "text_hash"),
        Index("ix_articles_team_id_source_url", "team_id", "source_url"),
        Index("ix_articles_team_id_created_at", "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    source_url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text, default="")
    outlet: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    published: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    slack_channel: Mapped[str | None] = mapped_column(String(CHANNEL_LENGTH))
    slack_ts: Mapped[str | None] = mapped_column(String(SLACK_TS_LENGTH))
    shared_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, team_id={self.team_id!r}, title={self.title!r})"


class ClaimRow(Base):
    """A stored claim: the columns of ``bot.nlp.types.Claim`` plus who, where and when."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_team_id_person_id_stated_on", "team_id", "person_id", "stated_on"),
        Index("ix_claims_team_id_created_at", "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[QuoteKind] = mapped_column(_stored_as_words(QuoteKind, 16))
    content: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(Text, default="")
    predicate: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    polarity: Mapped[bool] = mapped_column(Boolean, default=True)
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    quantifier: Mapped[str | None] = mapped_column(String(64))
    frame: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stated_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the speaker as the article wrote them ("Asif", "the minister"); None on rows filed
    # before it was kept. Splitting a wrongly merged alias moves the rows written that way.
    speaker_text: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    # the statement's sentence embedding, float32 little-endian (bot.nlp.embeddings), for
    # finding a person's earlier statements by meaning; None where none was computed
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    person: Mapped[Person] = relationship()
    article: Mapped[Article] = relationship()

    def __repr__(self) -> str:
        return f"ClaimRow(id={self.id!r}, person_id={self.person_id!r}, content={self.content!r})"


class ClaimTopic(Base):
    """One topic of a claim, keyed for the "earlier claims of this person on a topic" lookup."""

    __tablename__ = "claim_topics"
    __table_args__ = (
        Index(
            "ix_claim_topics_team_id_person_id_topic_claim_id",
            "team_id",
            "person_id",
            "topic",
            "claim_id",
        ),
    )

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(TOPIC_LENGTH), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


class Contradiction(Base):
    """A flagged pair: a new claim that contradicts an earlier claim of the same person."""

    __tablename__ = "contradictions"
    __table_args__ = (
        UniqueConstraint("team_id", "new_claim_id", "earlier_claim_id"),
        CheckConstraint("status IN ('open', 'confirmed', 'dismissed')", name="status"),
        CheckConstraint("tier IN ('alert', 'review')", name="tier"),
        Index("ix_contradictions_team_id_created_at", "team_id", "created_at"),
        Index(
            "ix_contradictions_team_id_slack_channel_slack_ts",
            "team_id",
            "slack_channel",
            "slack_ts",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    # the column keeps its first name; in code the two sides are earlier and later
    later_claim_id: Mapped[int] = mapped_column(
        "new_claim_id", ForeignKey("claims.id", ondelete="CASCADE")
    )
    earlier_claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text, default="")
    earlier_value: Mapped[str | None] = mapped_column(Text)
    later_value: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ContradictionStatus] = mapped_column(
        _stored_as_words(ContradictionStatus, 16), default=ContradictionStatus.OPEN
    )
    tier: Mapped[Tier] = mapped_column(
        _stored_as_words(Tier, 16), default=Tier.ALERT, server_default=Tier.ALERT.value
    )
    reviewed_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    reviewed_at: Mapped[datetime | None] = mapped_column()
    slack_channel: Mapped[str | None] = mapped_column(String(CHANNEL_LENGTH))
    slack_ts: Mapped[str | None] = mapped_column(String(SLACK_TS_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    later_claim: Mapped[ClaimRow] = relationship(foreign_keys=[later_claim_id])
    earlier_claim: Mapped[ClaimRow] = relationship(foreign_keys=[earlier_claim_id])


class ProcessedEvent(Base):
    """A Slack event id already handled (Slack retries deliveries; each is handled once)."""

    __tablename__ = "processed_events"

    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestRun(Base):
    """A daily digest already posted (or being posted) to a channel for a day."""

    __tablename__ = "digest_runs"

    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH), primary_key=True)
    channel: Mapped[str] = mapped_column(String(CHANNEL_LENGTH), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchedChannel(Base):
    """A channel where every shared article link is filed automatically."""

    __tablename__ = "watched_channels"

    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH), primary_key=True)
    channel: Mapped[str] = mapped_column(String(CHANNEL_LENGTH), primary_key=True)
    enabled_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Review(Base):
    """One editor's verdict on a contradiction, with who, when and why; undone ones are kept.

    The contradiction's ``status``/``reviewed_by``/``reviewed_at`` are the verdict in force
    (the latest review not undone); these rows are the record of every click.
    """

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_team_id_contradiction_id", "team_id", "contradiction_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    contradiction_id: Mapped[int] = mapped_column(
        ForeignKey("contradictions.id", ondelete="CASCADE")
    )
    status: Mapped[ContradictionStatus] = mapped_column(_stored_as_words(ContradictionStatus, 16))
    reviewer: Mapped[str] = mapped_column(String(USER_LENGTH))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    undone_at: Mapped[datetime | None] = mapped_column()


class Post(Base):
    """An outgoing Slack message, recorded before it is sent and kept pending until Slack
    accepts it (then ``ts`` is Slack's id for it). ``key`` makes a post happen once:
    the same key is never posted twice, by any number of processes."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        Index("ix_posts_team_id_channel_status", "team_id", "channel", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PostKind] = mapped_column(_stored_as_words(PostKind, 16))
    channel: Mapped[str] = mapped_column(String(CHANNEL_LENGTH))
    # a thread given by the request (a mention's thread); None: top level, or under `parent`
    thread_ts: Mapped[str | None] = mapped_column(String(SLACK_TS_LENGTH))
    # the post this one replies under (an alert under its summary), sent first
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    contradiction_id: Mapped[int | None] = mapped_column(
        ForeignKey("contradictions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    blocks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[PostStatus] = mapped_column(
        _stored_as_words(PostStatus, 16), default=PostStatus.PENDING
    )
    ts: Mapped[str | None] = mapped_column(String(SLACK_TS_LENGTH))
    requested_by: Mapped[str | None] = mapped_column(String(USER_LENGTH))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # while SENDING: until when the attempt holds it (a dead sender's post is retried after)
    lease_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column()


class Job(Base):
    """Work a Slack request asked for, stored before it starts (durable: a restart loses
    nothing). Workers claim queued jobs (SKIP LOCKED on PostgreSQL); a job whose worker
    died is claimable again once ``locked_until`` passes."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("team_id", "dedupe_key"),
        Index("ix_jobs_status_run_after", "status", "run_after"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(TEAM_ID_LENGTH))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[JobStatus] = mapped_column(
        _stored_as_words(JobStatus, 16), default=JobStatus.QUEUED
    )
    # a Slack event id (or another natural key): the same request is queued once
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    sender_told: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
