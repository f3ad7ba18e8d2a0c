"""Right-to-left text in reports: levels, visual order of mixed runs, script runs."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pikepdf
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import SimpleDocTemplate

from casefile.sitrep import bidi, bidi_levels, fonts, styles
from casefile.sitrep.bidi_paragraph import BidiParagraph


def _visual(text: str) -> list[str]:
    _, tokens = bidi.tokenize(text)
    return [t.text for t in bidi.visual_order(tokens) if not t.space]


def test_mixed_dari_latin_and_digits_come_out_in_visual_order() -> None:
    # Read right to left: حمله در, then the Latin name (with the Persian digits that follow
    # a Latin word, as the bidi algorithm binds them), دسامبر, 2025 at the far left.
    assert _visual("حمله در Shamsiddin Shohin ۲۳ دسامبر 2025") == [
        "2025",
        "دسامبر",
        "Shamsiddin",
        "Shohin",
        "۲۳",
        "در",
        "حمله",
    ]


def test_latin_paragraph_keeps_an_embedded_dari_phrase_together() -> None:
    assert _visual("Attack on پاسگاه مرزی today") == ["Attack", "on", "مرزی", "پاسگاه", "today"]


def test_digits_inside_right_to_left_text_are_not_reversed() -> None:
    _, tokens = bidi.tokenize("در ۲۳ دسامبر")
    digits = next(t for t in tokens if t.text == "۲۳")
    assert digits.level % 2 == 0
    fonts.register()
    assert bidi.rendered(digits, fonts.face(fonts.ARABIC), 10)[0] == "۲۳"


def test_brackets_in_right_to_left_text_are_mirrored() -> None:
    _, tokens = bidi.tokenize("سه (دو) یک")
    bracket = next(t for t in tokens if t.text.strip() == "(")
    fonts.register()
    assert bidi.rendered(bracket, fonts.BASE, 10)[0].strip() == ")"


def test_zero_width_non_joiner_stays_in_its_word() -> None:
    _, tokens = bidi.tokenize("می‌شود")
    assert [t.text for t in tokens] == ["می‌شود"]


def test_runs_pick_a_font_for_each_script() -> None:
    runs = fonts.runs("Хоруғ 中国 abc")
    assert [(r.script, r.text) for r in runs] == [
        (fonts.LATIN, "Хоруғ "),
        (fonts.CJK, "中国"),
        (fonts.LATIN, " abc"),
    ]
    assert fonts.markup("<b>&") == "&lt;b&gt;&amp;"


def _runs_char_by_char(text: str) -> list[tuple[str, str]]:
    """The rule spelt out: each character's script; a joiner takes the one before it."""
    scripts, current = [], fonts.LATIN
    for char in text:
        current = fonts.script_of(char) or current
        scripts.append(current)
    out: list[tuple[str, str]] = []
    for char, script in zip(text, scripts, strict=True):
        if out and out[-1][0] == script:
            out[-1] = (script, out[-1][1] + char)
        else:
            out.append((script, char))
    return out


@given(st.text(alphabet="ab Хоғ خرو‌‍中国\U00020001—1"))
def test_runs_follow_each_characters_script(text: str) -> None:
    assert [(r.script, r.text) for r in fonts.runs(text)] == _runs_char_by_char(text)


def test_has_rtl() -> None:
    assert bidi.has_rtl("abc دسامبر")
    assert bidi.has_rtl("abc \u200f")  # a right-to-left mark
    assert not bidi.has_rtl("Хоруғ 中国 2025 — ۲۳")  # Persian digits alone are not letters


# Text with every bidi mark and control, and letters around and between them.
_MARKED = "ab Хоғ خرو 中国\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@given(st.text(alphabet=_MARKED))
def test_marks_are_taken_out_and_nothing_else(text: str) -> None:
    kept = bidi.without_marks(text)
    assert kept == "".join(c for c in text if c not in "".join(map(chr, bidi._MARKS)))
    assert bidi.without_marks("Khorugh — Хоруғ") == "Khorugh — Хоруғ"


