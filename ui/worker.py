"""The one worker: every case-file operation from the UI runs on a single background thread.

Like Anki's CollectionOp/QueryOp, an operation is a function of the open CaseFile that
must never touch widgets; its result or error comes back on the main thread. Operations
that return `Changes` are broadcast through `changed`, with the initiator, so that each
view refreshes only what it must and can skip changes it made itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from casefile import errors
from casefile.protect.plain_copies import PlainCopies
from casefile.store.changes import Changes
from ui import pyside_fixes

if TYPE_CHECKING:
    from casefile import CaseFile

pyside_fixes.apply()  # on import, before any emit or model: see ui.pyside_fixes

T = TypeVar("T")
log = logging.getLogger(__name__)


class Task(QObject, Generic[T]):
    """One operation under way: progress, cancel, and completion on the main thread."""

    progressed = Signal(int, int)
    finished = Signal()
    _deliver = Signal(object)

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self._cancel = threading.Event()
        self.future: Future[Any] | None = None

    def cancel(self) -> None:
        """Ask the operation to stop; it raises `Cancelled` at its next progress report."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel was asked for."""
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """Called from the worker thread by the operation; raises Cancelled if asked to stop."""
        if self._cancel.is_set():
            raise errors.Cancelled()
        self.progressed.emit(done, total)


Operation = Callable[["CaseFile", Task[Any]], T]


class Worker(QObject):
    """Runs operations on one thread, in order, and calls back on the main thread."""

    changed = Signal(object, object)  # (Changes, initiator)
    started = Signal(object)  # Task
    failed = Signal(object, object)  # (Task, exception) for errors nobody handled
    idle = Signal()

    opened = Signal()  # the case file given to `open_later` is open: held operations run

    def __init__(self, case: CaseFile | None, parent: QObject | None = None):
        """`case` None: the case file comes later, from `open_later`."""
        super().__init__(parent)
        self._case = case
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casefile")
        self._pending = 0
        # Operations asked for before the case file is open, with their tasks: queued once
        # it is, dropped (their tasks finished) if it fails to open.
        self._held: list[tuple[Task[Any], Callable[[], None]]] | None = (
            None if case is not None else []
        )
        # `open_later`'s task, kept: its signal is the way back to the main thread.
        self._opening: Task[Any] | None = None
        self._never_open = False  # `open_later` failed: operations are dropped
        self.plain_copies = PlainCopies()
        """Where plain copies of an encrypted case go (an e-mail draft, an attachment opened
        in another program); made on this thread, deleted when the case is closed or locked."""
        self._stopped = False

    def run(
        self,
        operation: Operation[T],
        *,
        label: str = "",
        done: Callable[[T], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
        initiator: object = None,
    ) -> Task[T]:
        """Queue `operation(case, task)`; `done(result)` or `error(exc)` run on the main thread.

        On a worker whose case file failed to open (`open_later`), nothing runs: the task
        comes back cancelled.
        """
        task: Task[T] = Task(label)
        if self._never_open:
            # Its case file failed to open (`open_later`): there is nothing to run it on,
            # and what asked goes with this worker (a window reads its saved searches
            # while the usual open, after the failure, waits).
            task.cancel()
            return task

        def deliver(outcome: object) -> None:
            self._pending = max(0, self._pending - 1)  # shutdown may have zeroed it
            task.finished.emit()
            if isinstance(outcome, BaseException):
                self._fail(task, outcome, error)
            else:
                if isinstance(outcome, Changes) and outcome:
                    self.changed.emit(outcome, initiator)
                if done is not None:
                    done(outcome)  # type: ignore[arg-type]
            if self._pending == 0:
                self.idle.emit()

        # Queued: the task lives in the main thread, so delivery runs there.
        task._deliver.connect(deliver, Qt.ConnectionType.QueuedConnection)

        def call() -> None:
            try:
                outcome: object = operation(self.case, task)
            except BaseException as exc:  # delivered to the main thread, never swallowed
                outcome = exc
            task._deliver.emit(outcome)

        self._pending += 1
        self.started.emit(task)
        if self._held is not None:
            self._held.append((task, lambda: self._submit(task, call)))
        else:
            self._submit(task, call)
        return task

    def _submit(self, task: Task[Any], call: Callable[[], None]) -> None:
        task.future = self._executor.submit(call)

    @property
    def case(self) -> CaseFile:
        """The open case file; only once `is_open` (operations are handed it anyway)."""
        if self._case is None:
            raise RuntimeError("the case file is not open yet")
        return self._case

    @property
    def is_open(self) -> bool:
        """Whether the case file is open (False only before `open_later` has opened it)."""
        return self._case is not None

    def open_later(
        self, opener: Callable[[], CaseFile], failed: Callable[[BaseException], None]
    ) -> None:
        """Open the case file on this worker's thread, then run the operations held until now.

        The app shows a case's first page before (issue #16). `failed(exc)` runs on the
        main thread if the open fails; the held operations are then dropped first, their
        tasks cancelled and finished (no progress shown, nothing left to wait for), without
        a call to their `done` or `error`: what asked for them goes with this worker.
        Operations asked for after that are dropped so too, at once.
        """
        task: Task[CaseFile] = Task("")

        def deliver(outcome: object) -> None:
            if self._stopped:
                # The window closed meanwhile: the app closes the case file opened (`run`'s
                # finally, once `shutdown` has waited for the open).
                return
            held, self._held = self._held or [], None
            if isinstance(outcome, BaseException):
                self._never_open = True
                self._pending = max(0, self._pending - len(held))
                for dropped, _submit in held:
                    dropped.cancel()
                    dropped.finished.emit()
                failed(outcome)
                return
            for _task, submit in held:
                submit()
            self.opened.emit()
            if self._pending == 0:
                self.idle.emit()

        task._deliver.connect(deliver, Qt.ConnectionType.QueuedConnection)

        def call() -> None:
            try:
                # Kept here, not on delivery: a window closed meanwhile still closes it.
                self._case = opener()
                outcome: object = self._case
            except BaseException as exc:  # handed back to the main thread
                outcome = exc
            task._deliver.emit(outcome)

        self._opening = task
        self._submit(task, call)

    def _fail(
        self, task: Task[Any], exc: BaseException, error: Callable[[BaseException], None] | None
    ) -> None:
        if error is not None:
            error(exc)
            return
        if not isinstance(exc, errors.CasefileError):
            log.error("%s failed", task.label or "operation", exc_info=exc)
        self.failed.emit(task, exc)

    @property
    def busy(self) -> bool:
        """Whether an operation is queued or running."""
        return self._pending > 0

    def plain_folder(self) -> Path | None:
        """Worker side: a new private folder for a plain copy of an encrypted case's content,
        or None for a plain case (its copies go to a new private folder in the temp folder)."""
        return self.plain_copies.folder() if self.case.protect.encrypted else None

    def remove_plain_copies(self) -> None:
        """Delete the plain copies made of the case (it is locked), after the tasks queued."""
        self.run(lambda case, task: self.plain_copies.remove())

    @Slot()
    def shutdown(self) -> None:
        """Wait for the running operation, then stop the thread; the plain copies go."""
        self._stopped = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._pending = 0  # cancelled operations never deliver, so they never count down
        self.plain_copies.remove()

    @property
    def stopped(self) -> bool:
        """Whether `shutdown` was called: the worker takes no more operations."""
        return self._stopped
