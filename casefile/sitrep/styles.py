"""The report stylesheet as data: each style names its parent and what it changes."""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

from casefile.sitrep import fonts

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#9AA5B1")
SHADE = colors.HexColor("#EEF1F5")
MUTED = colors.HexColor("#5A6570")
# Killed and injured in charts: dark red and amber read apart in greyscale too.
KILLED = colors.HexColor("#8B1E1E")
INJURED = colors.HexColor("#D08C2B")
BARS = colors.HexColor("#3C6E9F")
# Draft incidents (not yet reviewed): dark amber text, a pale amber shade, amber bars.
DRAFT = colors.HexColor("#8A4B08")
DRAFT_SHADE = colors.HexColor("#FBF0DC")
DRAFT_BARS = colors.HexColor("#E0A040")

# name -> (parent, changes). Order matters: a parent comes before its children.
STYLES: dict[str, tuple[str | None, dict[str, Any]]] = {
    "Body": (
        None,
        dict(
            fontName=fonts.BASE,
            bulletFontName=fonts.BASE,  # not ReportLab's Helvetica, which would go unembedded
            fontSize=9.5,
            leading=13,
            textColor=INK,
            spaceAfter=4,
            alignment=TA_LEFT,
        ),
    ),
    "Small": ("Body", dict(fontSize=8, leading=10.5, spaceAfter=2)),
    "Muted": ("Small", dict(textColor=MUTED)),
    "Cell": ("Small", dict(spaceAfter=0)),
    "CellBold": ("Cell", dict(fontName=fonts.BOLD)),
    "CellRight": ("Cell", dict(alignment=TA_RIGHT)),
    "CellHead": ("Cell", dict(fontName=fonts.BOLD, textColor=colors.white)),
    "Title": (
        "Body",
        dict(fontName=fonts.BOLD, fontSize=18, leading=22, spaceAfter=4, textColor=ACCENT),
    ),
    "Subtitle": ("Body", dict(fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8)),
    "H1": (
        "Body",
        dict(
            fontName=fonts.BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=12,
            spaceAfter=5,
            textColor=ACCENT,
            keepWithNext=1,
        ),
    ),
    # Before a long table: keepWithNext would move heading and table to a new page whole.
    "H1Table": ("H1", dict(keepWithNext=0)),
    "H2": ("H1", dict(fontSize=10, leading=13, spaceBefore=8, spaceAfter=3, textColor=INK)),
    "Incident": ("H2", dict(keepWithNext=0)),
    "IncidentDraft": ("Incident", dict(textColor=DRAFT)),
    "Draft": ("Small", dict(fontName=fonts.BOLD, textColor=DRAFT)),
    "DraftCell": ("Cell", dict(fontName=fonts.BOLD, textColor=DRAFT)),
    "Bluf": (
        "Body",
        dict(
            fontSize=10.5,
            leading=14.5,
            backColor=SHADE,
            borderPadding=6,
            spaceBefore=4,
            spaceAfter=10,
        ),
    ),
    "Bullet": ("Body", dict(leftIndent=12, bulletIndent=2)),
    "Caption": ("Small", dict(fontName=fonts.ITALIC, textColor=MUTED, alignment=TA_CENTER)),
    "Figure": (
        "Body",
        dict(
            fontName=fonts.BOLD,
            fontSize=16,
            leading=19,
            alignment=TA_CENTER,
            textColor=ACCENT,
            spaceAfter=0,
        ),
    ),
    "FigureLabel": ("Small", dict(alignment=TA_CENTER, textColor=MUTED)),
}


@cache
def stylesheet() -> StyleSheet1:
    """The report styles, built once from `STYLES` with parent inheritance."""
    fonts.register()
    sheet = StyleSheet1()
    for name, (parent, changes) in STYLES.items():
        sheet.add(ParagraphStyle(name, parent=sheet[parent] if parent else None, **changes))
    return sheet
