"""The report's speedups return exactly what ReportLab's own helpers return."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph

from casefile.sitrep import fonts, speedups

# Latin, Tajik Cyrillic, Arabic script, Chinese, no-break space and a control character.
ALPHABET = "Khorugh Шоҳин ҷқғӣӯ خروغ 霍罗格 \u00a0\u00e9\u2013\x07"


class Document:
    """Stands for a PDF document: fonts keep a state per document, weakly."""


def test_escaping_bytes_matches_reportlab_for_every_byte():
    every = bytes(range(256))
    assert speedups.escape_pdf(every) == rl_accel.escapePDF(every)


@given(st.binary(max_size=200))
def test_escaping_any_bytes_matches_reportlab(data):
    assert speedups.escape_pdf(data) == rl_accel.escapePDF(data)


@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False, width=32),
            st.integers(-(10**6), 10**6),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_numbers_are_written_as_reportlab_writes_them(numbers):
    assert speedups.fp_str(*numbers) == rl_accel.fp_str(*numbers)
    assert speedups.fp_str(*numbers) == rl_accel.fp_str(*numbers)  # remembered: the same


# Edge cases of the format: the 1e-7 cut-off, powers of ten (where ReportLab's logarithm,
# log(x) / log(10), picks the decimals), halves that round, a million and past it.
EDGES = [
    1e-7,
    1.0000001e-7,
    -1e-7,
    0.1,
    0.5,
    1.0,
    10.0,
    100.0,
    1000.0,
    1e5,
    999999.5,
    1e6,
    1e6 + 0.5,
    0.0000005,
    0.00000049,
    -0.0,
    12.5,
    2.675,
    1e300,
]


@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.floats(-2000, 2000),
            st.integers(-(10**12), 10**12),
            st.sampled_from(EDGES),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_numbers_we_have_not_met_are_written_as_reportlab_writes_them(numbers):
    assert speedups._fp_str(*numbers) == rl_accel.fp_str(*numbers)
    assert speedups._fp_str(tuple(numbers)) == rl_accel.fp_str(tuple(numbers))


def _outcome(function, *args):
    """What a call returns, or the kind of error it raises."""
    try:
        return function(*args)
    except Exception as error:  # the error is the outcome compared
        return type(error)


@given(
    st.one_of(
        st.text(alphabet=ALPHABET + "%()<>{}[]#/~!\x00\x7f€", max_size=20), st.binary(max_size=10)
    )
)
def test_names_and_text_are_encoded_as_reportlab_does(text):
    if isinstance(text, str):
        assert speedups.pdf_name(text) == pdfdoc.PDFName(text)
    assert _outcome(speedups.pdfdoc_enc, text) == _outcome(pdfdoc.pdfdocEnc, text)
    assert _outcome(speedups.pdfdoc_enc, text) == _outcome(pdfdoc.pdfdocEnc, text)  # remembered


def test_a_list_of_numbers_is_written_too():
    assert speedups.fp_str([1.5, 2, -0.0]) == rl_accel.fp_str([1.5, 2, -0.0])


@pytest.mark.parametrize("size", [None, 8, 9.5, 14])
def test_ascent_and_descent_match_reportlab(size):
    fonts.register()
    for name in fonts.FILES:
        assert speedups.get_ascent_descent(name, size) == pdfmetrics.getAscentDescent(name, size)


@given(st.text(alphabet=ALPHABET, max_size=30), st.sampled_from([7.5, 9.5, 12]))
def test_widths_match_reportlab(text, size):
    fonts.register()
    for name in (fonts.BASE, fonts.BOLD, "Helvetica"):
        assert speedups.string_width(text, name, size) == pdfmetrics.stringWidth(text, name, size)


@given(st.text(alphabet=ALPHABET, max_size=30), st.sampled_from([7.5, 9.5, 12]))
def test_our_fonts_measure_as_reportlab_does(text, size):
    fonts.register()
    for name in fonts.FILES:
        font = pdfmetrics.getFont(name)
        assert font.stringWidth(text, size) == TTFont.stringWidth(font, text, size)


def test_the_memos_stand_in_reportlab_only_while_a_report_is_laid_out():
    original = textobject.fp_str
    with speedups.installed():
        with speedups.installed():  # nested: still there after the inner block
            pass
        assert textobject.fp_str is speedups.fp_str
        assert paragraph.getAscentDescent is speedups.get_ascent_descent
        assert paragraph.stringWidth is speedups.string_width
        assert pdfdoc.PDFName is speedups.pdf_name
    assert textobject.fp_str is original
    assert pdfdoc.pdfdocEnc is not speedups.pdfdoc_enc
    assert paragraph.stringWidth is pdfmetrics.stringWidth


def test_resetting_reportlab_forgets_the_memos():
    # (rl_config._reset itself would unregister every font of the test session.)
    assert any(ref() is speedups.forget for ref in rl_config._registered_resets)
    speedups.string_width("Khorugh", "Helvetica", 9)
    speedups.forget()
    assert not speedups.string_width.cache_info().currsize


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=40), max_size=30))
def test_splitting_text_into_subsets_matches_reportlab(texts):
    fonts.register()
    font = pdfmetrics.getFont(fonts.BASE)
    ours, theirs = Document(), Document()  # each with its own subsets
    for text in texts:
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)


def test_a_document_with_more_than_one_subset_splits_as_reportlab_does():
    fonts.register()
    font = pdfmetrics.getFont(fonts.BASE)
    many = "".join(map(chr, [*range(0x0400, 0x0500), *range(0x00C0, 0x0180)]))
    ours, theirs = Document(), Document()
    for text in (many, "Шоҳин", "Khorugh", many[::-1], "Khorugh\u00a0Шоҳин"):
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)
    assert len(font.splitString(many, ours)) > 1  # it did span subsets


def test_chinese_past_the_first_subset_splits_as_reportlab_does():
    fonts.register()
    font = pdfmetrics.getFont(fonts.face(fonts.CJK))
    ours, theirs = Document(), Document()
    lines = ["".join(map(chr, range(0x4E00 + i, 0x4E00 + i + 40))) for i in range(0, 600, 20)]
    for text in [*lines, *lines, "abc 中国", "\u00a0"]:
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)
