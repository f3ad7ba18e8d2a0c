"""A paragraph of plain text that may run right to left, wrapped and drawn in visual order.

Lines are broken in logical order over whole words; each line is then reordered by its
tokens' bidi levels (see `bidi`). Only plain text: markup is escaped before it gets here.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from casefile.sitrep import fonts
from casefile.sitrep.bidi import Token, drawable, rendered, tokenize, visual_order


class BidiParagraph(Flowable):
    """Plain text that may hold right-to-left script, wrapped and drawn in visual order."""

    def __init__(
        self, text: str, style: ParagraphStyle, *, base: int | None = None, bullet: str = ""
    ):
        super().__init__()
        self.style = style
        self.bullet = bullet
        self.text = text
        self.base, self.tokens = tokenize(" ".join(text.split()), base)
        self._bold = "Bold" in style.fontName
        self.lines: list[list[Token]] = []
        self._widths: dict[Token, float] = {}
        self._measured: tuple[list[Token], list[tuple[list[Token], float, float]]] | None = None
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def _font(self, token: Token) -> str:
        if token.script == fonts.LATIN:
            return self.style.fontName
        return fonts.face(token.script, bold=self._bold)

    def _width(self, token: Token) -> float:
        # Wrapped at least twice (wrap, then split): measure each token once.
        width = self._widths.get(token)
        if width is None:
            width = self._widths[token] = rendered(token, self._font(token), self.style.fontSize)[1]
        return width

    def _break(self, width: float) -> list[list[Token]]:
        """Greedy line breaking over words, in logical order.

        The spaces a line breaks at stay in the next line's tokens (drawn nowhere, measured
        as nothing), so that a split part re-wraps into exactly the same lines.
        """
        lines: list[list[Token]] = [[]]
        used = 0.0
        if self._measured is None or self._measured[0] is not self.tokens:
            measured = []
            for word in _words(self.tokens):
                ink = sum(self._width(t) for t in word if not t.space)
                gap = sum(self._width(t) for t in word if t.space)
                measured.append((word, ink, gap))
            self._measured = (self.tokens, measured)
        for word, ink, gap in self._measured[1]:
            if lines[-1] and used + gap + ink > width:
                lines.append([])
                used = 0.0
            elif lines[-1]:
                used += gap
            lines[-1].extend(word)
            used += ink
        return [line for line in lines if line]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break into lines for this width; the height is one leading per line."""
        self.width = availWidth
        self.lines = self._break(self._room(availWidth))
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def _indents(self) -> tuple[float, float]:
        """Left and right indents; a right-to-left paragraph starts on the right."""
        start, end = self.style.leftIndent, self.style.rightIndent
        return (end, start) if self.base % 2 else (start, end)

    def _room(self, width: float) -> float:
        return width - sum(self._indents())

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The lines that fit here and the rest, or nothing if not one line fits."""
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        head = [t for line in self.lines[:fit] for t in line]
        tail = [t for line in self.lines[fit:] for t in line]
        return [self._with(head), self._with(tail)]

    def _with(self, tokens: list[Token]) -> BidiParagraph:
        part = BidiParagraph("", self.style, base=self.base)  # the bullet stays with the head
        part.text = "".join(t.text for t in tokens)
        part.tokens = tokens
        return part

    def draw(self) -> None:
        """Draw each line, its tokens in visual order."""
        canvas: Canvas = self.canv
        style = self.style
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize
        if self.bullet:
            self._draw_bullet(canvas, y)
        # One text object for the whole paragraph: a drawString per token costs far more.
        text = canvas.beginText()
        for line in self.lines:
            self._draw_line(text, _trim(line), y)
            y -= style.leading
        canvas.drawText(text)

    def _draw_bullet(self, canvas: Canvas, y: float) -> None:
        size = self.style.fontSize
        canvas.setFont(self.style.fontName, size)
        if self.base % 2:
            canvas.drawRightString(self.width - self.style.bulletIndent, y, self.bullet)
        else:
            canvas.drawString(self.style.bulletIndent, y, self.bullet)

    def _draw_line(self, text: PDFTextObject, line: list[Token], y: float) -> None:
        size = self.style.fontSize
        # Unshaped tokens in one font go out as one string: its glyphs advance exactly as
        # the tokens' measured widths do, spaces included, with one text origin, not one each.
        runs: list[tuple[str, list[str], float, bool]] = []  # font, texts, width, shaped
        for token in visual_order(line):
            font = self._font(token)
            shown, width = rendered(token, font, size)
            shaped = token.script == fonts.ARABIC and bool(token.level % 2) and not token.space
            if shaped:
                shown = drawable(token, font, size)
            if runs and runs[-1][0] == font and not shaped and not runs[-1][3]:
                last = runs[-1]
                last[1].append(shown)
                runs[-1] = (font, last[1], last[2] + width, False)
            else:
                runs.append((font, [shown], width, shaped))
        total = sum(width for _, _, width, _ in runs)
        x = self._indents()[0] + _start(self._alignment(), self._room(self.width), total)
        current = None
        for font, texts, width, _ in runs:
            if type(texts[0]) is not str:  # glyphs HarfBuzz moved: `bidi.drawable`
                # Drawn on its own: ReportLab's text object fails to raise a mark that
                # comes first in an object already in this font (its `setRise`).
                self.canv.setFont(font, size)
                self.canv.drawString(x, y, texts[0])
                x += width
                continue
            shown = "".join(texts)
            if shown.strip():
                text.setTextOrigin(x, y)
                if font != current:
                    text.setFont(font, size)
                    current = font
                # The origin is set for each run: no cursor to track. (Private: not in the stub.)
                text._textOut(shown)  # type: ignore[attr-defined]
            x += width

    def _alignment(self) -> int:
        given = self.style.alignment
        # ReportLab also takes names ("centre", "right").
        alignment = _NAMED_ALIGNMENTS.get(given.lower(), 0) if isinstance(given, str) else given
        if alignment == TA_CENTER:
            return TA_CENTER
        return TA_RIGHT if self.base % 2 else alignment


def _words(tokens: list[Token]) -> list[list[Token]]:
    """Groups of tokens that must stay on one line: leading spaces, then the word."""
    words: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.space and current and not all(t.space for t in current):
            words.append(current)
            current = []
        current.append(token)
    if current:
        words.append(current)
    return words


def _trim(line: list[Token]) -> list[Token]:
    start, end = 0, len(line)
    while start < end and line[start].space:
        start += 1
    while end > start and line[end - 1].space:
        end -= 1
    return line[start:end]


_NAMED_ALIGNMENTS = {"center": TA_CENTER, "centre": TA_CENTER, "right": TA_RIGHT, "justify": 4}


def _start(alignment: int, width: float, used: float) -> float:
    if alignment == TA_RIGHT:
        return width - used
    if alignment == TA_CENTER:
        return (width - used) / 2
    return 0.0
