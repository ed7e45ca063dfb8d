"""A lazy map: the demo city in PostGIS loaded as a city too large to hold (LAZY_SITES = 0), so
the canvas draws only what PostGIS returns for its viewport. Real PostGIS, offscreen Qt."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pytest
import shapely
from PySide6 import QtCore, QtGui, QtWidgets
from sqlalchemy import text

import riskmap.core.workspace as workspace
from riskmap.core.dossier import build
from riskmap.core.region import Region
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window
from riskmap.ui.map.viewport import ViewportLoad

Qt = QtCore.Qt
WAIT = 20000
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # the offscreen platform plugin says these on show() and on a tooltip; they are not ours
    pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise"),
]


@pytest.fixture
def lazy_ws(demo_pg_url, monkeypatch):
    """The demo city (as `demo_ws`, 4,206 sites) in PostGIS, loaded without any geometry."""
    monkeypatch.setattr(workspace, "LAZY_SITES", 0)
    ws = workspace.Workspace.load(open_store(demo_pg_url))
    assert ws.lazy and len(ws.sites) == 0 and ws.sites.layer_keys
    yield ws
    ws.store.dispose()


@pytest.fixture
def window(qtbot, lazy_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(lazy_ws, settings, "en")
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win.canvas)
    yield win
    win.close()


def settle(qtbot, canvas) -> ViewportLoad:
    """Wait until the view's sites are loaded and drawn; the load now shown."""
    qtbot.waitUntil(canvas.rendering_idle, timeout=WAIT)
    assert canvas.viewport is not None and canvas.viewport.loaded is not None
    return canvas.viewport.loaded


