"""Exchange bundles: both ways between two case files, conflicts, refusals, handling marks."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pyrage
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import casefile
from casefile import errors
from casefile.exchange import bundle
from casefile.exchange.bundle import Key
from casefile.exchange.snapshots import KINDS
from casefile.store.changes import Changes
from casefile.store.models import Base

# A key pair, not a passphrase, in most tests: age stretches passphrases on purpose (scrypt).
IDENTITY = pyrage.x25519.Identity.generate()
PASS = Key(recipient=str(IDENTITY.to_public()))


@pytest.fixture
def identity_file(tmp_path: Path) -> Path:
    """HQ's age identity, in a file as `age-keygen` writes it."""
    path = tmp_path / "hq.key"
    path.write_text(f"# created: 2026-12-06\n# public key: {IDENTITY.to_public()}\n{IDENTITY}\n")
    return path


def _exchange(
    sender: casefile.CaseFile, receiver: casefile.CaseFile, path: Path, peer: str = "HQ"
) -> str:
    sender.bundles.write(path, key=PASS, since_last=peer, max_tlp="RED")
    return str(receiver.bundles.read(path, identity=_identity(path.parent)))


def _identity(folder: Path) -> Path:
    path = folder / "hq.key"
    path.write_text(f"{IDENTITY}\n")
    return path


