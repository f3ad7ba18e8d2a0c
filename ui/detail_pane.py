"""The detail pane: the selected incident's fields, actors, casualties and graded sources."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QWidget
from shiboken6 import isValid

from casefile import errors
from casefile.records import taxonomy, wording
from casefile.search.hit import Hit
from casefile.store.changes import Changes
from ui.worker import Task, Worker

EMPTY = "<p><i>Select an incident to see its details.</i></p>"
NO_INCIDENTS = (
    "<p><i>This case file holds no incidents yet.</i></p>"
    "<p>Edit ▸ New Incident (Ctrl+N) records one; File ▸ Import ACLED CSV (Ctrl+I) "
    "adds many at once.</p>"
    "<p>To try Casefile first, Help ▸ Open the Demo Case opens a case of real border "
    "incidents, kept apart from yours.</p>"
)

if TYPE_CHECKING:
    from casefile import CaseFile, IncidentData
    from casefile.records.sources import CitedReport


def hit_html(hit: Hit) -> str:
    """A search hit's snippet, escaped, with the matched words in bold."""
    text = hit.snippet
    spans = sorted(getattr(hit, "highlights", ()) or ())
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue  # overlapping spans: the first one wins
        out += [escape(text[last:start]), "<b>", escape(text[start:end]), "</b>"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def _match_label(hit: Hit) -> str:
    # Say where the words were found: a match in a cited report or the tags is not
    # visible in the narrative below, so the reader would wonder why the incident is here.
    field = hit.field or "text"
    return f"Match in {FIELD_NAMES.get(field, field)}"


FIELD_NAMES = {"reports": "a cited source report"}


def _row(label: str, value: object) -> str:
    if value in (None, "", []):
        return ""
    return (
        f"<tr><th align='left' valign='top'>{escape(label)}</th><td>{escape(str(value))}</td></tr>"
    )


def _when(data: IncidentData) -> str:
    when = data.event_date.isoformat()
    if data.event_time is not None:
        when += " " + data.event_time.strftime("%H:%M")
        if data.timezone:
            when += f" ({data.timezone})"
    precision = taxonomy.TIME_PRECISION.get(data.time_precision, "")
    return f"{when}, {precision}" if data.time_precision != 1 else when


def _actors(data: IncidentData) -> str:
    items = []
    for actor in data.actors:
        role = taxonomy.ACTOR_ROLES.get(actor.role, actor.role)
        extra = f", {actor.likelihood}" if actor.likelihood else ""
        extra += " (associated)" if actor.associated else ""
        items.append(f"<li>{escape(actor.name)} — {escape(role)}{escape(extra)}</li>")
    return f"<h3>Actors</h3><ul>{''.join(items)}</ul>" if items else ""


def _casualties(data: IncidentData) -> str:
    items = []
    for count in data.casualties:
        figure = str(count.best)
        if (count.low, count.high) != (count.best, count.best):
            figure += f" ({count.low}–{count.high})"
        group = count.group or "all"
        items.append(
            f"<tr><td>{escape(count.kind)}</td><td>{escape(group)}</td>"
            f"<td align='right'>{escape(figure)}</td></tr>"
        )
    if not items:
        return ""
    head = "<tr><th align='left'>Kind</th><th align='left'>Group</th><th>Count</th></tr>"
    return f"<h3>Casualties</h3><table cellspacing='6'>{head}{''.join(items)}</table>"


def _sources(cited: list[CitedReport]) -> str:
    items = []
    for item in cited:
        published = f", {item.report.published.isoformat()}" if item.report.published else ""
        meaning = (
            f"{taxonomy.RELIABILITY.get(item.source.reliability, '')}; "
            + taxonomy.CREDIBILITY.get(item.credibility, "")
        )
        items.append(
            f"<li><b title='{escape(meaning)}'>{escape(item.grade)}</b> "
            f"{escape(item.source.name)}: {escape(item.report.title)}{escape(published)}</li>"
        )
    return (
        f"<h3>Sources</h3><ul>{''.join(items)}</ul>"
        if items
        else "<h3>Sources</h3><p>None cited.</p>"
    )


def incident_html(data: IncidentData, cited: list[CitedReport], hit: Hit | None = None) -> str:
    """The incident as simple HTML (all text escaped) for the detail pane."""
    kind = " – ".join(p for p in (data.event_type, data.sub_event_type) if p)
    fields = "".join(
        (
            _row("When", _when(data)),
            _row("Type", kind),
            _row("Place", wording.place_line(data)),
            _row("Claim", taxonomy.CLAIM_STATUSES.get(data.claim_status, data.claim_status)),
            _row("Status", data.status),
            _row("Tags", ", ".join(data.tags)),
            _row("ACLED id", data.acled_id),
        )
    )
    match = f"<p><i>{_match_label(hit)}:</i> {hit_html(hit)}</p>" if hit and hit.snippet else ""
    narrative = "".join(f"<p>{escape(p)}</p>" for p in data.narrative.split("\n\n") if p.strip())
    return (
        f"<h2>{escape(data.title)}</h2>{match}<table cellspacing='4'>{fields}</table>"
        f"{narrative}{_actors(data)}{_casualties(data)}{_sources(cited)}"
        f"<p><a href='{HISTORY_LINK}'>History of this incident…</a></p>"
    )


HISTORY_LINK = "casefile:history"


class DetailPane(QTextBrowser):
    """Shows one incident, loaded through the worker; follows changes to it."""

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.incident_id: str | None = None
        self.hit: Hit | None = None
        self._empty = EMPTY
        self.setAccessibleName("Incident details")
        self.setOpenExternalLinks(False)
        self.setHtml(EMPTY)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._link)
        worker.changed.connect(self._on_changed)

    def _link(self, url: QUrl) -> None:
        if url.toString() == HISTORY_LINK and self.incident_id is not None:
            self.show_history()

    def show_history(self) -> QDialog:
        """Open the shown incident's history."""
        from ui.history_dialog import HistoryDialog

        assert self.incident_id is not None
        dialog = HistoryDialog(self.worker, self.incident_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def set_worker(self, worker: Worker) -> None:
        """Follow another case file's worker (after File ▸ Open); clears the pane."""
        if worker is not self.worker:
            self.worker.changed.disconnect(self._on_changed)
            self.worker = worker
            worker.changed.connect(self._on_changed)
        self.show_incident(None)

    def set_case_empty(self, empty: bool) -> None:
        """While the case holds no incidents, say how to add some instead of "select one"."""
        self._empty = NO_INCIDENTS if empty else EMPTY
        if self.incident_id is None:
            self.setHtml(self._empty)

    def show_incident(self, incident_id: str | None, hit: Hit | None = None) -> None:
        """Load and show an incident (None clears the pane), with the search hit that found it."""
        self.incident_id = incident_id
        self.hit = hit
        if incident_id is None:
            self.setHtml(self._empty)
            return

        def load(case: CaseFile, task: Task[Any]) -> tuple[IncidentData, list[CitedReport]]:
            return case.get_incident(incident_id), case.sources.cited_by(incident_id)

        def done(result: tuple[IncidentData, list[CitedReport]]) -> None:
            # The user may have moved on meanwhile, or closed the window.
            if isValid(self) and self.incident_id == incident_id:
                self.setHtml(incident_html(*result, hit=self.hit))

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, errors.NotFound):
                self.worker.failed.emit(Task("Showing the incident"), exc)
            elif isValid(self) and self.incident_id == incident_id:
                self.show_incident(None)

        self.worker.run(load, done=done, error=failed, initiator=self)

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if self.incident_id is None:
            return
        if self.incident_id in changes.deleted:
            self.show_incident(None)
        elif self.incident_id in changes.incidents or changes.tables & {"source", "source_report"}:
            self.show_incident(self.incident_id, self.hit)
