"""ORM tables: incidents, actors, casualties, sources, reports, attachments and links.

The one import point for the tables: importing it puts every table of the core in
`Base.metadata` (the exchange's own are in `casefile.store.exchange_tables`), which
Alembic's env, the history and verify read.
"""

from __future__ import annotations

from casefile.store.models.base import (
    NAMING_CONVENTION,
    Base,
    Record,
    SafeDate,
    UTCDateTime,
    new_uuid,
    utcnow,
)
from casefile.store.models.incidents import (
    Actor,
    Casualty,
    Incident,
    IncidentActor,
    IncidentLink,
    IncidentTag,
)
from casefile.store.models.sources import Attachment, Blob, Citation, Source, SourceReport

# isort: split
# The case's own tables register after the incidents' and sources': the history lists
# and checks tables in the order they join the metadata.
from casefile.store.models.case import HistoryEntry, Place, Report, SavedSearch, Setting

__all__ = [
    "NAMING_CONVENTION",
    "Actor",
    "Attachment",
    "Base",
    "Blob",
    "Casualty",
    "Citation",
    "HistoryEntry",
    "Incident",
    "IncidentActor",
    "IncidentLink",
    "IncidentTag",
    "Place",
    "Record",
    "Report",
    "SafeDate",
    "SavedSearch",
    "Setting",
    "Source",
    "SourceReport",
    "UTCDateTime",
    "new_uuid",
    "utcnow",
]
