"""Where risk concentrates: the map's small-scale style and the hazard marks on every scale.

A layer whose `[style.scale] symbols` range ends before the current scale is not drawn site by
site (a city of 4,000 symbols is a carpet): its open hazards are counted per township and the
townships are filled in the graded colours of the choropleth (`riskmap.core.style.choropleth`,
the counts from `riskmap.core.figures`, so they are the dossier's), or, for a `cluster` layer,
its sites are counted per screen cell and drawn as one bubble with the count. Sites with an open
major hazard or an overdue rectification stay drawn on top at every scale, in their level's
colour; where more of them share a spot than can be told apart they merge into a counted
symbol, so the number of symbols drawn is bounded whatever the city's size. Where a layer is
drawn site by site, a site with an open hazard carries a ring in its level's colour (an
overdue one a dark outer ring too): `[style.levels]` drawn.

The counts and the marks are read off the GUI thread (`RiskLoader`) after the first frame.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core import figures
from riskmap.core.database import DatabaseError
from riskmap.core.style import data as style_data
from riskmap.core.style import scale_denominator, shows_aggregate
from riskmap.ui.map.layers import px_size, qcolor
from riskmap.ui.map.overlays import Z_DISTRICTS, Z_LAYERS, geometry_path

if TYPE_CHECKING:
    from riskmap.core.style import Choropleth, Color
    from riskmap.core.workspace import Workspace
    from riskmap.ui.map.canvas import MapCanvas

SCREEN_DPI = 96.0
Z_CHOROPLETH = Z_LAYERS - 1.0  # under every layer: roads and rivers stay readable on it
Z_MARKS = Z_DISTRICTS - 50.0  # over the layers and patrol areas, under the district lines
MARK_CELL_PX = 28.0  # marks closer than this merge into one counted symbol
CLUSTER_CELL_PX = 96.0  # a cluster layer's sites are counted per cell of this size
# General (not major, not overdue) hazards are ringed from this scale in; further out their
# rings would outline every road of the city, and the urgent ones would not stand out.
GENERAL_RINGS_FROM = 100_000
CHOROPLETH_ALPHA = 0xB4
# at most one mark and one bubble per cell: the bound on the symbols of a full-HD view
MAX_SYMBOLS_PER_MPX = 1e6 / MARK_CELL_PX**2 + 1e6 / CLUSTER_CELL_PX**2
# the counts and the cluster layers' anchors, read beside the marks (load_risk)
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="riskmap-risk")


def denominator(m_per_px: float) -> float:
    """The scale 1:N of a screen view of `m_per_px` metres per (logical) pixel."""
    return scale_denominator(m_per_px, SCREEN_DPI)


@dataclass
class RiskData:
    """What the marks and the choropleth draw, read from the store for one as-of date."""

    as_of: dt.date
    layers: tuple[str, ...]  # the choropleth's layers (aggregated, visible)
    counts: dict[str, int]  # township code → open hazards of those layers
    choropleth: Choropleth | None
    ids: np.ndarray  # sites with an open hazard
    xy: np.ndarray  # (n, 2) their anchor points
    layer: np.ndarray  # index into `keys`
    keys: list[str]
    major: np.ndarray  # bool: an open major hazard
    overdue: np.ndarray  # bool: an overdue rectification
    open: np.ndarray  # open hazards per site
    clusters: dict[str, np.ndarray] = field(default_factory=dict)  # cluster layer → (n, 2) xy


def choropleth_layers(ws: Workspace, visible: list[str]) -> tuple[str, ...]:
    return style_data.choropleth_layers(ws.catalog, visible)


def anchor_xy(geoms: np.ndarray) -> np.ndarray:
    """(n, 2): a point's own coordinates, a point inside any other geometry."""
    if not len(geoms):
        return np.zeros((0, 2))
    out = np.empty((len(geoms), 2))
    point = shapely.get_type_id(geoms) == 0
    out[point] = shapely.get_coordinates(geoms[point])
    if (~point).any():
        out[~point] = shapely.get_coordinates(shapely.point_on_surface(geoms[~point]))
    return out


