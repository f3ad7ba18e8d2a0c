"""Starting the app: smoke mode end to end, user errors without tracebacks, the error hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import casefile
from tests.conftest import add_incidents
from ui import app, errors


def smoke(path: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """Run `casefile gui PATH --smoke` as the packaging checks do."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "ui.launch", "gui", str(path), "--smoke", *more],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_smoke_prints_the_time_to_first_paint(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        add_incidents(cf, 3)
    done = smoke(case_path)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.isdigit() and 0 < int(last) < 60_000


def test_smoke_until_ready_prints_both_times(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        add_incidents(cf, 3)
    done = smoke(case_path, "--ready")
    assert done.returncode == 0, done.stderr
    painted, ready = done.stdout.strip().splitlines()[-2:]
    assert painted.isdigit() and ready.startswith("ready ")
    assert 0 < int(painted) <= int(ready.split()[1]) < 60_000
    assert not case_path.with_name(case_path.name + ".lock").exists()  # let go of at the end


def test_smoke_on_a_case_file_another_window_holds(case_path: Path) -> None:
    with casefile.open(case_path, exclusive=True):
        done = smoke(case_path)
    assert done.returncode == 1
    assert "already open" in done.stderr
    assert done.stdout.strip() == ""  # never painted
    assert "Traceback" not in done.stderr


def test_smoke_on_a_file_that_is_not_a_case_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.casefile"
    path.write_text("shopping list\n")
    done = smoke(path)
    assert done.returncode != 0
    assert "not a case file" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_locked_file_is_refused_in_smoke_mode(
    case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with casefile.open(case_path, exclusive=True):
        assert app.open_case(case_path, smoke=True) is None
    assert "already open" in capsys.readouterr().err


def test_elapsed_counts_from_process_start() -> None:
    assert app.elapsed_ms() > 0


def test_the_hook_shows_unexpected_errors_and_user_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(
        errors, "show_unexpected", lambda what, exc, parent=None: shown.append(what)
    )
    monkeypatch.setattr(errors, "show_problem", lambda exc, parent=None: shown.append(str(exc)))
    errors.install_excepthook()
    sys.excepthook(KeyError, KeyError("x"), None)
    sys.excepthook(casefile.CasefileError, casefile.CasefileError("Disk full"), None)
    assert shown == ["An action", "Disk full"]


def test_describe_names_the_error() -> None:
    assert errors.describe(ValueError("bad date\nmore")) == "ValueError: bad date"
    assert errors.describe(KeyError()) == "KeyError"


EMITS = """
from PySide6.QtCore import QObject, Signal
import ui.worker  # applies the PySide6 guard

class Beacon(QObject):
    ping = Signal(object)

beacon = Beacon()
beacon.ping.connect(lambda value: None)
for n in range(20_000):
    beacon.ping.emit(n)
print("done")
"""


def test_many_emits_do_not_abort_python() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EMITS], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "done"
    assert "Fatal Python error" not in done.stderr


def test_the_error_dialog_names_what_failed_and_the_log(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append(f"{box.text()}\n{box.informativeText()}")
    )
    try:
        raise OSError("No space left on device")
    except OSError as exc:
        errors.show_unexpected("Exporting", exc)
    assert "Exporting failed unexpectedly" in shown[0]
    assert "OSError: No space left on device" in shown[0]
    assert str(errors.log_file()) in shown[0]


def test_the_app_has_its_window_icon(qapp: QApplication) -> None:
    app.application()
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).toImage().isNull()


# What the first paint does not need: each was once imported at start-up, and together
# they cost a tenth of a second before the window showed (issue #16).
NOT_AT_START = (
    # The list of a plain case paints before the case file is opened (ui/preview.py).
    "sqlalchemy",
    "alembic",
    "casefile.case",
    "casefile.store.models",
    "casefile.store.transaction",
    "reportlab",
    "casefile.sitrep.options",
    "casefile.sitrep.writer",
    "casefile.exchange.acled",
    "casefile.exchange.bundle",
    "casefile.exchange.bundles",
    "casefile.exchange.demo",
    "casefile.exchange.export",
    "casefile.exchange.importing",
    "casefile.places.atlas",
    "casefile.places.gazetteer",
    "casefile.protect.verify",
    "ui.bundle_dialog",
    "ui.conflicts_dialog",
    "ui.drafts_recovery",
    "ui.import_dialog",
    "ui.incident_editor",
    "ui.report_dialog",
    "ui.source_register",
)
# `casefile gui` as ui/launch.py starts it, then a look at what it imported.
_LOADED = """
import sys
from pathlib import Path
import ui.launch
from ui.app import run
code = run(Path(sys.argv[1]), smoke=True)
print("loaded:", *[n for n in sys.argv[2:] if n in sys.modules], file=sys.stderr)
sys.exit(code)
"""


def test_the_first_paint_imports_only_what_it_needs(case_path: Path) -> None:
    with casefile.open(case_path) as cf:
        add_incidents(cf, 3)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, str(case_path), *NOT_AT_START],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = next(line for line in done.stderr.splitlines() if line.startswith("loaded:"))
    assert loaded == "loaded:", loaded
