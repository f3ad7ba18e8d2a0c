"""Where Casefile keeps things on this computer: the default case file, logs, drafts."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "Casefile"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The user's data folder for Casefile, created if needed."""
    return platformdirs.user_data_path(APP, appauthor=False, ensure_exists=True)


def default_case_file() -> Path:
    """The case file the app opens when none is named."""
    return data_dir() / "default.casefile"


def log_dir() -> Path:
    """Where logs go."""
    return platformdirs.user_log_path(APP, appauthor=False, ensure_exists=True)


def log_file() -> Path:
    """The log file the app and the command line write unexpected errors to."""
    return log_dir() / "casefile.log"
