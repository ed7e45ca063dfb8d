"""The ledger's files from the window: 台账 export and import, the 督办通知, the list windows."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6 import QtCore

from riskmap.core.dossier import UnitRow
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


def _window(qtbot, city, tmp_path: Path, user: str, today: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user=user, today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


def _count(path: Path, sql: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_export_then_import_a_ledger_from_the_window(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    db = Path(city.store.url.removeprefix("sqlite:///"))
    win = _window(qtbot, city, tmp_path, "zhangwei", demo_anchor)
    files = win.ledger_files
    assert files.act_import.isEnabled()
    out = tmp_path / "台账.xlsx"
    files.export_to(out)
    qtbot.waitUntil(lambda: files.last_path == out, timeout=20000)
    n = _count(db, "SELECT COUNT(*) FROM hazards")
    assert load_workbook(out, read_only=True).worksheets[0].max_row == n + 1

    # One changed cell: the hazard's category. The import writes it, the dossier follows.
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("隐患类别") + 1, value="改过的类别")
    hid = ws.cell(row=2, column=header.index("隐患编号") + 1).value
    wb.save(out)
    events = _count(db, "SELECT COUNT(*) FROM audit_events")
    files.import_from(out)
    qtbot.waitUntil(lambda: files.report is not None, timeout=20000)
    assert not files.report.report.problems
    assert (
        _count(
            db, f"SELECT COUNT(*) FROM hazards WHERE id = {int(hid)} AND category = '改过的类别'"
        )
        == 1
    )
    assert _count(db, "SELECT COUNT(*) FROM audit_events") == events + 1
    saved = files.report.save_report(tmp_path / "report.csv")
    assert saved is not None and saved.exists()

    # A bad date: the report lists the row, nothing is written.
    ws.cell(row=5, column=header.index("发现日期") + 1, value="2026-02-30")
    wb.save(out)
    files.report.close()
    qtbot.waitUntil(lambda: files.report is None, timeout=5000)
    files.import_from(out)
    qtbot.waitUntil(lambda: files.report is not None, timeout=20000)
    problems = files.report.report.problems
    assert [p.row for p in problems] == [5]
    assert "5" in files.report.text.toPlainText()
    assert _count(db, "SELECT COUNT(*) FROM audit_events") == events + 1


def test_a_viewer_cannot_import_but_may_export(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win = _window(qtbot, city, tmp_path, "wall", demo_anchor)
    files = win.ledger_files
    assert not files.act_import.isEnabled()
    assert files.act_import.toolTip()
    assert files.act_export.isEnabled() and files.act_notice.isEnabled()


def test_supervision_notice_from_the_units_list(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    from pypdf import PdfReader

    win = _window(qtbot, city, tmp_path, "duty", demo_anchor)
    files = win.ledger_files
    units = files.units_with_open_items()
    uid, name, n_open = units[0]
    assert n_open == max(n for _, _, n in units) > 0
    # The dossier's unit rows offer the notice.
    row = UnitRow(uid, name, "regulator", "regulator", 1, 1, 0)
    files._row_menu_requested("units", row, QtCore.QPoint(10, 10))
    assert files.last_menu is not None
    assert [a.text() for a in files.last_menu.actions()] == [
        "生成督办通知（PDF）…",
        "预览督办通知（不占用文号）…",
    ]
    files.last_menu.close()
    # The duty officer (a viewer) may not take a number: the notice comes out a draft.
    first = tmp_path / "viewer.pdf"
    files.notice_to(uid, first)
    qtbot.waitUntil(lambda: files.last_path == first, timeout=20000)
    text = "".join(PdfReader(first).pages[0].extract_text().split()).replace("\x00", "")
    assert name in text and "预览稿" in text
    assert not re.search(r"〔\d{4}〕\d+号", text)
    # An editor issues it under the register's first number.
    win.ledger_ui.switch_user("zhangwei", "riskmap")
    out = tmp_path / "notice.pdf"
    files.notice_to(uid, out)
    qtbot.waitUntil(lambda: files.last_path == out, timeout=20000)
    text = "".join(PdfReader(out).pages[0].extract_text().split()).replace("\x00", "")
    assert name in text
    assert re.search(r"〔\d{4}〕1号", text)
    draft = tmp_path / "draft.pdf"
    files.notice_to(uid, draft, draft=True)
    qtbot.waitUntil(lambda: files.last_path == draft, timeout=20000)
    text = "".join(PdfReader(draft).pages[0].extract_text().split()).replace("\x00", "")
    assert "预览稿" in text and not re.search(r"〔\d{4}〕\d+号", text)
    files.notice_to(uid, out)
    qtbot.waitUntil(lambda: files.last_path == out, timeout=20000)
    text = "".join(PdfReader(out).pages[0].extract_text().split()).replace("\x00", "")
    assert re.search(r"〔\d{4}〕2号", text)  # the draft took no number


def test_list_windows_open_read_only_for_an_editor_and_close_on_switch(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win = _window(qtbot, city, tmp_path, "zhangwei", demo_anchor)
    files = win.ledger_files
    lists = files.show_lists()
    assert lists.isVisible() and lists.banner.isVisible()  # only an admin changes them
    users = files.show_users()
    assert users.isVisible()
    assert files.show_lists() is lists  # one window, brought up again
    win.ledger_ui.switch_user("admin", "riskmap")
    assert files.lists is None and files.users is None
    admin_lists = files.show_lists()
    assert not admin_lists.banner.isVisible()
    admin_lists.close()


def test_an_old_copy_is_refused_in_the_window_and_overwrites_only_when_confirmed(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from riskmap.core.ledger import Ledger
    from riskmap.store.access import Actor

    db = Path(city.store.url.removeprefix("sqlite:///"))
    win = _window(qtbot, city, tmp_path, "zhangwei", demo_anchor)
    files = win.ledger_files
    out = tmp_path / "台账.xlsx"
    files.export_to(out)
    qtbot.waitUntil(lambda: files.last_path == out, timeout=20000)
    con = sqlite3.connect(db)
    rid, hid, measures, deadline = con.execute(
        "SELECT id, hazard_id, measures, deadline FROM rectifications"
        " WHERE status = 'in_progress' ORDER BY id LIMIT 1"
    ).fetchone()
    con.close()
    with Ledger(city.store, Actor("lina", "editor", "李娜"), today=demo_anchor).edit() as tx:
        tx.set_rectification(hid, "李娜改的措施", dt.date.fromisoformat(deadline))

    files.import_from(out)
    qtbot.waitUntil(lambda: files.report is not None, timeout=20000)
    dlg = files.report
    assert dlg.report.blocked and not dlg.report.written
    assert "已被他人修改" in dlg.summary.text() and "李娜 于" in dlg.text.toPlainText()
    assert dlg.force_button.isVisible()
    # No: nothing changes.
    box = dlg.ask_force()
    box.button(QMessageBox.StandardButton.No).click()
    assert _count(db, f"SELECT COUNT(*) FROM rectifications WHERE id = {rid}"
                      " AND measures = '李娜改的措施'") == 1  # fmt: skip
    # Yes: the file overwrites, the audit trail says so.
    box = dlg.ask_force()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(
        lambda: (
            files.report is not None and files.report is not dlg and files.report.report.written
        ),
        timeout=20000,
    )
    assert _count(db, f"SELECT COUNT(*) FROM rectifications WHERE id = {rid}"
                      f" AND measures = '{measures}'") == 1  # fmt: skip
    assert _count(db, "SELECT COUNT(*) FROM audit_events WHERE note LIKE"
                      " 'forced spreadsheet overwrite: 台账.xlsx%'") == 1  # fmt: skip
    files.report.close()
