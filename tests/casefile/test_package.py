"""The package's names: loaded when first used, yet listed and checked as if loaded at once."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import casefile
from casefile.store import locking

ROOT = Path(__file__).resolve().parents[2]
# The names README.md shows, and the rest of the package's public API.
PUBLIC = ("open", "CaseFile", "CasefileError", "ActorRole", "CasualtyCount", "IncidentData")


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return done.stdout


def test_dir_lists_the_public_names_without_loading_them() -> None:
    # In a fresh interpreter: this one may have loaded them already.
    found = _python(
        "import sys, casefile; print(*dir(casefile)); print('sqlalchemy' in sys.modules)"
    ).splitlines()
    listed = found[0].split()
    for name in (*PUBLIC, *casefile.__all__):
        assert name in listed
    assert found[1] == "False"  # `import casefile` and dir() load no SQLAlchemy


def test_the_names_load_on_first_use() -> None:
    assert casefile.IncidentData.__name__ == "IncidentData"
    with pytest.raises(AttributeError, match="no attribute 'opne'"):
        casefile.opne  # type: ignore[attr-defined]  # noqa: B018


def test_open_s_type_hints_given_the_types_not_loaded_with_the_package() -> None:
    # As the comment in casefile/__init__.py says: the types are named, then resolved.
    hints = typing.get_type_hints(
        casefile.open, localns={"CaseFile": casefile.CaseFile, "CaseLock": locking.CaseLock}
    )
    assert hints["return"] is casefile.CaseFile


def test_the_type_checker_finds_a_misspelt_name(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    program = tmp_path / "typo.py"
    program.write_text("import casefile\n\ncasefile.opne('border.casefile')\n")
    settings = tmp_path / "mypy.ini"  # not the project's, which check the whole project
    settings.write_text("[mypy]\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(settings),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--follow-imports=silent",
            str(program),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(ROOT)},  # this tree's casefile
        check=False,
    )
    assert 'Module has no attribute "opne"' in done.stdout, done.stdout + done.stderr
