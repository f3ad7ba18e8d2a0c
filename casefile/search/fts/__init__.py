"""The SQLite FTS5 index: its tables, keeping rows in step, MATCH and rank. SQLite-only.

Everything that is FTS5 lives in this package, and the rest of Casefile uses it through
the names below only, so a PostgreSQL backend replaces this one package. The tables hold
folded text (see `folding`), written from Python by the commit hook, never by SQL
triggers: the file stays usable from a plain sqlite3 shell. They are ordinary FTS5 tables
that keep their own copy of the folded text, so rows can be deleted and replaced without
knowing what was indexed before.
"""

from __future__ import annotations

from casefile.search.fts.indexing import (
    BATCH,
    Doc,
    add,
    citing,
    incident_docs,
    rebuild,
    reindex,
    report_docs,
)
from casefile.search.fts.integrity import check
from casefile.search.fts.matching import (
    MATCHED,
    QUERY,
    bare,
    count_upto,
    incident_ids,
    incidents_matching,
    matched_columns,
    matches,
    report_ids,
)
from casefile.search.fts.tables import (
    HASH_SIZE,
    INCIDENT_COLUMNS,
    INCIDENT_WEIGHTS,
    INCIDENTS,
    OPTIONS,
    REPORT_COLUMNS,
    REPORT_WEIGHTS,
    REPORTS,
    create,
)

__all__ = [
    "BATCH",
    "HASH_SIZE",
    "INCIDENTS",
    "INCIDENT_COLUMNS",
    "INCIDENT_WEIGHTS",
    "MATCHED",
    "OPTIONS",
    "QUERY",
    "REPORTS",
    "REPORT_COLUMNS",
    "REPORT_WEIGHTS",
    "Doc",
    "add",
    "bare",
    "check",
    "citing",
    "count_upto",
    "create",
    "incident_docs",
    "incident_ids",
    "incidents_matching",
    "matched_columns",
    "matches",
    "rebuild",
    "reindex",
    "report_docs",
    "report_ids",
]
