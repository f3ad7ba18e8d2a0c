"""Right-to-left text: bidi levels, tokens of one script and level, shaped runs in visual order.

ReportLab lays out words left to right and its own bidi support needs rlbidi, which we do
not ship. Levels come from python-bidi's implementation of the Unicode bidirectional
algorithm (rules P–I); text is cut into tokens of one script and level, and each line is
reordered (rule L2) from its tokens. HarfBuzz, through ReportLab's `shapeStr`, joins each
Arabic token and returns its glyphs in visual order; Latin and digits keep their order.
Paragraphs are laid out by `bidi_paragraph.BidiParagraph`; one-line fields (page headers)
are drawn by `draw_line`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi import algorithm
from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

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
    _resolve_brackets(storage)  # rule N0, which python-bidi's Python version lacks
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


# Paired brackets from Unicode's BidiBrackets.txt, the ones our text can hold.
_OPENING = dict(zip(
    "([{⁅⁽₍⌈⌊〈⟨⟦⟪《「『【〔〖〘〚（［｛｟｢", ")]}⁆⁾₎⌉⌋〉⟩⟧⟫》」』】〕〗〙〛）］｝｠｣", strict=True
))
_CLOSING = set(_OPENING.values())
_MAX_DEPTH = 63  # BD16: deeper nesting stops the pairing


def _strong(bidi_type: str) -> str | None:
    """L or R for rule N0, numbers counting as R; None for neutrals."""
    if bidi_type == "L":
        return "L"
    return "R" if bidi_type in ("R", "AL", "EN", "AN") else None


def _bracket_pairs(chars: list[dict[str, object]]) -> list[tuple[int, int]]:
    """Rule BD16: positions of matching opening and closing brackets, by opening position."""
    stack: list[tuple[str, int]] = []
    pairs = []
    for index, char in enumerate(chars):
        if char["type"] != "ON":
            continue
        if char["ch"] in _OPENING:
            if len(stack) == _MAX_DEPTH:
                break
            stack.append((_OPENING[str(char["ch"])], index))
        elif char["ch"] in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char["ch"]:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(storage: dict[str, object]) -> None:
    """Rule N0: a bracket pair takes the direction of its content, weighed against its context.

    Without it, "(" and ")" around text of the other direction are resolved one by one
    and can end up facing the wrong way round their content.
    """
    chars: list[dict[str, object]] = storage["chars"]  # type: ignore[assignment]
    embedding = "R" if int(storage["base_level"]) % 2 else "L"  # type: ignore[call-overload]
    for opening, closing in _bracket_pairs(chars):
        inside = {_strong(str(c["type"])) for c in chars[opening + 1:closing]} - {None}
        if not inside:
            continue
        direction = embedding
        if embedding not in inside:
            before = (_strong(str(c["type"])) for c in reversed(chars[:opening]))
            direction = next((d for d in before if d), embedding)
        for index in (opening, closing):
            chars[index]["type"] = direction
            follower = index + 1  # marks on a bracket follow it
            while follower < len(chars) and chars[follower]["orig"] == "NSM":
                chars[follower]["type"] = direction
                follower += 1


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
    paragraph, tokens = _tokens(text, base)
    return paragraph, list(tokens)


# The report dialog's live preview lays the same incidents out again after each pause in
# typing; the bidi algorithm (python-bidi's, in Python) was a twentieth of each preview.
@lru_cache(maxsize=4096)
def _tokens(text: str, base: int | None) -> tuple[int, tuple[Token, ...]]:
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
