"""The lazy incident list: the page cache alone, then the Qt model over a case, search pages too."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

import casefile
from casefile.search.hits import Hit
from casefile.search.results import Cursor, SearchPage
from tests.conftest import add_incidents
from ui import hit_pages, row_pages
from ui.incident_table import LOADING, IncidentTableModel
from ui.match_cell import HIT_ROLE
from ui.row_pages import RowPages
from ui.worker import Worker

# --- the page cache, without Qt ---------------------------------------------------------


def test_a_miss_wants_its_page_and_a_stored_page_answers() -> None:
    pages: RowPages[str] = RowPages(page_size=10)
    assert pages.row(25) is None
    assert pages.next_wanted() == 2
    assert pages.next_wanted() is None
    assert pages.store(2, [f"r{i}" for i in range(20, 30)], pages.generation)
    assert pages.row(25) == "r25"
    assert pages.span(2) == (20, 10)


def test_the_newest_wish_comes_first_and_old_wishes_are_dropped() -> None:
    pages: RowPages[str] = RowPages(page_size=10)
    for page in range(20):
        pages.row(page * 10)
    wanted = []
    while (page := pages.next_wanted()) is not None:
        wanted.append(page)
    assert wanted == list(range(19, 19 - row_pages.MAX_WANTED, -1))


def test_pages_from_before_a_clear_are_refused() -> None:
    pages: RowPages[str] = RowPages(page_size=10)
    generation = pages.generation
    pages.clear()
    assert not pages.store(0, ["stale"], generation)
    assert pages.peek(0) is None


def test_least_recently_used_pages_are_evicted() -> None:
    pages: RowPages[int] = RowPages(page_size=1, max_pages=3)
    for page in range(3):
        pages.store(page, [page], pages.generation)
    pages.row(0)  # touch page 0, so page 1 is now the oldest
    pages.store(3, [3], pages.generation)
    assert len(pages) == 3
    assert pages.peek(1) is None
    assert pages.peek(0) == 0


# --- the Qt model -----------------------------------------------------------------------


@pytest.fixture
def model(qtbot: QtBot, worker: Worker) -> IncidentTableModel:
    """A model with small pages, loaded once."""
    made = IncidentTableModel(worker, page_size=10)
    with qtbot.waitSignal(made.loaded):
        made.refresh()
    return made


def title(model: IncidentTableModel, row: int) -> str:
    """The Title cell of a row."""
    return model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole)


def test_empty_case_has_no_rows(model: IncidentTableModel) -> None:
    assert model.rowCount() == 0
    assert model.total == 0


def test_rows_load_page_by_page(qtbot: QtBot, cf: casefile.CaseFile, worker: Worker) -> None:
    add_incidents(cf, 35)
    model = IncidentTableModel(worker, page_size=10)
    with qtbot.waitSignal(model.loaded):
        model.refresh()
    assert model.rowCount() == 35
    assert title(model, 0) == "Incident 034"  # newest first
    assert title(model, 30) == LOADING
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert title(model, 30) == "Incident 004"
    assert model.data(model.index(30, 0), Qt.ItemDataRole.DisplayRole) == "2024-01-05"


def test_sorting_re_queries_the_core(qtbot: QtBot, cf: casefile.CaseFile, worker: Worker) -> None:
    add_incidents(cf, 12)
    model = IncidentTableModel(worker, page_size=10)
    with qtbot.waitSignal(model.loaded):
        model.sort(1, Qt.SortOrder.AscendingOrder)
    assert title(model, 0) == "Incident 000"
    with qtbot.waitSignal(model.loaded):
        model.sort(1, Qt.SortOrder.DescendingOrder)
    assert title(model, 0) == "Incident 011"


def test_a_change_refreshes_the_count(
    qtbot: QtBot, worker: Worker, model: IncidentTableModel
) -> None:
    with qtbot.waitSignal(model.total_changed) as total:
        worker.run(lambda case, task: case.add_incident(title="New", event_date=date(2025, 1, 1)))
    assert total.args == [1]
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert title(model, 0) == "New"


def test_search_hits_show_best_first_until_a_header_is_clicked(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    add_incidents(cf, 5)
    model = IncidentTableModel(worker, page_size=10)
    with qtbot.waitSignal(model.loaded):
        model.refresh()
    hits = cf.search("gathering", limit=10)
    reordered = [hits[2], hits[0], hits[4], hits[1], hits[3]]
    with qtbot.waitSignal(model.loaded):
        model.show_search(page_of(cf, reordered))
    assert model.searching
    assert [model.row_at(i).id for i in range(5)] == [h.incident_id for h in reordered]  # type: ignore[union-attr]
    assert model.hit(reordered[0].incident_id) is reordered[0]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert title(model, 0) == "Incident 000"
    model.sort(-1)
    assert model.row_at(0).id == reordered[0].incident_id  # type: ignore[union-attr]
    with qtbot.waitSignal(model.loaded):
        model.show_all()
    assert not model.searching
    assert model.hit(reordered[0].incident_id) is None


def test_a_search_hit_comes_with_its_title_cell_and_an_escaped_tooltip(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    cf.add_incident(
        title="Clash <b>at</b> the ford & bridge",
        event_date=date(2025, 1, 1),
        narrative="Tom & Jerry <b>said</b> the convoy was hit.",
    )
    model = IncidentTableModel(worker, page_size=10)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("convoy"))
    cell = model.index(0, 1)
    hit = model.data(cell, HIT_ROLE)
    assert hit.snippet[slice(*hit.highlights[0])] == "convoy"
    assert model.data(cell, Qt.ItemDataRole.DisplayRole) == "Clash <b>at</b> the ford & bridge"
    assert model.data(model.index(0, 0), HIT_ROLE) is None  # only the Title cell has it
    tip = model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert "Clash &lt;b&gt;at&lt;/b&gt; the ford &amp; bridge" in tip
    assert "Tom &amp; Jerry &lt;b&gt;said&lt;/b&gt;" in tip
    assert "<b>convoy</b>" in tip
    with qtbot.waitSignal(model.loaded):
        model.show_all()
    assert model.data(cell, HIT_ROLE) is None
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole) == "Clash <b>at</b> the ford & bridge"


def test_hits_found_by_filters_alone_have_no_matches_to_show(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    add_incidents(cf, 2)
    model = IncidentTableModel(worker, page_size=10)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("", status="draft"))
    assert model.searching and not model.shows_matches
    assert model.data(model.index(0, 1), HIT_ROLE) is None


# --- search hits, a page at a time -------------------------------------------------------


def page_of(cf: casefile.CaseFile, hits: list[Hit]) -> SearchPage:
    """A whole search of these hits, in this order, with their rows."""
    rows = cf.incident_rows([hit.incident_id for hit in hits])
    return SearchPage(hits, rows, 0, len(hits), len(hits), None)


def more(case: casefile.CaseFile, cursor: Cursor, limit: int) -> SearchPage:
    """The next page of a search, as the main window's search loads it."""
    return case.find.search_more(cursor, limit=limit)


