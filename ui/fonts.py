"""The bundled fonts added to Qt's, so names in Chinese or Arabic script never show as boxes."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFontDatabase

from casefile.paths import resource

FONT_DIR = resource("fonts")


@cache
def register() -> list[str]:
    """Add the fonts the PDF reports use to Qt's fallback; the system font stays the UI font.

    A machine set up for Latin text alone often lacks Chinese and Arabic fonts, and the case
    holds names in both. Returns the families added (none when the folder is missing).
    """
    families: list[str] = []
    for path in sorted(FONT_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families
