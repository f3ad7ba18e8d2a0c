"""exchange: TLP markings on incidents, source reports and attachments; exchange tables

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

A marking of NULL means the case's own marking, so existing records need no value.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MARKED = ("incident", "source_report", "attachment")


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("tlp", sa.String(length=20), nullable=True))
    op.create_table(
        "exchange_peer",
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(), nullable=True),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_peer")),
        sa.UniqueConstraint("name", name=op.f("uq_exchange_peer_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_exchange_peer_uuid")),
    )
    op.create_table(
        "sent_digest",
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["exchange_peer.id"],
            name=op.f("fk_sent_digest_peer_id_exchange_peer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("peer_id", "uuid", name=op.f("pk_sent_digest")),
    )
    op.create_table(
        "merge_base",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_merge_base")),
    )
    op.create_table(
        "merge_conflict",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("ours", sa.JSON(), nullable=False),
        sa.Column("theirs", sa.JSON(), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_conflict")),
        sa.UniqueConstraint("uuid", name=op.f("uq_merge_conflict_uuid")),
    )
    op.create_index(
        op.f("ix_merge_conflict_record_uuid"), "merge_conflict", ["record_uuid"], unique=False
    )
    op.create_table(
        "bundle_received",
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("sender", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_received")),
        sa.UniqueConstraint("bundle_id", name=op.f("uq_bundle_received_bundle_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_bundle_received_uuid")),
    )


def downgrade() -> None:
    for table in (
        "bundle_received",
        "merge_conflict",
        "merge_base",
        "sent_digest",
        "exchange_peer",
    ):
        op.drop_table(table)
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("tlp")
