"""search index: FTS5 tables over folded incident and source report text

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

SQLite only (a no-op elsewhere). An existing file's rows are indexed here, so an old
case file is searchable as soon as it is upgraded.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The table shapes as this revision made them; a later change of shape is a new revision
# that drops and rebuilds the tables, so this text stays as it is.
CREATE = [
    "CREATE VIRTUAL TABLE incident_fts USING fts5("
    "title, narrative, place, actors, tags, reports, tokenize = 'unicode61', prefix = '2 3')",
    "CREATE VIRTUAL TABLE report_fts USING fts5("
    "title, excerpt, tokenize = 'unicode61', prefix = '2 3')",
    "INSERT INTO incident_fts(incident_fts, rank) "
    "VALUES ('rank', 'bm25(5.0, 1.0, 3.0, 3.0, 2.0, 0.5)')",
    "INSERT INTO report_fts(report_fts, rank) VALUES ('rank', 'bm25(3.0, 1.0)')",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for statement in CREATE:
        bind.exec_driver_sql(statement)
    # Folding needs Python, so the rows are written by the library, not by SQL.
    from casefile import fts

    fts.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("DROP TABLE IF EXISTS report_fts")
    bind.exec_driver_sql("DROP TABLE IF EXISTS incident_fts")
