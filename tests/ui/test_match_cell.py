"""The Title cell while searching: pieces, fitting one line, painting and the tooltip."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from casefile.search import Hit
from ui.match_cell import HIT_ROLE, MatchDelegate, fitted, match_tooltip, pieces

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


class Recording(QPainter):
    """A painter that notes each piece of text drawn and whether it was bold."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.drawn: list[tuple[str, bool]] = []

    def drawText(self, *args: Any) -> None:
        self.drawn.append((args[-1], self.font().bold()))
        super().drawText(*args)


def paint_cell(qapp: QApplication, hit: Hit | None, width: int = 2000) -> list[tuple[str, bool]]:
    model = QStandardItemModel(1, 1)
    index = model.index(0, 0)
    model.setData(index, "A <i>title</i> & more", Qt.ItemDataRole.DisplayRole)
    model.setData(index, hit, HIT_ROLE)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, 48)
    option.font = qapp.font()
    image = QImage(width, 48, QImage.Format.Format_ARGB32)
    painter = Recording(image)
    MatchDelegate().paint(painter, option, index)
    painter.end()
    return painter.drawn


def test_the_cell_draws_the_title_then_the_snippet_as_plain_text(qapp: QApplication) -> None:
    drawn = paint_cell(qapp, make_hit(TRICKY, "convoy"))
    assert drawn[0] == ("A <i>title</i> & more", False)
    assert "".join(text for text, _ in drawn[1:]) == TRICKY  # "<b>" and "&" as typed
    assert [text for text, bold in drawn if bold] == ["convoy"]


def test_the_field_is_named_unless_it_is_the_narrative(qapp: QApplication) -> None:
    drawn = paint_cell(qapp, make_hit("Border post, Khorugh", "Khorugh", field="place"))
    assert drawn[1] == ("Place: ", False)


def test_without_a_hit_the_cell_is_drawn_as_usual(qapp: QApplication) -> None:
    assert paint_cell(qapp, None) == []  # the style draws it, not the delegate's pieces
    assert QModelIndex().data(HIT_ROLE) is None


def test_the_tooltip_escapes_user_text() -> None:
    tip = match_tooltip(make_hit(TRICKY, "convoy", field="reports"))
    assert "&lt;b&gt;not bold&lt;/b&gt;" in tip
    assert "Tom &amp; Jerry" in tip
    assert "<b>convoy</b>" in tip
    assert "Match in a cited source report" in tip
