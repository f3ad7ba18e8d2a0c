"""Bundled fonts and per-script runs: ReportLab does no font fallback, so each run picks its own."""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from casefile.paths import resource

FONT_DIR = resource("fonts")

LATIN, ARABIC, CJK = "latin", "arabic", "cjk"

# Registered name -> file; bold falls back to regular where a script has no bold face.
FILES = {
    "CF-Sans": "NotoSans-Regular.ttf",
    "CF-Sans-Bold": "NotoSans-Bold.ttf",
    "CF-Sans-Italic": "NotoSans-Italic.ttf",
    "CF-Arabic": "NotoNaskhArabic-Regular.ttf",
    "CF-Arabic-Bold": "NotoNaskhArabic-Bold.ttf",
    "CF-CJK": "DroidSansFallbackFull.ttf",
}
FACES = {
    (LATIN, False): "CF-Sans",
    (LATIN, True): "CF-Sans-Bold",
    (ARABIC, False): "CF-Arabic",
    (ARABIC, True): "CF-Arabic-Bold",
    (CJK, False): "CF-CJK",
    (CJK, True): "CF-CJK",  # Droid has no bold; weight is carried by the Latin text around it
}
BASE = "CF-Sans"
BOLD = "CF-Sans-Bold"
ITALIC = "CF-Sans-Italic"

_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_CJK_BLOCKS = (
    (0x2E80, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x2FA1F),
)
# Text below U+0600 (Latin, Cyrillic, Greek...) is one run in the base font.
_ALL_LATIN = re.compile(r"[\u0000-\u05ff]*\Z")
# Joiners belong to the run they sit in: ZWNJ is how Dari writes "می‌شود".
_JOINERS = {"\u200c", "\u200d"}


def _ranges(blocks: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in blocks)


# One script's run as a regular expression: the first alternative that matches at a
# place wins, so a joiner goes with the run before it (and with Latin at the start).
_RUN = re.compile(
    f"(?P<{LATIN}>[^{_ranges(_ARABIC_BLOCKS)}{_ranges(_CJK_BLOCKS)}]+)"
    f"|(?P<{ARABIC}>[{_ranges(_ARABIC_BLOCKS)}{''.join(_JOINERS)}]+)"
    f"|(?P<{CJK}>[{_ranges(_CJK_BLOCKS)}{''.join(_JOINERS)}]+)"
)


class MeasuredFont(TTFont):
    """A TrueType font that remembers the widths it has measured and splits text in C.

    Line breaking measures every word of every paragraph, each time it is wrapped; the
    words of a report repeat, so most widths are looked up (rl-accel's C sum of glyph
    widths still costs a few microseconds a word). Drawing splits every string into
    font-subset codes, character by character in ReportLab; a translation table kept for
    each document does it for text whose characters the document has met (see
    `splitString`). Widths and codes are ReportLab's own. What it remembers lives in this
    object: ReportLab's modules and settings are left as they are.
    """

    LIMIT = 50_000  # strings per font before the memory is cleared

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._widths: dict[tuple[str, float], float] = {}
        # One table per document's state, dropped with the document.
        self._codes: weakref.WeakKeyDictionary[Any, _Codes] = weakref.WeakKeyDictionary()
        # The document last drawn into, with its state and names: a report draws thousands
        # of strings into one document, and finding its state in ReportLab's weak
        # dictionary (and ours) took longer than splitting the string.
        self._last: _Last | None = None
        # What getAscentDescent reads first: without them it reads the face after a
        # failed attribute lookup, for every line of every paragraph.
        self.ascent, self.descent = self.face.ascent, self.face.descent

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        """The width of the text at this size, in points."""
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= self.LIMIT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """ReportLab's split of text into (subset, codes), in C once its characters are known.

        Tried while the first subset has room, or for ASCII (always in the first subset):
        text in a later subset (most Chinese, in a long report) goes straight to ReportLab.
        """
        last = self._document(doc)
        if (
            last is not None
            and isinstance(text, str)
            and (text.isascii() or last.state.nextCode < 256)
        ):
            try:
                return [(0, text.translate(self._table(last)).encode("latin-1"))] if text else []
            except UnicodeEncodeError:  # a character new to the document, or in a later subset
                pass
        return super().splitString(text, doc, encoding)

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        """ReportLab's name of a subset in the document (`/F1+0`), remembered for the document."""
        last = self._document(doc)
        name = last.names.get(subset) if last is not None else None
        if name is None:
            name = super().getSubsetInternalName(subset, doc)
            last = self._document(doc)  # ReportLab made the state if it was the first use
            if last is not None:
                last.names[subset] = name
        return name

    def _document(self, doc: Any) -> _Last | None:
        """What is kept of the document last drawn into; None while it has no state."""
        last = self._last
        if last is None or last.document() is not doc:
            state = self.state.get(doc)
            if state is None:
                return None
            table = self._codes.get(state)
            if table is None:
                table = self._codes[state] = _Codes()
            last = self._last = _Last(weakref.ref(doc, self._forget), state, table, {})
        return last

    def _forget(self, document: weakref.ref[Any]) -> None:
        """Let go of a document's state and table once the document is gone."""
        if self._last is not None and self._last.document is document:
            self._last = None

    def _table(self, last: _Last) -> _Codes:
        """The translation table of this font's state in one document, kept as codes are added."""
        table = last.table
        assignments = last.state.assignments
        if table.count != len(assignments):
            # ReportLab only ever adds assignments, in order: take the ones added since.
            for char, code in itertools.islice(assignments.items(), table.count, None):
                table[char] = chr(code)
            if 32 in assignments:
                table[0xA0] = table[32]  # ReportLab sets a no-break space as a space
            table.count = len(assignments)
        return table


