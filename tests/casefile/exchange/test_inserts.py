"""Keys given out by the bulk inserter: UUIDs that follow one another in every index."""

from __future__ import annotations

import uuid

from casefile.exchange import inserts


def test_uuids_are_version_7_each_above_the_last() -> None:
    given = inserts.uuids(5000) + inserts.uuids(1) + inserts.uuids(300)
    assert given == sorted(given)
    assert len(set(given)) == len(given)
    for text in given[:10] + given[-10:]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_no_uuids_asked_none_given() -> None:
    assert inserts.uuids(0) == []
