"""Drafts of incidents being edited, kept on disk so that nothing typed is lost in a crash.

A draft of an encrypted case is sealed (AES-256-GCM) with a key derived from the case's
own database key (`cf.protect.drafts_key`): on disk it is as unreadable as the case, and
only that case, opened, reads it back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile import outputs, paths

SUFFIX = ".draft.json"
DELAY_MS = 800  # a draft is written once the analyst pauses this long (editor and report)


@dataclass(frozen=True)
class Draft:
    """One unsaved incident: the case file it belongs to, its key and the incident's fields."""

    case_path: Path
    key: str
    data: dict[str, Any]
    file: Path

    @property
    def title(self) -> str:
        """The draft's title, or a placeholder for an untitled one."""
        return str(self.data.get("title") or "").strip() or "(untitled)"

    @property
    def incident_id(self) -> str | None:
        """The incident the draft edits, or None for a new incident."""
        return self.data.get("id")


def case_key(case_path: Path | str) -> str:
    """A short stable name for a case file, so drafts of different cases never mix."""
    resolved = str(Path(case_path).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]


class Drafts:
    """A folder of draft files, one per incident being edited (default: the data folder)."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder) if folder is not None else paths.data_dir() / "drafts"

    def _file(self, case_path: Path | str, key: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
        return self.folder / f"{case_key(case_path)}-{safe}{SUFFIX}"

    def save(
        self, case_path: Path | str, key: str, data: dict[str, Any], *, seal: bytes | None = None
    ) -> Path:
        """Write a draft atomically: a crash mid-write leaves the previous draft intact.

        With `seal` (the case's drafts key) the incident's fields are encrypted.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(case_path, key)
        record: dict[str, Any] = {"case_path": str(case_path), "key": key, "data": data}
        if seal is not None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # sealed drafts only

            nonce = secrets.token_bytes(12)
            plain = json.dumps(data, ensure_ascii=False).encode("utf-8")
            sealed = AESGCM(seal).encrypt(nonce, plain, key.encode("utf-8"))
            record["data"] = None
            record["sealed"] = base64.b64encode(nonce + sealed).decode("ascii")
        with outputs.writing(target, protect=[Path(case_path)]) as out:
            json.dump(record, out, ensure_ascii=False, indent=1)
        return target

    def discard(self, case_path: Path | str, key: str) -> None:
        """Forget a draft (after it was saved, or the user threw it away)."""
        self._file(case_path, key).unlink(missing_ok=True)

    def pending(self, case_path: Path | str, *, seal: bytes | None = None) -> list[Draft]:
        """The drafts left for a case file, oldest first; unreadable files are skipped.

        Sealed drafts need the case's drafts key (`seal`); without it they are skipped.
        """
        if not self.folder.is_dir():
            return []
        found = sorted(
            self.folder.glob(f"{case_key(case_path)}-*{SUFFIX}"), key=lambda p: p.stat().st_mtime
        )
        drafts = []
        for file in found:
            draft = _read(file, seal)
            if draft is not None:
                drafts.append(draft)
        return drafts


def _read(file: Path, seal: bytes | None) -> Draft | None:
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
        key = str(record["key"])
        data = record["data"]
        if record.get("sealed") is not None:
            if seal is None:
                return None
            data = _unseal(base64.b64decode(record["sealed"]), seal, key)
            if data is None:
                return None
        return Draft(Path(record["case_path"]), key, dict(data), file)
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged draft must not stop the app from starting; it is left for inspection.
        return None


def _unseal(raw: bytes, seal: bytes, key: str) -> Any:
    """A sealed draft's fields, or None when the key does not open them."""
    # cryptography loads here, not at start: only an encrypted case seals its drafts.
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return json.loads(AESGCM(seal).decrypt(raw[:12], raw[12:], key.encode("utf-8")))
    except InvalidTag:
        return None
