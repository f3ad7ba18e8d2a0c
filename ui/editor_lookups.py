"""What the incident editor offers for completion and picking, fetched in one worker call."""

from __future__ import annotations

from dataclasses import dataclass, field

from casefile import CaseFile
from ui.citations_table import ReportChoice


@dataclass(frozen=True)
class Lookups:
    """Known actor names, tags in use, and every source report that can be cited."""

    actor_names: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    reports: list[ReportChoice] = field(default_factory=list)


def fetch(case: CaseFile, task: object = None) -> Lookups:
    """Read the lookups (runs on the worker thread)."""
    reports = [
        ReportChoice(report.id or "", source.name, source.reliability, report.title)
        for source in case.sources.all()
        for report in case.sources.reports(source.id or "")
    ]
    return Lookups(case.actor_names(), case.tag_names(), reports)
