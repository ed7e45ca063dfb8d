"""The hazard ledger in the desktop client, on a writable demo city (offscreen, real SQLite).

The story of one hazard: found on the map by an editor, given a rectification order, started and
submitted; verified by someone else; undone and redone; every step in the audit trail under the
right name; and a wall display that can change nothing. Plus the form's inline validation, a
concurrent change while the form is open, and an undo refused because the row moved on.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from sqlalchemy import select

from riskmap.core.history import site_history
from riskmap.core.ledger import Ledger, resolve_actor
from riskmap.core.ledger_records import hazard_record
from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.errors import PermissionDenied
from riskmap.store.engine import open_store
from riskmap.store.schema import Hazard, Site
from riskmap.ui.app import open_window
from riskmap.ui.ledger import HazardDialog, LedgerController, LoginDialog, ReviewNoteDialog
from riskmap.ui.ledger.window import menu_action

Qt = QtCore.Qt

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform plugin cannot resize, raise or grab the keyboard for a top-level
    # window (dialogs, popup menus) and says so; not ours to fix, and a real display can.
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


@pytest.fixture
def window(qtbot, city, demo_anchor: dt.date, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "en", user="zhangwei", today=demo_anchor)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _chemical_plant(ws) -> tuple[int, float, float]:
    with ws.store.session() as s:
        sid = s.scalar(
            select(Site.id).where(Site.layer == "chemical_plants").order_by(Site.id).limit(1)
        )
    pt = ws.index.geometry(sid).representative_point()
    return sid, pt.x, pt.y


def _mouse(canvas, x: float, y: float, button: Qt.MouseButton) -> None:
    """A real click at map point (x, y): the pointer arrives first, as a hand's would."""
    from PySide6.QtTest import QTest

    vp = canvas.view.viewport()
    p = canvas.map_to_widget(x, y)
    time.sleep(0.012)  # pyqtgraph drops moves faster than 100/s
    none = Qt.MouseButton.NoButton
    ev = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove, QtCore.QPointF(p), QtCore.QPointF(p),
        QtCore.QPointF(vp.mapToGlobal(p)), none, none, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QtWidgets.QApplication.sendEvent(vp, ev)
    if button == Qt.MouseButton.RightButton:
        # Through the window, as the platform delivers it: only then does Qt follow the press
        # with the QContextMenuEvent a real right click makes.
        top = vp.window()
        QTest.mouseClick(
            top.windowHandle(), button, Qt.KeyboardModifier.NoModifier, vp.mapTo(top, p)
        )
    else:
        QTest.mouseClick(vp, button, Qt.KeyboardModifier.NoModifier, p)


def _type(widget: QtWidgets.QWidget, text: str) -> None:
    """Key clicks that carry any text: QTest.keyClicks only knows Latin-1 (it asserts on 消)."""
    for ch in text:
        for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
            ev = QtGui.QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QtWidgets.QApplication.sendEvent(widget, ev)


def _open_count(win) -> int:
    counts = win.dossier_panel.counts()
    assert counts is not None
    return counts.open


def _card(win, hazard_id: int):
    card = win.detail_panel.card(hazard_id)
    assert card is not None, f"hazard {hazard_id} is not shown in the site detail"
    return card


def _press(qtbot, win, hazard_id: int, action: str) -> None:
    """Press a workflow button of a hazard card and wait for the dossier to follow."""
    button = _card(win, hazard_id).buttons[action]
    assert button.isEnabled()
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _status(store, hazard_id: int) -> str:
    rec = hazard_record(store, hazard_id)
    assert rec is not None
    return rec.status


# -- the story ------------------------------------------------------------------------------


