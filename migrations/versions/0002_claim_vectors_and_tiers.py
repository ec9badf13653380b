"""Claim vectors (sentence embeddings) for retrieval by meaning; contradiction tiers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("embedding", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("contradictions") as batch:
        batch.add_column(
            sa.Column("tier", sa.String(length=16), nullable=False, server_default="alert")
        )
        batch.create_check_constraint("tier", "tier IN ('alert', 'review')")


def downgrade() -> None:
    with op.batch_alter_table("contradictions") as batch:
        batch.drop_constraint(op.f("ck_contradictions_tier"), type_="check")
        batch.drop_column("tier")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("embedding")
