"""Every ledger edit the desktop client makes goes through here: one transaction each, pushed on
the undo stack with the audit events it wrote, and reported as one line (never a traceback).

The core enforces roles and rules at the flush whatever the UI shows; the UI only hides or
disables what the core would refuse, and says the core's reason when it refuses anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from riskmap.core.database import Actor, DatabaseError
from riskmap.core.history import HistoryEntry, site_history
from riskmap.core.ledger import Escalation, Ledger, LedgerTx
from riskmap.core.ledger_records import (
    HazardRecord,
    SiteLedger,
    categories,
    hazard_record,
    people,
    site_name,
    unit_choices,
    unit_names,
)
from riskmap.core.workspace import Workspace
from riskmap.errors import ConflictError, RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.ledger.commands import LedgerCommand
from riskmap.ui.ledger.dialogs import ReviewNoteDialog
from riskmap.ui.ledger.hazard_dialog import HazardDialog, HazardForm
from riskmap.ui.ledger.words import words

T = TypeVar("T")
HISTORY_LIMIT = 200  # a site's trail in the panel; the CLI's `riskmap audit --site` has it all
TRANSITION_ACTIONS = ("start", "submit", "verify", "reject")


class LedgerController(QObject):
    """The current user's ledger: edits, dialogs, and the undo stack they share."""

    sigChanged = Signal(list)  # site ids whose ledger changed (edit, undo or redo)
    sigMessage = Signal(str)  # what was done
    sigError = Signal(str)  # why the core refused
    sigActorChanged = Signal(object)  # Actor

    def __init__(
        self,
        ws: Workspace,
        actor: Actor,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.store = ws.store
        self._actor = actor
        self._today = today
        self._window = parent
        self.undo_stack = QUndoStack(self)
        self.dialog: QDialog | None = None  # the ledger dialog open now, if any

    # -- who and when ---------------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def today(self) -> dt.date:
        # Asked each time: a wall display left running past midnight moves on with the calendar.
        return self._today or dt.date.today()

    def set_actor(self, actor: Actor) -> None:
        """Switch user. The stack is cleared: an undo reverts its own author's edits only."""
        self.undo_stack.clear()
        self._actor = actor
        self.sigActorChanged.emit(actor)

    def can_edit(self) -> bool:
        return self._actor.may("editor")

    def cannot_edit(self) -> str:
        return words().cannot_edit(self._actor)

    def ledger(self) -> Ledger:
        return Ledger(self.store, self._actor, self.today)

    def site_ledger(self, site_id: int) -> SiteLedger:
        """What the site detail panel needs besides the core's SiteDetail."""
        history: list[HistoryEntry] = []
        problem = ""
        try:
            history = site_history(self.store, site_id, limit=HISTORY_LIMIT)
        except RiskmapError as exc:
            problem = error_text(exc)
        return SiteLedger(
            actor=self._actor,
            history=history,
            people=people(self.store),
            unit_names=unit_names(self.store),
            history_error=problem,
        )

    # -- the edit primitive ---------------------------------------------------------------
    def _edit(self, fn: Callable[[LedgerTx], T]) -> tuple[T, list[int]]:
        """Run `fn` in one ledger transaction; its result and the audit events it wrote.

        Raises RiskmapError only: database trouble (a lock, a lost race on a version) becomes
        one line for the user, like the core's own refusals.
        """
        try:
            with self.ledger().edit() as tx:
                result = fn(tx)
                events = tx.events
        except ConflictError as exc:
            # The core words it in English; the person at this seat reads their own language.
            raise ConflictError(words().conflict(exc, people(self.store)), exc.last) from None
        except DatabaseError as exc:
            raise RiskmapError(error_text(exc)) from None
        return result, events

    def _push(self, text: str, events: list[int], site_ids: Sequence[int]) -> None:
        self.undo_stack.push(LedgerCommand(self._revert, text, events, site_ids))
        self.sigChanged.emit(list(site_ids))

    def run(
        self,
        text: str,
        fn: Callable[[LedgerTx], T],
        sites: Sequence[int] | Callable[[T], Sequence[int]],
    ) -> T | None:
        """One undoable edit named `text`; None (and the reason on sigError) when refused."""
        try:
            result, events = self._edit(fn)
        except RiskmapError as exc:
            self.sigError.emit(error_text(exc))
            return None
        site_ids = list(sites(result) if callable(sites) else sites)
        if events:
            self._push(text, events, site_ids)
            self.sigMessage.emit(text)
        else:
            #: 没有修改。
            self.sigMessage.emit(self.tr("Nothing changed."))
        return result

    def _revert(self, events: list[int], text: str, site_ids: list[int]) -> list[int] | None:
        try:
            _, new = self._edit(lambda tx: tx.revert(events))
        except RiskmapError as exc:
            #: 无法撤销或重做“{0}”：{1}
            self.sigError.emit(self.tr("Cannot undo or redo “{0}”: {1}").format(text, exc))
            return None
        self.sigChanged.emit(list(site_ids))
        return new

    # -- hazards through the form ---------------------------------------------------------
    def _refuse_viewer(self) -> bool:
        reason = self.cannot_edit()
        if reason:
            self.sigError.emit(reason)
        return bool(reason)

    def new_hazard(self, site_id: int) -> HazardDialog | None:
        """Open the form for a new hazard at the site (non-modal to the event loop)."""
        if self._refuse_viewer():
            return None
        name = site_name(self.store, site_id)
        if name is None:
            #: 没有编号为 {0} 的风险点。
            self.sigError.emit(self.tr("There is no site {0}.").format(site_id))
            return None
        dlg = HazardDialog(
            site_name=name,
            today=self.today,
            categories=categories(self.store),
            units=unit_choices(self.ws, site_id),
            save=lambda form: self._save_new(site_id, form),
            found_by=self._actor.label,
            parent=self._window,
        )
        self.open_dialog(dlg)
        return dlg

    def edit_hazard(self, hazard_id: int, order: bool = False) -> HazardDialog | None:
        """Open the form on a hazard as it is now; `order` ticks the rectification section."""
        if self._refuse_viewer():
            return None
        rec = hazard_record(self.store, hazard_id)
        if rec is None:
            #: 隐患 #{0} 已不存在（可能已被删除）。
            self.sigError.emit(self.tr("Hazard #{0} no longer exists.").format(hazard_id))
            return None
        dlg = HazardDialog(
            site_name=site_name(self.store, rec.site_id) or "",
            today=self.today,
            categories=categories(self.store),
            units=unit_choices(self.ws, rec.site_id),
            # The versions read now travel with the form: a change by someone else while the
            # dialog is open makes the save a ConflictError instead of an overwrite.
            save=lambda form: self._save_edit(rec, form),
            record=rec,
            parent=self._window,
        )
        if order and rec.rect_id is None:
            dlg.rect_group.setChecked(True)
        self.open_dialog(dlg)
        return dlg

    def _save_new(self, site_id: int, form: HazardForm) -> None:
        def work(tx: LedgerTx) -> int:
            hid = tx.create_hazard(
                site_id,
                form.level,
                form.description,
                found_on=form.found_on,
                category=form.category,
                found_by=form.found_by,
            )
            if form.rectify:
                assert form.deadline is not None
                tx.set_rectification(
                    hid,
                    form.measures,
                    form.deadline,
                    form.unit_id,
                    form.responsible_person,
                    form.funds,
                )
            return hid

        hid, events = self._edit(work)  # a refusal goes back to the dialog, which stays open
        #: 新建隐患 #{0}
        text = self.tr("New hazard #{0}").format(hid)
        self._push(text, events, [site_id])
        self.sigMessage.emit(text)

    def _save_edit(self, rec: HazardRecord, form: HazardForm) -> None:
        def work(tx: LedgerTx) -> None:
            changes = {
                "level": form.level,
                "category": form.category,
                "description": form.description,
                "found_on": form.found_on,
                "found_by": form.found_by,
            }
            tx.update_hazard(rec.id, changes, expected_version=rec.version)
            if form.rectify:
                assert form.deadline is not None
                tx.set_rectification(
                    rec.id,
                    form.measures,
                    form.deadline,
                    form.unit_id,
                    form.responsible_person,
                    form.funds,
                    expected_version=rec.rect_version,
                )

        _, events = self._edit(work)
        if not events:
            #: 没有修改。
            self.sigMessage.emit(self.tr("Nothing changed."))
            return
        #: 编辑隐患 #{0}
        text = self.tr("Edit hazard #{0}").format(rec.id)
        self._push(text, events, [rec.site_id])
        self.sigMessage.emit(text)

    # -- workflow -------------------------------------------------------------------------
    def perform(self, action: str, rec: HazardRecord) -> None:
        """A button or menu entry on a hazard: edit, order, delete, or a transition."""
        if action in ("edit", "order"):
            self.edit_hazard(rec.id, order=action == "order")
        elif action == "delete":
            self.confirm_delete(rec)
        elif action in ("reject", "verify"):
            self.ask_review(rec, action)
        elif action in TRANSITION_ACTIONS:
            self.transition(rec, action)
        else:
            raise ValueError(f"unknown ledger action {action!r}")

    def transition(self, rec: HazardRecord, action: str, note: str = "") -> str | None:
        """Move the hazard's rectification; the new status, or None when refused."""
        if self._refuse_viewer():
            return None
        if rec.rect_id is None:
            #: 隐患 #{0} 还没有整改，请先下达整改。
            self.sigError.emit(self.tr("Hazard #{0} has no rectification yet.").format(rec.id))
            return None
        rect_id = rec.rect_id
        #: {0}：隐患 #{1}
        text = self.tr("{0}: hazard #{1}").format(words().done(action), rec.id)
        return self.run(
            text,
            # The version the user saw: a change by someone else since is a ConflictError.
            lambda tx: tx.transition(rect_id, action, note, expected_version=rec.rect_version),
            [rec.site_id],
        )

    def ask_review(self, rec: HazardRecord, action: str) -> ReviewNoteDialog | None:
        """退回整改 or 验收销号: both ask the verifier's 验收意见; closing is confirmed there."""
        if self._refuse_viewer():
            return None
        #: 隐患 #{0}
        dlg = ReviewNoteDialog(self.tr("hazard #{0}").format(rec.id), action, self._window)
        dlg.accepted.connect(lambda: self.transition(rec, action, dlg.text()))
        self.open_dialog(dlg)
        return dlg

    def confirm_delete(self, rec: HazardRecord) -> QMessageBox | None:
        if self._refuse_viewer():
            return None
        box = QMessageBox(self._window)
        box.setObjectName("ConfirmDelete")
        box.setIcon(QMessageBox.Icon.Warning)
        #: 删除隐患
        box.setWindowTitle(self.tr("Delete hazard"))
        #: 删除隐患 #{0}（{1}）及其整改？可以用“撤销”恢复。
        box.setText(
            self.tr("Delete hazard #{0} ({1}) and its rectification? Undo brings it back.").format(
                rec.id, rec.description[:40]
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.delete_hazard(rec)

        box.buttonClicked.connect(answered)
        self.open_dialog(box)
        return box

    def delete_hazard(self, rec: HazardRecord) -> bool:
        #: 删除隐患 #{0}
        text = self.tr("Delete hazard #{0}").format(rec.id)
        done = self.run(
            text,
            lambda tx: tx.delete_hazard(rec.id, expected_version=rec.version) or True,
            [rec.site_id],
        )
        return bool(done)

    def escalate_due(self) -> list[Escalation] | None:
        """提级 every overdue major hazard not escalated yet; how many, in the status bar."""
        if self._refuse_viewer():
            return None
        #: 提级督办逾期重大隐患
        text = self.tr("Escalate overdue major hazards")
        due = self.run(
            text, lambda tx: tx.escalate_due(), lambda es: sorted({e.site_id for e in es})
        )
        if due is not None:
            #: 已提级督办 {0} 项逾期重大隐患。
            self.sigMessage.emit(self.tr("Escalated {0} overdue major hazard(s).").format(len(due)))
        return due

    # -- dialogs ----------------------------------------------------------------------------
    def open_dialog(self, dlg: QDialog) -> None:
        """Show a ledger dialog window-modal and remember it as `dialog` until it closes.

        open(), not exec(): no nested event loop, so the window keeps refreshing behind it and a
        test (or a script) drives the dialog like a person would.
        """
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.finished.connect(lambda _result: self._closed(dlg))
        dlg.open()

    def _closed(self, dlg: QDialog) -> None:
        if self.dialog is dlg:
            self.dialog = None
