"""Exchange bundles: one encrypted file carrying records to headquarters and back.

A bundle is a zip archive, encrypted with age (pyrage) to a recipient's public key or with
a passphrase, so the standard `age` tool opens it too. Inside: `manifest.json` (the
bundle's id, sender, maximum marking, counts, what was withheld, the records brought back
after their deletion was sent, those carried unchanged with a change that points at them,
and the SHA-256 of every other member),
`records/<kind>.jsonl` (one unit per line, see `snapshots`),
`records/deleted.jsonl` (records deleted since they were exchanged, see `tombstones`; a
bundle written before deletions travelled has none, and is read as before) and
`blobs/<sha256>` (attachment content). Reading refuses a bundle whole unless it decrypts,
every hash matches and every member is listed (`unpacking`); merging is one transaction
(`merge`).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyrage
from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange import tombstones
from casefile.exchange.merge import REFS, Merger, set_bases
from casefile.exchange.merge_summary import NAMES, MergeSummary
from casefile.exchange.snapshots import KINDS, Reader, Unit, digest, encode
from casefile.exchange.unpacking import FORMAT, MANIFEST, VERSION, carried_units
from casefile.records import markings
from casefile.records.markings import Withheld
from casefile.store.exchange_tables import BundleReceived, ExchangePeer, SentDigest
from casefile.store.models import Blob, Setting, new_uuid, utcnow

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Key:
    """How a bundle is locked: an age public key (age1…) or a passphrase."""

    recipient: str | None = None
    passphrase: str | None = None

    def __post_init__(self) -> None:
        if (self.recipient is None) == (self.passphrase is None):
            raise errors.Invalid({"key": "Give a recipient's public key or a passphrase."})


@dataclass
class BundleWritten:
    """What a bundle holds: units by kind, and what the marking kept back."""

    path: Path
    bundle_id: str
    counts: dict[str, int] = field(default_factory=dict)
    withheld: Withheld = field(default_factory=Withheld)
    deleted: int = 0

    def __str__(self) -> str:
        held = ", ".join(f"{n} {NAMES[k][n != 1]}" for k, n in self.counts.items() if n)
        held = held or "no records"
        if self.deleted:
            held += f", {self.deleted} deletion{'s' if self.deleted != 1 else ''}"
        return f"{self.path.name}: {held}; {self.withheld}"


@dataclass
class BundleRead:
    """What importing a bundle did (nothing when it had been imported before)."""

    bundle_id: str
    sender: str
    summary: MergeSummary
    again: bool = False

    def __str__(self) -> str:
        if self.again:
            return f"bundle {self.bundle_id[:8]} was imported before: nothing changed"
        return f"bundle from {self.sender}: {self.summary}"


# --- writing -------------------------------------------------------------------------------


@dataclass
class Outgoing:
    """What goes into a bundle: each kind's units as JSON lines, their digests, blobs needed."""

    lines: dict[str, list[str]]
    digests: dict[str, str]
    blobs: set[str]
    withheld: Withheld
    deleted: list[Unit] = field(default_factory=list)
    # Records whose deletion went to this peer and that are back here since (undone).
    restored: list[str] = field(default_factory=list)
    # Records sent unchanged, only because a change points at them (`carried_units`).
    carried: list[str] = field(default_factory=list)


class _Encoded(NamedTuple):
    """A unit to send, as its JSON line: held instead of the unit (a whole case's units
    as dicts took a gigabyte; their lines a fifth of it)."""

    uuid: str
    text: str
    digest: str
    refs: tuple[str, ...]  # the UUIDs it points at (`REFS`)
    blob: str | None  # an attachment's content, by SHA-256


