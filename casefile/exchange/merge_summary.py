"""What merging a bundle did: records added, changed, in conflict, deleted, or kept, by kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How a kind of record is named in a sentence: one, several.
NAMES = {
    "source": ("source", "sources"),
    "source_report": ("source report", "source reports"),
    "incident": ("incident", "incidents"),
    "citation": ("citation", "citations"),
    "attachment": ("attachment", "attachments"),
    "incident_link": ("link", "links"),
}


def counted(what: dict[str, int]) -> str:
    """'1 incident and 2 citations': a count of each kind, in words."""
    parts = [f"{n} {NAMES.get(k, (k, k))[n != 1]}" for k, n in what.items() if n]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def _was(what: dict[str, int]) -> str:
    return "was" if sum(what.values()) == 1 else "were"


@dataclass
class MergeSummary:
    """What a merge did, by kind: added, changed (theirs taken), conflicts, unchanged; and
    deletions: `deleted` here as the sender had, `kept` (deleted at the sender, edited here
    since), `stayed_deleted` (deleted here, and unchanged there or part of a record deleted
    here) and `restored` (deleted here, edited there since: added back)."""

    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    deleted: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    stayed_deleted: dict[str, int] = field(default_factory=dict)
    restored: dict[str, int] = field(default_factory=dict)

    def count(self, what: dict[str, int], kind: str) -> None:
        """One more unit of `kind` in `what`."""
        what[kind] = what.get(kind, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, kept with the bundle received."""
        return {
            "added": self.added,
            "changed": self.changed,
            "conflicts": self.conflicts,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "kept": self.kept,
            "stayed_deleted": self.stayed_deleted,
            "restored": self.restored,
        }

    def __str__(self) -> str:
        return in_words(self.as_dict())


def in_words(summary: dict[str, Any]) -> str:
    """'3 added, 1 deleted, 0 conflicts, 5 unchanged' (counts that are 0 left out, but for
    conflicts) and the deletions not simply taken, from `as_dict` (a summary stored by an
    older Casefile lacks the deletions)."""

    def total(key: str) -> int:
        return sum((summary.get(key) or {}).values())

    # Only what happened, and the conflicts always: "none" is what the reader looks for.
    done = [f"{total(k)} {k}" for k in ("added", "changed", "deleted") if total(k)]
    clashes = total("conflicts")
    done.append(f"{clashes} conflict{'' if clashes == 1 else 's'}")
    if summary.get("unchanged"):
        done.append(f"{summary['unchanged']} unchanged")
    return "; ".join([", ".join(done), *notes(summary)])


def notes(summary: dict[str, Any]) -> list[str]:
    """Sentences on the deletions a merge did not simply take (from `as_dict`, stored or new)."""
    said = []
    for key, words in (
        (
            "kept",
            "deleted at the sender {was} kept: edited here since, or part of a record that was",
        ),
        ("stayed_deleted", "deleted here {was} not added back"),
        ("restored", "deleted here {was} added back: edited at the sender since"),
    ):
        what = summary.get(key) or {}
        if sum(what.values()):
            said.append(f"{counted(what)} {words.format(was=_was(what))}")
    return said
