"""The wall's map: the window's map (MapCanvas, its cartography and its style engine) on the
workspace, showing the current preset's focus layers, and flying from the city to each county.

It draws what the window's map draws at the same scale — at the city, townships shaded by their
open hazards (counted by riskmap.core.figures) with the open major and overdue sites on top,
counted where they crowd; closer in, every site in its class colour with its level ring — with
names, marks and the scale bar sized for a room (`MapCanvas.set_display_size`). The wall adds
only its sequence: the current county in the selection overlay's style, the rest of the city
veiled in the basemap's "outside" colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.region import Region
from riskmap.core.style import BASEMAP, legend_entries
from riskmap.core.wall import CITY, site_summary
from riskmap.core.workspace import Workspace
from riskmap.ui.map.canvas import MapCanvas
from riskmap.ui.map.layers import qcolor
from riskmap.ui.map.overlays import Z_DISTRICTS, geometry_path
from riskmap.ui.wall.widgets import Legend

VEIL_ALPHA = 150  # the city outside the current county, under the basemap's outside colour
FLY_MS = 1400
# After a flight, the map is "there" when its frame for the new view is drawn (the raster and
# lazy modes render off the GUI thread); a frame that takes longer than this is not waited for.
ARRIVE_MAX_MS = 2500
ARRIVE_POLL_MS = 20
DESKTOP_TEXT_PX = 12.0  # the window's map text, which the wall's `small` size is compared to


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
        # the window's map, with its scale-dependent styles, marks and names
        self.canvas = MapCanvas(ws, self, lang=lang, as_of=as_of())
        self.canvas.set_tool("identify")  # a click names the site; nothing on the wall edits
        self.canvas.sigIdentified.connect(self._identified)
        self.canvas.sigLayersChanged.connect(self._legend)  # aggregated or not at this scale
        # pyqtgraph's scene offers "Export..." in a context menu; a wall has no use for dialogs
        scene = self.canvas.view.scene()
        for action in getattr(scene, "contextMenu", []):
            action.setParent(None)  # owned by Python now: freed with the list below
        scene.contextMenu = []
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.canvas)
        self.scope = CITY
        self.tolerance = self.canvas.base_px / 4  # the veil's edge: sharp at a county's zoom
        self.veil = QtWidgets.QGraphicsPathItem()
        self.veil.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        veil = qcolor(BASEMAP.outside)
        veil.setAlpha(VEIL_ALPHA)
        self.veil.setBrush(veil)
        self.veil.setZValue(Z_DISTRICTS - 40)  # over the marks: the county shown stands out
        self.canvas.vb.addItem(self.veil, ignoreBounds=True)
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
        # the choropleth's key arrives with the first counts: the scope is fitted beside it
        self._key_fitted = False
        self.canvas.sigRiskLoaded.connect(self._fit_beside_key)
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

    def figures_changed(self) -> None:
        """The figures were read again (a change in the ledger, a new day): the choropleth's
        counts and the marks are read again too, on the wall's as-of day."""
        self.canvas.set_as_of(self.as_of())
        self.canvas.refresh_risk()

    def majors_shown(self) -> tuple[list[int], list[int]]:
        """(sites with an open major hazard marked on the map, those of them overdue), of the
        layers shown, as last read."""
        r = self.canvas.risk
        if r is None:
            return [], []
        shown = np.asarray([self.canvas.layer_visible(k) for k in r.keys], dtype=bool)
        on = r.major & shown[r.layer] if len(r.layer) else r.major
        return r.ids[on & ~r.overdue].tolist(), r.ids[on & r.overdue].tolist()

    def set_language(self, lang: str) -> None:
        """District names and layer names in `lang` ('zh' or 'en')."""
        self.lang = lang
        self.canvas.set_language(lang)
        self._legend()

    def set_pixel_sizes(self, label_px: int, small_px: int) -> None:
        """Sizes for the screen (the window's theme sizes): the map's names, marks, scale bar
        and north arrow grow with the wall's small text, the legend's swatches are that size."""
        self._swatch = small_px
        self.canvas.set_display_size(small_px / DESKTOP_TEXT_PX)
        self._legend()

    def set_focus_text(self, text: str) -> None:
        """The legend's title: the preset and what it looks at."""
        self.legend.set_title(text)
        self._place_legend()

    def retranslate(self) -> None:
        self._legend()

    def _legend(self) -> None:
        """The style engine's legend of what the map shows at its scale (the choropleth's key
        is the map's own, in its corner)."""
        c = self.canvas
        specs = [self.ws.catalog[k] for k in c.visible_layers()]
        drawn_aggregated = [k for k in c.visible_layers() if not c.layer_drawn(k)]
        rows = legend_entries(specs, self.lang, classes=False, edges=(),
                              aggregated=drawn_aggregated)  # fmt: skip
        self.legend.set_entries(rows, self._swatch)
        self._place_legend()

    # -- the sequence's view -----------------------------------------------------------------
    def show_scope(self, scope: str, animate: bool = True) -> None:
        """The city (CITY) or one county: outline it, veil the rest, and fly there."""
        self.scope = scope
        rec = self.ws.district(scope) if scope else None
        if rec is None or rec.geom is None:
            self.scope = CITY
            self.canvas.clear_region()
            self.veil.setPath(QtGui.QPainterPath())
        else:
            self.canvas.show_region(Region.from_district(self.ws.districts, scope, self.ws.crs))
            city = self.ws.city()
            if city is not None and city.geom is not None:
                self.veil.setPath(self._path([shapely.difference(city.geom, rec.geom)]))
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
        left_px = self.legend.geometry().right() + self.legend.x()  # right of the legend
        key = self.canvas.key_rect()  # the choropleth's key, bottom right, when drawn
        right_px = w - key.left() if not key.isEmpty() else 0.0
        for reserve in (right_px, 0.0):  # beside the key too, if that leaves room enough
            band = w - left_px - reserve
            if w >= 50 and h >= 50 and band >= 0.4 * w:
                m = max(rect.width() / band, rect.height() / h)  # metres per pixel
                left = rect.center().x() - m * (left_px + band / 2)
                return QtCore.QRectF(left, rect.center().y() - m * h / 2, m * w, m * h)
        return rect

    def _fit_beside_key(self) -> None:
        if not self._key_fitted and not self.flying() and not self.canvas.key_rect().isEmpty():
            self._key_fitted = True
            self.fly_to(self.target_rect(), animate=False)

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
