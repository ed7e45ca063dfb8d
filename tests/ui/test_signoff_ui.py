"""A sign-off people can trust, in the window (offscreen, a writable demo city, real SQLite):
signing in at start and at every switch of user, four eyes that a switch of user cannot get
round, undo named as undo in the trail, and an as-of date that is validated, never coerced."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore
from sqlalchemy import select

from riskmap.core.ledger_records import hazard_record
from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.demo.install import init_db
from riskmap.store.engine import open_store
from riskmap.store.schema import Site
from riskmap.ui.app import open_wall, open_window, sign_in_dialog
from riskmap.ui.ledger import LoginDialog, ReviewNoteDialog

Qt = QtCore.Qt

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


def _settings(tmp_path: Path) -> QtCore.QSettings:
    return QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)


def _window(qtbot, city, tmp_path: Path, today: dt.date, lang: str = "zh"):
    win = open_window(city, _settings(tmp_path), lang, user="zhangwei", today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


def _plant(ws) -> tuple[int, float, float]:
    with ws.store.session() as s:
        sid = s.scalar(
            select(Site.id).where(Site.layer == "chemical_plants").order_by(Site.id).limit(1)
        )
    pt = ws.index.geometry(sid).representative_point()
    return sid, pt.x, pt.y


def _sign_in(qtbot, dlg: LoginDialog, name: str | None, password: str) -> None:
    if name is not None:
        dlg.name.clear()
        qtbot.keyClicks(dlg.name, name)
    dlg.password.clear()
    qtbot.keyClicks(dlg.password, password)
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)


# -- signing in ------------------------------------------------------------------------------


def test_the_start_asks_the_remembered_user_for_a_password(qtbot, city, tmp_path) -> None:
    settings = _settings(tmp_path)
    settings.setValue("user", "lina")
    open_window(city, settings, "zh").close()  # the application speaks Chinese from here
    dlg = sign_in_dialog(city, settings)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.windowTitle() == "登录 riskmap" and dlg.ok_button.text() == "登录"
    assert dlg.name.text() == "lina" and dlg.password.echoMode() == dlg.password.EchoMode.Password
    _sign_in(qtbot, dlg, None, "not-hers")
    assert dlg.isVisible() and dlg.actor is None
    assert dlg.error.text() == "用户名或密码不正确。" and dlg.password.text() == ""
    _sign_in(qtbot, dlg, None, "riskmap")
    assert not dlg.isVisible() and dlg.result() == dlg.DialogCode.Accepted
    assert (dlg.actor.name, dlg.actor.role, dlg.actor.authenticated) == ("lina", "editor", True)


def test_the_first_admin_of_a_database_without_passwords_sets_one_at_start(qtbot, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    init_db(url, empty=True, admin="root").dispose()
    store = open_store(url)
    try:
        dlg = LoginDialog(store, "root")
        qtbot.addWidget(dlg)
        dlg.show()
        _sign_in(qtbot, dlg, None, "")
        assert dlg.actor is None and dlg.new_password.isVisibleTo(dlg)
        assert not dlg.password.isVisibleTo(dlg) and dlg.name.isReadOnly()
        qtbot.keyClicks(dlg.new_password, "root-first")
        qtbot.keyClicks(dlg.repeat, "root-firsT")
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        assert dlg.actor is None and "differ" in dlg.error.text()
        qtbot.keyClicks(dlg.repeat, "root-first")
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        assert dlg.actor is not None and dlg.actor.authenticated and dlg.actor.role == "admin"
        again = LoginDialog(store, "root")
        qtbot.addWidget(again)
        _sign_in(qtbot, again, None, "root-first")
        assert again.actor is not None and not again.new_password.isVisibleTo(again)
    finally:
        store.dispose()


def test_a_wrong_password_from_a_script_opens_no_window(demo_copy: str, tmp_path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "riskmap", "--db", demo_copy, "--user", "lina",
         "--password-stdin", "--quit-after", "0"],
        input="guess\n", capture_output=True, text=True, env={**os.environ, **env}, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and "interactive at" not in proc.stdout
    assert proc.stderr.strip().splitlines() == ["riskmap: error: wrong user name or password"]


# -- four eyes -------------------------------------------------------------------------------


def test_the_submitter_cannot_verify_by_switching_user(qtbot, city, tmp_path, demo_anchor):
    win = _window(qtbot, city, tmp_path, demo_anchor)
    store = city.store
    site, _x, _y = _plant(city)
    from riskmap.core.ledger import Ledger

    with Ledger(store, win.ledger.actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "major", "液氯钢瓶未固定", found_on=demo_anchor)
        tx.set_rectification(hid, "加装钢瓶固定架", demo_anchor + dt.timedelta(days=5))
    win.show_site(site, fly=False)
    for action in ("start", "submit"):
        with qtbot.waitSignal(win.ledger.sigChanged):
            qtbot.mouseClick(win.detail_panel.card(hid).buttons[action], Qt.MouseButton.LeftButton)
    assert hazard_record(store, hid).status == "submitted"

    # Undo the submission: the trail names it as its undo, by zhangwei, not as "退回整改".
    win.ledger_ui.act_undo.trigger()
    assert hazard_record(store, hid).status == "in_progress"
    shown = win.detail_panel.plain_text()
    assert f"张伟 · 撤销：提交验收（隐患 #{hid}）" in shown and "退回整改（隐患" not in shown
    win.ledger_ui.act_redo.trigger()
    assert hazard_record(store, hid).status == "submitted"

    # Switching to lina needs lina's password; a wrong one changes nothing.
    dlg = win.ledger_ui.switch_user_dialog()
    assert isinstance(dlg, LoginDialog) and dlg.windowTitle() == "切换用户"
    _sign_in(qtbot, dlg, "lina", "riskmap-zhangwei-guess")
    assert dlg.isVisible() and win.ledger.actor.name == "zhangwei"
    assert dlg.error.text() == "用户名或密码不正确。"
    _sign_in(qtbot, dlg, "lina", "riskmap")
    assert win.ledger.actor.name == "lina"
    assert "verify" in win.detail_panel.card(hid).buttons

    # lina makes the demo password her own (File → 修改密码…), given the current one.
    assert win.ledger_ui.act_change_password.isEnabled()
    change = win.ledger_ui.change_password_dialog()
    qtbot.keyClicks(change.current, "wrong-one")
    qtbot.keyClicks(change.new_password, "lina-2026-own")
    qtbot.keyClicks(change.repeat, "lina-2026-own")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert change.isVisible() and change.error.text() == "当前密码不正确，密码没有修改。"
    qtbot.keyClicks(change.current, "riskmap")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert change.changed and win.statusBar().currentMessage() == "密码已修改。"

    # Back to zhangwei (with his password): the submitter is offered no 验收销号, and a call
    # that slips past the buttons is refused by the core: nothing changes.
    assert win.set_user("zhangwei", "riskmap") is not None
    assert "verify" not in win.detail_panel.card(hid).buttons
    with qtbot.waitSignal(win.ledger.sigError) as refused:
        assert win.ledger.transition(hazard_record(store, hid), "verify", "自己验收") is None
    assert "须由另一人验收" in refused.args[0]  # the window says it in its language
    assert hazard_record(store, hid).status == "submitted"

    # lina verifies: confirmation and 验收意见 asked; the note is stored and in the trail.
    assert win.set_user("lina", "riskmap") is None  # her old password no longer
    assert win.set_user("lina", "lina-2026-own") is not None
    qtbot.mouseClick(win.detail_panel.card(hid).buttons["verify"], Qt.MouseButton.LeftButton)
    dlg = win.ledger.dialog
    assert isinstance(dlg, ReviewNoteDialog) and dlg.windowTitle() == "验收销号"
    assert not dlg.ok_button.isEnabled() and dlg.ok_button.text() == "确认验收销号"
    dlg.note.setPlainText("现场复核：钢瓶已固定")
    with qtbot.waitSignal(win.ledger.sigChanged):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    rec = hazard_record(store, hid)
    assert (rec.status, rec.review_note) == ("verified", "现场复核：钢瓶已固定")
    shown = win.detail_panel.plain_text()
    assert f"李娜 · 验收销号（隐患 #{hid}）" in shown
    win.close()


# -- the as-of date ------------------------------------------------------------------------------


def test_a_garbage_as_of_date_changes_no_figure(qtbot, city, tmp_path, demo_anchor) -> None:
    win = _window(qtbot, city, tmp_path, demo_anchor)
    site, x, y = _plant(city)
    win.show_site(site, fly=False)
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        win.set_region(Region.from_circle(x, y, 5000, crs=city.crs))
    counts = win.dossier_panel.counts()
    meta = win.dossier_panel._meta.text()
    status = win.statusBar().currentMessage()
    detail = win.detail_panel.plain_text()
    day = f"截至 {demo_anchor.isoformat()}"
    assert day in meta and day in status and day in detail

    field = win.asof_edit
    field.selectAll()
    with qtbot.assertNotEmitted(win.sigDossierReady, wait=300):
        qtbot.keyClicks(field, "abcd9999-99-99")
    assert field.text() == "abcd9999-99-99" and field.property("invalid") is True
    assert "abcd9999-99-99" in field.toolTip() and "不是有效日期" in field.toolTip()
    assert field.toolTip() in win.statusBar().currentMessage()
    assert win.filters().as_of == demo_anchor  # not 2026-09-09, not anything
    assert win.dossier_panel.counts() == counts and win.dossier_panel._meta.text() == meta
    assert win.detail_panel.plain_text() == detail
    assert status != win.statusBar().currentMessage()  # the reason replaced the figures' line

    # A real date applies, and every figure says which day it counts to.
    later = demo_anchor + dt.timedelta(days=60)
    field.selectAll()
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        qtbot.keyClicks(field, later.isoformat())
    assert field.property("invalid") is False and win.filters().as_of == later
    assert f"截至 {later.isoformat()}" in win.dossier_panel._meta.text()
    assert f"截至 {later.isoformat()}" in win.statusBar().currentMessage()
    assert f"截至 {later.isoformat()}" in win.detail_panel.plain_text()
    assert win.dossier_panel.counts().overdue >= counts.overdue
    win.close()


def test_the_wall_tiles_say_the_day_they_count_to(qtbot, city, tmp_path, demo_anchor) -> None:
    wall = open_wall(city, _settings(tmp_path), "zh", today=demo_anchor)
    qtbot.addWidget(wall)
    wall.show()
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=20000)
    texts = {name: tile.as_of.text() for name, tile in wall.tiles.items()}
    assert texts == dict.fromkeys(("open", "major", "overdue", "closed"), f"截至 {demo_anchor}")
    wall.close()
