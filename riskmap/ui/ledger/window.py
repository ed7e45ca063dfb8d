"""The ledger's part of the main window: File → Switch user, Edit → Undo / Redo, the Ledger menu,
the current user in the status bar, and the context menus on the map and the dossier lists.

Kept apart from riskmap.ui.main_window so the window stays about the map and the selection; it
gets riskmap.ui.services.Services: the canvas, the panels, named menus and the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from riskmap.core.database import Actor
from riskmap.core.dossier import HazardRow, RectificationRow
from riskmap.core.ledger_records import hazard_record, workflow_actions
from riskmap.ui.i18n import Retranslating
from riskmap.ui.ledger.login import ChangePasswordDialog, LoginDialog
from riskmap.ui.ledger.words import words

if TYPE_CHECKING:
    from riskmap.ui.services import Services

MAX_SITES_IN_MENU = 8  # a click on a dense spot hits many sites; the menu names the top ones


class LedgerActions(Retranslating, QObject):
    """Menus, actions and the user button of the ledger, attached to one main window."""

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.services = services
        self.ctl = ctl = services.ledger
        win = services.parent
        self.act_switch_user = QAction(win)
        self.act_switch_user.setObjectName("act_switch_user")
        self.act_switch_user.triggered.connect(self.switch_user_dialog)
        self.act_change_password = QAction(win)
        self.act_change_password.setObjectName("act_change_password")
        self.act_change_password.triggered.connect(self.change_password_dialog)
        self.act_new_hazard = QAction(win)
        self.act_new_hazard.setObjectName("act_new_hazard")
        self.act_new_hazard.triggered.connect(self._new_at_selected)
        self.act_escalate = QAction(win)
        self.act_escalate.setObjectName("act_escalate")
        self.act_escalate.triggered.connect(ctl.escalate_due)
        self.act_undo: QAction | None = None
        self.act_redo: QAction | None = None
        self.menu_edit = QMenu(win)
        self.menu_ledger = QMenu(win)
        self.menu_ledger.setToolTipsVisible(True)  # a disabled entry says why
        self.menu_ledger.addActions([self.act_new_hazard, self.act_escalate])
        self.user_button = QToolButton(win)
        self.user_button.setObjectName("user_button")
        self.user_button.setAutoRaise(True)
        self.user_button.clicked.connect(self.switch_user_dialog)
        self.last_menu: QMenu | None = None  # the context menu shown last (tests drive it)
        self._make_undo_actions()
        ctl.sigActorChanged.connect(self._actor_changed)
        ctl.sigChanged.connect(self._changed)
        ctl.sigMessage.connect(services.message)
        ctl.sigError.connect(self._refused)
        services.detail_panel.sigNewHazard.connect(ctl.new_hazard)
        services.detail_panel.sigHazardAction.connect(ctl.perform)
        services.canvas.view.viewport().installEventFilter(self)
        services.dossier_panel.sigRowMenuRequested.connect(self._row_menu_requested)

    # -- installation ---------------------------------------------------------------------
    def install(self) -> None:
        """Put the actions into the window's menus and the user into its status bar."""
        s = self.services
        s.add_menu_action("file", self.act_switch_user, before="quit")
        s.add_menu_action("file", self.act_change_password, before="quit", separate=True)
        s.add_menu("edit", before="view", menu=self.menu_edit)
        s.add_menu("ledger", before="language", menu=self.menu_ledger)
        s.status_bar().insertPermanentWidget(0, self.user_button)
        self.retranslate()  # its texts, then what the user may do

    def _make_undo_actions(self) -> None:
        """Undo / Redo from the stack, with the prefix in the current language (the stack's
        actions keep the prefix they were made with, so a language switch makes them anew)."""
        stack = self.ctl.undo_stack
        for old in (self.act_undo, self.act_redo):
            if old is not None:
                self.menu_edit.removeAction(old)
                self.services.remove_window_action(old)
                old.deleteLater()
        #: 撤销
        self.act_undo = stack.createUndoAction(self.services.parent, self.tr("Undo"))
        self.act_undo.setObjectName("act_undo")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        #: 重做
        self.act_redo = stack.createRedoAction(self.services.parent, self.tr("Redo"))
        self.act_redo.setObjectName("act_redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.menu_edit.addActions([self.act_undo, self.act_redo])
        for act in (self.act_undo, self.act_redo):
            self.services.add_window_action(act)

    def retranslate(self) -> None:
        #: 切换用户…
        self.act_switch_user.setText(self.tr("Switch user…"))
        #: 修改密码…
        self.act_change_password.setText(self.tr("Change password…"))
        #: 在所选风险点新建隐患…
        self.act_new_hazard.setText(self.tr("New hazard at the selected site…"))
        #: 提级督办逾期重大隐患
        self.act_escalate.setText(self.tr("Escalate overdue major hazards"))
        #: 编辑(&E)
        self.menu_edit.setTitle(self.tr("&Edit"))
        #: 隐患台账(&L)
        self.menu_ledger.setTitle(self.tr("&Ledger"))
        self._make_undo_actions()
        self.update_actions()

    def update_actions(self, *_args: Any) -> None:
        """Enable what the current user may do here; a disabled action's tooltip says why."""
        actor = self.ctl.actor
        reason = self.ctl.cannot_edit()
        site = self.services.state.selected_site
        #: 将逾期未整改的重大隐患由县级提级为市级督办
        tip = self.tr("Move overdue major hazards up one level of supervision (county → city)")
        self.act_escalate.setEnabled(not reason)
        self.act_escalate.setToolTip(reason or tip)
        if not reason and site is None:
            #: 请先在地图上选择风险点。
            reason = self.tr("Select a site on the map first.")
        self.act_new_hazard.setEnabled(not reason)
        self.act_new_hazard.setToolTip(reason)
        self.user_button.setText(words().user_line(actor))
        # A password of one's own: a signed-in user of a SQLite database (PostgreSQL: the
        # server's login password).
        self.act_change_password.setEnabled(actor.authenticated and not self.ctl.store.is_postgis)
        if self.ctl.store.is_postgis:
            self.act_switch_user.setEnabled(False)
            self.act_switch_user.setToolTip(self._login_is_the_user())
            self.user_button.setToolTip(self._login_is_the_user())
        else:
            #: 当前用户。点击切换用户。
            self.user_button.setToolTip(self.tr("The current user. Click to switch."))

    # -- following the ledger -------------------------------------------------------------
    def _changed(self, site_ids: list[int]) -> None:
        """After an edit, undo or redo: the detail and the dossier follow; the map stays put."""
        s = self.services
        site = s.state.selected_site
        if len(site_ids) == 1 and site_ids[0] != site:
            s.show_site(site_ids[0], fly=False)  # the edited site, e.g. from a context menu
        elif site is not None:
            s.show_site(site, fly=False)
        s.run_dossier()

    def _refused(self, text: str) -> None:
        w = self.services
        w.message(text)
        # Often refused because the row moved on (someone else's change): show it as it is now.
        if w.state.selected_site is not None:
            w.show_site(w.state.selected_site, fly=False)
        w.detail_panel.show_error(text)

    def _actor_changed(self, _actor: Actor) -> None:
        self.update_actions()
        # Every button of the detail depends on who is looking.
        if self.services.state.selected_site is not None:
            self.services.show_site(self.services.state.selected_site, fly=False)

    # -- users ------------------------------------------------------------------------------
    def switch_user_dialog(self) -> LoginDialog | None:
        """Sign in as someone else: their user name and password (nobody is listed). On
        PostgreSQL the database login is the user: nothing to switch here."""
        if self.ctl.store.is_postgis:
            self.services.message(self._login_is_the_user())
            return None
        dlg = LoginDialog(self.ctl.store, switching=True, parent=self.services.parent)
        dlg.accepted.connect(lambda: self._signed_in(dlg.actor))
        self.ctl.open_dialog(dlg)
        return dlg

    def _login_is_the_user(self) -> str:
        #: 本库在 PostgreSQL 上，用户即数据库登录名（{0}）。要换人，请用其登录名连接。
        return self.tr(
            "This database is on PostgreSQL: the user is the database login ({0}). To work as "
            "someone else, connect with their login."
        ).format(self.ctl.actor.name)

    def change_password_dialog(self) -> ChangePasswordDialog:
        dlg = ChangePasswordDialog(self.ctl.store, self.ctl.actor, self.services.parent)
        #: 密码已修改。
        dlg.accepted.connect(lambda: self.services.message(self.tr("Password changed.")))
        self.ctl.open_dialog(dlg)
        return dlg

    def switch_user(self, name: str, password: str) -> Actor | None:
        """Work as `name` from now on, if `password` is theirs (remembered for the next start);
        None, with the reason in the status bar, when it is not: nothing changes."""
        dlg = LoginDialog(self.ctl.store, name, switching=True, parent=self.services.parent)
        dlg.password.setText(password)
        dlg.accept()
        actor = dlg.actor
        if actor is None:
            self.services.message(dlg.error.text())
        else:
            self._signed_in(actor)
        dlg.deleteLater()
        return actor

    def _signed_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        self.ctl.set_actor(actor)
        self.services.settings.setValue("user", actor.name)
        #: 当前用户：{0}
        self.services.message(self.tr("Now working as {0}").format(words().user_line(actor)))

    def _new_at_selected(self) -> None:
        if self.services.state.selected_site is not None:
            self.ctl.new_hazard(self.services.state.selected_site)

    # -- context menus ------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ContextMenu and isinstance(ev, QContextMenuEvent):
            menu = self.map_menu(ev.pos())
            self._popup(menu, ev.globalPos())
            return True
        return super().eventFilter(obj, ev)

    def _popup(self, menu: QMenu, where: QPoint) -> None:
        if self.last_menu is not None and self.last_menu is not menu:
            self.last_menu.deleteLater()
        self.last_menu = menu
        menu.popup(where)

    def _guarded(self, act: QAction, tip: str = "") -> None:
        """Disable an editing entry for someone who may not edit, saying why."""
        reason = self.ctl.cannot_edit()
        act.setEnabled(not reason)
        act.setToolTip(reason or tip)

    def map_menu(self, pos: QPoint) -> QMenu:
        """The map's context menu at a viewport position: a new hazard at each site there."""
        canvas = self.services.canvas
        x, y = canvas.widget_to_map(pos)
        ids = canvas.identify_at(x, y)[:MAX_SITES_IN_MENU]
        names = canvas.site_names(ids)
        menu = QMenu(self.services.parent)
        menu.setObjectName("map_menu")
        menu.setToolTipsVisible(True)
        for sid in ids:
            name = names.get(sid, ("", f"#{sid}"))[1]
            #: 在“{0}”新建隐患…
            act = menu.addAction(self.tr("New hazard at {0}…").format(name))
            act.setData(sid)
            self._guarded(act)
            act.triggered.connect(lambda _c=False, s=sid: self.ctl.new_hazard(s))
        if not ids:
            #: 这里没有风险点
            menu.addAction(self.tr("No site here")).setEnabled(False)
        return menu

    def _row_menu_requested(self, table: str, row: object, where: QPoint) -> None:
        menu = self.row_menu(table, row)
        if menu is not None:
            self._popup(menu, where)

    def row_menu(self, table: str, row: object) -> QMenu | None:
        """The context menu of a dossier hazard or rectification row."""
        if isinstance(row, HazardRow):
            site_id, hazard_id = row.site_id, row.id
        elif isinstance(row, RectificationRow):
            site_id, hazard_id = row.site_id, row.hazard_id
        else:
            return None
        menu = QMenu(self.services.parent)
        menu.setObjectName(f"{table}_menu")
        menu.setToolTipsVisible(True)
        #: 在此风险点新建隐患…
        act = menu.addAction(self.tr("New hazard at this site…"))
        self._guarded(act)
        act.triggered.connect(lambda: self.ctl.new_hazard(site_id))
        rec = hazard_record(self.ctl.store, hazard_id)
        if rec is None:
            #: 隐患 #{0} 已不存在（可能已被删除）。
            gone = menu.addAction(self.tr("Hazard #{0} no longer exists.").format(hazard_id))
            gone.setEnabled(False)
            return menu
        #: 编辑…
        act = menu.addAction(self.tr("Edit…"))
        self._guarded(act)
        act.triggered.connect(lambda: self.ctl.perform("edit", rec))
        actions = workflow_actions(rec, self.ctl.actor)
        if rec.rect_id is None and self.ctl.can_edit():
            actions.append("order")
        if actions:
            menu.addSeparator()
        for action in actions:
            act = menu.addAction(words().action(action))
            act.setData(action)
            act.triggered.connect(lambda _c=False, a=action: self.ctl.perform(a, rec))
        return menu


def menu_action(menu: QMenu, text_start: str) -> QAction | None:
    """The first entry of a menu whose text starts with `text_start` (for tests and scripts)."""
    return next((a for a in menu.actions() if a.text().startswith(text_start)), None)


__all__ = ["LedgerActions", "menu_action"]
