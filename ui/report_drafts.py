"""The report dialog's unsaved text kept on disk, one draft per case file, and the question
asked before it is discarded.

The drafts are the incident editor's (casefile.records.drafts) in a folder of their own, so
that the editor's offer of crashed incident drafts never lists a report's.
"""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from casefile import paths
from casefile.records.drafts import Drafts
from ui.report_form import ReportForm

KEY = "report"  # one draft per case file: the report being written in it
Answer = Literal["save", "discard", "keep", "cancel"]


def drafts_store() -> Drafts:
    """Where the report dialog keeps its draft (tests point this at a temporary folder)."""
    return Drafts(paths.data_dir() / "drafts" / "reports")


def typed(form: ReportForm) -> dict[str, Any]:
    """What the analyst typed or chose in the form's details, as plain JSON values."""
    return {
        "template": form.template.currentData(),
        "tlp": form.tlp.currentText(),
        "title": form.title.text(),
        "number": form.number.text(),
        "originator": form.originator.text(),
        "recipients": form.recipients.text(),
        "bluf": form.bluf.toPlainText(),
        "key_judgments": form.judgments.toPlainText(),
        "outlook": form.outlook.toPlainText(),
        "photos": form.photos.isChecked(),
        "drafts": form.drafts.isChecked(),
    }


def show_typed(form: ReportForm, data: dict[str, Any]) -> None:
    """Put a draft's text back in the form; values missing from an older draft stay as they are."""
    template = form.template.findData(data.get("template"))
    if template >= 0:
        form.template.setCurrentIndex(template)
    if data.get("tlp"):
        form.tlp.setCurrentText(str(data["tlp"]))
    for line, key in (
        (form.title, "title"),
        (form.number, "number"),
        (form.originator, "originator"),
        (form.recipients, "recipients"),
    ):
        line.setText(str(data.get(key, line.text())))
    for text, key in (
        (form.bluf, "bluf"),
        (form.judgments, "key_judgments"),
        (form.outlook, "outlook"),
    ):
        text.setPlainText(str(data.get(key, text.toPlainText())))
    form.photos.setChecked(bool(data.get("photos", form.photos.isChecked())))
    form.drafts.setChecked(bool(data.get("drafts", form.drafts.isChecked())))


def ask_unsaved(parent: QWidget) -> Answer:
    """Ask what to do with text that is not stored: store it, discard it or keep it as a draft."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved report")
    box.setText("This report has text that is not stored in the case file.")
    box.setInformativeText(
        "Store it in the case file, discard it, or keep it as a draft for next time?"
    )
    save = box.addButton("&Store", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep as draft", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "keep" if clicked is keep else "cancel"