def load_risk(ws: Workspace, as_of: dt.date, visible: list[str]) -> RiskData:
    """Counts per township (style.data.township_choropleth, from figures.by_district_code) and
    the marks (figures.open_hazard_marks)."""
    layers = choropleth_layers(ws, visible)
    townships = {d.code for d in ws.districts if d.level == "township"}
    # The counts, the marks and the cluster anchors are independent: read side by side (the
    # database and shapely work without the GIL), the map is complete after the longest.
    counting = _POOL.submit(
        style_data.township_choropleth, ws.store, ws.catalog, townships, as_of, layers
    )
    clustering = None if ws.lazy else _POOL.submit(_cluster_anchors, ws, visible)
    marks = figures.open_hazard_marks(ws.store, as_of)
    counts, chor = counting.result()
    ids = np.fromiter(sorted(marks), dtype=np.int64, count=len(marks))
    if ws.lazy:
        geoms = ws.geometries(ids.tolist())
        ids = ids[np.fromiter((int(s) in geoms for s in ids), dtype=bool, count=len(ids))]
        g = np.asarray([geoms[int(s)] for s in ids], dtype=object)
    else:  # the loaded arrays, in one take (sites added since the load are not drawn either)
        pos = np.minimum(np.searchsorted(ws.sites.ids, ids), max(len(ws.sites.ids) - 1, 0))
        ids = ids[ws.sites.ids[pos] == ids] if len(ws.sites.ids) else ids[:0]
        g = ws.sites.geoms[np.searchsorted(ws.sites.ids, ids)]
    xy = anchor_xy(g)
    keys = list(ws.catalog)
    if ws.lazy:
        from riskmap.core.site_detail import site_names

        layer_of = {s: keys.index(k) for s, (k, _n) in site_names(ws.store, ids.tolist()).items()}
        layer = np.asarray([layer_of.get(int(s), 0) for s in ids], dtype=np.int16)
    else:
        codes = ws.sites.layers[np.searchsorted(ws.sites.ids, ids)]
        remap = np.asarray([keys.index(k) for k in ws.sites.layer_keys], dtype=np.int16)
        layer = remap[codes] if len(codes) else np.zeros(0, np.int16)
    m = [marks[int(s)] for s in ids]
    data = RiskData(
        as_of, layers, counts, chor, ids, xy, layer, keys,
        np.asarray([x.major_open > 0 for x in m], dtype=bool),
        np.asarray([x.overdue > 0 for x in m], dtype=bool),
        np.asarray([x.open for x in m], dtype=np.int64),
    )  # fmt: skip
    if clustering is not None:
        data.clusters = clustering.result()
    return data


def _cluster_anchors(ws: Workspace, visible: list[str]) -> dict[str, np.ndarray]:
    """The anchor points of the visible cluster layers' sites (the loaded arrays)."""
    out = {}
    for k in visible:
        a = ws.catalog[k].style.aggregate
        if a is not None and a.kind == "cluster" and k in ws.sites.layer_keys:
            sel = ws.sites.layers == ws.sites.layer_keys.index(k)
            out[k] = anchor_xy(ws.sites.geoms[sel])
    return out


class _Bridge(QtCore.QObject):
    """Lives in the GUI thread: a load's result, emitted on the loading thread, arrives here."""

    sigDone = QtCore.Signal(int, object)  # request number, RiskData or None

    def __init__(self, loader: RiskLoader, parent: QtCore.QObject | None):
        super().__init__(parent)  # gone with the canvas: a late result is then dropped
        self.loader = loader
        self.sigDone.connect(self._deliver)

    @QtCore.Slot(int, object)
    def _deliver(self, gen: int, data: RiskData | None) -> None:
        self.loader._done(gen, data)


