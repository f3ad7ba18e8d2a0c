"""The actors of an incident: name (with completion), role, ACLED inter code, likelihood."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from casefile.records import taxonomy
from casefile.records.incidents import ActorRole
from ui.row_table import Choice, Column, RowsTable

ROLES: list[Choice] = [(label, key) for key, label in taxonomy.ACTOR_ROLES.items()]
INTER: list[Choice] = [("—", None)] + [(f"{k} {v}", k) for k, v in taxonomy.INTER_CODES.items()]
LIKELIHOOD: list[Choice] = [("—", None)] + [
    (f"{item.term} ({item.low}–{item.high}%)", item.term) for item in taxonomy.LIKELIHOODS
]


def _set_name(actor: ActorRole, value: object) -> None:
    actor.name = str(value or "")


def _set_role(actor: ActorRole, value: object) -> None:
    actor.role = str(value)
    # Only a suspicion carries a likelihood; a claim or a known perpetrator does not.
    if actor.role != taxonomy.SUSPECTED:
        actor.likelihood = None


def _set_likelihood(actor: ActorRole, value: object) -> None:
    actor.likelihood = None if value is None else str(value)


def _set_inter(actor: ActorRole, value: object) -> None:
    actor.inter_code = None if value is None else int(str(value))


def _set_associated(actor: ActorRole, value: object) -> None:
    actor.associated = bool(value)


def _set_note(actor: ActorRole, value: object) -> None:
    actor.note = str(value or "")


def actor_columns(names: Callable[[], list[str]]) -> list[Column[ActorRole]]:
    """The columns of the actors table; `names` gives the known actors for completion."""
    return [
        Column("Actor", lambda a: a.name, _set_name, completions=names),
        Column("Role", lambda a: a.role, _set_role, choices=lambda a: ROLES),
        Column("Inter code", lambda a: a.inter_code, _set_inter, choices=lambda a: INTER),
        Column(
            "Likelihood (ICD 203)",
            lambda a: a.likelihood,
            _set_likelihood,
            choices=lambda a: LIKELIHOOD,
            editable=lambda a: a.role == taxonomy.SUSPECTED,
        ),
        Column("Associated", lambda a: a.associated, _set_associated, check=True),
        Column("Note", lambda a: a.note, _set_note),
    ]


class ActorTable(RowsTable):
    """Actors with their roles; the likelihood is editable only for a suspected actor."""

    def __init__(self, parent: QWidget | None = None):
        self.known_names: list[str] = []
        super().__init__(
            actor_columns(lambda: self.known_names),
            lambda: ActorRole(name=""),
            name="Actors",
            item="actor",
            parent=parent,
        )
        self.fit_columns([40, 12, 18, 24, 10])  # actors' names run long
