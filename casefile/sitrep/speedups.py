"""Same-output replacements for ReportLab's hottest pure-Python helpers, while we write.

Without its optional C accelerator, ReportLab formats every number it writes, escapes
every string, measures every word, looks up a font's ascent for every line and encodes
every name of the file's dictionaries in Python. A report repeats the same coordinates,
words, sizes, fonts and names thousands of times, so memos of these pure functions save
a good part of writing a 200-page report.
Each replacement returns exactly what the original does (the tests hold them equal, and
a report byte for byte); `fp_str` also writes the numbers it has not met in fewer steps.
They stand in ReportLab's modules only while a report of ours is laid out (`installed`);
the memos are kept between reports, keyed by font name (our fonts are registered once),
and forgotten when ReportLab's settings are reset.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas, textobject
from reportlab.platypus import paragraph

# What escapePDF makes of each byte, as a str.translate table: the escaping runs in C.
PDF_ESCAPES = {
    byte: (
        f"\\{byte:03o}"
        if byte < 32 or byte >= 127
        else "\\" + chr(byte)
        if chr(byte) in "\\()"
        else chr(byte)
    )
    for byte in range(256)
}

_ascent_descent = pdfmetrics.getAscentDescent
_pdf_name = pdfdoc.PDFName
_pdfdoc_enc = pdfdoc.pdfdocEnc
_string_width = pdfmetrics.stringWidth


def escape_pdf(data: bytes) -> str:
    """`escapePDF` of bytes (a font subset's codes), for a PDF string literal."""
    return data.decode("latin-1").translate(PDF_ESCAPES)


_LOG_E_10 = math.log(10.0)
_FORMATS = ("%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f", "%.6f")


# Remembered one by one too: a new call (a text origin, a transform) mostly holds numbers
# written before, in another combination.
@lru_cache(maxsize=1 << 16)
def _written(number: float) -> str:
    """One number as ReportLab's fp_str writes it (its steps, its logarithm), in fewer steps.

    ReportLab cuts the trailing zeros one character at a time in Python: the first report
    in a process wrote some 19,000 new sets of numbers, at 2 µs a number.
    """
    size = abs(number)
    if size <= 1e-7:
        return "0"
    places = 6 if size <= 1 else min(max(0, 6 - int(math.log(size) / _LOG_E_10)), 6)
    text = _FORMATS[places] % number
    if places:
        text = text.rstrip("0").removesuffix(".")
    return text[1:] if text[0] == "0" and len(text) > 1 else text  # ".5", not "0.5"


def _fp_str(*numbers: Any) -> str:
    """ReportLab's `fp_str`: the numbers (or one sequence of them) as PDF writes them."""
    values = numbers[0] if len(numbers) == 1 and isinstance(numbers[0], (tuple, list)) else numbers
    return " ".join(map(_written, values))


@lru_cache(maxsize=1 << 16)
def _remembered_fp_str(*numbers: Any) -> str:
    return _fp_str(*numbers)


def fp_str(*numbers: Any) -> str:
    """ReportLab's `fp_str` (numbers as PDF writes them), remembered: layouts repeat them."""
    try:
        return _remembered_fp_str(*numbers)
    except TypeError:  # a list of numbers: not hashable, and rare
        return _fp_str(*numbers)


@lru_cache(maxsize=1024)
def get_ascent_descent(font_name: str, font_size: float | None = None) -> tuple[float, float]:
    """`pdfmetrics.getAscentDescent`, remembered per font and size."""
    return _ascent_descent(font_name, font_size)


@lru_cache(maxsize=1 << 16)
def string_width(text: str, font_name: str, font_size: float, encoding: str = "utf8") -> float:
    """`pdfmetrics.stringWidth`, remembered: line breaking measures each word each time."""
    return _string_width(text, font_name, font_size, encoding)


@lru_cache(maxsize=1 << 12)
def pdf_name(data: str, lo: str = "!", hi: str = "~") -> str:
    """`pdfdoc.PDFName` (a name, escaped a character at a time), remembered: a report writes
    the same few names (Type, Annot, Rect...) for each of its thousands of links."""
    return _pdf_name(data, lo, hi)


@lru_cache(maxsize=1 << 16)
def _remembered_pdfdoc_enc(text: str) -> bytes:
    return _pdfdoc_enc(text)


def pdfdoc_enc(data: str | bytes) -> bytes:
    """`pdfdoc.pdfdocEnc` (text in PDFDocEncoding, by a codec written in Python), remembered:
    the file's dictionaries repeat their names and numbers."""
    return _remembered_pdfdoc_enc(data) if isinstance(data, str) else data


# Where ReportLab's modules look each helper up, and what we put there.
_PLACES = [
    *((module, "fp_str", fp_str) for module in (canvas, textobject, pdfdoc)),
    (paragraph, "getAscentDescent", get_ascent_descent),
    (paragraph, "stringWidth", string_width),
    (pdfdoc, "PDFName", pdf_name),
    (pdfdoc, "pdfdocEnc", pdfdoc_enc),
]
_ORIGINALS = [getattr(module, name) for module, name, _ in _PLACES]
_lock = threading.Lock()
_users = 0  # reports being laid out now


@contextmanager
def installed() -> Iterator[None]:
    """ReportLab's modules use the memos while the block runs (nested or in threads)."""
    global _users
    with _lock:
        if _users == 0:
            for module, name, ours in _PLACES:
                setattr(module, name, ours)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                for (module, name, _), original in zip(_PLACES, _ORIGINALS, strict=True):
                    setattr(module, name, original)


def forget() -> None:
    """Drop the memos (ReportLab calls this when its settings are reset)."""
    memos = (
        _written,
        _remembered_fp_str,
        get_ascent_descent,
        string_width,
        pdf_name,
        _remembered_pdfdoc_enc,
    )
    for memo in memos:
        memo.cache_clear()


rl_config.register_reset(forget)
