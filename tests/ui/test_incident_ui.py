"""The incident view in the real main window, offscreen: a point dropped with the mouse, a site
picked, rings changed and refused, the briefing exported, the incident cleared."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pyproj
import pytest
from pypdf import PdfReader
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from riskmap.core.incident import incident_report
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window
from riskmap.ui.incident import IncidentView
from riskmap.ui.incident.items import RingItem
from riskmap.ui.incident.panel import SITE_ROLE
from riskmap.ui.incident.shot import chemical_park_site

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


@pytest.fixture
def win(qtbot, city, tmp_path: Path, demo_anchor: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    w = open_window(city, settings, "zh", today=demo_anchor)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.jobs.cancel_all()
    w.jobs.wait(10000)


def _click_map(canvas, x: float, y: float) -> None:
    vp = canvas.view.viewport()
    p = canvas.map_to_widget(x, y)
    # A hand moves before it clicks, and pyqtgraph routes a click by the last hover.
    time.sleep(0.012)
    move = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        QtCore.QPointF(p),
        QtCore.QPointF(p),
        QtCore.QPointF(vp.mapToGlobal(p)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(vp, move)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)


def _counts(report) -> list[tuple[int, int]]:
    return [(len(r.sites), r.people) for r in report.rings]


def _on_map(win) -> list[QtWidgets.QGraphicsItem]:
    """The items in the map's view box (ViewBox.addedItems lists only those it fits to)."""
    return list(win.canvas.vb.childGroup.childItems())


def _rings_on_map(win) -> list[RingItem]:
    return [i for i in _on_map(win) if isinstance(i, RingItem)]


def _tree_rows(tree: QtWidgets.QTreeWidget) -> list[QtWidgets.QTreeWidgetItem]:
    out = []
    it = QtWidgets.QTreeWidgetItemIterator(tree)
    while it.value() is not None:
        out.append(it.value())
        it += 1
    return out


def _drawn(city, report, metres: list[float]):
    """Ring radii as drawn on the map: ground metres times the projection's scale factor at the
    incident point (pyproj's own)."""
    proj = pyproj.Proj(city.crs)
    k = proj.get_factors(*proj(report.x, report.y, inverse=True)).meridional_scale
    return pytest.approx([m * k for m in metres], rel=1e-9)


