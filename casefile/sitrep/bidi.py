"""Right-to-left text: bidi levels, tokens of one script and level, shaped runs in visual order.

ReportLab lays out words left to right and its own bidi support needs rlbidi, which we do
not ship. Levels come from the Unicode bidirectional algorithm (rules P–I, see
`bidi_levels`); text is cut into tokens of one script and level, and each line is
reordered (rule L2) from its tokens. HarfBuzz, through ReportLab's `shapeStr`, joins each
Arabic token and returns its glyphs in visual order; Latin and digits keep their order.
Paragraphs are laid out by `bidi_paragraph.BidiParagraph`; one-line fields (page headers)
are drawn by `draw_line`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from casefile.sitrep import fonts
from casefile.sitrep.bidi_levels import levels

_STRONG_RTL = ("R", "AL")
# Every right-to-left letter is in these blocks (Hebrew to Arabic Extended, the RLM, the
# presentation forms, and two astral ranges; a test checks the whole of Unicode): only
# characters in them are looked up, not each letter of a Chinese title or an em dash.
_MAYBE_RTL = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


# Marks that steer the bidi algorithm and have no glyph: LRM, RLM, ALM, the embeddings,
# overrides and isolates. Text pasted from web pages often holds them around names; fonts
# draw them as boxes, so a report prints its text without them (the words stay in order).
_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


# Looked for before they are taken out: translating copies the text a character at a time
# (30 µs for a long narrative), and a report's texts seldom hold any.
_ANY_MARK = re.compile(f"[{''.join(map(chr, _MARKS))}]")


def without_marks(text: str) -> str:
    """The text without bidi marks and controls, which have no glyph to print."""
    return text.translate(_MARKS) if _ANY_MARK.search(text) else text


def has_rtl(text: str) -> bool:
    """Whether the text holds right-to-left letters and so needs bidi treatment."""
    return any(unicodedata.bidirectional(c) in _STRONG_RTL for c in _MAYBE_RTL.findall(text))


class Token(NamedTuple):
    """A piece of a line in one script at one level; spaces are tokens of their own.

    A named tuple: a report makes some 50,000 and looks each one up by value several
    times (a frozen dataclass is made and hashed in Python, a tuple in C).
    """

    text: str
    script: str
    level: int

    @property
    def space(self) -> bool:
        """Whether the token is white space, where lines may break."""
        return self.text.isspace()


def tokenize(text: str, base: int | None = None) -> tuple[int, list[Token]]:
    """Cut text wherever the script, the level or white space changes."""
    paragraph, cuts = _tokens(text, base)
    return paragraph, [Token(*cut) for cut in cuts]


# The report dialog's live preview lays the same incidents out again after each pause in
# typing; the bidi algorithm (python-bidi's, in Python) was a twentieth of each preview.
# Kept as plain tuples, which the cyclic collector stops following once it has seen them:
# some twenty thousand named tuples it would otherwise go through at each of its full passes.
@lru_cache(maxsize=4096)
def _tokens(text: str, base: int | None) -> tuple[int, tuple[tuple[str, str, int], ...]]:
    paragraph, char_levels = levels(text, base)
    tokens: list[tuple[str, str, int]] = []
    start = 0
    keys = []
    script = fonts.LATIN
    for char, level in zip(text, char_levels, strict=True):
        script = fonts.script_of(char) or script
        keys.append((script, level, char.isspace()))
    for i in range(1, len(text) + 1):
        if i == len(text) or keys[i] != keys[i - 1]:
            tokens.append((text[start:i], keys[start][0], keys[start][1]))
            start = i
    return paragraph, tuple(tokens)


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


def _is_shaped(token: Token) -> bool:
    """Whether a token is Arabic script running right to left: HarfBuzz shapes it."""
    return token.script == fonts.ARABIC and bool(token.level % 2) and not token.space


@lru_cache(maxsize=4096)
def _shaped(text: str, font: str, size: float) -> tuple[str, float, bool]:
    """Arabic text shaped by HarfBuzz (glyphs in visual order), its advance width, and
    whether its glyphs drawn as plain text land where HarfBuzz put them.

    The glyphs as a plain string: a paragraph draws its runs joined as plain text, and
    ReportLab's shaped string carries a named tuple per glyph, which the memo would keep
    for the cyclic collector to go through at each of its full passes. Plain text is
    exact unless a glyph is moved: vowel marks (harakat) sit at offsets, and a zero-width
    non-joiner becomes a space glyph that advances by nothing.
    """
    shaped = shapeStr(text, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return str(shaped), stringWidth(text, font, size), True
    exact = all(
        d.x_offset == 0 and d.y_offset == 0 and d.x_advance == d.width and d.y_advance == 0
        for d in data
    )
    return str(shaped), sum(d.x_advance for d in data) * size / 1000, exact


def rendered(token: Token, font: str, size: float) -> tuple[str, float]:
    """What to draw for a token, left to right, and how wide it is."""
    if _is_shaped(token):
        shown, width, _ = _shaped(token.text, font, size)
        return shown, width
    # Digits in Arabic script resolve to an even level: drawn as they are, never reversed.
    text = token.text
    if token.level % 2:
        # Neutrals inside right-to-left text read backwards, brackets mirrored (rule L4).
        text = "".join(MIRRORED.get(c, c) for c in reversed(text))
    return text, stringWidth(text, font, size)


def drawable(token: Token, font: str, size: float) -> str:
    """What to draw for a token: plain text, or where glyphs are moved (vowel marks, a
    zero-width non-joiner) ReportLab's shaped string, which places each glyph itself."""
    if not _is_shaped(token):
        return rendered(token, font, size)[0]
    shown, _, exact = _shaped(token.text, font, size)
    return shown if exact else shapeStr(token.text, font, size)


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
        shown, width = rendered(token, font, size)
        if _is_shaped(token):
            # Drawn alone, with the glyph positions HarfBuzz gave (ReportLab reads them).
            shown = shapeStr(token.text, font, size)
        out.append((font, shown, width))
    return tuple(out)


def line_width(text: str, size: float, bold: bool = False) -> float:
    """How wide one line of text is once drawn."""
    return sum(width for _, _, width in pieces(text, size, bold))


def draw_line(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    align: str = "left",
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
