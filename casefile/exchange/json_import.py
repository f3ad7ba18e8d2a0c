"""Importing Casefile's own JSON export, read as a stream: its sources, then its incidents.

An export writes its sources after its incidents, and the incidents' citations name the
sources' reports by UUID, so the file is read twice, each time as a stream (ijson): memory
stays flat however many incidents it holds. Sources are matched by UUID or name; reports
keep their UUIDs and are added in bulk, the ones the case has already left as they are.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import date
from functools import partial
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import Any, BinaryIO

import ijson
from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange import inserts
from casefile.exchange.bulk import BulkWriter
from casefile.exchange.imported import PROGRESS_EVERY, ImportSummary, Progress, Record, row_hash
from casefile.records import markings
from casefile.records.incidents import IncidentData
from casefile.store.models import Source, SourceReport

_REPORT_COLUMNS = (
    *inserts.STAMP,
    *("source_id", "title", "url", "language", "excerpt", "published", "accessed", "tlp"),
)
_DAYS = ("published", "accessed")
_LOOKUP = 500  # report UUIDs asked about in one query


def records(
    writer: BulkWriter, path: Path, summary: ImportSummary, progress: Progress | None
) -> Iterator[Record]:
    """The incidents of a Casefile JSON export, once its sources and reports are in the case."""
    summary.format, summary.dialect = "Casefile JSON", "UTF-8"
    if next(_Items(path, "format"), None) != "casefile":
        raise errors.CasefileError(f"{path.name} is not a Casefile JSON export")
    # The sources come last: until they do, the bar says only that work goes on (a total
    # of 0), and a cancel is heard between blocks read, not only when the first comes.
    busy = None if progress is None else partial(progress, 0, 0)
    try:
        for entry in _Items(path, "sources.item", busy=busy):
            _add_source(writer, entry)
    except (KeyError, TypeError, ValueError, AttributeError, errors.Invalid) as exc:
        raise errors.CasefileError(f"{path.name}: a source or report is not readable") from exc
    # A version belongs to the case the file came from: it says nothing about this one.
    known = {f.name for f in fields(IncidentData)} - {"version"}
    size, number = max(path.stat().st_size, 1), 0
    items = _Items(path, "incidents.item")
    for number, item in enumerate(items, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, max(int(number * size / max(items.position(), 1)), number + 1))
        try:
            if not isinstance(item, dict):
                raise TypeError("not an object")
            data = IncidentData.from_dict({k: v for k, v in item.items() if k in known})
        except (TypeError, ValueError, KeyError) as exc:
            summary.reject(f"incident {number}: not readable ({exc})")
            continue
        data.import_codes = dict(data.import_codes or {}) | {"hash": row_hash(_flat(item))}
        yield Record(number, data)
    if progress is not None:
        progress(number, number)


def _flat(item: dict[str, Any]) -> dict[str, str]:
    """Each value as `json.dumps(value, sort_keys=True)` writes it (what the hash is of)."""
    return {key: _json_text(value) for key, value in item.items()}


_ENCODE = json.JSONEncoder(sort_keys=True).encode
# The text of the values a stream of JSON gives most, without json.dumps making an
# encoder for each of the forty values of every incident (a tenth of an import).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring_ascii,
    int: int.__repr__,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


def _json_text(value: Any) -> str:
    """`json.dumps(value, sort_keys=True)`, the common scalars quicker."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return _ENCODE(value)


def _add_source(writer: BulkWriter, entry: dict[str, Any]) -> None:
    """A source (found by UUID, else by name, else added) and its reports not in the case."""
    source = _source(writer.session, entry)
    reports = list({r["id"]: r for r in entry.get("reports") or []}.items())
    # A few hundred at a time: a source's reports are as many as the file likes, and
    # their rows and history entries were all made at once.
    for start in range(0, len(reports), _LOOKUP):
        _add_reports(writer, source, dict(reports[start : start + _LOOKUP]))