def test_drop_pick_change_export_clear(
    qtbot, win, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    view = IncidentView.install(win.services)
    assert IncidentView.install(win.services) is view  # once per window
    assert view.menu.menuAction() in win.menuBar().actions()
    assert view.act_drop.shortcut().toString() == "Ctrl+I"
    canvas = win.canvas
    plant = chemical_park_site(city)
    p = city.index.geometry(plant)
    px, py = p.x + 400.0, p.y - 300.0
    canvas.set_view_rect(QtCore.QRectF(px - 6000, py - 6000, 12000, 12000))

    # Not dropping: a click on the map makes no incident.
    _click_map(canvas, px, py)
    assert view.report is None and not _rings_on_map(win)

    view.act_drop.trigger()
    assert view.dropping and view.panel.drop_button.isChecked()
    assert canvas.tool() == "pan"
    _click_map(canvas, px, py)
    qtbot.waitUntil(lambda: view.report is not None, timeout=5000)
    report = view.report
    tol = 2 * canvas.pixel_size()
    assert abs(report.x - px) <= tol and abs(report.y - py) <= tol
    assert report.site_id is None
    assert [r.outer_m for r in report.rings] == [1000.0, 3000.0, 5000.0]
    expected = incident_report(city, report.x, report.y, as_of=demo_anchor)
    assert _counts(report) == _counts(expected)
    assert view.panel.ring_counts() == _counts(expected)
    rings = _rings_on_map(win)
    assert sorted(r.radius for r in rings) == _drawn(city, report, [1000, 3000, 5000])
    assert view.items.items() and all(i in _on_map(win) for i in view.items.items())
    assert view.dock.isVisible()
    assert view.act_pdf.isEnabled()

    # The items take no click: a second click in the middle of the rings drops a new point.
    _click_map(canvas, px + 500, py)
    qtbot.waitUntil(lambda: view.report is not report, timeout=5000)
    assert abs(view.report.x - (px + 500)) <= tol
    assert len(_rings_on_map(win)) == 3  # replaced, not added

    # Double-click a school in the panel: the window shows it.
    tree = view.panel.rings_tree
    school = next(
        i for i in _tree_rows(tree) if i.data(0, SITE_ROLE) is not None and i.text(1) == "学校"
    )
    tree.scrollToItem(school)
    rect = tree.visualItemRect(school)
    # QTest's double click is the second half of one: a hand's first click comes before it.
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.selected_site == school.data(0, SITE_ROLE)

    # Another tool ends dropping.
    win.set_tool("identify")
    assert not view.dropping and not view.act_drop.isChecked()

    # Pick a site: the selected plant.
    win.show_site(plant, fly=False)
    view.panel.site_button.click()
    assert view.report.site_id == plant
    assert view.report.site_name
    assert (view.report.x, view.report.y) == (p.x, p.y)
    assert plant in {s.site_id for s in view.report.rings[0].sites}

    # New distances: two bands.
    view.panel.rings_edit.setText("0.5， 2")
    QTest.keyClick(view.panel.rings_edit, Qt.Key.Key_Return)
    assert [(r.inner_m, r.outer_m) for r in view.report.rings] == [(0.0, 500.0), (500.0, 2000.0)]
    assert sorted(r.radius for r in _rings_on_map(win)) == _drawn(city, view.report, [500, 2000])
    assert view.panel.rings_tree.topLevelItemCount() == 2
    assert not view.panel.error.isVisible()
    two = view.report

    # Wrong distances: a message under the field, nothing else changes.
    for bad, word in (("abc", "abc"), ("1, 0", "0"), ("150", "150"), ("", "")):
        view.panel.rings_edit.setText(bad)
        view.panel.apply_button.click()
        assert view.panel.error.isVisible() and word in view.panel.error.text()
        assert view.report is two
        assert sorted(r.radius for r in _rings_on_map(win)) == _drawn(
            city, view.report, [500, 2000]
        )
        assert view.panel.ring_counts() == _counts(two)
    view.panel.rings_edit.setText("1, 3, 5")
    view.panel.k_spin.setValue(2)
    assert not view.panel.error.isVisible()
    assert all(len(v) <= 2 for v in view.report.resources.values())

    # Exports, off the GUI thread.
    pdf = tmp_path / "研判.pdf"
    view.export_pdf(pdf)
    qtbot.waitUntil(lambda: view.last_path == pdf, timeout=60000)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    assert len(reader.pages[0].images) == 1  # the map
    page = tmp_path / "研判.html"
    view.export_html(page)
    qtbot.waitUntil(lambda: view.last_path == page, timeout=60000)
    text = page.read_text(encoding="utf-8")
    assert "<svg" in text and "http://" not in text and "https://" not in text
    assert view.report.site_name in text

    # Clear: no rings, an empty panel, the exports disabled.
    view.act_clear.trigger()
    assert view.report is None
    assert not _rings_on_map(win)
    assert not view.items.items()
    assert not {id(i) for i in _on_map(win)} & {id(i) for i in view.items.items_to_add()}
    assert view.panel.rings_tree.topLevelItemCount() == 0
    assert view.panel.resources_tree.topLevelItemCount() == 0
    assert not view.act_pdf.isEnabled() and not view.panel.pdf_button.isEnabled()


def test_picking_without_a_selected_site_says_so(qtbot, win) -> None:
    view = IncidentView.install(win.services)
    assert win.selected_site is None
    view.update_actions()
    assert not view.act_site.isEnabled()
    assert view.use_selected_site() is None
    assert view.panel.error.isVisible()
    assert view.report is None
    view.export_pdf_dialog()  # nothing to export: a message, no dialog
    assert view.last_path is None


def test_the_map_picture_is_a_square_png_around_the_point(qtbot, win, city) -> None:
    view = IncidentView.install(win.services)
    view.set_site(chemical_park_site(city))
    data = view.map_png()
    img = QtGui.QImage.fromData(data, "PNG")
    assert not img.isNull()
    assert img.width() == img.height() > 100
