"""Our fonts measure and split text exactly as ReportLab's own TrueType fonts do."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont

from casefile.sitrep import fonts

# Latin, Tajik Cyrillic, Arabic script, Chinese, no-break space and a control character.
ALPHABET = "Khorugh Шоҳин ҷқғӣӯ خروغ 霍罗格 \u00a0\u00e9\u2013\x07"


class Document:
    """Stands for a PDF document: fonts keep a state per document, weakly."""


@given(st.text(alphabet=ALPHABET, max_size=30), st.sampled_from([7.5, 9.5, 12]))
def test_our_fonts_measure_as_reportlab_does(text: str, size: float) -> None:
    fonts.register()
    for name in fonts.FILES:
        font = pdfmetrics.getFont(name)
        assert font.stringWidth(text, size) == TTFont.stringWidth(font, text, size)
        assert font.stringWidth(text, size) == TTFont.stringWidth(font, text, size)  # remembered


def test_ascent_and_descent_are_the_faces() -> None:
    fonts.register()
    for name in fonts.FILES:
        font = pdfmetrics.getFont(name)
        assert pdfmetrics.getAscentDescent(name, 9.5) == (
            font.face.ascent * 9.5 / 1000,
            font.face.descent * 9.5 / 1000,
        )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=40), max_size=30))
def test_splitting_text_into_subsets_matches_reportlab(texts: list[str]) -> None:
    fonts.register()
    font = pdfmetrics.getFont(fonts.BASE)
    ours, theirs = Document(), Document()  # each with its own subsets
    for text in texts:
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)


def test_a_document_with_more_than_one_subset_splits_as_reportlab_does() -> None:
    fonts.register()
    font = pdfmetrics.getFont(fonts.BASE)
    many = "".join(map(chr, [*range(0x0400, 0x0500), *range(0x00C0, 0x0180)]))
    ours, theirs = Document(), Document()
    for text in (many, "Шоҳин", "Khorugh", many[::-1], "Khorugh\u00a0Шоҳин"):
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)
    assert len(font.splitString(many, ours)) > 1  # it did span subsets


def test_chinese_past_the_first_subset_splits_as_reportlab_does() -> None:
    fonts.register()
    font = pdfmetrics.getFont(fonts.face(fonts.CJK))
    ours, theirs = Document(), Document()
    lines = ["".join(map(chr, range(0x4E00 + i, 0x4E00 + i + 40))) for i in range(0, 600, 20)]
    for text in [*lines, *lines, "abc 中国", "\u00a0"]:
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)


def test_a_documents_code_table_goes_with_the_document() -> None:
    fonts.register()
    font = pdfmetrics.getFont(fonts.BASE)
    assert isinstance(font, fonts.MeasuredFont)
    document = Document()
    font.splitString("Khorugh", document)
    font.splitString("Khorugh", document)  # the second split reads the table
    kept = len(font._codes)
    del document
    gc.collect()
    assert len(font._codes) == kept - 1


def test_subset_names_are_reportlabs() -> None:
    fonts.register()
    font = pdfmetrics.getFont(fonts.face(fonts.CJK))
    ours, theirs = PDFDocument(), PDFDocument()
    text = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 600))  # three subsets
    assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)
    for subset in (0, 1, 2, 0, 2):
        assert font.getSubsetInternalName(subset, ours) == TTFont.getSubsetInternalName(
            font, subset, theirs
        )
    assert ours.fontMapping == theirs.fontMapping
    with pytest.raises(IndexError):
        font.getSubsetInternalName(3, ours)


def test_what_a_font_keeps_of_a_document_goes_with_it() -> None:
    fonts.register()
    font = pdfmetrics.getFont(fonts.BASE)
    assert isinstance(font, fonts.MeasuredFont)
    document = PDFDocument()
    font.splitString("Khorugh", document)
    assert font.getSubsetInternalName(0, document) == font.getSubsetInternalName(0, document)
    assert font._last is not None
    del document
    gc.collect()
    assert font._last is None
