"""Ledger edits on the undo stack.

An edit is saved the moment the user makes it (one transaction, its audit events known), and only
then pushed; so the command's first redo() does nothing. undo() reverts the events the edit wrote,
and redo() reverts the events that undo wrote: each step is itself an audited edit, refused
(ConflictError) when someone changed the rows in between, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

# (events to revert, command text, site ids) → the events the revert wrote, or None when refused.
RevertFn = Callable[[list[int], str, list[int]], list[int] | None]


class LedgerCommand(QUndoCommand):
    def __init__(
        self, revert: RevertFn, text: str, events: Sequence[int], site_ids: Sequence[int]
    ) -> None:
        super().__init__(text)
        self._revert = revert
        self._applied = list(events)  # the events that made the current "done" state
        self._undone: list[int] = []  # the events of the last undo
        self._fresh = True
        self.site_ids = list(site_ids)

    def redo(self) -> None:
        if self._fresh:  # pushed after the edit was saved: nothing to do yet
            self._fresh = False
            return
        new = self._revert(self._undone, self.text(), self.site_ids)
        if new is None:
            # The stack drops an obsolete command: the rows changed under it, so it cannot be
            # replayed, and an exception must not escape into Qt's event loop.
            self.setObsolete(True)
            return
        self._applied = new

    def undo(self) -> None:
        new = self._revert(self._applied, self.text(), self.site_ids)
        if new is None:
            self.setObsolete(True)
            return
        self._undone = new
