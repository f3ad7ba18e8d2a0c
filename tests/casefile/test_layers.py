"""The core is a library: nothing under casefile/ imports Qt or the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import casefile

FORBIDDEN = ("PySide6", "shiboken6", "ui")


def test_core_never_imports_qt_or_ui() -> None:
    root = Path(casefile.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_every_module_has_a_docstring() -> None:
    root = Path(casefile.__file__).parent
    missing = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.stat().st_size and not _docstring(path)
    ]
    assert missing == []


def _docstring(path: Path) -> str | None:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
