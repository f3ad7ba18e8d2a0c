"""`cf.bundles`: writing and reading exchange bundles, and resolving what clashed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from casefile import errors
from casefile.exchange import bundle, unpacking
from casefile.exchange.bundle import BundleRead, BundleWritten, Key, Progress
from casefile.exchange.merge import Merger
from casefile.exchange.snapshots import Unit
from casefile.records import markings
from casefile.store.changes import Changes
from casefile.store.exchange_tables import BundleReceived, MergeConflict
from casefile.store.models import utcnow
from casefile.store.operations import Operations


@dataclass(frozen=True)
class Conflict:
    """A record edited on both sides: both versions, field by field."""

    id: str
    kind: str
    record_id: str
    title: str
    ours: Unit
    theirs: Unit

    @property
    def fields(self) -> list[str]:
        """The fields whose values differ."""
        names = sorted(set(self.ours) | set(self.theirs))
        return [n for n in names if self.ours.get(n) != self.theirs.get(n)]


class Bundles:
    """Exchange with headquarters or another officer, by file, without a network."""

    def __init__(self, ops: Operations, case_path: Path):
        self._ops = ops
        self._case_path = case_path

    def write(
        self,
        path: Path | str,
        *,
        key: Key,
        since_last: str | None = None,
        max_tlp: str = markings.CASE_DEFAULT,
        progress: Progress | None = None,
    ) -> BundleWritten:
        """Write an encrypted bundle of the case's records up to a marking.

        `since_last` names the recipient: only what changed since the last bundle written
        for it goes in. Nothing above `max_tlp` leaves; the result says how much stayed.
        """
        target = _output(Path(path), self._case_path)
        maximum = markings.parse(max_tlp)
        bundle_id = bundle.new_bundle_id()
        with self._ops.transactions.transaction("Write bundle") as tx:
            session = tx.session
            out = bundle.gather(session, maximum=maximum, peer=since_last, progress=progress)
            header = {
                "bundle_id": bundle_id,
                "created_at": utcnow().isoformat(),
                "sender": bundle.sender_name(session, self._case_path.stem),
                "recipient": since_last or "",
                "max_tlp": maximum,
                "withheld": out.withheld.counts,
                "restored": out.restored,
                "carried": out.carried,
            }
            blobs = dict(bundle.blob_data(session, out.blobs))
            data = bundle.pack(out.lines, blobs, header=header, deleted=out.deleted)
            _write_atomically(target, bundle.lock(data, key))
            bundle.record_sent(session, out.digests, since_last, out.deleted)
        counts = {kind: len(found) for kind, found in out.lines.items()}
        return BundleWritten(target, bundle_id, counts, out.withheld, len(out.deleted))

    def read(
        self,
        path: Path | str,
        *,
        identity: Path | str | None = None,
        passphrase: str | None = None,
        progress: Progress | None = None,
    ) -> BundleRead:
        """Import a bundle: records merge by UUID, clashes become conflicts; all or nothing."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise errors.CasefileError(f"{path}: {exc.strerror or exc}") from exc
        identities = unpacking.identities_in(Path(identity)) if identity is not None else None
        plain = unpacking.unlock(data, identities=identities, passphrase=passphrase)
        manifest, units, blobs, deleted = unpacking.unpack(plain)
        try:
            with self._ops.transactions.transaction(f"Import bundle {Path(path).name}") as tx:
                result = bundle.apply(tx.session, manifest, units, blobs, progress, deleted)
        except IntegrityError as exc:
            raise errors.CasefileError(
                f"The bundle holds records this case file cannot take; nothing was imported "
                f"({exc.orig})"
            ) from exc
        if not result.again:
            self._ops.undo_stack.clear()  # bulk writes are not in the undo log
        return result

    def conflicts(self) -> list[Conflict]:
        """Records edited on both sides since the last exchange, oldest first."""
        with self._ops.read() as session:
            rows = session.scalars(select(MergeConflict).order_by(MergeConflict.id))
            return [
                Conflict(r.uuid, r.kind, r.record_uuid, r.title, dict(r.ours), dict(r.theirs))
                for r in rows
            ]

    def resolve(self, conflict_id: str, *, take: dict[str, str] | str = "ours") -> Changes:
        """Settle a conflict: keep "ours", take "theirs", or {field: "ours"|"theirs"} to merge."""
        conflict = next((c for c in self.conflicts() if c.id == conflict_id), None)
        if conflict is None:
            raise errors.NotFound(f"No conflict {conflict_id}")
        merged = _merged(conflict, take)

        def settle(session: Any) -> None:
            if merged is not None:
                merger = Merger(session, "resolution")
                merger.settle(conflict.kind, merged, conflict.record_id)
                merger.finish()
            session.execute(delete(MergeConflict).where(MergeConflict.uuid == conflict_id))

        changes = self._ops.run("Resolve conflict", settle)
        if merged is not None:
            self._ops.undo_stack.clear()
        return changes

    def received(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Bundles imported, newest first: (when, sender, what each added and changed)."""
        with self._ops.read() as session:
            rows = session.scalars(select(BundleReceived).order_by(BundleReceived.id.desc()))
            return [(r.created_at.isoformat(), r.sender, dict(r.summary)) for r in rows]


def _merged(conflict: Conflict, take: dict[str, str] | str) -> Unit | None:
    """The version to store, or None to keep ours as it is."""
    if take == "ours":
        return None
    if take == "theirs":
        return dict(conflict.theirs)
    if not isinstance(take, dict) or set(take.values()) - {"ours", "theirs"}:
        raise errors.Invalid({"take": 'Say "ours", "theirs", or {field: "ours"|"theirs"}.'})
    merged = dict(conflict.ours)
    for name, side in take.items():
        if side == "theirs":
            merged[name] = conflict.theirs.get(name)
    return merged


def _output(target: Path, case_path: Path) -> Path:
    """A file to write a bundle to: never the case file, its side files, or a folder."""
    target = target.expanduser()
    resolved = target.resolve()
    case = case_path.resolve()
    if resolved in {case} | {case.with_name(case.name + s) for s in ("-wal", "-shm", ".lock")}:
        raise errors.CasefileError("Choose another file for the bundle, not the case file itself")
    if target.is_dir():
        raise errors.CasefileError(f"{target} is a folder; give a file name for the bundle")
    if not target.parent.is_dir():
        raise errors.CasefileError(f"The folder {target.parent} does not exist")
    return target


def _write_atomically(target: Path, data: bytes) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise errors.CasefileError(f"{target} cannot be written: {exc.strerror or exc}") from exc
