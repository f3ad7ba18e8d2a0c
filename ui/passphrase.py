"""Asking for a passphrase (never echoed, never logged) and showing a recovery key once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


class PassphraseDialog(QDialog):
    """A passphrase field (twice when choosing a new one), with a line saying what is wanted."""

    def __init__(self, text: str, *, confirm: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Casefile")
        self.message = QLabel(text, self)
        self.message.setWordWrap(True)
        self.field = self._field("Passphrase")
        self.again = self._field("Passphrase again") if confirm else None
        self.problem = QLabel("", self)
        self.problem.setStyleSheet("color: palette(highlight)")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Passphrase:", self.field)
        if self.again is not None:
            form.addRow("&Again:", self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (self.message, form, self.problem, buttons):
            if isinstance(part, QFormLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _check(self) -> None:
        if not self.field.text():
            self.say("Type the passphrase.")
        elif self.again is not None and self.again.text() != self.field.text():
            self.say("The two passphrases differ.")
        else:
            self.accept()

    def say(self, problem: str) -> None:
        """Show what is wrong under the fields."""
        self.problem.setText(problem)
        self.problem.show()

    def passphrase(self) -> str:
        """What was typed."""
        return self.field.text()


def ask_passphrase(
    text: str, *, confirm: bool = False, problem: str = "", parent: QWidget | None = None
) -> str | None:
    """Ask for a passphrase; None if the user cancelled."""
    dialog = PassphraseDialog(text, confirm=confirm, parent=parent)
    if problem:
        dialog.say(problem)
    try:
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.field.clear()
        dialog.deleteLater()


def show_recovery_key(key: str, parent: QWidget | None = None) -> None:
    """Show a new recovery key, once, as selectable text to print or write down."""
    box = QMessageBox(QMessageBox.Icon.Information, "Recovery key", "", parent=parent)
    box.setText(
        "Write down or print this recovery key and keep it apart from the computer. "
        "It opens the case if the passphrase is lost; it is not shown again."
    )
    box.setInformativeText(key)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
