"""Every command of the main window as a QAction with its shortcut, and the menus that hold them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class Spec:
    """An action's name (the window's handler is `on_<name>`), menu text, shortcut and tip."""

    name: str
    text: str
    shortcut: str | Key | None
    tip: str
    on_table: bool = False  # only while the list has focus: Delete and Enter belong to editors too


MENUS: dict[str, tuple[Spec | None, ...]] = {
    "&File": (
        Spec(
            "new_case", "&New Case File…", "Ctrl+Shift+N", "Create an empty case file and open it"
        ),
        Spec("open_case", "&Open…", Key.Open, "Open another case file"),
        None,  # Open Recent goes here
        Spec("save_copy", "Save a &Copy…", None, "Write a copy of this case file elsewhere"),
        None,
        Spec(
            "import_csv", "&Import ACLED CSV…", "Ctrl+I", "Add incidents from an ACLED CSV export"
        ),
        Spec("export", "&Export…", "Ctrl+E", "Write every incident as CSV, JSON or GeoJSON"),
        Spec(
            "export_bundle",
            "Export &Bundle…",
            "Ctrl+Shift+E",
            "Write an encrypted bundle of records for headquarters or another officer",
        ),
        Spec(
            "import_bundle",
            "Import B&undle…",
            "Ctrl+Shift+I",
            "Merge a bundle from headquarters or another officer into this case",
        ),
        Spec(
            "conflicts",
            "Exchange Con&flicts…",
            None,
            "Records edited on both sides, and the bundles read",
        ),
        Spec("report", "&Report…", "Ctrl+P", "Write a PDF situation report"),
        None,
        Spec("quit", "&Quit", Key.Quit, "Close Casefile"),
    ),
    "&Edit": (
        Spec("undo", "&Undo", "Ctrl+Z", "Undo the last change"),
        Spec("redo", "&Redo", "Ctrl+Shift+Z", "Redo the change last undone"),
        None,
        Spec("new_incident", "&New Incident…", "Ctrl+N", "Record a new incident"),
        Spec("edit_incident", "&Edit Incident…", "Return", "Edit the selected incident", True),
        Spec(
            "delete_incident", "&Delete Incident…", "Delete", "Delete the selected incident", True
        ),
    ),
    "&View": (
        Spec(
            "sources", "&Source Register…", "Ctrl+Shift+S", "Sources and their reliability grades"
        ),
        Spec("show_all", "Show &All Incidents", "Ctrl+Shift+A", "Clear the search"),
        Spec("refresh", "Re&fresh", Key.Refresh, "Load the list again"),
    ),
    "&Search": (
        Spec("find", "&Find…", "Ctrl+F", "Search the incidents"),
        Spec("toggle_filters", "F&ilters", "Ctrl+Shift+L", "Show or hide the filter panel"),
        Spec("clear_filters", "&Clear Filters", "Ctrl+Shift+Backspace", "Forget every filter"),
        None,
        Spec("save_search", "&Save Search…", "Ctrl+D", "Keep this search and its filters"),
        # The Saved Searches and Delete Saved Search menus follow (ui/saved_searches.py).
    ),
    "&Help": (
        Spec(
            "open_demo",
            "Open the &Demo Case",
            None,
            "Open a case of real border incidents to try Casefile on (made on first use)",
        ),
        None,
        Spec("open_log", "Open the &Log Folder", None, "Where Casefile writes what went wrong"),
        Spec("about", "&About Casefile", None, "Version and licence"),
    ),
}


class Actions:
    """The window's actions by name (`actions.undo`), wired to its `on_<name>` methods."""

    def __init__(self, window: QMainWindow, table: QWidget):
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.setAccessibleName("Open recent case file")
        self._by_name: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        for title, specs in MENUS.items():
            menu = window.menuBar().addMenu(title)
            self.menus[title] = menu
            self._fill(menu, specs, window, table)

    def _fill(
        self, menu: QMenu, specs: tuple[Spec | None, ...], window: QMainWindow, table: QWidget
    ) -> None:
        for position, spec in enumerate(specs):
            if spec is None:
                if menu.title() == "&File" and position == 2:
                    menu.addMenu(self.recent_menu)
                else:
                    menu.addSeparator()
                continue
            action = self._make(spec, window)
            menu.addAction(action)
            if spec.on_table:
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                table.addAction(action)

    def _make(self, spec: Spec, window: QMainWindow) -> QAction:
        action = QAction(spec.text, window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
        handler = getattr(window, f"on_{spec.name}")
        action.triggered.connect(lambda *_, handler=handler: handler())
        self._by_name[spec.name] = action
        return action

    def __getattr__(self, name: str) -> QAction:
        try:
            return self.__dict__["_by_name"][name]
        except KeyError:
            raise AttributeError(name) from None
