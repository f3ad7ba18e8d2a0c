"""The incident editor window: the form, Save and Cancel, drafts kept while editing.

Nothing typed is lost: every edit restarts a short timer that writes a draft to disk,
closing with unsaved changes asks what to do, and `ui.drafts_recovery` gives drafts
back after a crash. A change made elsewhere to the incident being edited is noticed, and
the user chooses between it and their own version (see `ui.edit_conflicts`).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from typing import Literal

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile, errors
from casefile.records.conflicts import Base, ChangedElsewhere, base_of, changed
from casefile.records.drafts import DELAY_MS, Draft, Drafts
from casefile.records.incidents import IncidentData, normalise, validate, warnings
from casefile.store.changes import Changes
from ui import editor_lookups
from ui.attachments_panel import AttachmentsPanel
from ui.edit_conflicts import Choice, ConflictBanner, ask_conflict, read_stored, store_checked
from ui.form_fields import ErrorLabel
from ui.incident_form import IncidentForm
from ui.lifetime import run_for
from ui.place_completer import PlaceCompleter
from ui.worker import Task, Worker

Answer = Literal["save", "discard", "cancel"]
_last_timezone: str | None = None  # new incidents start in the zone last used


def drafts_store() -> Drafts:
    """Where editors keep drafts (tests point this at a temporary folder)."""
    return Drafts()


class IncidentEditor(QDialog):
    """Edit a new (`incident_id=None`) or existing incident; `saved(id)` after each save."""

    saved = Signal(str)

    def __init__(
        self,
        worker: Worker,
        incident_id: str | None,
        parent: QWidget | None = None,
        *,
        draft: Draft | None = None,
        drafts: Drafts | None = None,
    ):
        super().__init__(parent)
        self.worker = worker
        self.incident_id = incident_id
        self.drafts = drafts or drafts_store()
        self.key = draft.key if draft else (incident_id or f"new-{uuid.uuid4()}")
        self._clean: dict[str, object] = {}
        self._loaded: Base = None  # the incident as stored when loaded, to notice changes
        self._overwrite = False  # the user chose to save over a change made elsewhere
        self._elsewhere: IncidentData | None = None  # the stored version after that change
        self._touched: set[str] = set()
        self._tried = False
        self._busy = True
        self._saving = False
        self.setWindowTitle("New incident[*]" if incident_id is None else "Edit incident[*]")
        self.form = IncidentForm(self)
        self.form.changed.connect(self._edited)
        self._attachments_tab()
        self.message = ErrorLabel("save", self)
        self.banner = ConflictBanner(self)
        self.banner.reload_asked.connect(self._reload_asked)
        self.banner.keep_asked.connect(self._keep_mine)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save incident")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.save)
        keys = QKeySequence(QKeySequence.StandardKey.Save)
        shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
        self.save_button.setToolTip(f"Save ({shown})")
        QShortcut(keys, self, self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.write_draft)
        self.resize(self.fontMetrics().averageCharWidth() * 140, self.fontMetrics().height() * 38)
        self._set_busy(True)
        self.places = PlaceCompleter(worker, self.form.location)
        self.places.chosen.connect(self.form.fill_place)
        worker.changed.connect(self._case_changed)
        self._load_lookups()
        self._load(draft)

    # --- loading -------------------------------------------------------------------------

    def _attachments_tab(self) -> None:
        if self.incident_id is None:
            self.attachments: AttachmentsPanel | None = None
            note = QLabel("Save the incident first; then files can be attached here.")
            note.setWordWrap(True)
            self.form.addTab(note, "Attac&hments")
        else:
            self.attachments = AttachmentsPanel(self.worker, incident_id=self.incident_id)
            self.form.addTab(self.attachments, "Attac&hments")

    def _load(self, draft: Draft | None) -> None:
        recovered = IncidentData.from_dict(draft.data) if draft else None
        if self.incident_id is None:
            self._show(
                IncidentData(title="", event_date=date.today(), timezone=_last_timezone), recovered
            )
            return
        incident_id = self.incident_id

        def failed(exc: BaseException) -> None:
            if recovered is not None and isinstance(exc, errors.NotFound):
                # Deleted since the crash: the draft still holds everything typed.
                self._show(IncidentData(title="", event_date=date.today()), recovered)
            else:
                self.message.show_message(f"Could not open the incident: {exc}")

        run_for(
            self,
            self.worker,
            lambda case, task: case.get_incident(incident_id),
            label="Open incident",
            done=lambda data: self._show(data, recovered),
            error=failed,
        )

    def _show(self, stored: IncidentData, recovered: IncidentData | None) -> None:
        self._loaded = base_of(stored) if stored.id is not None else None
        self._overwrite = False
        self.banner.hide()
        self.form.set_data(stored)
        self._clean = self.form.data().to_dict()
        if recovered is not None:
            # Its base is the incident as stored now, shown and compared: a change saved
            # after this load is refused; the draft was written over an older one.
            self.form.set_data(dataclasses.replace(recovered, version=stored.version))
            self._touched.update(recovered.to_dict())
            self._refresh_errors()
        if stored.id is not None:
            self.setWindowTitle(f"Edit incident — {stored.title}[*]")
        self._set_busy(False)
        self._mark_modified()
        self.form.title.setFocus()

    def _load_lookups(self) -> None:
        run_for(
            self,
            self.worker,
            editor_lookups.fetch,
            label="Read actors, tags and reports",
            done=self._use_lookups,
        )

    def _use_lookups(self, lookups: editor_lookups.Lookups) -> None:
        self.form.actors.known_names = lookups.actor_names
        self.form.tags.set_known(lookups.tags)
        self.form.citations.set_reports(lookups.reports)

    def _case_changed(self, changes: Changes, initiator: object) -> None:
        # A report added in the source register should be citable here at once.
        if changes.sources or changes.source_reports:
            self._load_lookups()
        mine = initiator is self or (initiator is not None and initiator is self.attachments)
        touched = changes.incidents | changes.deleted
        if self.incident_id in touched and not mine and not self._busy:
            # Undo, an import or another window: compare with what this editor loaded.
            incident_id = self.incident_id
            run_for(
                self,
                self.worker,
                lambda case, task: read_stored(case, incident_id),
                done=self._compare_stored,
            )

    # --- changes made elsewhere ----------------------------------------------------------

    def _compare_stored(self, current: IncidentData | None) -> None:
        if self._busy or not changed(current, self._loaded):
            return  # a save or load is under way (it checks for itself), or nothing differs
        if current is not None and not self.is_dirty():
            self._show(current, None)  # nothing typed here: just show the stored version
            return
        self._overwrite = False
        self._elsewhere = current
        self.banner.show_change(current, dirty=self.is_dirty())

    def _reload_asked(self) -> None:
        self._take_stored(self._elsewhere)

    def _take_stored(self, current: IncidentData | None) -> None:
        """Drop the edits for the stored version; once deleted, close the editor."""
        if current is None:
            self._close_now()
            return
        self._show(current, None)
        self.write_draft()  # nothing unsaved any more: the draft goes

    def _keep_mine(self) -> None:
        self._overwrite = True
        self.banner.hide()
        self.form.title.setFocus()

    def ask_conflict(self, current: IncidentData | None) -> Choice:
        """Ask at Save what to do about a change made elsewhere (tests replace this)."""
        return ask_conflict(self, current)

    # --- editing -------------------------------------------------------------------------

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        self._refresh_errors()
        self._mark_modified()
        self._timer.start()

    def problems(self) -> dict[str, str]:
        """Everything wrong with the incident as shown, by field."""
        return {**validate(normalise(self.form.data())), **self.form.input_problems()}

    def _refresh_errors(self) -> None:
        problems = self.problems()
        if not self._tried:
            # Before the first Save, only fields the user has touched are judged.
            problems = {k: v for k, v in problems.items() if k in self._touched}
        # Warnings (an event dated after its report) are shown but never stop a save.
        shown = {k: f"Check: {v}" for k, v in warnings(normalise(self.form.data())).items()}
        self.form.show_errors({**shown, **problems})

    def is_dirty(self) -> bool:
        """Whether the form differs from what is stored."""
        return not self._busy and self.form.data().to_dict() != self._clean

    def _mark_modified(self) -> None:
        self.setWindowModified(self.is_dirty())

    def write_draft(self) -> None:
        """Keep what is typed on disk, or drop the draft when nothing is unsaved."""
        self._timer.stop()
        if self.is_dirty():
            case = self.worker.case
            self.drafts.save(
                case.path, self.key, self.form.data().to_dict(), seal=case.protect.drafts_key
            )
        else:
            self.drafts.discard(self.worker.case.path, self.key)

    # --- saving and closing --------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.form.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def save(self) -> None:
        """Validate and save through the worker (one undo step); closes when saved."""
        self._tried = True
        problems = self.problems()
        self.form.show_errors(problems)
        if problems:
            self.message.show_message("Fix the fields marked ⚠ before saving.")
            return
        data = self.form.data()
        self.message.show_message(None)
        self.write_draft()  # a crash while saving must not lose the edit
        self._set_busy(True)
        self._saving = True
        loaded, overwrite = self._loaded, self._overwrite

        def store(case: CaseFile, task: Task[Changes]) -> Changes:
            return store_checked(case, data, loaded, overwrite=overwrite)

        run_for(
            self,
            self.worker,
            store,
            label="Save incident",
            initiator=self,
            done=lambda changes: self._saved(data, changes),
            error=self._save_failed,
        )

    def _saved(self, data: IncidentData, changes: Changes) -> None:
        global _last_timezone
        _last_timezone = data.timezone or _last_timezone
        incident_id = data.id or changes.created or ""
        self.drafts.discard(self.worker.case.path, self.key)
        self._busy = self._saving = False
        self._clean = self.form.data().to_dict()
        self.setWindowModified(False)
        self.saved.emit(incident_id)
        self.done(QDialog.DialogCode.Accepted)

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._set_busy(False)
        if isinstance(exc, ChangedElsewhere):
            self._resolve(exc.current)
        elif isinstance(exc, errors.Invalid):
            self.form.show_errors(exc.errors)
            self.message.show_message("Fix the fields marked ⚠ before saving.")
        else:
            self.message.show_message(f"Not saved: {exc}")

    def _resolve(self, current: IncidentData | None) -> None:
        self._elsewhere = current
        choice = self.ask_conflict(current)
        if choice == "overwrite":
            self._keep_mine()
            self.save()
        elif choice == "reload":
            self._take_stored(current)
        else:
            self.banner.show_change(current, dirty=True)

    def ask_unsaved(self) -> Answer:
        """Ask whether to save, discard or keep editing (tests replace this)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText("This incident has changes that are not saved.")
        box.setInformativeText("Save them before closing?")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        if answer == buttons.Save:
            return "save"
        return "discard" if answer == buttons.Discard else "cancel"

    def reject(self) -> None:
        """Cancel, Escape or the close button: asks first when there are unsaved changes."""
        if self._saving:
            return  # a save is under way; it closes the window when done
        if self.is_dirty():
            answer = self.ask_unsaved()
            if answer == "save":
                self.save()
                return
            if answer == "cancel":
                return
        self._close_now()

    def _close_now(self) -> None:
        self._timer.stop()
        if not self._busy:
            # Still loading: a recovered draft has not been shown yet, so it must stay.
            self.drafts.discard(self.worker.case.path, self.key)
        super().reject()
