"""Saved searches in the Search menu: save the current one under a name, rerun or delete one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from ui.lifetime import run_for
from ui.worker import Worker

if TYPE_CHECKING:
    from casefile.search.saved import SavedSearchData

Apply = Callable[["SavedSearchData"], None]


class SavedSearchMenus:
    """The "Saved Searches" and "Delete Saved Search" submenus, kept in step with the case."""

    def __init__(self, menu: QMenu, window: QWidget, worker: Callable[[], Worker], apply: Apply):
        self.window = window
        self.worker = worker  # the window's worker changes when another case is opened
        self.apply = apply
        self.run_menu = menu.addMenu("Sa&ved Searches")
        self.delete_menu = menu.addMenu("&Delete Saved Search")
        self.saved: list[SavedSearchData] = []
        self._fill([])

    def reload(self) -> None:
        """List the case's saved searches again, read on the worker."""
        run_for(
            self.window,
            self.worker(),
            lambda case, task: case.saved_searches.all(),
            label="",  # a background read: no progress shown, nothing to ask about on quitting
            done=self._fill,
        )

    def _fill(self, saved: list[SavedSearchData]) -> None:
        self.saved = list(saved)
        for menu in (self.run_menu, self.delete_menu):
            menu.clear()
            menu.setEnabled(bool(saved))
        for search in saved:
            text = search.name.replace("&", "&&")
            run = self.run_menu.addAction(text)
            run.triggered.connect(lambda *_, s=search: self.apply(s))
            forget = self.delete_menu.addAction(text)
            forget.triggered.connect(lambda *_, s=search: self._delete(s))

    def save(self, query: str, filters: dict[str, object]) -> None:
        """Ask a name, then keep the search under it (a same-named one is replaced)."""
        name, ok = QInputDialog.getText(self.window, "Save search", "Name of this search:")
        if not ok or not name.strip():
            return
        run_for(
            self.window,
            self.worker(),
            lambda case, task: case.saved_searches.save(name=name, query=query, filters=filters),
            label="Saving the search",
            done=lambda _changes: self.reload(),
            initiator=self,
        )

    def _delete(self, search: SavedSearchData) -> None:
        run_for(
            self.window,
            self.worker(),
            lambda case, task: case.saved_searches.delete(search.id),
            label="Deleting the saved search",
            done=lambda _changes: self.reload(),
            initiator=self,
        )
