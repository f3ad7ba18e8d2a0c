"""search index: prefixes of three letters only, two-letter words matched whole

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

The index kept two- and three-letter prefixes; searches now match words of two letters
whole, so the two-letter prefix index goes. It cannot be dropped alone: the index is
rebuilt in its new shape (SQLite only).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from casefile import fts

    fts.rebuild(bind)


def downgrade() -> None:
    # Nothing to undo: revision 0002's code searches an index without two-letter prefixes
    # correctly, reading the terms a two-letter prefix starts instead.
    pass