def assert_hits_listed(model: IncidentTableModel, expected: list[Hit]) -> None:
    """Rows in the order of `expected`, each with its own hit, snippet and highlight."""
    assert model.rowCount() == len(expected)
    for row, wanted in enumerate(expected):
        incident = model.row_at(row)
        hit = model.data(model.index(row, 1), HIT_ROLE)
        assert incident is not None and incident.id == wanted.incident_id == hit.incident_id
        number = int(incident.title.split()[1])
        assert hit.snippet == f"Gathering number {number} in the square."
        assert hit.snippet[slice(*hit.highlights[0])] == "Gathering"


def test_search_hits_load_a_page_at_a_time_near_the_end(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    add_incidents(cf, 12)
    best = cf.search("gathering", limit=12)
    model = IncidentTableModel(worker, page_size=5)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("gathering", limit=5), fetch=more)
    assert (model.rowCount(), model.listed, model.found) == (5, 12, 12)
    with qtbot.assertNotEmitted(model.rowsInserted, wait=50):
        title(model, 0)  # the top of the list: nothing more is needed yet
    with qtbot.waitSignal(model.rowsInserted):
        title(model, 4)  # the view shows the last rows loaded
    assert_hits_listed(model, best[:10])
    with qtbot.waitSignal(model.rowsInserted):
        title(model, 9)
    assert_hits_listed(model, best)
    with qtbot.assertNotEmitted(model.rowsInserted, wait=50):
        title(model, 11)  # every hit is in
    assert (model.listed, model.found) == (12, 12)


