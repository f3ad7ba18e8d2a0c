"""Which incidents a report covers: its period and the search filters, as one query.

The filter keys and their meaning belong to search (`casefile.filters`), so the same dict
drives a search, a saved search and a report.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from casefile.search import conditions
from casefile.search import filters as search_filters
from casefile.store.models import Incident


def selected(
    start: date | None, end: date | None, filters: dict[str, Any], *also: ColumnElement[bool]
) -> Select[Any]:
    """Incidents of the inclusive period that pass the filters (and `also`), oldest first."""
    wanted = search_filters.Filters.of(**{**filters, "start": start, "end": end})
    query = select(Incident).order_by(Incident.event_date, Incident.event_time, Incident.id)
    return query.where(*conditions.conditions(wanted), *also)
