"""The hazard marks and cluster bubbles (see aggregate.py for what is marked and why).

Painted in screen pixels into one image of the view and a margin round it, once the view
rests (debounced), and moved and scaled with the map while the user pans or zooms (the
layers' RasterItem): a pan frame costs a blit however many sites are marked. Each mark is a
pre-painted stamp (render.symbol_stamp), so a view of 2,000 marks paints in a few ms.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6 import QtCore, QtGui

from riskmap.core.style import feature_style, level_color, parse_color, shows_aggregate
from riskmap.core.style.layers import OVERDUE_COLOR
from riskmap.ui.map.aggregate import (
    CLUSTER_CELL_PX,
    GENERAL_RINGS_FROM,
    MARK_CELL_PX,
    Z_MARKS,
    RiskData,
    denominator,
    merge_cells,
)
from riskmap.ui.map.layers import cosmetic_pen, qcolor
from riskmap.ui.map.overlays import map_font
from riskmap.ui.map.raster_item import RasterItem
from riskmap.ui.map.render import FMT, FrameSpec, symbol_stamp

if TYPE_CHECKING:
    from riskmap.core.catalog import LayerSpec
    from riskmap.core.style import Color
    from riskmap.ui.map.canvas import MapCanvas

DEBOUNCE_MS = 60
MARGIN = 0.15  # of the view, painted beyond each edge: short pans show no bare strip
WHITE = QtGui.QColor("white")


class MarksLayer(QtCore.QObject):
    """The marks of a MapCanvas; `drawn_symbols` and `drawn_rings`: what the last paint drew."""

    def __init__(self, canvas: MapCanvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.item = RasterItem(sparse=True)
        self.item.setZValue(Z_MARKS)
        canvas.vb.addItem(self.item, ignoreBounds=True)
        self.data: RiskData | None = None
        self.drawn_symbols = 0
        self.drawn_rings = 0
        self.font = map_font(7.5, bold=True)
        self._looks: dict[tuple, Any] = {}  # pre-painted stamps per layer, level and overdue
        self.timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

    def set_data(self, data: RiskData) -> None:
        self.data = data
        self.refresh()

    def view_changed(self) -> None:
        if self.data is not None:
            self.timer.start()

    def update(self) -> None:
        """Layers shown or hidden: paint again soon."""
        self.view_changed()

    def idle(self) -> bool:
        return not self.timer.isActive()

    def refresh(self) -> None:
        d = self.data
        c = self.canvas
        vp = c.view.viewport()
        if d is None or vp.width() < 2 or vp.height() < 2:
            return
        r = c.view_rect()
        dpr = float(vp.devicePixelRatioF())
        mx, my = r.width() * MARGIN, r.height() * MARGIN
        w = round(vp.width() * (1 + 2 * MARGIN))
        res = (r.width() + 2 * mx) / w
        h = round((r.height() + 2 * my) / res)
        x0, y0 = r.left() - mx, r.top() - my
        spec = FrameSpec((x0, y0, x0 + w * res, y0 + h * res), round(w * dpr), round(h * dpr), dpr)
        img = QtGui.QImage(spec.width, spec.height, FMT)
        img.fill(0)
        p = QtGui.QPainter(img)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        p.scale(dpr, dpr)
        self._paint(p, d, (x0, y0 + h * res, res), w, h, denominator(c.pixel_size()))
        p.end()
        self.item.set_frame(img, spec)

    def _paint(self, p: QtGui.QPainter, d: RiskData, frame: tuple[float, float, float],
               w: int, h: int, den: float) -> None:  # fmt: skip
        c = self.canvas
        left, top, res = frame
        specs = [c.ws.catalog[k] for k in d.keys]
        visible = np.asarray([c.layer_visible(k) for k in d.keys], dtype=bool)
        aggregated = np.asarray([shows_aggregate(s, den) for s in specs], dtype=bool)
        drawn = np.asarray([c.layer_drawn(k) for k in d.keys], dtype=bool)
        px = (
            np.column_stack([(d.xy[:, 0] - left) / res, (top - d.xy[:, 1]) / res])
            if len(d.xy)
            else np.zeros((0, 2))
        )
        on = (px[:, 0] >= 0) & (px[:, 0] <= w) & (px[:, 1] >= 0) & (px[:, 1] <= h)
        if len(d.layer):
            on &= visible[d.layer]
        ring = on & drawn[d.layer] if len(d.layer) else on
        if den > GENERAL_RINGS_FROM:
            ring &= d.major | d.overdue
        self.drawn_rings = self._rings(p, d, specs, np.flatnonzero(ring), px)
        n = self._clusters(p, frame, w, h, den)
        urgent = on & aggregated[d.layer] & (d.major | d.overdue) if len(d.layer) else on
        n += self._urgent(p, d, specs, np.flatnonzero(urgent), px)
        self.drawn_symbols = n

    def _rings(self, p: QtGui.QPainter, d: RiskData, specs: list[LayerSpec], idx: np.ndarray,
               px: np.ndarray) -> int:  # fmt: skip
        """Rings round drawn symbols; one per cell where they crowd (the most urgent)."""
        if not len(idx):
            return 0
        score = d.major[idx].astype(int) + 2 * d.overdue[idx]
        idx = idx[np.argsort(-score, kind="stable")]
        first, _count, _ = merge_cells(px[idx], MARK_CELL_PX / 2)
        reps = idx[first][::-1]  # the most urgent last: on top
        for i in reps.tolist():
            stamp = self._ring(specs[d.layer[i]], bool(d.major[i]), bool(d.overdue[i]))
            half = stamp.width() / 2
            p.drawImage(QtCore.QPointF(px[i, 0] - half, px[i, 1] - half), stamp)
        return len(reps)

    def _urgent(self, p: QtGui.QPainter, d: RiskData, specs: list[LayerSpec], idx: np.ndarray,
                px: np.ndarray) -> int:  # fmt: skip
        """The major and overdue sites of aggregated layers, merged and counted per cell."""
        if not len(idx):
            return 0
        score = d.major[idx].astype(int) + 2 * d.overdue[idx]
        o = np.argsort(-score, kind="stable")
        idx, score = idx[o], score[o]
        first, count, _ = merge_cells(px[idx], MARK_CELL_PX)  # a cell shows its most urgent
        reps = idx[first]
        order = np.argsort(score[first], kind="stable")  # the most urgent painted last, on top
        for j in order.tolist():
            i = int(reps[j])
            size, outer, stamp = self._symbol(specs[d.layer[i]], bool(d.major[i]),
                                              bool(d.overdue[i]))  # fmt: skip
            x, y = float(px[i, 0]), float(px[i, 1])
            if outer is not None:
                half = outer.width() / 2
                p.drawImage(QtCore.QPointF(x - half, y - half), outer)
            half = stamp.width() / 2
            p.drawImage(QtCore.QPointF(x - half, y - half), stamp)
            if count[j] > 1:
                self._badge(p, x + size * 0.45, y - size * 0.45, int(count[j]))
        return len(reps)

    def _clusters(self, p: QtGui.QPainter, frame: tuple[float, float, float], w: int, h: int,
                  den: float) -> int:  # fmt: skip
        """A cluster layer's sites counted per cell: one bubble, its area by the count."""
        d = self.data
        assert d is not None
        left, top, res = frame
        n = 0
        for key, xy in d.clusters.items():
            spec = self.canvas.ws.catalog[key]
            if not self.canvas.layer_visible(key) or not shows_aggregate(spec, den):
                continue
            px = np.column_stack([(xy[:, 0] - left) / res, (top - xy[:, 1]) / res])
            px = px[(px[:, 0] >= 0) & (px[:, 0] <= w) & (px[:, 1] >= 0) & (px[:, 1] <= h)]
            first, count, inverse = merge_cells(px, CLUSTER_CELL_PX)
            if not len(first):
                continue
            cx = np.bincount(inverse, px[:, 0]) / count  # at the mean of its sites
            cy = np.bincount(inverse, px[:, 1]) / count
            fill = qcolor(feature_style(spec, geometry="point").fill or parse_color("#888888"))
            fill.setAlpha(170)  # resources and the like: context, quieter than the hazards
            pen = cosmetic_pen(WHITE)
            pen.setWidthF(1.5)
            p.setFont(self.font)
            for x, y, k in zip(cx.tolist(), cy.tolist(), count.tolist(), strict=True):
                r = 6.0 + 2.0 * math.sqrt(k)
                p.setPen(pen)
                p.setBrush(fill)
                p.drawEllipse(QtCore.QPointF(x, y), r, r)
                p.setPen(WHITE)
                p.drawText(QtCore.QRectF(x - 30, y - 10, 60, 20),
                           QtCore.Qt.AlignmentFlag.AlignCenter, str(k))  # fmt: skip
            n += len(first)
        return n

    def _ring(self, spec: LayerSpec, major: bool, overdue: bool) -> QtGui.QImage:
        key = ("ring", spec.key, major, overdue)
        if key not in self._looks:
            color = level_color(spec.style, "major" if major else "general")
            self._looks[key] = ring_stamp(spec.style.size / 2 + 4.0, color, overdue)
        return self._looks[key]

    def _symbol(
        self, spec: LayerSpec, major: bool, overdue: bool
    ) -> tuple[float, QtGui.QImage | None, QtGui.QImage]:
        """(size, the overdue ring or None, the symbol filled in its level's colour)."""
        key = ("symbol", spec.key, major, overdue)
        if key not in self._looks:
            level = "major" if major else "general"
            fs = feature_style(spec, level=level, overdue=overdue, geometry="point")
            size = max(spec.style.size, 9.0) + 2.0
            outer = (
                ring_stamp(size * 0.75, parse_color(OVERDUE_COLOR), False, 2.0) if overdue else None
            )
            fill = qcolor(level_color(spec.style, level))
            self._looks[key] = (size, outer, symbol_stamp(fs.symbol, size, fill, WHITE))
        return self._looks[key]

    def _badge(self, p: QtGui.QPainter, x: float, y: float, k: int) -> None:
        text = str(k)
        fm = QtGui.QFontMetricsF(self.font)
        bw = max(fm.horizontalAdvance(text) + 6, 14.0)
        box = QtCore.QRectF(x - bw / 2, y - 7, bw, 14)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(38, 50, 56, 230))
        p.drawRoundedRect(box, 7, 7)
        p.setFont(self.font)
        p.setPen(WHITE)
        p.drawText(box, QtCore.Qt.AlignmentFlag.AlignCenter, text)

    def shutdown(self) -> None:
        self.timer.stop()


_RINGS: dict[tuple[float, int, bool, float], QtGui.QImage] = {}  # GUI thread only


def ring_stamp(r: float, color: Color, overdue: bool, width: float = 2.0) -> QtGui.QImage:
    """A ring of radius `r` px in `color` (and the dark overdue ring outside it), painted once."""
    key = (r, hash(color), overdue, width)
    stamp = _RINGS.get(key)
    if stamp is None:
        outer = r + (3.0 if overdue else 0.0) + width
        side = math.ceil(2 * outer) + 2
        stamp = QtGui.QImage(side, side, FMT)
        stamp.fill(0)
        sp = QtGui.QPainter(stamp)
        sp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        sp.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        centre = QtCore.QPointF(side / 2, side / 2)
        if overdue:
            pen = cosmetic_pen(qcolor(parse_color(OVERDUE_COLOR)))
            pen.setWidthF(1.5)
            sp.setPen(pen)
            sp.drawEllipse(centre, r + 2.5, r + 2.5)
        pen = cosmetic_pen(qcolor(color))
        pen.setWidthF(width)
        sp.setPen(pen)
        sp.drawEllipse(centre, r, r)
        sp.end()
        _RINGS[key] = stamp
    return stamp
