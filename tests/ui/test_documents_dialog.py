"""File → 文书设置 in the real main window, offscreen: an admin edits and saves (audited, read
back from the database), a seal picked and previewed, a wrong file refused, a viewer read-only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from sqlalchemy import text

from riskmap.core.documents import issue_number, load_document_settings
from riskmap.core.workspace import Workspace
from riskmap.store.access import Actor
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
    win.show()
    qtbot.waitExposed(win)
    return win


def _seal(path: Path) -> Path:
    img = QtGui.QImage(200, 200, QtGui.QImage.Format.Format_ARGB32)
    img.fill(QtGui.QColor(0, 0, 0, 0))
    p = QtGui.QPainter(img)
    p.setPen(QtGui.QPen(QtGui.QColor("#d00000"), 8))
    p.drawEllipse(10, 10, 180, 180)
    p.end()
    assert img.save(str(path), "PNG")
    return path


def test_an_admin_sets_the_office_contact_prefix_and_seal(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    issue_number(city.store, "notice", demo_anchor.year, Actor("admin", "admin"), "x")
    win = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    assert win.act_documents in win.menu_file.actions()
    assert win.act_documents.text() == "文书设置…"
    win.act_documents.trigger()
    dlg = win.documents_dialog
    assert dlg.isVisible() and dlg.windowTitle() == "文书设置"
    city_name = city.store.city_name
    assert dlg.office.text() == f"{city_name}安全生产委员会办公室"  # the default
    dlg.prefix.setText("青门办督")
    assert dlg.example.text() == f"青门办督〔{demo_anchor.year}〕2号"  # the next one: 1 is taken
    dlg.contact.setText("王建国")
    dlg.phone.setText("0940-1234567")
    dlg.marking.setCurrentText("内部资料 注意保存")
    assert dlg.title_font.currentText() == "随附宋体（默认）"
    # A file that is no PNG: said under the form, nothing taken.
    bad = tmp_path / "seal.txt"
    bad.write_text("not an image", encoding="utf-8")
    assert not dlg.set_seal_file(bad)
    assert dlg.error.isVisible() and "PNG" in dlg.error.text() and dlg.seal is None
    assert dlg.set_seal_file(_seal(tmp_path / "seal.png"))
    assert not dlg.error.isVisible()
    assert not dlg.seal_view.pixmap().isNull() and dlg.seal_remove.isEnabled()
    dlg.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save).click()
    assert not dlg.isVisible()
    got = load_document_settings(city.store)
    assert (got.contact_person, got.contact_phone, got.number_prefix, got.marking) == (
        "王建国",
        "0940-1234567",
        "青门办督",
        "内部资料 注意保存",
    )
    assert got.seal_png == (tmp_path / "seal.png").read_bytes()
    assert got.title_font is None and got.body_font is None
    with city.store.engine.connect() as c:
        who = c.execute(
            text('SELECT "user", action FROM audit_events WHERE "table" = \'document_settings\'')
        ).all()
    assert [tuple(r) for r in who] == [("admin", "create")]


def test_a_viewer_sees_them_read_only(qtbot, city, tmp_path: Path, demo_anchor) -> None:
    win = _window(qtbot, city, tmp_path, "wall", demo_anchor)
    win.act_documents.trigger()
    dlg = win.documents_dialog
    assert dlg.office.isReadOnly() and dlg.contact.isReadOnly()
    assert not dlg.seal_pick.isEnabled() and not dlg.title_font.isEnabled()
    save = dlg.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "管理员" in dlg.banner.text()
    dlg.reject()
