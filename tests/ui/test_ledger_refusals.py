"""The ledger's refusals reach the Chinese window in Chinese: an import's bad row, a conflict
with others' newer changes, a workbook that is not one, a wrong password, a password the core
refuses, and the four-eyes rule. Every line is checked for stray English."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6 import QtCore
from sqlalchemy import select
from test_messages import foreign_words

from riskmap.core.accounts import authenticate
from riskmap.core.ledger import Ledger
from riskmap.core.ledger_records import hazard_record
from riskmap.core.workspace import Workspace
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.schema import Site
from riskmap.ui.app import open_window
from riskmap.ui.ledger import LoginDialog
from riskmap.ui.ledger.users_dialog import UsersDialog

Qt = QtCore.Qt
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
WAIT = 20_000


def chinese_only(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and not foreign_words(text)


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


def _window(qtbot, city, tmp_path: Path, today: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="zhangwei", today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


def _import(qtbot, files, path: Path):
    if files.report is not None:
        files.report.close()
        qtbot.waitUntil(lambda: files.report is None, timeout=5000)
    files.import_from(path)
    qtbot.waitUntil(lambda: files.report is not None, timeout=WAIT)
    return files.report


def test_a_ledger_import_refused_for_a_row_a_conflict_or_the_file_speaks_chinese(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win = _window(qtbot, city, tmp_path, demo_anchor)
    files = win.ledger_files
    out = tmp_path / "台账.xlsx"
    files.export_to(out)
    qtbot.waitUntil(lambda: files.last_path == out, timeout=WAIT)

    # A row with a day that never was and a level that is not one.
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=4, column=header.index("发现日期") + 1, value="2026-02-30")
    ws.cell(row=4, column=header.index("隐患等级") + 1, value="特别重大")
    bad = tmp_path / "坏行.xlsx"
    wb.save(bad)
    dlg = _import(qtbot, files, bad)
    assert {p.row for p in dlg.report.problems} == {4} and not dlg.report.written
    assert dlg.summary.text().startswith("发现 2 个问题（涉及 1 行）"), dlg.summary.text()
    shown = dlg.text.toPlainText()
    assert "第 4 行「发现日期」" in shown and "第 4 行「隐患等级」" in shown, shown
    for line in [dlg.summary.text(), *shown.splitlines()]:
        assert chinese_only(line), (line, foreign_words(line))

    # Someone changes a rectification after the export: the file would undo it.
    con = sqlite3.connect(city.store.url.removeprefix("sqlite:///"))
    hid, deadline = con.execute(
        "SELECT hazard_id, deadline FROM rectifications WHERE status = 'in_progress'"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    con.close()
    with Ledger(city.store, Actor("lina", "editor", "李娜"), today=demo_anchor).edit() as tx:
        tx.set_rectification(hid, "李娜改的措施", dt.date.fromisoformat(deadline))
    dlg = _import(qtbot, files, out)
    assert dlg.report.blocked and not dlg.report.written
    shown = dlg.text.toPlainText()
    assert f"隐患 {hid} 的整改在导出后已被修改" in shown and "李娜 于" in shown, shown
    # Who changed a row is data: a login name (the demo generator's "demo") stays as it is.
    for line in [dlg.summary.text(), *shown.splitlines()]:
        assert set(foreign_words(line)) <= {"demo"}, (line, foreign_words(line))
    dlg.close()

    # Not a workbook riskmap can read: the window says why, and what to do, in Chinese.
    old = tmp_path / "旧台账.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    files.import_from(old)
    qtbot.waitUntil(lambda: bool(win.detail_panel.error_text()), timeout=WAIT)
    said = win.detail_panel.error_text()
    assert said == "旧台账.xlsx 是旧版 Excel 97-2003（.xls）工作簿；请另存为 .xlsx 文件", said
    win.detail_panel.show_error("")
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    files.import_from(empty)
    qtbot.waitUntil(lambda: bool(win.detail_panel.error_text()), timeout=WAIT)
    assert win.detail_panel.error_text() == "空.xlsx 是空文件（0 字节）"
    win.close()


def test_passwords_and_four_eyes_are_refused_in_chinese(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win = _window(qtbot, city, tmp_path, demo_anchor)
    store = city.store

    # A wrong password at a switch of user.
    dlg = win.ledger_ui.switch_user_dialog()
    assert isinstance(dlg, LoginDialog)
    qtbot.keyClicks(dlg.name, "lina")
    qtbot.keyClicks(dlg.password, "not-hers")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and chinese_only(dlg.error.text()), dlg.error.text()
    dlg.close()

    # An admin's new password the core refuses (too short): said in Chinese, nothing saved.
    users = UsersDialog(store, authenticate(store, "admin", "riskmap"))
    qtbot.addWidget(users)
    assert users.select_user("lina")
    qtbot.keyClicks(users.password_edit, "abc")
    assert not users.apply()
    assert users.message.text() == "密码至少需要 6 个字符", users.message.text()
    assert authenticate(store, "lina", "riskmap").name == "lina"
    users.close()

    # Four eyes: the submitter's own verification is refused, in Chinese.
    with store.session() as s:
        site = s.scalar(
            select(Site.id).where(Site.layer == "chemical_plants").order_by(Site.id).limit(1)
        )
    actor = win.ledger.actor
    with Ledger(store, actor, demo_anchor).edit() as tx:
        hid = tx.create_hazard(site, "major", "液氯钢瓶未固定", found_on=demo_anchor)
        tx.set_rectification(hid, "加装钢瓶固定架", demo_anchor + dt.timedelta(days=5))
    for action in ("start", "submit"):
        with qtbot.waitSignal(win.ledger.sigChanged):
            win.ledger.transition(hazard_record(store, hid), action, "")
    with qtbot.waitSignal(win.ledger.sigError) as refused:
        assert win.ledger.transition(hazard_record(store, hid), "verify", "自己验收") is None
    said = refused.args[0]
    assert "由 张伟 提交验收，须由另一人验收" in said and chinese_only(said), said
    assert hazard_record(store, hid).status == "submitted"
    win.close()
