"""Right-to-left text: bidi levels, line breaking in logical order, shaped runs in visual order.

ReportLab lays out words left to right and its own bidi support needs rlbidi, which we do
not ship. Text holding Arabic script therefore goes through `BidiParagraph`: levels come
from python-bidi's implementation of the Unicode bidirectional algorithm (rules P–I),
lines are broken in logical order, and each line is reordered (rule L2) from its tokens.
HarfBuzz, through ReportLab's `shapeStr`, joins each Arabic token and returns its glyphs
in visual order; Latin and digits keep their order inside.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm
from bidi.mirror import MIRRORED
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from casefile.sitrep import fonts

_STRONG_RTL = ("R", "AL")
# Hebrew, Arabic, Syriac, Thaana, N'Ko... start at U+0590: below it nothing is right-to-left.
_NO_RTL = re.compile(r"[\u0000-\u058f]*\Z")


def has_rtl(text: str) -> bool:
    """Whether the text holds right-to-left letters and so needs bidi treatment."""
    if _NO_RTL.match(text):  # the common case, without a look-up per character
        return False
    return any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text)


def levels(text: str, base: int | None = None) -> tuple[int, list[int]]:
    """The paragraph level and each character's resolved embedding level."""
    kept = [i for i, c in enumerate(text) if unicodedata.bidirectional(c) != "BN"]
    stripped = "".join(text[i] for i in kept)
    storage = algorithm.get_empty_storage()
    storage["base_level"] = algorithm.get_base_level(stripped) if base is None else base
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    algorithm.get_embedding_levels(stripped, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    resolved = [c["level"] for c in storage["chars"]]
    # Joiners (BN) were set aside by rule X9; they take the level of the letter before them.
    out = [storage["base_level"]] * len(text)
    for index, level in zip(kept, resolved, strict=True):
        out[index] = level
    for i, char in enumerate(text):
        if unicodedata.bidirectional(char) == "BN" and i:
            out[i] = out[i - 1]
    return storage["base_level"], out


@dataclass(frozen=True)
class Token:
    """A piece of a line in one script at one level; spaces are tokens of their own."""

    text: str
    script: str
    level: int

    @property
    def space(self) -> bool:
        """Whether the token is white space, where lines may break."""
        return self.text.isspace()


def tokenize(text: str, base: int | None = None) -> tuple[int, list[Token]]:
    """Cut text wherever the script, the level or white space changes."""
    paragraph, char_levels = levels(text, base)
    tokens: list[Token] = []
    start = 0
    keys = []
    script = fonts.LATIN
    for char, level in zip(text, char_levels, strict=True):
        script = fonts.script_of(char) or script
        keys.append((script, level, char.isspace()))
    for i in range(1, len(text) + 1):
        if i == len(text) or keys[i] != keys[i - 1]:
            tokens.append(Token(text[start:i], keys[start][0], keys[start][1]))
            start = i
    return paragraph, tokens


def visual_order(line: list[Token]) -> list[Token]:
    """Rule L2: reverse each run at or above each level, from the highest level down."""
    order = list(line)
    if not order:
        return order
    top = max(t.level for t in order)
    lowest_odd = min(t.level for t in order) | 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i].level >= level:
                j = i
                while j < len(order) and order[j].level >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


