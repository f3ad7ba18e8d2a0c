"""The `casefile` command: argument parsing and messages only; the work is in the library.

`main` (in `casefile.cli.main`) parses and dispatches; each command group has its module.
"""

from __future__ import annotations

from casefile.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