def gather(
    session: Session, *, maximum: str, peer: str | None, progress: Progress | None = None
) -> Outgoing:
    """The units to send under a maximum marking, and the records deleted since they were
    exchanged; those already sent to `peer` left out."""
    connection = session.connection()
    case = markings.case_marking(session)
    reader = Reader(connection)
    withheld = Withheld()
    units: dict[str, list[_Encoded]] = {}
    sent_ids: dict[str, set[str]] = {}
    for step, kind in enumerate(KINDS):
        if progress is not None:
            progress(step, len(KINDS) + 2)
        kept = []
        for unit in reader.units(kind):
            if _above(unit, case, maximum) or _tied(kind, unit, sent_ids):
                withheld.add(_KIND_WORDS[kind])
            else:
                kept.append(_encoded(kind, unit))
        sent_ids[kind] = {u.uuid for u in kept}
        units[kind] = kept
    units["source"] = _sources_in_use(units, reader)
    already = _sent(connection, peer)
    deleted = tombstones.outgoing(connection, peer, case=case, maximum=maximum)
    out = Outgoing({}, {}, set(), withheld, deleted)
    chosen = _changed_with_parents(units, already)
    for kind in KINDS:
        out.lines[kind] = []
        for sent in chosen[kind]:
            out.lines[kind].append(sent.text)
            if sent.blob is not None:
                out.blobs.add(sent.blob)
            if already.get(sent.uuid) == sent.digest:
                out.carried.append(sent.uuid)  # sent so before: nothing new to record
                continue
            if already.get(sent.uuid) == tombstones.SENT:
                out.restored.append(sent.uuid)
            out.digests[sent.uuid] = sent.digest
    return out


def _encoded(kind: str, unit: Unit) -> _Encoded:
    text = encode(unit)
    refs = tuple(unit[key] for key, _, _ in REFS.get(kind, ()) if unit.get(key))
    blob = unit.get("sha256") if kind == "attachment" else None
    return _Encoded(unit["uuid"], text, digest(unit, text), refs, blob)


def _changed_with_parents(
    units: dict[str, list[_Encoded]], already: dict[str, str]
) -> dict[str, list[_Encoded]]:
    """Each kind's units not sent as they are now, and with them the units they point at,
    changed or not: a citation edited goes with its incident and report, so a receiver who
    missed the bundle that first brought them can still take it.

    Kinds are read children first, so a report sent for a citation brings its source.
    """
    chosen: dict[str, list[_Encoded]] = {}
    parents: set[str] = set()
    for kind in reversed(KINDS):
        chosen[kind] = []
        for unit in units[kind]:
            if already.get(unit.uuid) != unit.digest or unit.uuid in parents:
                chosen[kind].append(unit)
                parents.update(unit.refs)
    return chosen


_KIND_WORDS = {kind: many for kind, (_, many) in NAMES.items()}


def _above(unit: Unit, case: str, maximum: str) -> bool:
    """Whether a unit's own marking (or the case's) is above the maximum."""
    if "tlp" not in unit:
        return False
    return not markings.allowed(markings.effective(unit.get("tlp"), case), maximum)


def _tied(kind: str, unit: Unit, sent: dict[str, set[str]]) -> bool:
    """Whether a unit points at something that stays home (a withheld report's citation)."""
    return any(
        bool(unit.get(key)) and unit[key] not in sent[owner] for key, _, owner in REFS.get(kind, ())
    )


def _sources_in_use(units: dict[str, list[_Encoded]], reader: Reader) -> list[_Encoded]:
    """Sources with a report being sent, or with no reports at all (never one of a withheld)."""
    used = {source for u in units["source_report"] for source in u.refs}
    with_reports = set(reader.source_uuid[i] for i in _source_ids_with_reports(reader))
    return [u for u in units["source"] if u.uuid in used or u.uuid not in with_reports]


def _source_ids_with_reports(reader: Reader) -> set[int]:
    from casefile.store.models import SourceReport

    return set(reader.connection.execute(select(SourceReport.source_id)).scalars())


def _sent(connection: Connection, peer: str | None) -> dict[str, str]:
    if peer is None:
        return {}
    query = (
        select(SentDigest.uuid, SentDigest.digest)
        .join(ExchangePeer, ExchangePeer.id == SentDigest.peer_id)
        .where(ExchangePeer.name == peer)
    )
    return dict(connection.execute(query).all())


