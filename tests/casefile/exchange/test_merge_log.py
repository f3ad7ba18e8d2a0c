"""The merge's row log: row by row for a small bundle; named by key past a limit."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest

import casefile
from casefile.exchange import merge_log
from casefile.exchange.bundle import Key

IDENTITY = pyrage.x25519.Identity.generate()
KEY = Key(recipient=str(IDENTITY.to_public()))


def _exchange(sender: casefile.CaseFile, receiver: casefile.CaseFile, path: Path) -> str:
    sender.bundles.write(path, key=KEY, since_last="HQ", max_tlp="RED")
    identity = path.parent / "hq.key"
    identity.write_text(f"{IDENTITY}\n")
    return str(receiver.bundles.read(path, identity=identity))


@pytest.mark.parametrize("limit", [merge_log.LOG_LIMIT, 5])
def test_a_merge_is_searchable_and_verifies_however_it_was_logged(
    outpost: casefile.CaseFile,
    hq: casefile.CaseFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
) -> None:
    # Past the limit the rows are named by key: the history reads them back at commit and
    # the merge indexes them itself, as the log would have had it done.
    monkeypatch.setattr(merge_log, "LOG_LIMIT", limit)
    _exchange(outpost, hq, tmp_path / "1.age")
    hq_titles = {i.title for i in hq.list_incidents()}
    assert hq_titles == {i.title for i in outpost.list_incidents()}
    assert hq.search("drone") and hq.protect.verify() == []
    iid = outpost.incident_ids()[0]
    outpost.update_incident(iid, narrative="A quartermaster's ledger was found.")
    report = next(r for s in outpost.sources.all() for r in outpost.sources.reports(str(s.id)))
    outpost.sources.update_report(str(report.id), title="Ledger dispatch")
    said = _exchange(outpost, hq, tmp_path / "2.age")
    assert "0 conflicts" in said
    assert [h.incident_id for h in hq.search("quartermaster")] == [iid]
    assert hq.search("ledger dispatch")
    assert hq.protect.verify() == []
