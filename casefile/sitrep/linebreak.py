"""Line breaking for paragraphs of several fragments: ReportLab's own result, found leaner.

Breaking a paragraph of several fragments (a narrative with its citation links, the facts
under an incident's heading) was over half of a long report's layout. ReportLab's loop
asks, word by word, whether the word's fragment matches the one before (rl-accel's
`sameFrag`, which on Python 3.11 raises and clears four AttributeErrors a call), and
measures the same font's ascent and space again. `break_lines` walks the same words in the
same order and builds the same lines (the same `FragLine`s with the same fragment copies),
but knows that a fragment matches itself and remembers each font's measures for the call.

It takes only what our paragraphs hold: text and line-break fragments, no images,
hyphenation, soft hyphens or bidi, and no word wider than its line. For
anything else it answers None and the caller uses ReportLab's `breakLines`; a test holds
the two equal over generated paragraphs and whole reports byte for byte.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import paragraph

_rl: Any = paragraph  # the helpers below are private: the stubs leave them out

# ReportLab's own helpers, read here (never replaced). A release that renames one leaves
# `_HELPERS` None, and every paragraph goes to ReportLab's breakLines as before.
try:
    _HELPERS: tuple[Any, ...] | None = (
        _rl._getFragWords,
        _rl._handleBulletWidth,
        _rl._processed_frags,
        _rl._HSFrag,
        _rl._SplitFrag,
        _rl._FK_BREAK,
        _rl._FK_TEXT,
        _rl._shy,
        _rl.FragLine,
        _rl.ParaLines,
    )
except AttributeError:  # pragma: no cover - another ReportLab
    _HELPERS = None


class Broken(NamedTuple):
    """A paragraph's lines, and the state ReportLab's `breakLines` leaves on the paragraph
    with them (its fragments as words, the widest line); the paragraph sets it on itself."""

    lines: Any
    frags: list[Any]
    width_max: float


def available() -> bool:
    """Whether this ReportLab has the helpers `break_lines` builds on."""
    return _HELPERS is not None


def _style_supported(paragraph: Any) -> bool:
    """Whether nothing in the style asks for what `break_lines` leaves to ReportLab."""
    style = paragraph.style
    auto_leading = getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
    return not (
        style.wordWrap
        or style.shaping
        or getattr(style, "hyphenationLang", "")
        or style.uriWasteReduce
        or style.embeddedHyphenation
        or style.endDots
        or auto_leading not in ("", "off")
    )


def break_lines(paragraph: Any, width: float | list[float] | tuple[float, ...]) -> Broken | None:
    """The lines ReportLab's `breakLines` makes of a paragraph of several fragments, or None.

    None when the paragraph holds what only ReportLab handles. The paragraph is only read.
    """
    if _HELPERS is None:
        return None
    (
        get_frag_words,
        handle_bullet_width,
        processed_frags,
        HSFrag,
        SplitFrag,
        FK_BREAK,
        FK_TEXT,
        shy,
        FragLine,
        ParaLines,
    ) = _HELPERS
    frags = paragraph.frags
    if len(frags) < 2 or processed_frags(frags) or not _style_supported(paragraph):
        return None
    for frag in frags:
        d = frag.__dict__
        if "cbDefn" in d or (shy in d.get("text", "")) or ("text" not in d):
            return None
        text = d["text"]
        if not isinstance(text, str) or (not text and "lineBreak" not in d):
            return None
    max_widths = width if isinstance(width, (tuple, list)) else [width]
    handle_bullet_width(paragraph.bulletText, paragraph.style, max_widths)
    max_line = len(max_widths) - 1
    max_width = max_widths[0]
    njlbv = not paragraph.style.justifyBreaks
    shrinkage = paragraph.style.spaceShrinkage

    # Each font's ascent, descent and space width at a size, measured once a paragraph.
    measures: dict[tuple[str, float], tuple[float, float, float]] = {}

    def measure(name: str, size: float) -> tuple[float, float, float]:
        key = (name, size)
        found = measures.get(key)
        if found is None:
            found = measures[key] = (*getAscentDescent(name, size), stringWidth(" ", name, size))
        return found

    width_max = 0.0
    lines: list[Any] = []
    line_no = 0
    words: list[Any] = []
    fw: list[Any] = []
    s_fw = 0
    # What ReportLab's loop carries from word to word.
    n = 0
    space_width = current_width = 0.0
    max_size = 0.0
    max_ascent = min_descent = 0.0
    g: Any = None
    g_source: Any = None  # the fragment g was copied from (it then matches g)
    for w in get_frag_words(frags, max_width):
        fw.append(w)
        last = w[-1][0]
        font_name = last.fontName
        font_size = last.fontSize
        if not words:
            n = 0
            space_width = current_width = 0
            max_size = font_size
            max_ascent, min_descent, _ = measures.get((font_name, font_size)) or measure(
                font_name, font_size
            )
        word_width = w[0]
        f = w[1][0]
        new_width = current_width + space_width + word_width if word_width > 0 else current_width
        line_break = f._fkind == FK_BREAK
        lim_width = max_width
        if shrinkage:
            # A line may be squeezed by a share of its spaces' width (as ReportLab sums it).
            shrink = space_width
            for wi in words:
                if wi._fkind == FK_TEXT:
                    count = wi.text.count(" ")
                    if count:
                        key = (wi.fontName, wi.fontSize)
                        shrink += count * (measures.get(key) or measure(*key))[2]
            shrink *= shrinkage
            lim_width += shrink
        if (
            not line_break
            and new_width > lim_width
            and (isinstance(w, SplitFrag) or word_width > max_widths[min(line_no, max_line)])
        ):
            return None  # a word wider than the line: ReportLab splits it
        if not ((new_width > lim_width and n > 0) or line_break):
            text = w[1][1]
            if text:
                n += 1
            font_size = f.fontSize
            ascent, descent, _ = measures.get((f.fontName, font_size)) or measure(
                f.fontName, font_size
            )
            # ReportLab's max() and min(), as comparisons.
            if font_size > max_size:
                max_size = font_size
            if ascent > max_ascent:
                max_ascent = ascent
            if descent < min_descent:
                min_descent = descent
            if not words:
                g = f.clone()
                g_source = f
                words = [g]
                g.text = text
            elif f is not g_source and not sameFrag(g, f):
                if space_width:
                    for wi in reversed(words):
                        if wi._fkind == FK_TEXT:
                            if not wi.text.endswith(" "):
                                wi.text += " "
                            break
                g = f.clone()
                g_source = f
                words.append(g)
                g.text = text
            elif space_width:
                if not g.text.endswith(" "):
                    g.text += " " + text
                else:
                    g.text += text
            else:
                g.text += text
            if isinstance(w, HSFrag):
                space_width = (
                    measures.get((font_name, font_size)) or measure(font_name, font_size)
                )[2]
            else:
                space_width = 0
            real = 0
            for piece, piece_text in w[2:]:
                g = piece.clone()
                g_source = piece
                g.text = piece_text
                if piece_text:
                    real = 1
                words.append(g)
                font_size = g.fontSize
                ascent, descent, _ = measure(g.fontName, font_size)
                max_size = max(max_size, font_size)
                max_ascent = max(max_ascent, ascent)
                min_descent = min(min_descent, descent)
            if not text and real:
                n += 1
            current_width = new_width
            continue
        if line_break:
            words.append(f.clone())
        if current_width > width_max:
            width_max = current_width
        lines.append(
            FragLine(
                extraSpace=max_width - current_width,
                wordCount=n,
                lineBreak=njlbv and line_break,
                words=words,
                fontSize=max_size,
                ascent=max_ascent,
                descent=min_descent,
                maxWidth=max_width,
                sFW=s_fw,
            )
        )
        s_fw = len(fw) - 1
        line_no += 1
        max_width = max_widths[min(max_line, line_no)]
        if line_break:
            words = []
            continue
        if isinstance(w, HSFrag):
            space_width = (measures.get((font_name, font_size)) or measure(font_name, font_size))[2]
        else:
            space_width = 0
        current_width = word_width
        n = 1
        g = f.clone()
        g_source = f
        max_size = g.fontSize
        max_ascent, min_descent, _ = measures.get((g.fontName, max_size)) or measure(
            g.fontName, max_size
        )
        words = [g]
        g.text = w[1][1]
        for piece, piece_text in w[2:]:
            g = piece.clone()
            g_source = piece
            g.text = piece_text
            words.append(g)
            font_size = g.fontSize
            ascent, descent, _ = measure(g.fontName, font_size)
            max_size = max(max_size, font_size)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
    if words:
        if current_width > width_max:
            width_max = current_width
        lines.append(
            FragLine(
                extraSpace=max_width - current_width,
                wordCount=n,
                lineBreak=False,
                words=words,
                fontSize=max_size,
                ascent=max_ascent,
                descent=min_descent,
                maxWidth=max_width,
                sFW=s_fw,
            )
        )
    return Broken(ParaLines(kind=1, lines=lines), fw, width_max)
