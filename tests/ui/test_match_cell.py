"""The Title cell while searching: pieces, fitting one line, the laid-out lines, the tooltip."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QStandardItemModel,
    QTextLayout,
)
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from casefile.search.hits import Hit
from ui.match_cell import HIT_ROLE, MatchDelegate, cell_lines, fitted, match_tooltip, pieces

TRICKY = "Tom & Jerry said <b>not bold</b> before the convoy was hit near the ford"


def make_hit(snippet: str, word: str, field: str = "narrative") -> Hit:
    start = snippet.index(word)
    return Hit(
        "id1", "A title", date(2025, 1, 1), "", snippet, 1.0, field, (field,),
        ((start, start + len(word)),),
    )  # fmt: skip


def metrics(qapp: QApplication) -> tuple[QFontMetrics, QFontMetrics]:
    heavy = QFont(qapp.font())
    heavy.setBold(True)
    return QFontMetrics(qapp.font()), QFontMetrics(heavy)


def test_pieces_mark_the_spans_and_keep_every_character() -> None:
    assert pieces("a border post", ((2, 8),)) == [("a ", False), ("border", True), (" post", False)]
    assert pieces("xyz", ((0, 2), (1, 3))) == [("xy", True), ("z", False)]  # overlap: first wins
    assert pieces("plain", ()) == [("plain", False)]


def test_a_wide_line_shows_the_text_literally(qapp: QApplication) -> None:
    hit = make_hit(TRICKY, "convoy")
    shown = fitted(hit.snippet, hit.highlights, 10_000, *metrics(qapp))
    assert "".join(text for text, _ in shown) == TRICKY
    assert [text for text, bold in shown if bold] == ["convoy"]


def test_a_narrow_line_cuts_the_words_before_the_match_so_it_shows(qapp: QApplication) -> None:
    plain, bold = metrics(qapp)
    hit = make_hit(TRICKY, "convoy")
    width = plain.horizontalAdvance("x" * 20)
    shown = fitted(hit.snippet, hit.highlights, width, plain, bold)
    assert ("convoy", True) in shown
    assert shown[0][0].startswith("…")
    assert shown[0][0][1] != " "  # cut at a word, not before a space
    used = sum((bold if b else plain).horizontalAdvance(t) for t, b in shown)
    assert used <= width
    assert shown[-1][0].endswith("…")


DARI = "حمله مسلحانه در نزدیکی مرز در ولسوالی اشکاشم گزارش شد"


def lines_of(qapp: QApplication, hit: Hit, width: int = 2000) -> list[tuple[QTextLayout, bool]]:
    return cell_lines("A <i>title</i> & more", hit, QRect(0, 0, width, 48), qapp.font())


def bold_spans(layout: QTextLayout) -> list[str]:
    text = layout.text()
    return [
        text[span.start : span.start + span.length]
        for span in layout.formats()
        if span.format.fontWeight() == QFont.Weight.Bold
    ]


def test_the_cell_lays_out_the_title_then_the_snippet_as_plain_text(qapp: QApplication) -> None:
    (title, faint), (snippet, _) = lines_of(qapp, make_hit(TRICKY, "convoy"))
    assert title.text() == "A <i>title</i> & more" and not faint
    assert title.formats() == []
    assert snippet.text() == TRICKY  # "<b>" and "&" as typed
    assert bold_spans(snippet) == ["convoy"]


def test_the_field_is_named_unless_it_is_the_narrative(qapp: QApplication) -> None:
    lines = lines_of(qapp, make_hit("Border post, Khorugh", "Khorugh", field="place"))
    (label, faint), (snippet, _) = lines[1:]
    assert (label.text(), faint) == ("Place: ", True)
    assert snippet.lineAt(0).position().x() > label.lineAt(0).position().x()
    assert len(lines_of(qapp, make_hit(TRICKY, "convoy"))) == 2  # the narrative: no label


def test_a_dari_snippet_is_one_right_to_left_line_with_the_match_bold(
    qapp: QApplication,
) -> None:
    hit = make_hit(DARI, "مرز")
    snippet = lines_of(qapp, hit)[-1][0]
    assert snippet.text() == DARI  # one layout: Qt orders the whole line
    assert bold_spans(snippet) == ["مرز"]
    line = snippet.lineAt(0)
    start, end = hit.highlights[0]
    match_right = max(line.cursorToX(start)[0], line.cursorToX(end)[0])
    before_left = min(line.cursorToX(0)[0], line.cursorToX(start - 1)[0])
    assert match_right <= before_left  # the words before it logically lie to its right
    assert line.cursorToX(0)[0] > line.cursorToX(len(DARI))[0]  # read right to left


def test_a_latin_word_inside_dari_keeps_its_place(qapp: QApplication) -> None:
    mixed = "حمله در Ishkashim گزارش شد"
    snippet = lines_of(qapp, make_hit(mixed, "Ishkashim"))[-1][0]
    line = snippet.lineAt(0)  # valid while its layout is kept
    latin = mixed.index("Ishkashim")
    x = [line.cursorToX(at)[0] for at in (latin + 1, latin + 8, latin - 2)]  # inside words
    assert x[0] < x[1] < x[2]  # the word left to right, the whole of it left of "در"


def paint_cell(qapp: QApplication, hit: Hit | None, width: int = 600) -> QImage:
    model = QStandardItemModel(1, 1)
    index = model.index(0, 0)
    model.setData(index, "A <i>title</i> & more", Qt.ItemDataRole.DisplayRole)
    model.setData(index, hit, HIT_ROLE)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, 48)
    option.font = qapp.font()
    image = QImage(width, 48, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    MatchDelegate().paint(painter, option, index)
    painter.end()
    return image


def inked_rows(image: QImage) -> set[int]:
    white = QColor(Qt.GlobalColor.white).rgb()
    return {
        y for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) != white
    }


def test_the_cell_paints_both_lines(qapp: QApplication) -> None:
    rows = inked_rows(paint_cell(qapp, make_hit(DARI, "مرز")))
    assert any(y < 24 for y in rows) and any(y >= 24 for y in rows)


def test_without_a_hit_the_cell_is_drawn_as_usual(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.match_cell.cell_lines", lambda *args: pytest.fail("laid out"))
    paint_cell(qapp, None)  # the style draws it, not the delegate's own lines
    assert QModelIndex().data(HIT_ROLE) is None


def test_the_tooltip_escapes_user_text() -> None:
    tip = match_tooltip(make_hit(TRICKY, "convoy", field="reports"))
    assert "&lt;b&gt;not bold&lt;/b&gt;" in tip
    assert "Tom &amp; Jerry" in tip
    assert "<b>convoy</b>" in tip
    assert "Match in a cited source report" in tip
