"""The lock beside a case file holds it for one process, whichever thread takes or frees it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from casefile import errors
from casefile.store import locking
from tests.conftest import held_open


def test_a_lock_taken_on_one_thread_is_let_go_of_on_another(case_path: Path) -> None:
    # The app takes it on the main thread and the worker's case file lets go of it, or
    # the opening thread takes it and the main thread lets go (issue #16).
    taken: list[locking.CaseLock] = []
    took, released = threading.Event(), threading.Event()

    def opener() -> None:  # alive until the lock is let go of, as the worker is
        taken.append(locking.take(case_path))
        took.set()
        released.wait()

    thread = threading.Thread(target=opener)
    thread.start()
    took.wait()
    with pytest.raises(errors.CaseFileBusy):
        locking.take(case_path)
    locking.release(taken[0])
    released.set()
    thread.join()
    assert not taken[0].is_locked
    assert held_open(case_path.with_name(case_path.name + ".lock")) == []
    locking.release(locking.take(case_path))  # free again


def test_a_held_case_file_is_refused(case_path: Path) -> None:
    lock = locking.take(case_path)
    with pytest.raises(errors.CaseFileBusy, match="already open in another Casefile window"):
        locking.take(case_path)
    locking.release(lock)
    assert not case_path.with_name(case_path.name + ".lock").exists()
