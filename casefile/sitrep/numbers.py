"""Numbers written into a report's pages, each worked out once per document.

ReportLab writes every coordinate with `fp_str` (rl-accel's C version takes about a
microsecond a call): a line of text's origin, a flowable's move, a table's rule. A report
places some 30,000 lines at the same few x and y positions page after page. The canvas
of one document keeps what each number is written as (`Numbers`) and its text objects and
moves write from it: the same characters, in a fraction of the time. Only the plainest
calls are written this way; the rest go to ReportLab. Nothing outlives the document.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

LIMIT = 100_000  # numbers kept per document before the memory is cleared


class Numbers(dict[float, str]):
    """Each number as `fp_str` writes it, worked out when first met."""

    def __missing__(self, number: float) -> str:
        if len(self) >= LIMIT:
            self.clear()
        text = self[number] = fp_str(number)
        return text


class TextObject(PDFTextObject):
    """ReportLab's text object, placing its lines with the canvas's numbers."""

    def setTextOrigin(self, x: float, y: float) -> None:
        """Start a line at (x, y), as ReportLab's text object does."""
        mine: Any = self  # ReportLab's private state, not in the stub
        canvas = mine._canvas
        numbers = getattr(canvas, "_numbers", None)
        if numbers is None:
            super().setTextOrigin(x, y)
            return
        flip = "1" if canvas.bottomup else "-1"
        mine._code.append(f"1 0 0 {flip} {numbers[x]} {numbers[y]} Tm")
        mine._x0 = mine._x = x
        mine._y0 = mine._y = y


class NumberingCanvas(Canvas):
    """A canvas whose text objects and moves write numbers from its own `Numbers`."""

    def __init__(self, *args: Any, **kwargs: Any):
        self._numbers = Numbers()  # first: ReportLab's own setup may move or write text
        super().__init__(*args, **kwargs)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        """A fresh text object (see `TextObject`)."""
        return TextObject(self, x, y, direction=direction)

    def transform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        """Adjoin a transform, as ReportLab does (which merges it into one just before)."""
        mine: Any = self  # ReportLab's private state, not in the stub
        code = mine._code
        if getattr(rl_canvas, "ENABLE_TRACKING", False) and not (code and code[-1][-3:] == " cm"):
            a0, b0, c0, d0, e0, f0 = mine._currentMatrix
            mine._currentMatrix = (
                a0 * a + c0 * b,
                b0 * a + d0 * b,
                a0 * c + c0 * d,
                b0 * c + d0 * d,
                a0 * e + c0 * f + e0,
                b0 * e + d0 * f + f0,
            )
            n = self._numbers
            code.append(f"{n[a]} {n[b]} {n[c]} {n[d]} {n[e]} {n[f]} cm")
        else:
            super().transform(a, b, c, d, e, f)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """A line segment, as ReportLab draws it."""
        n = self._numbers
        self._code.append(f"n {n[x1]} {n[y1]} m {n[x2]} {n[y2]} l S")  # type: ignore[attr-defined]  # private