def test_a_hazard_from_the_map_to_verified_and_back(qtbot, window, city, demo_anchor) -> None:
    win, store = window, city.store
    assert win.ledger_ui.user_button.text() == "张伟 · editor"
    site, x, y = _chemical_plant(city)

    # Identify the site with a real click, and select the area around it for the dossier.
    win.canvas.set_view_rect(QtCore.QRectF(x - 1500, y - 1000, 3000, 2000))
    win.set_tool("identify")
    with qtbot.waitSignal(win.canvas.sigIdentified, timeout=5000) as got:
        _mouse(win.canvas, x, y, Qt.MouseButton.LeftButton)
    assert site in got.args[0]
    win.show_site(site, fly=False)
    assert win.detail_panel.detail().id == site
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        win.set_region(Region.from_circle(x, y, 3000, crs=city.crs))
    open_before = _open_count(win)

    # Right click on the site: the map's context menu offers a new hazard there.
    _mouse(win.canvas, x, y, Qt.MouseButton.RightButton)
    menu = win.ledger_ui.last_menu
    assert menu is not None and menu.isVisible()
    entry = next(a for a in menu.actions() if a.data() == site)
    assert entry.text().startswith("New hazard at ") and entry.isEnabled()
    entry.trigger()
    menu.hide()
    dlg = win.ledger.dialog
    assert isinstance(dlg, HazardDialog) and dlg.isVisible()
    assert not dlg.ok_button.isEnabled()  # no description yet
    qtbot.keyClick(dlg.level, Qt.Key.Key_Down)  # general → major
    _type(dlg.category.lineEdit(), "消防安全")
    _type(dlg.description, "储罐区消防通道被杂物堵塞")
    assert dlg.ok_button.isEnabled()
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert win.ledger.dialog is None
    with store.session() as s:
        hid = s.scalar(select(Hazard.id).where(Hazard.site_id == site).order_by(Hazard.id.desc()))
    rec = hazard_record(store, hid)
    assert (rec.level, rec.category, rec.description) == (
        "major",
        "消防安全",
        "储罐区消防通道被杂物堵塞",
    )
    assert rec.found_on == demo_anchor and rec.found_by == "张伟" and rec.rect_id is None
    assert _open_count(win) == open_before + 1
    assert "储罐区消防通道被杂物堵塞" in win.detail_panel.plain_text()

    # Attach a rectification order from the hazard's card.
    assert "start" not in _card(win, hid).buttons  # nothing to start without an order
    qtbot.mouseClick(_card(win, hid).buttons["order"], Qt.MouseButton.LeftButton)
    dlg = win.ledger.dialog
    assert isinstance(dlg, HazardDialog) and dlg.rect_group.isChecked()
    _type(dlg.measures, "清理通道杂物，设置禁止占用标识")
    dlg.unit.setCurrentIndex(1)  # the first unit that answers for this site
    _type(dlg.person, "赵六")
    qtbot.keyClicks(dlg.funds, "1.5")
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    rec = hazard_record(store, hid)
    assert rec.rect_id is not None and rec.status == "open"
    assert (rec.measures, rec.responsible_person, rec.funds) == (
        "清理通道杂物，设置禁止占用标识",
        "赵六",
        1.5,
    )
    assert rec.deadline == demo_anchor + dt.timedelta(days=30) and rec.unit_id is not None

    # Start and submit; the submitter is not offered 验收销号 (nor 退回整改).
    _press(qtbot, win, hid, "start")
    assert _status(store, hid) == "in_progress"
    _press(qtbot, win, hid, "submit")
    assert _status(store, hid) == "submitted"
    buttons = _card(win, hid).buttons
    assert "verify" not in buttons and "reject" not in buttons
    assert "someone else verifies it" in win.detail_panel.plain_text()
    assert win.undo_stack.count() == 4

    # Undo the submission (as zhangwei): the trail says so, not "sent back" (his not to do).
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        win.ledger_ui.act_undo.trigger()
    assert _status(store, hid) == "in_progress"
    assert f"张伟 · Undo: Submitted for acceptance (hazard #{hid})" in win.detail_panel.plain_text()
    assert "Sent back" not in win.detail_panel.plain_text()
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        win.ledger_ui.act_redo.trigger()
    assert _status(store, hid) == "submitted"
    assert f"张伟 · Redo: Submitted for acceptance (hazard #{hid})" in win.detail_panel.plain_text()

    # Another person verifies: File → Switch user asks her name and her password.
    dlg = win.ledger_ui.switch_user_dialog()
    assert isinstance(dlg, LoginDialog) and dlg.isVisible() and dlg.name.text() == ""
    qtbot.keyClicks(dlg.name, "lina")
    qtbot.keyClicks(dlg.password, "zhangwei-knows-not")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.error.text() == "Wrong user name or password."
    assert dlg.password.text() == "" and win.ledger.actor.name == "zhangwei"  # nothing changed
    qtbot.keyClicks(dlg.password, "riskmap")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert win.ledger.actor.name == "lina" and win.ledger.actor.authenticated
    assert win.ledger_ui.user_button.text() == "李娜 · editor"
    assert win.undo_stack.count() == 0  # zhangwei's edits are his to undo
    assert win.settings.value("user") == "lina"
    assert set(_card(win, hid).buttons) >= {"verify", "reject", "edit", "delete"}
    # 验收销号 asks for confirmation and the 验收意见; cancelling changes nothing.
    qtbot.mouseClick(_card(win, hid).buttons["verify"], Qt.MouseButton.LeftButton)
    dlg = win.ledger.dialog
    assert isinstance(dlg, ReviewNoteDialog) and dlg.objectName() == "VerifyDialog"
    assert not dlg.ok_button.isEnabled()  # no note yet
    dlg.reject()
    assert _status(store, hid) == "submitted"
    qtbot.mouseClick(_card(win, hid).buttons["verify"], Qt.MouseButton.LeftButton)
    dlg = win.ledger.dialog
    _type(dlg.note, "现场复核：通道已清空")
    assert dlg.ok_button.isEnabled()
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert _status(store, hid) == "verified"
    assert hazard_record(store, hid).review_note == "现场复核：通道已清空"
    assert _open_count(win) == open_before
    assert "Verified by 李娜" in win.detail_panel.plain_text()

    # Undo the verification (as lina), then redo it.
    undo, redo = win.ledger_ui.act_undo, win.ledger_ui.act_redo
    assert undo.isEnabled() and undo.text().startswith("Undo ")
    assert [k.toString() for k in redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        undo.trigger()
    assert _status(store, hid) == "submitted"
    assert _open_count(win) == open_before + 1
    assert "verify" in _card(win, hid).buttons
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        redo.trigger()
    assert _status(store, hid) == "verified"
    assert _open_count(win) == open_before

    # The audit trail: each step under the right name, newest first.
    rid = hazard_record(store, hid).rect_id
    trail = [
        e
        for e in site_history(store, site)
        if (e.table, e.row_id) in (("hazards", hid), ("rectifications", rid))
    ]
    steps = [
        (e.user, e.table, e.action, (e.before or {}).get("status"), (e.after or {}).get("status"))
        for e in reversed(trail)
    ]
    assert steps == [
        ("zhangwei", "hazards", "create", None, None),
        ("zhangwei", "rectifications", "create", None, "open"),
        ("zhangwei", "rectifications", "update", "open", "in_progress"),
        ("zhangwei", "rectifications", "update", "in_progress", "submitted"),
        ("zhangwei", "rectifications", "update", "submitted", "in_progress"),  # the undo
        ("zhangwei", "rectifications", "update", "in_progress", "submitted"),  # the redo
        ("lina", "rectifications", "update", "submitted", "verified"),
        ("lina", "rectifications", "update", "verified", "submitted"),  # the undo
        ("lina", "rectifications", "update", "submitted", "verified"),  # the redo
    ]
    history = win.detail_panel.history
    assert history is not None and history.entries[: len(trail)] == trail
    shown = win.detail_panel.plain_text()
    assert f"张伟 · New hazard #{hid}" in shown
    assert f"张伟 · Submitted for acceptance (hazard #{hid})" in shown
    assert f"李娜 · Verified and closed (hazard #{hid})" in shown
    assert f"李娜 · Undo: Verified and closed (hazard #{hid})" in shown
    assert "status: submitted → verified" in shown

    # The wall display: every editing action disabled, saying why; the core refuses anyway.
    assert win.set_user("wall", "wrong") is None and win.ledger.actor.name == "lina"
    assert win.set_user("wall", "riskmap") is not None
    assert win.ledger_ui.user_button.text() == "指挥中心大屏 · read only"
    new = win.detail_panel.new_button
    assert not new.isEnabled() and "read-only" in new.toolTip()
    for card in win.detail_panel.cards().values():
        assert not {"start", "submit", "verify", "reject"} & set(card.buttons)
        for name in ("edit", "delete", "order"):
            if name in card.buttons:
                assert not card.buttons[name].isEnabled()
                assert "read-only" in card.buttons[name].toolTip()
    for act in (win.ledger_ui.act_new_hazard, win.ledger_ui.act_escalate):
        assert not act.isEnabled() and "read-only" in act.toolTip()
    assert not win.ledger_ui.act_undo.isEnabled() and not win.ledger_ui.act_redo.isEnabled()
    menu = win.ledger_ui.map_menu(win.canvas.map_to_widget(x, y))
    assert menu.actions() and not any(a.isEnabled() for a in menu.actions())
    with pytest.raises(PermissionDenied), Ledger(store, win.ledger.actor, demo_anchor).edit():
        pass
    # A call that slips past the disabled buttons is refused as a message, not a traceback.
    with qtbot.waitSignal(win.ledger.sigError) as refused:
        assert win.ledger.delete_hazard(hazard_record(store, hid)) is False
    assert "read-only" in refused.args[0] or "viewer" in refused.args[0]
    assert win.detail_panel.error_text() == refused.args[0]
    assert hazard_record(store, hid) is not None


# -- the form -------------------------------------------------------------------------------


@pytest.fixture
def editor(qtbot, city, demo_anchor):
    ctl = LedgerController(city, resolve_actor(city.store, "zhangwei"), demo_anchor)
    yield ctl
    if ctl.dialog is not None:
        ctl.dialog.close()


def test_the_form_says_what_is_wrong_and_keeps_ok_disabled(qtbot, editor, city, demo_anchor):
    site, _x, _y = _chemical_plant(city)
    dlg = editor.new_hazard(site)
    assert dlg is not None
    qtbot.addWidget(dlg)
    errors = dlg.errors
    assert not dlg.ok_button.isEnabled()
    assert not errors["description"].isHidden() and "Describe" in errors["description"].text()
    _type(dlg.description, "配电室门口堆放易燃物")
    assert dlg.ok_button.isEnabled() and errors["description"].isHidden()
    qtbot.keyClicks(dlg.description, "\b" * 20)  # back to empty
    assert not dlg.ok_button.isEnabled()
    _type(dlg.description, "配电室门口堆放易燃物")

    # A rectification needs measures, and a deadline on or after the day it was found.
    dlg.rect_group.setChecked(True)
    assert not dlg.ok_button.isEnabled() and not errors["measures"].isHidden()
    _type(dlg.measures, "清走易燃物")
    assert dlg.ok_button.isEnabled()
    found = demo_anchor - dt.timedelta(days=3)
    dlg.found_on.setDate(QtCore.QDate(found.year, found.month, found.day))
    before = found - dt.timedelta(days=1)
    dlg.deadline.setDate(QtCore.QDate(before.year, before.month, before.day))
    assert not dlg.ok_button.isEnabled()
    assert not errors["deadline"].isHidden()
    assert errors["deadline"].text() == (
        f"The deadline cannot be before the date the hazard was found ({found.isoformat()})."
    )
    dlg.deadline.setDate(QtCore.QDate(found.year, found.month, found.day))
    assert dlg.ok_button.isEnabled() and errors["deadline"].isHidden()

    # Found on: never after today, said so rather than quietly changed.
    later = demo_anchor + dt.timedelta(days=5)
    dlg.found_on.setDate(QtCore.QDate(later.year, later.month, later.day))
    assert dlg.found_on.date().toPython() == later and not dlg.ok_button.isEnabled()
    assert errors["found_on"].text() == (
        f"The date found cannot be after today ({demo_anchor.isoformat()})."
    )
    dlg.found_on.setDate(QtCore.QDate(found.year, found.month, found.day))
    assert dlg.ok_button.isEnabled()

    # A deadline that is not a date is shown as such and never guessed: the form cannot save.
    dlg.deadline.selectAll()
    qtbot.keyClicks(dlg.deadline, "abcd9999-99-99")
    assert dlg.deadline.text() == "abcd9999-99-99" and dlg.deadline.property("invalid")
    assert dlg.deadline.date().toPython() == found  # the last valid one, unchanged
    assert not dlg.ok_button.isEnabled()
    assert errors["deadline"].text().startswith("“abcd9999-99-99” is not a valid date")
    assert errors["deadline"].text() == dlg.deadline.toolTip()
    dlg.deadline.selectAll()
    qtbot.keyClicks(dlg.deadline, "2026-02-30")  # a day that does not exist
    assert dlg.deadline.property("invalid") and not dlg.ok_button.isEnabled()
    dlg.deadline.selectAll()
    qtbot.keyClicks(dlg.deadline, found.isoformat())
    assert not dlg.deadline.property("invalid") and dlg.ok_button.isEnabled()

    # A unit from the list or none; funds a number ≥ 0 or nothing.
    _type(dlg.unit.lineEdit(), "不存在的单位")
    assert not dlg.ok_button.isEnabled() and not errors["unit"].isHidden()
    dlg.unit.lineEdit().clear()
    assert errors["unit"].isHidden()
    qtbot.keyClicks(dlg.funds, "-2")
    assert not dlg.ok_button.isEnabled() and not errors["funds"].isHidden()
    dlg.funds.clear()
    assert dlg.ok_button.isEnabled()

    # Without the rectification section its problems do not count.
    dlg.measures.clear()
    assert not dlg.ok_button.isEnabled()
    dlg.rect_group.setChecked(False)
    assert dlg.ok_button.isEnabled()


def test_a_change_by_someone_else_is_shown_in_the_form_and_nothing_typed_is_lost(
    qtbot, editor, city, demo_anchor
) -> None:
    store = city.store
    site, _x, _y = _chemical_plant(city)
    with Ledger(store, editor.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "general", "原来的描述", found_on=demo_anchor)
    dlg = editor.edit_hazard(hid)
    assert dlg is not None
    qtbot.addWidget(dlg)
    qtbot.keyClick(dlg.description, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    _type(dlg.description, "，张伟补充")
    _type(dlg.category.lineEdit(), "电气安全")
    lina = resolve_actor(store, "lina")
    with Ledger(store, lina, demo_anchor).edit() as tx:
        tx.update_hazard(hid, {"found_by": "李娜"})
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert "李娜 changed it at" in dlg.error_label.text() and not dlg.error_label.isHidden()
    assert dlg.description.toPlainText() == "原来的描述，张伟补充"
    assert dlg.category.currentText() == "电气安全"
    with store.session() as s:
        h = s.get(Hazard, hid)
        assert (h.description, h.found_by, h.category) == ("原来的描述", "李娜", "")
    assert editor.undo_stack.count() == 0


# -- undo, the dossier's menu, escalation, delete, reject ---------------------------------------


def test_an_undo_refused_by_a_later_change_is_a_message_and_leaves_the_stack(
    qtbot, editor, city, demo_anchor
) -> None:
    store = city.store
    site, _x, _y = _chemical_plant(city)
    with Ledger(store, editor.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "general", "安全出口锁闭", found_on=demo_anchor)
        tx.set_rectification(hid, "打开出口", demo_anchor + dt.timedelta(days=5))
    editor.transition(hazard_record(store, hid), "start")
    assert editor.undo_stack.count() == 1
    with Ledger(store, resolve_actor(store, "lina"), demo_anchor).edit() as tx:
        tx.transition(hazard_record(store, hid).rect_id, "submit")
    with qtbot.waitSignal(editor.sigError) as refused:
        editor.undo_stack.undo()
    assert "Cannot undo" in refused.args[0] and "李娜 changed it at" in refused.args[0]
    assert editor.undo_stack.count() == 0  # obsolete: dropped, not retried
    assert _status(store, hid) == "submitted"


def test_dossier_row_menu_offers_new_edit_and_the_allowed_transitions(
    qtbot, window, city, demo_anchor
) -> None:
    win, store = window, city.store
    site, x, y = _chemical_plant(city)
    with Ledger(store, win.ledger.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "major", "危化品仓库通风不良", found_on=demo_anchor)
        rid = tx.set_rectification(hid, "加装通风设施", demo_anchor + dt.timedelta(days=20))
        tx.transition(rid, "start")
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000) as got:
        win.set_region(Region.from_circle(x, y, 2000, crs=city.crs))
    row = next(r for r in got.args[0].rectifications if r.hazard_id == hid)
    menu = win.ledger_ui.row_menu("rectifications", row)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["New hazard at this site…", "Edit…", "Submit for acceptance"]
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        menu_action(menu, "Submit").trigger()
    assert _status(store, hid) == "submitted"
    assert win.selected_site == site  # the detail shows the site that changed

    # Right click on the row: the same menu, popped up.
    tab = win.dossier_panel.list_tab("hazards")
    proxy = tab.view.model()
    r = next(
        i for i in range(proxy.rowCount()) if proxy.index(i, 0).data(Qt.UserRole + 2).id == hid
    )
    pos = tab.view.visualRect(proxy.index(r, 0)).center()
    tab.view.customContextMenuRequested.emit(pos)
    popup = win.ledger_ui.last_menu
    assert popup is not None and popup.isVisible()
    assert menu_action(popup, "Edit…") is not None
    assert menu_action(popup, "Verify") is None  # zhangwei submitted it
    popup.hide()

    menu_action(popup, "Edit…").trigger()
    assert isinstance(win.ledger.dialog, HazardDialog)
    win.ledger.dialog.reject()

    win.set_user("duty", "riskmap")  # a viewer
    menu = win.ledger_ui.row_menu("hazards", next(h for h in win.dossier.hazards if h.id == hid))
    assert [a.isEnabled() for a in menu.actions()] == [False, False]


def test_escalation_from_the_ledger_menu_is_counted_and_undoable(
    qtbot, window, city, demo_anchor
) -> None:
    win, store = window, city.store
    site, _x, _y = _chemical_plant(city)
    with Ledger(store, win.ledger.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(
            site, "major", "液氨储罐液位计失灵", found_on=demo_anchor - dt.timedelta(days=40)
        )
        tx.set_rectification(hid, "更换液位计", demo_anchor - dt.timedelta(days=10))
    win.show_site(site, fly=False)
    with qtbot.waitSignal(win.ledger.sigChanged) as changed:
        win.ledger_ui.act_escalate.trigger()
    assert site in changed.args[0]
    assert win.statusBar().currentMessage().startswith("Escalated ")
    rec = hazard_record(store, hid)
    assert rec.escalation == 1 and rec.escalated_on == demo_anchor - dt.timedelta(days=9)
    assert f"escalated since {rec.escalated_on.isoformat()}" in win.detail_panel.plain_text()
    assert "Escalated: hazard" in win.detail_panel.plain_text()
    win.ledger_ui.act_undo.trigger()
    assert hazard_record(store, hid).escalation == 0


def test_delete_asks_first_and_undo_brings_it_back(qtbot, window, city, demo_anchor) -> None:
    win, store = window, city.store
    site, _x, _y = _chemical_plant(city)
    with Ledger(store, win.ledger.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "general", "灭火器过期", found_on=demo_anchor)
        tx.set_rectification(hid, "更换灭火器", demo_anchor + dt.timedelta(days=7))
    win.show_site(site, fly=False)
    qtbot.mouseClick(_card(win, hid).buttons["delete"], Qt.MouseButton.LeftButton)
    box = win.ledger.dialog
    assert isinstance(box, QtWidgets.QMessageBox) and box.isVisible()
    qtbot.mouseClick(box.button(QtWidgets.QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert hazard_record(store, hid) is not None
    qtbot.mouseClick(_card(win, hid).buttons["delete"], Qt.MouseButton.LeftButton)
    box = win.ledger.dialog
    qtbot.mouseClick(
        box.button(QtWidgets.QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
    )
    assert hazard_record(store, hid) is None
    assert win.detail_panel.card(hid) is None
    win.ledger_ui.act_undo.trigger()
    rec = hazard_record(store, hid)
    assert rec is not None and rec.measures == "更换灭火器"
    assert win.detail_panel.card(hid) is not None


def test_send_back_needs_a_review_note(qtbot, window, city, demo_anchor) -> None:
    win, store = window, city.store
    site, _x, _y = _chemical_plant(city)
    with Ledger(store, win.ledger.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "general", "防雷检测过期", found_on=demo_anchor)
        rid = tx.set_rectification(hid, "重新检测", demo_anchor + dt.timedelta(days=7))
        tx.transition(rid, "start")
        tx.transition(rid, "submit")
    win.set_user("lina", "riskmap")
    win.show_site(site, fly=False)
    qtbot.mouseClick(_card(win, hid).buttons["reject"], Qt.MouseButton.LeftButton)
    dlg = win.ledger.dialog
    assert isinstance(dlg, ReviewNoteDialog) and not dlg.ok_button.isEnabled()
    _type(dlg.note, "检测报告未盖章")
    assert dlg.ok_button.isEnabled()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    rec = hazard_record(store, hid)
    assert (rec.status, rec.review_note, rec.submitted_by) == (
        "in_progress",
        "检测报告未盖章",
        None,
    )
    assert "Review note: 检测报告未盖章" in win.detail_panel.plain_text()


def test_a_stale_button_is_refused_and_the_detail_shows_the_row_as_it_is_now(
    qtbot, window, city, demo_anchor
) -> None:
    win, store = window, city.store
    site, _x, _y = _chemical_plant(city)
    with Ledger(store, win.ledger.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "general", "应急照明损坏", found_on=demo_anchor)
        rid = tx.set_rectification(hid, "更换应急照明", demo_anchor + dt.timedelta(days=7))
    win.show_site(site, fly=False)
    start = _card(win, hid).buttons["start"]
    with Ledger(store, resolve_actor(store, "lina"), demo_anchor).edit() as tx:
        tx.transition(rid, "start")  # meanwhile, at another desk
    with qtbot.waitSignal(win.ledger.sigError) as refused:
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert "李娜 changed it at" in refused.args[0]
    assert win.detail_panel.error_text() == refused.args[0]
    assert win.statusBar().currentMessage() == refused.args[0]
    assert "submit" in _card(win, hid).buttons  # the card now shows the row as lina left it
    assert win.undo_stack.count() == 0


def test_a_stale_workflow_step_names_the_other_person_in_the_users_words(
    qtbot, editor, city, demo_anchor
) -> None:
    """Two seats: the other one started the work first; this seat's step is refused, saying
    who did what (in words, not column names), and nothing of either is lost."""
    from sqlalchemy import select

    from riskmap.core.ledger import Ledger
    from riskmap.core.ledger_records import hazard_record
    from riskmap.store.schema import Hazard, Rectification

    with city.store.session() as s:
        hid = s.scalar(
            select(Hazard.id)
            .join(Rectification, Rectification.hazard_id == Hazard.id)
            .where(Rectification.status == "open")
            .order_by(Hazard.id)
        )
    rec = hazard_record(city.store, hid)  # what this seat shows
    other = resolve_actor(city.store, "lina")
    with Ledger(city.store, other, today=demo_anchor).edit() as tx:
        tx.transition(rec.rect_id, "start", expected_version=rec.rect_version)
    with qtbot.waitSignal(editor.sigError) as err:
        assert editor.transition(rec, "start") is None
    (text,) = err.args
    assert text.startswith("李娜 changed it at ")
    assert f"(hazard #{hid})" in text and "Yours was not saved" in text
    assert "in progress" in text and "in_progress" not in text  # words, not stored codes
    assert hazard_record(city.store, hid).status == "in_progress"