class _Last(NamedTuple):
    """The document a font last drew into (weakly), its state there and what we keep of it."""

    document: weakref.ref[Any]
    state: Any  # ReportLab's TTFont.State
    table: _Codes
    names: dict[int, str]  # subset -> its name


class _Codes(dict[int, str]):
    """A document's character -> subset code table; unknown characters fail encoding."""

    count = 0  # how many of the state's assignments it holds

    def __missing__(self, char: int) -> str:
        return _UNKNOWN


_UNKNOWN = "\U0010ffff"  # not Latin-1: encoding the translated text fails


@cache
def register() -> None:
    """Register the bundled fonts once per process (ReportLab embeds only the glyphs used)."""
    for name, filename in FILES.items():
        pdfmetrics.registerFont(MeasuredFont(name, str(FONT_DIR / filename)))
    addMapping(BASE, 0, 0, BASE)
    addMapping(BASE, 1, 0, BOLD)
    addMapping(BASE, 0, 1, ITALIC)
    addMapping(BASE, 1, 1, BOLD)


@cache  # per character: tokenizing a right-to-left paragraph asks for each of its letters
def script_of(char: str) -> str | None:
    """The script a character needs a font for; None for joiners, which follow their run."""
    if char in _JOINERS:
        return None
    code = ord(char)
    if code < 0x0600:
        return LATIN
    if any(lo <= code <= hi for lo, hi in _ARABIC_BLOCKS):
        return ARABIC
    if any(lo <= code <= hi for lo, hi in _CJK_BLOCKS):
        return CJK
    return LATIN


@dataclass(frozen=True)
class Run:
    """A stretch of text in one script."""

    script: str
    text: str


def runs(text: str) -> list[Run]:
    """Split text into runs of one script each, joiners staying with the run they are in."""
    if _ALL_LATIN.match(text):  # most text: no per-character work
        return [Run(LATIN, text)] if text else []
    return [Run(match.lastgroup or LATIN, match.group()) for match in _RUN.finditer(text)]


def single_run(text: str) -> bool:
    """Whether the base font alone can set the text (no Arabic or Chinese in it)."""
    return bool(_ALL_LATIN.match(text))


def base_font_only(text: str) -> bool:
    """Whether the text is one Latin run (dashes and quotes above U+0600 included)."""
    return not _NOT_LATIN.search(text)  # what `runs` would say, without making them


# Any character that starts a run of another script (joiners go with the run they are in).
_NOT_LATIN = re.compile(f"[{_ranges(_ARABIC_BLOCKS)}{_ranges(_CJK_BLOCKS)}]")


def face(script: str, *, bold: bool = False) -> str:
    """The registered font name for a script."""
    return FACES[(script, bold)]


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for user text: escaped, with a font switch for each non-Latin run."""
    parts = []
    for run in runs(text):
        safe = escape(run.text)
        if run.script == LATIN:
            parts.append(safe)
        else:
            parts.append(f'<font name="{face(run.script, bold=bold)}">{safe}</font>')
    return "".join(parts)


def has_script(text: str, script: str) -> bool:
    """Whether any character of the text needs the given script's font."""
    return any(script_of(c) == script for c in text)
