"""After an import: the window's workspace loaded again and the map's layers rebuilt.

Every part of the window (canvas, ledger, incident view, patrols) holds the one `Workspace`
object, so the fresh load is adopted into it in place rather than handed around. The canvas
builds its drawing data once, in its constructor, and has no public way to start again; the
rebuild below follows that constructor step by step. It belongs in `MapCanvas` as a public
method (`reload_layers()`); until then it lives here, next to its only caller.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal
from sqlalchemy import text

from riskmap.core.workspace import Workspace
from riskmap.ui.map.layers import LayerItem, layer_data, load_class_codes
from riskmap.ui.map.overlays import DistrictGeoms, DistrictItem, DistrictLabels
from riskmap.ui.map.viewport import ViewportLoader
from riskmap.ui.workers import JobContext

if TYPE_CHECKING:
    from riskmap.ui.main_window import MainWindow
    from riskmap.ui.map.canvas import MapCanvas

# The store and the catalog stay: the window's other parts keep references to them.
_KEEP = ("store", "catalog")


def layer_counts(ws: Workspace) -> dict[str, int]:
    """Sites per layer key, as the layer panel shows them."""
    if ws.lazy:  # no site arrays in memory: the database counts (one scan, no geometry)
        with ws.store.engine.connect() as c:
            rows = c.execute(text("SELECT layer, COUNT(*) FROM sites GROUP BY layer")).all()
        return {str(k): int(n) for k, n in sorted(rows)}
    keys = ws.sites.layer_keys
    counts = np.bincount(ws.sites.layers, minlength=len(keys)) if len(ws.sites) else []
    return {k: int(counts[i]) for i, k in enumerate(keys)}


def adopt(ws: Workspace, fresh: Workspace) -> None:
    """Make `ws` hold what `fresh` loaded (sites, index, districts), keeping its identity."""
    for f in dataclasses.fields(Workspace):
        if f.name not in _KEEP:
            setattr(ws, f.name, getattr(fresh, f.name))


def rebuild_layers(canvas: MapCanvas, fresh: Workspace | None = None) -> None:
    """Rebuild the canvas's layer data, items or raster renderer, and district overlays from
    its workspace (first made to hold `fresh`, when given), keeping the view, visibility,
    opacity and drawing order."""
    ws = canvas.ws
    if canvas.raster is not None:
        # Its threads read the workspace's arrays: stopped before anything changes under them.
        canvas.raster.shutdown()
        canvas.vb.removeItem(canvas.raster.item)
        canvas.raster.deleteLater()
        canvas.raster = None
    if fresh is not None:
        adopt(ws, fresh)
    if ws.lazy:  # the import made the city lazy: the canvas draws what its viewport loads
        canvas.mode = "direct"
        if canvas.viewport is None:
            canvas.viewport = ViewportLoader(canvas)
    for item in canvas._items.values():
        canvas.vb.removeItem(item)
    canvas._items.clear()
    canvas.data = layer_data(ws)
    canvas.district_geoms = DistrictGeoms(ws, canvas.base_px)
    visible = canvas.basemap_visible()
    if canvas.districts is not None:
        canvas.vb.removeItem(canvas.districts)
        canvas.districts = DistrictItem(canvas.district_geoms)
        canvas.vb.addItem(canvas.districts, ignoreBounds=True)
        canvas.districts.setVisible(visible)
    labels_visible = canvas.labels.visible
    canvas.labels.remove()
    canvas.labels = DistrictLabels(ws, canvas.vb, canvas.lang)
    canvas.labels.set_visible(labels_visible)
    if canvas.mode == "direct":
        for key, d in canvas.data.items():
            if d.n and not d.classes_loaded:
                d.set_classes(load_class_codes(ws.store, d.spec, d.ids))
            if d.n:
                item = LayerItem(d, ws, canvas.base_px)
                canvas.vb.addItem(item, ignoreBounds=True)
                canvas._items[key] = item
    else:
        from riskmap.ui.map.render import RasterLayers

        canvas.raster = RasterLayers(canvas)
    canvas._apply_layers()
    canvas._view_changed()
    canvas.reload_viewport()  # lazy: what is loaded predates the import


class MapRefresher(QObject):
    """Loads the workspace again off the GUI thread, then brings the window up to date."""

    sigRefreshed = Signal()

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self._generation = 0
        self.refreshing = False

    def refresh(self) -> None:
        ws = self.win.ws
        store, catalog = ws.store, ws.catalog
        self._generation += 1
        generation = self._generation
        self.refreshing = True

        def work(ctx: JobContext) -> Workspace:
            return Workspace.load(store, catalog, progress=lambda d, t, _w: ctx.progress(d, t))

        def done(fresh: Workspace) -> None:
            if generation == self._generation:  # a later import's load supersedes this one
                self._apply(fresh)

        def failed(text: str) -> None:
            self.refreshing = False
            self.win.message(text)

        self.win.jobs.submit(work, done, failed, label="reload")

    def _apply(self, fresh: Workspace) -> None:
        win = self.win
        rebuild_layers(win.canvas, fresh)
        win.layer_panel.set_counts(layer_counts(win.ws))
        # The window keeps district names for the dossier; boundaries may have been imported.
        names = getattr(win, "_district_names", None)
        if isinstance(names, dict):
            names.clear()
            names.update({d.code: d.name for d in win.ws.districts})
        win.run_dossier()  # the selection may now hold some of the new sites
        self.refreshing = False
        self.sigRefreshed.emit()
