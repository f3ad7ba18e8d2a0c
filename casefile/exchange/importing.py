"""Importing a file into a case: find its format from the header, stream it, write in bulk.

Formats: ACLED CSV (every layout) and Casefile's own CSV, UCDP GED CSV, any other CSV
through a column mapping, and Casefile's own JSON. All of it is one transaction: a
rejected row (unless the caller skips bad rows), a broken file or a cancel leaves the
case file as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casefile import errors
from casefile.exchange import acled, json_import, mapping, reading, ucdp
from casefile.exchange.bulk import BulkWriter
from casefile.exchange.imported import PROGRESS_EVERY, ImportSummary, Progress, Record
from casefile.exchange.values import CellError
from casefile.store import db
from casefile.store.changes import Changes
from casefile.store.transaction import Transactions

BATCH = 1000
# Row changes an import may log for undo; past it the import cannot be undone (memory).
UNDOABLE_ROWS = 50_000
# About how many rows an imported incident writes (itself, actors, citations, casualty).
ROWS_PER_INCIDENT = 6
Reader = Callable[[int, dict[str, str]], Record]


class _Rejected(Exception):
    """Raised inside the transaction to roll it back when rows were rejected."""


def run(
    transactions: Transactions,
    path: Path,
    *,
    author: str | None,
    column_map: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    log_limit: int = UNDOABLE_ROWS,
) -> tuple[ImportSummary, Changes]:
    """Import a file; the summary says what happened, `Changes` what to undo (may be empty)."""
    summary = ImportSummary()
    try:
        with transactions.transaction(f"Import {path.name}") as tx:
            writer = BulkWriter(tx.session, author=author, log_limit=log_limit)
            big = _estimate_rows(path) * ROWS_PER_INCIDENT > log_limit
            if big:
                writer.rows.stop_logging()  # too big to undo: log nothing from the start
            if path.suffix.lower() == ".json":
                records = json_import.records(writer, path, summary, progress)
            else:
                records = _csv_records(path, column_map, summary, progress)
            with db.bulk_cache(writer.rows.connection) if big else contextlib.nullcontext():
                _write_all(writer, records, summary)
                if summary.rejected and not skip_bad_rows:
                    raise _Rejected
                writer.finish()
            summary.undoable = writer.logging
    except _Rejected:
        summary.imported = False
        summary.added = summary.updated = summary.skipped = 0
        return summary, Changes()
    return summary, tx.changes


@dataclass(frozen=True)
class Preview:
    """The first rows of a file to import, and what it was taken for.

    `format` is empty when the header is not one Casefile knows: `problem` says why, and
    the file needs a column mapping.
    """

    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    format: str
    dialect: str
    problem: str = ""


def preview(path: Path, *, rows: int = 20) -> Preview:
    """The header and first rows of a CSV file, its format and dialect (nothing is written).

    A file that cannot be read at all raises `CasefileError`, as an import would.
    """
    if path.suffix.lower() == ".json":
        return Preview((), [], "Casefile JSON", "UTF-8")
    table = reading.open_table(path)
    try:
        found, _ = reader_for(table, None)
        problem = ""
    except errors.CasefileError as exc:
        found, problem = "", str(exc)
    shown: list[tuple[str, ...]] = []
    with contextlib.closing(table.rows()) as read:
        for _line, row, _problem in read:
            shown.append(tuple(row.get(name, "") for name in table.header))
            if len(shown) >= rows:
                break
    return Preview(table.header, shown, found, table.describe(), problem)


def _write_all(writer: BulkWriter, records: Iterator[Record], summary: ImportSummary) -> None:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= BATCH:
            writer.write(batch, summary)
            batch = []
    writer.write(batch, summary)


def reader_for(table: reading.Table, column_map: dict[str, str] | None) -> tuple[str, Reader]:
    """The format of a CSV file, from its header, and the function reading its rows."""
    header = set(table.header)
    if column_map:
        mapping.check(column_map, table.header)
        return "CSV through a column mapping", lambda n, row: mapping.to_record(n, row, column_map)
    if acled.is_acled(header):
        own = "casefile_id" in header
        return ("Casefile CSV" if own else "ACLED CSV"), acled.to_record
    if ucdp.is_ucdp(header):
        return "UCDP GED CSV", ucdp.to_record
    for name, required in (("an ACLED", acled.REQUIRED), ("a UCDP GED", ucdp.REQUIRED)):
        if len(required & header) >= 3:
            missing = ", ".join(sorted(required - header))
            raise errors.CasefileError(
                f"{table.path.name} looks like {name} export but lacks column(s) {missing}"
            )
    raise errors.CasefileError(
        f"{table.path.name} is not an ACLED or UCDP export; import it with a column mapping"
        " (--map COLUMN=FIELD, or --mapping NAME)"
    )


def _csv_records(
    path: Path,
    column_map: dict[str, str] | None,
    summary: ImportSummary,
    progress: Progress | None,
) -> Iterator[Record]:
    table = reading.open_table(path)
    summary.format, read = reader_for(table, column_map)
    summary.dialect = table.describe()
    estimate = _estimate_rows(path)
    count = 0
    for line, row, problem in table.rows():
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, max(estimate, count + 1))
        if problem is not None:
            summary.reject(problem)
            continue
        try:
            yield read(line, row)
        except CellError as exc:
            summary.reject(f"line {line}, " + "; ".join(map(str, _every_bad_cell(read, row, exc))))
    if count == 0:
        raise errors.CasefileError(f"{path.name} has a header but no rows")
    if progress is not None:
        progress(count, count)


# What a bad cell is replaced with to read on past it: blank, or for a required cell a
# number or the earliest date accepted, which no end date falls before (the stand-in is
# never stored: the row is rejected whatever follows).
_STAND_INS = ("", "0", "1900-01-01")


def _every_bad_cell(read: Reader, row: dict[str, str], first: CellError) -> list[CellError]:
    """Every cell of a rejected row that cannot be read, not only the first: each bad cell
    is replaced in a copy and the row read again (only rejected rows come here, so it
    costs nothing on a good file)."""
    found, trial = [first], dict(row)
    while found[-1].column in trial:
        column, after = found[-1].column, None
        for stand_in in _STAND_INS:
            trial[column] = stand_in
            try:
                read(0, trial)
                return found
            except CellError as exc:
                if exc.column != column:
                    after = exc
                    break
        if after is None or any(after.column == seen.column for seen in found):
            break
        found.append(after)
    return found


def _estimate_rows(path: Path) -> int:
    """About how many rows a file holds, from the lines in its first block (for progress)."""
    try:
        with path.open("rb") as fh:
            sample = fh.read(reading.SAMPLE)
    except OSError:
        return 0  # open_table says why, in words
    lines = max(sample.count(b"\n"), 1)
    return max(1, int(path.stat().st_size * lines / max(len(sample), 1)) - 1)
