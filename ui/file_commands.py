"""File menu commands: new, open, recent, save a copy, import and export.

A mixin of `MainWindow`, kept apart so that each module holds one idea: this one is
about case files and the files that go in and out of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget
from shiboken6 import isValid

import casefile
from casefile import CasefileError, Changes, paths
from casefile.records import taxonomy
from ui import settings
from ui.errors import show_problem
from ui.opening import open_case_file
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStatusBar

    from casefile import CaseFile
    from casefile.exchange.bundle import BundleRead
    from ui.actions import Actions
    from ui.import_dialog import ImportDialog
    from ui.incident_table import IncidentTableModel
    from ui.task_progress import TaskProgress

DEMO_NAME = "Demo case.casefile"
CASE_FILTER = "Case files (*.casefile);;All files (*)"
IMPORT_FILTER = "CSV or JSON (*.csv *.tsv *.txt *.json);;All files (*)"
EXPORT_FORMATS = {
    "ACLED CSV, UTF-8 with BOM (*.csv)": "csv",
    "JSON (*.json)": "json",
    "GeoJSON (*.geojson)": "geojson",
}


class FileCommands:
    """The File menu's handlers; the window supplies the worker, model and status bar."""

    worker: Worker
    windows: list[QWidget]
    progress: TaskProgress
    model: IncidentTableModel
    actions: Actions
    case_opened: SignalInstance

    if TYPE_CHECKING:

        def attach(self, worker: Worker) -> None: ...
        def statusBar(self) -> QStatusBar: ...
        def _update_undo(self) -> None: ...
        def open_windows(self) -> list[QWidget]: ...

    @property
    def _window(self) -> QWidget:
        return cast("QWidget", self)

    def open_case(self, path: Path, *, create: bool = False) -> bool:
        """Switch the window to another case file once the worker is idle; False if not."""
        if path.expanduser().resolve() == self.worker.case.path.resolve():
            return True
        if self.progress.tasks:
            QMessageBox.information(
                self._window, "Casefile", "Wait for the running task to finish, or cancel it."
            )
            return False
        if not all(window.close() for window in self.open_windows()):
            return False  # an editor with unsaved changes asked, and the user stayed
        try:
            case = open_case_file(path, create=create, parent=self._window)
        except CasefileError as exc:
            show_problem(exc, self._window)
            return False
        except OSError as exc:
            show_problem(CasefileError(f"{path}: {exc.strerror or exc}"), self._window)
            return False
        self.windows.clear()
        self.replace_worker(Worker(case))
        self.case_opened.emit(self.worker)
        return True

    def replace_worker(self, worker: Worker) -> None:
        """Show the case file `worker` holds; the old worker stops, its case file closes."""
        old = self.worker
        self.attach(worker)
        old.shutdown()  # waits for the page load under way, if any
        if old.is_open:  # not when its open failed (`Worker.open_later`)
            old.case.close()

    def _fill_recent(self, recent: list[Path]) -> None:
        menu = self.actions.recent_menu
        menu.clear()
        for path in recent:
            action = menu.addAction(path.name, lambda path=path: self.open_case(path))
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
        menu.addSeparator()
        menu.addAction("Clear the List", lambda: (settings.clear_recent(), self._fill_recent([])))
        menu.setEnabled(bool(recent))

    def on_new_case(self) -> None:
        """Create an empty case file and switch to it."""
        name, _ = QFileDialog.getSaveFileName(
            self._window, "New case file", str(self._folder() / "new.casefile"), CASE_FILTER
        )
        if not name:
            return
        path = Path(name) if name.endswith(casefile.SUFFIX) else Path(name + casefile.SUFFIX)
        if path.exists():
            show_problem(
                CasefileError(f"{path.name} already exists; use File ▸ Open to open it"),
                self._window,
            )
            return
        self.open_case(path, create=True)

    def on_open_demo(self) -> None:
        """Open the demo case from the user's data folder, creating it the first time."""
        path = paths.data_dir() / DEMO_NAME
        if not self.open_case(path, create=True):
            return

        def fill(case: CaseFile, task: Task[Any]) -> Changes | None:
            return case.load_demo() if case.count_incidents() == 0 else None

        self.worker.run(fill, label="Loading the demo case")

    def on_open_case(self) -> None:
        """Choose a case file and switch to it."""
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Open case file", str(self._folder()), CASE_FILTER
        )
        if name:
            self.open_case(Path(name))

    def on_save_copy(self) -> None:
        """Write a consistent copy of the case file elsewhere."""
        case = self.worker.case
        suggestion = self._folder() / f"{case.path.stem} copy{case.path.suffix}"
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Save a copy", str(suggestion), CASE_FILTER
        )
        if name:
            target = Path(name)
            self.worker.run(
                lambda c, task: c.protect.save_copy(target),
                label="Saving a copy",
                done=lambda path: self.statusBar().showMessage(f"Saved a copy as {path}", 8000),
            )

    def on_import_csv(self) -> None:
        """Import ACLED or UCDP CSV, Casefile CSV or JSON, or any CSV through a mapping."""
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import", str(self._folder()), IMPORT_FILTER
        )
        if name:
            self.choose_import(Path(name))

    def choose_import(self, path: Path) -> Task[Any]:
        """Read the file's first rows on the worker, then show them in the import dialog."""

        def read(case: Any, task: Any) -> tuple[Any, dict[str, dict[str, str]]]:
            saved = {name: case.mappings.get(name) for name in case.mappings.names()}
            return case.preview_import(path), saved

        def done(result: tuple[Any, dict[str, dict[str, str]]]) -> None:
            if not isValid(self._window):
                return
            from ui.import_dialog import ImportDialog  # loaded when first asked for

            dialog = ImportDialog(path, *result, parent=self._window)
            dialog.accepted.connect(lambda: self._start_import(path, dialog))
            dialog.open()

        return self.worker.run(read, label=f"Reading {path.name}", done=done)

    def _start_import(self, path: Path, dialog: ImportDialog) -> None:
        column_map, name = dialog.column_map(), dialog.save_name()
        if column_map and name:
            self.worker.run(
                lambda case, task: case.mappings.save(name, column_map), label="Saving the mapping"
            )
        self.import_file(path, column_map=column_map)

    def import_file(
        self,
        path: Path,
        *,
        skip_bad_rows: bool = False,
        column_map: dict[str, str] | None = None,
    ) -> Task[Any]:
        """Start importing a file on the worker; rows with problems are shown afterwards."""

        def done(summary: Any) -> None:
            if not isValid(self._window):
                return
            self.statusBar().showMessage(f"Imported {path.name}: {summary}", 15000)
            self.model.refresh()  # an import returns a summary, not Changes
            self._update_undo()
            if summary.problems:
                self._show_problems(path, summary, column_map)

        return self.worker.run(
            lambda case, task: case.import_file(
                path, progress=task.report, skip_bad_rows=skip_bad_rows, mapping=column_map
            ),
            label=f"Importing {path.name}",
            done=done,
            initiator=self,
        )

    def _show_problems(
        self, path: Path, summary: Any, column_map: dict[str, str] | None = None
    ) -> QMessageBox:
        """The rows that were rejected, with Import the Good Rows (when nothing was) and Save."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Import", f"{path.name}: {summary}", parent=self._window
        )
        box.setObjectName("import_problems")
        report = "\n".join(summary.problems)
        if summary.rejected > len(summary.problems):
            report += f"\n… and {summary.rejected - len(summary.problems)} more"
        box.setDetailedText(report)
        save = box.addButton("Save Report…", QMessageBox.ButtonRole.ActionRole)
        good = None
        if not summary.imported:
            bad = (
                "1 row has a problem"
                if summary.rejected == 1
                else f"{summary.rejected} rows have problems"
            )
            box.setInformativeText(
                f"{bad}, so nothing was imported."
                " Import the good rows and leave these out, or fix the file and import it again."
            )
            good = box.addButton("Import the Good Rows", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("Import Nothing", QMessageBox.ButtonRole.RejectRole)
        else:
            box.setInformativeText("These rows were left out.")
            box.addButton(QMessageBox.StandardButton.Close)

        # A message box closes on any of its buttons: Save keeps it open, the choice to come.
        save.clicked.disconnect()
        save.clicked.connect(lambda: self._save_problems(path, report))
        if good is not None:
            good.clicked.connect(
                lambda: self.import_file(path, skip_bad_rows=True, column_map=column_map)
            )
        box.open()
        return box

    def _save_problems(self, path: Path, report: str) -> None:
        suggestion = str(self._folder() / f"{path.stem} problems.txt")
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Save the problems", suggestion, "Text files (*.txt)"
        )
        if name:
            target = Path(name)
            text = f"{path}\n{report}\n"
            self.worker.run(
                lambda case, task: target.write_text(text, encoding="utf-8"),
                label="Saving the problems",
                done=lambda _: self.statusBar().showMessage(f"Saved {target}", 8000),
            )

    def on_export(self) -> None:
        """Write every incident as ACLED CSV, JSON or GeoJSON."""
        suggestion = str(self._folder() / f"{self.worker.case.path.stem}.csv")
        name, chosen = QFileDialog.getSaveFileName(
            self._window, "Export incidents", suggestion, ";;".join(EXPORT_FORMATS)
        )
        if not name:
            return
        target = Path(name)
        fmt = {"." + f: f for f in EXPORT_FORMATS.values()}.get(
            target.suffix, EXPORT_FORMATS.get(chosen, "csv")
        )
        from casefile.records import markings  # loaded when first asked for (issue #16)

        labels = list(taxonomy.TLP)
        maximum, chosen_marking = QInputDialog.getItem(
            self._window,
            "Export incidents",
            "Leave out every record marked above:",
            labels,
            labels.index(markings.CASE_DEFAULT),
            False,
        )
        if not chosen_marking:
            return
        self.worker.run(
            lambda case, task: case.export(target, format=fmt, max_tlp=maximum),
            label="Exporting",
            done=lambda done: self.statusBar().showMessage(str(done), 15000),
        )

    def _folder(self) -> Path:
        return self.worker.case.path.parent

    def on_export_bundle(self) -> None:
        """Write an encrypted exchange bundle, with progress and Cancel."""
        # The bundle and conflict windows load when first asked for, not at start-up.
        from ui.bundle_dialog import ExportBundleDialog, write_bundle

        dialog = ExportBundleDialog(
            self._window, folder=self._folder(), case_name=self.worker.case.path.stem
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choices = dialog.choices()
        self.worker.run(
            lambda case, task: write_bundle(case, task, choices),
            label="Writing the bundle",
            done=lambda written: self.statusBar().showMessage(f"Wrote {written}", 15000),
        )

    def on_import_bundle(self) -> None:
        """Merge a bundle into this case; conflicts open for settling."""
        from ui.bundle_dialog import BUNDLE_FILTER, ask_for_key, read_bundle

        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import bundle", str(self._folder()), BUNDLE_FILTER
        )
        if not name:
            return
        key = ask_for_key(self._window, self._folder())
        if key is None:
            return
        path = Path(name)

        def done(result: BundleRead) -> None:
            if not isValid(self._window):
                return
            self.statusBar().showMessage(str(result), 15000)
            self.model.refresh()  # bulk writes come back as a summary, not as Changes
            self._update_undo()
            summary = result.summary
            # Clashes to settle, or deletions not taken: the exchange window says which.
            if sum(summary.conflicts.values()) or sum(summary.kept.values()):
                self.on_conflicts()

        self.worker.run(
            lambda case, task: read_bundle(case, task, path, key),
            label=f"Reading {path.name}",
            done=done,
        )

    def on_conflicts(self) -> None:
        """Show the exchange's conflicts and the bundles read."""
        from ui.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self.worker, self._window)
        self.windows.append(dialog)
        dialog.show()
