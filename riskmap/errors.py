"""Errors a user can cause and fix; the CLI and the UI show their message as one line."""

from typing import Any


class RiskmapError(Exception):
    """Bad input or environment: shown to the user as one line, never as a traceback."""


class CatalogError(RiskmapError):
    """A file in layers/ is malformed."""


class RegionError(RiskmapError):
    """A region cannot be built from what the user gave."""


class StoreError(RiskmapError):
    """The database cannot be opened, is not a riskmap database, or is inconsistent."""


class PermissionDenied(RiskmapError):
    """The current user's role does not allow this change."""


class LedgerError(RiskmapError):
    """A ledger rule refuses the change (a forbidden transition, a missing field)."""


class ConflictError(RiskmapError):
    """Someone else changed the row since it was read; nothing was overwritten.

    `last` is that change (a riskmap.core.history.HistoryEntry) when the audit trail knows it,
    so that a client can say in its own language who changed what.
    """

    def __init__(self, message: str, last: Any = None) -> None:
        super().__init__(message)
        self.last = last