def test_every_right_to_left_letter_is_in_a_block_has_rtl_reads() -> None:
    letters = (chr(c) for c in range(sys.maxunicode + 1))
    rtl = [c for c in letters if unicodedata.bidirectional(c) in ("R", "AL")]
    assert rtl and all(bidi._MAYBE_RTL.match(c) for c in rtl)


@given(st.text(alphabet="ab Хоғ—“” خرو‌‍中国\U00020001—1"))
def test_base_font_only_is_one_latin_run(text: str) -> None:
    assert fonts.base_font_only(text) == all(r.script == fonts.LATIN for r in fonts.runs(text))


SAMPLES = [
    "حمله در Shamsiddin Shohin ۲۳ دسامبر 2025",
    "Attack in Shamsiddin Shohin (شمس‌الدین شاهین) on 23 December 2025, 3 killed.",
    "کمیته دولتی امنیت ملی تاجیکستان اعلام کرد که سه فرد مسلح شامگاه ۲ جدی (۲۳ دسامبر) وارد شدند.",
    "Reported by the SCNS (ГКНБ); not confirmed. کمیته دولتی اعلام کرد. Two Tajik guards died.",
    "داعش خراسان ISKP مسئولیت حمله ٢٦ نوامبر را نپذیرفت",
    "د طالبانو ویاند وویل چې افغانستان د ګاونډیو هېوادونو لپاره ګواښ نه دی.",
]


def _as_characters(text: str) -> str:
    """The visual order as characters: right-to-left tokens reversed, not yet mirrored."""
    _, tokens = bidi.tokenize(text)
    return "".join(t.text[::-1] if t.level % 2 else t.text for t in bidi.visual_order(tokens))


def test_visual_order_agrees_with_python_bidi_on_whole_lines() -> None:
    # python-bidi's Rust implementation is an independent reading of the same algorithm;
    # it leaves mirroring (rule L4) to the renderer, as we do in `rendered`.
    from bidi import get_display

    for text in SAMPLES:
        assert _as_characters(text) == get_display(text), text


def test_a_long_right_to_left_paragraph_splits_into_the_same_lines() -> None:
    text = " ".join(["کمیته دولتی امنیت ملی Dushanbe ۲۳ دسامبر"] * 30)
    paragraph = BidiParagraph(text, styles.stylesheet()["Body"])
    _, height = paragraph.wrap(300, 10_000)
    lines = [[t.text for t in line] for line in paragraph.lines]
    head, tail = paragraph.split(300, height / 2)
    head.wrap(300, 10_000)
    tail.wrap(300, 10_000)
    again = [[t.text for t in line] for line in head.lines + tail.lines]
    assert again == lines
    assert head.height <= height / 2


# Latin, Cyrillic, Han, Arabic letters and marks, both kinds of Arabic digits, brackets.
MIXED = list("ab XYҳ中[]《》「」") + list("سلام ب\u064e\u0650") + list("۲۳٢٦0123().,:-/!?\"'«»")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED, min_size=1, max_size=40))
def test_any_mixed_line_orders_like_python_bidi(text: str) -> None:
    from bidi import get_display

    text = " ".join(text.split())
    assert _as_characters(text) == get_display(text)


# Every bidi class the quick path handles, several times over: letters (L, R, AL), both
# kinds of digits (EN, AN), separators and terminators (ES, CS, ET), marks (NSM), joiners
# and a soft hyphen (BN), breaks (B, S, WS), neutrals and paired brackets (ON).
EVERY_CLASS = (
    "aZж中"
    + "אב"
    + "سلا"
    + "0۲9"
    + "٢٦"
    + "+-"
    + ",.:/\u00a0،"
    + "#$%°٪"
    + "\u064e\u0650\u0300"
    + "\u200c\u200d\u00ad"
    + "\n\u2029\t\x1f"
    + " \u2028"
    + "!\"'«»—"
    + "()[]{}《》「」（）"
)
# Explicit embeddings, overrides and isolates: left to the reference.
EXPLICIT = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=EVERY_CLASS, max_size=60), st.sampled_from([None, 0, 1]))
def test_quick_levels_equal_the_reference(text: str, base: int | None) -> None:
    assert bidi_levels.levels(text, base) == bidi_levels.reference_levels(text, base)


