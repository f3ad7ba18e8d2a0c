"""search index: reindex text holding romanised letters that now fold as English spells them

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

`folding.ROMANISED` makes š, č, ž, ǧ, ẖ and the like fold to sh, ch, zh, gh, kh, so that
"Šamsiddin" finds "Shamsiddin". An index built before holds such words folded the old way
(samsiddin): only the incidents and source reports whose text holds one of those letters
are indexed again, found by SQLite's GLOB, so a large case file is not rebuilt whole.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Incidents whose own text, actors or tags hold a letter; source reports likewise (the
# incidents citing them are reindexed with them: their index rows copy the reports' text).
_INCIDENTS = """
SELECT id FROM incident WHERE title GLOB :p OR narrative GLOB :p OR location GLOB :p
    OR admin3 GLOB :p OR admin2 GLOB :p OR admin1 GLOB :p OR country GLOB :p
UNION SELECT ia.incident_id FROM incident_actor ia JOIN actor a ON a.id = ia.actor_id
    WHERE a.name GLOB :p
UNION SELECT incident_id FROM incident_tag WHERE tag GLOB :p
"""
_REPORTS = "SELECT id FROM source_report WHERE title GLOB :p OR excerpt GLOB :p"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from sqlalchemy import text

    from casefile.search import fts
    from casefile.search.folding import ROMANISED

    capitals = (letter.upper() for letter in ROMANISED)
    letters = "".join(sorted({*ROMANISED, *(c for c in capitals if len(c) == 1)}))
    pattern = {"p": f"*[{letters}]*"}
    incidents = set(bind.execute(text(_INCIDENTS), pattern).scalars())
    reports = set(bind.execute(text(_REPORTS), pattern).scalars())
    incidents |= fts.citing(bind, reports)
    if incidents or reports:
        fts.reindex(bind, incidents=incidents, reports=reports)


def downgrade() -> None:
    # The older folding finds words with these letters less often, never wrongly: the
    # index stays as it is.
    pass
