"""Links within a report are written exactly as ReportLab's canvas writes them."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from casefile.sitrep import links

# Rectangles on and off the page, with numbers ReportLab writes in every way it does.
NUMBERS = st.one_of(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False),
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from([0.0, 1e-9, 0.5, 51.02362, 582.8504]),
)
RECTS = st.tuples(NUMBERS, NUMBERS, NUMBERS, NUMBERS)


@pytest.fixture(autouse=True)
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the file


def _pdf(
    kind: type[Canvas], pages: list[list[tuple[str, tuple[float, ...]]]], **kw: object
) -> bytes:
    """A document with a bookmark on each page and these links on them, saved by the canvas."""
    out = io.BytesIO()
    canvas = kind(out, **kw)  # type: ignore[arg-type]  # the stub types every argument
    for number, page_links in enumerate(pages):
        canvas.bookmarkPage(f"p{number}")
        canvas.drawString(72, 72, f"Page {number}")
        for key, rect in page_links:
            canvas.linkRect("", key, rect, relative=1)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["p0", "p1", "p2"]), RECTS)), min_size=3))
def test_links_are_written_as_reportlab_writes_them(
    pages: list[list[tuple[str, tuple[float, ...]]]],
) -> None:
    assert _pdf(links.LinkingCanvas, pages) == _pdf(Canvas, pages)


def test_links_in_a_moved_coordinate_system_and_an_encrypted_file_are_reportlabs() -> None:
    def draw(kind: type[Canvas], **kw: object) -> bytes:
        out = io.BytesIO()
        canvas = kind(out, **kw)  # type: ignore[arg-type]
        canvas.bookmarkPage("top")
        canvas.translate(30, 40)
        canvas.rotate(10)
        canvas.linkRect("", "top", (1, 2, 3, 4))
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    assert draw(links.LinkingCanvas) == draw(Canvas)
    assert draw(links.LinkingCanvas, encrypt="secret") == draw(Canvas, encrypt="secret")


def test_links_with_a_border_or_contents_are_left_to_reportlab() -> None:
    def draw(kind: type[Canvas]) -> bytes:
        out = io.BytesIO()
        canvas = kind(out)
        canvas.bookmarkPage("top")
        canvas.linkRect("note", "top", (1, 2, 3, 4))
        canvas.linkRect("", "top", (1, 2, 3, 4), thickness=1, color=colors.red)
        canvas.linkAbsolute("", "top", (5, 6, 7, 8))
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    assert draw(links.LinkingCanvas) == draw(Canvas)


def test_links_follow_reportlabs_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Arrays and dictionaries written one element a line: the template and the rectangles
    # follow (the rectangles are then written by ReportLab).
    monkeypatch.setattr(rl_config, "pdfMultiLine", 1)
    pages: list[list[tuple[str, tuple[float, ...]]]] = [
        [("p0", (1.5, 2.0, 3.0, 4.25))],
        [("p0", (5.0, 6.0, 7.0, 8.0))],
    ]
    assert _pdf(links.LinkingCanvas, pages) == _pdf(Canvas, pages)
