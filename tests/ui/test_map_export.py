"""File → Export map…: the dialog prints the view, a district or a theme through the same code
as `riskmap map`, off the GUI thread."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6 import QtCore

from riskmap.ui.app import open_window


@pytest.fixture
def window(qtbot, demo_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _dialog(window):
    act = window.findChild(QtCore.QObject, "map_export_actions").act_export_map
    assert act in window.services.menu("file").actions()
    assert act.text() == "Export map…"
    act.trigger()
    return window.map_export_ui.dialog


def test_a_district_as_png_at_the_chosen_dpi(qtbot, window, tmp_path: Path) -> None:
    from PIL import Image

    dlg = _dialog(window)
    dlg.extent.setCurrentIndex(dlg.extent.findData("district"))
    assert dlg.district.isVisible() and not dlg.preset.isVisible()
    dlg.district.setCurrentIndex(dlg.district.findText("岚城区"))
    dlg.fmt.setCurrentIndex(dlg.fmt.findData("png"))
    assert dlg.dpi.isVisible()
    dlg.dpi.setValue(60)
    with qtbot.waitSignal(dlg.sigExported, timeout=60000) as done:
        dlg.export(tmp_path / "county")  # the suffix is added
    out = tmp_path / "county.png"
    assert done.args[0].path == out
    with Image.open(out) as im:
        assert im.size == (702, 496)  # A4 landscape at 60 dpi: 297 / 25.4 × 60 = 701.6
    assert str(out) in window.statusBar().currentMessage()


def test_the_current_view_as_pdf_with_the_visible_layers(qtbot, window, tmp_path: Path) -> None:
    window.services.layer_panel.set_visible("mines", False)
    dlg = _dialog(window)
    dlg.extent.setCurrentIndex(dlg.extent.findData("view"))
    dlg.title.setText("Duty map")
    req = dlg.request(tmp_path / "v.pdf")
    r = window.services.canvas.view_rect()
    assert req.rect == pytest.approx((r.left(), r.top(), r.right(), r.bottom()))
    assert "mines" not in req.layers and "chemical_plants" in req.layers
    with qtbot.waitSignal(dlg.sigExported, timeout=60000):
        dlg.export(tmp_path / "v.pdf")
    text = re.sub(r"[\s\x00]+", "", PdfReader(tmp_path / "v.pdf").pages[0].extract_text())
    assert "Dutymap" in text and "Legend" in text
    assert "Hazardous-chemicalplants" in text and "Mines" not in text
