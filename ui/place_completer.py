"""Place suggestions under a place field: asked of `cf.places` through the worker as the
analyst types, in any script; choosing one hands the whole place to the form."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from casefile import CaseFile
from casefile.places.gazetteer import Place
from ui.lifetime import run_for
from ui.worker import Task, Worker

LIMIT = 10
PAUSE_MS = 60  # keys typed faster than this ask once, for the last text
PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


class PlaceCompleter(QObject):
    """Suggests places for a line edit; `chosen(Place)` when the analyst picks one."""

    chosen = Signal(object)

    def __init__(self, worker: Worker, edit: QLineEdit):
        super().__init__(edit)
        self.worker = worker
        self.edit = edit
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, edit)
        # The worker has matched across scripts already ("Хоруғ" for Khorugh): the popup
        # shows its answer as it is, rather than filtering it again by the typed prefix.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(edit)
        self.completer.activated[QModelIndex].connect(self._activated)
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(self._ask)
        edit.textEdited.connect(lambda _text: self._timer.start())

    def _ask(self) -> None:
        text = self.edit.text()
        if not text.strip():
            self.model.clear()
            self.completer.popup().hide()
            return

        def suggest(case: CaseFile, task: Task[list[Place]]) -> list[Place]:
            return case.places.suggest(text, LIMIT)

        run_for(self, self.worker, suggest, done=lambda places: self._show(text, places))

    def _show(self, text: str, places: list[Place]) -> None:
        if text != self.edit.text() or not self.edit.hasFocus():
            return  # the analyst typed on, or left the field: this answer is stale
        self.model.clear()
        for place in places:
            item = QStandardItem(place.label)
            item.setData(place, PLACE_ROLE)
            item.setToolTip(f"{place.latitude:.4f}, {place.longitude:.4f}")
            self.model.appendRow(item)
        if places:
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        place = index.data(PLACE_ROLE)
        if isinstance(place, Place):
            self.chosen.emit(place)
