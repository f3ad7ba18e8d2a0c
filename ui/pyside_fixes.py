"""A guard against a PySide6 reference-count bug that aborts Python 3.11 after many emits.

PySide6 6.12.0's `SignalInstance.emit()` returns `True` (or `False`) without taking a new
reference, so every emit from Python code drops that object's count by one. On Python
3.11, where True and False are ordinary objects, the count reaches zero after a few
thousand emits and the interpreter aborts with "bool_dealloc: deallocating True or
False" (at exit, or in the middle of a session). Python 3.12 made both immortal.

`apply()` checks whether the installed PySide6 has the bug and, only if so, gives True
and False so large a count that no session can exhaust it: what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

HEADROOM = 1 << 40  # emits a session could make before the count ran out: never
_applied = False


class _Probe(QObject):
    ping = Signal()


def emit_leaks() -> bool:
    """Whether an emit from Python drops a reference to the bool it returns."""
    probe = _Probe()
    probe.ping.connect(lambda: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(4):
        probe.ping.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    leaked = before[0] - after[0] + before[1] - after[1]
    _give_back(True, max(0, before[0] - after[0]))
    _give_back(False, max(0, before[1] - after[1]))
    return leaked > 0


def _give_back(value: bool, count: int) -> None:
    if count:
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(value)).value += count


def apply() -> None:
    """Make True and False effectively immortal if this PySide6 leaks their references."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    _applied = True
    if emit_leaks():
        _give_back(True, HEADROOM)
        _give_back(False, HEADROOM)
