"""What the app remembers between runs (QSettings): recent files and the window's layout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
RECENT = "recent_files"


def _settings() -> QSettings:
    # Organisation and application names come from the QApplication (see ui/app.py).
    return QSettings()


def recent_files() -> list[Path]:
    """Case files opened lately, newest first, that still exist."""
    value = _settings().value(RECENT, [])
    names = [value] if isinstance(value, str) else list(value or [])
    return [Path(name) for name in names if Path(name).exists()]


def add_recent(path: Path) -> list[Path]:
    """Put a case file at the top of the recent list; returns the new list."""
    path = path.resolve()
    paths = [path, *(p for p in recent_files() if p.resolve() != path)][:MAX_RECENT]
    _settings().setValue(RECENT, [str(p) for p in paths])
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
