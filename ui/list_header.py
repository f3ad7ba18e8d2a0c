"""The incident list's header: the title takes the spare width, the other columns fit their
contents, a width the user chose is remembered, and the sort arrow points the way the rows go.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from ui import settings
from ui.incident_table import COLUMNS

TITLE = next(i for i, c in enumerate(COLUMNS) if c.sort_key == "title")
# Columns whose values may be shortened (with "…", whole in the tooltip) to leave the title
# room; dates, numbers and statuses are short and always shown whole.
ELIDABLE = tuple(i for i, c in enumerate(COLUMNS) if c.sort_key in ("event_type", "location"))
TITLE_SHARE = 0.4  # the least of the list's width the title keeps while widths are automatic
PADDING = 12  # beside a value, as the delegate draws it
SHORTEST = 6  # characters an elided place or event type still shows: "Shams…" says more than "S…"


class SortArrowStyle(QProxyStyle):
    """Draws the header's sort arrow pointing the way the values go: down when the largest
    (the newest date) is on top.

    Qt's header passes a descending order as "SortUp", and styles disagree on which way
    that arrow points (Fusion, Linux's default, draws it up); the plain up and down arrows
    point the same way in every style.
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """The sort indicator as a plain arrow; everything else as the application's style."""
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            indicator = option.sortIndicator
            if indicator == QStyleOptionHeader.SortIndicator.None_:
                return
            descending = indicator == QStyleOptionHeader.SortIndicator.SortUp  # Qt's naming
            arrow = (
                QStyle.PrimitiveElement.PE_IndicatorArrowDown
                if descending
                else QStyle.PrimitiveElement.PE_IndicatorArrowUp
            )
            super().drawPrimitive(arrow, option, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


class ListHeader(QObject):
    """Sizes the list's columns; `fit` after each load, `setup` for each new model."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        self.header = view.horizontalHeader()
        self.style = SortArrowStyle()
        self.style.setParent(self.header)  # kept as long as the header that uses it
        self.header.setStyle(self.style)
        self._sizing = False  # our own resizes are not the user's
        self._chosen = settings.column_widths()
        # Measure the rows in sight only: Qt would read up to 1,000 more, and reading a row
        # not yet loaded loads its page.
        self.header.setResizeContentsPrecision(0)
        self.header.sectionResized.connect(self._resized)
        self.header.sortIndicatorChanged.connect(lambda *_: self.fit())  # the arrow's room moves
        view.viewport().installEventFilter(self)

    def setup(self) -> None:
        """Resize modes, the saved order and sort, the user's widths; for a new model."""
        header = self.header
        self._sizing = True
        try:
            header.setSectionsMovable(True)
            header.setHighlightSections(False)
            header.setSortIndicatorShown(True)  # each header keeps room for the sort arrow
            header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("…") + PADDING)
            state = settings.load_state("columns")
            if state is not None:
                header.restoreState(state)  # the order the user gave the columns, and the sort
            for column in range(len(COLUMNS)):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
            if not 0 <= header.sortIndicatorSection() < len(COLUMNS):
                header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        finally:
            self._sizing = False
        self.fit()

    def fit(self) -> None:
        """Columns the user has not sized fit their contents; the title takes what is left,
        and the place and event type give way to it down to their headers' width."""
        header = self.header
        if not self.view.isVisible():
            return  # hidden, Qt measures every row; the first show brings a resize anyway
        wanted = {
            column: self._chosen.get(COLUMNS[column].header) or self._content_width(column)
            for column in range(len(COLUMNS))
            if column != TITLE
        }
        spare = self.view.viewport().width() - sum(wanted.values())
        short = int(self.view.viewport().width() * TITLE_SHARE) - spare
        floors = {
            column: max(self._header_width(column), self._shortest())
            for column in ELIDABLE
            if COLUMNS[column].header not in self._chosen
        }
        while short > 0:
            # The widest gives way first, down to the next widest: both end up alike.
            over = sorted((c for c in floors if wanted[c] > floors[c]), key=wanted.get)
            if not over:
                break
            widest = over[-1]
            level = max([floors[widest]] + [wanted[c] for c in over[:-1]])
            give = min(short, max(1, wanted[widest] - level))
            wanted[widest] -= give
            short -= give
        self._sizing = True
        try:
            for column, width in wanted.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._sizing = False

    def _shortest(self) -> int:
        return self.view.fontMetrics().averageCharWidth() * SHORTEST + PADDING

    def _header_width(self, column: int) -> int:
        """The header's title whole, beside the sort arrow only in the column sorted by.

        Qt's own hint keeps room for an arrow in every column, which at 1,000 px costs
        the title a fifth of its width.
        """
        header = self.header
        sorted_by = header.isSortIndicatorShown() and header.sortIndicatorSection() == column
        if sorted_by:
            return header.sectionSizeHint(column)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        return header.fontMetrics().horizontalAdvance(COLUMNS[column].header) + 4 * margin

    def _content_width(self, column: int) -> int:
        values = self.view.sizeHintForColumn(column)  # the rows in sight, as the view draws them
        return max(values, self._header_width(column))

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._sizing or column == TITLE or not self.header.isVisible():
            return
        self._chosen[COLUMNS[column].header] = new
        settings.save_column_widths(self._chosen)

    def forget_widths(self) -> None:
        """Go back to automatic widths (the user's choices are dropped)."""
        self._chosen = {}
        settings.save_column_widths({})
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refit when the list's width changes, so the title keeps its share."""
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
