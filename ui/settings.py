"""What the app remembers between runs (QSettings): recent files and the window's layout."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
RECENT = "recent_files"
COLUMN_WIDTHS = "layout/column_widths"


def _settings() -> QSettings:
    # Organisation and application names come from the QApplication (see ui/app.py).
    return QSettings()


def recent_files(store: QSettings | None = None) -> list[Path]:
    """Case files opened lately, newest first, that still exist."""
    value = (store or _settings()).value(RECENT, [])
    names = [value] if isinstance(value, str) else list(value or [])
    return [Path(name) for name in names if Path(name).exists()]


def add_recent(path: Path) -> list[Path]:
    """Put a case file at the top of the recent list; returns the new list."""
    store = _settings()
    path = path.resolve()
    known = recent_files(store)
    paths = [path, *(p for p in known if p.resolve() != path)][:MAX_RECENT]
    if paths != known:  # reopening the file on top writes nothing (a write costs ~15 ms)
        store.setValue(RECENT, [str(p) for p in paths])
    return paths


def clear_recent() -> None:
    """Forget the recent files."""
    _settings().remove(RECENT)


def save_state(name: str, state: QByteArray) -> None:
    """Keep a widget's saved geometry or state under a name."""
    _settings().setValue(f"layout/{name}", state)


def load_state(name: str) -> QByteArray | None:
    """A widget's geometry or state saved by `save_state`, if any."""
    value = _settings().value(f"layout/{name}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def column_widths() -> dict[str, int]:
    """The list's column widths the user chose, by column header (none chosen: empty)."""
    value = _settings().value(COLUMN_WIDTHS, "")
    try:
        found = json.loads(str(value or "{}"))
    except ValueError:
        return {}  # a damaged setting: automatic widths, rather than a failed start
    if not isinstance(found, dict):
        return {}
    return {str(k): int(v) for k, v in found.items() if isinstance(v, int) and v > 0}


def save_column_widths(widths: dict[str, int]) -> None:
    """Keep the widths the user gave the list's columns."""
    _settings().setValue(COLUMN_WIDTHS, json.dumps(widths, sort_keys=True))