@lru_cache(maxsize=4096)
def _shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """Arabic text shaped by HarfBuzz (glyphs in visual order) and its advance width."""
    shaped = shapeStr(text, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return shaped, stringWidth(text, font, size)
    return shaped, sum(d.x_advance for d in data) * size / 1000


def rendered(token: Token, font: str, size: float) -> tuple[str, float]:
    """What to draw for a token, left to right, and how wide it is."""
    if token.script == fonts.ARABIC and token.level % 2 and not token.space:
        return _shaped(token.text, font, size)
    # Digits in Arabic script resolve to an even level: drawn as they are, never reversed.
    text = token.text
    if token.level % 2:
        # Neutrals inside right-to-left text read backwards, brackets mirrored (rule L4).
        text = "".join(MIRRORED.get(c, c) for c in reversed(text))
    return text, stringWidth(text, font, size)


class BidiParagraph(Flowable):
    """Plain text that may hold right-to-left script, wrapped and drawn in visual order."""

    def __init__(self, text: str, style: ParagraphStyle, *, base: int | None = None):
        super().__init__()
        self.style = style
        self.text = text
        self.base, self.tokens = tokenize(" ".join(text.split()), base)
        self._bold = "Bold" in style.fontName
        self.lines: list[list[Token]] = []
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def _font(self, token: Token) -> str:
        if token.script == fonts.LATIN:
            return self.style.fontName
        return fonts.face(token.script, bold=self._bold)

    def _width(self, token: Token) -> float:
        return rendered(token, self._font(token), self.style.fontSize)[1]

    def _break(self, width: float) -> list[list[Token]]:
        """Greedy line breaking over words, in logical order.

        The spaces a line breaks at stay in the next line's tokens (drawn nowhere, measured
        as nothing), so that a split part re-wraps into exactly the same lines.
        """
        lines: list[list[Token]] = [[]]
        used = 0.0
        for word in _words(self.tokens):
            ink = sum(self._width(t) for t in word if not t.space)
            gap = sum(self._width(t) for t in word if t.space)
            if lines[-1] and used + gap + ink > width:
                lines.append([])
                used = 0.0
            elif lines[-1]:
                used += gap
            lines[-1].extend(word)
            used += ink
        return [line for line in lines if line]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.lines = self._break(self._room(availWidth))
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def _room(self, width: float) -> float:
        return width - self.style.leftIndent - self.style.rightIndent

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        head = [t for line in self.lines[:fit] for t in line]
        tail = [t for line in self.lines[fit:] for t in line]
        return [self._with(head), self._with(tail)]

    def _with(self, tokens: list[Token]) -> BidiParagraph:
        part = BidiParagraph("", self.style, base=self.base)
        part.text = "".join(t.text for t in tokens)
        part.tokens = tokens
        return part

    def draw(self) -> None:
        canvas: Canvas = self.canv
        style = self.style
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for line in self.lines:
            self._draw_line(canvas, _trim(line), y)
            y -= style.leading

    def _draw_line(self, canvas: Canvas, line: list[Token], y: float) -> None:
        size = self.style.fontSize
        pieces = [(t, *rendered(t, self._font(t), size)) for t in visual_order(line)]
        total = sum(width for _, _, width in pieces)
        x = self.style.leftIndent + _start(self._alignment(), self._room(self.width), total)
        for token, text, width in pieces:
            if not token.space:
                canvas.setFont(self._font(token), size)
                canvas.drawString(x, y, text)
            x += width

    def _alignment(self) -> int:
        if self.style.alignment == TA_CENTER:
            return TA_CENTER
        return TA_RIGHT if self.base % 2 else self.style.alignment


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


def _start(alignment: int, width: float, used: float) -> float:
    if alignment == TA_RIGHT:
        return width - used
    if alignment == TA_CENTER:
        return (width - used) / 2
    return 0.0


@lru_cache(maxsize=256)
def pieces(text: str, size: float, bold: bool = False) -> tuple[tuple[str, str, float], ...]:
    """One line of any script as (font, text to draw, width) pieces in visual order."""
    _, tokens = tokenize(" ".join(text.split()))
    out = []
    for token in visual_order(tokens):
        if token.script == fonts.LATIN:
            font = fonts.BOLD if bold else fonts.BASE
        else:
            font = fonts.face(token.script, bold=bold)
        out.append((font, *rendered(token, font, size)))
    return tuple(out)


def line_width(text: str, size: float, bold: bool = False) -> float:
    """How wide one line of text is once drawn."""
    return sum(width for _, _, width in pieces(text, size, bold))


def draw_line(
    canvas: Canvas, x: float, y: float, text: str, size: float, *, align: str = "left",
    bold: bool = False,
) -> None:
    """Draw one line of any script at x (its left, right or centre, as `align` says)."""
    parts = pieces(text, size, bold)
    total = sum(width for _, _, width in parts)
    x = {"left": x, "right": x - total, "centre": x - total / 2}[align]
    for font, shown, width in parts:
        if shown.strip():
            canvas.setFont(font, size)
            canvas.drawString(x, y, shown)
        x += width


def fit(text: str, size: float, width: float) -> str:
    """Text cut to a width with an ellipsis, for one-line fields such as page headers."""
    if line_width(text, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if line_width(text[:middle] + "…", size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"
