"""Numbers written from a document's memory are the characters ReportLab writes."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from casefile.sitrep import numbers

NUMBERS = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=-10_000, max_value=10_000),
    st.sampled_from([0.0, -0.0, 1e-9, -1e-7, 0.5, 1.0, 51.02362, 841.8898]),
)


@pytest.fixture(autouse=True)
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the file


@given(st.lists(NUMBERS, min_size=1, max_size=6))
def test_numbers_are_written_as_fp_str_writes_them(values: list[float]) -> None:
    written = numbers.Numbers()
    assert " ".join(written[v] for v in values) == fp_str(*values)
    assert " ".join(written[v] for v in values) == fp_str(*values)  # remembered


def _draw(kind: type[Canvas], moves: list[tuple[float, float]], bottomup: int = 1) -> bytes:
    out = io.BytesIO()
    canvas = kind(out, bottomup=bottomup)
    for x, y in moves:
        canvas.drawString(x, y, "Khorugh")
        canvas.drawRightString(x + 100, y, "Ishkashim")
        text = canvas.beginText(x, y)
        text.textLine("first")
        text.setTextOrigin(y, x)
        text.textLine("second")
        canvas.drawText(text)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.translate(y, x)  # merged into the one before
        canvas.rotate(x % 90)
        canvas.line(x, y, y, x)
        canvas.restoreState()
        canvas.transform(1, 0, 0.5, 1, x, y)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(NUMBERS, NUMBERS), min_size=1, max_size=8), st.sampled_from([0, 1]))
def test_a_page_is_written_as_reportlab_writes_it(
    moves: list[tuple[float, float]], bottomup: int
) -> None:
    assert _draw(numbers.NumberingCanvas, moves, bottomup) == _draw(Canvas, moves, bottomup)


def test_the_memory_is_cleared_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(numbers, "LIMIT", 3)
    written = numbers.Numbers()
    for value in (1.5, 2.5, 3.5, 4.5):
        assert written[value] == fp_str(value)
    assert len(written) == 1
