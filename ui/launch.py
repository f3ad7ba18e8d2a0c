"""The `casefile` command: the core's command line, with the desktop app plugged in."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from casefile import cli


def run_gui(path: Path, *, smoke: bool = False) -> int:
    """Start the desktop app; Qt is imported only now, so other commands start fast."""
    from ui.app import run

    return run(path, smoke=smoke)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casefile` console script and of main.py."""
    return cli.main(sys.argv[1:] if argv is None else argv, gui=run_gui)


if __name__ == "__main__":
    sys.exit(main())
