"""The URI SQLite opens a case file by: its path percent-encoded, then the parameters."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote


def file_uri(path: Path, parameters: str) -> str:
    """`file:` and the path, with `?`, `#`, `%` and the like encoded, then `?parameters`.

    Unencoded, SQLite reads a name such as "Case #12.casefile" as "Case " and a fragment,
    and opens (or creates) another file.
    """
    return f"file:{quote(path.as_posix(), safe='/:')}?{parameters}"
