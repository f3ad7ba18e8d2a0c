"""Opening a CSV file of any common encoding and delimiter, streamed row by row.

The encoding is found from a byte-order mark, else by trying UTF-8 on the first block,
else Windows-1251 (what Excel writes for Cyrillic on a Russian-language Windows). The
delimiter is the one of comma, semicolon and tab found most in the header line. Rows are
read one at a time, never the whole file, each with the line it starts on.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from casefile import errors

SAMPLE = 64 * 1024
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# Bytes that never occur in a text file: a NUL, or control characters other than tab/newline.
_BINARY = set(range(0, 9)) | {11, 12} | set(range(14, 27)) | set(range(28, 32))


@dataclass(frozen=True)
class Table:
    """A CSV file's header and how to read it: encoding, delimiter, where the data starts."""

    path: Path
    header: tuple[str, ...]
    encoding: str
    delimiter: str

    def describe(self) -> str:
        """'UTF-8, comma-separated', for the summary."""
        name = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1251": "Windows-1251"}
        return (
            f"{name.get(self.encoding, self.encoding)}, {DELIMITER_NAMES[self.delimiter]}-separated"
        )

    def rows(self) -> Generator[tuple[int, dict[str, str], str | None], None, None]:
        """(line, row, problem) for each data row; problem names a row of the wrong length.

        A broken file (cut short inside a quoted field, a huge field, a broken encoding)
        raises `CasefileError` naming the line, as nothing after it can be trusted.
        """
        with _open(self.path, self.encoding) as fh:
            reader = csv.reader(fh, delimiter=self.delimiter, strict=True)
            line = 1
            try:
                next(reader, None)
                line = reader.line_num + 1
                width = len(self.header)
                header = self.header
                strip = str.strip
                for fields in reader:
                    start, line = line, reader.line_num + 1
                    cells = list(map(strip, fields))
                    if not any(cells):
                        continue  # a blank line, or one of delimiters only (Excel's ";;;;")
                    problem = None
                    if len(fields) != width:
                        problem = (
                            f"line {start}: the row has {len(fields)} fields where the header has"
                            f" {width}{' (cut short?)' if len(fields) < width else ''}"
                        )
                    row = dict(zip(header, cells, strict=False))
                    yield start, row, problem
            except csv.Error as exc:
                raise errors.CasefileError(_csv_problem(self.path, line, exc)) from exc
            except UnicodeDecodeError as exc:
                raise errors.CasefileError(
                    f"{self.path.name}, near line {line}: not valid {self.describe().split(',')[0]}"
                    " text; save it again as UTF-8"
                ) from exc


def _csv_problem(path: Path, line: int, exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return f"{path.name}, line {line}: the file ends inside a quoted field; is it cut short?"
    if "field larger than field limit" in text:
        limit = f"{csv.field_size_limit():,}"
        return f"{path.name}, line {line}: a field is longer than {limit} characters"
    return f"{path.name}, line {line}: not a readable CSV row ({text})"


def _open(path: Path, encoding: str) -> IO[str]:
    return path.open(encoding=encoding, newline="")


def open_table(path: Path) -> Table:
    """The header of a CSV file, its encoding and delimiter; `CasefileError` if unreadable."""
    if not path.exists():
        raise errors.CaseFileNotFound(f"{path} does not exist")
    if not path.is_file():
        raise errors.CasefileError(f"{path.name} is not a file")
    try:
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE)
    except PermissionError as exc:
        raise errors.CasefileError(f"{path.name} cannot be read: permission denied") from exc
    if not sample.strip():
        raise errors.CasefileError(f"{path.name} is empty")
    encoding = sniff_encoding(path.name, sample)
    with _open(path, encoding) as fh:
        try:
            first = fh.readline(SAMPLE)
        except UnicodeDecodeError as exc:
            raise errors.CasefileError(f"{path.name}: the header is not readable text") from exc
    delimiter = max(DELIMITERS, key=first.count)
    try:
        header = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error as exc:
        raise errors.CasefileError(f"{path.name}, line 1: not a readable CSV header") from exc
    header = [name.strip() for name in header]
    if len(header) < 2 or not all(header):
        raise errors.CasefileError(
            f"{path.name}, line 1: not a CSV header (found {len(header)} column name(s),"
            " some of them empty)"
        )
    return Table(path, tuple(header), encoding, delimiter)


def sniff_encoding(name: str, sample: bytes) -> str:
    """The Python codec for a file that starts with these bytes."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _BINARY & set(sample[:4096]):
        raise errors.CasefileError(f"{name} is not a text file (it holds binary data)")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A block cut in the middle of a character fails in its last three bytes only.
        if exc.start >= len(sample) - 3:
            return "utf-8-sig"
        # Windows-1251 Cyrillic almost never makes a valid UTF-8 sequence: a sample with
        # more valid characters than broken ones is UTF-8 with a fault, not another code.
        text = sample.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        if sum(1 for ch in text if ord(ch) > 127) - broken > broken:
            line = sample[: exc.start].count(b"\n") + 1
            raise errors.CasefileError(
                f"{name}, line {line}: not valid UTF-8 text; save it again as UTF-8"
            ) from exc
        return "cp1251"
    return "utf-8-sig"
