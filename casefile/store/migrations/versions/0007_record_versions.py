"""record versions: a version number on every record, raised by each write

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Two handles on one case (the app and the command line) may change the same record; the
version lets a stale write or an undo over another handle's change be refused.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = (
    "incident",
    "actor",
    "incident_actor",
    "casualty",
    "incident_tag",
    "source",
    "source_report",
    "citation",
    "attachment",
    "incident_link",
    "saved_search",
    "report",
    "place",
    "exchange_peer",
    "merge_conflict",
    "bundle_received",
)


def upgrade() -> None:
    # A constant default lets SQLite add the column in place, without copying tables.
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
