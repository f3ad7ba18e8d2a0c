"""Telling the user, once per case opened, that a plain copy of an encrypted case was made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.protect.plain_copies import PlainCopies


def note_once(
    parent: QWidget, copies: PlainCopies, path: Path, *, what: str, program: str
) -> QMessageBox | None:
    """Say (the first time only) that `what` was written unencrypted for `program`, where,
    and that Casefile deletes it when the case is closed or locked; never blocks."""
    if copies.noted:
        return None
    copies.noted = True
    text = (
        f"This case is encrypted, but the {program} cannot read it: {what} was written "
        f"unencrypted to a private folder only your account can open:\n{path.parent}\n\n"
        "Casefile deletes these copies when the case is closed or locked. What the "
        f"{program} keeps (a draft it saved, a copy it made) stays until you delete it there."
    )
    box = QMessageBox(
        QMessageBox.Icon.Information, "Plain copy made", text, QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # a note, not a question: the work goes on behind it
    return box
