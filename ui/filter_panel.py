"""The filter panel beside the search box: dates, each facet's values with counts, min killed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from casefile import errors
from casefile.search.filters import Filters
from ui.facet_combo import FacetCombo

if TYPE_CHECKING:
    from casefile import CaseFile

# Facet key (also the search filter's name) and its label, in the order shown.
FACETS = (
    ("event_type", "&Type"),
    ("sub_event_type", "Su&b-type"),
    ("country", "Cou&ntry"),
    ("admin1", "&Region"),
    ("actor", "&Actor"),
    ("reliability", "Re&liability"),
    ("status", "Stat&us"),
    ("tags", "Ta&g"),
)
NO_DATE = QDate(1900, 1, 1)  # the minimum shows as "any": a date edit cannot be empty


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("any")
    edit.setDate(NO_DATE)
    edit.setAccessibleName(name)
    return edit


def _label(value: Any, named: dict[Any, str]) -> str:
    """A value as the panel lists it: its name, with the code it stands for."""
    name = named.get(value)
    return f"{name} – {value}" if name and name != value else str(value)


class FilterPanel(QWidget):
    """Search filters; `changed` fires when the user changes one, not when counts refresh."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(6, 6, 6, 6)
        self.start = _date_edit(self, "From date")
        self.end = _date_edit(self, "To date")
        form.addRow("Fro&m", self.start)
        form.addRow("T&o", self.end)
        self.combos: dict[str, FacetCombo] = {}
        for key, label in FACETS:
            combo = FacetCombo(self)
            combo.setAccessibleName(label.replace("&", ""))
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)  # long actor names must not widen the panel
            combo.chosen_changed.connect(self._emit_changed)
            self.combos[key] = combo
            form.addRow(label, combo)
        self.min_killed = QSpinBox(self)
        self.min_killed.setRange(0, 100_000)
        self.min_killed.setSpecialValueText("any")
        self.min_killed.setAccessibleName("Killed at least")
        form.addRow("&Killed ≥", self.min_killed)
        self.clear_button = QPushButton("&Clear filters", self)
        self.clear_button.clicked.connect(self.clear)
        form.addRow(self.clear_button)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._emit_changed)
        self.min_killed.valueChanged.connect(self._emit_changed)
        self._quiet = False

    def _emit_changed(self) -> None:
        if not self._quiet:
            self.changed.emit()

    def value(self) -> Filters:
        """The chosen filters as the core's one filter value."""
        dates = {
            name: edit.date().toPython()
            for name, edit in (("start", self.start), ("end", self.end))
            if edit.date() != NO_DATE
        }
        chosen = {key: combo.chosen() for key, combo in self.combos.items()}
        return Filters.of(**dates, **chosen, min_killed=self.min_killed.value() or None)

    def filters(self) -> dict[str, Any]:
        """The chosen filters as keyword arguments for `CaseFile.search`; unset ones left out."""
        return self.value().keywords()

    def set_filters(self, filters: Filters | Mapping[str, Any]) -> None:
        """Show these filters (a saved search's, a stored report's); fires `changed` once."""
        value = filters if isinstance(filters, Filters) else Filters.of(**filters)
        self._quiet = True
        try:
            for edit, day in ((self.start, value.start), (self.end, value.end)):
                edit.setDate(QDate(day) if day else NO_DATE)
            for key, combo in self.combos.items():
                combo.choose(list(getattr(value, key)))
            self.min_killed.setValue(value.min_killed or 0)
        finally:
            self._quiet = False
        self.changed.emit()

    def clear(self) -> None:
        """Forget every filter."""
        self.set_filters({})

    def show_counts(
        self,
        facets: dict[str, list[tuple[Any, int]]],
        labels: dict[str, dict[Any, str]] | None = None,
    ) -> None:
        """Relist each facet's values with how many results choosing it would leave.

        `labels` name values for people, by facet: {"country": {"TJ": "Tajikistan"}}.
        """
        self._quiet = True
        try:
            for key, combo in self.combos.items():
                named = (labels or {}).get(key, {})
                counted = facets.get(key, [])
                combo.set_values([(v, _label(v, named), n) for v, n in counted])
        finally:
            self._quiet = False


Counts = tuple[dict[str, list[tuple[Any, int]]], dict[str, dict[Any, str]]]


def read_counts(
    case: CaseFile, text: str, filters: Mapping[str, Any], should_stop: Callable[[], bool]
) -> Counts | None:
    """Worker side: what `FilterPanel.show_counts` shows, or None once superseded.

    Stopped when superseded: over a million incidents the counts take seconds.
    """
    if should_stop():
        return None  # while queued: skip the work
    try:
        counts = case.find.facets(text, should_stop=should_stop, **filters)
    except errors.Cancelled:
        return None
    names = case.find.country_names(code for code, _ in counts.get("country", []))
    return counts, {"country": names}
