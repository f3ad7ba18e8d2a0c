"""The index tables: their columns, ranking weights and tokenizer, and creating them afresh."""

from __future__ import annotations

import contextlib

from sqlalchemy import Connection, column, table
from sqlalchemy.exc import DBAPIError

INCIDENT_COLUMNS = ("title", "narrative", "place", "actors", "tags", "reports")
REPORT_COLUMNS = ("title", "excerpt")
# bm25 weights by column: a word in the title, place or actors says more about an
# incident than one in a long narrative or a cited report.
INCIDENT_WEIGHTS = (5.0, 1.0, 3.0, 3.0, 2.0, 0.5)
REPORT_WEIGHTS = (3.0, 1.0)
# The text is folded to ASCII already. A prefix index makes the shortest typed prefix
# (query.MIN_PREFIX letters) cheap; longer ones read few terms anyway. One for two-letter
# prefixes too made building the index a third slower for no query that uses it. An
# index made before keeps it until rebuilt: both shapes answer every query alike.
OPTIONS = "tokenize = 'unicode61', prefix = '3'"
INCIDENTS = table("incident_fts", column("rowid"), column("rank"), *map(column, INCIDENT_COLUMNS))
REPORTS = table("report_fts", column("rowid"), column("rank"), *map(column, REPORT_COLUMNS))
# Bytes of new index entries FTS5 gathers in memory before writing them out (default 1 MB).
# A big transaction (a build, an import) then writes fewer, larger pieces that need less
# merging: building 100,000 incidents' index writes it in one piece and takes a third less
# time. Small changes never gather much; only a bulk load holds this much memory.
HASH_SIZE = 128 * 1024 * 1024


def create(connection: Connection) -> None:
    """(Re)create the empty index tables in their current shape, with their ranking."""
    for name, columns, weights in (
        ("incident_fts", INCIDENT_COLUMNS, INCIDENT_WEIGHTS),
        ("report_fts", REPORT_COLUMNS, REPORT_WEIGHTS),
    ):
        # Dropping is far quicker than deleting every row of a full FTS5 table.
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(columns)}, {OPTIONS})"
        )
        ranking = f"bm25({', '.join(map(str, weights))})"
        configure = f"INSERT INTO {name}({name}, rank) VALUES (?, ?)"
        connection.exec_driver_sql(configure, ("rank", ranking))
        with contextlib.suppress(DBAPIError):  # an SQLite without it just builds slower
            connection.exec_driver_sql(configure, ("hashsize", HASH_SIZE))
