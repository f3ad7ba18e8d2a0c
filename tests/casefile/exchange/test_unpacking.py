"""Reading a bundle's archive: every member checked against the manifest, records read a
line at a time, damaged and hostile archives refused in words."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from casefile import errors
from casefile.exchange import bundle, unpacking
from casefile.exchange.snapshots import KINDS, encode
from casefile.records import attachments

INCIDENT = "records/incident.jsonl"


def _archive(
    members: dict[str, bytes],
    *,
    sums: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A bundle's zip holding these members, the manifest hashing `sums` (or the members)."""
    listed = members | (sums or {})
    manifest = {
        "format": unpacking.FORMAT,
        "version": unpacking.VERSION,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in listed.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(unpacking.MANIFEST, json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refused(data: bytes, message: str) -> None:
    with pytest.raises(errors.CasefileError, match=message):
        unpacking.unpack(data)


def test_units_come_back_as_packed_and_blank_lines_are_skipped() -> None:
    units = [{"uuid": f"u{i}", "title": f"Incident {i}"} for i in range(3)]
    text = "\n\n".join(encode(u) for u in units) + "\n  \n"
    manifest, found, blobs, deleted = unpacking.unpack(_archive({INCIDENT: text.encode()}))
    assert found["incident"] == units
    assert all(found[kind] == [] for kind in KINDS if kind != "incident")
    assert (blobs, deleted, manifest["format"]) == ({}, [], unpacking.FORMAT)


def test_only_a_newline_ends_a_unit() -> None:
    """Text is written as it is (not as \\u escapes): a line or paragraph separator, or a
    NEL, inside a narrative is part of it."""
    unit = {"uuid": "u1", "narrative": "one\u2028two\u2029three\x85four\rfive"}
    lines = {kind: [] for kind in KINDS} | {"incident": [encode(unit)]}
    _, found, _, _ = unpacking.unpack(bundle.pack(lines, {}, header={}))
    assert found["incident"] == [unit]


@pytest.mark.parametrize(
    "content",
    [
        b'{"uuid": "u1"}\n{"uuid": ',
        b'{"uuid": "u1"}\n[1, 2]',
        b'{"uuid": "\xff"}',
        b"\xef\xbb\xbf{}",
    ],
    ids=["cut", "not-a-record", "not-utf-8", "byte-order-mark"],
)
def test_a_damaged_line_refuses_the_bundle(content: bytes) -> None:
    _refused(_archive({INCIDENT: content}), "The bundle's incident records are damaged")


def test_every_hash_is_checked_before_any_line_is_read() -> None:
    """A member whose lines read well but whose content is not what the manifest hashed is
    refused as such, though another member's lines are damaged too."""
    members = {
        "records/citation.jsonl": b"not json",
        INCIDENT: b'{"uuid": "u1", "title": "changed on the way"}',
    }
    sums = {INCIDENT: b'{"uuid": "u1", "title": "as sent"}'}
    _refused(_archive(members, sums=sums), r"fails its hash check \(records/incident.jsonl\)")


def test_a_member_the_manifest_does_not_list_is_refused() -> None:
    data = _archive({INCIDENT: b"{}"})
    with zipfile.ZipFile(buffer := io.BytesIO(data), "a") as archive:
        archive.writestr("records/extra.jsonl", b"{}")
    _refused(buffer.getvalue(), "do not match its manifest")


def test_attachment_content_under_a_wrong_hash_is_refused() -> None:
    _refused(_archive({f"blobs/{'0' * 64}": b"content"}), "attachment content under a wrong hash")


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_member_damaged_inside_the_archive_is_refused(compression: int) -> None:
    """Only someone holding the key can hand over such a file: age refuses any other damage."""
    text = "\n".join(encode({"uuid": f"u{i}", "n": i}) for i in range(200)).encode()
    data = bytearray(_archive({INCIDENT: text}, compression=compression))
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(INCIDENT)
    # Its content follows a 30-byte header and its name.
    data[info.header_offset + 30 + len(INCIDENT) + info.compress_size // 2] ^= 0xFF
    _refused(bytes(data), "The bundle is damaged")


def test_a_records_member_that_would_unpack_far_beyond_its_size_is_refused() -> None:
    bomb = b" " * (8 * 1024 * 1024)  # deflate packs this a thousand times
    _refused(
        _archive({INCIDENT: bomb}), r"refused: records/incident.jsonl would unpack to \d+ times"
    )


def test_a_small_member_may_pack_as_tight_as_it_likes() -> None:
    text = "\n".join(encode({"uuid": "u1", "title": "the same"}) for _ in range(5000)).encode()
    info_sizes = zipfile.ZipFile(io.BytesIO(data := _archive({INCIDENT: text}))).getinfo(INCIDENT)
    assert info_sizes.file_size > 200 * info_sizes.compress_size
    assert len(unpacking.unpack(data)[1]["incident"]) == 5000


def test_attachment_content_larger_than_any_attachment_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = b"x" * 100
    data = _archive({f"blobs/{hashlib.sha256(content).hexdigest()}": content})
    monkeypatch.setattr(attachments, "MAX_BYTES", 99)
    _refused(data, "is larger than an attachment can be")


def test_units_of_a_kind_share_their_key_strings() -> None:
    """100,000 incidents would otherwise each hold their own copies of some 80 keys."""
    units = [{"uuid": f"u{i}", "actors": [{"actor": f"A{i}"}]} for i in range(2)]
    text = "\n".join(encode(u) for u in units).encode()
    first, second = unpacking.unpack(_archive({INCIDENT: text}))[1]["incident"]
    assert first == units[0] and second == units[1]
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert next(iter(first["actors"][0])) is next(iter(second["actors"][0]))
