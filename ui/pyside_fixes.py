"""A guard against PySide6 reference-count bugs that abort Python 3.11 in a long session.

PySide6 6.12.0 hands some objects back to Python without taking a new reference, so
each such call drops that object's count by one:

- `SignalInstance.emit()` returns `True` (or `False`) this way;
- every wrapped Qt call whose result is `None` does: a void method (`painter.save()`,
  `label.setText()`, `super().paint()`), a null object (`widget.parent()`), and an
  invalid QVariant (`index.data(role)` for a role the model leaves empty).

A paint of the search list makes hundreds of such calls. On Python 3.11, where None,
True and False are ordinary objects, a count reaches zero within minutes and the
interpreter aborts with "none_dealloc: deallocating None" or "bool_dealloc" (at exit,
or in the middle of a session). Python 3.12 made these objects immortal. Our Python
overrides called from Qt (`data()`, `paint()`, `rowCount()`, `setData()`, slots) are not
affected, nor are ints, NotImplemented or Ellipsis.

`apply()` checks whether the installed PySide6 has each bug and, only if so, gives the
objects it drops so large a count that no session can exhaust it: what 3.12 does by design.
It must run once, at start-up, before other threads: the probes read reference counts and
the headroom is added without a lock. Remove this module with Python 3.11 support, or
once `pyproject.toml` can require a PySide6 release without the bugs.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Signal

HEADROOM = 1 << 40  # calls a session could make before the count ran out: never
CALLS = 8  # calls per probe
_applied = False


class _Probe(QObject):
    ping = Signal()


def _lost(call: Callable[[], object], *values: object) -> int:
    """References to `values` that CALLS runs of `call` drop; given back at once."""
    before = tuple(map(sys.getrefcount, values))
    for _ in range(CALLS):
        call()
    after = tuple(map(sys.getrefcount, values))
    for value, was, now in zip(values, before, after, strict=True):
        _give_back(value, max(0, was - now))
    return sum(before) - sum(after)


def emit_leaks() -> bool:
    """Whether an emit from Python (with or without receivers) drops the bool it returns."""
    probe = _Probe()
    return _lost(probe.ping.emit, True, False) > CALLS // 2


def none_leaks() -> bool:
    """Whether a Qt call returning None (void, null object, invalid QVariant) drops it."""
    probe, index = QObject(), QModelIndex()
    calls = (lambda: probe.setObjectName(""), probe.parent, index.data)
    return any(_lost(call, None) > CALLS // 2 for call in calls)


def _give_back(value: object, count: int) -> None:
    if count:
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(value)).value += count


def apply() -> None:
    """Make True, False and None effectively immortal where this PySide6 leaks them.

    Idempotent; call it before the app creates models and views (ui.app and ui.worker do).
    """
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    _applied = True
    if none_leaks():
        _give_back(None, HEADROOM)
    if emit_leaks():
        _give_back(True, HEADROOM)
        _give_back(False, HEADROOM)
