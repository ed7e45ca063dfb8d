"""The Briefing dialog as an editor uses it: the 工作要求 edited before generating, the 期号
taken from the register, and the holiday calendar entered from the dialog moving the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6 import QtCore

from riskmap.core.documents import register
from riskmap.core.holidays import list_holidays
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def win(qtbot, demo_copy: str, tmp_path: Path, demo_anchor: dt.date):
    ws = Workspace.load(open_store(demo_copy))
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    w = open_window(ws, settings, "zh", user="zhangwei", today=demo_anchor)  # an editor
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    ws.store.dispose()


def test_an_editor_issues_the_briefing_with_the_requirements_as_edited(
    qtbot, win, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win.briefing_ui.act_briefing.trigger()
    dlg = win.briefing_ui.dialog
    dlg.set_params("qingming", 2026)
    # The preset's requirements are there to edit; the edit is what the briefing prints.
    assert "野外火源" in dlg.requirements.toPlainText()
    dlg.requirements.setPlainText("各县区节前报送排查情况。\n\n  重大隐患逐项明确包保领导。  ")
    assert dlg.requirement_lines() == ["各县区节前报送排查情况。", "重大隐患逐项明确包保领导。"]
    dlg.folder.setText(str(tmp_path / "out"))
    for fmt, box in dlg.formats.items():
        box.setChecked(fmt == "pdf")
    with qtbot.waitSignal(dlg.sigGenerated, timeout=120000) as blocker:
        dlg.generate_button.click()
    b = blocker.args[0].briefing
    assert b.issue_no == 1 and b.requirements == dlg.requirement_lines()
    issued = register(win.ws.store, "briefing", demo_anchor.year)
    assert [(r.number, r.issued_by) for r in issued] == [(1, "zhangwei")]


def test_the_holiday_calendar_from_the_dialog_moves_the_window(qtbot, win) -> None:
    win.briefing_ui.act_briefing.trigger()
    dlg = win.briefing_ui.dialog
    dlg.set_params("qingming", 2027)
    assert "2027-04-03 – 2027-04-05" in dlg.window_label.text()  # the rule's
    cal = dlg.open_holidays()
    qtbot.addWidget(cal)
    assert cal.key() == "qingming" and cal.year.value() == 2027
    cal.start.setDate(QtCore.QDate(2027, 4, 2))
    cal.end.setDate(QtCore.QDate(2027, 4, 4))
    cal.note.setText("国办发明电〔2026〕7号")
    assert cal.save()
    assert cal.table.rowCount() == 1 and cal.table.item(0, 2).text() == "2027-04-02"
    assert "2027-04-02 – 2027-04-04" in dlg.window_label.text()
    assert "本库录入" in dlg.source_label.text() or "entered" in dlg.source_label.text()
    [h] = list_holidays(win.ws.store)
    assert (h.preset, h.year, h.note) == ("qingming", 2027, "国办发明电〔2026〕7号")
    # A break that cannot be: refused in one line, nothing changed.
    cal.end.setDate(QtCore.QDate(2027, 3, 1))
    assert not cal.save() and "\n" not in cal.status.text() and cal.status.text()
    cal.table.selectRow(0)
    assert cal.remove()
    assert cal.table.rowCount() == 0 and list_holidays(win.ws.store) == []
    assert "2027-04-03 – 2027-04-05" in dlg.window_label.text()
    # The same calendar is in the File menu.
    assert win.briefing_ui.act_holidays in win.menu_file.actions()
    cal.close()


def test_the_patrol_coverage_takes_the_entered_holiday_calendar(win) -> None:
    from riskmap.core.holidays import set_holiday
    from riskmap.store.access import Actor

    cov = win.patrol_ui.panel.coverage
    cov.by_preset.setChecked(True)
    cov.preset.setCurrentIndex(cov.preset.findData("qingming"))
    cov.year.setValue(2027)
    assert (cov.window().start, cov.window().source) == (dt.date(2027, 4, 3), "fixed rule")
    set_holiday(win.ws.store, Actor("zhangwei", "editor"), "清明", 2027,
                dt.date(2027, 4, 2), dt.date(2027, 4, 4))  # fmt: skip
    w = cov.window()
    assert (w.start, w.end, w.source) == (dt.date(2027, 4, 2), dt.date(2027, 4, 4), "entered")
