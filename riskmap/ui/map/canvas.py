"""MapCanvas: the map widget — layers, basemap, overlays, tools — over a pyqtgraph ViewBox.

Coordinates are the workspace's metric CRS (y up, aspect locked). Two drawing paths share the
same layer data (see layers.py and render.py):

* raster (the default): a render thread paints the visible layers into one QImage for the
  view; the image is moved and scaled with the view while panning or zooming, and replaced
  when the fresh render for the new view arrives (debounced after the last view change).
* direct: every layer is one item in the scene (paths per style class, points in one
  ScatterPlotItem), cached in device coordinates so a pan scrolls the cache. Crisp while
  zooming, but every zoom step re-renders every layer: for small maps only (mode="direct",
  or "auto" under DIRECT_MAX_SITES / DIRECT_MAX_VERTICES).

A lazy workspace (PostGIS at scale: no geometry in memory) always draws direct items, fed
with what its view shows by a `viewport.ViewportLoader`; clicks and highlights then ask the
database for the sites' geometries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.crs import xy_to_lonlat
from riskmap.core.region import Region
from riskmap.core.site_detail import site_names
from riskmap.core.style import BASEMAP, OVERLAYS
from riskmap.core.tiles import BasemapConfig
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.map.aggregate import ChoroplethItem, RiskData, RiskLoader
from riskmap.ui.map.canvas_layers import LayerHost
from riskmap.ui.map.citybase import CityBasemap
from riskmap.ui.map.labels import MapLabels
from riskmap.ui.map.layers import LayerItem, layer_data
from riskmap.ui.map.marks import MarksLayer
from riskmap.ui.map.overlays import (
    HIGHLIGHT_MAX,
    DistrictItem,
    Furniture,
    HighlightItem,
    LandItem,
    RegionItem,
)
from riskmap.ui.map.sketch import ShapeOverlay
from riskmap.ui.map.tools import TOOLS, ToolController, ToolHandler
from riskmap.ui.map.viewport import ViewportLoader

# Direct items only for small maps: measured on the demo city (80 k vertices), a direct pan
# frame costs 15–35 ms and a zoom frame ~120 ms (every layer re-rendered at the new scale),
# against ~7 ms and ~17 ms when one off-thread image is moved and scaled.
DIRECT_MAX_SITES = 5_000
DIRECT_MAX_VERTICES = 30_000
BACKGROUND = BASEMAP.outside.hex  # beyond the city; the city itself is land (LandItem)
IDENTIFY_PX = 4.0  # click tolerance for lines and polygons; points use half their symbol
HOVER_MS = 350
MIN_FLY_SIDE_M = 1500.0
PIXMAP_CACHE_KB = 256 * 1024


class MapViewBox(pg.ViewBox):
    """A ViewBox that offers left clicks and drags to the selection tools before panning."""

    def __init__(self, canvas: MapCanvas):
        super().__init__(lockAspect=True, enableMenu=False, invertY=False, defaultPadding=0.0)
        self._canvas = canvas

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
        if not self._canvas.tools.drag(ev):
            super().mouseDragEvent(ev, axis)

    def mouseClickEvent(self, ev: Any) -> None:
        self._canvas.tools.click(ev)
        ev.accept()  # never a context menu: right click means nothing on the map


class MapView(pg.GraphicsView):
    """The graphics view: paints the fixed furniture and passes keys to the tools."""

    def __init__(self, canvas: MapCanvas):
        super().__init__(parent=canvas, background=BACKGROUND)
        self._canvas = canvas
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    def drawForeground(self, p: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        self._canvas._furniture.paint(p, self.viewport().rect())

    def mouseDoubleClickEvent(self, ev: QtGui.QMouseEvent) -> None:
        # closing a polygon on the double-click itself: pyqtgraph would wait for a release
        # that synthetic double clicks (QTest, some tablets) never send
        if ev.button() == QtCore.Qt.MouseButton.LeftButton and self._canvas.tools.double_click():
            ev.accept()
            return
        super().mouseDoubleClickEvent(ev)

    def keyPressEvent(self, ev: QtGui.QKeyEvent) -> None:
        if self._canvas.tools.key(ev):
            ev.accept()
            return
        super().keyPressEvent(ev)


class MapCanvas(LayerHost, QtWidgets.QWidget):
    """The risk map of one loaded workspace."""

    sigRegionSelected = QtCore.Signal(object)  # riskmap.core.region.Region
    sigIdentified = QtCore.Signal(list)  # site ids under a click, top layer first
    sigCursorMoved = QtCore.Signal(float, float, float, float)  # x, y (metric), lon, lat
    sigMessage = QtCore.Signal(str)
    sigToolChanged = QtCore.Signal(str)
    sigLayersChanged = QtCore.Signal()
    sigSelectionChanged = QtCore.Signal(list)  # selected_sites (buffer tool, setter)
    sigViewChanged = QtCore.Signal(object)  # QRectF in map coordinates
    sigFrameRendered = QtCore.Signal()  # raster mode or lazy: the fresh view is shown
    sigMapClicked = QtCore.Signal(float, float)  # a left single click (any tool), map coords
    sigRiskLoaded = QtCore.Signal()  # the choropleth counts and hazard marks are read

    def __init__(
        self, ws: Workspace, parent: QtWidgets.QWidget | None = None, *, mode: str = "auto",
        lang: str = "zh", as_of: dt.date | None = None, cartography: bool = True,
    ) -> None:  # fmt: skip
        """`cartography` False: every layer drawn site by site at every scale, no hazard marks,
        no choropleth and no site labels (the map before the scale-dependent styles: what
        bench/render.py compares them with)."""
        super().__init__(parent)
        self.ws = ws
        self.lang = lang
        self.view = MapView(self)
        self.vb = MapViewBox(self)
        self.view.setCentralItem(self.vb)
        self.vb.disableAutoRange()
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self.tools = ToolController(self)
        self._furniture = Furniture()
        self.hover_text = ""
        self._hover_texts: list[Callable[[float, float], str]] = []
        self._names: dict[int, tuple[str, str]] = {}
        self._region: Region | None = None
        self._selected: list[int] = []
        self.viewport: ViewportLoader | None = None  # a lazy workspace's viewport loads

        # Device-coordinate caches of the layer items live in QPixmapCache (10 MB by default:
        # fewer than three full-screen layers); too small, every pan repaints every layer.
        QtGui.QPixmapCache.setCacheLimit(max(QtGui.QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.data = layer_data(ws)
        self._extent = self._full_extent()
        x0, y0, x1, y1 = self._extent
        self.base_px = max(x1 - x0, y1 - y0) / 1024.0  # LOD band 0: ~1 px at the whole city
        self._order = list(ws.catalog)
        self._visible = dict.fromkeys(self._order, True)
        self._opacity = dict.fromkeys(self._order, 1.0)
        if ws.lazy:
            # Nothing in memory to render off-thread: the viewport loads (≤ MAX_SITES,
            # simplified to a pixel) are what small direct items draw well.
            mode = "direct"
        elif mode == "auto":
            small = len(ws.sites) <= DIRECT_MAX_SITES
            if small and len(ws.sites):
                small = (
                    int(shapely.get_num_coordinates(ws.sites.geoms).sum()) <= DIRECT_MAX_VERTICES
                )
            mode = "direct" if small else "raster"
        if mode not in ("direct", "raster"):
            raise ValueError(f"map mode must be 'auto', 'direct' or 'raster', got {mode!r}")
        self.mode = mode
        self.cartography = cartography
        self.as_of = as_of or dt.date.today()
        self.risk: RiskData | None = None
        self.risk_loader: RiskLoader | None = None  # started once the first frame is shown
        self._risk_asked: tuple[Any, ...] = ()
        self._drawn_keys: tuple[str, ...] = ()
        self._items: dict[str, LayerItem] = {}
        self.raster: Any = None
        self._districts_visible = True
        self.districts: DistrictItem | None = None  # raster mode paints them in its image
        self._build_layers()
        city = ws.city()
        self.land = LandItem(city.geom if city is not None and city.geom is not None else None)
        self.vb.addItem(self.land, ignoreBounds=True)
        self.city_basemap = CityBasemap(self)  # roads, water, land use: after the first frame
        self.choropleth = ChoroplethItem(self)
        self.marks = MarksLayer(self)
        self.vb.addItem(self.choropleth, ignoreBounds=True)
        self.labels = MapLabels(self, lang)
        self.labels.sites_visible = cartography
        self.region_item = RegionItem()
        self.sketch_item = ShapeOverlay()
        self.highlight_item = HighlightItem()
        self.selection_item = HighlightItem(OVERLAYS["selected_site"])
        for item in (self.region_item, self.sketch_item, self.highlight_item, self.selection_item):
            item.setVisible(False)
            self.vb.addItem(item, ignoreBounds=True)
        self.tiles: Any = None
        if ws.lazy:
            self.viewport = ViewportLoader(self)
        self._apply_layers()

        self._hover_timer = QtCore.QTimer(self, singleShot=True, interval=HOVER_MS)
        self._hover_timer.timeout.connect(self._hover)
        self._hover_xy: tuple[float, float] | None = None
        self.vb.sigRangeChanged.connect(self._view_changed)
        self.view.scene().sigMouseMoved.connect(self._mouse_moved)
        self.zoom_to_extent()
        # the counts and marks are read once the first frame is on screen
        if self.raster is not None:
            self.sigFrameRendered.connect(self._first_frame)
        else:
            QtCore.QTimer.singleShot(0, self._first_frame)

    def _first_frame(self) -> None:
        self.city_basemap.start()
        if self.risk_loader is None and self.cartography:
            self.refresh_risk()

    def set_as_of(self, as_of: dt.date) -> None:
        """The day the hazard marks and the choropleth count on (the window's as-of date)."""
        if as_of != self.as_of:
            self.as_of = as_of
            if self.risk_loader is not None:
                self.refresh_risk()

    # ------------------------------------------------------------------ view

    def view_rect(self) -> QtCore.QRectF:
        """The visible map area (x, y = min corner; metres in the workspace CRS)."""
        return self.vb.viewRect()

    def set_view_rect(self, rect: QtCore.QRectF) -> None:
        """Show at least `rect` (the aspect lock widens one side)."""
        r = rect.normalized()
        if r.width() <= 0 or r.height() <= 0:
            return
        self.vb.setRange(rect=r, padding=0.0)

    def zoom_to_extent(self) -> None:
        x0, y0, x1, y1 = self._extent
        pad = 0.02 * max(x1 - x0, y1 - y0)
        self.set_view_rect(QtCore.QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad))

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        """Move the view by screen pixels (right and down positive), keeping the scale."""
        px = self.pixel_size()
        self.vb._resetTarget()  # pyqtgraph would otherwise re-fit its own target rectangle
        self.vb.translateBy(t=(dx_px * px, -dy_px * px))

    def zoom_by(self, factor: float, center: tuple[float, float] | None = None) -> None:
        """Zoom in (factor > 1) or out about `center` (map coordinates; default: view centre)."""
        if factor <= 0:
            return
        c = self.view_rect().center() if center is None else QtCore.QPointF(*center)
        self.vb._resetTarget()
        self.vb.scaleBy(s=(1 / factor, 1 / factor), center=c)

    def pixel_size(self) -> float:
        """Metres per screen pixel."""
        px = self.vb.viewPixelSize()
        return float(max(px[0], px[1])) if px[0] and px[1] else self.base_px

    def map_to_widget(self, x: float, y: float) -> QtCore.QPoint:
        """Where map point (x, y) is in `view` (and its viewport) pixel coordinates."""
        scene = self.vb.mapViewToScene(QtCore.QPointF(x, y))
        return self.view.mapFromScene(scene)

    def widget_to_map(self, pos: QtCore.QPoint | QtCore.QPointF) -> tuple[float, float]:
        p = self.vb.mapSceneToView(self.view.mapToScene(QtCore.QPoint(int(pos.x()), int(pos.y()))))
        return float(p.x()), float(p.y())

    def fly_to(self, site_id: int) -> None:
        """Centre the site and zoom so it fills about a quarter of the view."""
        try:
            geom = self.ws.geometry(int(site_id))
        except (KeyError, IndexError, ValueError):
            self.sigMessage.emit(self.tr("Site {0} is not on the map").format(site_id))
            return
        x0, y0, x1, y1 = geom.bounds
        side = max(2.0 * max(x1 - x0, y1 - y0), MIN_FLY_SIDE_M)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        self.set_view_rect(QtCore.QRectF(cx - side / 2, cy - side / 2, side, side))

    def set_furniture_size(self, k: float) -> None:
        """Scale bar and north arrow `k` times their desktop size (the wall's, read from afar)."""
        self._furniture.set_size(k)
        self.view.viewport().update()

    def set_display_size(self, k: float) -> None:
        """Scale bar, north arrow, names and hazard marks `k` times their desktop size (the
        wall, read from across a room)."""
        self.set_furniture_size(k)
        self.labels.set_size(k)
        self.marks.set_size(k)

    def scale_bar_px(self) -> tuple[float, float]:
        """(length, label pixel size) of the scale bar as drawn now, in logical pixels."""
        f = self._furniture
        return f.scale_px, QtGui.QFontInfo(f.font).pixelSize()

    def key_rect(self) -> QtCore.QRectF:
        """Where the choropleth's key is drawn now (viewport px; empty when it is not)."""
        return self._furniture.legend_rect(self.view.viewport().rect())

    def scale_text(self) -> str:
        """The scale bar's label for the current zoom (e.g. '5 km')."""
        return self._furniture.scale_text

    def _full_extent(self) -> tuple[float, float, float, float]:
        city = self.ws.city()
        if city is not None and city.geom is not None and not city.geom.is_empty:
            return tuple(float(v) for v in city.geom.bounds)  # type: ignore[return-value]
        if self.ws.lazy:  # no site is in memory to take bounds of: the districts' bounds
            geoms = [d.geom for d in self.ws.districts if d.geom is not None]
            b = shapely.total_bounds(geoms) if geoms else np.full(4, np.nan)
        else:
            b = self.ws.index.bounds
        if (self.ws.lazy or len(self.ws.sites)) and np.isfinite(b).all():
            return b
        return (0.0, 0.0, 1000.0, 1000.0)

    def _view_changed(self, *_: Any) -> None:
        rect, px = self.view_rect(), self.pixel_size()
        self._furniture.update_scale(px)
        self.scale_changed()
        for item in self._items.values():
            item.view_changed(rect, px)
        if self.districts is not None:
            self.districts.view_changed(px)
        self.city_basemap.view_changed(rect, px)
        self.labels.view_changed(px)  # and the marks, placed between the labels' two passes
        if self.raster is not None:
            self.raster.view_changed()
        if self.tiles is not None:
            self.tiles.view_changed()
        if self.viewport is not None:
            self.viewport.view_changed()
        self.sigViewChanged.emit(rect)

    # ------------------------------------------------------------------ tools

    def set_tool(self, name: str) -> None:
        """One of TOOLS or a tool added with add_tool; cancels a drawing in progress."""
        if name == self.tools.name:
            return
        self.tools.set_tool(name)
        cursor = QtCore.Qt.CursorShape
        shape = cursor.OpenHandCursor if name == "pan" else cursor.CrossCursor
        if name in ("identify", "district", "buffer"):
            shape = cursor.PointingHandCursor
        handler = self.tools.handler
        if handler is not None:
            shape = handler.cursor
        self.view.viewport().setCursor(shape)
        self.sigToolChanged.emit(name)

    def tool(self) -> str:
        return self.tools.name

    def add_tool(self, name: str, handler: ToolHandler) -> None:
        """A tool of another package: while it is current, it gets the map's mouse and keys."""
        self.tools.add_tool(name, handler)

    def show_sketch(
        self,
        rings: list[list[tuple[float, float]]],
        closed: bool = True,
        readout: str | None = None,
        handles: list[tuple[float, float]] | None = None,
    ) -> None:
        """Draw a shape in progress (no rings hides it) with its vertex handles (every vertex,
        or `handles`), and its live measure next to the pointer."""
        if rings:
            self.sketch_item.show_shape(rings, closed, handles=handles)
        else:
            self.sketch_item.hide_shape()
        self.show_readout(readout)

    def show_readout(self, text: str | None, at: tuple[float, float] | None = None) -> None:
        """A live measurement beside the pointer (None: none), e.g. a radius or a length."""
        pos = self.view.mapFromGlobal(QtGui.QCursor.pos())
        where = at if at is not None else self.tools.cursor
        if text is not None and where is not None:
            pos = self.map_to_widget(*where)
        self._furniture.readout = (QtCore.QPointF(pos), text) if text else None
        self.view.viewport().update()

    # ------------------------------------------------------------------ region, highlight

    def show_region(self, region: Region | None) -> None:
        """Draw the region (outline and light fill) until cleared or replaced."""
        self._region = region
        self.region_item.set_geometry(region.geom if region is not None else None)

    def clear_region(self) -> None:
        self.show_region(None)

    def region(self) -> Region | None:
        return self._region

    def highlight(self, site_ids: list[int]) -> None:
        """Draw these sites thickly in a colour no layer uses (empty list: none)."""
        self._highlight(self.highlight_item, site_ids)

    def highlighted(self) -> list[int]:
        return list(self.highlight_item.ids)

    @property
    def selected_sites(self) -> list[int]:
        return list(self._selected)

    @selected_sites.setter
    def selected_sites(self, site_ids: list[int]) -> None:
        self._selected = [int(s) for s in site_ids]
        self._highlight(self.selection_item, self._selected)
        self.sigSelectionChanged.emit(list(self._selected))

    def _highlight(self, item: HighlightItem, site_ids: list[int]) -> None:
        # geometries of the sites that exist (a lazy workspace asks the database for them)
        wanted = [int(s) for s in site_ids][:HIGHLIGHT_MAX]
        found = self.ws.geometries(wanted)
        ids = [s for s in wanted if s in found]
        if len(site_ids) > HIGHLIGHT_MAX:
            self.sigMessage.emit(
                self.tr("Showing the first {0} of {1} sites").format(HIGHLIGHT_MAX, len(site_ids))
            )
        geoms = np.asarray([found[s] for s in ids], dtype=object)
        item.set_geometries(ids, geoms)
        item.setVisible(bool(ids))
        self.labels.view_changed(self.pixel_size())  # no label over a selected site

    # ------------------------------------------------------------------ identify, hover

    def identify_at(self, x: float, y: float, px_radius: float = IDENTIFY_PX) -> list[int]:
        """Every site of a visible layer under (x, y): within px_radius screen pixels of it,
        or within half its symbol for points. Top layer first, nearest first within a layer."""
        px = self.pixel_size()
        keys = [k for k in self.visible_layers() if self._has_sites(k)]
        if not keys:
            return []
        r_line = px_radius * px
        r_point = {k: max(px_radius, self.data[k].colors.size / 2) * px for k in keys}
        reach = max([r_line, *r_point.values()])
        here = shapely.Point(x, y)
        rank = {k: i for i, k in enumerate(keys)}
        hits: list[tuple[int, float, int]] = []
        urgent = self._urgent_ids()
        for sid, key, geom in self._near(here, reach, keys):
            if not self.layer_drawn(key) and sid not in urgent:
                continue  # not on the map at this scale: the aggregate stands for it
            dist = float(shapely.distance(here, geom))
            is_point = shapely.get_type_id(geom) in (0, 4)
            if dist <= (r_point[key] if is_point else r_line):
                hits.append((-rank[key], dist, sid))
        return [sid for _, _, sid in sorted(hits)]

    def _urgent_ids(self) -> set[int]:
        """The sites drawn on top whatever the scale (open major hazard or overdue)."""
        r = self.risk
        if r is None or not self.cartography:
            return set()
        return set(r.ids[r.major | r.overdue].tolist())

    def _has_sites(self, key: str) -> bool:
        if self.ws.lazy:  # what is loaded is only the view: ask whether the layer has any
            return key in self.ws.sites.layer_keys
        return bool(self.data[key].n)

    def _near(
        self, here: shapely.Point, reach: float, keys: list[str]
    ) -> list[tuple[int, str, shapely.Geometry]]:
        """(id, layer, full geometry) of the sites of `keys` within about `reach` of `here`."""
        if self.ws.lazy and self.ws.spatial is not None:
            ids, _, layers = self.ws.spatial.within(here, reach, keys)  # ST_DWithin on GiST
            geoms = self.ws.geometries(ids.tolist())
            return [
                (s, k, geoms[s]) for s, k in zip(ids.tolist(), layers, strict=True) if s in geoms
            ]
        codes = np.asarray([self.data[k].code for k in keys], dtype=np.int16)
        keyof = {self.data[k].code: k for k in keys}
        index = self.ws.index
        ids = index.query(here.buffer(reach, quad_segs=8), codes)
        return [(s, keyof[index.layer_of(s)], index.geometry(s)) for s in ids.tolist()]

    def site_names(self, site_ids: list[int]) -> dict[int, tuple[str, str]]:
        """(layer key, site name) per id, from the sites table; cached."""
        missing = [int(s) for s in site_ids if int(s) not in self._names]
        if missing:
            self._names.update(site_names(self.ws.store, missing))
        return {int(s): self._names[int(s)] for s in site_ids if int(s) in self._names}

    def describe(self, site_ids: list[int], limit: int = 8) -> str:
        """Tooltip text: one line per site, 'layer name: site name'."""
        names = self.site_names(site_ids[:limit])
        lines = []
        for sid in site_ids[:limit]:
            layer, name = names.get(sid, ("", f"#{sid}"))
            spec = self.ws.catalog.get(layer)
            lines.append(f"{spec.name(self.lang) if spec else layer}: {name}")
        if len(site_ids) > limit:
            lines.append(f"… +{len(site_ids) - limit}")
        return "\n".join(lines)

    def set_language(self, lang: str) -> None:
        """'zh' or 'en': district labels and tooltips."""
        if lang == self.lang:
            return
        self.lang = lang
        self.labels.set_language(lang)

    def sites_in_view(self, key: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, geometries) of up to `limit` sites of a layer in the view (labels: the first
        `limit` by id when more are in view)."""
        r = self.view_rect()
        d = self.data.get(key)
        if d is None or not d.n:
            return np.zeros(0, np.int64), np.zeros(0, dtype=object)
        ws = None if self.ws.lazy else self.ws
        local = d.in_rect((r.left(), r.top(), r.right(), r.bottom()), ws)[:limit]
        return d.ids[local], d.geoms_at(local)

    def risk_marks(self, ids: np.ndarray) -> dict[int, tuple[str | None, bool]]:
        """(worst open level, overdue) of those of `ids` with an open hazard, as last read."""
        risk = self.risk
        if risk is None or not len(risk.ids) or not len(ids):
            return {}
        pos = np.minimum(np.searchsorted(risk.ids, ids), len(risk.ids) - 1)
        out = {}
        for sid, i in zip(ids.tolist(), pos.tolist(), strict=True):
            if risk.ids[i] == sid:
                out[sid] = ("major" if risk.major[i] else "general", bool(risk.overdue[i]))
        return out

    def _mouse_moved(self, scene_pos: QtCore.QPointF) -> None:
        if not self.vb.sceneBoundingRect().contains(scene_pos):
            return
        p = self.vb.mapSceneToView(scene_pos)
        x, y = float(p.x()), float(p.y())
        lon, lat = xy_to_lonlat(np.array([x]), np.array([y]), self.ws.crs)
        self.sigCursorMoved.emit(x, y, float(lon[0]), float(lat[0]))
        self.tools.hover(x, y, scene_pos)
        self._hover_xy = (x, y)
        if QtWidgets.QApplication.mouseButtons() == QtCore.Qt.MouseButton.NoButton:
            self._hover_timer.start()

    def add_hover_text(self, provider: Callable[[float, float], str]) -> None:
        """More lines for the hover tooltip: provider(x, y) → text about what is there ("" for
        nothing), e.g. the patrol areas under the pointer."""
        self._hover_texts.append(provider)

    def _hover(self) -> None:
        if self._hover_xy is None or self.tools.drawing:
            return
        ids = self.identify_at(*self._hover_xy)
        lines = [self.describe(ids)] if ids else []
        lines += [t for t in (f(*self._hover_xy) for f in self._hover_texts) if t]
        self.hover_text = "\n".join(lines)
        if self.hover_text:
            pos = self.view.mapToGlobal(self.map_to_widget(*self._hover_xy))
            QtWidgets.QToolTip.showText(pos, self.hover_text, self.view)
        else:
            QtWidgets.QToolTip.hideText()

    # ------------------------------------------------------------------ basemap tiles

    def set_basemap(self, config: BasemapConfig | None) -> None:
        """Tiles under the layers as the user configured them (None or kind "none": no tiles).
        A source that cannot be used is said on the status line, and the map goes on."""
        from riskmap.ui.map.tiles import TileLayer, open_sources

        if self.tiles is not None:
            self.tiles.close()
            self.tiles = None
        if config is not None and config.active:
            try:
                self.tiles = TileLayer(self, config, open_sources(config))
            except RiskmapError as exc:
                self.sigMessage.emit(self.tr("Basemap: {0}").format(error_text(exc)))
                return
            self.tiles.view_changed()

    # ------------------------------------------------------------------ lifecycle

    def rendering_idle(self) -> bool:
        """True when no background render, class load or viewport load is pending."""
        if self.viewport is not None and not self.viewport.idle():
            return False
        if not self.city_basemap.idle():
            return False
        if not self.labels.idle():
            return False
        if self.cartography and (self.risk_loader is None or self.risk_loader.pending):
            return False
        return self.raster is None or self.raster.idle()

    def shutdown(self) -> None:
        """Stop background threads (also done when the widget closes)."""
        if self.raster is not None:
            self.raster.shutdown()
        if self.viewport is not None:
            self.viewport.shutdown()
        if self.tiles is not None:
            self.tiles.close()

    def showEvent(self, ev: QtGui.QShowEvent) -> None:
        super().showEvent(ev)
        if self.raster is not None:
            self.raster.view_changed()
        if self.viewport is not None:
            self.viewport.view_changed()

    def closeEvent(self, ev: QtGui.QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(ev)


__all__ = ["TOOLS", "MapCanvas"]
