"""Cartography on screen: where risk concentrates at city scale, labels when zoomed in."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
import shapely
from PySide6 import QtCore

from riskmap.core.dossier import Filters, build
from riskmap.core.region import Region
from riskmap.ui.map import MapCanvas

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise"),
]
W, H = 1200, 800


@pytest.fixture(params=["direct", "raster"])
def canvas(request, qtbot, demo_ws, demo_anchor):
    c = MapCanvas(demo_ws, mode=request.param, as_of=demo_anchor)
    qtbot.addWidget(c)
    c.resize(W, H)
    with qtbot.waitSignal(c.sigRiskLoaded, timeout=30000):
        c.show()
        qtbot.waitExposed(c)
    c.zoom_to_extent()
    qtbot.waitUntil(c.rendering_idle, timeout=30000)
    yield c
    c.shutdown()


def settle(qtbot, c: MapCanvas) -> None:
    qtbot.waitUntil(c.rendering_idle, timeout=30000)
    c.view.grab()  # paints the marks now, at this view


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_city_scale_draws_few_symbols_and_counts_equal_the_dossiers(qtbot, canvas, demo_ws):
    settle(qtbot, canvas)
    points = [k for k in canvas.layer_keys() if demo_ws.catalog[k].geometry == "point"]
    # at 1:300,000 or so no point layer is drawn site by site …
    assert canvas.denominator() > 250_000
    assert not any(canvas.layer_drawn(k) for k in points)
    n_points = int(sum(np.isin(demo_ws.sites.layers,
                               [demo_ws.sites.layer_keys.index(k) for k in points])))  # fmt: skip
    drawn = canvas.marks.drawn_symbols
    # … the urgent sites and the cluster bubbles stand for them: a few hundred at most on a
    # 1200 × 800 view (one per 28 px cell would be 1,200), whatever the city's size
    assert 0 < drawn <= 400 and drawn < n_points / 5
    # the choropleth's counts are the dossier's for each township (属地), on the same layers
    risk = canvas.risk
    assert risk is not None and risk.layers and risk.choropleth is not None
    towns = sorted(risk.counts, key=lambda code: -risk.counts[code])
    sample = [*towns[:4], *towns[len(towns) // 2 : len(towns) // 2 + 2], towns[-1]]
    for code in sample:
        region = Region.from_district(demo_ws.districts, code, demo_ws.crs)
        d = build(demo_ws, region, Filters(layers=risk.layers, as_of=canvas.as_of))
        assert risk.counts[code] == d.totals.overall.open, code
    assert risk.counts[towns[0]] > risk.counts[towns[-1]]  # risk does concentrate somewhere
    # the busiest township is filled darker than the quietest
    ch = risk.choropleth
    assert ch.class_of(risk.counts[towns[0]]) > ch.class_of(risk.counts[towns[-1]])
    # its key in the corner: a row per class, zero first
    key = canvas._furniture.legend
    assert [t for t, _c in key] == [t for t, _c in ch.legend()] and key[0][0] == "0"


def test_counted_marks_never_overlap_each_other_or_the_names(qtbot, canvas, demo_ws) -> None:
    settle(qtbot, canvas)
    marks = canvas.marks.boxes
    placed = canvas.labels.placed
    counties = [p for p in placed if p.key[0] == "d" and p.text in
                {d.name for d in demo_ws.counties()}]  # fmt: skip
    assert len(marks) >= 10 and len(counties) == len(demo_ws.counties())
    for a, b in itertools.combinations(marks, 2):
        assert not _overlap(a, b), (a, b)
    for m in marks:
        for p in placed:
            assert not _overlap(m, p.box), (m, p.text)
    # every urgent site of the view is counted by one mark: the badges add up to them
    risk = canvas.risk
    r = canvas.view_rect()
    urgent = (risk.major | risk.overdue) & np.isin(
        np.asarray(risk.keys)[risk.layer], [k for k in canvas.visible_layers()
                                            if not canvas.layer_drawn(k)])  # fmt: skip
    xy = risk.xy[urgent]
    margin = 0.15  # the marks' image reaches this far beyond the view (marks.MARGIN)
    inside = ((xy[:, 0] >= r.left() - margin * r.width()) & (xy[:, 0] <= r.right() + margin
              * r.width()) & (xy[:, 1] >= r.top() - margin * r.height())
              & (xy[:, 1] <= r.bottom() + margin * r.height()))  # fmt: skip
    counted = sum(len(m.members) for m in canvas.marks.placed)
    assert abs(counted - int(inside.sum())) <= 3  # a site on the image's edge, rounded


def test_zoomed_in_every_layer_is_drawn_with_labels_that_never_overlap(qtbot, canvas, demo_ws):
    # the busiest 3 km square of the city at 1:10,000 (1 px at 96 dpi: 0.2646 m)
    xy = shapely.get_coordinates(shapely.point_on_surface(demo_ws.sites.geoms))
    cells, n = np.unique(np.floor(xy / 3000).astype(int), axis=0, return_counts=True)
    pt = shapely.Point(*(cells[np.argmax(n)] * 3000 + 1500))
    res = 10_000 * 0.0254 / 96
    canvas.set_view_rect(QtCore.QRectF(pt.x - W * res / 2, pt.y - H * res / 2, W * res, H * res))
    settle(qtbot, canvas)
    assert abs(canvas.denominator() - 10_000) < 200
    assert all(canvas.layer_drawn(k) for k in canvas.visible_layers())
    assert not canvas._furniture.legend  # no choropleth drawn here, no key
    placed = canvas.labels.placed
    sites = [p for p in placed if p.key[0] == "s"]
    assert len(sites) >= 5  # sites and roads carry their names up close
    for a, b in itertools.combinations(placed, 2):
        assert not _overlap(a.box, b.box), (a.text, b.text)
    for p in placed:
        x0, y0, x1, y1 = p.box
        assert min(x0, y0) >= 0 and x1 <= W and y1 <= H

    # a selected site: no label covers it, and its own is still placed
    sid = sites[0].key[1]
    canvas.selected_sites = [sid]
    settle(qtbot, canvas)
    g = demo_ws.geometry(sid)
    r = canvas.view_rect()
    bx0, by0, bx1, by1 = shapely.bounds(g)
    sel = ((bx0 - r.left()) / res, (r.bottom() - by1) / res,
           (bx1 - r.left()) / res, (r.bottom() - by0) / res)  # fmt: skip
    assert not any(_overlap(p.box, sel) for p in canvas.labels.placed)


def test_major_hazard_labels_outrank_district_names(qtbot, canvas, demo_ws) -> None:
    from riskmap.core.style import COUNTY_PRIORITY, label_priority

    spec = demo_ws.catalog["chemical_plants"]
    assert label_priority(spec, "major") > label_priority(spec, None)
    assert label_priority(spec, "major", overdue=True) > COUNTY_PRIORITY


def test_marks_follow_the_as_of_date(qtbot, canvas, demo_anchor) -> None:
    before = canvas.risk
    assert before is not None and len(before.ids)
    with qtbot.waitSignal(canvas.sigRiskLoaded, timeout=30000):
        canvas.set_as_of(dt.date(1990, 1, 1))  # before any hazard was found
    assert canvas.risk.as_of == dt.date(1990, 1, 1) and len(canvas.risk.ids) == 0
    assert sum(canvas.risk.counts.values()) == 0


def test_identify_at_city_scale_finds_what_is_drawn(qtbot, canvas, demo_ws) -> None:
    settle(qtbot, canvas)
    risk = canvas.risk
    urgent = set(risk.ids[risk.major | risk.overdue].tolist())
    keys = demo_ws.sites.layer_keys
    point_layer = np.asarray([demo_ws.catalog[k].geometry == "point" for k in keys])
    is_point = point_layer[demo_ws.sites.layers]
    ids = demo_ws.sites.ids
    hidden = next(int(s) for s in ids[is_point] if int(s) not in urgent)
    shown = next(int(s) for s in ids[is_point] if int(s) in urgent)
    for sid, expected in ((hidden, False), (shown, True)):
        g = demo_ws.geometry(sid)
        assert (sid in canvas.identify_at(g.x, g.y)) is expected


def test_class_codes_map_each_value_as_the_layer_file_keys_it() -> None:
    from riskmap.core.style.site_class import _json_codes as _class_codes

    lookup = {"true": 0, "1": 1, "2": 2, "expressway": 3}
    # a bool and the number 1 are different classes even though Python says True == 1
    assert _class_codes([True, 1, None, 2.0, "x"], lookup, 9).tolist() == [0, 1, 9, 2, 9]
    assert _class_codes(["expressway", None, "x"] * 2, lookup, 9).tolist() == [3, 9, 9] * 2
    assert _class_codes([[1], 2], lookup, 9).tolist() == [9, 2]  # a list value: no class


def test_a_risk_load_is_pending_until_the_canvas_has_its_data(qtbot, demo_ws, demo_anchor):
    """The counts and marks are read on a thread; the map is not complete (rendering_idle)
    before they are handed over in the GUI thread."""
    import threading

    from riskmap.ui.map.aggregate import RiskLoader

    got: list = []
    loader = RiskLoader(demo_ws, got.append)
    loader._gen, loader.pending = 1, 1  # as request() leaves it, the thread run by hand
    t = threading.Thread(target=loader._run, args=(1, demo_anchor, list(demo_ws.catalog)))
    t.start()
    t.join()
    assert loader.pending == 1 and got == []  # read, not yet handed over
    qtbot.waitUntil(lambda: loader.pending == 0)
    assert len(got) == 1 and got[0].as_of == demo_anchor
