"""Our line breaking of paragraphs of several fragments gives ReportLab's lines exactly."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from casefile.sitrep import blocks, fonts, linebreak

WORDS = st.sampled_from(
    [
        "Border",
        "guards",
        "exchanged",
        "fire",
        "near",
        "Khorugh",
        "Шамсиддин",
        "—",
        "a",
        "[12]",
        "Badakhshan-Gorno",
        "x" * 40,  # wider than a narrow line: left to ReportLab
    ]
)
SPACES = st.sampled_from([" ", " ", "  ", "\t", "\n", " \u2009", "&nbsp;", ""])


@st.composite
def markup(draw: st.DrawFn) -> str:
    """Markup such as our paragraphs hold: words, line breaks, bold, links, smaller type."""
    parts = []
    for _ in range(draw(st.integers(1, 30))):
        text = draw(WORDS) + draw(SPACES)
        wrap = draw(st.sampled_from(["", "", "", "b", "br", "a", "small", "cjk"]))
        if wrap == "b":
            text = f"<b>{text}</b>"
        elif wrap == "br":
            text += "<br/>"
        elif wrap == "a":
            text = f'<a href="#src1" color="#1F3A5F">{text}</a>'
        elif wrap == "small":
            text = f'<font size="7.5">{text}</font>'
        elif wrap == "cjk":
            text = f'<font name="{fonts.face(fonts.CJK)}">边境{text}</font>'
        parts.append(text)
    return "".join(parts)


def _plain(value: Any) -> Any:
    """Lines, fragments and fragment words as comparable values (types kept)."""
    if isinstance(value, list):
        return (type(value).__name__, [_plain(v) for v in value])
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, {k: _plain(v) for k, v in sorted(vars(value).items())})
    return value


def _both(text: str, style_name: str, width: float, bullet: str | None = None) -> Any:
    """(ours, ReportLab's) line breaking of the same paragraph; ours None when it declines."""
    fonts.register()
    parsed = Paragraph(text, blocks.style(style_name), bulletText=bullet)
    ours, theirs = copy.copy(parsed), copy.copy(parsed)
    ours.frags = [copy.copy(f) for f in parsed.frags]
    theirs.frags = [copy.copy(f) for f in parsed.frags]
    broken = linebreak.break_lines(ours, [width])
    if broken is None:
        return None, None
    expected = Paragraph.breakLines(theirs, [width])
    state = _plain(theirs.frags), theirs._width_max, theirs.height  # type: ignore[attr-defined]
    ours_state = _plain(broken.frags), broken.width_max, 0
    return (_plain(broken.lines), ours_state), (_plain(expected), state)


@settings(max_examples=300, deadline=None)
@given(
    text=markup(),
    style_name=st.sampled_from(["Body", "Muted", "Cell", "Bluf"]),
    width=st.floats(40, 500),
)
def test_lines_are_reportlabs(text: str, style_name: str, width: float) -> None:
    ours, theirs = _both(text, style_name, width)
    assert ours == theirs


@settings(max_examples=50, deadline=None)
@given(text=markup(), width=st.floats(60, 400))
def test_lines_beside_a_bullet_are_reportlabs(text: str, width: float) -> None:
    ours, theirs = _both(text, "Bullet", width, bullet="•")
    assert ours == theirs


def test_our_paragraphs_take_the_lean_path() -> None:
    text = 'Guards exchanged fire near the river <a href="#src1">[1]</a>&nbsp;A2 ' * 5
    ours, theirs = _both(text + "<br/>Actors: border guards", "Body", 300)
    assert ours is not None and ours == theirs


def test_what_only_reportlab_handles_is_left_to_it() -> None:
    fonts.register()
    chosen = blocks.style("Body")
    assert linebreak.break_lines(Paragraph("one fragment only", chosen), 100) is None
    too_wide = Paragraph("<b>a</b> " + "x" * 80, chosen)
    assert linebreak.break_lines(too_wide, 100) is None
    assert too_wide.frags[0].text == "a"  # declined before changing anything
    soft = Paragraph("<b>hy\xadphen</b> ated", chosen)
    assert linebreak.break_lines(soft, 100) is None
    anchor = Paragraph('<a name="src1"/>[1] <b>x</b>', chosen)
    assert linebreak.break_lines(anchor, 100) is None


def test_a_line_squeezed_into_its_spaces_is_kept_whole() -> None:
    # ReportLab lets a line run past its width by a share of its spaces' width.
    fonts.register()
    text = "<b>Guards</b> " + "fired near the river " * 5
    natural = Paragraph(text, blocks.style("Body"))
    natural.wrap(10_000, 1000)
    full = 10_000 - natural.blPara.lines[0].extraSpace
    ours, theirs = _both(text, "Body", full - 1)
    assert ours == theirs
    assert len(ours[0][1]["lines"][1]) == 1  # one line, a point narrower than the text
