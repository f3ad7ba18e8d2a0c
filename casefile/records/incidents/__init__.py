"""Incidents: their plain values, their checks, and the operations that read and store them.

The one import point: callers use the names below, the package's modules are its own.
"""

from __future__ import annotations

from casefile.records.incidents.checks import COUNTRY_CODE, check, normalise, validate, warnings
from casefile.records.incidents.data import ActorRole, CasualtyCount, CitationRef, IncidentData
from casefile.records.incidents.links import Links, link, links, unlink
from casefile.records.incidents.reading import load, to_data
from casefile.records.incidents.storing import remove, store

__all__ = [
    "COUNTRY_CODE",
    "ActorRole",
    "CasualtyCount",
    "CitationRef",
    "IncidentData",
    "Links",
    "check",
    "link",
    "links",
    "load",
    "normalise",
    "remove",
    "store",
    "to_data",
    "unlink",
    "validate",
    "warnings",
]
