"""The incident form: every field of an incident on tabs, read from and written to IncidentData."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.places.gazetteer import Place
from casefile.records import taxonomy
from casefile.records.incidents import COUNTRY_CODE, IncidentData
from ui.actor_table import ActorTable
from ui.casualty_table import CasualtyTable
from ui.citations_table import CitationsTable
from ui.form_fields import FieldBox, OptionalDate, OptionalTime, TagsEdit, date_edit

Getter = Callable[[], Any]
Setter = Callable[[Any], None]


def combo(name: str, choices: list[tuple[str, Any]], parent: QWidget | None = None) -> QComboBox:
    """A combo box of (label, value) choices."""
    box = QComboBox(parent)
    box.setAccessibleName(name)
    for label, value in choices:
        box.addItem(label, value)
    return box


def select(box: QComboBox, value: Any) -> None:
    """Select the item holding `value` (the first item when none does)."""
    found = box.findData(value)
    box.setCurrentIndex(max(found, 0))


def line(name: str, parent: QWidget | None = None, *, placeholder: str = "") -> QLineEdit:
    """A one-line text field."""
    edit = QLineEdit(parent)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _text_or_none(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def _show_text(edit: QLineEdit, value: str | None) -> None:
    edit.setText(value or "")
    edit.setCursorPosition(0)  # long text shows its start, not its end


def _number(edit: QLineEdit) -> float | None:
    text = edit.text().strip().replace(",", ".")
    return float(text) if text else None


def timezone_box(parent: QWidget | None = None) -> QComboBox:
    """An editable list of IANA time zones, completed by any part of the name."""
    box = QComboBox(parent)
    box.setEditable(True)
    box.setAccessibleName("Time zone")
    box.addItem("")
    box.addItems(sorted(available_timezones()))
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(box.model(), box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)
    box.lineEdit().setPlaceholderText("e.g. Asia/Dushanbe")
    return box


class IncidentForm(QTabWidget):
    """Tabs of fields for one incident; `changed(field)` fires on every edit by the user."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.boxes: dict[str, FieldBox] = {}
        self._get: dict[str, Getter] = {}
        self._set: dict[str, Setter] = {}
        self._loading = False
        self._base = IncidentData(title="", event_date=date.today())
        self.setAccessibleName("Incident fields")
        self.addTab(self._event_page(), "&Event")
        self.addTab(self._place_page(), "&Place")
        self.actors = ActorTable()
        self.casualties = CasualtyTable()
        self.citations = CitationsTable()
        self._table_page("actors", self.actors, "A&ctors")
        self._table_page("casualties", self.casualties, "Casua&lties")
        self._table_page("citations", self.citations, "&Sources")
        self.addTab(self._record_page(), "&Record")

    # --- building ------------------------------------------------------------------------

    def _field(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> QWidget:
        box = FieldBox(name, widget)
        self.boxes[name] = box
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, box)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        return widget

    def _bind(self, name: str, get: Getter, put: Setter, signal: Any) -> None:
        self._get[name], self._set[name] = get, put
        signal.connect(lambda *_: self._edited(name))

    def _edited(self, name: str) -> None:
        if not self._loading:
            self.changed.emit(name)

    def _text(self, form: QFormLayout, label: str, name: str, placeholder: str = "") -> QLineEdit:
        edit = line(label.replace("&", ""), placeholder=placeholder)
        self._field(form, label, name, edit)
        self._bind(
            name, lambda: _text_or_none(edit), lambda v: _show_text(edit, v), edit.textEdited
        )
        return edit

    def _choice(
        self, form: QFormLayout, label: str, name: str, choices: list[tuple[str, Any]]
    ) -> QComboBox:
        box = combo(label.replace("&", ""), choices)
        self._field(form, label, name, box)
        self._bind(name, box.currentData, lambda v: select(box, v), box.activated)
        return box

    def _event_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.title = self._text(form, "&Title:", "title")
        self.title.setAccessibleName("Title")
        self._when(form)
        self._what(form)
        self.tags = TagsEdit()
        self._field(form, "Ta&gs:", "tags", self.tags)
        self._bind("tags", self.tags.tags, self.tags.set_tags, self.tags.textEdited)
        self.narrative = QPlainTextEdit()
        self.narrative.setAccessibleName("Narrative")
        self.narrative.setTabChangesFocus(True)
        self.narrative.setPlaceholderText("What happened, who reported it, what is disputed.")
        self._bind(
            "narrative",
            self.narrative.toPlainText,
            self.narrative.setPlainText,
            self.narrative.textChanged,
        )
        narrative_box = FieldBox("narrative", self.narrative)
        self.boxes["narrative"] = narrative_box
        caption = QLabel("N&arrative:")
        caption.setBuddy(self.narrative)
        right = QVBoxLayout()
        right.addWidget(caption)
        right.addWidget(narrative_box, 1)
        layout = QHBoxLayout(page)
        layout.addLayout(form, 3)
        layout.addLayout(right, 2)
        return page

    def _when(self, form: QFormLayout) -> None:
        self.event_date = date_edit("Event date")
        self._field(form, "&Date:", "event_date", self.event_date)
        self._bind(
            "event_date",
            lambda: self.event_date.date().toPython(),
            self._set_date,
            self.event_date.dateChanged,
        )
        self.event_time = OptionalTime("Event time")
        self._field(form, "T&ime (local):", "event_time", self.event_time)
        self._bind(
            "event_time", self.event_time.value, self.event_time.set_value, self.event_time.changed
        )
        precision = [(f"{k} – {v}", k) for k, v in taxonomy.TIME_PRECISION.items()]
        self._choice(form, "Date precisi&on:", "time_precision", precision)
        self.timezone = timezone_box()
        self._field(form, "Time &zone:", "timezone", self.timezone)
        self._bind(
            "timezone",
            lambda: self.timezone.currentText().strip() or None,
            lambda v: self.timezone.setCurrentText(v or ""),
            self.timezone.currentTextChanged,
        )
        self.reported = OptionalDate("Reported date")
        self._field(form, "Reported o&n:", "reported_date", self.reported)
        self._bind(
            "reported_date", self.reported.value, self.reported.set_value, self.reported.changed
        )

    def _set_date(self, value: date) -> None:
        self.event_date.setDate(QDate(value.year, value.month, value.day))

    def _what(self, form: QFormLayout) -> None:
        types = [("", None)] + [(t, t) for t in taxonomy.EVENT_TYPES]
        self.event_type = self._choice(form, "E&vent type:", "event_type", types)
        self.sub_event_type = combo("Sub-event type", [("", None)])
        self._field(form, "Su&b-event type:", "sub_event_type", self.sub_event_type)
        self._bind(
            "sub_event_type",
            self.sub_event_type.currentData,
            self._set_sub_event,
            self.sub_event_type.activated,
        )
        disorder = [("(implied by the event type)", None)]
        disorder += [(d, d) for d in taxonomy.DISORDER_TYPES]
        self.disorder_type = self._choice(form, "Disorder t&ype:", "disorder_type", disorder)
        self.event_type.currentIndexChanged.connect(self._event_type_changed)
        claims = [(label, key) for key, label in taxonomy.CLAIM_STATUSES.items()]
        self._choice(form, "Clai&m:", "claim_status", claims)
        self._choice(form, "Stat&us:", "status", [(s.capitalize(), s) for s in taxonomy.STATUSES])
        marks = [("The case's marking", None)] + [(label, label) for label in taxonomy.TLP]
        self._choice(form, "Handling mark (TLP):", "tlp", marks)

    def _event_type_changed(self) -> None:
        """Offer the sub-event types of the chosen event type (ACLED's codebook)."""
        current = self.sub_event_type.currentData()
        subs = taxonomy.EVENT_TYPES.get(self.event_type.currentData() or "", ())
        self.sub_event_type.clear()
        self.sub_event_type.addItem("", None)
        for sub in subs:
            self.sub_event_type.addItem(sub, sub)
        select(self.sub_event_type, current)
        if not self._loading:
            # A new event type implies its own disorder type; let the core fill it in.
            select(self.disorder_type, None)

    def _set_sub_event(self, value: str | None) -> None:
        if value and self.sub_event_type.findData(value) < 0:
            self.sub_event_type.addItem(value, value)  # keep what was stored, even if odd
        select(self.sub_event_type, value)

    def _place_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        code = self._text(form, "Country co&de:", "country_code", "ISO 3166, e.g. TJ")
        code.setMaxLength(2)
        self._text(form, "Co&untry:", "country", "e.g. Tajikistan")
        self._text(form, "Re&gion:", "region", "e.g. Caucasus and Central Asia")
        self._text(form, "Admin &1:", "admin1", "province, e.g. Khatlon")
        self._text(form, "Admin &2:", "admin2", "district, e.g. Shamsiddin Shohin")
        self._text(form, "Admin &3:", "admin3", "jamoat or sub-district")
        self.location = self._text(
            form, "Locat&ion:", "location", "type a place in any script for suggestions"
        )
        self.latitude = self._coordinate(form, "L&atitude:", "latitude", "-90 to 90, e.g. 37.58")
        self.longitude = self._coordinate(form, "L&ongitude:", "longitude", "-180 to 180")
        precision = [("", None)] + [(f"{k} – {v}", k) for k, v in taxonomy.GEO_PRECISION.items()]
        self._choice(form, "Geo precisio&n:", "geo_precision", precision)
        return page

    def _coordinate(self, form: QFormLayout, label: str, name: str, hint: str) -> QLineEdit:
        edit = line(label.replace("&", "").rstrip(":"), placeholder=hint)
        self._field(form, label, name, edit)
        self._bind(
            name,
            lambda: self._coordinate_value(edit),
            lambda v: edit.setText("" if v is None else f"{v:.6g}"),
            edit.textEdited,
        )
        return edit

    def _coordinate_value(self, edit: QLineEdit) -> float | None:
        try:
            return _number(edit)
        except ValueError:
            return None

    def _table_page(self, name: str, table: Any, title: str) -> None:
        box = FieldBox(name, table)
        self.boxes[name] = box
        self._bind(name, table.model.rows, table.model.set_rows, table.model.edited)
        self.addTab(box, title)

    def _record_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self._text(form, "ACLED &id:", "acled_id")
        self._text(form, "ACLED so&urce:", "acled_source")
        self._text(form, "ACLED source sc&ale:", "acled_source_scale")
        self.history = QLabel()
        self.history.setAccessibleName("Created and updated")
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("History:", self.history)
        return page

    # --- reading and writing -------------------------------------------------------------

    def fill_place(self, place: Place) -> None:
        """Fill the place fields from a chosen suggestion, each as if typed (so undoable by
        editing, drafted, and marked changed); a town's point is an exact place."""
        values = {
            "location": place.name,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "country_code": place.country_code or None,
            "country": place.country or None,
            "admin1": place.admin1 or None,
            "geo_precision": 1,
        }
        for name, value in values.items():
            self._set[name](value)
            self._edited(name)

    def set_data(self, data: IncidentData) -> None:
        """Show an incident (fields not on the form, such as timestamps, are kept as they are)."""
        self._loading = True
        try:
            self._base = data
            for name in ("event_type", *self._set):
                self._set[name](getattr(data, name))
            self.history.setText(_history(data))
        finally:
            self._loading = False

    def data(self) -> IncidentData:
        """The incident as the form shows it now."""
        values = {name: get() for name, get in self._get.items()}
        if values["title"] is None:
            values["title"] = ""
        if values["narrative"] is None:
            values["narrative"] = ""
        return dataclasses.replace(self._base, **values)

    def input_problems(self) -> dict[str, str]:
        """Problems the data model cannot hold, such as letters typed as a latitude."""
        problems = {}
        for name, edit in (("latitude", self.latitude), ("longitude", self.longitude)):
            try:
                _number(edit)
            except ValueError:
                problems[name] = f"{edit.text()!r} is not a number; use decimal degrees."
        for count in self.casualties.model.rows():
            # The database keeps two letters; a longer name would be cut short there.
            if count.nationality and not COUNTRY_CODE.match(count.nationality):
                problems["casualties"] = (
                    f"Nationality {count.nationality!r}: use the two-letter ISO code, e.g. CN."
                )
        return problems

    def show_errors(self, problems: dict[str, str]) -> None:
        """Show each message under its field and mark the tabs that hold one."""
        for name, box in self.boxes.items():
            box.error.show_message(problems.get(name))
        for index in range(self.count()):
            page = self.widget(index)
            bad = any(
                problems.get(n) for n, b in self.boxes.items() if page is b or page.isAncestorOf(b)
            )
            title = self.tabText(index).removesuffix(" ⚠")
            self.setTabText(index, f"{title} ⚠" if bad else title)


def _history(data: IncidentData) -> str:
    if data.created_at is None:
        return "Not saved yet."
    text = f"Created {data.created_at:%Y-%m-%d %H:%M} UTC by {data.created_by or 'unknown'}"
    if data.updated_at is not None:
        text += f"\nUpdated {data.updated_at:%Y-%m-%d %H:%M} UTC by {data.updated_by or 'unknown'}"
    return text
