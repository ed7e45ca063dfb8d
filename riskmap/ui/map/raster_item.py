"""The item that shows a picture rendered for a view (the layers', the labels', the marks'):
placed at its map rectangle, moved and scaled with the view until the next picture arrives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.ui.map.overlays import Z_LAYERS

if TYPE_CHECKING:
    from riskmap.ui.map.render import FrameSpec


class RasterItem(QtWidgets.QGraphicsItem):
    """The current frame, placed at its map rectangle (scaled and moved with the view).

    `sparse`: the image is mostly empty (labels, marks): it is kept as its non-empty tiles
    only, so a frame blends a few small tiles instead of a whole view of transparent pixels."""

    def __init__(self, sparse: bool = False) -> None:
        super().__init__()
        self.image: QtGui.QImage | None = None
        self.spec: FrameSpec | None = None
        self.sparse = sparse
        self.tiles: list[tuple[int, int, QtGui.QImage]] = []  # (x, y) px in the image
        self._rect = QtCore.QRectF()
        self.setZValue(Z_LAYERS)

    def set_frame(self, image: QtGui.QImage, spec: FrameSpec) -> None:
        self.prepareGeometryChange()
        self.image, self.spec = image, spec
        if self.sparse:
            self.tiles = _tiles(image, spec.dpr)
        x0, y0, x1, y1 = spec.rect
        self._rect = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        if self.image is None or self.spec is None:
            return
        x0, _, _, y1 = self.spec.rect
        res = self.spec.res
        t = p.transform()
        scale = abs(t.m11()) * res * self.spec.dpr  # device px per image px: 1 unless zooming
        if abs(scale - 1) < 1e-3 and t.m12() == 0 and t.m21() == 0 and t.m22() < 0:
            # panning: a plain blit at whole device pixels (a flipped or scaled draw goes
            # through Qt's transformed path, several times slower for a full-view image)
            corner = t.map(QtCore.QPointF(x0, y1))
            cx, cy = round(corner.x()), round(corner.y())
            p.resetTransform()
            if self.sparse:
                k = 1.0 / self.spec.dpr
                for tx, ty, tile in self.tiles:
                    p.drawImage(QtCore.QPointF(cx + tx * k, cy + ty * k), tile)
                return
            if self.image.devicePixelRatio() != self.spec.dpr:
                self.image.setDevicePixelRatio(self.spec.dpr)
            p.drawImage(QtCore.QPointF(cx, cy), self.image)
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, True)
        p.translate(x0, y1)
        p.scale(res, -res)  # image rows run down, map y runs up
        if self.sparse:
            for tx, ty, tile in self.tiles:
                w, h = tile.width(), tile.height()  # image px (device px of the frame)
                p.drawImage(QtCore.QRectF(tx, ty, w, h), tile)
            return
        p.drawImage(0, 0, self.image)


TILE = 128


def _tiles(image: QtGui.QImage, dpr: float) -> list[tuple[int, int, QtGui.QImage]]:
    """The non-empty TILE × TILE pieces of an ARGB32 image, each with its corner (image px)."""
    w, h = image.width(), image.height()
    if not w or not h:
        return []
    ptr = image.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8, count=image.sizeInBytes())
    alpha = arr.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4)[..., 3]
    ty, tx = -(-h // TILE), -(-w // TILE)
    pad = np.zeros((ty * TILE, tx * TILE), dtype=bool)
    pad[:h, :w] = alpha > 0
    used = pad.reshape(ty, TILE, tx, TILE).any(axis=(1, 3))
    out = []
    for j, i in zip(*np.nonzero(used), strict=True):
        x, y = int(i) * TILE, int(j) * TILE
        tile = image.copy(x, y, min(TILE, w - x), min(TILE, h - y))
        tile.setDevicePixelRatio(dpr)
        out.append((x, y, tile))
    return out
