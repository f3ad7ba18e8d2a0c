"""The transaction helper: all or nothing, what changed, and hooks inside the transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casefile.store import db
from casefile.store.changes import Changes
from casefile.store.models import Incident, IncidentTag, Source
from casefile.store.transaction import Transactions, savepoint


@pytest.fixture
def transactions(case_path: Path) -> Iterator[Transactions]:
    """Transactions on a fresh empty case file, without the search index's hook."""
    engine = db.make_engine(case_path)
    yield Transactions(engine, case_path)
    engine.dispose()


def _titles(transactions: Transactions) -> list[str]:
    with transactions.session() as session:
        return list(session.scalars(select(Incident.title).order_by(Incident.title)))


def _add(transactions: Transactions, title: str, *, name: str = "Add") -> Changes:
    with transactions.transaction(name) as tx:
        tx.session.add(Incident(title=title, event_date=date(2025, 12, 23)))
    return tx.changes


@pytest.mark.parametrize("error", [ValueError("bad"), KeyboardInterrupt(), SystemExit(3)])
def test_any_error_in_the_block_rolls_everything_back(
    transactions: Transactions, error: BaseException
) -> None:
    _add(transactions, "Kept")
    with pytest.raises(type(error)), transactions.transaction("Fail") as tx:
        tx.session.add(Incident(title="Lost", event_date=date(2025, 12, 24)))
        tx.session.flush()  # written to the database, not yet committed
        raise error
    assert _titles(transactions) == ["Kept"]


def test_a_failing_hook_rolls_the_block_back(transactions: Transactions) -> None:
    def refuse(session: Session, changes: Changes) -> None:
        raise RuntimeError("index full")

    transactions.hooks.append(refuse)
    with pytest.raises(RuntimeError, match="index full"):
        _add(transactions, "Lost")
    assert _titles(transactions) == []


def test_a_database_error_that_is_a_bug_is_raised_unchanged(transactions: Transactions) -> None:
    twice = [Source(name="Asia-Plus"), Source(name="Asia-Plus")]
    with pytest.raises(IntegrityError, match="UNIQUE"), transactions.transaction("Twice") as tx:
        tx.session.add_all(twice)
    with transactions.session() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 0


def test_changes_name_what_was_created_updated_and_deleted(transactions: Transactions) -> None:
    created = _add(transactions, "Border post attacked", name="New incident")
    assert created.name == "New incident"
    assert created
    assert created.created is not None
    assert created.incidents == {created.created}
    assert "incident" in created.tables
    assert created.deleted == frozenset()
    [row] = [r for r in created.rows if r.table == "incident"]
    assert row.before is None and row.after is not None
    assert row.after["title"] == "Border post attacked"

    with transactions.transaction("Edit") as tx:
        found = tx.session.scalars(select(Incident)).one()
        found.title = "Border post shelled"
    edited = tx.changes
    assert edited.created is None
    assert edited.incidents == {created.created}
    [row] = [r for r in edited.rows if r.table == "incident"]
    assert row.before is not None and row.after is not None
    assert (row.before["title"], row.after["title"]) == (
        "Border post attacked",
        "Border post shelled",
    )
    assert row.inverse().after == row.before

    with transactions.transaction("Delete") as tx:
        tx.session.delete(tx.session.scalars(select(Incident)).one())
    assert tx.changes.deleted == {created.created}
    assert tx.changes.incidents == {created.created}


def test_a_child_row_names_its_incident(transactions: Transactions) -> None:
    uuid = _add(transactions, "Gathering").created
    with transactions.transaction("Tag") as tx:
        incident = tx.session.scalars(select(Incident)).one()
        tx.session.add(IncidentTag(incident=incident, tag="border"))
    assert tx.changes.incidents == {uuid}
    assert tx.changes.tables == {"incident_tag"}
    assert tx.changes.created is None


def test_a_block_that_writes_nothing_changes_nothing(transactions: Transactions) -> None:
    with transactions.transaction("Look") as tx:
        tx.session.scalars(select(Incident)).all()
    assert not tx.changes
    assert tx.changes.rows == ()


def test_hooks_run_inside_the_transaction_with_its_changes(transactions: Transactions) -> None:
    seen: list[tuple[Changes, int]] = []

    def count_and_tag(session: Session, changes: Changes) -> None:
        # Inside the transaction: the block's rows are visible, not yet committed elsewhere.
        with transactions.session() as other:
            committed = other.scalar(select(func.count()).select_from(Incident)) or 0
        seen.append((changes, committed))
        for incident in session.scalars(select(Incident)):
            session.add(IncidentTag(incident=incident, tag="hooked"))

    transactions.hooks.append(count_and_tag)
    changes = _add(transactions, "Hooked")
    [(given, committed_then)] = seen
    assert given.created == changes.created
    assert committed_then == 0
    with transactions.session() as session:
        assert list(session.scalars(select(IncidentTag.tag))) == ["hooked"]


def test_a_failed_savepoint_undoes_its_block_and_its_log_only(transactions: Transactions) -> None:
    with transactions.transaction("Both") as tx:
        tx.session.add(Incident(title="Kept", event_date=date(2025, 12, 23)))
        tx.session.flush()
        with pytest.raises(ValueError), savepoint(tx.session):
            tx.session.add(Incident(title="Lost", event_date=date(2025, 12, 24)))
            tx.session.flush()
            raise ValueError("rejected")
    assert _titles(transactions) == ["Kept"]
    assert [row.after["title"] for row in tx.changes.rows if row.after] == ["Kept"]


def test_a_failed_savepoint_keeps_the_log_of_what_was_written_before_it(
    transactions: Transactions,
) -> None:
    # Not flushed before the block: the savepoint's own flush writes it, and it is kept.
    with transactions.transaction("Both") as tx:
        tx.session.add(Incident(title="Kept", event_date=date(2025, 12, 23)))
        with pytest.raises(ValueError), savepoint(tx.session):
            raise ValueError("rejected")
    assert _titles(transactions) == ["Kept"]
    assert [row.after["title"] for row in tx.changes.rows if row.after] == ["Kept"]
