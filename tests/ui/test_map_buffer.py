"""Buffer (B): a selection out of view is shown first and named; a negative distance is refused."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

from riskmap.ui.app import open_window


@pytest.fixture
def window(qtbot, demo_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _a_point_site(ws) -> int:
    import shapely

    for sid, g in zip(ws.sites.ids.tolist(), ws.sites.geoms, strict=True):
        if shapely.get_type_id(g) == 0:
            return int(sid)
    raise AssertionError("the demo city has point sites")


def test_buffer_of_a_selection_out_of_view_flies_there_and_names_it(
    qtbot, window, demo_ws, monkeypatch
) -> None:
    sid = _a_point_site(demo_ws)
    pt = demo_ws.geometry(sid)
    canvas = window.canvas
    # look at a spot 30 km away from the site: it is out of view
    canvas.set_view_rect(QtCore.QRectF(pt.x + 30_000, pt.y + 30_000, 2000, 2000))
    assert not canvas.view_rect().contains(QtCore.QPointF(pt.x, pt.y))
    canvas.selected_sites = [sid]
    seen = {}

    def ask(*args, **kw):
        seen["view"] = canvas.view_rect()
        seen["status"] = window.statusBar().currentMessage()
        return 400.0, True

    monkeypatch.setattr(QtWidgets.QInputDialog, "getDouble", ask)
    window.map_commands.buffer_dialog()
    assert seen["view"].contains(QtCore.QPointF(pt.x, pt.y))  # shown before the distance is asked
    name = canvas.site_names([sid])[sid][1]
    assert name in seen["status"] and "1" in seen["status"]
    region = window.state.region
    assert region is not None and region.kind == "buffer"
    assert region.geom.contains(pt) and abs(region.geom.area - 3.14159 * 400**2) < 0.02 * 400**2


def test_negative_buffer_distance_is_refused_not_made_positive(
    qtbot, window, demo_ws, monkeypatch
) -> None:
    sid = _a_point_site(demo_ws)
    window.canvas.selected_sites = [sid]
    before = window.state.region
    monkeypatch.setattr(QtWidgets.QInputDialog, "getDouble", lambda *a, **k: (-250.0, True))
    window.map_commands.buffer_dialog()
    assert window.state.region is before  # nothing selected by a refused buffer
    status = window.statusBar().currentMessage()
    assert "-250" in status and "positive" in status