@settings(max_examples=500, deadline=None)
@given(
    st.text(st.characters(exclude_categories=("Cn", "Cs"), exclude_characters=EXPLICIT)),
    st.sampled_from([None, 0, 1]),
)
def test_quick_levels_equal_the_reference_for_any_character(text: str, base: int | None) -> None:
    assert bidi_levels.levels(text, base) == bidi_levels.reference_levels(text, base)


def test_deep_bracket_nesting_stops_pairing_as_the_reference_does() -> None:
    text = "(" * 70 + "سلام abc" + ")" * 70 + " [x] سلام (1)"
    assert bidi_levels.levels(text) == bidi_levels.reference_levels(text)


def test_explicit_controls_are_left_to_the_reference() -> None:
    for control in EXPLICIT:
        assert bidi_levels._quick_levels(f"abc {control}سلام 12 def", None) is None


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(exclude_categories=("Cs",)),
            st.sampled_from(EXPLICIT + "سلام abc 12 \u0378\U000e0080\u08ff"),
        ),
        max_size=40,
    ),
    st.sampled_from([None, 0, 1]),
)
def test_any_text_gets_a_level_for_each_character(text: str, base: int | None) -> None:
    # Text pasted from a web page can hold isolates and embeddings, and any character.
    paragraph, levels = bidi_levels.levels(text, base)
    assert paragraph in (0, 1) and len(levels) == len(text)
    assert all(0 <= level <= 126 for level in levels)


def test_isolates_and_embeddings_nest_the_text_inside_them() -> None:
    # A right-to-left name isolated in a Latin line, as browsers copy it, stays one run.
    _, levels = bidi_levels.levels("x \u2067کابل\u2069 y")
    assert levels == [0, 0, 0, 1, 1, 1, 1, 1, 0, 0]
    _, levels = bidi_levels.levels("abc \u202bشهر\u202c def")
    assert levels[5:8] == [1, 1, 1] and levels[:4] == [0, 0, 0, 0]


def test_plain_arabic_is_drawn_as_plain_text() -> None:
    fonts.register()
    _, tokens = bidi.tokenize("شغنان")
    assert type(bidi.drawable(tokens[0], fonts.face(fonts.ARABIC), 10)) is str


def test_vowel_marks_and_non_joiners_are_drawn_where_harfbuzz_puts_them() -> None:
    # Harakat sit at offsets, and a zero-width non-joiner becomes a space glyph advancing
    # by nothing: drawn as plain text, the marks sat at their default places and each
    # non-joiner pushed the word into the space after it.
    fonts.register()
    for word in ("الحُدُودِ", "می‌شود"):
        _, tokens = bidi.tokenize(word)
        shown = bidi.drawable(tokens[0], fonts.face(fonts.ARABIC), 10)
        assert hasattr(shown, "__shapeData__"), word


def test_a_paragraph_with_vowel_marks_after_plain_arabic_draws_them_raised(
    tmp_path: Path,
) -> None:
    # The mark that comes first in a run made ReportLab's text object fail when the
    # object was already in the Arabic font (from the plain word before it).
    fonts.register()
    out = tmp_path / "marks.pdf"
    body = styles.stylesheet()["Body"]
    SimpleDocTemplate(str(out)).build([BidiParagraph("شغنان عَلَى الحُدُودِ و می‌شود", body)])
    with pikepdf.open(out) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
    assert b" Ts" in content  # marks moved up or down off the baseline
