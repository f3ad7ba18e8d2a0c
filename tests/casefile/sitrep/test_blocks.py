"""Paragraphs of several fragments break and draw as ReportLab's own, without leaving cycles."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from casefile.sitrep import blocks, fonts

MARKUP = (
    "Border guards <b>exchanged fire</b> near Khorugh<br/>at night; "
    '<a href="https://example.org" color="blue">source</a> '
    '<font name="CF-CJK">边境</font> and <i>more</i> words ' * 6
)


def _lines(paragraph: Paragraph, width: float) -> list[tuple[float, list[tuple[str, str]]]]:
    paragraph.wrap(width, 1000)
    return [
        (round(line.extraSpace, 6), [(w.text, w.fontName) for w in line.words])
        for line in paragraph.blPara.lines
    ]


def test_a_paragraph_of_several_fragments_breaks_as_reportlab_does() -> None:
    fonts.register()
    chosen = blocks.style("Body")
    for width in (90, 200, 400):
        ours = blocks.MemoParagraph(MARKUP, chosen)
        assert _lines(ours, width) == _lines(Paragraph(MARKUP, chosen), width)
        assert {type(w) for line in ours.blPara.lines for w in line.words} == {blocks.Fragment}


def test_a_paragraph_of_one_fragment_keeps_reportlabs_quick_path() -> None:
    fonts.register()
    ours = blocks.MemoParagraph(
        "One plain fragment, broken on ReportLab's quick path.", blocks.style("Body")
    )
    ours.wrap(100, 1000)
    assert ours.blPara.kind == 0
    assert not hasattr(ours.frags[0], "backColor")


class _Kept(blocks.MemoParagraph):
    """Keeps the text object it drew into."""

    kept: PDFTextObject | None = None

    def beginText(self, x: float, y: float) -> PDFTextObject:
        self.kept = super().beginText(x, y)
        return self.kept


def test_a_drawn_paragraph_leaves_its_text_object_in_no_cycle(tmp_path: Path) -> None:
    fonts.register()
    paragraph = _Kept(MARKUP, blocks.style("Body"))
    paragraph.wrap(200, 1000)
    paragraph.drawOn(Canvas(str(tmp_path / "p.pdf")), 50, 50)
    text = paragraph.kept
    assert text is not None
    assert not any(getattr(v, "__self__", None) is text for v in vars(text).values())
    assert "_text_object" not in vars(paragraph)
