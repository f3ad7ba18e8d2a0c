"""The Title cell while searching: the title, and under it the hit's snippet, matched words bold.

The delegate lays out each line itself as plain text (a QTextLayout, the matched words bold
format ranges), so user text is never read as markup and Qt orders right-to-left and mixed
text as a whole line; only the tooltip is rich text, and that is escaped.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from casefile.search.hit import Hit
from ui.detail_pane import hit_html

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the search hit whose snippet a Title cell shows
# Fields named before the snippet; a narrative match speaks for itself.
FIELD_LABELS = {
    "title": "Title",
    "place": "Place",
    "actors": "Actors",
    "tags": "Tags",
    "reports": "Source",
}
ELLIPSIS = "…"
LEAD_SHARE = 3  # at most a third of the line goes to the words before the first match
BREAKS = " -–—/"  # the words before a match are cut after one of these

Piece = tuple[str, bool]  # text, and whether it is a matched word


def field_label(hit: Hit) -> str:
    """The short name shown before a snippet from a field other than the narrative."""
    return FIELD_LABELS.get(hit.field or "", "")


def match_tooltip(hit: Hit) -> str:
    """The whole snippet as escaped rich text, matched words bold, saying where it was found."""
    where = {"reports": "a cited source report"}.get(hit.field or "", hit.field or "the text")
    return f"<p><i>Match in {escape(where)}:</i> {hit_html(hit)}</p>"


def pieces(text: str, spans: tuple[tuple[int, int], ...]) -> list[Piece]:
    """The text cut into plain and matched pieces; overlapping spans: the first wins."""
    out: list[Piece] = []
    last = 0
    for start, end in sorted(spans):
        if start < last or start >= end:
            continue
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def fitted(
    text: str,
    spans: tuple[tuple[int, int], ...],
    width: int,
    plain: QFontMetrics,
    bold: QFontMetrics,
) -> list[Piece]:
    """The pieces that fit one line `width` pixels wide, the last one elided with "…".

    When the words before the first match would take more than a third of the line, they
    are cut from the front at a space, so that the first matched word shows.
    """
    parts = pieces(text, spans)
    if len(parts) > 1 and not parts[0][1]:
        limit = width - bold.horizontalAdvance(parts[1][0])  # the first match must still show
        parts[0] = (_tail(parts[0][0], width // LEAD_SHARE, limit, plain), False)
    out: list[Piece] = []
    left = width
    for part, matched in parts:
        metrics = bold if matched else plain
        need = metrics.horizontalAdvance(part)
        if need <= left:
            out.append((part, matched))
            left -= need
            continue
        cut = metrics.elidedText(part, Qt.TextElideMode.ElideRight, max(left, 0))
        if cut:
            out.append((cut, matched))
        break
    return out


def _tail(lead: str, room: int, limit: int, metrics: QFontMetrics) -> str:
    """`lead` whole if it fits `room`, else "…" and its end from the start of a word.

    The last word alone may take up to `limit`, rather than be cut in the middle.
    """
    if metrics.horizontalAdvance(lead) <= room:
        return lead
    starts = [i + 1 for i, char in enumerate(lead) if char in BREAKS and i + 1 < len(lead)]
    for start in starts:
        if metrics.horizontalAdvance(ELLIPSIS + lead[start:]) <= room:
            return ELLIPSIS + lead[start:]
    last = ELLIPSIS + lead[starts[-1] :] if starts else lead
    if metrics.horizontalAdvance(last) <= limit:
        return last
    return metrics.elidedText(lead, Qt.TextElideMode.ElideLeft, max(room, 0))


class MatchDelegate(QStyledItemDelegate):
    """A Title cell: as usual outside a search; in one, the title over its snippet."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The style draws the selection and focus; the two lines are drawn here."""
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect = rect.adjusted(margin, 0, -margin, 0)

        group = _colour_group(opt)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ink = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = ink if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.save()
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        for layout, faint in cell_lines(title, hit, rect, opt.font):
            painter.setPen(dim if faint else ink)
            layout.draw(painter, QPointF(0, 0))
        painter.restore()


def cell_lines(title: str, hit: Hit, rect: QRect, font: QFont) -> list[tuple[QTextLayout, bool]]:
    """The cell's lines laid out in `rect`, each with whether it is drawn faint (the label).

    The title fills the top half, the snippet the bottom half after the field's label. Each
    line is one layout, so Qt orders right-to-left and mixed text as a whole (bidi) and keeps
    Arabic letters joined; the matched words are bold format ranges of the snippet's layout.
    """
    plain, heavy = QFont(font), QFont(font)
    heavy.setBold(True)
    plain_metrics, heavy_metrics = QFontMetrics(plain), QFontMetrics(heavy)
    top = QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2)
    bottom = QRect(rect.left(), top.bottom() + 1, rect.width(), rect.height() - top.height())
    elided = plain_metrics.elidedText(title, Qt.TextElideMode.ElideRight, top.width())
    lines = [(line_layout(elided, (), plain, top), False)]
    label = field_label(hit)
    if label:
        lines.append((line_layout(f"{label}: ", (), plain, bottom), True))
        bottom = bottom.adjusted(plain_metrics.horizontalAdvance(f"{label}: "), 0, 0, 0)
    text, bold = joined(
        fitted(hit.snippet, hit.highlights, bottom.width(), plain_metrics, heavy_metrics)
    )
    lines.append((line_layout(text, bold, plain, bottom), False))
    return lines


def joined(parts: list[Piece]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The pieces as one text, and the (start, end) of each matched piece in it."""
    text, bold = "", []
    for part, matched in parts:
        if matched:
            bold.append((len(text), len(text) + len(part)))
        text += part
    return text, tuple(bold)


def line_layout(
    text: str, bold: tuple[tuple[int, int], ...], font: QFont, box: QRect
) -> QTextLayout:
    """`text` as one line at the left of `box`, vertically centred, the `bold` spans bold.

    Its paragraph direction comes from its first strong character, so a Dari snippet reads
    right to left; the line starts at the box's left edge like every other cell's text.
    """
    layout = QTextLayout(text, font)
    option = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    ranges = []
    for start, end in bold:
        span = QTextLayout.FormatRange()
        span.start, span.length = start, end - start
        span.format = QTextCharFormat()
        span.format.setFontWeight(QFont.Weight.Bold)
        ranges.append(span)
    layout.setFormats(ranges)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(box.width())
    line.setPosition(QPointF(box.left(), box.top() + (box.height() - line.height()) / 2))
    layout.endLayout()
    return layout


def _colour_group(opt: QStyleOptionViewItem) -> QPalette.ColorGroup:
    if not opt.state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if not opt.state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Normal
