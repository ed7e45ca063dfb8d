"""The Briefing dialog from the main window (offscreen, real SQLite): the holiday's dates as soon
as the preset changes, the key figures equal to the briefing context, and the three files
written through the dialog on the window's job runner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6 import QtCore

from riskmap.brief import briefing_context
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


@pytest.fixture
def dialog(qtbot, city, tmp_path: Path, demo_anchor: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="duty", today=demo_anchor)  # a viewer may
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    assert win.briefing_ui.act_briefing in win.menu_file.actions()
    win.briefing_ui.act_briefing.trigger()
    dlg = win.briefing_ui.dialog
    assert dlg is not None and dlg.isVisible() and dlg.jobs is win.jobs
    opened: list[QtCore.QUrl] = []
    dlg.open_url = opened.append  # never a browser in a test
    dlg.opened = opened
    yield dlg
    win.close()  # closes the dialog, ends the jobs


def _figures(qtbot, dlg) -> None:
    key = (dlg.preset_key(), dlg.year.value(), dlg.district(), dlg.as_of())
    qtbot.waitUntil(lambda: dlg._shown_key == key, timeout=30000)


def test_the_window_and_its_source_show_at_once(dialog, demo_anchor: dt.date) -> None:
    dialog.set_params("qingming", 2026)
    assert "2026-04-04 – 2026-04-06" in dialog.window_label.text()
    assert "3" in dialog.window_label.text()
    assert "State Council" in dialog.source_label.text() or "国务院" in dialog.source_label.text()
    # The default year is the next 清明 on the as-of day (2026-11-01: 2027's).
    dialog.set_params("labor_day")
    dialog.set_params("qingming")
    assert dialog.year.value() == 2027
    # A year beyond the official calendar: a fixed rule, and the dialog says so.
    dialog.year.setValue(2035)
    assert "2035-04-05 – 2035-04-07" in dialog.window_label.text()  # Thursday 5 April
    assert "fixed rule" in dialog.source_label.text() or "固定规则" in dialog.source_label.text()
    assert dialog.generate_button.isEnabled()
    # Six presets, each with its Chinese name.
    texts = [dialog.preset.itemText(i) for i in range(dialog.preset.count())]
    assert [t.split()[0] for t in texts] == ["清明", "五一", "端午", "主汛期", "国庆", "春节"]


def test_the_preview_figures_equal_the_briefing_context(
    qtbot, dialog, city, demo_anchor: dt.date
) -> None:
    dialog.set_params("qingming", 2026)
    _figures(qtbot, dialog)
    b = briefing_context(city, "qingming", 2026, as_of=demo_anchor)
    fig = dialog.figures
    assert fig.title.text() == b.title
    rows = [*b.districts, b.totals]
    assert fig.districts.rowCount() == len(rows) == 8
    for r, row in enumerate(rows):
        cells = [fig.cell(r, c).replace(",", "") for c in range(1, 5)]
        assert cells == [str(v) for v in (row.sites, row.open, row.major_open, row.overdue)]
        if r < len(b.districts):
            assert fig.cell(r, 0) == row.name
    assert fig.values == {
        "major": len(b.major),
        "overdue": b.overdue_total,
        "units": len(b.overdue_by_unit),
        "deadlines": len(b.deadlines),
        "gaps": len(b.gaps),
        "high_risk": b.high_risk,
        "patrols": b.patrols,
    }
    assert fig.fact_labels["major"][1].text() == str(len(b.major))
    assert str(b.overdue_total) in fig.fact_labels["overdue"][1].text()
    assert fig.units.rowCount() == min(8, len(b.overdue_by_unit))
    # One county: its townships.
    county = sorted(d.code for d in city.counties())[2]
    dialog.set_params("qingming", 2026, county)
    _figures(qtbot, dialog)
    bc = briefing_context(city, "qingming", 2026, district=county, as_of=demo_anchor)
    assert fig.districts.rowCount() == len(bc.districts) + 1
    assert fig.cell(len(bc.districts), 1).replace(",", "") == str(bc.totals.sites)


def test_generate_html_pdf_and_xlsx_through_the_dialog(qtbot, dialog, city, tmp_path: Path) -> None:
    out = tmp_path / "简报"
    dialog.set_params("qingming", 2026)
    dialog.folder.setText(str(out))
    for box in dialog.formats.values():
        box.setChecked(True)
    with qtbot.waitSignal(dialog.sigGenerated, timeout=120000) as blocker:
        dialog.generate_button.click()
        assert dialog.running() and dialog.cancel_button.isVisible()
        assert not dialog.generate_button.isEnabled()
    result = blocker.args[0]
    assert set(result.paths) == {"html", "pdf", "xlsx"}
    for path in result.paths.values():
        assert path.parent == out and path.stat().st_size > 0
    assert result.paths["pdf"].name == "清明安全风险简报_2026.pdf"
    n_counties = len(city.counties())
    reader = PdfReader(result.paths["pdf"])
    assert len(reader.pages) == result.pages
    # Bookmarks: cover, 总体研判, 工作要求, 全市概况, 分县区情况 with one per county.
    assert len(reader.outline) == 6 and len(reader.outline[-1]) == n_counties == 7
    # The window's user is a viewer (duty): a draft, and the dialog says so.
    assert result.briefing.issue_no is None
    assert "草稿" in dialog.message or "draft" in dialog.message
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    assert not dialog.running() and not dialog.progress.isVisible()
    assert "清明安全风险简报_2026.pdf" in dialog.message
    if result.preview is not None:  # poppler installed: the cover is on screen
        assert dialog.page.shown() and dialog.page.label.text()
        dialog.page.next.click()
        qtbot.waitUntil(lambda: dialog.page.page == 2, timeout=20000)
    dialog.open_buttons["pdf"].click()
    dialog.open_buttons["folder"].click()
    assert [u.toLocalFile() for u in dialog.opened] == [str(result.paths["pdf"]), str(out)]


def test_cancel_leaves_no_half_written_file_and_errors_are_one_line(
    qtbot, dialog, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    dialog.set_params("flood_season", 2026)
    dialog.folder.setText(str(out))
    dialog.start()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60000)
    assert dialog.result is None
    assert "Cancelled" in dialog.message or "取消" in dialog.message
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    for pdf in out.glob("*.pdf"):  # whatever was written before the cancel is whole
        assert len(PdfReader(pdf).pages) >= 2
    # A file where the folder should be: one line, nothing written.
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    dialog.folder.setText(str(blocker))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30000)
    assert "\n" not in dialog.message and "a_file" in dialog.message
    # No format: nothing to write.
    for box in dialog.formats.values():
        box.setChecked(False)
    assert not dialog.generate_button.isEnabled()
