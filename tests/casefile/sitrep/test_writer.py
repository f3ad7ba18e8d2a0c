"""Writing a report leaves ReportLab's modules and the interpreter exactly as they were."""

from __future__ import annotations

import gc
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import casefile


def _reportlab_state() -> dict[str, dict[str, int]]:
    """Every loaded ReportLab module's attributes, by the identity of their values."""
    modules = [
        (name, module)
        for name, module in list(sys.modules.items())
        if isinstance(module, ModuleType) and name.split(".")[0] in ("reportlab", "_rl_accel")
    ]
    return {name: {k: id(v) for k, v in vars(module).items()} for name, module in modules}


def _changed(before: dict[str, dict[str, int]], now: dict[str, dict[str, int]]) -> list[str]:
    """Attributes of modules loaded before that were set, replaced or removed since."""
    return [
        f"{name}.{key}"
        for name, attributes in before.items()
        for key in attributes.keys() | now[name].keys()
        if attributes.get(key) != now[name].get(key)
    ]


def test_writing_a_report_patches_nothing(cf: casefile.CaseFile, tmp_path: Path) -> None:
    cf.add_incident(
        title="Clash at Khorugh — درگیری در خروغ 霍罗格",
        event_date=date(2025, 12, 1),
        narrative="Border guards exchanged fire. " * 200,
    )
    period = dict(start=date(2025, 12, 1), end=date(2025, 12, 31))
    cf.write_report(tmp_path / "first.pdf", **period)  # ReportLab loads its modules lazily
    before, collecting = _reportlab_state(), gc.isenabled()
    during: list[tuple[list[str], bool]] = []

    def progress(done: int, total: int) -> None:
        during.append((_changed(before, _reportlab_state()), gc.isenabled()))

    cf.write_report(tmp_path / "second.pdf", progress=progress, **period)
    assert during
    assert all(state == ([], collecting) for state in during)  # nothing while it lays out
    assert _changed(before, _reportlab_state()) == []
    assert gc.isenabled() is collecting
