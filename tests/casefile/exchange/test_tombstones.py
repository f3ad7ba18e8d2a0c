"""Deletions exchanged in bundles: taken when unchanged, kept when edited, never resurrected."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casefile
from casefile import errors
from casefile.exchange.bundle import BundleRead, BundleWritten, Key
from casefile.exchange.snapshots import KINDS

IDENTITY = pyrage.x25519.Identity.generate()
KEY = Key(recipient=str(IDENTITY.to_public()))
DELETED = "records/deleted.jsonl"


def _write(sender: casefile.CaseFile, path: Path, peer: str | None = "HQ") -> BundleWritten:
    return sender.bundles.write(path, key=KEY, since_last=peer, max_tlp="RED")


def _read(receiver: casefile.CaseFile, path: Path) -> BundleRead:
    identity = path.parent / "hq.key"
    identity.write_text(f"{IDENTITY}\n")
    return receiver.bundles.read(path, identity=identity)


def _exchange(
    sender: casefile.CaseFile, receiver: casefile.CaseFile, path: Path, peer: str | None = "HQ"
) -> BundleRead:
    _write(sender, path, peer)
    return _read(receiver, path)


def _count(case: casefile.CaseFile, table: str) -> int:
    with sqlite3.connect(f"file:{case.path}?mode=ro", uri=True) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _parts(case: casefile.CaseFile, iid: str) -> dict[str, int]:
    """How many rows of each table hang off an incident."""
    with sqlite3.connect(f"file:{case.path}?mode=ro", uri=True) as db:
        return {
            table: db.execute(
                f"SELECT count(*) FROM {table} JOIN incident i ON i.id = {table}.{column}"
                " WHERE i.uuid = ?",
                (iid,),
            ).fetchone()[0]
            for table, column in (
                ("incident_actor", "incident_id"),
                ("casualty", "incident_id"),
                ("incident_tag", "incident_id"),
                ("citation", "incident_id"),
                ("incident_link", "from_id"),
            )
        }


def _cited(case: casefile.CaseFile, iid: str) -> list[str]:
    """The reports an incident cites."""
    return [str(c.report.id) for c in case.sources.cited_by(iid)]


def _uncited(case: casefile.CaseFile, iid: str) -> str:
    """A report the incident does not cite."""
    cited = set(_cited(case, iid))
    return next(
        str(r.id)
        for s in case.sources.all()
        for r in case.sources.reports(str(s.id))
        if r.id not in cited
    )


def _members(path: Path) -> dict[str, bytes]:
    plain = pyrage.decrypt(path.read_bytes(), [IDENTITY])
    archive = zipfile.ZipFile(io.BytesIO(plain))
    return {name: archive.read(name) for name in archive.namelist()}


def _rewrite(path: Path, change: Callable[[dict[str, bytes]], None], *, rehash: bool) -> None:
    """Change a bundle's members; with `rehash`, its manifest follows (a well-formed bundle)."""
    members = _members(path)
    change(members)
    manifest = json.loads(members.pop("manifest.json"))
    if rehash:
        manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(pyrage.encrypt(out.getvalue(), [IDENTITY.to_public()]))


