"""Bundled fonts: Chinese and Arabic-script names have glyphs on a system without such fonts."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication

from ui import fonts


def missing_glyphs(text: str) -> int:
    """How many characters of `text` the app's font, with Qt's fallback, draws as a box."""
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


@pytest.mark.parametrize(
    "text",
    [
        "中国驻塔吉克斯坦大使馆",  # the Chinese embassy's notice in the demo case
        "امارت اسلامی افغانستان",  # Dari
        "Шамсиддин Шоҳин",  # Tajik Cyrillic
    ],
)
def test_names_in_every_script_of_the_demo_case_have_glyphs(qapp: QApplication, text: str) -> None:
    assert fonts.register(), fonts.FONT_DIR  # the fonts the PDF reports embed
    assert missing_glyphs(text) == 0