def show_rect(qtbot, canvas, bounds) -> ViewportLoad:
    x0, y0, x1, y1 = bounds
    canvas.set_view_rect(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
    return settle(qtbot, canvas)


def drawn(canvas) -> dict[str, list[int]]:
    """Site ids of each layer as the canvas's layer items hold them (non-empty layers)."""
    out = {}
    for key in canvas.layer_keys():
        item = canvas.layer_item(key)
        if item is not None:
            assert item.data is canvas.data[key]
            out[key] = item.data.ids.tolist()
    return out


def expected(ws, load: ViewportLoad) -> dict[str, list[int]]:
    """What PostGIS returns for the loaded (enlarged) view, by layer."""
    req = load.request
    got = ws.spatial.viewport(req.bbox, req.tolerance, list(req.layers))
    out: dict[str, list[int]] = {}
    for sid, key in zip(got.ids.tolist(), got.layers, strict=True):
        out.setdefault(key, []).append(sid)
    return out


def view_bounds(canvas) -> tuple[float, float, float, float]:
    r = canvas.view_rect()
    return (r.left(), r.top(), r.right(), r.bottom())


def all_ids(ws) -> set[int]:
    with ws.store.engine.connect() as c:
        return set(c.execute(text("SELECT id FROM sites")).scalars())


def _send(widget, kind, pos: QtCore.QPoint, button, buttons) -> None:
    p = QtCore.QPointF(pos)
    ev = QtGui.QMouseEvent(kind, p, p, QtCore.QPointF(widget.mapToGlobal(pos)), button, buttons,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QtWidgets.QApplication.sendEvent(widget, ev)


def drag(canvas, points: list[tuple[float, float]]) -> None:
    """Press at the first map point, move through the others with the button held, release."""
    vp = canvas.view.viewport()
    px = [canvas.map_to_widget(x, y) for x, y in points]
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _send(vp, QtCore.QEvent.Type.MouseButtonPress, px[0], left, left)
    for p in px[1:]:
        time.sleep(0.011)  # pyqtgraph drops moves faster than 100/s, as a hand never makes
        _send(vp, QtCore.QEvent.Type.MouseMove, p, none, left)
    _send(vp, QtCore.QEvent.Type.MouseButtonRelease, px[-1], left, none)


def click(canvas, x: float, y: float) -> None:
    from PySide6.QtTest import QTest

    vp = canvas.view.viewport()
    p = canvas.map_to_widget(x, y)
    time.sleep(0.012)  # pyqtgraph routes a click by the last hover, and drops fast moves
    _send(vp, QtCore.QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)


# ------------------------------------------------------------------------------------- tests


def test_lazy_map_draws_the_viewport_of_one_county(qtbot, window, lazy_ws) -> None:
    canvas = window.canvas
    assert canvas.mode == "direct" and canvas.viewport is not None
    # the whole city fits in one load: every site is drawn, no note
    whole = settle(qtbot, canvas)
    assert not whole.truncated and not canvas.map_note()
    assert {s for ids in drawn(canvas).values() for s in ids} == all_ids(lazy_ws)

    county = lazy_ws.counties()[0]
    load = show_rect(qtbot, canvas, county.geom.bounds)
    assert load is not whole and not load.truncated
    assert load.request.covers(view_bounds(canvas))  # loaded: the view, a little enlarged
    assert load.request.tolerance <= canvas.pixel_size()  # simplified to about a pixel
    assert drawn(canvas) == expected(lazy_ws, load)
    shown = {s for ids in drawn(canvas).values() for s in ids}
    assert shown and shown < all_ids(lazy_ws)
    # the layer panel counts come from the database, not from what is loaded
    counts = {k: n for k, n in window.layer_panel._counts.items() if k in lazy_ws.catalog}
    with lazy_ws.store.engine.connect() as c:
        truth = dict(c.execute(text("SELECT layer, COUNT(*) FROM sites GROUP BY layer")).all())
    assert counts == truth


def test_region_in_the_lazy_view_gives_the_eager_dossier(qtbot, window, lazy_ws, demo_ws) -> None:
    county = lazy_ws.counties()[1]
    show_rect(qtbot, window.canvas, county.geom.bounds)
    cx, cy = county.geom.representative_point().coords[0]
    window.set_tool("rect")
    with qtbot.waitSignal(window.sigDossierReady, timeout=WAIT) as got:
        drag(window.canvas, [(cx - 6000, cy - 4000), (cx, cy), (cx + 6000, cy + 4000)])
    dossier = got.args[0]
    assert dossier.region.kind == "rect" and dossier.sites
    eager = build(demo_ws, dossier.region, window.filters())  # SQLite, every site in memory
    assert dossier.to_json() == eager.to_json()


def test_click_selects_the_site_under_the_pointer(qtbot, window, lazy_ws, demo_ws) -> None:
    # a chemical plant with nothing else within 300 m, found in the eager city
    code = demo_ws.sites.layer_keys.index("chemical_plants")
    for row in np.flatnonzero(demo_ws.sites.layers == code):
        pt = demo_ws.sites.geoms[row]
        if len(demo_ws.index.query(pt.buffer(300.0))) == 1:
            site_id = int(demo_ws.sites.ids[row])
            break
    else:
        raise AssertionError("no lone chemical plant in the demo city")
    canvas = window.canvas
    show_rect(qtbot, canvas, (pt.x - 1500, pt.y - 1000, pt.x + 1500, pt.y + 1000))
    assert site_id in drawn(canvas)["chemical_plants"]
    window.set_tool("identify")
    with qtbot.waitSignal(canvas.sigIdentified, timeout=5000) as got:
        click(canvas, pt.x + 2 * canvas.pixel_size(), pt.y)  # on its symbol, not its centre
    assert got.args[0] == [site_id]
    assert window.selected_site == site_id
    assert window.detail_panel.detail().id == site_id
    assert canvas.highlighted() == [site_id]  # its geometry came from the database
    assert not canvas.identify_at(pt.x + 200.0, pt.y)  # nothing a little off it


def test_panning_away_loads_the_new_area(qtbot, window, lazy_ws) -> None:
    canvas = window.canvas
    county = lazy_ws.counties()[0]
    # 15 km of one county: its enlarged load stays well inside the city on any test screen
    cx, cy = county.geom.representative_point().coords[0]
    first = show_rect(qtbot, canvas, (cx - 7500, cy - 5000, cx + 7500, cy + 5000))
    before = drawn(canvas)
    # a short pan stays inside the enlarged area: nothing is loaded again
    canvas.pan_by(canvas.view.viewport().width() * 0.1, 0)
    assert settle(qtbot, canvas) is first
    # the view's own width and more, towards the middle of the city so that there is new ground
    # to load whatever the size of the screen the test runs on (pan_by: positive moves east)
    east = cx < lazy_ws.city().geom.centroid.x
    canvas.pan_by((1 if east else -1) * canvas.view.viewport().width() * 1.5, 0)
    second = settle(qtbot, canvas)
    assert second is not first and second.request.covers(view_bounds(canvas))
    after = drawn(canvas)
    assert after == expected(lazy_ws, second) and after != before
    new = {s for ids in after.values() for s in ids} - {s for ids in before.values() for s in ids}
    assert new  # sites of the new area that the first load did not have


def test_a_hidden_layer_is_not_loaded_until_shown(qtbot, window, lazy_ws) -> None:
    canvas = window.canvas
    a, b = lazy_ws.counties()[0].geom.bounds, lazy_ws.counties()[-1].geom.bounds
    show_rect(qtbot, canvas, a)
    window.layer_panel.set_visible("roads", False)
    assert not canvas.layer_item("roads").isVisible()  # hidden: what is loaded still serves
    load = show_rect(qtbot, canvas, b)  # elsewhere: loaded without the hidden layer
    assert "roads" not in load.request.layers and "roads" not in drawn(canvas)
    window.layer_panel.set_visible("roads", True)
    shown = settle(qtbot, canvas)
    assert shown is not load and "roads" in shown.request.layers
    assert drawn(canvas) == expected(lazy_ws, shown) and "roads" in drawn(canvas)


def test_a_wide_view_shows_what_fits_and_says_so(qtbot, window, lazy_ws) -> None:
    canvas = window.canvas
    canvas.viewport.limit = 300  # as a province of 10^6 sites would be for MAX_SITES
    canvas.zoom_by(0.5)  # out: the whole city and more
    load = settle(qtbot, canvas)
    assert load.truncated and load.count() == 300
    assert "Zoom in to see all sites" in canvas.map_note()
    assert "Zoom in" in window.statusBar().currentMessage()
    # the budget goes to the layers top first: the drawn layers are a prefix of that order
    top_first = [k for k in reversed(canvas.visible_layers())]
    layers = [k for k in top_first if k in drawn(canvas)]
    assert layers == top_first[: len(layers)]
    # zoomed into one county, everything there fits again and the note goes
    canvas.viewport.limit = 10**6
    show_rect(qtbot, canvas, lazy_ws.counties()[0].geom.bounds)
    assert not canvas.viewport.loaded.truncated and not canvas.map_note()


def test_a_stale_response_is_dropped(qtbot, window, lazy_ws) -> None:
    canvas = window.canvas
    a, b = lazy_ws.counties()[0].geom.bounds, lazy_ws.counties()[-1].geom.bounds
    canvas.set_view_rect(QtCore.QRectF(a[0], a[1], a[2] - a[0], a[3] - a[1]))
    canvas.viewport.request()  # at once, not after the debounce
    canvas.set_view_rect(QtCore.QRectF(b[0], b[1], b[2] - b[0], b[3] - b[1]))
    canvas.viewport.request()  # the view moved on before the first answer came
    seen: list[ViewportLoad] = []
    canvas.viewport.sigLoaded.connect(seen.append)
    load = settle(qtbot, canvas)
    assert load.request.covers(view_bounds(canvas))
    assert all(s.request.covers(view_bounds(canvas)) for s in seen)
    assert drawn(canvas) == expected(lazy_ws, load)


def test_lazy_canvas_without_a_window(qtbot, lazy_ws) -> None:
    from riskmap.ui.map import MapCanvas

    c = MapCanvas(lazy_ws, mode="raster")  # lazy: direct items whatever was asked
    qtbot.addWidget(c)
    c.resize(900, 600)
    c.show()
    qtbot.waitExposed(c)
    try:
        assert c.mode == "direct"
        load = settle(qtbot, c)
        assert drawn(c) == expected(lazy_ws, load)
        x0, y0, x1, y1 = c._full_extent()
        city = lazy_ws.city().geom.bounds
        assert (x0, y0, x1, y1) == pytest.approx(city)
        sid = drawn(c)["resources"][0]
        c.fly_to(sid)
        geom = lazy_ws.geometry(sid)
        assert c.view_rect().contains(QtCore.QPointF(geom.x, geom.y))
        c.selected_sites = [sid]
        assert c.selection_item.ids == [sid] and c.selection_item.isVisible()
        assert shapely.equals(lazy_ws.geometry(sid), geom)
    finally:
        c.shutdown()


def test_incident_buffer_and_coverage_on_a_lazy_city(qtbot, window, lazy_ws, demo_ws) -> None:
    from riskmap.core.patrol import load_patrols
    from riskmap.ui.incident.shot import chemical_park_site

    sid = chemical_park_site(lazy_ws)
    assert sid == chemical_park_site(demo_ws)  # the same plant, found without site arrays
    report = window.incident_view.set_site(sid)
    assert report is not None and report.site_id == sid and report.resources
    plant = demo_ws.index.geometry(sid)
    assert (report.x, report.y) == pytest.approx((plant.x, plant.y))

    with qtbot.waitSignal(window.sigDossierReady, timeout=WAIT) as got:
        window.buffer_sites([sid], 800.0)
    ring = Region.from_buffer([plant], 800.0, crs=demo_ws.crs)
    assert got.args[0].region.geom.equals_exact(ring.geom, 1e-6)
    assert got.args[0].to_json() == build(demo_ws, ring, window.filters()).to_json()

    year = max(p.ends_on for p in load_patrols(lazy_ws.store) if p.preset == "qingming").year
    ui = window.patrol_ui
    ui.act_coverage.trigger()
    ui.panel.coverage.set_window("qingming", year, dt.date(year, 1, 1), dt.date(year, 1, 1))
    with qtbot.waitSignal(ui.coverage.sigReady, timeout=WAIT) as got:
        ui.panel.coverage.run_button.click()
    gaps = got.args[0].coverage.gaps
    assert gaps and sorted(ui.gaps.ids) == sorted(g.site_id for g in gaps)


def add_school(url: str) -> int:
    """Another client adds a school 50 m from an existing one; its id."""
    from sqlalchemy import select

    from riskmap.store.access import SYSTEM
    from riskmap.store.schema import Site

    writer = open_store(url)
    try:
        with writer.begin(SYSTEM) as s:
            old = s.scalar(select(Site).where(Site.layer == "dense_venues").limit(1))
            x, y = shapely.get_coordinates(old.geom)[0]
            new = Site(layer="dense_venues", name="New school (test)", lon=old.lon, lat=old.lat,
                       district_code=old.district_code, geom=shapely.Point(x + 50, y + 50),
                       attrs={"kind": "school"})  # fmt: skip
            s.add(new)
            s.flush()
            return int(new.id)
    finally:
        writer.dispose()


def test_the_map_after_an_import_loads_its_view_again(
    qtbot, demo_pg_copy, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(workspace, "LAZY_SITES", 0)
    ws = workspace.Workspace.load(open_store(demo_pg_copy))
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(ws, settings, "en")
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    try:
        settle(qtbot, win.canvas)
        before = win.layer_panel._counts["dense_venues"]
        sid = add_school(demo_pg_copy)
        with qtbot.waitSignal(win.import_ui.refresher.sigRefreshed, timeout=WAIT):
            win.import_ui.refresher.refresh()  # as after an import dialog's commit
        assert win.ws is ws and ws.lazy and len(ws.sites) == 0
        assert win.layer_panel._counts["dense_venues"] == before + 1
        load = settle(qtbot, win.canvas)
        assert sid in drawn(win.canvas)["dense_venues"]
        assert drawn(win.canvas) == expected(ws, load)
    finally:
        win.close()
        ws.store.dispose()


def test_lazy_wall_draws_its_view_and_follows_new_sites(
    qtbot, demo_pg_copy, monkeypatch, tmp_path, demo_anchor
) -> None:
    from riskmap.ui.app import open_wall

    monkeypatch.setattr(workspace, "LAZY_SITES", 0)
    ws = workspace.Workspace.load(open_store(demo_pg_copy))
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    wall = open_wall(ws, settings, "en", today=demo_anchor, interval_s=600, refresh_s=1)
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    qtbot.waitExposed(wall)
    try:
        qtbot.waitUntil(lambda: wall.figures is not None, timeout=WAIT)
        canvas = wall.map.canvas
        load = settle(qtbot, canvas)
        assert drawn(canvas) == expected(ws, load) and drawn(canvas)
        # every open major hazard of the layers shown is marked, as the figures count them
        qtbot.waitUntil(lambda: canvas.risk is not None, timeout=WAIT)
        major, overdue = wall.map.majors_shown()
        shown = set(canvas.visible_layers())
        with ws.store.engine.connect() as c:
            layer_of = dict(c.execute(text("SELECT id, layer FROM sites")).all())
        wanted = [s for s in wall.figures.major_sites if layer_of[s] in shown]
        assert wanted and sorted(major + overdue) == sorted(wanted)
        # another client adds a site: the wall loads the (lazy) city again and draws it
        new_id = add_school(demo_pg_copy)
        wall.refresh()
        qtbot.waitUntil(lambda: wall.ws is not ws, timeout=WAIT)
        assert wall.ws.lazy
        canvas = wall.map.canvas
        settle(qtbot, canvas)
        assert new_id in drawn(canvas)["dense_venues"]
    finally:
        wall.close()
        ws.store.dispose()
