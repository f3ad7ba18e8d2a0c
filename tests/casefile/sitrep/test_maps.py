"""Maps in reports: the situation and flash reports draw one, attributed and small."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

import casefile
from casefile import CasualtyCount
from casefile.paths import resource
from casefile.places import ATTRIBUTION, borders, gazetteer, labels, outline
from casefile.sitrep import maps, styles

SOURCE_TREE = Path(__file__).resolve().parents[3] / "resources" / "places"
BUDGET = 100 * 1024


@pytest.fixture(scope="module", autouse=True)
def shipped_places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The shipped gazetteer, places by cell and borders, read once, caches out of the
    user's folder."""
    installed = resource("places")
    folder = installed if (installed / "places.tsv.xz").exists() else SOURCE_TREE
    gaz = gazetteer.Gazetteer(folder, cache=tmp_path_factory.mktemp("gazetteer"))
    by_cell = labels.MapLabels(folder, cache=tmp_path_factory.mktemp("labels"))
    bord = borders.Borders(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gazetteer, "shared", lambda: gaz)
        patch.setattr(labels, "shared", lambda: by_cell)
        patch.setattr(borders, "shared", lambda: bord)
        yield


@pytest.fixture
def border_case(cf: casefile.CaseFile) -> list[str]:
    """Three incidents along the Panj, with coordinates, and one without."""
    made = []
    for day, (lat, lon, kind, killed) in enumerate(
        [
            (37.49, 71.55, "Battles", 3),  # Khorugh
            (36.72, 71.61, "Explosions/Remote violence", 0),  # Ishkashim
            (37.59, 69.76, "Violence against civilians", 9),
        ],
        start=1,
    ):
        made.append(
            cf.add_incident(
                title=f"Incident {day}",
                event_date=date(2025, 12, day),
                event_type=kind,
                latitude=lat,
                longitude=lon,
                casualties=[CasualtyCount(kind="killed", best=killed)],
            ).created
            or ""
        )
    cf.add_incident(title="Somewhere", event_date=date(2025, 12, 9))
    return made


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_situation_report_has_an_attributed_map_under_budget(
    cf: casefile.CaseFile, border_case: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = {"start": date(2025, 12, 1), "end": date(2025, 12, 31)}
    with_map = cf.write_report(tmp_path / "map.pdf", **period)
    outline_titles = [i.title for i in PdfReader(with_map).outline if not isinstance(i, list)]
    assert "Map" in outline_titles
    text = " ".join(text_of(with_map).split())
    assert ATTRIBUTION in text and "Khorugh" in text
    monkeypatch.setattr(maps, "situation_map", lambda data, width: [])
    without = cf.write_report(tmp_path / "none.pdf", **period)
    assert 0 < with_map.stat().st_size - without.stat().st_size < BUDGET


def test_the_flash_report_shows_the_incidents_place(
    cf: casefile.CaseFile, border_case: list[str], tmp_path: Path
) -> None:
    path = cf.write_report(tmp_path / "flash.pdf", template="flash", incident_id=border_case[0])
    text = " ".join(text_of(path).split())
    assert "Where" in text and ATTRIBUTION in text


def test_a_second_map_of_an_area_reuses_its_borders() -> None:
    area = outline.Box(70.5, 36.5, 72.5, 38.5)
    shipped = borders.shared()
    rings, countries = maps._land(shipped, area)
    assert maps._land(shipped, area) == (rings, countries)
    assert maps._land(shipped, area)[0] is rings  # not clipped and thinned again
    assert rings == outline.outlines(shipped, tolerance=2.0 / maps.DETAIL, box=area)
    assert countries == outline.country_labels(shipped, area)
    other = borders.Borders(shipped.folder)  # other borders are never served the first's
    assert maps._land(other, area)[0] is not rings


def test_a_dot_draws_as_reportlabs_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the file

    def pdf(shape: type[Circle]) -> bytes:
        out = Drawing(40, 40)
        out.add(shape(20, 20, 6, fillColor=colors.red, strokeColor=colors.white, strokeWidth=0.6))
        ring = shape(20, 20, 9, fillColor=None, strokeColor=styles.DRAFT, strokeWidth=0.9)
        ring.strokeDashArray = [1.6, 1.2]
        out.add(ring)
        return renderPDF.drawToString(out)

    assert pdf(maps.Dot) == pdf(Circle)


@pytest.mark.parametrize("radius", [2.5, 3.7, 12.0])
@pytest.mark.parametrize("centre", [(0.0, 0.0), (123.456, 78.9), (483.2, 301.77)])
def test_a_marker_is_drawn_as_reportlab_draws_a_circle(
    radius: float, centre: tuple[float, float]
) -> None:
    """The same path, fill and outline as a drawing's circle, the ring dashed like one."""
    x, y = centre

    def drawn(draw: Callable[[Canvas], None]) -> list[str]:
        """The page's operators and operands (one path is one line of ours, several of theirs)."""
        canvas = Canvas(io.BytesIO())
        draw(canvas)
        return canvas.getCurrentPageContent().split()

    def theirs(canvas: Canvas) -> None:
        canvas.setFillColor(colors.red)
        canvas.setStrokeColor(colors.white)
        canvas.setLineWidth(0.6)
        canvas.circle(x, y, radius, stroke=1, fill=1)
        canvas.setStrokeColor(styles.DRAFT)
        canvas.setLineWidth(0.9)
        canvas.setDash([1.6, 1.2])
        canvas.circle(x, y, radius + 2.2, stroke=1, fill=0)

    markers = [
        maps.Marker(x, y, radius, colors.red, colors.white, 0.6),
        maps.Marker(x, y, radius + 2.2, None, styles.DRAFT, 0.9, maps.DRAFT_DASH),
    ]
    ours = drawn(lambda canvas: maps.draw_markers(canvas, markers))
    assert ours[:7] == ["0", "J", "0", "j", "[]", "0", "d"]  # a known state first
    assert ours[7:] == drawn(theirs)


def test_no_coordinates_no_map(cf: casefile.CaseFile, tmp_path: Path) -> None:
    cf.add_incident(title="Somewhere", event_date=date(2025, 12, 9))
    path = cf.write_report(tmp_path / "r.pdf", start=date(2025, 12, 1), end=date(2025, 12, 31))
    assert "Map" not in [i.title for i in PdfReader(path).outline if not isinstance(i, list)]


def test_the_map_frame_fits_the_area_and_keeps_it_in_view() -> None:
    area = outline.Box(69.0, 36.0, 72.0, 38.0)
    frame = maps.MapFrame(area, 400, 200)
    for lon, lat in ((69.0, 36.0), (72.0, 38.0), (70.5, 37.0)):
        x, y = frame.at(lon, lat)
        assert -1e-6 <= x <= 400 + 1e-6 and -1e-6 <= y <= 200 + 1e-6
    assert frame.box.west <= area.west and frame.box.north >= area.north


@pytest.mark.parametrize(("km", "bar"), [(123.0, 100.0), (37.0, 20.0), (7.0, 5.0)])
def test_the_scale_bar_has_a_round_length(km: float, bar: float) -> None:
    assert maps.round_length(km) == pytest.approx(bar)
