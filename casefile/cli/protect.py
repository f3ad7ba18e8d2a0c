"""The command line's encrypt, decrypt, rekey, backup and restore, and asking for passphrases."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

import casefile
from casefile import errors
from casefile.store import cipher

PASSPHRASE_ENV = "CASEFILE_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASEFILE_NEW_PASSPHRASE"
# LOADED_LATER: the commands import what does their work when they run; every command,
# `casefile gui` too, builds this module's parsers, and the app paints a case's first page
# before SQLAlchemy is loaded (issue #16).


def passphrase(path: Path) -> str | None:
    """The passphrase for a case file: $CASEFILE_PASSPHRASE, else asked on a terminal.

    Only an encrypted file is asked for; a new file is encrypted when the variable is set.
    """
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if cipher.is_encrypted(Path(path)):
        if not sys.stdin.isatty():
            raise errors.PassphraseNeeded(
                f"{Path(path).name} is encrypted: set {PASSPHRASE_ENV} to its passphrase"
            )
        return getpass.getpass(f"Passphrase (or recovery key) for {Path(path).name}: ")
    return None


def _new_passphrase(env: str) -> str:
    given = os.environ.get(env)
    if given:
        return given
    if not sys.stdin.isatty():
        raise errors.PassphraseNeeded(f"set {env} to the new passphrase")
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("The same again: ") != first:
        raise errors.CasefileError("The two passphrases differ; nothing was changed")
    return first


def show_recovery(key: str) -> None:
    """Show a new recovery key, once (on stderr, apart from a command's output)."""
    print(
        "Recovery key (shown this once; print it or write it down, keep it apart):\n"
        f"    {key}\nIt opens the case if the passphrase is lost.",
        file=sys.stderr,
    )


def cmd_encrypt(args: argparse.Namespace) -> int:
    """Encrypt a case file with a passphrase."""
    from casefile.protect import encryption  # see LOADED_LATER

    recovery = encryption.encrypt(args.casefile, _new_passphrase(PASSPHRASE_ENV))
    print(f"{args.casefile} is now encrypted (its key file: {args.casefile.name}.key)")
    show_recovery(recovery)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    """Store a case file unencrypted again."""
    from casefile.protect import encryption  # see LOADED_LATER

    encryption.decrypt(args.casefile, passphrase(args.casefile))
    print(f"{args.casefile} is no longer encrypted")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    """Change a case file's passphrase, and with --new-recovery-key its recovery key."""
    from casefile.protect import encryption  # see LOADED_LATER

    current = passphrase(args.casefile)
    new = _new_passphrase(NEW_PASSPHRASE_ENV)
    recovery = encryption.rekey(args.casefile, current, new, new_recovery=args.new_recovery_key)
    print(f"{args.casefile}: the passphrase was changed")
    if recovery is not None:
        show_recovery(recovery)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a backup of a case file: to OUT, or into the rotation in the data folder."""
    secret = passphrase(args.casefile)
    with casefile.open(args.casefile, create=False, passphrase=secret) as cf:
        made = cf.protect.save_copy(args.output) if args.output else cf.protect.backup()
    print(f"Wrote a backup of {args.casefile} to {made}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Put a backup in the place of a case file."""
    from casefile.protect import backups  # see LOADED_LATER

    secret = os.environ.get(PASSPHRASE_ENV) or (
        passphrase(args.backup) if cipher.is_encrypted(args.backup) else None
    )
    backups.restore(args.casefile, args.backup, secret)
    print(f"Restored {args.casefile} from {args.backup}")
    return 0


def add_commands(sub: Any) -> None:
    """Add encrypt, decrypt and rekey to the `casefile` command."""
    env = f"passphrase from ${PASSPHRASE_ENV}, else asked"
    encrypt = sub.add_parser("encrypt", help=f"encrypt a case file ({env})")
    encrypt.add_argument("casefile", type=Path)
    encrypt.set_defaults(handler=cmd_encrypt)
    decrypt = sub.add_parser("decrypt", help=f"store a case file unencrypted ({env})")
    decrypt.add_argument("casefile", type=Path)
    decrypt.set_defaults(handler=cmd_decrypt)
    rekey = sub.add_parser(
        "rekey", help=f"change the passphrase (new one from ${NEW_PASSPHRASE_ENV}, else asked)"
    )
    rekey.add_argument("casefile", type=Path)
    rekey.add_argument(
        "--new-recovery-key", action="store_true", help="replace the recovery key as well"
    )
    rekey.set_defaults(handler=cmd_rekey)
    backup = sub.add_parser("backup", help="write a backup (default: into the data folder)")
    backup.add_argument("casefile", type=Path)
    backup.add_argument("-o", "--output", type=Path, help="the backup file to write")
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help="replace a case file by one of its backups")
    restore.add_argument("casefile", type=Path)
    restore.add_argument("backup", type=Path, help="the backup to restore")
    restore.set_defaults(handler=cmd_restore)
