"""The wall draws with the window's style engine: a site's symbol on the wall's screen has its
class's colour from the layer files (the one-colour test of tests/brief/test_map_colours.py,
on the wall), and the wall's legend shows each layer in its file's colour (an area's: its fill)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
import shapely
from layer_colours import POINT_LAYERS, TOML, expected
from PySide6 import QtCore

from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_wall

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
LAYERS = Path(__file__).resolve().parents[2] / "layers"


def _hex(c) -> str:
    return f"#{c.red():02x}{c.green():02x}{c.blue():02x}"


def test_the_wall_draws_each_class_in_its_layer_files_colour(
    qtbot, demo_copy: str, tmp_path: Path, demo_anchor: dt.date
) -> None:
    ws = Workspace.load(open_store(demo_copy))
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    wall = open_wall(ws, settings, "zh", today=demo_anchor, interval_s=600)
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    qtbot.waitExposed(wall)
    try:
        canvas = wall.map.canvas
        qtbot.waitUntil(lambda: wall.figures is not None and canvas.risk is not None, timeout=20000)
        wall.set_paused(True)
        qtbot.waitUntil(lambda: not wall.map._refit.isActive() and not wall.map.flying())
        for key in POINT_LAYERS:  # every point layer on, whatever the preset looks at
            canvas.set_layer_visible(key, True)
        # the wall's legend: each layer in the colour its file gives it
        rows = [e for e in wall.map.legend.rows() if e.kind == "layer"]
        assert {e.layer for e in rows} >= set(POINT_LAYERS)
        for e in rows:
            toml = tomllib.loads((LAYERS / f"{e.layer}.toml").read_text(encoding="utf-8"))
            colour = toml["style"].get("fill", toml["style"]["color"])[:7]  # an area: its fill
            assert (e.fill or e.stroke).hex[:7] == colour, e.layer
        # the densest 3 km square of point sites at 1:15,000: every point layer drawn site by site
        keys = [ws.sites.layer_keys.index(k) for k in POINT_LAYERS if k in ws.sites.layer_keys]
        pts = shapely.get_coordinates(ws.sites.geoms[np.isin(ws.sites.layers, keys)])
        cells, n = np.unique(np.floor(pts / 3000).astype(int), axis=0, return_counts=True)
        cx, cy = cells[np.argmax(n)] * 3000 + 1500
        vp = canvas.view.viewport()
        res = 15_000 * 0.0254 / 96
        w, h = vp.width() * res, vp.height() * res
        canvas.set_view_rect(QtCore.QRectF(cx - w / 2, cy - h / 2, w, h))
        qtbot.waitUntil(lambda: canvas.rendering_idle() and canvas.risk is not None, timeout=30000)
        assert all(canvas.layer_drawn(k) for k in POINT_LAYERS)
        image = canvas.grab().toImage()
        dpr = image.devicePixelRatio()
        ringed = set(canvas.risk.ids.tolist())  # an open hazard's ring would cover the centre
        seen: dict[int, set[str]] = defaultdict(set)
        for key in POINT_LAYERS:
            ids, geoms = canvas.sites_in_view(key, 5000)
            for sid, g in zip(ids.tolist(), geoms, strict=True):
                if sid in ringed:
                    continue
                p = canvas.map_to_widget(g.x, g.y)
                x, y = round(p.x() * dpr), round(p.y() * dpr)
                if 0 <= x < image.width() and 0 <= y < image.height():
                    seen[sid].add(_hex(image.pixelColor(x, y)))
        wanted = expected(ws, list(seen))
        by_class: dict[tuple[str, str], set[str]] = defaultdict(set)
        for sid, (layer, cls, _colour) in wanted.items():
            by_class[(layer, cls)] |= seen[sid]
        assert len(by_class) >= 6, by_class
        matched = sum(TOML[layer][1][cls] in cols for (layer, cls), cols in by_class.items())
        # a later symbol or a name may cover an earlier symbol's centre: most show their own
        assert matched >= 0.8 * len(by_class), by_class
    finally:
        wall.close()
        ws.store.dispose()
