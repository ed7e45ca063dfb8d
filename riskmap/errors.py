"""Errors a user can cause and fix; the CLI and the UI show their message as one line.

Each error may carry a `code` and `params`: the window words it in the UI language from the
catalogue (riskmap.messages), while `str(err)` stays the command line's English sentence.
Raise one with `XxxError.of("code", name=value, ...)`; the sentence then comes from the
catalogue too, so the wording lives in one place.
"""

from __future__ import annotations

from typing import Any, Self


class RiskmapError(Exception):
    """Bad input or environment: shown to the user as one line, never as a traceback."""

    def __init__(self, message: str = "", /, *, code: str = "", params: Any = None) -> None:
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        if not message and code:
            from riskmap.messages import cli_text

            message = cli_text(code, self.params)
        super().__init__(message)

    @classmethod
    def of(cls, code: str, /, **params: Any) -> Self:
        """The error for a catalogue `code`; its CLI sentence is rendered from `params`."""
        return cls(code=code, params=params)


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

    def __init__(
        self, message: str = "", last: Any = None, *, code: str = "", params: Any = None
    ) -> None:
        super().__init__(message, code=code, params=params)
        self.last = last