def test_an_incident_deleted_at_the_sender_is_deleted_with_its_parts(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    title = hq.get_incident(iid).title
    parts = _parts(hq, iid)
    assert parts["citation"] and parts["incident_actor"]
    assert iid in {h.incident_id for h in hq.search("infiltrations")}
    citations = _count(hq, "citation")
    outpost.delete_incident(iid)
    written = _write(outpost, tmp_path / "2.age")
    assert written.deleted == 1 + parts["citation"] + 2  # the incident, its citations, its links
    assert f"{written.deleted} deletions" in str(written)
    said = _read(hq, tmp_path / "2.age")
    assert said.summary.deleted["incident"] == 1
    assert said.summary.deleted["citation"] == parts["citation"]
    assert f"{written.deleted} deleted" in str(said)
    assert iid not in hq.incident_ids() and hq.count_incidents() == 3
    assert _parts(hq, iid) == dict.fromkeys(parts, 0)
    assert _count(hq, "citation") == citations - parts["citation"]
    assert iid not in {h.incident_id for h in hq.search("infiltrations")}
    assert all(h.title != title for h in hq.search(title.split()[0]))
    assert hq.protect.verify() == [] and outpost.protect.verify() == []
    with sqlite3.connect(f"file:{hq.path}?mode=ro", uri=True) as db:
        logged = db.execute(
            "SELECT count(*) FROM history WHERE action = 'delete' AND record = ?", (iid,)
        )
        assert logged.fetchone()[0] == 1


def test_an_incident_edited_here_since_is_kept_with_its_parts_and_said_so(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    hq.update_incident(iid, narrative="HQ has more on this.")
    parts = _parts(hq, iid)
    outpost.delete_incident(iid)
    said = _read(hq, _write(outpost, tmp_path / "2.age").path)
    assert hq.get_incident(iid).narrative == "HQ has more on this."
    assert _parts(hq, iid) == parts  # its citations and links stay with it
    assert said.summary.kept["incident"] == 1 and not said.summary.deleted
    assert "1 incident" in str(said) and "deleted at the sender" in str(said)
    assert "deleted at the sender were kept: edited here since" in str(said)
    assert hq.protect.verify() == []


def test_a_citation_added_here_since_keeps_the_incident(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    other = _uncited(hq, iid)
    hq.sources.cite(incident_id=iid, report_id=other, credibility=2)
    outpost.delete_incident(iid)
    said = _read(hq, _write(outpost, tmp_path / "2.age").path)
    assert iid in hq.incident_ids() and said.summary.kept["incident"] == 1
    assert other in set(_cited(hq, iid))


def test_a_full_bundle_back_does_not_bring_a_deleted_record_back(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    outpost.delete_incident(iid)
    # HQ has not heard of the deletion yet, and sends everything it holds.
    said = _exchange(hq, outpost, tmp_path / "2.age", peer=None)
    assert iid not in outpost.incident_ids()
    assert said.summary.stayed_deleted["incident"] == 1
    assert not said.summary.added and said.summary.stayed_deleted["citation"] >= 1
    assert "1 incident, 2 citations and 2 links deleted here were not added back" in str(said)
    # Once HQ has the deletion, neither side brings it back.
    _exchange(outpost, hq, tmp_path / "3.age")
    _exchange(hq, outpost, tmp_path / "4.age", peer=None)
    assert iid not in outpost.incident_ids() and iid not in hq.incident_ids()
    assert outpost.protect.verify() == [] and hq.protect.verify() == []


def test_a_record_edited_at_the_sender_after_our_deletion_comes_back(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    citations = len(outpost.sources.cited_by(iid))
    outpost.delete_incident(iid)
    hq.update_incident(iid, narrative="HQ kept working on it.")
    said = _exchange(hq, outpost, tmp_path / "2.age", peer=None)
    assert outpost.get_incident(iid).narrative == "HQ kept working on it."
    assert said.summary.restored == {"incident": 1, "citation": 2, "incident_link": 2}
    assert "2 links deleted here were added back: edited at the sender since" in str(said)
    # Its citations come back with it, unchanged there: they were deleted here with it.
    assert len(outpost.sources.cited_by(iid)) == citations
    assert outpost.protect.verify() == []


def test_a_citation_added_at_the_sender_brings_back_an_incident_deleted_here(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    other = _uncited(hq, iid)
    outpost.delete_incident(iid)
    hq.sources.cite(incident_id=iid, report_id=other, credibility=3)
    said = _exchange(hq, outpost, tmp_path / "2.age", peer=None)
    assert iid in outpost.incident_ids() and said.summary.restored["incident"] == 1
    assert other in set(_cited(outpost, iid))


def test_an_uncited_report_and_a_removed_link_travel(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    report = _cited(outpost, iid)[0]
    _, other, _ = outpost.links.of(iid)[0]
    outpost.sources.uncite(incident_id=iid, report_id=report)
    outpost.links.remove(iid, other)
    said = _exchange(outpost, hq, tmp_path / "2.age")
    assert said.summary.deleted == {"citation": 1, "incident_link": 1}
    assert report not in set(_cited(hq, iid))
    assert other not in {o for _, o, _ in hq.links.of(iid)}
    assert hq.get_incident(iid).title == outpost.get_incident(iid).title
    assert hq.protect.verify() == []


def test_a_deletion_goes_once_to_a_peer_and_in_every_full_bundle(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    report = _cited(outpost, iid)[0]
    outpost.sources.uncite(incident_id=iid, report_id=report)
    assert _write(outpost, tmp_path / "2.age").deleted == 1
    assert _write(outpost, tmp_path / "3.age").deleted == 0  # HQ was sent it already
    assert _write(outpost, tmp_path / "4.age", peer="Team B").deleted == 1
    assert _write(outpost, tmp_path / "5.age", peer=None).deleted == 1
    assert _write(outpost, tmp_path / "6.age", peer=None).deleted == 1
    lines = _members(tmp_path / "2.age")[DELETED].decode().splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["citation"]
    assert json.loads(_members(tmp_path / "2.age")["manifest.json"])["counts"]["deleted"] == 1


def test_the_same_bundle_of_deletions_twice_changes_nothing(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    outpost.delete_incident(outpost.incident_ids()[0])
    first = _exchange(outpost, hq, tmp_path / "2.age")
    assert first.summary.deleted
    before = hq.path.read_bytes()
    again = _read(hq, tmp_path / "2.age")
    assert again.again and hq.path.read_bytes() == before


def test_a_deletion_of_a_record_never_here_is_ignored(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    path = _write(outpost, tmp_path / "2.age").path
    stranger = {"uuid": "00000000-0000-4000-8000-000000000000", "kind": "incident", "base": "0"}

    def add(members: dict[str, bytes]) -> None:
        members[DELETED] = json.dumps(stranger).encode()

    _rewrite(path, add, rehash=True)
    said = _read(hq, path)
    assert not said.summary.deleted and not said.summary.kept
    assert hq.count_incidents() == 4 and hq.protect.verify() == []


def test_a_tampered_list_of_deletions_refuses_the_bundle_whole(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    outpost.delete_incident(iid)
    path = _write(outpost, tmp_path / "2.age").path

    def drop_one(members: dict[str, bytes]) -> None:
        members[DELETED] = b"\n".join(members[DELETED].splitlines()[1:])

    _rewrite(path, drop_one, rehash=False)
    before = hq.path.read_bytes()
    with pytest.raises(errors.CasefileError, match="hash check"):
        _read(hq, path)
    assert hq.path.read_bytes() == before and iid in hq.incident_ids()


@pytest.mark.parametrize(
    "line", [b"[1]", b'{"kind": "incident", "base": "0"}', b'{"uuid": "x", "kind": "actor"}']
)
def test_a_damaged_deletion_refuses_the_bundle(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path, line: bytes
) -> None:
    path = _write(outpost, tmp_path / "1.age").path
    _rewrite(path, lambda members: members.update({DELETED: line}), rehash=True)
    with pytest.raises(errors.CasefileError, match="damaged"):
        _read(hq, path)
    assert hq.count_incidents() == 0


def test_a_bundle_written_before_deletions_travelled_still_imports(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    path = _write(outpost, tmp_path / "1.age").path

    def old(members: dict[str, bytes]) -> None:
        del members[DELETED]

    _rewrite(path, old, rehash=True)
    said = _read(hq, path)
    assert hq.count_incidents() == 4 and sum(said.summary.added.values()) == 29


def test_a_record_matched_by_name_is_not_taken_for_a_deleted_one(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """Both sides added a source of the same name: each keeps a merge base for the other's
    copy, which is absent here but was never deleted, so no bundle says it was."""
    name = outpost.sources.all()[0].name
    hq.sources.add(name=name)
    _exchange(outpost, hq, tmp_path / "1.age")
    _exchange(hq, outpost, tmp_path / "2.age", peer="outpost")
    assert _write(outpost, tmp_path / "3.age", peer=None).deleted == 0
    said = _exchange(hq, outpost, tmp_path / "4.age", peer=None)
    assert not said.summary.deleted and not said.summary.stayed_deleted
    assert name in {s.name for s in hq.sources.all()}


def test_the_bundle_commands_say_what_was_deleted(
    outpost: casefile.CaseFile,
    hq: casefile.CaseFile,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from casefile.cli import main

    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    report = _cited(outpost, iid)[0]
    outpost.sources.uncite(incident_id=iid, report_id=report)
    outpost.close()
    hq.close()
    (tmp_path / "hq.pub").write_text(f"{IDENTITY.to_public()}\n")
    path = tmp_path / "2.age"
    out = ["bundle", "export", str(outpost.path), "-o", str(path), "--since-last", "HQ"]
    assert main([*out, "--recipient", str(tmp_path / "hq.pub")]) == 0
    assert "1 deletion;" in capsys.readouterr().out
    (tmp_path / "hq.key").write_text(f"{IDENTITY}\n")
    into = ["bundle", "import", str(hq.path), str(path), "--identity", str(tmp_path / "hq.key")]
    assert main(into) == 0
    assert "1 deleted" in capsys.readouterr().out


_JUNK = st.none() | st.integers() | st.text(max_size=40) | st.lists(st.integers(), max_size=2)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_list_of_deletions_is_taken_or_refused_whole(
    outpost: casefile.CaseFile,
    hq: casefile.CaseFile,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    """Whatever a bundle says was deleted, the import is refused in words or leaves a case
    that verifies; records are only ever deleted from the bundle's own list."""
    folder = tmp_path_factory.mktemp("tombs")
    if not hq.incident_ids():
        _exchange(outpost, hq, folder / "1.age")
    with sqlite3.connect(f"file:{hq.path}?mode=ro", uri=True) as db:
        bases = db.execute("SELECT uuid, digest FROM merge_base ORDER BY uuid").fetchall()
    known = st.sampled_from(bases)
    tombstone = st.fixed_dictionaries(
        {
            "uuid": known.map(lambda b: b[0]) | st.uuids().map(str),
            "kind": st.sampled_from(KINDS) | st.none(),
            "base": known.map(lambda b: b[1]) | st.text(max_size=8),
        }
    )
    junk = st.dictionaries(st.sampled_from(["uuid", "kind", "base", "x"]), _JUNK, max_size=3)
    tombs = data.draw(st.lists(tombstone, max_size=8))
    if data.draw(st.integers(0, 3)) == 0:  # now and then, one that is not well formed
        tombs.append(data.draw(junk | tombstone.map(lambda t: {**t, "kind": "actor"})))
    path = _write(outpost, folder / "2.age", peer=None).path
    _rewrite(
        path,
        lambda members: members.update({DELETED: "\n".join(map(json.dumps, tombs)).encode()}),
        rehash=True,
    )
    before = set(hq.incident_ids())
    try:
        said = _read(hq, path)
    except errors.CasefileError:
        assert set(hq.incident_ids()) == before
    else:
        named = {t.get("uuid") for t in tombs if isinstance(t.get("uuid"), str)}
        assert before - set(hq.incident_ids()) <= named
        assert sum(said.summary.deleted.values()) <= len(named)
    assert hq.protect.verify() == []


def test_a_count_brought_in_step_is_no_edit(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """A citation deleted at HQ recounts the incident's sources; that is not an edit made
    at HQ, so the incident's own deletion, in a later bundle, is taken."""
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    outpost.sources.uncite(incident_id=iid, report_id=_cited(outpost, iid)[0])
    _exchange(outpost, hq, tmp_path / "2.age")
    assert _cited(hq, iid) == _cited(outpost, iid)
    assert hq.protect.verify() == []
    outpost.delete_incident(iid)
    said = _exchange(outpost, hq, tmp_path / "3.age")
    assert said.summary.deleted["incident"] == 1 and not said.summary.kept
    assert hq.protect.verify() == []


def test_an_edit_at_the_sender_to_a_part_of_a_record_deleted_here_brings_it_back(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """HQ regrades a citation of a report the outpost deleted; HQ's bundle holds the
    citation with the report it cites: nothing is lost, the report comes back with it."""
    iid, report, said = _regrade_of_a_report_deleted_here(outpost, hq, tmp_path)
    assert said.summary.restored == {"source_report": 1, "citation": 1}
    assert {str(c.report.id): c.credibility for c in outpost.sources.cited_by(iid)}[report] == 6
    assert "1 source report and 1 citation deleted here were added back" in str(said)
    assert outpost.protect.verify() == []


def test_a_part_that_comes_without_the_record_deleted_here_is_left_out(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """The same from an older Casefile, whose bundle held the citation alone: it is left
    out, not the bundle refused."""
    iid, report, said = _regrade_of_a_report_deleted_here(outpost, hq, tmp_path, older=True)
    assert said.summary.stayed_deleted == {"citation": 1}
    assert report not in _cited(outpost, iid) and outpost.protect.verify() == []
    assert "1 citation deleted here was not added back" in str(said)


def _regrade_of_a_report_deleted_here(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path, *, older: bool = False
) -> tuple[str, str, BundleRead]:
    """Exchanged both ways; the outpost deletes a cited report, HQ regrades that citation
    and sends its bundle: the citation with what it points at and what the outpost read.
    `older`: the bundle holds the citation alone, as Casefile sent it before 2026-12."""
    _exchange(outpost, hq, tmp_path / "1.age")
    _exchange(hq, outpost, tmp_path / "2.age", peer="outpost")
    iid = outpost.incident_ids()[0]
    report = _cited(outpost, iid)[0]
    outpost.sources.delete_report(report)
    hq.sources.cite(incident_id=iid, report_id=report, credibility=6)
    path = tmp_path / "3.age"
    _write(hq, path, peer="outpost")
    if older:

        def citations_only(members: dict[str, bytes]) -> None:
            for kind in KINDS:
                if kind != "citation":
                    members[f"records/{kind}.jsonl"] = b""

        _rewrite(path, citations_only, rehash=True)
    return iid, report, _read(outpost, path)