def pack(
    lines: dict[str, list[str]],
    blobs: dict[str, bytes],
    *,
    header: dict[str, Any],
    deleted: list[Unit] | None = None,
) -> bytes:
    """The zip archive of a bundle, its manifest listing every member's SHA-256.

    Each member is written into the archive a line at a time, hashed as it goes: joined
    first, a whole case's lines were held twice more (as one text, then as bytes).
    """
    buffer = io.BytesIO()
    files: dict[str, str] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for kind in KINDS:
            files[f"records/{kind}.jsonl"] = _write_lines(archive, kind, lines[kind])
        tombstone_lines = [encode(t) for t in deleted or []]
        files[tombstones.MEMBER] = _write_lines(archive, "deleted", tombstone_lines)
        for sha, data in blobs.items():
            archive.writestr(f"blobs/{sha}", data)
            files[f"blobs/{sha}"] = hashlib.sha256(data).hexdigest()
        manifest = header | {
            "format": FORMAT,
            "version": VERSION,
            "counts": {kind: len(lines[kind]) for kind in KINDS} | {"deleted": len(deleted or [])},
            "files": files,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return buffer.getvalue()


def _write_lines(archive: zipfile.ZipFile, kind: str, lines: list[str]) -> str:
    """Write one records member, its lines joined by newlines; its SHA-256."""
    name = tombstones.MEMBER if kind == "deleted" else f"records/{kind}.jsonl"
    sha = hashlib.sha256()
    with archive.open(name, "w") as member:
        for number, line in enumerate(lines):
            data = (line if number == 0 else "\n" + line).encode()
            sha.update(data)
            member.write(data)
    return sha.hexdigest()


def lock(data: bytes, key: Key) -> bytes:
    """Encrypt with age, to the recipient's key or the passphrase."""
    try:
        if key.recipient is not None:
            recipient = pyrage.x25519.Recipient.from_str(key.recipient.strip())
            return pyrage.encrypt(data, [recipient])
        return pyrage.passphrase.encrypt(data, key.passphrase or "")
    except pyrage.RecipientError as exc:
        raise errors.Invalid({"recipient": f"Not an age public key (age1…): {exc}"}) from exc


def record_sent(
    session: Session, digests: dict[str, str], peer: str | None, deleted: list[Unit] | None = None
) -> None:
    """Remember what went out: the merge bases, and per peer what it now holds (a deletion
    sent is marked, to be sent to that peer once)."""
    connection = session.connection()
    set_bases(connection, digests)
    if peer is None:
        return
    digests = digests | {t["uuid"]: tombstones.SENT for t in deleted or []}
    row = session.scalar(select(ExchangePeer).where(ExchangePeer.name == peer))
    if row is None:
        row = ExchangePeer(name=peer)
        session.add(row)
    row.last_sent_at = utcnow()
    session.flush()
    items = sorted(digests.items())
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        connection.execute(
            delete(SentDigest).where(
                SentDigest.peer_id == row.id, SentDigest.uuid.in_([u for u, _ in chunk])
            )
        )
        connection.execute(
            insert(SentDigest), [{"peer_id": row.id, "uuid": u, "digest": d} for u, d in chunk]
        )


def sender_name(session: Session, fallback: str) -> str:
    """How this case names itself in the bundles it writes."""
    stored = session.scalar(select(Setting.value).where(Setting.key == "name"))
    return stored or fallback


def blob_data(session: Session, shas: set[str]) -> Iterator[tuple[str, bytes]]:
    """Attachment contents by SHA-256."""
    for sha in sorted(shas):
        data = session.scalar(select(Blob.data).where(Blob.sha256 == sha))
        if data is not None:
            yield sha, data


def apply(
    session: Session,
    manifest: dict[str, Any],
    units: dict[str, list[Unit]],
    blobs: dict[str, bytes],
    progress: Progress | None = None,
    deleted: list[Unit] | None = None,
) -> BundleRead:
    """Merge an unpacked bundle into the session's transaction (nothing if seen before):
    its units first, then its deletions."""
    bundle_id = str(manifest.get("bundle_id") or "")
    sender = str(manifest.get("sender") or "")
    seen = session.scalar(select(BundleReceived.id).where(BundleReceived.bundle_id == bundle_id))
    if seen is not None:
        return BundleRead(bundle_id, sender, MergeSummary(), again=True)
    connection = session.connection()
    known = set(connection.execute(select(Blob.sha256)).scalars())
    fresh = [{"sha256": s, "size": len(d), "data": d} for s, d in blobs.items() if s not in known]
    if fresh:
        connection.execute(insert(Blob), fresh)
    merger = Merger(session, bundle_id, carried=carried_units(manifest))
    restored = tombstones.restored(manifest)
    merger.know(units)
    units, merger.summary = tombstones.screen(connection, merger.base, units, restored)
    for step, kind in enumerate(KINDS):
        if progress is not None:
            progress(step, len(KINDS) + 1)
        merger.merge(kind, units[kind])
    summary = merger.finish()
    tombstones.apply(session, deleted or [], summary)
    session.add(BundleReceived(bundle_id=bundle_id, sender=sender, summary=summary.as_dict()))
    return BundleRead(bundle_id, sender, summary)


def new_bundle_id() -> str:
    """A fresh bundle id."""
    return new_uuid()
