"""Noticing a damaged write-ahead log before SQLite quietly passes over what it holds.

SQLite reads a -wal file up to its first frame whose checksum fails and ignores the rest,
committed changes included, without a word. Here the log is read the same way, and when
committed changes lie beyond the damage (or the header itself is garbled) we say so, and
the log is kept aside before anything can write over it.
"""

from __future__ import annotations

import os
import shutil
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

HEADER = 32
FRAME_HEADER = 24
MAGIC = (0x377F0682, 0x377F0683)  # the low bit says big-endian checksums


@dataclass(frozen=True)
class Damage:
    """What a damaged log may have lost, in a sentence."""

    wal: Path
    message: str


def _checksum(data: bytes, s0: int, s1: int, big: bool) -> tuple[int, int]:
    """SQLite's WAL checksum of `data` (8 bytes of a frame header, or its page), from s0, s1.

    Whole frames are unpacked at once and the sums run eight pairs of words a step, masked
    once a step (they stay under 2**64 in between): a third less time than a pair a step.
    """
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    rest = len(words) % 16
    for x0, x1 in zip(words[0:rest:2], words[1:rest:2], strict=True):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    it = iter(words[rest:])
    for a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q in zip(*[it] * 16, strict=True):
        s0 += a + s1
        s1 += b + s0
        s0 += c + s1
        s1 += d + s0
        s0 += e + s1
        s1 += f + s0
        s0 += g + s1
        s1 += h + s0
        s0 += i + s1
        s1 += j + s0
        s0 += k + s1
        s1 += m + s0
        s0 += n + s1
        s1 += o + s0
        s0 += p + s1
        s1 += q + s0
        s0 &= 0xFFFFFFFF
        s1 &= 0xFFFFFFFF
    return s0, s1


def inspect(case_path: Path) -> Damage | None:
    """The damage in a case file's -wal, or None when it is absent, empty or sound.

    Read a frame at a time: a log can be hundreds of megabytes after a large import.
    """
    wal = case_path.with_name(case_path.name + "-wal")
    try:
        with open(wal, "rb") as fh:
            return _inspect(wal, fh)
    except OSError:
        return None  # no log (or none we may read): nothing SQLite could read either


def _inspect(wal: Path, fh: BinaryIO) -> Damage | None:
    head = fh.read(HEADER)
    if not head:
        return None
    if len(head) < HEADER:
        return Damage(wal, f"{wal.name} is cut short: changes it held may be lost")
    magic, _, page_size = struct.unpack(">III", head[:12])
    big = magic & 1 == 1
    salts = head[16:24]
    sums = _checksum(head[:24], 0, 0, big) if magic in MAGIC else None
    if sums is None or struct.pack(">II", *sums) != head[24:32] or page_size < 512:
        size = fh.seek(0, os.SEEK_END)
        return Damage(
            wal,
            f"{wal.name} has a damaged header: the changes it holds "
            f"({size // 1024} KB) cannot be read and may be lost",
        )
    frame = FRAME_HEADER + page_size
    while True:
        data = fh.read(frame)
        if len(data) < frame:
            if len(data) >= FRAME_HEADER and data[8:16] == salts:
                return Damage(wal, f"{wal.name} is cut short: the last change it held may be lost")
            return None
        if data[8:16] != salts:
            # Frames of an earlier generation end the log, as intended; a garbled salt in
            # a frame of this one shows as later frames that still carry the salts.
            return _lost(wal, fh, frame, salts)
        sums = _checksum(data[:8] + data[FRAME_HEADER:], *sums, big)
        if struct.pack(">II", *sums) != data[16:24]:
            fh.seek(-frame, os.SEEK_CUR)
            return _lost(wal, fh, frame, salts)


def _lost(wal: Path, fh: BinaryIO, frame: int, salts: bytes) -> Damage | None:
    """Count the committed transactions from the file's position on (frame headers only)."""
    commits = 0
    while True:
        head = fh.read(FRAME_HEADER)
        if len(head) < FRAME_HEADER or head[8:16] != salts:
            break
        commits += struct.unpack(">I", head[4:8])[0] != 0
        fh.seek(frame - FRAME_HEADER, os.SEEK_CUR)
    if not commits:
        return None  # an unfinished write cut off by a crash: nothing committed is lost
    return Damage(
        wal,
        f"{wal.name} is damaged: {commits} committed change(s) in it cannot be read "
        "and are missing from what is shown",
    )


def keep_aside(damage: Damage) -> Path:
    """Copy a damaged log beside the case (never delete it) before anything writes over it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = damage.wal.with_name(f"{damage.wal.name}.damaged-{stamp}")
    shutil.copy2(damage.wal, kept)
    return kept


def check_log(path: Path, *, readonly: bool) -> list[str]:
    """Say what a damaged -wal may have lost; keep it aside before a writer reuses it."""
    damage = inspect(path)
    if damage is None:
        return []
    if readonly:
        return [f"{damage.message} (the log was left as it is)"]
    kept = keep_aside(damage)
    return [f"{damage.message}; a copy of the log was kept as {kept.name}"]
