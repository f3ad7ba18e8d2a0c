"""Deletions exchanged: tombstones for records deleted after an exchange, and their merge.

A record deleted after it was exchanged (it has a merge base, it is gone from its table,
and the history holds its deletion) travels in a bundle as a tombstone: its UUID, its kind
and its content digest as last exchanged. The receiver deletes its copy as the app does,
unless it (or something that would go with it) was edited there since; then it is kept
and the summary says so. Merge bases of deleted records stay, so a deletion travels on,
and a later bundle brings a deleted record back only if it was edited at the other end
(`screen`). The history is the witness: a merge base alone may name another case's copy
of a record matched by name, which was never deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, exists, func, select
from sqlalchemy.orm import Session

from casefile import errors
from casefile.exchange.merge import MODELS, REFS, bases, recount
from casefile.exchange.merge_log import MergeLog
from casefile.exchange.merge_summary import MergeSummary
from casefile.exchange.snapshots import KINDS, Reader, Unit, digest
from casefile.records import incidents
from casefile.records.markings import ORDER, allowed, effective
from casefile.store.exchange_tables import ExchangePeer, MergeBase, SentDigest
from casefile.store.models import HistoryEntry, Incident, IncidentLink, SourceReport

MEMBER = "records/deleted.jsonl"
# What a peer's sent digest becomes once a record's deletion went to it: never sent again.
SENT = "deleted"
_CHUNK = 500


def deleted_here(connection: Connection, uuids: Iterable[str]) -> dict[str, str]:
    """Of these UUIDs, those whose deletion the history records, with their kind."""
    wanted = sorted(set(uuids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(HistoryEntry.record, HistoryEntry.table_name).where(
            HistoryEntry.action == "delete",
            HistoryEntry.table_name.in_(KINDS),
            HistoryEntry.record.in_(wanted[start : start + _CHUNK]),
        )
        found.update(connection.execute(query).all())
    return found


def absent(connection: Connection) -> set[str]:
    """UUIDs with a merge base that are in no table a bundle carries (deleted, or another
    case's copy of a record matched here by name)."""
    # Each base is looked up by UUID in the tables, the largest first (fastest found).
    order = ("citation", "incident", "source_report", "source", "attachment", "incident_link")
    missing = [~exists().where(MODELS[k].uuid == MergeBase.uuid) for k in order]
    return set(connection.execute(select(MergeBase.uuid).where(*missing)).scalars())


def present(connection: Connection, uuids: Iterable[str]) -> set[str]:
    """Of these UUIDs, those of records in a table a bundle carries."""
    wanted = sorted(set(uuids))
    found: set[str] = set()
    for kind in KINDS:
        column = MODELS[kind].uuid
        for start in range(0, len(wanted), _CHUNK):
            query = select(column).where(column.in_(wanted[start : start + _CHUNK]))
            found.update(connection.execute(query).scalars())
    return found


# --- sending -------------------------------------------------------------------------------


def outgoing(connection: Connection, peer: str | None, *, case: str, maximum: str) -> list[Unit]:
    """Tombstones for records deleted after an exchange, under a maximum marking; for a
    named peer, only those not sent to it before."""
    gone = absent(connection)
    if gone and peer is not None:
        query = (
            select(SentDigest.uuid)
            .join(ExchangePeer, ExchangePeer.id == SentDigest.peer_id)
            .where(ExchangePeer.name == peer, SentDigest.digest == SENT)
        )
        gone -= set(connection.execute(query).scalars())
    kinds = deleted_here(connection, gone) if gone else {}
    marked = _marked(connection, kinds)
    kinds = {u: k for u, k in kinds.items() if allowed(effective(marked.get(u), case), maximum)}
    last = bases(connection, kinds)
    return [{"uuid": u, "kind": kinds[u], "base": last[u]} for u in sorted(kinds)]


def _marked(connection: Connection, kinds: dict[str, str]) -> dict[str, str | None]:
    """The marking each deleted record last had, from its deletion in the history; a
    citation's or attachment's is its incident's when that is higher (a hash of a short
    record confirms a guess of it, so a tombstone is withheld as the record would be)."""
    marks: dict[str, str | None] = {}
    wanted = sorted(kinds)
    for start in range(0, len(wanted), _CHUNK):
        query = (
            select(
                HistoryEntry.record,
                func.json_extract(HistoryEntry.changes, "$.tlp[0]"),
                HistoryEntry.incident,
            )
            .where(HistoryEntry.action == "delete")
            .where(HistoryEntry.record.in_(wanted[start : start + _CHUNK]))
            .order_by(HistoryEntry.seq)
        )
        for uuid, tlp, incident in connection.execute(query):
            marks[uuid] = tlp
            if kinds[uuid] in ("citation", "attachment") and incident:
                marks[uuid] = _higher(tlp, _incident_marking(connection, incident))
    return marks


def _incident_marking(connection: Connection, uuid: str) -> str | None:
    """An incident's marking: as it is, or as it was when deleted."""
    row = connection.execute(select(Incident.tlp).where(Incident.uuid == uuid)).first()
    if row is not None:
        return row[0]
    query = select(func.json_extract(HistoryEntry.changes, "$.tlp[0]")).where(
        HistoryEntry.action == "delete",
        HistoryEntry.table_name == "incident",
        HistoryEntry.record == uuid,
    )
    return connection.execute(query.order_by(HistoryEntry.seq.desc())).scalar()


def _higher(one: str | None, other: str | None) -> str | None:
    """The stricter of two markings (None: the case's, which a record's own overrides)."""
    if one not in ORDER:
        return other if other in ORDER else None
    if other not in ORDER:
        return one
    return one if ORDER[one] >= ORDER[other] else other


# --- receiving -----------------------------------------------------------------------------


def parse(units: list[Unit]) -> list[Unit]:
    """Tombstones as read from a bundle, checked: a damaged one refuses the bundle."""
    for unit in units:
        kind = unit.get("kind")
        if (
            not isinstance(unit.get("uuid"), str)
            or not isinstance(unit.get("base"), str)
            or (kind is not None and kind not in KINDS)
        ):
            raise errors.CasefileError("The bundle's deleted records are damaged")
    return units


def restored(manifest: dict[str, Any]) -> set[str]:
    """The records a bundle's sender brought back after sending their deletion (an undo),
    from its manifest: they come back here too. A damaged list refuses the bundle."""
    listed = manifest.get("restored") or []
    if not isinstance(listed, list) or not all(isinstance(u, str) for u in listed):
        raise errors.CasefileError("The bundle's list of restored records is damaged")
    return set(listed)


def screen(
    connection: Connection,
    base: dict[str, str],
    units: dict[str, list[Unit]],
    undone: set[str] | None = None,
) -> tuple[dict[str, list[Unit]], MergeSummary]:
    """The units to merge, without those deleted here after an exchange and unchanged at
    the sender since, nor what points at a record deleted here that the bundle does not
    bring back; those edited there since, or whose deletion the sender `undone`, come back,
    with the parts deleted here with them. Returns the units and a summary counting both
    (`stayed_deleted`, `restored`)."""
    said = MergeSummary()
    if not base:  # nothing exchanged before: nothing deleted after an exchange
        return units, said
    incoming = {u for found in units.values() for unit in found if (u := _text(unit, "uuid"))}
    named = {
        r
        for kind, found in units.items()
        for unit in found
        for key, _, _ in REFS.get(kind, ())
        if (r := _text(unit, key))
    }
    candidates = (incoming | named) & absent(connection)
    gone = set(deleted_here(connection, candidates)) if candidates else set()
    if not gone:
        return units, said
    revived = _revived(base, units) | (undone or set())
    dropped: set[str] = set()
    back: set[str] = set()
    kept: dict[str, list[Unit]] = {}
    for kind in KINDS:
        kept[kind] = []
        for unit in units[kind]:
            uuid = _text(unit, "uuid") or ""
            above = {_text(unit, key) for key, _, _ in REFS.get(kind, ())}
            if above & (dropped | (gone - incoming)) or (
                uuid in gone
                and uuid not in revived
                and not above & back
                and digest(unit) == base[uuid]
            ):
                dropped.add(uuid)
                said.count(said.stayed_deleted, kind)
                continue
            if uuid in gone:
                back.add(uuid)
                said.count(said.restored, kind)
            kept[kind].append(unit)
    return kept, said


def _revived(base: dict[str, str], units: dict[str, list[Unit]]) -> set[str]:
    """Records that something new or edited at the sender points at (a citation added to an
    incident deleted here brings the incident back: nothing is lost)."""
    revived: set[str] = set()
    for kind in reversed(KINDS):
        for unit in units[kind]:
            uuid = _text(unit, "uuid")
            if uuid in revived or digest(unit) != base.get(uuid or ""):
                revived.update(_text(unit, key) or "" for key, _, _ in REFS.get(kind, ()))
    return revived


def _text(unit: Unit, key: str) -> str | None:
    """A unit's value if it is text (a unit from a bundle is checked only when merged)."""
    found = unit.get(key)
    return found if isinstance(found, str) else None


def apply(session: Session, tombstones: list[Unit], summary: MergeSummary) -> None:
    """Delete, as the app does, each record the sender deleted that is here as the sender
    last saw it (its tombstone's base), with what hangs off it, each part likewise; count
    those kept because edited here (or by a third case) since."""
    if not tombstones:
        return
    connection = session.connection()
    here = present(connection, (t["uuid"] for t in tombstones))
    # A record never exchanged (no merge base here) cannot have been deleted by a peer.
    here &= set(bases(connection, here))
    named = {t["uuid"]: t["base"] for t in tombstones if t["uuid"] in here}
    if not named:
        return
    local = _local(connection, set(named))
    below = _dependents(local)

    def unchanged(uuid: str) -> bool:
        # As the sender last saw it: not our own last exchange, which may have carried an
        # edit the sender never saw (to a third case); and a peer that knows only a UUID
        # cannot name the content, so cannot delete the record.
        return digest(local[uuid][1]) == named.get(uuid)

    doomed = {
        uuid
        for uuid in named
        if unchanged(uuid) and all(unchanged(d) for d in _all_below(uuid, below))
    }
    for kind in KINDS:  # a record kept keeps with it the parts the sender deleted with it
        for uuid in [u for u in named if local[u][0] == kind]:
            unit = local[uuid][1]
            above = {unit.get(key) for key, _, _ in REFS.get(kind, ())} & set(named)
            if uuid in doomed and above - doomed:
                doomed.discard(uuid)
            summary.count(summary.deleted if uuid in doomed else summary.kept, kind)
    for kind in reversed(KINDS):  # what points at a record before the record
        for uuid in sorted(u for u in doomed if local[u][0] == kind):
            _delete(session, kind, uuid)
    going = doomed.union(*(_all_below(u, below) for u in doomed))
    cited = {local[u][1]["incident"] for u in going if local[u][0] == "citation"}
    _recount(session, cited - going)


def _local(connection: Connection, named: set[str]) -> dict[str, tuple[str, Unit]]:
    """The units of these records and of all that would go with them, by UUID: read for
    them alone (every unit of a 10,000-incident case took 1.7 s of CPU here)."""
    ids: dict[str, set[int]] = {}

    def rows(kind: str, *where: tuple[Any, Iterable[Any]]) -> set[int]:
        model = MODELS[kind]
        found = _ids(connection, model, model.uuid, named)
        for column, among in where:  # what points at a record going
            found |= _ids(connection, model, column, among)
        return found

    ids["source"] = rows("source")
    ids["source_report"] = rows("source_report", (SourceReport.source_id, ids["source"]))
    ids["incident"] = rows("incident")
    for kind in ("citation", "attachment"):
        model = MODELS[kind]
        ids[kind] = rows(
            kind,
            (model.incident_id, ids["incident"]),
            (model.report_id, ids["source_report"]),
        )
    ids["incident_link"] = rows(
        "incident_link",
        (IncidentLink.from_id, ids["incident"]),
        (IncidentLink.to_id, ids["incident"]),
    )
    reader = Reader(connection)
    return {u["uuid"]: (kind, u) for kind in KINDS for u in reader.units(kind, ids=ids[kind])}


def _ids(connection: Connection, model: Any, column: Any, values: Iterable[Any]) -> set[int]:
    """The local keys of a table's rows whose `column` holds one of these values."""
    wanted = sorted(set(values))
    found: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        query = select(model.id).where(column.in_(wanted[start : start + _CHUNK]))
        found.update(connection.execute(query).scalars())
    return found


def _dependents(local: dict[str, tuple[str, Unit]]) -> dict[str, list[str]]:
    """For each record, the records pointing at it (deleted with it)."""
    below: dict[str, list[str]] = defaultdict(list)
    for uuid, (kind, unit) in local.items():
        for key, _, _ in REFS.get(kind, ()):
            if unit.get(key):
                below[unit[key]].append(uuid)
    return below


def _all_below(uuid: str, below: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    waiting = list(below.get(uuid, ()))
    while waiting:
        step = waiting.pop()
        if step not in found:
            found.add(step)
            waiting.extend(below.get(step, ()))
    return found


def _delete(session: Session, kind: str, uuid: str) -> None:
    """Delete one record as the app does, with what hangs off it, unless it went already
    with another (an incident's links too; a report's citations and attachments)."""
    model: Any = MODELS[kind]
    row = session.scalar(select(model).where(model.uuid == uuid))
    if row is None:
        return
    if kind == "incident":
        incidents.remove(session, uuid)
    else:
        session.delete(row)
    session.flush()


def _recount(session: Session, incident_uuids: set[str]) -> None:
    """Bring these incidents' cited-source counts in step after citations went, as the
    merge does."""
    log = MergeLog(session, session.connection())
    recount(log, Incident.uuid, incident_uuids)
    log.flush()
    session.expire_all()  # rows the ORM holds were written under it