def test_a_bundle_carries_every_record_and_searches_at_the_other_end(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    said = _exchange(outpost, hq, tmp_path / "b.age")
    assert "0 conflicts" in said
    assert hq.count_incidents() == outpost.count_incidents() == 4
    assert {s.name for s in hq.sources.all()} == {s.name for s in outpost.sources.all()}
    iid = outpost.incident_ids()[0]
    assert hq.get_incident(iid).title == outpost.get_incident(iid).title
    assert len(hq.sources.cited_by(iid)) == len(outpost.sources.cited_by(iid))
    assert hq.search("drone")[0].incident_id in set(outpost.incident_ids())
    assert hq.protect.verify() == []


def test_the_same_bundle_twice_changes_nothing(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    path = tmp_path / "b.age"
    _exchange(outpost, hq, path)
    before = (hq.count_incidents(), hq.get_incident(hq.incident_ids()[0]))
    again = hq.bundles.read(path, identity=_identity(tmp_path))
    assert again.again and "nothing changed" in str(again)
    assert (hq.count_incidents(), hq.get_incident(hq.incident_ids()[0])) == before


def test_an_edit_on_one_side_is_taken_and_only_changes_travel(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = outpost.incident_ids()[0]
    outpost.update_incident(iid, narrative="New details from the outpost.")
    written = outpost.bundles.write(tmp_path / "2.age", key=PASS, since_last="HQ")
    assert written.counts["incident"] == 1 and written.counts["source"] == 0
    said = hq.bundles.read(tmp_path / "2.age", identity=_identity(tmp_path))
    assert said.summary.changed == {"incident": 1}
    assert hq.get_incident(iid).narrative == "New details from the outpost."
    assert hq.bundles.conflicts() == []


def test_a_regraded_citation_travels_with_what_it_cites(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    # Headquarters' second analyst never received the first bundle: the second must still
    # merge, so an edited citation goes with its incident, its report and their source.
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = next(i for i in outpost.incident_ids() if outpost.sources.cited_by(i))
    cited = outpost.sources.cited_by(iid)[0]
    regrade = 1 if cited.credibility != 1 else 2
    outpost.sources.cite(incident_id=iid, report_id=cited.report.id, credibility=regrade)
    written = outpost.bundles.write(tmp_path / "2.age", key=PASS, since_last="HQ")
    counts = {kind: n for kind, n in written.counts.items() if n}
    assert counts == {"source": 1, "source_report": 1, "incident": 1, "citation": 1}
    said = hq.bundles.read(tmp_path / "2.age", identity=_identity(tmp_path))
    assert said.summary.changed == {"citation": 1}
    with casefile.open(tmp_path / "second.casefile") as second:
        second.bundles.read(tmp_path / "2.age", identity=_identity(tmp_path))
        assert second.incident_ids() == [iid]
        assert [c.credibility for c in second.sources.cited_by(iid)] == [regrade]
        assert second.protect.verify() == []


def test_an_unchanged_record_sent_with_an_edit_does_not_undo_an_edit_crossing_it(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    # HQ edits an incident and sends it; before that bundle arrives, the outpost regrades
    # one of its citations and sends that, with the incident as it was: HQ's edit stays.
    _exchange(outpost, hq, tmp_path / "1.age")
    iid = next(i for i in outpost.incident_ids() if outpost.sources.cited_by(i))
    hq.update_incident(iid, narrative="Edited at headquarters.")
    hq.bundles.write(tmp_path / "2.age", key=PASS, since_last="outpost", max_tlp="RED")
    cited = outpost.sources.cited_by(iid)[0]
    regrade = 1 if cited.credibility != 1 else 2
    outpost.sources.cite(incident_id=iid, report_id=cited.report.id, credibility=regrade)
    said = _exchange(outpost, hq, tmp_path / "3.age")
    assert hq.get_incident(iid).narrative == "Edited at headquarters.", said
    assert {c.report.id: c.credibility for c in hq.sources.cited_by(iid)}[
        cited.report.id
    ] == regrade
    outpost.bundles.read(tmp_path / "2.age", identity=_identity(tmp_path))
    assert outpost.get_incident(iid).narrative == "Edited at headquarters."


def test_a_narrative_with_a_line_separator_travels(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """Pasted text may hold U+2028 or NEL; a bundle holds them as they are, inside a line."""
    iid = outpost.incident_ids()[0]
    outpost.update_incident(iid, narrative="First paragraph.\u2028Second.\x85Third.")
    _exchange(outpost, hq, tmp_path / "b.age")
    assert hq.get_incident(iid).narrative == "First paragraph.\u2028Second.\x85Third."


def test_a_bundle_citing_what_neither_case_holds_is_refused_whole(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    outpost.bundles.write(tmp_path / "full.age", key=PASS, max_tlp="RED")
    opened = pyrage.decrypt((tmp_path / "full.age").read_bytes(), [IDENTITY])
    with zipfile.ZipFile(io.BytesIO(opened)) as archive:
        manifest = json.loads(archive.read(bundle.MANIFEST))
        lines = {k: archive.read(f"records/{k}.jsonl").decode().splitlines() for k in KINDS}
    lines["incident"] = []  # its citations stay, pointing at nothing
    header = {
        k: v for k, v in manifest.items() if k not in ("format", "version", "counts", "files")
    }
    (tmp_path / "holed.age").write_bytes(bundle.lock(bundle.pack(lines, {}, header=header), PASS))
    with pytest.raises(errors.CasefileError, match=r"an incident it does not hold.*earlier"):
        hq.bundles.read(tmp_path / "holed.age", identity=_identity(tmp_path))
    assert (hq.count_incidents(), hq.sources.all()) == (0, [])


def test_both_sides_edited_is_a_conflict_resolved_either_way_or_merged(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    _exchange(outpost, hq, tmp_path / "1.age")
    first, second = outpost.incident_ids()[:2]
    for iid in (first, second):
        outpost.update_incident(iid, title="Outpost title", narrative="Outpost narrative")
        hq.update_incident(iid, title="HQ title", narrative="HQ narrative")
    _exchange(hq, outpost, tmp_path / "2.age", peer="outpost")
    conflicts = sorted(
        outpost.bundles.conflicts(), key=lambda c: [first, second].index(c.record_id)
    )
    assert [c.record_id for c in conflicts] == [first, second]
    assert conflicts[0].fields == ["narrative", "title"]
    assert outpost.get_incident(first).title == "Outpost title"  # ours stays until resolved
    outpost.bundles.resolve(conflicts[0].id, take="theirs")
    outpost.bundles.resolve(conflicts[1].id, take={"title": "theirs", "narrative": "ours"})
    assert outpost.get_incident(first).title == "HQ title"
    assert outpost.get_incident(second).title == "HQ title"
    assert outpost.get_incident(second).narrative == "Outpost narrative"
    assert outpost.bundles.conflicts() == []
    # The merged version goes back to HQ and is taken there: both sides agree again.
    _exchange(outpost, hq, tmp_path / "3.age")
    assert hq.get_incident(second).narrative == "Outpost narrative"
    assert hq.bundles.conflicts() == []


def _tamper(path: Path, change: str) -> None:
    plain = pyrage.decrypt(path.read_bytes(), [IDENTITY])
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "records/incident.jsonl" and change == "hash":
                data = data.replace(b"drone", b"DRONE")
            if name == "records/incident.jsonl" and change == "extra":
                target.writestr("records/extra.jsonl", b"{}")
            target.writestr(name, data)
    path.write_bytes(pyrage.encrypt(out.getvalue(), [IDENTITY.to_public()]))


@pytest.mark.parametrize("damage", ["cut", "hash", "extra", "junk", "empty"])
def test_a_damaged_bundle_is_refused_whole(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "b.age"
    outpost.bundles.write(path, key=PASS)
    if damage == "cut":
        path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    elif damage in ("hash", "extra"):
        _tamper(path, damage)
    elif damage == "junk":
        path.write_bytes(b"\x00junk" * 100)
    else:
        path.write_bytes(b"")
    before = hq.path.read_bytes()
    with pytest.raises(errors.CasefileError):
        hq.bundles.read(path, identity=_identity(tmp_path))
    assert hq.count_incidents() == 0 and hq.bundles.received() == []
    assert hq.path.read_bytes() == before


def test_a_bundle_for_a_public_key_opens_only_with_its_identity(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path, identity_file: Path
) -> None:
    (tmp_path / "other.key").write_text(f"{pyrage.x25519.Identity.generate()}\n")
    path = tmp_path / "b.age"
    outpost.bundles.write(path, key=PASS)
    with pytest.raises(errors.CasefileError, match="wrong key"):
        hq.bundles.read(path, identity=tmp_path / "other.key")
    with pytest.raises(errors.CasefileError, match="wrong key"):
        hq.bundles.read(path, passphrase="correct horse")
    assert hq.count_incidents() == 0
    hq.bundles.read(path, identity=identity_file)
    assert hq.count_incidents() == 4


def test_a_passphrase_bundle_opens_with_the_passphrase_only(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    path = tmp_path / "b.age"
    outpost.bundles.write(path, key=Key(passphrase="correct horse"))
    with pytest.raises(errors.CasefileError, match="wrong key or passphrase"):
        hq.bundles.read(path, passphrase="wrong horse")
    hq.bundles.read(path, passphrase="correct horse")
    assert hq.count_incidents() == 4


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_standard_age_tool_opens_a_bundle(
    outpost: casefile.CaseFile, tmp_path: Path, identity_file: Path
) -> None:
    outpost.bundles.write(tmp_path / "b.age", key=PASS)
    done = subprocess.run(
        ["age", "-d", "-i", str(identity_file), str(tmp_path / "b.age")],
        capture_output=True,
        check=True,
    )
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(done.stdout)).read("manifest.json"))
    assert manifest["format"] == "casefile-bundle" and manifest["counts"]["incident"] == 4


def test_nothing_of_a_red_report_reaches_a_green_bundle(
    hq: casefile.CaseFile, tmp_path: Path
) -> None:
    case = casefile.open(tmp_path / "marks.casefile")
    source = case.sources.add(name="Informant K-7", kind="local", reliability="C").created or ""
    red = case.sources.add_report(
        source_id=source, title="Names the cell leader Qudratullah", tlp="TLP:RED"
    ).created
    green = case.add_incident(title="Shots at the ferry", event_date=date(2025, 12, 1))
    iid = green.created or ""
    case.mark(iid, tlp="GREEN")
    case.sources.cite(incident_id=iid, report_id=red or "", credibility=3)
    written = case.bundles.write(tmp_path / "g.age", key=PASS, max_tlp="GREEN")
    assert written.withheld.counts == {"source reports": 1, "citations": 1}
    assert "withheld" in str(written)
    plain = pyrage.decrypt((tmp_path / "g.age").read_bytes(), [IDENTITY])
    archive = zipfile.ZipFile(io.BytesIO(plain))
    everything = b"".join(archive.read(n) for n in archive.namelist())
    for secret in (b"Qudratullah", b"K-7", (red or "").encode()):
        assert secret not in everything
    hq.bundles.read(tmp_path / "g.age", identity=_identity(tmp_path))
    assert hq.get_incident(iid).title == "Shots at the ferry"
    assert hq.sources.cited_by(iid) == []
    for fmt in ("csv", "json", "geojson"):
        out = tmp_path / f"green.{fmt}"
        done = case.export(out, format=fmt, max_tlp="GREEN")
        assert done.written == 1 and done.withheld.counts == {"source reports": 1}
        assert "left out, marked above TLP:GREEN: 1 source report" in str(done)
        for secret in (b"Qudratullah", b"K-7", (red or "").encode()):
            assert secret not in out.read_bytes(), fmt
    case.close()


def test_a_marking_must_be_known(cf: casefile.CaseFile) -> None:
    iid = cf.add_incident(title="A", event_date=date(2025, 1, 1)).created or ""
    with pytest.raises(errors.Invalid):
        cf.mark(iid, tlp="PURPLE")
    with pytest.raises(errors.NotFound):
        cf.mark("no-such-id", tlp="RED")


def test_a_bundle_is_never_written_over_the_case_file(outpost: casefile.CaseFile) -> None:
    before = outpost.path.read_bytes()
    with pytest.raises(errors.CasefileError, match="not the case file"):
        outpost.bundles.write(outpost.path, key=PASS)
    assert outpost.path.read_bytes() == before


def test_the_bundle_commands_round_trip_and_refuse_in_one_line(
    tmp_path: Path,
    identity_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casefile.cli import main

    outpost, hq, path = tmp_path / "o.casefile", tmp_path / "h.casefile", tmp_path / "b.age"
    assert main(["demo", str(outpost)]) == 0
    (tmp_path / "hq.pub").write_text(f"{IDENTITY.to_public()}\n")
    args = [
        "bundle",
        "export",
        str(outpost),
        "-o",
        str(path),
        "--recipient",
        str(tmp_path / "hq.pub"),
    ]
    assert main([*args, "--since-last", "HQ", "--max-tlp", "green"]) == 0
    said = capsys.readouterr().out  # the demo case is marked AMBER: nothing goes out as GREEN
    assert "no records; withheld above the marking: 10 citations, 4 incidents" in said
    assert main([*args, "--max-tlp", "purple"]) == 1
    assert "Unknown marking 'purple'" in capsys.readouterr().err
    assert main([*args]) == 0
    casefile.open(hq).close()
    assert main(["bundle", "import", str(hq), str(path)]) == 1
    assert "--identity FILE or --passphrase-env VAR" in capsys.readouterr().err
    assert main(["bundle", "import", str(hq), str(path), "--identity", str(identity_file)]) == 0
    assert "added" in capsys.readouterr().out
    monkeypatch.setenv("CF_PASS", "")
    assert main(["bundle", "import", str(hq), str(path), "--passphrase-env", "CF_PASS"]) == 1
    assert "holds no passphrase" in capsys.readouterr().err
    assert main(["bundle", "conflicts", str(hq)]) == 0
    assert "No conflicts" in capsys.readouterr().out


def test_an_incident_and_a_report_keep_their_own_marking(cf: casefile.CaseFile) -> None:
    iid = cf.add_incident(title="A", event_date=date(2025, 1, 1), tlp="TLP:RED").created or ""
    assert cf.get_incident(iid).tlp == "TLP:RED"
    cf.mark(iid, tlp=None)
    assert cf.get_incident(iid).tlp is None
    source = cf.sources.add(name="Embassy").created or ""
    report = cf.sources.add_report(source_id=source, title="Advisory", tlp="TLP:GREEN").created
    assert cf.sources.get_report(report or "").tlp == "TLP:GREEN"
    with pytest.raises(errors.Invalid):
        cf.add_incident(title="B", event_date=date(2025, 1, 1), tlp="amber")


def test_nothing_of_a_red_report_reaches_a_green_situation_report(tmp_path: Path) -> None:
    from pypdf import PdfReader

    case = casefile.open(tmp_path / "marks.casefile")
    source = case.sources.add(name="Informant K-7", kind="local", reliability="C").created or ""
    red = case.sources.add_report(
        source_id=source, title="Names the cell leader Qudratullah", tlp="TLP:RED"
    ).created
    open_source = case.sources.add(name="ASIA-Plus", kind="news", reliability="B").created
    public = case.sources.add_report(
        source_id=open_source or "", title="Shooting reported", tlp="TLP:GREEN"
    ).created
    iid = case.add_incident(title="Shots at the ferry", event_date=date(2025, 12, 1)).created
    case.mark(iid or "", tlp="GREEN")
    secret = case.add_incident(title="Raid on the safe house", event_date=date(2025, 12, 2))
    case.mark(secret.created or "", tlp="RED")
    for report in (red, public):
        case.sources.cite(incident_id=iid or "", report_id=report or "", credibility=3)
    pdf = tmp_path / "green.pdf"
    case.write_report(pdf, start=date(2025, 12, 1), end=date(2025, 12, 31), tlp="TLP:GREEN")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Shots at the ferry" in text and "Shooting reported" in text
    for word in ("Qudratullah", "K-7", "safe house"):
        assert word not in text and word.encode() not in pdf.read_bytes()
    assert "1 incident, 1 source report marked above TLP:GREEN" in " ".join(text.split())
    with pytest.raises(errors.CasefileError, match="marked TLP:RED"):
        case.write_report(
            tmp_path / "f.pdf", template="flash", incident_id=secret.created, tlp="TLP:AMBER"
        )
    case.close()


def test_a_merge_logs_each_row_as_it_is_committed(
    outpost: casefile.CaseFile, hq: casefile.CaseFile, tmp_path: Path
) -> None:
    """The rows a merge logs (read once, after all its writes) are the rows as stored: the
    history takes them without reading them again, and verify finds nothing amiss."""
    checked: list[str] = []

    def compare(session: Session, changes: Changes) -> None:
        for change in changes.rows:
            if change.stored:
                table = Base.metadata.tables[change.table]
                query = select(table).where(table.c.id == change.key["id"])
                assert dict(session.execute(query).mappings().one()) == change.after
                checked.append(change.table)

    hq.transactions.hooks.append(compare)
    _exchange(outpost, hq, tmp_path / "1.age")
    assert {"incident", "citation", "incident_actor", "source", "source_report"} <= set(checked)
    iid = outpost.incident_ids()[0]
    outpost.update_incident(iid, narrative="New details from the outpost.")
    checked.clear()
    _exchange(outpost, hq, tmp_path / "2.age")
    assert "incident" in checked
    assert hq.protect.verify() == [] and outpost.protect.verify() == []