def _source(session: Session, entry: dict[str, Any]) -> Source:
    """The case's source for an entry: by UUID, else by name, else added."""
    source = session.scalar(select(Source).where(Source.uuid == entry.get("id")))
    source = source or session.scalar(select(Source).where(Source.name == entry["name"]))
    if source is None:
        source = Source(uuid=entry["id"], name=entry["name"])
        for name in ("kind", "reliability", "country_code", "url", "notes"):
            if entry.get(name) is not None:
                setattr(source, name, entry[name])
        session.add(source)
        session.flush()
    return source


def _add_reports(writer: BulkWriter, source: Source, reports: dict[str, dict[str, Any]]) -> None:
    """Those of a source's reports (by UUID) the case lacks, added in one insert."""
    found = select(SourceReport.uuid).where(SourceReport.uuid.in_(list(reports)))
    for known in writer.session.scalars(found):
        del reports[known]
    if not reports:
        return
    rows = writer.rows
    rows.refresh_ids()  # the source may be new, added through the ORM
    ids = rows.take_ids("source_report", len(reports))
    rows.execute(
        "source_report",
        _REPORT_COLUMNS,
        [
            (report_id, uuid, rows.now, rows.now, source.id, *_report(report))
            for report_id, (uuid, report) in zip(ids, reports.items(), strict=True)
        ],
    )
    writer.cited.new_reports.extend(ids)


def _report(report: dict[str, Any]) -> tuple[Any, ...]:
    """A report's values after its source, in `_REPORT_COLUMNS`' order."""
    days = [
        date.fromisoformat(report[n]) if report.get(n) else None for n in ("published", "accessed")
    ]
    tlp = markings.parse(report["tlp"]) if report.get("tlp") else None
    excerpt = report.get("excerpt") or ""
    return (str(report["title"]), report.get("url"), report.get("language"), excerpt, *days, tlp)


class _Items:
    """The values under `prefix` in a JSON file, read as a stream; a broken file raises
    `CasefileError` saying so, wherever it breaks."""

    def __init__(self, path: Path, prefix: str, *, busy: Callable[[], None] | None = None):
        self.path, self.prefix, self.busy = path, prefix, busy
        self.fh: BinaryIO | None = None
        self.values = self._values()

    def __iter__(self) -> _Items:
        return self

    def __next__(self) -> Any:
        return next(self.values)

    def position(self) -> int:
        """How far into the file the stream has read (bytes)."""
        return self.fh.tell() if self.fh is not None else 0

    def _values(self) -> Iterator[Any]:
        try:
            fh = self.path.open("rb")
        except OSError as exc:
            raise errors.CasefileError(f"{self.path.name} cannot be read: {exc}") from exc
        with fh:
            self.fh = fh
            if fh.read(3) != b"\xef\xbb\xbf":  # a byte order mark, as Excel writes one
                fh.seek(0)
            source = fh if self.busy is None else _Watched(fh, self.busy)
            try:
                yield from ijson.items(source, self.prefix, use_float=True)
            except (OSError, UnicodeDecodeError, ijson.JSONError) as exc:
                # yajl points at the spot on lines of its own: its first line says what.
                reason = (str(exc).splitlines() or [type(exc).__name__])[0].strip()
                raise errors.CasefileError(
                    f"{self.path.name} is not a readable JSON file ({reason},"
                    f" {fh.tell():,} bytes in)"
                ) from exc
            finally:
                self.fh = None


class _Watched:
    """A file whose reads call `busy` every `_BUSY_EVERY` bytes: the stream parser reads
    in blocks, and a pass that yields nothing for a while still reports and hears a cancel."""

    def __init__(self, fh: BinaryIO, busy: Callable[[], None]):
        self.fh, self.busy, self.unreported = fh, busy, 0

    def read(self, size: int = -1) -> bytes:
        """The next block, after telling `busy` when a megabyte or so has gone by."""
        data = self.fh.read(size)
        self.unreported += len(data)
        if self.unreported >= _BUSY_EVERY:
            self.unreported = 0
            self.busy()
        return data


_BUSY_EVERY = 1 << 20
