"""history: an append-only, hash-chained record of every change, field by field

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Existing records get one "baseline" entry each, holding their state at the upgrade, so
`casefile verify` can tell from then on whether a record was changed outside the app.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("incident", sa.String(36), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("state", sa.String(64), nullable=True),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_history")),
    )
    op.create_index(op.f("ix_history_record"), "history", ["record"])
    op.create_index(op.f("ix_history_incident"), "history", ["incident"])
    # The chain's code belongs to the protect package; a released migration calls it as
    # 0002 calls the search index's.
    from casefile.protect import history

    history.baseline(op.get_bind())


def downgrade() -> None:
    op.drop_table("history")
