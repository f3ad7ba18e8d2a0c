"""Drafts left by a crash, offered back when a case file opens: one editor for each recovered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.records.drafts import Draft, Drafts
from ui import incident_editor
from ui.incident_editor import IncidentEditor
from ui.worker import Worker


def ask_recover(parent: QWidget | None, draft: Draft) -> Literal["recover", "discard", "later"]:
    """Ask whether to recover one draft."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved incident")
    box.setText(f"Recover unsaved incident “{draft.title}”?")
    box.setInformativeText("It was being edited when Casefile last closed without saving it.")
    recover = box.addButton("&Recover", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.exec()
    if box.clickedButton() is recover:
        return "recover"
    return "discard" if box.clickedButton() is discard else "later"


def offer_drafts(
    worker: Worker,
    parent: QWidget | None = None,
    *,
    drafts: Drafts | None = None,
    ask: Callable[[QWidget | None, Draft], str] = ask_recover,
) -> list[IncidentEditor]:
    """Offer back the drafts left for the open case file; opens an editor for each accepted."""
    # The editors' own store, looked up when called: tests point it at a temporary folder.
    store = drafts or incident_editor.drafts_store()
    editors = []
    for draft in store.pending(worker.case.path, seal=worker.case.protect.drafts_key):
        answer = ask(parent, draft)
        if answer == "recover":
            editor = IncidentEditor(worker, draft.incident_id, parent, draft=draft, drafts=store)
            editor.show()
            editors.append(editor)
        elif answer == "discard":
            store.discard(worker.case.path, draft.key)
    return editors