class RiskLoader:
    """Reads RiskData on a thread of its own; the newest request wins. A request stays
    `pending` until its data is handed to `on_loaded` in the GUI thread (or dropped as stale),
    so a canvas is never reported complete with the counts read but not yet drawn."""

    def __init__(self, ws: Workspace, on_loaded: Any, parent: QtCore.QObject | None = None):
        self.ws = ws
        self.on_loaded = on_loaded
        self.bridge = _Bridge(self, parent)
        self._gen = 0
        self.pending = 0

    def request(self, as_of: dt.date, visible: list[str]) -> None:
        self._gen += 1
        self.pending += 1
        threading.Thread(
            target=self._run, args=(self._gen, as_of, list(visible)), daemon=True,
            name="riskmap-marks",
        ).start()  # fmt: skip

    def _run(self, gen: int, as_of: dt.date, visible: list[str]) -> None:
        try:
            data = load_risk(self.ws, as_of, visible)
        except DatabaseError:  # the store closed mid-load (the window closing): no marks
            data = None
        with contextlib.suppress(RuntimeError):  # the canvas is gone
            self.bridge.sigDone.emit(gen, data)

    def _done(self, gen: int, data: RiskData | None) -> None:
        self.pending -= 1
        if gen == self._gen and data is not None:
            self.on_loaded(data)


def merge_cells(xy_px: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points merged per grid cell: (index of each cell's first point, count, cell of each)."""
    if not len(xy_px):
        z = np.zeros(0, np.int64)
        return z, z, z
    g = np.floor(xy_px / cell).astype(np.int64)
    key = g[:, 0] * 1_000_003 + g[:, 1]
    _, first, inverse, count = np.unique(
        key, return_index=True, return_inverse=True, return_counts=True
    )
    return first, count, inverse


class ChoroplethItem(QtWidgets.QGraphicsObject):
    """Townships filled by the class of their open-hazard count (under the layers)."""

    def __init__(self, canvas: MapCanvas):
        super().__init__()
        self.canvas = canvas
        self.setZValue(Z_CHOROPLETH)
        self.codes = [d.code for d in canvas.ws.districts if d.level == "township"]
        self.data: RiskData | None = None
        self._band = None
        self._paths: list[tuple[QtGui.QColor, QtGui.QPainterPath]] = []
        self._rect = canvas.district_geoms.bounds()
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_data(self, data: RiskData) -> None:
        self.data = data
        self._band = None
        self.update()

    def shown(self) -> bool:
        """Whether the choropleth is drawn at the view's scale (a counted layer aggregated)."""
        d = self.data
        if d is None or d.choropleth is None:
            return False
        den = denominator(self.canvas.pixel_size())
        cat = self.canvas.ws.catalog
        return any(shows_aggregate(cat[k], den) and self.canvas.layer_visible(k) for k in d.layers)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        d = self.data
        if d is None or d.choropleth is None:
            return
        px = px_size(p)
        if not self.shown():
            return  # every counted layer is drawn site by site at this scale
        geoms = self.canvas.district_geoms.at(px).get("township")
        if geoms is None:
            return
        if self._band != (id(geoms), id(d)):
            self._band = (id(geoms), id(d))
            # the districts' order of DistrictGeoms (a reload may have brought new ones)
            self.codes = [x.code for x in self.canvas.ws.districts if x.level == "township"]
            groups: dict[int, list[Any]] = {}
            for code, g in zip(self.codes, geoms, strict=True):
                groups.setdefault(d.choropleth.class_of(d.counts.get(code, 0)), []).append(g)
            self._paths = []
            for cls, gs in sorted(groups.items()):
                c = qcolor_alpha(d.choropleth.color_of_value(_value_of_class(d.choropleth, cls)))
                self._paths.append((c, geometry_path(gs)))
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        for color, path in self._paths:
            p.fillPath(path, color)


def qcolor_alpha(c: Color) -> QtGui.QColor:
    """A choropleth colour as the map fills it (at most CHOROPLETH_ALPHA opaque)."""
    q = qcolor(c)
    q.setAlpha(min(q.alpha(), CHOROPLETH_ALPHA))
    return q


def _value_of_class(ch: Choropleth, cls: int) -> float:
    return 0.0 if cls == 0 else float(ch.breaks[min(cls, len(ch.breaks)) - 1])
