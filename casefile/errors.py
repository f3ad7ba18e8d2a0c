"""Errors a user can cause, each carrying a one-line message fit to show as it is."""

from __future__ import annotations


class CasefileError(Exception):
    """A problem the user can fix: shown as a one-line message, never as a traceback."""


class NotACaseFile(CasefileError):
    """The file exists but is not a Casefile database."""


class CaseFileNotFound(CasefileError):
    """The case file (or an input file) does not exist."""


class TooNew(CasefileError):
    """The case file was written by a newer version of Casefile."""


class NeedsUpgrade(CasefileError):
    """The case file is older than this Casefile and was opened without leave to write."""


class CaseFileBusy(CasefileError):
    """Another program holds a lock on the case file."""


class ReadOnly(CasefileError):
    """The case file cannot be written."""


class DiskFull(CasefileError):
    """The disk holding the case file is full."""


class Corrupt(CasefileError):
    """SQLite reports the file as damaged."""


def damaged_date(value: str) -> Corrupt:
    """The error for a stored date that does not parse (written by another tool, or a damaged
    page): one message for the ORM's reads and the plain ones (`records.listing`)."""
    return Corrupt(
        f"A stored date {value[:40]!r} is damaged; run casefile verify, or restore "
        "the case from a backup copy"
    )


class NotFound(CasefileError):
    """A record named by the caller does not exist."""


class Conflict(CasefileError):
    """A record was changed by another handle on the case since this one read it."""

    def __init__(self, reason: str, *, action: str = "The change"):
        self.reason = reason
        super().__init__(f"{action} was not made: {reason}; nothing was changed")


class Invalid(CasefileError):
    """Input failed validation; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        first = "; ".join(f"{field}: {msg}" for field, msg in self.errors.items())
        super().__init__(first)


class Cancelled(CasefileError):
    """The user cancelled a long operation; everything it did was rolled back."""

    def __init__(self, message: str = "Cancelled; nothing was changed"):
        super().__init__(message)


class PassphraseNeeded(CasefileError):
    """The case file is encrypted and no passphrase was given."""


class WrongPassphrase(PassphraseNeeded):
    """Neither the passphrase nor the recovery key given opens the case file."""
