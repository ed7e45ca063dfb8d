"""The wall's map: a MapCanvas on the workspace, on a dark ground, showing the current preset's
focus layers with every open major hazard ringed, and flying from the city to each county.

The canvas's own district outlines and names are drawn for a light map (dark grey lines, dark
text in a white halo) and at desktop sizes; the wall hides them and draws its own: light
outlines, names in light text on a dark halo sized from the screen, the current county in amber
with the rest of the city dimmed around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.wall import CITY, site_summary
from riskmap.core.workspace import Workspace
from riskmap.ui.map.canvas import MapCanvas
from riskmap.ui.map.layers import toml_color
from riskmap.ui.map.overlays import (
    Z_DISTRICTS,
    Z_HIGHLIGHT,
    Z_LABELS,
    HighlightItem,
    geometry_path,
    map_font,
)
from riskmap.ui.wall.widgets import Legend

GROUND = QtGui.QColor("#04070d")
CITY_LINE = QtGui.QColor("#c5d3e8")
COUNTY_LINE = QtGui.QColor("#8ea3c2")
TOWNSHIP_LINE = QtGui.QColor(142, 163, 194, 150)
CURRENT_LINE = QtGui.QColor("#ffd54f")
DIM = QtGui.QColor(4, 7, 13, 165)  # over the city outside the current county
MAJOR = QtGui.QColor("#ffb300")
OVERDUE = QtGui.QColor("#ff1744")
LABEL_INK = QtGui.QColor("#f2f6fc")
LABEL_HALO = QtGui.QColor(4, 7, 13, 230)
FLY_MS = 1400
# After a flight, the map is "there" when its frame for the new view is drawn (the raster and
# lazy modes render off the GUI thread); a frame that takes longer than this is not waited for.
ARRIVE_MAX_MS = 2500
ARRIVE_POLL_MS = 20


class WallLabel(QtWidgets.QGraphicsItem):
    """A district name at a fixed pixel size: light text in a dark halo."""

    def __init__(self, text: str, x: float, y: float) -> None:
        super().__init__()
        self.text = text
        self.font = map_font(12, bold=True)
        self.setPos(x, y)
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_LABELS)
        self._rect = QtCore.QRectF()
        self._path = QtGui.QPainterPath()

    def set_text(self, text: str) -> None:
        self.text = text
        self.set_pixel_size(self.font.pixelSize())

    def set_pixel_size(self, px: int) -> None:
        self.prepareGeometryChange()
        self.font.setPixelSize(max(8, px))
        fm = QtGui.QFontMetricsF(self.font)
        w = fm.horizontalAdvance(self.text)
        self._path = QtGui.QPainterPath()
        self._path.addText(-w / 2, fm.ascent() / 2 - fm.descent() / 2, self.font, self.text)
        pad = px * 0.3
        self._rect = self._path.boundingRect().adjusted(-pad, -pad, pad, pad)
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        pen = QtGui.QPen(LABEL_HALO, max(3.0, self.font.pixelSize() * 0.22))
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        p.strokePath(self._path, pen)
        p.fillPath(self._path, LABEL_INK)


def _outline(
    color: QtGui.QColor, width: float, z: float, dashed: bool = False
) -> QtWidgets.QGraphicsPathItem:
    item = QtWidgets.QGraphicsPathItem()
    pen = QtGui.QPen(color)
    pen.setCosmetic(True)
    pen.setWidthF(width)  # outlines of a few thousand vertices: the wide stroker is cheap here
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    if dashed:
        pen.setStyle(QtCore.Qt.PenStyle.DashLine)
    item.setPen(pen)
    item.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    item.setZValue(z)
    return item


class WallMap(QtWidgets.QWidget):
    """The map part of the wall; `show_scope` flies to the city (CITY) or a county code, and
    `sigArrived` says when the map shows it, drawn: the moment its title may change."""

    sigArrived = QtCore.Signal(str)  # the scope now on screen

    def __init__(
        self,
        ws: Workspace,
        lang: str = "zh",
        as_of: Callable[[], dt.date] = dt.date.today,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.lang = lang
        self.as_of = as_of
        # the wall marks major and overdue sites and names districts itself, on a dark ground
        self.canvas = MapCanvas(ws, self, lang=lang, cartography=False)
        self.canvas.view.setBackground(GROUND)
        self.canvas.set_basemap_visible(False)  # the wall draws its own, for a dark map
        self.canvas.set_city_basemap_visible(False)
        self.canvas.set_tool("identify")  # a click names the site; nothing on the wall edits
        self.canvas.sigIdentified.connect(self._identified)
        # pyqtgraph's scene offers "Export..." in a context menu; a wall has no use for dialogs
        scene = self.canvas.view.scene()
        for action in getattr(scene, "contextMenu", []):
            action.setParent(None)  # owned by Python now: freed with the list below
        scene.contextMenu = []
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        self.scope = CITY
        self.tolerance = self.canvas.base_px / 4  # outlines: sharp at a county's zoom
        vb = self.canvas.vb
        self.dim = QtWidgets.QGraphicsPathItem()
        self.dim.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.dim.setBrush(DIM)
        self.dim.setZValue(Z_DISTRICTS - 50)
        self.townships = _outline(TOWNSHIP_LINE, 1.0, Z_DISTRICTS, dashed=True)
        self.counties = _outline(COUNTY_LINE, 1.5, Z_DISTRICTS + 1)
        self.city = _outline(CITY_LINE, 2.5, Z_DISTRICTS + 2)
        self.current = _outline(CURRENT_LINE, 3.5, Z_DISTRICTS + 3)
        for item in (self.dim, self.townships, self.counties, self.city, self.current):
            vb.addItem(item, ignoreBounds=True)
        self.counties.setPath(self._path(d.geom for d in ws.counties()))
        city = ws.city()
        if city is not None:
            self.city.setPath(self._path([city.geom]))
        self.labels: dict[str, WallLabel] = {}
        for d in ws.districts:
            if d.level in ("county", "township") and d.geom is not None and not d.geom.is_empty:
                pt = shapely.point_on_surface(d.geom)
                label = WallLabel(self._name(d.code), pt.x, pt.y)
                label.setVisible(d.level == "county")
                vb.addItem(label, ignoreBounds=True)
                self.labels[d.code] = label
        self.major = HighlightItem(MAJOR)
        self.overdue = HighlightItem(OVERDUE)
        self.overdue.setZValue(Z_HIGHLIGHT + 1)  # an overdue ring is never hidden by another
        for item in (self.major, self.overdue):
            item.setVisible(False)
            vb.addItem(item, ignoreBounds=True)
        self.legend = Legend(self)
        self._fly_from = self._fly_to = QtCore.QRectF()
        self.fly = QtCore.QVariantAnimation(self)
        self.fly.setStartValue(0.0)
        self.fly.setEndValue(1.0)
        self.fly.setDuration(FLY_MS)
        self.fly.setEasingCurve(QtCore.QEasingCurve.Type.InOutCubic)
        self.fly.valueChanged.connect(self._fly_step)
        self.fly.finished.connect(self._await_frame)
        self._arrival = QtCore.QTimer(self, singleShot=True, interval=ARRIVE_POLL_MS)
        self._arrival.timeout.connect(self._check_arrival)
        self._arrival_clock = QtCore.QElapsedTimer()
        self.canvas.sigFrameRendered.connect(self._check_arrival)
        self._swatch = 24
        self._refit = QtCore.QTimer(self, singleShot=True, interval=150)
        self._refit.timeout.connect(lambda: self.fly_to(self.target_rect(), animate=False))
        self.set_pixel_sizes(24, 18)

    # -- content -----------------------------------------------------------------------------
    def set_focus_layers(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        for key in self.canvas.layer_keys():
            self.canvas.set_layer_visible(key, key in wanted)
        self._legend()

    def set_majors(self, major_sites: dict[int, bool]) -> None:
        """Ring every site with an open major hazard: red when one of them is overdue."""
        found = self.ws.geometries(list(major_sites))  # the sites that exist; lazy: one query
        for item, late in ((self.major, False), (self.overdue, True)):
            ids = [s for s, o in major_sites.items() if o == late and s in found]
            geoms = np.asarray([found[s] for s in ids], dtype=object)
            item.set_geometries(ids, geoms)
            item.setVisible(bool(ids))

    def majors_shown(self) -> tuple[list[int], list[int]]:
        """(site ids ringed as major, as overdue major)."""
        return list(self.major.ids), list(self.overdue.ids)

    def _name(self, code: str) -> str:
        d = self.ws.district(code)
        if d is None:
            return code
        return d.name if self.lang.startswith("zh") or not d.name_en else d.name_en

    def set_language(self, lang: str) -> None:
        """District names and layer names in `lang` ('zh' or 'en')."""
        self.lang = lang
        self.canvas.set_language(lang)
        for code, label in self.labels.items():
            label.set_text(self._name(code))
        self._legend()

    def set_pixel_sizes(self, label_px: int, small_px: int) -> None:
        """Label and mark sizes for the screen (the window's theme sizes)."""
        for code, label in self.labels.items():
            rec = self.ws.district(code)
            county = rec is not None and rec.level == "county"
            label.set_pixel_size(label_px if county else round(label_px * 0.75))
        ring = max(16, round(small_px * 1.3))
        for item, colour in ((self.major, MAJOR), (self.overdue, OVERDUE)):
            item.rings.setSize(ring)
            item.rings.setPen(pg.mkPen(colour, width=max(2.0, ring / 7)))
        self._swatch = small_px
        self._legend()
        # scale bar and north arrow at the wall's size: the desktop's are drawn for 12 px text
        self.canvas.set_furniture_size(small_px / 12)

    def set_focus_text(self, text: str) -> None:
        """The legend's title: the preset and what it looks at."""
        self.legend.set_title(text)
        self._place_legend()

    def retranslate(self) -> None:
        self._legend()

    def _legend(self) -> None:
        entries = [
            (toml_color(self.ws.catalog[k].style.color), "fill", self.ws.catalog[k].name(self.lang))
            for k in self.canvas.visible_layers()
        ]
        #: 重大隐患（未销号）
        entries.append((MAJOR, "ring", self.tr("Major hazard (open)")))
        #: 逾期重大隐患
        entries.append((OVERDUE, "ring", self.tr("Overdue major hazard")))
        self.legend.set_entries(entries, self._swatch)
        self._place_legend()

    # -- the sequence's view -----------------------------------------------------------------
    def show_scope(self, scope: str, animate: bool = True) -> None:
        """The city (CITY) or one county: outline it, dim the rest, and fly there."""
        self.scope = scope
        rec = self.ws.district(scope) if scope else None
        if rec is None or rec.geom is None:
            self.scope = CITY
            self.current.setPath(QtGui.QPainterPath())
            self.dim.setPath(QtGui.QPainterPath())
            self.townships.setPath(QtGui.QPainterPath())
        else:
            self.current.setPath(self._path([rec.geom]))
            city = self.ws.city()
            if city is not None and city.geom is not None:
                self.dim.setPath(self._path([shapely.difference(city.geom, rec.geom)]))
            towns = [d.geom for d in self.ws.districts if d.parent_code == scope and d.geom]
            self.townships.setPath(self._path(towns))
        for code, label in self.labels.items():
            d = self.ws.district(code)
            if d is None:
                continue
            if d.level == "county":
                label.setVisible(self.scope == CITY or code != self.scope)
            else:
                label.setVisible(self.scope != CITY and d.parent_code == self.scope)
        self.fly_to(self.target_rect(), animate)

    def target_rect(self) -> QtCore.QRectF:
        """The view that shows the scope whole, beside the legend rather than under it."""
        rec = self.ws.district(self.scope) if self.scope else self.ws.city()
        if rec is not None and rec.geom is not None and not rec.geom.is_empty:
            x0, y0, x1, y1 = rec.geom.bounds
        else:  # no city outline: the sites' bounds (lazy: none in memory, the stand-in box)
            b = self.ws.whole_region().geom.bounds if self.ws.lazy else self.ws.index.bounds
            x0, y0, x1, y1 = (float(v) for v in b)
        pad = 0.04 * max(x1 - x0, y1 - y0)
        rect = QtCore.QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
        vp = self.canvas.view.viewport()
        w, h = vp.width(), vp.height()
        free = w - self.legend.geometry().right() - self.legend.x()  # px right of the legend
        if w < 50 or h < 50 or free < w / 2:
            return rect
        m = max(rect.width() / free, rect.height() / h)  # metres per pixel
        left = rect.center().x() - m * free / 2 - m * (w - free)
        return QtCore.QRectF(left, rect.center().y() - m * h / 2, m * w, m * h)

    def fly_to(self, rect: QtCore.QRectF, animate: bool = True) -> None:
        self.fly.stop()
        self._arrival.stop()
        if not animate or not self.isVisible():
            self.canvas.set_view_rect(rect)
            self._await_frame()
            return
        self._fly_from = self.canvas.view_rect()
        self._fly_to = rect
        self.fly.start()

    def _await_frame(self) -> None:
        self._arrival_clock.start()
        self._arrival.start(0)  # once the view's change has reached the canvas

    def _check_arrival(self) -> None:
        if not self._arrival_clock.isValid() or self.flying():
            return  # no arrival awaited, or still on the way
        if self.canvas.rendering_idle() or self._arrival_clock.elapsed() >= ARRIVE_MAX_MS:
            self._arrival.stop()
            self._arrival_clock.invalidate()
            self.sigArrived.emit(self.scope)
        elif not self._arrival.isActive():
            self._arrival.start(ARRIVE_POLL_MS)

    def flying(self) -> bool:
        return self.fly.state() == QtCore.QAbstractAnimation.State.Running

    def _fly_step(self, t: Any) -> None:
        a, b, t = self._fly_from, self._fly_to, float(t)
        if a.isEmpty() or b.isEmpty():
            return
        # zoom geometrically (a constant speed in scale), move the centre in a straight line
        w = a.width() * (b.width() / a.width()) ** t
        h = a.height() * (b.height() / a.height()) ** t
        c = a.center() + (b.center() - a.center()) * t
        self.canvas.set_view_rect(QtCore.QRectF(c.x() - w / 2, c.y() - h / 2, w, h))

    def _identified(self, ids: list[int]) -> None:
        """A click: what is there and its open hazards, in a tooltip (read only)."""
        if not ids:
            QtWidgets.QToolTip.hideText()
            return
        name, layer, n, major, late = site_summary(self.ws, ids[0], self.as_of())
        spec = self.ws.catalog.get(layer)
        #: 未销号隐患 {0} 项（重大 {1}，逾期 {2}）
        counts = self.tr("Open hazards: {0} (major {1}, overdue {2})").format(n, major, late)
        text = "\n".join([name, spec.name(self.lang) if spec else layer, counts])
        QtWidgets.QToolTip.showText(QtGui.QCursor.pos(), text, self.canvas.view)

    # -- helpers ----------------------------------------------------------------------------
    def _path(self, geoms: Iterable[Any]) -> QtGui.QPainterPath:
        arr = np.asarray([g for g in geoms if g is not None and not g.is_empty], dtype=object)
        if not len(arr):
            return QtGui.QPainterPath()
        return geometry_path(shapely.simplify(arr, self.tolerance, preserve_topology=True))

    def _place_legend(self) -> None:
        self.legend.adjustSize()
        margin = max(8, self._swatch // 2)
        self.legend.move(margin, margin)
        self.legend.raise_()

    def resizeEvent(self, ev: QtGui.QResizeEvent) -> None:
        super().resizeEvent(ev)
        self._place_legend()
        if not self.flying():
            self._refit.start()  # e.g. into full screen: the scope fills the new size

    def shutdown(self) -> None:
        self.fly.stop()
        self._refit.stop()
        self._arrival.stop()
        self.canvas.shutdown()
