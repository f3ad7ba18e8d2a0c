"""The `casefile bundle` and `casefile mark` commands: exchange with headquarters by file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import casefile
from casefile import errors


def _passphrase(variable: str | None) -> str | None:
    """The passphrase held by an environment variable, refused when it is unset or empty."""
    if variable is None:
        return None
    value = os.environ.get(variable)
    if not value:
        raise errors.CasefileError(f"The environment variable {variable} holds no passphrase")
    return value


def _recipient(value: str) -> str:
    """A recipient's public key, given as is or in a file (one age1… line)."""
    path = Path(value).expanduser()
    if not value.startswith("age1") and path.is_file():
        lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines()]
        keys = [x for x in lines if x.startswith("age1")]
        if not keys:
            raise errors.CasefileError(f"{path} holds no age public key (age1…)")
        return keys[0]
    return value


def cmd_bundle_export(args: argparse.Namespace) -> int:
    """Write an encrypted bundle of the case's records."""
    # Loaded here: every command, `casefile gui` too, builds this module's parsers.
    from casefile.exchange.bundle import Key

    if (args.recipient is None) == (args.passphrase_env is None):
        raise errors.CasefileError("Give --recipient AGE_PUBLIC_KEY or --passphrase-env VAR")
    key = Key(
        recipient=_recipient(args.recipient) if args.recipient else None,
        passphrase=_passphrase(args.passphrase_env),
    )
    with casefile.open(args.casefile, create=False, exclusive=True) as cf:
        written = cf.bundles.write(
            args.output, key=key, since_last=args.since_last, max_tlp=args.max_tlp
        )
    print(f"Wrote {written}")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    """Merge a bundle into the case file."""
    if (args.identity is None) == (args.passphrase_env is None):
        raise errors.CasefileError("Give --identity FILE or --passphrase-env VAR")
    with casefile.open(args.casefile, create=False, exclusive=True) as cf:
        result = cf.bundles.read(
            args.bundle, identity=args.identity, passphrase=_passphrase(args.passphrase_env)
        )
        conflicts = len(cf.bundles.conflicts())
    print(result)
    if conflicts:
        many = "s" if conflicts > 1 else ""
        print(f"{conflicts} conflict{many} to resolve: casefile bundle conflicts {args.casefile}")
    return 0


def cmd_bundle_conflicts(args: argparse.Namespace) -> int:
    """List conflicts, field by field; or resolve one."""
    with casefile.open(args.casefile, create=False, exclusive=args.resolve is not None) as cf:
        if args.resolve is not None:
            cf.bundles.resolve(args.resolve, take=args.keep)
            print(f"Resolved {args.resolve}: kept {args.keep}")
            return 0
        conflicts = cf.bundles.conflicts()
    for conflict in conflicts:
        print(f"{conflict.id}  {conflict.kind} {conflict.record_id}  {conflict.title}")
        for name in conflict.fields:
            print(f"    {name}: ours {_short(conflict.ours.get(name))}")
            print(f"    {' ' * len(name)}  theirs {_short(conflict.theirs.get(name))}")
    if not conflicts:
        print("No conflicts")
    return 0


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 70 else text[:69] + "…"


def cmd_mark(args: argparse.Namespace) -> int:
    """Give a record its own TLP marking."""
    with casefile.open(args.casefile, create=False, exclusive=True) as cf:
        cf.mark(args.record, tlp=None if args.tlp.lower() == "case" else args.tlp)
    print(f"Marked {args.record} {args.tlp}")
    return 0


def add_parsers(sub: Any, case_argument: Any) -> None:
    """The bundle and mark commands' parsers."""
    bundle = sub.add_parser("bundle", help="exchange records with headquarters by file")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)

    out = actions.add_parser("export", help="write an encrypted bundle")
    case_argument(out)
    out.add_argument("-o", "--output", type=Path, required=True, help="the bundle to write")
    out.add_argument("--since-last", metavar="RECIPIENT", help="only what changed since then")
    out.add_argument("--recipient", help="an age public key (age1…), or a file holding one")
    out.add_argument("--passphrase-env", metavar="VAR", help="encrypt with the passphrase in VAR")
    out.add_argument(
        "--max-tlp", default="AMBER", metavar="LEVEL", help="leave out records above (AMBER)"
    )
    out.set_defaults(handler=cmd_bundle_export)

    into = actions.add_parser("import", help="merge a bundle into the case file")
    case_argument(into)
    into.add_argument("bundle", type=Path, help="the bundle file")
    into.add_argument("--identity", type=Path, help="an age identity file (AGE-SECRET-KEY-…)")
    into.add_argument("--passphrase-env", metavar="VAR", help="the passphrase is in VAR")
    into.set_defaults(handler=cmd_bundle_import)

    clash = actions.add_parser("conflicts", help="list, or resolve, records edited on both sides")
    case_argument(clash)
    clash.add_argument("--resolve", metavar="CONFLICT_ID", help="settle this conflict")
    clash.add_argument("--keep", choices=("ours", "theirs"), default="ours")
    clash.set_defaults(handler=cmd_bundle_conflicts)

    mark = sub.add_parser("mark", help="give an incident, report or attachment a TLP marking")
    case_argument(mark)
    mark.add_argument("record", help="the record's id")
    mark.add_argument("tlp", help="CLEAR, GREEN, AMBER, AMBER+STRICT, RED, or case")
    mark.set_defaults(handler=cmd_mark)
