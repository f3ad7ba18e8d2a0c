"""The sources and reports an imported file's `source` column names, found or added in bulk.

ACLED's `source` cell names the outlets that reported an event ("Xinhua; Tolo News"):
each becomes a source (added the first time it is met, graded until the analyst judges
it), and each source and day a source report the incident cites. Names seen are kept in
local dicts for the length of one import, so the database is asked only about new ones.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from casefile.exchange import inserts
from casefile.exchange.imported import Record
from casefile.store.models import Source, SourceReport

# What a source named in an imported file is graded until the analyst judges it: Admiralty
# F ("reliability cannot be judged") and credibility 6 ("truth cannot be judged").
DEFAULT_RELIABILITY = "F"
DEFAULT_CREDIBILITY = 6
_NOTE = "Named in an imported file; graded F until judged."


def report_title(source: str, day: date) -> str:
    """The title of the report a file's `source` cell stands for: one per source and day."""
    return f"{source}, {day.isoformat()}"


@lru_cache(maxsize=4096)
def clean_name(text: str) -> str:
    """A name as kept: its white space made single spaces.

    Remembered: an import meets the same few hundred actors and sources on every row.
    """
    return " ".join(text.split())


class CitedSources:
    """The sources and reports of one import, by name and by (source, title)."""

    def __init__(self, session: Session, rows: inserts.Inserter):
        self.session = session
        self.rows = rows
        self.sources: dict[str, int] = {}
        self.reports: dict[tuple[int, str], tuple[int, str]] = {}  # -> (id, UUID)
        self.loaded_sources: set[int] = set()
        self.new_reports: list[int] = []

    def resolve(self, records: list[Record]) -> dict[int, list[tuple[int, int, str]]]:
        """(report id, credibility, note) cited by each record (by `id(record)`)."""
        names = {clean_name(s) for r in records for s in r.sources} - set(self.sources)
        if names:
            self._add_sources(sorted(names))
        cited: dict[int, list[tuple[int, int, str]]] = {}
        reports, sources, new = self.reports, self.sources, []
        for record in records:
            if not record.sources:
                continue
            day = record.data.event_date
            for name in dict.fromkeys(map(clean_name, record.sources)):
                key = (sources[name], report_title(name, day))
                found = reports.get(key)
                if found is None and key[0] not in self.loaded_sources:
                    self._load_reports(key[0])
                    found = reports.get(key)
                if found is None:
                    # Its key now; its UUID with the batch's others, below, in one go.
                    (new_id,) = self.rows.take_ids("source_report", 1)
                    found = reports[key] = (new_id, "")
                    new.append(key)
                cited.setdefault(id(record), []).append((found[0], DEFAULT_CREDIBILITY, ""))
        new_rows = []
        now = self.rows.now
        for key, new_uuid in zip(new, inserts.uuids(len(new)), strict=True):
            new_id = reports[key][0]
            reports[key] = (new_id, new_uuid)
            new_rows.append((new_id, new_uuid, now, now, key[0], key[1], ""))
            self.new_reports.append(new_id)
        self.rows.execute(
            "source_report", (*inserts.STAMP, "source_id", "title", "excerpt"), new_rows
        )
        return cited

    def _load_reports(self, source_id: int) -> None:
        """The reports a source already has, by title, read once per source."""
        if source_id in self.loaded_sources:
            return
        self.loaded_sources.add(source_id)
        statement = select(SourceReport.title, SourceReport.id, SourceReport.uuid).where(
            SourceReport.source_id == source_id
        )
        for title, report_id, report_uuid in self.session.execute(statement):
            self.reports[(source_id, title)] = (report_id, report_uuid)

    def _add_sources(self, names: list[str]) -> None:
        statement = select(Source.name, Source.id).where(
            Source.name.in_(bindparam("names", expanding=True))
        )
        self.sources.update((n, i) for n, i in self.session.execute(statement, {"names": names}))
        missing = [name for name in names if name not in self.sources]
        ids = self.rows.take_ids("source", len(missing))
        rows = [
            (
                source_id,
                uuid,
                self.rows.now,
                self.rows.now,
                name,
                "other",
                DEFAULT_RELIABILITY,
                _NOTE,
            )
            for source_id, uuid, name in zip(ids, inserts.uuids(len(missing)), missing, strict=True)
        ]
        self.rows.execute("source", (*inserts.STAMP, "name", "kind", "reliability", "notes"), rows)
        self.sources.update(zip(missing, ids, strict=True))
