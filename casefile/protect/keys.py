"""The keys of an encrypted case file: a random database key, the passphrase and the recovery key.

Design. The database is encrypted by SQLCipher with a random 32-byte key K, never typed by
anyone. Two things open it:

- The **recovery key** is K itself, written for a person (base32 in groups, with a short
  checksum to catch typing mistakes). It is shown once, when the case is encrypted or
  rekeyed, and opens the file on its own, even if the key file below is lost.
- The **passphrase** unwraps K from the key file beside the case, `NAME.casefile.key`:
  scrypt(passphrase, salt) gives a key-encryption key, which seals K with AES-256-GCM. A
  wrong passphrase fails the GCM tag, so it is refused before SQLite touches the file.

The key file holds no plaintext of the case and nothing that opens it without the
passphrase; each entry names the database it belongs to by SQLCipher's salt (the file's
first 16 bytes, not secret), so a key file can hold the old and new entries while a
rekey swaps files, and a crash at any point leaves a pair that opens.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from casefile import errors
from casefile.store import cipher

KEY_SUFFIX = cipher.KEY_FILE_SUFFIX
FORMAT = "casefile-key"
# scrypt at 2^14 x 8: 16 MB and ~0.05-0.15 s, paid once per opening (it is most of what
# opening an encrypted case costs beyond a plain one); a guesser pays it per guess. The
# parameters are stored in each entry, so a later version can raise them.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_CHECK_BYTES = 3  # recovery key checksum: 32 + 3 bytes are exactly 56 base32 letters


@dataclass(frozen=True)
class NewKey:
    """A fresh database key and the recovery key that spells it."""

    key: bytes
    recovery: str


def key_file(path: Path) -> Path:
    """Where the key file of a case file is kept: beside it, its name plus .key."""
    return path.with_name(path.name + KEY_SUFFIX)


def new_key() -> NewKey:
    """A random database key and its recovery key."""
    key = secrets.token_bytes(cipher.KEY_BYTES)
    return NewKey(key, recovery_key(key))


def recovery_key(key: bytes) -> str:
    """The recovery key for a database key: 14 groups of 4 letters and digits."""
    text = base64.b32encode(key + hashlib.sha256(key).digest()[:_CHECK_BYTES]).decode()
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes | None:
    """The database key a recovery key spells, or None if `text` is not one."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(letters) != 56:
        return None
    letters = letters.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(letters)
    except ValueError:
        return None
    key, check = raw[: cipher.KEY_BYTES], raw[cipher.KEY_BYTES :]
    return key if hashlib.sha256(key).digest()[:_CHECK_BYTES] == check else None


def _kek(
    passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def _kdf_parameters(kdf: str) -> tuple[int, int, int] | None:
    """scrypt's N, r, p from an entry, within what a key file may ask of memory."""
    name, _, numbers = kdf.partition(":")
    try:
        n, r, p = (int(x) for x in numbers.split(":"))
    except ValueError:
        return None
    sane = n >= 2**10 and n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4
    return (n, r, p) if name == "scrypt" and sane else None


def wrap(key: bytes, passphrase: str, db_salt: bytes) -> dict[str, str]:
    """One key file entry: `key` sealed by the passphrase, for the database with `db_salt`."""
    # cryptography loads only here, for an encrypted case: a plain one opens without it,
    # which keeps a fortieth of a second out of the app's start (issue #16).
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_kek(passphrase, salt)).encrypt(nonce, key, db_salt)
    return {
        "db_salt": db_salt.hex(),
        "kdf": f"scrypt:{SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}",
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "sealed": sealed.hex(),
    }


def _unwrap(entry: dict[str, str], passphrase: str) -> bytes | None:
    parameters = _kdf_parameters(entry.get("kdf", ""))
    if parameters is None:
        return None
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(_kek(passphrase, bytes.fromhex(entry["salt"]), *parameters))
    try:
        return aead.decrypt(
            bytes.fromhex(entry["nonce"]),
            bytes.fromhex(entry["sealed"]),
            bytes.fromhex(entry["db_salt"]),
        )
    except InvalidTag:
        return None


def read_entries(path: Path) -> list[dict[str, str]]:
    """The entries of a case file's key file ([] when it has none)."""
    file = key_file(path)
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise errors.NotACaseFile(f"{file.name} is not a Casefile key file") from exc
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise errors.NotACaseFile(f"{file.name} is not a Casefile key file")
    return [e for e in record.get("keys", []) if isinstance(e, dict)]


def write_entries(path: Path, entries: list[dict[str, str]]) -> None:
    """Replace the key file atomically (a crash leaves the old one or the new one)."""
    file = key_file(path)
    record = {"format": FORMAT, "version": 1, "keys": entries}
    handle, temp = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=KEY_SUFFIX)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def unlock(path: Path, secret: str | None) -> bytes:
    """The database key of an encrypted case file, from its passphrase or recovery key.

    Raises `errors.PassphraseNeeded` without a secret, `errors.WrongPassphrase` when
    neither the passphrase nor the recovery key opens it; nothing is written either way.
    """
    if not secret:
        raise errors.PassphraseNeeded(f"{path.name} is encrypted: give its passphrase")
    salt = cipher.file_salt(path)
    entries = [e for e in read_entries(path) if e.get("db_salt") == salt.hex()]
    for entry in entries:
        key = _unwrap(entry, secret)
        if key is not None:
            return key
    key = parse_recovery_key(secret)
    if key is not None and cipher.opens_with(path, key):
        return key
    if not entries and not key_file(path).exists() and key is None:
        raise errors.WrongPassphrase(
            f"{path.name} is encrypted and its key file {key_file(path).name} is missing "
            "(or it is not a case file): open it with its recovery key"
        )
    raise errors.WrongPassphrase(
        f"The passphrase (or recovery key) is wrong for {path.name}; nothing was changed"
    )
