"""`cf.mappings`: column mappings kept in the case file, for importing any CSV again."""

from __future__ import annotations

from casefile.exchange import mapping as exchange_mapping
from casefile.store.changes import Changes
from casefile.store.operations import Operations


class Mappings:
    """Named column mappings ({column: field}) for CSV files Casefile does not know."""

    def __init__(self, ops: Operations):
        self._ops = ops

    def save(self, name: str, column_map: dict[str, str]) -> Changes:
        """Keep a column mapping ({column: field}) in the case file for later imports."""
        return self._ops.run(
            f"Save mapping {name}", lambda s: exchange_mapping.save(s, name, column_map)
        )

    def get(self, name: str) -> dict[str, str]:
        """A saved column mapping ({column: field}), or `CasefileError` naming those saved."""
        with self._ops.read() as session:
            return exchange_mapping.load(session, name)

    def names(self) -> list[str]:
        """The names of the saved column mappings."""
        with self._ops.read() as session:
            return exchange_mapping.names(session)
