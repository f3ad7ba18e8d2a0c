"""search index: FTS5 tables over folded incident and source report text

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

The FTS5 tables are SQLite only (skipped elsewhere). An existing file's rows are indexed
here, so an old case file is searchable as soon as it is upgraded. Also adds the index
of incident actors by incident that loading and reindexing an incident need.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Portable: without it, loading or reindexing one incident's actors scans them all.
    op.create_index(
        "ix_incident_actor_incident", "incident_actor", ["incident_id"], if_not_exists=True
    )
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # Folding needs Python, so the library creates and fills the tables, not SQL. A later
    # revision that changes the index's shape calls `fts.rebuild` again.
    from casefile.search import fts

    fts.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TABLE IF EXISTS report_fts")
        bind.exec_driver_sql("DROP TABLE IF EXISTS incident_fts")
    op.drop_index("ix_incident_actor_incident", table_name="incident_actor")
