"""Opening a bundle: decrypting it, checking every member against its manifest, reading its
records a line at a time.

Nothing is merged here (`bundle.apply` does that): a bundle that fails to decrypt, fails
a hash, lists other members than it holds, or would unpack to far more than it could hold
is refused whole before any record is read.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage

from casefile import errors
from casefile.exchange import tombstones
from casefile.exchange.snapshots import KINDS, Unit
from casefile.records import attachments

FORMAT = "casefile-bundle"
VERSION = 1
MANIFEST = "manifest.json"


def unlock(data: bytes, *, identities: list[str] | None, passphrase: str | None) -> bytes:
    """Decrypt a bundle; a wrong key, a cut-short or damaged file is refused in words."""
    try:
        if passphrase is not None:
            return pyrage.passphrase.decrypt(data, passphrase)
        keys = [pyrage.x25519.Identity.from_str(i) for i in identities or []]
        if not keys:
            raise errors.Invalid({"identity": "Give the identity file or the passphrase."})
        return pyrage.decrypt(data, keys)
    except pyrage.IdentityError as exc:
        raise errors.Invalid(
            {"identity": f"Not an age identity (AGE-SECRET-KEY-…): {exc}"}
        ) from exc
    except pyrage.DecryptError as exc:
        raise errors.CasefileError(
            "The bundle cannot be opened: wrong key or passphrase, or the file is damaged "
            f"or cut short ({exc})"
        ) from exc


def identities_in(path: Path) -> list[str]:
    """The age secret keys in an identity file (lines starting AGE-SECRET-KEY-)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.CasefileError(f"{path} cannot be read as an age identity file") from exc
    keys = [line.strip() for line in text.splitlines() if line.startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise errors.CasefileError(f"{path} holds no age identity (AGE-SECRET-KEY-…)")
    return keys


def unpack(
    data: bytes,
) -> tuple[dict[str, Any], dict[str, list[Unit]], dict[str, bytes], list[Unit]]:
    """Manifest, units, blobs and tombstones, after checking every member against the
    manifest. Records are hashed, then parsed, a piece at a time: only their units are held."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read(MANIFEST))
        names = [n for n in archive.namelist() if n != MANIFEST]
        sums, blobs = _digests(archive, names)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, EOFError) as exc:
        raise errors.CasefileError(f"The bundle is damaged: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise errors.CasefileError("This is not a Casefile bundle")
    if manifest.get("version") != VERSION:
        raise errors.CasefileError(
            f"The bundle is version {manifest.get('version')}; this Casefile reads {VERSION}"
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(names):
        raise errors.CasefileError("The bundle's contents do not match its manifest")
    for name, value in sums.items():
        if value != files[name]:
            raise errors.CasefileError(f"The bundle fails its hash check ({name})")
    units = {kind: _lines(archive, f"records/{kind}.jsonl", kind) for kind in KINDS}
    deleted = tombstones.parse(_lines(archive, tombstones.MEMBER, "deleted"))
    for sha, content in blobs.items():
        if hashlib.sha256(content).hexdigest() != sha:
            raise errors.CasefileError("The bundle holds attachment content under a wrong hash")
    return manifest, units, blobs, deleted


def carried_units(manifest: dict[str, Any]) -> set[str]:
    """The records a bundle holds unchanged since the sender last sent them to us, only
    because a change points at them, from its manifest: taken where we lack them, never
    over ours (which may be newer: a bundle of ours crossing this one). A damaged list
    refuses the bundle; one written before they were sent has none."""
    listed = manifest.get("carried") or []
    if not isinstance(listed, list) or not all(isinstance(u, str) for u in listed):
        raise errors.CasefileError("The bundle's list of records sent with changes is damaged")
    return set(listed)


# Records are JSON lines, which deflate packs about 8 to 18 times: far more is a zip bomb.
_MOST_EXPANSION = 200
_SMALL = 1024 * 1024
_PIECE = 1024 * 1024


def _digests(archive: zipfile.ZipFile, names: list[str]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Each member's SHA-256, records read a piece at a time; blobs (kept) read whole."""
    sums: dict[str, str] = {}
    blobs: dict[str, bytes] = {}
    for name in names:
        _refuse_bomb(archive.getinfo(name))
        if name.startswith("blobs/"):
            blobs[name.removeprefix("blobs/")] = content = archive.read(name)
            sums[name] = hashlib.sha256(content).hexdigest()
            continue
        value = hashlib.sha256()
        with archive.open(name) as member:
            while piece := member.read(_PIECE):
                value.update(piece)
        sums[name] = value.hexdigest()
    return sums, blobs


def _refuse_bomb(info: zipfile.ZipInfo) -> None:
    """Refuse a member that would unpack to more than any bundle holds (the zip's own
    sizes bound what reading it yields)."""
    if info.filename.startswith("blobs/"):
        if info.file_size > attachments.MAX_BYTES:
            raise errors.CasefileError(
                f"The bundle is refused: {info.filename} is larger than an attachment can be"
            )
    elif info.file_size > max(_SMALL, info.compress_size * _MOST_EXPANSION):
        raise errors.CasefileError(
            f"The bundle is refused: {info.filename} would unpack to "
            f"{info.file_size // max(info.compress_size, 1)} times its packed size"
        )


def _lines(archive: zipfile.ZipFile, name: str, kind: str) -> list[Unit]:
    """A records member's units, one a line, read a line at a time (none if it is absent)."""
    if name not in archive.namelist():
        return []
    found: list[Unit] = []
    shared = _shared_keys()
    try:
        with archive.open(name) as member:
            # Only "\n" ends a unit: a text's own U+2028 or U+0085 is written as it is.
            for line in io.TextIOWrapper(member, encoding="utf-8", newline="\n"):
                if line.strip():
                    found.append(json.loads(line, object_pairs_hook=shared))
    except (UnicodeDecodeError, ValueError) as exc:
        raise errors.CasefileError(f"The bundle's {kind} records are damaged") from exc
    if not all(isinstance(u, dict) for u in found):
        raise errors.CasefileError(f"The bundle's {kind} records are damaged")
    return found


def _shared_keys() -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A JSON object hook giving every record the same key strings: each line parsed on
    its own has its own copies, four tenths of what 100,000 incidents take in memory."""
    keys: dict[str, str] = {}

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        return {keys.setdefault(k, k): v for k, v in pairs}

    return build
