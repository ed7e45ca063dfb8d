"""The map's labels: districts, sites, roads and rivers, placed without collisions.

What is labelled, at which scales and how important it is comes from the layer files through
the style engine (`[style.scale] labels`, `[style.label]`: `riskmap.core.style.label_text`,
`label_priority`, `shows_labels`); district names rank above every site but a major hazard
(COUNTY_PRIORITY, TOWNSHIP_PRIORITY). Placement is the engine's (`place_labels`): highest
priority first, eight positions round a point, centred on an area or along a line, never over a
placed label, a selected or highlighted site, or the scale bar and north arrow.

Two passes, with the hazard marks between them (marks.py): the county names and the names
that outrank them (overdue major hazards) first; then the marks, clear of those; then every
other name, clear of the marks. Where marks crowd a county's centre its name stays where it
belongs and no mark is under it or over another.

The labels of a view are placed once the view rests (debounced) and painted, with their halos,
into one image the size of the view; while the user pans or zooms that image moves and scales
with the map like the layers' (raster_item.RasterItem), so a pan frame costs a blit whatever the
number of labels.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from PySide6 import QtCore, QtGui

from riskmap.core.catalog import NAME_FIELD
from riskmap.core.style import (
    COUNTY_PRIORITY,
    TOWNSHIP_PRIORITY,
    LabelCandidate,
    PlacedLabel,
    label_priority,
    label_text,
    parse_color,
    place_labels,
    shows_labels,
)
from riskmap.ui.map.aggregate import denominator
from riskmap.ui.map.layers import qcolor
from riskmap.ui.map.overlays import INK, Z_LABELS, map_font
from riskmap.ui.map.raster_item import RasterItem
from riskmap.ui.map.render import FMT, FrameSpec

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

DEBOUNCE_MS = 60
TOWNSHIP_LABELS_FROM = 250_000  # 1:N: township names from this scale in
SITES_MAX = 3000  # candidates of one layer in a view (more: a view no one reads names in)
PADDING = 2.0  # px kept clear round a label (its halo)
FURNITURE = ((0, -46, 200, 0), (-70, 0, 0, 70))  # scale bar (bottom-left), north arrow (top-right)
DISTRICT_STYLE = {"county": (12.0, True, "#263238"), "township": (9.0, False, "#455a64")}


class MapLabels(QtCore.QObject):
    """The labels of a MapCanvas (`placed`: what the last placement put where, in view px)."""

    def __init__(self, canvas: MapCanvas, lang: str = "zh"):
        super().__init__(canvas)
        self.canvas = canvas
        self.lang = lang
        self.visible = True  # the district names (the basemap's switch)
        self.sites_visible = True
        self.item = RasterItem(sparse=True)
        self.item.setZValue(Z_LABELS)
        canvas.vb.addItem(self.item, ignoreBounds=True)
        self.placed: list[PlacedLabel] = []
        self.k = 1.0  # text sizes times the desktop's (the wall, read from afar)
        self.candidates = 0
        self._symbols: list[tuple[float, float, float, float]] = []  # point symbols in view
        self._names: dict[int, str] = {}
        self._fonts: dict[tuple[float, bool], QtGui.QFont] = {}
        self._districts = self._district_anchors()
        self.timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

    # -- the canvas's calls ---------------------------------------------------------------

    def view_changed(self, px: float) -> None:
        self.timer.start(0 if not self.placed and not self.candidates else DEBOUNCE_MS)

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self.refresh()

    def set_size(self, k: float) -> None:
        """Names `k` times their desktop size."""
        self.k = max(1.0, float(k))
        self.refresh()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._districts = self._district_anchors()
        self.refresh()

    def remove(self) -> None:
        self.timer.stop()
        self.canvas.vb.removeItem(self.item)

    def idle(self) -> bool:
        return not self.timer.isActive()

    # -- placing --------------------------------------------------------------------------

    def _district_anchors(self) -> list[tuple[str, str, float, float]]:
        zh = self.lang.startswith("zh")
        out = []
        for d in self.canvas.ws.districts:
            if d.level not in DISTRICT_STYLE or d.geom is None or d.geom.is_empty:
                continue
            pt = shapely.point_on_surface(d.geom)
            out.append((d.level, d.name if zh or not d.name_en else d.name_en, pt.x, pt.y))
        return out

    def _font(self, size: float, bold: bool = False) -> QtGui.QFont:
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = map_font(size, bold)
        return self._fonts[key]

    def refresh(self) -> None:
        """Place the labels of the current view and paint them."""
        c = self.canvas
        vp = c.view.viewport()
        if vp.width() < 2 or vp.height() < 2:
            return
        r = c.view_rect()
        dpr = float(vp.devicePixelRatioF())
        w, h = vp.width(), vp.height()
        spec = FrameSpec((r.left(), r.top(), r.right(), r.bottom()), round(w * dpr),
                         round(h * dpr), dpr)  # fmt: skip
        res = r.width() / w  # map metres per logical px
        self._symbols: list[tuple[float, float, float, float]] = []
        cands, looks = self._candidates(r, res, w, h)
        self.candidates = len(cands)
        furniture = self._obstacles(r, res, w, h)
        obstacles = [*furniture, *self._symbols]  # no name over a symbol
        first = [x for x in cands if x.priority >= COUNTY_PRIORITY]
        pad = PADDING * self.k
        placed = place_labels(first, obstacles, (0, 0, w, h), pad)
        kept = [(x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in
                (lab.box for lab in placed)]  # fmt: skip
        c.marks.refresh([*furniture, *kept])
        rest = [x for x in cands if x.priority < COUNTY_PRIORITY]
        placed += place_labels(rest, [*obstacles, *kept, *c.marks.boxes], (0, 0, w, h), pad)
        self.placed = placed
        img = QtGui.QImage(spec.width, spec.height, FMT)
        img.fill(0)
        img.setDevicePixelRatio(1.0)
        p = QtGui.QPainter(img)
        p.scale(dpr, dpr)
        for lab in self.placed:
            font, ink, halo, angle = looks[lab.key]
            x0, y0, x1, y1 = lab.box
            draw_label(p, (x0 + x1) / 2, (y0 + y1) / 2, lab.text, font, ink, halo, angle,
                       3.0 * self.k)  # fmt: skip
        p.end()
        self.item.set_frame(img, spec)

    def _candidates(
        self, r: QtCore.QRectF, res: float, w: int, h: int
    ) -> tuple[list[LabelCandidate], dict[Any, tuple[QtGui.QFont, QtGui.QColor, Any, float]]]:
        c = self.canvas
        den = denominator(res)
        cands: list[LabelCandidate] = []
        looks: dict[Any, tuple[QtGui.QFont, QtGui.QColor, Any, float]] = {}
        x0, top = r.left(), r.bottom()

        def px(x: float, y: float) -> tuple[float, float]:
            return (x - x0) / res, (top - y) / res

        if self.visible:
            for i, (level, name, x, y) in enumerate(self._districts):
                if level == "township" and den > TOWNSHIP_LABELS_FROM:
                    continue
                size, bold, ink = DISTRICT_STYLE[level]
                font = self._font(size * self.k, bold)
                bw, bh = _text_size(font, name)
                sx, sy = px(x, y)
                key = ("d", i)
                prio = COUNTY_PRIORITY if level == "county" else TOWNSHIP_PRIORITY
                cands.append(LabelCandidate(key, name, sx, sy, bw, bh, prio))
                looks[key] = (font, QtGui.QColor(ink), QtGui.QColor(255, 255, 255, 220), 0.0)
        if self.sites_visible:
            for key in c.visible_layers():
                spec = c.ws.catalog[key]
                if not shows_labels(spec, den) or not c.layer_drawn(key):
                    continue
                self._site_candidates(spec, r, res, px, cands, looks)
        return cands, looks

    def _site_candidates(self, spec: Any, r: QtCore.QRectF, res: float, px: Any,
                         cands: list[LabelCandidate], looks: dict) -> None:  # fmt: skip
        c = self.canvas
        ids, geoms = c.sites_in_view(spec.key, SITES_MAX)
        if not len(ids):
            return
        ls = spec.style.label
        font = self._font(ls.size * self.k)
        ink = qcolor(parse_color(ls.color))
        halo = qcolor(parse_color(ls.halo)) if ls.halo else None
        texts = self._texts(spec, ids)
        marks = c.risk_marks(ids)
        view = shapely.box(r.left(), r.top(), r.right(), r.bottom())
        lines: dict[str, tuple[float, LabelCandidate, float]] = {}  # name → its longest piece
        for sid, g in zip(ids.tolist(), geoms, strict=True):
            text = texts.get(sid)
            if not text:
                continue
            level, overdue = marks.get(sid, (None, False))
            prio = label_priority(spec, level, overdue)
            tw, th = _text_size(font, text)
            key = ("s", sid)
            tid = shapely.get_type_id(g)
            if tid in (1, 2, 5):  # lines: along their longest piece in view, at its middle
                piece = _longest(shapely.intersection(g, view))
                length = piece.length / res if piece is not None else 0.0
                if length < 1.2 * tw:
                    continue  # a name longer than its road in view reads as another's
                got = lines.get(text)
                if got is not None and got[0] >= length:
                    continue  # a road in several pieces carries its name once a view
                mid = piece.interpolate(0.5, normalized=True)
                ahead = piece.interpolate(min(piece.project(mid) + 2 * res, piece.length))
                behind = piece.interpolate(max(piece.project(mid) - 2 * res, 0.0))
                angle = -math.degrees(math.atan2(ahead.y - behind.y, ahead.x - behind.x))
                angle = (angle + 90) % 180 - 90  # never upside down
                a = math.radians(angle)
                bw = abs(tw * math.cos(a)) + abs(th * math.sin(a))
                bh = abs(tw * math.sin(a)) + abs(th * math.cos(a))
                sx, sy = px(mid.x, mid.y)
                lines[text] = (length, LabelCandidate(key, text, sx, sy, bw, bh, prio), angle)
                continue
            if tid in (3, 6):  # areas: centred inside
                pt, offset = shapely.point_on_surface(g), 0.0
            else:  # points: beside the symbol
                pt = g if tid == 0 else shapely.get_point(g, 0)
                offset = (spec.style.size / 2 + 2.0) * self.k
            sx, sy = px(pt.x, pt.y)
            if offset:
                half = spec.style.size / 2 * self.k
                self._symbols.append((sx - half, sy - half, sx + half, sy + half))
            cands.append(LabelCandidate(key, text, sx, sy, tw, th, prio, offset))
            looks[key] = (font, ink, halo, 0.0)
        for _length, cand, angle in lines.values():
            cands.append(cand)
            looks[cand.key] = (font, ink, halo, angle)

    def _texts(self, spec: Any, ids: np.ndarray) -> dict[int, str]:
        ls = spec.style.label
        wanted = ids.tolist()
        if ls.field == NAME_FIELD:
            missing = [s for s in wanted if s not in self._names]
            if missing:
                names = self.canvas.site_names(missing)
                self._names.update({s: n for s, (_k, n) in names.items()})
            out = {}
            for s in wanted:
                text = label_text(spec, self._names.get(s, ""))
                if text:
                    out[s] = text
            return out
        from riskmap.core.database import attr_values

        out = {}
        for chunk_ids, values in attr_values(self.canvas.ws.store, spec.key, ls.field, wanted):
            for s, v in zip(chunk_ids.tolist(), values, strict=True):
                text = label_text(spec, "", {ls.field: v})
                if text:
                    out[int(s)] = text
        return out

    def _obstacles(self, r: QtCore.QRectF, res: float, w: int, h: int) -> list[tuple]:
        """Selected and highlighted sites, and the scale bar and north arrow."""
        c = self.canvas
        out: list[tuple] = []
        k = c._furniture.k
        for fx0, fy0, fx1, fy1 in FURNITURE:
            x0 = fx0 * k if fx0 >= 0 else w + fx0 * k
            x1 = fx1 * k if fx0 >= 0 else w
            y0 = h + fy0 * k if fy0 < 0 else 0
            y1 = h if fy0 < 0 else fy1 * k
            out.append((x0, y0, x1, y1))
        lb = c._furniture.legend_box
        if not lb.isEmpty():
            out.append((lb.left(), lb.top(), lb.right(), lb.bottom()))
        ids = list(dict.fromkeys([*c.selected_sites, *c.highlighted()]))
        if ids:
            geoms = c.ws.geometries(ids[:2000])
            for g in geoms.values():
                bx0, by0, bx1, by1 = shapely.bounds(g)
                pad = 12.0  # the selection ring round a point symbol
                sx0, sy0 = (bx0 - r.left()) / res, (r.bottom() - by1) / res
                sx1, sy1 = (bx1 - r.left()) / res, (r.bottom() - by0) / res
                out.append((sx0 - pad, sy0 - pad, sx1 + pad, sy1 + pad))
        return out


def _longest(g: shapely.Geometry) -> shapely.LineString | None:
    if g is None or g.is_empty:
        return None
    parts = [p for p in shapely.get_parts(g) if shapely.get_type_id(p) in (1, 2)]
    return max(parts, key=lambda p: p.length) if parts else None


_SIZES: dict[tuple[str, str], tuple[float, float]] = {}


def _text_size(font: QtGui.QFont, text: str) -> tuple[float, float]:
    key = (font.key(), text)
    got = _SIZES.get(key)
    if got is None:
        fm = QtGui.QFontMetricsF(font)
        got = (fm.horizontalAdvance(text) + 4.0, fm.height() + 2.0)
        if len(_SIZES) > 50_000:
            _SIZES.clear()
        _SIZES[key] = got
    return got


def draw_label(
    p: QtGui.QPainter,
    x: float,
    y: float,
    text: str,
    font: QtGui.QFont,
    ink: QtGui.QColor = INK,
    halo: QtGui.QColor | None = None,
    angle: float = 0.0,
    halo_width: float = 3.0,
) -> None:
    """Text centred on (x, y) px, turned by `angle` degrees, over a halo (QGIS's buffer)."""
    fm = QtGui.QFontMetricsF(font)
    path = QtGui.QPainterPath()
    tw = fm.horizontalAdvance(text)
    path.addText(-tw / 2, fm.ascent() / 2 - fm.descent() / 2, font, text)
    p.save()
    p.translate(x, y)
    if angle:
        p.rotate(angle)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    if halo is not None:
        pen = QtGui.QPen(halo)
        pen.setWidthF(halo_width)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        p.strokePath(path, pen)
    p.fillPath(path, ink)
    p.restore()
