"""Every import is a plain import statement, so import-linter's contracts see all of them."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _string_imports(path: Path) -> list[str]:
    """Calls in a module that import a module named in a string."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
        if name in ("import_module", "__import__"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_module_is_imported_by_a_name_in_a_string() -> None:
    offenders = [
        where
        for top in ("casefile", "ui")
        for path in sorted((ROOT / top).rglob("*.py"))
        for where in _string_imports(path)
    ]
    assert offenders == []
