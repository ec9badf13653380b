"""Initial schema: people, articles, claims, topics, contradictions, Slack bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("is_org", sa.Boolean(), nullable=False),
        sa.Column("is_official", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("team_id", "name_key", name=op.f("uq_people_team_id_name_key")),
    )

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("source_url", sa.String(length=2048), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        sa.Column("slack_channel", sa.String(length=32), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.Column("shared_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("team_id", "text_hash", name=op.f("uq_articles_team_id_text_hash")),
    )
    op.create_index("ix_articles_team_id_source_url", "articles", ["team_id", "source_url"])
    op.create_index("ix_articles_team_id_created_at", "articles", ["team_id", "created_at"])

    op.create_table(
        "person_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("alias_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_aliases_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_aliases")),
        sa.UniqueConstraint(
            "person_id", "alias_key", name=op.f("uq_person_aliases_person_id_alias_key")
        ),
    )
    op.create_index(
        "ix_person_aliases_team_id_alias_key", "person_aliases", ["team_id", "alias_key"]
    )

    op.create_table(
        "person_titles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_key", sa.String(length=200), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=False),
        sa.Column("last_seen", sa.Date(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_person_titles_article_id_articles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_titles_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_titles")),
        sa.UniqueConstraint(
            "person_id", "title_key", name=op.f("uq_person_titles_person_id_title_key")
        ),
    )
    op.create_index(op.f("ix_person_titles_article_id"), "person_titles", ["article_id"])

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("predicate", sa.String(length=200), nullable=False),
        sa.Column("polarity", sa.Boolean(), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("quantifier", sa.String(length=64), nullable=True),
        sa.Column("frame", sa.JSON(), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=False),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_claims_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_claims_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_article_id"), "claims", ["article_id"])
    op.create_index(
        "ix_claims_team_id_person_id_stated_on", "claims", ["team_id", "person_id", "stated_on"]
    )
    op.create_index("ix_claims_team_id_created_at", "claims", ["team_id", "created_at"])

    op.create_table(
        "claim_topics",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_topics_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_claim_topics_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "topic", name=op.f("pk_claim_topics")),
    )
    op.create_index(
        "ix_claim_topics_team_id_person_id_topic_claim_id",
        "claim_topics",
        ["team_id", "person_id", "topic", "claim_id"],
    )

    op.create_table(
        "contradictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("new_claim_id", sa.Integer(), nullable=False),
        sa.Column("earlier_claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("earlier_value", sa.Text(), nullable=True),
        sa.Column("later_value", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewed_by", sa.String(length=32), nullable=True),
        _timestamp("reviewed_at", nullable=True),
        sa.Column("slack_channel", sa.String(length=32), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        _timestamp("created_at"),
        sa.CheckConstraint(
            "status IN ('open', 'confirmed', 'dismissed')", name=op.f("ck_contradictions_status")
        ),
        sa.ForeignKeyConstraint(
            ["earlier_claim_id"],
            ["claims.id"],
            name=op.f("fk_contradictions_earlier_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["new_claim_id"],
            ["claims.id"],
            name=op.f("fk_contradictions_new_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contradictions")),
        sa.UniqueConstraint(
            "team_id",
            "new_claim_id",
            "earlier_claim_id",
            name=op.f("uq_contradictions_team_id_new_claim_id_earlier_claim_id"),
        ),
    )
    op.create_index(
        op.f("ix_contradictions_earlier_claim_id"), "contradictions", ["earlier_claim_id"]
    )
    op.create_index(
        "ix_contradictions_team_id_created_at", "contradictions", ["team_id", "created_at"]
    )
    op.create_index(
        "ix_contradictions_team_id_slack_channel_slack_ts",
        "contradictions",
        ["team_id", "slack_channel", "slack_ts"],
    )

    op.create_table(
        "processed_events",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("team_id", "event_id", name=op.f("pk_processed_events")),
    )

    op.create_table(
        "digest_runs",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("team_id", "channel", "day", name=op.f("pk_digest_runs")),
    )

    op.create_table(
        "watched_channels",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("enabled_by", sa.String(length=32), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("team_id", "channel", name=op.f("pk_watched_channels")),
    )


def downgrade() -> None:
    op.drop_table("watched_channels")
    op.drop_table("digest_runs")
    op.drop_table("processed_events")
    op.drop_index("ix_contradictions_team_id_slack_channel_slack_ts", table_name="contradictions")
    op.drop_index("ix_contradictions_team_id_created_at", table_name="contradictions")
    op.drop_index(op.f("ix_contradictions_earlier_claim_id"), table_name="contradictions")
    op.drop_table("contradictions")
    op.drop_index("ix_claim_topics_team_id_person_id_topic_claim_id", table_name="claim_topics")
    op.drop_table("claim_topics")
    op.drop_index("ix_claims_team_id_created_at", table_name="claims")
    op.drop_index("ix_claims_team_id_person_id_stated_on", table_name="claims")
    op.drop_index(op.f("ix_claims_article_id"), table_name="claims")
    op.drop_table("claims")
    op.drop_index(op.f("ix_person_titles_article_id"), table_name="person_titles")
    op.drop_table("person_titles")
    op.drop_index("ix_person_aliases_team_id_alias_key", table_name="person_aliases")
    op.drop_table("person_aliases")
    op.drop_index("ix_articles_team_id_created_at", table_name="articles")
    op.drop_index("ix_articles_team_id_source_url", table_name="articles")
    op.drop_table("articles")
    op.drop_table("people")
