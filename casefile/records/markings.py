"""Handling marks: each record's TLP 2.0 marking, and what a maximum marking lets through.

An incident, a source report or an attachment may carry its own marking; without one it
has the case's (the `tlp` setting, TLP:AMBER unless changed). Anything that leaves the
case file (a report, an export, a bundle) takes a maximum marking and leaves out every
record above it, saying how many it withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.records import taxonomy
from casefile.store.models import Attachment, Incident, Setting, SourceReport

SETTING = "tlp"
CASE_DEFAULT = "TLP:AMBER"
# Strictness order: TLP:CLEAR shares the most, TLP:RED the least.
ORDER = {label: rank for rank, label in enumerate(taxonomy.TLP)}


def parse(value: str) -> str:
    """A marking's canonical label from "red", "TLP:RED" or "amber+strict"; Invalid if none."""
    text = value.strip().upper()
    label = text if text.startswith("TLP:") else f"TLP:{text}"
    if label not in ORDER:
        accepted = ", ".join(m.removeprefix("TLP:") for m in ORDER)
        raise errors.Invalid({"tlp": f"Unknown marking {value!r}; use one of {accepted}."})
    return label


def case_marking(session: Session) -> str:
    """The case's own marking, which every record without one carries."""
    stored = session.scalar(select(Setting.value).where(Setting.key == SETTING))
    return stored if stored in ORDER else CASE_DEFAULT


def effective(marking: str | None, case: str) -> str:
    """A record's marking: its own, or the case's."""
    return marking if marking in ORDER else case


def allowed(marking: str, maximum: str) -> bool:
    """Whether a record with this marking may go out under `maximum`."""
    return ORDER[marking] <= ORDER[maximum]


@dataclass
class Withheld:
    """How many records of each kind a maximum marking kept back."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        """Count `n` more records of `kind` withheld."""
        self.counts[kind] = self.counts.get(kind, 0) + n

    @property
    def total(self) -> int:
        """Every record withheld."""
        return sum(self.counts.values())

    def phrase(self) -> str:
        """What was withheld, in words: "1 incident, 2 source reports"."""
        return ", ".join(
            f"{n} {kind if n != 1 else kind.removesuffix('s')}"
            for kind, n in sorted(self.counts.items())
        )

    def __str__(self) -> str:
        if not self.total:
            return "nothing withheld"
        return f"withheld above the marking: {self.phrase()}"


def mark(session: Session, uuid: str, tlp: str | None) -> None:
    """Give an incident, source report or attachment its own marking (None: the case's)."""
    label = parse(tlp) if tlp is not None else None
    row = (
        session.scalar(select(Incident).where(Incident.uuid == uuid))
        or session.scalar(select(SourceReport).where(SourceReport.uuid == uuid))
        or session.scalar(select(Attachment).where(Attachment.uuid == uuid))
    )
    if row is None:
        raise errors.NotFound(f"No incident, source report or attachment {uuid}")
    row.tlp = label


def set_case_marking(session: Session, tlp: str) -> None:
    """Change the marking every record without its own carries."""
    session.merge(Setting(key=SETTING, value=parse(tlp)))


def within(column: Any, case: str, maximum: str) -> ColumnElement[bool]:
    """SQL: a record whose marking (its own in `column`, or the case's) is at most `maximum`."""
    labels = [label for label in ORDER if allowed(label, maximum)]
    # Never NULL, so that its negation counts what it leaves out.
    return func.coalesce(column, case).in_(labels)
