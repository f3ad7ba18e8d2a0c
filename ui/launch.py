"""The `casefile` command: the core's command line, with the desktop app plugged in."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from casefile import cli


def run_gui(path: Path, *, smoke: bool = False, ready: bool = False) -> NoReturn:
    """Start the desktop app; Qt is imported only now, so other commands start fast.

    Once the window has closed (the case file closed, the worker stopped, the settings
    written), the process ends at once: the interpreter's own teardown, which frees
    Qt's and SQLAlchemy's objects one by one, took a fifth of a second of CPU for
    memory the system frees anyway (a quarter of the smoke run; issue #16).
    """
    from ui.app import run

    code = run(path, smoke=smoke, ready=ready)
    logging.shutdown()  # the log file is complete
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError):  # none, or a closed pipe
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casefile` console script and of main.py."""
    return cli.main(sys.argv[1:] if argv is None else argv, gui=run_gui)


if __name__ == "__main__":
    sys.exit(main())
