"""Files attached to an incident or a source report: add by drop or dialog, open, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import CaseFile
from casefile.records.attachments import AttachmentInfo
from casefile.store.changes import Changes
from ui import plain_note
from ui.form_fields import ErrorLabel
from ui.lifetime import run_for
from ui.worker import Task, Worker

COLUMNS = ("File", "Type", "Size", "SHA-256")
HINT = "Drop files here, or use Add…  Each file is stored at once; Undo takes it out again."


def human_size(size: int) -> str:
    """A byte count as people read it: 812 B, 14.2 KB, 3.1 MB."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class AttachmentsPanel(QWidget):
    """The attachments of one incident or one source report, with their SHA-256."""

    loaded = Signal()

    def __init__(
        self,
        worker: Worker,
        *,
        incident_id: str | None = None,
        report_id: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.worker = worker
        self.incident_id = incident_id
        self.report_id = report_id
        self.items: list[AttachmentInfo] = []
        self.setAcceptDrops(True)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Attachments")
        self.list.setHeaderLabels(COLUMNS)
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a hash's both ends matter
        self.list.itemActivated.connect(lambda *_: self.open_selected())
        # Read-only but selectable, and narrower than a whole hash: it must not widen the pane.
        self.digest = QLineEdit(self)
        self.digest.setReadOnly(True)
        self.digest.setAccessibleName("SHA-256 of the selected attachment")
        self.digest.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.digest.hide()
        self.list.currentItemChanged.connect(self._show_digest)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.hint = QLabel(HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # drawn in the theme's muted text colour
        self.error = ErrorLabel("attachments", self)
        self.add_button = self._button("&Add…", "Add files", self.choose_and_add)
        # No Alt key: the register's Notes has O; Enter on the list opens as well.
        self.open_button = self._button("Open", "Open the selected attachment", self.open_selected)
        self.remove_button = self._button(
            "Re&move", "Remove the selected attachments", self.remove_selected
        )
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._update_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.digest)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        worker.changed.connect(self._case_changed)
        self.refresh()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    # --- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list from the case file."""
        incident, report = self.incident_id, self.report_id

        def fetch(case: CaseFile, task: Task[list[AttachmentInfo]]) -> list[AttachmentInfo]:
            return case.attachments.of(incident_id=incident, report_id=report)

        run_for(
            self, self.worker, fetch, label="List attachments", done=self._show, error=self._failed
        )

    def _show(self, items: list[AttachmentInfo]) -> None:
        self.items = items
        self.list.clear()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for info in items:
            cells = [info.filename, info.media_type, human_size(info.size), info.sha256]
            row = QTreeWidgetItem(cells)
            row.setFont(3, mono)
            row.setToolTip(3, f"SHA-256 {info.sha256}")
            self.list.addTopLevelItem(row)
        if items:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.loaded.emit()

    def _show_digest(self, item: QTreeWidgetItem | None) -> None:
        # The whole hash, selectable, so it can be copied into a chain-of-custody note.
        self.digest.setText(f"SHA-256 {item.text(3)}" if item is not None else "")
        self.digest.setCursorPosition(0)
        self.digest.setVisible(item is not None)

    def _update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems())
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _case_changed(self, changes: Changes, initiator: object) -> None:
        # Undo and redo of an attachment elsewhere must show here too.
        if "attachment" in changes.tables and initiator is not self:
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.error.show_message(str(exc))

    def _selected(self) -> list[AttachmentInfo]:
        rows = sorted(self.list.indexOfTopLevelItem(i) for i in self.list.selectedItems())
        return [self.items[r] for r in rows]

    # --- adding --------------------------------------------------------------------------

    def choose_files(self) -> list[Path]:
        """Ask for files to attach (tests replace this)."""
        names, _ = QFileDialog.getOpenFileNames(self, "Attach files")
        return [Path(n) for n in names]

    def choose_and_add(self) -> None:
        """Attach the files the user picks."""
        self.add_files(self.choose_files())

    def add_files(self, files: list[Path]) -> None:
        """Attach files, each as one undoable step."""
        self.error.show_message(None)
        incident, report = self.incident_id, self.report_id
        for path in files:
            run_for(
                self,
                self.worker,
                lambda case, task, p=path: case.attachments.add(
                    p, incident_id=incident, report_id=report
                ),
                label=f"Attach {path.name}",
                done=lambda _: self.refresh(),
                error=self._failed,
                initiator=self,
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files."""
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Attach the dropped files."""
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    # --- opening and removing ------------------------------------------------------------

    def open_url(self, url: QUrl) -> bool:
        """Hand a file to the system viewer (tests replace this)."""
        return QDesktopServices.openUrl(url)

    def open_selected(self) -> None:
        """Open the selected attachments with the system viewer, from temporary copies."""
        worker = self.worker
        for info in self._selected():
            run_for(
                self,
                self.worker,
                # A new private folder each time, the name made safe: see copy_out. For an
                # encrypted case, among the plain copies deleted when it is closed or locked.
                lambda case, task, i=info.id: case.attachments.copy_out(i, worker.plain_folder()),
                label=f"Open {info.filename}",
                done=self._open_content,
                error=self._failed,
            )

    def _open_content(self, path: Path) -> None:
        # The viewer gets a copy: the case file is never handed to another program.
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            self.error.show_message(f"No program on this computer opens {path.name}.")
        elif self.worker.case.protect.encrypted:
            copies = self.worker.plain_copies
            plain_note.note_once(self, copies, path, what=f"{path.name}", program="viewer")

    def remove_selected(self) -> None:
        """Remove the selected attachments (each undoable)."""
        for info in self._selected():
            run_for(
                self,
                self.worker,
                lambda case, task, i=info.id: case.attachments.delete(i),
                label=f"Remove {info.filename}",
                done=lambda _: self.refresh(),
                error=self._failed,
                initiator=self,
            )
