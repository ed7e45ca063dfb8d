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

from riskmap.core.style import (
    PlacedMark,
    feature_style,
    level_color,
    parse_color,
    place_marks,
    shows_aggregate,
)
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
        self.k = 1.0  # sizes times the desktop's (the wall, read from afar)
        self.font = map_font(7.5, bold=True)
        self.placed: list[PlacedMark] = []  # the urgent marks of the last paint
        self.boxes: list[tuple[float, float, float, float]] = []  # theirs, in view px
        self._looks: dict[tuple, Any] = {}  # pre-painted stamps per layer, level and overdue

    def set_data(self, data: RiskData) -> None:
        """New counts and marks; painted with the next placement of the labels."""
        self.data = data

    def update(self) -> None:
        """Layers shown or hidden: placed and painted again with the labels, soon."""
        self.canvas.labels.view_changed(self.canvas.pixel_size())

    def set_size(self, k: float) -> None:
        """Marks and badges `k` times their desktop size."""
        self.k = max(1.0, float(k))
        self.font = map_font(7.5 * self.k, bold=True)
        self._looks.clear()
        self.update()

    def refresh(self, obstacles: list[tuple[float, float, float, float]] | None = None) -> None:
        """Place and paint the marks of the view, clear of `obstacles` (view px: the labels
        placed first, the map's furniture). Called by the labels (labels.py)."""
        d = self.data
        c = self.canvas
        vp = c.view.viewport()
        self.placed, self.boxes = [], []
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
        top = y0 + h * res
        ox, oy = (r.left() - x0) / res, (top - r.bottom()) / res  # the view's corner in the frame
        self._taken: list[tuple[float, float, float, float]] = []
        self._obstacles = [(a + ox, b + oy, e + ox, f + oy) for a, b, e, f in obstacles or ()]
        self._paint(p, d, (x0, top, res), w, h, denominator(c.pixel_size()))
        p.end()
        self.item.set_frame(img, spec)
        boxes = self._taken[len(self._obstacles) :]  # the urgent marks' and the bubbles'
        self.boxes = [(a - ox, b - oy, e - ox, f - oy) for a, b, e, f in boxes]

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
        urgent = on & aggregated[d.layer] & (d.major | d.overdue) if len(d.layer) else on
        n = self._urgent(p, d, specs, np.flatnonzero(urgent), px)
        n += self._clusters(p, frame, w, h, den)  # clear of the urgent marks
        self.drawn_symbols = n

    def _rings(self, p: QtGui.QPainter, d: RiskData, specs: list[LayerSpec], idx: np.ndarray,
               px: np.ndarray) -> int:  # fmt: skip
        """Rings round drawn symbols; one per cell where they crowd (the most urgent)."""
        if not len(idx):
            return 0
        score = d.major[idx].astype(int) + 2 * d.overdue[idx]
        idx = idx[np.argsort(-score, kind="stable")]
        first, _count, _ = merge_cells(px[idx], MARK_CELL_PX * self.k / 2)
        reps = idx[first][::-1]  # the most urgent last: on top
        for i in reps.tolist():
            stamp = self._ring(specs[d.layer[i]], bool(d.major[i]), bool(d.overdue[i]))
            half = stamp.width() / 2
            p.drawImage(QtCore.QPointF(px[i, 0] - half, px[i, 1] - half), stamp)
        return len(reps)

    def _urgent(self, p: QtGui.QPainter, d: RiskData, specs: list[LayerSpec], idx: np.ndarray,
                px: np.ndarray) -> int:  # fmt: skip
        """The major and overdue sites of aggregated layers, placed without overlap (counted
        where they crowd: `place_marks`)."""
        self.placed = []
        if not len(idx):
            return 0
        score = d.major.astype(int) + 2 * d.overdue
        idx = idx[np.argsort(-score[idx], kind="stable")]  # the most urgent first in each cell
        # Sites sharing a cell as wide as the smallest mark would overlap whatever happens:
        # merged here in one vectorised pass, so the placement below takes at most one site per
        # cell of the view, whatever the city's size (a 10^6-site city: thousands, not 10^5).
        side = 2 * _room((9.0 + 2.0) * self.k, None)
        first, count, inverse = merge_cells(px[idx], side)
        cells = np.split(np.argsort(inverse, kind="stable"), np.cumsum(count)[:-1])
        reps = idx[first]
        looks = [self._symbol(specs[d.layer[i]], bool(d.major[i]), bool(d.overdue[i]))
                 for i in reps.tolist()]  # fmt: skip
        radii = [_room(size, outer) for size, outer, _stamp in looks]
        placed = place_marks(px[reps, 0].tolist(), px[reps, 1].tolist(), radii,
                             score[reps].tolist(), self._obstacles)  # fmt: skip
        # index and members: positions among the urgent sites of the view, most urgent first
        self.placed = [
            PlacedMark(
                int(first[m.index]),
                tuple(np.concatenate([cells[j] for j in m.members]).tolist()),
                m.box,
            )
            for m in placed
        ]  # fmt: skip
        # the most urgent painted last, on top (none overlaps another: for the antialiased edge)
        for m, mark in sorted(zip(placed, self.placed, strict=True),
                              key=lambda t: int(score[reps[t[0].index]])):  # fmt: skip
            size, outer, stamp = looks[m.index]
            x0, y0, x1, y1 = m.box
            x, y = (x0 + x1) / 2, (y0 + y1) / 2  # the site, or just beside a name it gives way to
            if outer is not None:
                half = outer.width() / 2
                p.drawImage(QtCore.QPointF(x - half, y - half), outer)
            half = stamp.width() / 2
            p.drawImage(QtCore.QPointF(x - half, y - half), stamp)
            if len(mark.members) > 1:
                self._badge(p, x + size * 0.45, y - size * 0.45, len(mark.members))
        return len(self.placed)

    def _clusters(self, p: QtGui.QPainter, frame: tuple[float, float, float], w: int, h: int,
                  den: float) -> int:  # fmt: skip
        """A cluster layer's sites counted per cell: one bubble, its area by the count, placed
        clear of the names, the urgent marks and the other layers' bubbles (`place_marks`:
        bubbles that would touch merge, their counts added)."""
        d = self.data
        assert d is not None
        left, top, res = frame
        k = self.k
        n = 0
        taken = [*self._obstacles, *(m.box for m in self.placed)]
        for key, xy in d.clusters.items():
            spec = self.canvas.ws.catalog[key]
            if not self.canvas.layer_visible(key) or not shows_aggregate(spec, den):
                continue
            px = np.column_stack([(xy[:, 0] - left) / res, (top - xy[:, 1]) / res])
            px = px[(px[:, 0] >= 0) & (px[:, 0] <= w) & (px[:, 1] >= 0) & (px[:, 1] <= h)]
            first, count, inverse = merge_cells(px, CLUSTER_CELL_PX * k)
            if not len(first):
                continue
            cx = np.bincount(inverse, px[:, 0]) / count  # at the mean of its sites
            cy = np.bincount(inverse, px[:, 1]) / count
            radii = ((6.0 + 2.0 * np.sqrt(count)) * k).tolist()
            bubbles = place_marks(cx.tolist(), cy.tolist(), radii, count.tolist(), taken)
            fill = qcolor(feature_style(spec, geometry="point").fill or parse_color("#888888"))
            fill.setAlpha(170)  # resources and the like: context, quieter than the hazards
            pen = cosmetic_pen(WHITE)
            pen.setWidthF(1.5 * k)
            p.setFont(self.font)
            for b in bubbles:
                x0, y0, x1, y1 = b.box
                x, y, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
                total = int(count[list(b.members)].sum())
                p.setPen(pen)
                p.setBrush(fill)
                p.drawEllipse(QtCore.QPointF(x, y), r, r)
                p.setPen(WHITE)
                p.drawText(QtCore.QRectF(x - 30 * k, y - 10 * k, 60 * k, 20 * k),
                           QtCore.Qt.AlignmentFlag.AlignCenter, str(total))  # fmt: skip
            taken += [b.box for b in bubbles]
            n += len(bubbles)
        self._taken = taken
        return n

    def _ring(self, spec: LayerSpec, major: bool, overdue: bool) -> QtGui.QImage:
        key = ("ring", spec.key, major, overdue)
        if key not in self._looks:
            color = level_color(spec.style, "major" if major else "general")
            r = (spec.style.size / 2 + 4.0) * self.k
            self._looks[key] = ring_stamp(r, color, overdue, 2.0 * self.k)
        return self._looks[key]

    def _symbol(
        self, spec: LayerSpec, major: bool, overdue: bool
    ) -> tuple[float, QtGui.QImage | None, QtGui.QImage]:
        """(size, the overdue ring or None, the symbol filled in its level's colour)."""
        key = ("symbol", spec.key, major, overdue)
        if key not in self._looks:
            level = "major" if major else "general"
            fs = feature_style(spec, level=level, overdue=overdue, geometry="point")
            size = (max(spec.style.size, 9.0) + 2.0) * self.k
            outer = (
                ring_stamp(size * 0.75, parse_color(OVERDUE_COLOR), False, 2.0 * self.k)
                if overdue
                else None
            )
            fill = qcolor(level_color(spec.style, level))
            self._looks[key] = (size, outer, symbol_stamp(fs.symbol, size, fill, WHITE))
        return self._looks[key]

    def _badge(self, p: QtGui.QPainter, x: float, y: float, k: int) -> None:
        text = str(k)
        k = self.k
        fm = QtGui.QFontMetricsF(self.font)
        bw = max(fm.horizontalAdvance(text) + 6 * k, 14.0 * k)
        box = QtCore.QRectF(x - bw / 2, y - 7 * k, bw, 14 * k)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(38, 50, 56, 230))
        p.drawRoundedRect(box, 7 * k, 7 * k)
        p.setFont(self.font)
        p.setPen(WHITE)
        p.drawText(box, QtCore.Qt.AlignmentFlag.AlignCenter, text)


def _room(size: float, outer: QtGui.QImage | None) -> float:
    """Half the side of the square a mark takes: its symbol, its overdue ring and a badge of up
    to three digits (up and right of it)."""
    ring = outer.width() / outer.devicePixelRatio() / 2 if outer is not None else size / 2
    return max(ring, size * 0.45 + size * 0.8)


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
