"""Worker callbacks that outlive their window: a closed window is deleted, its callbacks dropped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

from ui.worker import Operation, Task, Worker

T = TypeVar("T")
log = logging.getLogger(__name__)


def _guard(owner: QObject, callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
    if callback is None:
        return None

    def call(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)
        elif isinstance(value, BaseException):
            # Nobody is left to show it; keep it in the log rather than lose it.
            log.warning("%s after its window closed: %s", type(value).__name__, value)

    return call


def run_for(
    owner: QObject,
    worker: Worker,
    operation: Operation[T],
    *,
    label: str = "",
    done: Callable[[T], None] | None = None,
    error: Callable[[BaseException], None] | None = None,
    initiator: object = None,
) -> Task[T]:
    """Like `worker.run`, but the callbacks do nothing once `owner` has been deleted."""
    return worker.run(
        operation,
        label=label,
        done=_guard(owner, done),
        error=_guard(owner, error),
        initiator=initiator,
    )
