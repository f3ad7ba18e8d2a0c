"""import origin: the key and the codes an incident was imported with

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

`import_key` finds an incident again when a newer download of the same data is imported
(UCDP's `id`, or a hash of the row for a CSV without a key; ACLED keeps `acled_id`).
`import_codes` keeps the source file's own codes (ACLED's inter1/inter2/interaction as
written, numbers or words) so an export gives them back unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("import_key", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("import_codes", sa.JSON(), nullable=True))
        batch.create_unique_constraint("uq_incident_import_key", ["import_key"])


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_constraint("uq_incident_import_key", type_="unique")
        batch.drop_column("import_codes")
        batch.drop_column("import_key")
