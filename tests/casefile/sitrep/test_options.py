"""Report options merged with changes: the one rule the command line and the dialog use."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import casefile
from casefile import errors
from casefile.sitrep.options import ReportOptions, merged
from casefile.store.models import Report


def test_changes_replace_and_none_keeps_the_stored_value() -> None:
    stored = ReportOptions(title="Weekly", start=date(2025, 11, 1), filters={"country": ["TJ"]})
    out = merged(stored, title=None, number="SR-7", end=date(2025, 11, 30), filters=None)
    assert (out.title, out.number, out.start, out.end) == (
        "Weekly",
        "SR-7",
        date(2025, 11, 1),
        date(2025, 11, 30),
    )
    assert out.filters == {"country": ["TJ"]}
    assert stored.number == ""  # the stored value is left as it was


def test_without_a_stored_report_the_defaults_and_unknown_names_refused() -> None:
    assert merged(None, tlp="TLP:RED") == ReportOptions(tlp="TLP:RED")
    with pytest.raises(errors.Invalid, match="colour"):
        merged(None, colour="red")


def test_options_stored_before_drafts_could_be_left_out_still_load(
    cf: casefile.CaseFile,
) -> None:
    report_id = cf.reports.save(ReportOptions(title="Old", drafts=False)).created

    def make_it_old(session: Session) -> None:
        # A report stored by an older Casefile: its options have no "drafts" key.
        row = session.scalar(select(Report).where(Report.uuid == report_id))
        assert row is not None and row.options["drafts"] is False
        row.options = {k: v for k, v in row.options.items() if k != "drafts"}

    cf._run("Make it old", make_it_old)
    loaded = cf.reports.get(report_id or "")
    assert loaded.title == "Old" and loaded.drafts is True  # the default: drafts counted
