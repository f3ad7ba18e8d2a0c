"""Writing a report leaves ReportLab's modules and the interpreter as they were; in memory too."""

from __future__ import annotations

import gc
import io
import sys
import tempfile
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

import casefile
from casefile.sitrep.options import ReportOptions


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


def test_a_report_in_memory_is_the_same_report_and_writes_no_file(
    cf: casefile.CaseFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read $TMPDIR again
    monkeypatch.chdir(temp)
    cf.add_incident(title="Clash at Khorugh", event_date=date(2025, 12, 1))
    options = ReportOptions(start=date(2025, 12, 1), end=date(2025, 12, 31))
    steps: list[int] = []
    pdf = cf.report_pdf(options, progress=lambda done, total: steps.append(done))
    assert pdf.startswith(b"%PDF") and steps
    assert list(temp.iterdir()) == []
    written = cf.write_report(tmp_path / "report.pdf", options)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(PdfReader(written).pages)
