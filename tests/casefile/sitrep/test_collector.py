"""The garbage collector is paused while a report is written, and only then."""

from __future__ import annotations

import gc
import threading
from datetime import date
from pathlib import Path

import casefile
from casefile.sitrep import collector, templates


def test_the_collector_is_paused_inside_and_runs_again_after() -> None:
    assert gc.isenabled()
    with collector.paused():
        with collector.paused():  # nested: still paused after the inner block
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_runs_again_when_the_report_fails() -> None:
    try:
        with collector.paused():
            raise KeyboardInterrupt  # a cancel
    except KeyboardInterrupt:
        pass
    assert gc.isenabled()


def test_two_reports_in_threads_keep_it_paused_until_both_end() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen = []

    def first() -> None:
        with collector.paused():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector.paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [False]  # the second report's end did not restart it
    assert gc.isenabled()


def test_a_written_report_leaves_no_layout_behind(cf: casefile.CaseFile, tmp_path: Path) -> None:
    # The pause must end once the layout's objects are dropped: cycles still held then
    # would outlive the young collection and wait for a rare full one, a report's worth
    # of memory each time.
    cf.add_incident(title="Clash at Khorugh", event_date=date(2025, 12, 1))
    cf.write_report(tmp_path / "r.pdf", start=date(2025, 12, 1), end=date(2025, 12, 31))
    assert not [o for o in gc.get_objects() if isinstance(o, templates.ReportDocument)]
