"""Opening the case a command works on: its passphrase, write lock and quick check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import casefile
from casefile.cli import protect


def _open(
    args: argparse.Namespace, *, create: bool = False, write: bool = False
) -> casefile.CaseFile:
    # Writing waits for no one: a file the app holds open is refused rather than changed
    # under the app's feet (its list and undo history would no longer match the file).
    # Reading changes nothing: no upgrade, no log files left beside it, no empty case made.
    existed = Path(args.casefile).exists()
    passphrase = protect.passphrase(args.casefile)
    cf = casefile.open(
        args.casefile,
        create=create,
        exclusive=write,
        readonly=not write,
        passphrase=passphrase,
    )
    if cf.recovery_key is not None:
        protect.show_recovery(cf.recovery_key)
    if write and existed:
        try:
            cf.protect.quick_check()
        except BaseException:
            cf.close()
            raise
    if args.command != "verify":  # verify lists them with the problems it finds
        for warning in cf.warnings:
            print(f"casefile: warning: {warning}", file=sys.stderr)
    return cf