def test_a_page_of_an_older_search_is_never_listed(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker
) -> None:
    add_incidents(cf, 12)
    cf.add_incident(title="Drone strike near the mine", event_date=date(2025, 6, 1))
    reading, release = threading.Event(), threading.Event()
    calls = []

    def slow(case: casefile.CaseFile, cursor: Cursor, limit: int) -> SearchPage:
        calls.append(cursor.offset)
        reading.set()
        release.wait(5)
        return more(case, cursor, limit)

    model = IncidentTableModel(worker, page_size=5)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("gathering", limit=5), fetch=slow)
    title(model, 4)
    qtbot.waitUntil(reading.is_set)  # the page is being read on the worker
    drone = cf.find.search_page("drone")
    with qtbot.assertNotEmitted(model.rowsInserted, wait=100):
        with qtbot.waitSignal(model.loaded):
            model.show_search(drone)
            release.set()
        qtbot.waitUntil(lambda: not worker.busy)
    assert [model.row_at(0).title] == ["Drone strike near the mine"]  # type: ignore[union-attr]
    assert (model.rowCount(), model.listed, model.found) == (1, 1, 1)
    assert model.hit(drone.hits[0].incident_id) is drone.hits[0]
    assert calls == [5]  # and the older search asked for nothing more


def test_sorting_by_a_column_first_loads_the_rest_up_to_the_cap(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hit_pages, "MAX_HITS", 10)
    add_incidents(cf, 12)
    best = cf.search("gathering", limit=12)
    model = IncidentTableModel(worker, page_size=5)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("gathering", limit=5), fetch=more)
    first = QPersistentModelIndex(model.index(0, 1))  # as a selection holds it
    assert title(model, 0) == "Incident 011"
    with qtbot.waitSignal(model.layoutChanged):
        model.sort(1, Qt.SortOrder.AscendingOrder)
    # At once, the hits loaded; then the rest join: the best ten, by title.
    assert [title(model, row) for row in range(5)] == [f"Incident {n:03d}" for n in range(7, 12)]
    assert (model.listed, model.found) == (5, 12)
    qtbot.waitUntil(lambda: model.rowCount() == 10)
    assert [title(model, row) for row in range(10)] == [f"Incident {n:03d}" for n in range(2, 12)]
    assert (model.listed, model.found) == (10, 12)
    assert title(model, first.row()) == "Incident 011"  # the selection follows its incident
    assert_hits_listed(model, sorted(best[:10], key=lambda hit: hit.title))
    with qtbot.assertNotEmitted(model.rowsInserted, wait=50):
        title(model, 9)  # sorted, the end of the list loads nothing
    model.sort(-1)
    assert_hits_listed(model, best[:10])


def test_a_failed_page_while_sorting_still_lists_the_hits_that_came(
    qtbot: QtBot, cf: casefile.CaseFile, worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hit_pages, "FETCH_AT_MOST", 5)
    add_incidents(cf, 12)

    def failing(case: casefile.CaseFile, cursor: Cursor, limit: int) -> SearchPage:
        if cursor.offset >= 10:
            raise RuntimeError("the disk went away")
        return more(case, cursor, limit)

    model = IncidentTableModel(worker, page_size=5)
    with qtbot.waitSignal(model.loaded):
        model.show_search(cf.find.search_page("gathering", limit=5), fetch=failing)
    with qtbot.waitSignal(worker.failed):
        model.sort(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: model.rowCount() == 10)
    assert [title(model, row) for row in range(10)] == [f"Incident {n:03d}" for n in range(2, 12)]
