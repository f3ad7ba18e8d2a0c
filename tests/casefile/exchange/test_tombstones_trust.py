"""What a bundle's deletions may delete: only what the sender saw, as the sender saw it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import casefile
from casefile.exchange.snapshots import Reader, digest
from tests.casefile.exchange.test_tombstones import (
    DELETED,
    KEY,
    _cited,
    _exchange,
    _members,
    _read,
    _regrade_of_a_report_deleted_here,
    _rewrite,
    _uncited,
    _write,
)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[casefile.CaseFile]:
    """A third case, empty."""
    case = casefile.open(tmp_path / "team.casefile")
    yield case
    case.close()


def _tombstone(path: Path, line: dict[str, str]) -> None:
    """Put one crafted deletion in a bundle, its manifest rehashed (a peer's own bundle)."""
    data = json.dumps(line).encode()
    _rewrite(path, lambda members: members.update({DELETED: data}), rehash=True)


def test_an_edit_the_sender_never_saw_is_kept(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, team: casefile.CaseFile, tmp_path: Path
) -> None:
    """HQ edits an incident and sends it on to a team, not to the outpost; the outpost's
    deletion of the version it knew must not delete HQ's edit."""
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    hq.update_incident(iid, narrative="HQ has more on this.")
    _exchange(hq, team, tmp_path / "2.age", peer="team")
    outpost.delete_incident(iid)
    said = _exchange(outpost, hq, tmp_path / "3.age")
    assert hq.get_incident(iid).narrative == "HQ has more on this."
    assert said.summary.kept["incident"] == 1 and not said.summary.deleted.get("incident")
    assert hq.protect.verify() == []


def test_a_deletion_naming_a_version_the_sender_never_had_deletes_nothing(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """A peer that knows only a record's UUID cannot delete it: its tombstone must name the
    content the receiver holds."""
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    path = _write(outpost, tmp_path / "2.age").path
    _tombstone(path, {"uuid": iid, "kind": "incident", "base": "0" * 64})
    said = _read(hq, path)
    assert iid in hq.incident_ids() and not said.summary.deleted
    assert hq.protect.verify() == []


def test_a_record_never_exchanged_is_not_deleted_by_a_bundle(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """A record HQ made itself and never sent has no merge base: no peer can have deleted
    it, whatever a bundle says (even with the right content hash)."""
    _exchange(outpost, hq, tmp_path / "1.age")
    mine = str(hq.add_incident(title="HQ only", event_date=date(2020, 3, 5)).created)
    with hq._ops.read() as session:  # the content hash, as a peer would need to know it
        units = Reader(session.connection()).units("incident")
        unit = next(u for u in units if u["uuid"] == mine)
    path = _write(outpost, tmp_path / "2.age").path
    _tombstone(path, {"uuid": mine, "kind": "incident", "base": digest(unit)})
    said = _read(hq, path)
    assert mine in hq.incident_ids() and not said.summary.deleted
    assert hq.protect.verify() == []


def test_a_deletion_above_the_bundles_marking_stays_home(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """A TLP:RED incident exchanged with HQ and deleted: a TLP:GREEN bundle names neither
    its UUID nor its content hash (a hash of a short record confirms a guess of it)."""
    iid = outpost.incident_ids()[0]
    outpost.mark(iid, tlp="RED")
    _exchange(outpost, hq, tmp_path / "1.age")
    outpost.delete_incident(iid)
    green = outpost.bundles.write(tmp_path / "2.age", key=KEY, since_last="team", max_tlp="GREEN")
    assert iid.encode() not in _members(green.path)[DELETED]
    # HQ, sent a TLP:RED bundle, still hears of it; and "team" hears of it if its
    # maximum is raised later.
    assert iid.encode() in _members(_write(outpost, tmp_path / "3.age").path)[DELETED]
    raised = outpost.bundles.write(tmp_path / "4.age", key=KEY, since_last="team", max_tlp="RED")
    assert iid.encode() in _members(raised.path)[DELETED]


def test_a_citation_added_at_the_sender_brings_back_an_incident_deleted_here_incrementally(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """As with a full bundle: HQ's incremental bundle holds the new citation, and the
    incident it cites though unchanged at HQ, so the outpost takes both back."""
    _exchange(outpost, hq, tmp_path / "1.age")
    _exchange(hq, outpost, tmp_path / "2.age", peer="outpost")
    iid = outpost.incident_ids()[0]
    other = _uncited(hq, iid)
    outpost.delete_incident(iid)
    hq.sources.cite(incident_id=iid, report_id=other, credibility=3)
    said = _exchange(hq, outpost, tmp_path / "3.age", peer="outpost")
    assert iid in outpost.incident_ids() and said.summary.restored["incident"] == 1
    assert other in set(_cited(outpost, iid)) and not said.summary.stayed_deleted
    assert outpost.protect.verify() == []


def test_a_deletion_undone_after_its_bundle_went_out_is_undone_at_the_peer(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """The outpost deletes an incident, writes a bundle to HQ, then undoes the deletion:
    its next bundle brings the incident back at HQ, not 'deleted here, not added back'."""
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    outpost.delete_incident(iid)
    _exchange(outpost, hq, tmp_path / "2.age")
    assert iid not in hq.incident_ids()
    outpost.undo()
    assert iid in outpost.incident_ids()
    said = _exchange(outpost, hq, tmp_path / "3.age")
    assert iid in hq.incident_ids() and said.summary.restored["incident"] == 1
    assert not said.summary.stayed_deleted
    assert _cited(hq, iid) == _cited(outpost, iid)
    assert hq.protect.verify() == [] and outpost.protect.verify() == []


def test_deletions_travel_between_encrypted_cases(tmp_path: Path) -> None:
    """The same exchange of a deletion, both case files encrypted (SQLCipher's build runs
    the history's JSON look-ups too)."""
    with (
        casefile.open(tmp_path / "a.casefile", passphrase="correct horse") as outpost,
        casefile.open(tmp_path / "b.casefile", passphrase="battery staple") as hq,
    ):
        outpost.load_demo()
        _exchange(outpost, hq, tmp_path / "1.age")
        iid = outpost.incident_ids()[0]
        outpost.delete_incident(iid)
        written = outpost.bundles.write(tmp_path / "2.age", key=KEY, since_last="HQ", max_tlp="RED")
        assert written.deleted >= 1
        said = _read(hq, written.path)
        assert said.summary.deleted["incident"] == 1 and iid not in hq.incident_ids()
        assert hq.protect.verify() == [] and outpost.protect.verify() == []


def test_a_regrade_the_sender_left_out_is_kept_where_it_was_made(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """HQ regrades a citation of a report the outpost deleted; the outpost leaves it out
    (its report stays deleted there: an older Casefile's bundle held the citation alone),
    and its deletion of the report must not then delete HQ's regrade at HQ, which HQ's own
    bundle had made look 'exchanged'."""
    iid, report, _ = _regrade_of_a_report_deleted_here(outpost, hq, tmp_path, older=True)
    said = _exchange(outpost, hq, tmp_path / "4.age")
    grades = {str(c.report.id): c.credibility for c in hq.sources.cited_by(iid)}
    assert grades[report] == 6 and said.summary.kept["source_report"] == 1
    assert hq.protect.verify() == []
