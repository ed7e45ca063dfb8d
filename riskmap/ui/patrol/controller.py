"""Every patrol-area edit of the desktop client: one ledger transaction each, pushed on the
ledger controller's undo stack as a LedgerCommand (undo reverts the edit's audit events), so
Ctrl+Z walks back through hazards and patrol areas alike, in the order they were made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shapely
from PySide6.QtCore import QObject, Signal

from riskmap.core.database import DatabaseError
from riskmap.core.ledger import LedgerTx
from riskmap.core.ledger_records import people, unit_names
from riskmap.core.patrol import Patrol, load_patrols
from riskmap.errors import ConflictError, RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.ledger import LedgerCommand, LedgerController
from riskmap.ui.ledger.words import words as ledger_words
from riskmap.ui.patrol.words import words

T = TypeVar("T")


@dataclass(frozen=True)
class PatrolForm:
    """The attributes a planner gives a patrol area (the geometry travels apart)."""

    name: str
    team: str = ""
    unit_id: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    preset: str | None = None
    buffer_m: float = 0.0
    note: str = ""

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "team": self.team,
            "unit_id": self.unit_id,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "preset": self.preset,
            "buffer_m": float(self.buffer_m),
            "note": self.note,
        }


class PatrolController(QObject):
    """The patrol areas of the current store, and the edits the current user makes to them."""

    sigChanged = Signal()  # the patrol areas changed: an edit, an undo or a redo
    sigMessage = Signal(str)  # what was done
    sigError = Signal(str)  # why it was refused

    def __init__(self, ledger: LedgerController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.store = ledger.store
        self._patrols: list[Patrol] | None = None
        self._units: dict[int, str] | None = None

    # -- reading --------------------------------------------------------------------------
    def patrols(self) -> list[Patrol]:
        """Every patrol area as the database has it now (cached until the next change)."""
        if self._patrols is None:
            self._patrols = load_patrols(self.store)
        return list(self._patrols)

    def patrol(self, area_id: int) -> Patrol | None:
        return next((p for p in self.patrols() if p.id == area_id), None)

    def reload(self) -> None:
        self._patrols = None
        self._units = None
        self.sigChanged.emit()

    def unit_names(self) -> dict[int, str]:
        if self._units is None:
            self._units = unit_names(self.store)
        return dict(self._units)

    def teams(self) -> list[str]:
        """The team names already in use (the form offers them)."""
        return sorted({p.team for p in self.patrols() if p.team})

    def can_edit(self) -> bool:
        return self.ledger.can_edit()

    def cannot_edit(self) -> str:
        return words().cannot_edit(self.ledger.actor)

    # -- edits ----------------------------------------------------------------------------
    def create(self, kind: str, geom: shapely.Geometry, form: PatrolForm) -> int:
        """Save a new patrol area; RiskmapError when refused (the form shows it and stays)."""
        values = {"kind": kind, "geom": geom, **form.values()}
        area_id, events = self._edit(lambda tx: tx.create_patrol_area(**values))
        #: 新建巡查区域“{0}”
        self._push(self.tr("New patrol area “{0}”").format(form.name), events)
        return area_id

    def update(self, patrol: Patrol, form: PatrolForm) -> None:
        """Save the form's attributes; RiskmapError when refused."""
        changes = form.values()
        if patrol.kind != "route":
            changes.pop("buffer_m")  # an area's corridor is not the form's to set
        _, events = self._edit(
            # The version the form was opened on: a change by someone else since is refused.
            lambda tx: tx.update_patrol_area(patrol.id, changes, expected_version=patrol.version)
        )
        #: 编辑巡查区域“{0}”
        self._push(self.tr("Edit patrol area “{0}”").format(form.name), events)

    def set_geometry(self, patrol: Patrol, geom: shapely.Geometry) -> bool:
        """Save moved, added or removed vertices as one update; False (reason on sigError)."""

        def work(tx: LedgerTx) -> None:
            tx.update_patrol_area(patrol.id, {"geom": geom}, expected_version=patrol.version)

        #: 修改巡查区域“{0}”的图形
        return self.run(self.tr("Reshape patrol area “{0}”").format(patrol.name), work)

    def delete(self, patrol: Patrol) -> bool:
        #: 删除巡查区域“{0}”
        text = self.tr("Delete patrol area “{0}”").format(patrol.name)
        return self.run(
            text, lambda tx: tx.delete_patrol_area(patrol.id, expected_version=patrol.version)
        )

    def run(self, text: str, fn: Callable[[LedgerTx], Any]) -> bool:
        """One undoable edit named `text`; False (and the reason on sigError) when refused."""
        try:
            _, events = self._edit(fn)
        except RiskmapError as exc:
            self.sigError.emit(error_text(exc))
            self.reload()  # often refused because the row moved on: show it as it is now
            return False
        self._push(text, events)
        return True

    # -- the transaction and the undo stack -----------------------------------------------
    def _edit(self, fn: Callable[[LedgerTx], T]) -> tuple[T, list[int]]:
        """Run `fn` in one ledger transaction; its result and the audit events it wrote.

        The same contract as LedgerController's: only RiskmapError escapes, database trouble
        included, as one line for the user.
        """
        try:
            with self.ledger.ledger().edit() as tx:
                result = fn(tx)
                events = tx.events
        except ConflictError as exc:
            # The core words it in English; the person at this seat reads their own language.
            raise ConflictError(
                ledger_words().conflict(exc, people(self.ledger.store)), exc.last
            ) from None
        except DatabaseError as exc:
            raise RiskmapError(error_text(exc)) from None
        return result, events

    def _push(self, text: str, events: list[int]) -> None:
        if not events:
            #: 没有修改。
            self.sigMessage.emit(self.tr("Nothing changed."))
            return
        self.ledger.undo_stack.push(LedgerCommand(self._revert, text, events, []))
        self.sigMessage.emit(text)
        self.reload()

    def _revert(self, events: list[int], text: str, _site_ids: list[int]) -> list[int] | None:
        """Undo or redo of one of our commands: revert the events, as a new audited edit."""
        try:
            _, new = self._edit(lambda tx: tx.revert(events))
        except RiskmapError as exc:
            #: 无法撤销或重做“{0}”：{1}
            self.sigError.emit(self.tr("Cannot undo or redo “{0}”: {1}").format(text, exc))
            self.reload()
            return None
        self.reload()
        return new
