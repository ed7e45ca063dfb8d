"""The documentation's screenshot of the incident view (docs/make_screenshots.py calls it)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from PySide6 import QtCore, QtWidgets

from riskmap.core.site_detail import layer_site_ids
from riskmap.core.workspace import Workspace


def chemical_park_site(ws: Workspace) -> int:
    """The chemical plant nearest the middle of the densest cluster of plants (the park)."""
    if ws.lazy:  # no site arrays in memory: the plants' ids and geometries from the database
        found = ws.geometries(layer_site_ids(ws.store, "chemical_plants"))
        ids = np.fromiter(found, dtype=np.int64, count=len(found))
        geoms = np.asarray(list(found.values()), dtype=object)
    else:
        mask = ws.sites.layers == ws.sites.layer_keys.index("chemical_plants")
        ids, geoms = ws.sites.ids[mask], ws.sites.geoms[mask]
    xy = shapely.get_coordinates(geoms)
    mx, my = float(np.median(xy[:, 0])), float(np.median(xy[:, 1]))
    d = shapely.distance(shapely.Point(mx, my), geoms)
    return int(ids[int(np.argmin(d))])


def incident_shot(
    app: QtWidgets.QApplication,
    ws: Workspace,
    settings: QtCore.QSettings,
    out_path: str | Path,
    *,
    lang: str = "zh",
    size: tuple[int, int] = (1920, 1080),
    site_id: int | None = None,
) -> Path:
    """Open a window, put an incident at a chemical plant of the park (1, 3, 5 km rings), wait
    for the map, and save the window as a PNG at `size`; the path written."""
    from riskmap.ui.app import open_window
    from riskmap.ui.incident.view import IncidentView

    win = open_window(ws, settings, lang)
    try:
        win.resize(*size)
        win.show()
        view = IncidentView.install(win.services)
        _settle(app, win)
        sid = chemical_park_site(ws) if site_id is None else site_id
        win.show_site(sid, fly=False)
        view.set_site(sid)
        _settle(app, win)
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not win.grab().save(str(out)):
            raise OSError(f"cannot write {out}")
        return out
    finally:
        win.close()
        win.deleteLater()
        app.processEvents()


def _settle(app: Any, win: Any, timeout_s: float = 20.0) -> None:
    """Let layouts and the map's background render finish."""
    end = time.monotonic() + timeout_s
    for _ in range(30):
        app.processEvents()
    while not win.canvas.rendering_idle() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(30):
        app.processEvents()
