"""Label placement: greedy by priority, in screen pixels, with a grid of placed boxes.

Qt-free on purpose (tests check the placement without a display). The rules follow QGIS's
labeling engine in its simplest, fastest form:

* candidates are placed in order of priority (lower first: districts and major hazards before
  ordinary sites), ties in the order given, so a label never covers one of higher priority;
* a point label tries eight positions around its symbol (right, left, above, below, then the
  corners: the cartographic order QGIS calls "around point"); an area or line label is centred
  on its anchor and is dropped rather than moved off it;
* a label must lie inside the view and may not touch a blocked box (a selected feature, the
  map furniture) nor any label placed before it; a grid of cells `CELL` px wide holds the
  placed boxes, so a test costs the few boxes of the cells it meets.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (pixels, y down)
CELL = 64.0
GAP = 2.0  # px kept free between two labels
# (dx, dy) directions of the eight positions around a point, in the order they are tried
AROUND = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


@dataclass(frozen=True)
class Candidate:
    """A label that wants a place: `text` at anchor (x, y) px, its box w × h px (halo
    included). `kind` "point" labels sit beside a symbol of radius `offset` px; "area" and
    "line" labels are centred on the anchor."""

    key: str
    text: str
    priority: int
    x: float
    y: float
    w: float
    h: float
    kind: str = "point"
    offset: float = 0.0
    angle: float = 0.0  # degrees, for line labels drawn along their line (box stays upright)


@dataclass(frozen=True)
class Placed:
    key: str
    text: str
    priority: int
    box: Box
    kind: str
    angle: float = 0.0

    @property
    def center(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2


def boxes_overlap(a: Box, b: Box, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


class BoxGrid:
    """Placed boxes by grid cell: does a new box meet any of them?"""

    def __init__(self, cell: float = CELL):
        self.cell = cell
        self._cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, b: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for gx in range(math.floor(b[0] / c), math.floor(b[2] / c) + 1):
            for gy in range(math.floor(b[1] / c), math.floor(b[3] / c) + 1):
                yield gx, gy

    def hits(self, b: Box, gap: float = 0.0) -> bool:
        grown = (b[0] - gap, b[1] - gap, b[2] + gap, b[3] + gap)
        cells = self._cells
        return any(boxes_overlap(b, o, gap) for k in self._keys(grown) for o in cells.get(k, ()))

    def add(self, b: Box) -> None:
        for k in self._keys(b):
            self._cells[k].append(b)


def positions(c: Candidate) -> list[Box]:
    """The boxes a candidate may take, best first."""
    if c.kind != "point":
        return [(c.x - c.w / 2, c.y - c.h / 2, c.x + c.w / 2, c.y + c.h / 2)]
    out = []
    r = c.offset + 1.0
    for dx, dy in AROUND:
        cx = c.x + dx * (r + c.w / 2)
        cy = c.y + dy * (r + c.h / 2)
        out.append((cx - c.w / 2, cy - c.h / 2, cx + c.w / 2, cy + c.h / 2))
    return out


def place(
    candidates: Sequence[Candidate],
    width: float,
    height: float,
    blocked: Iterable[Box] = (),
    gap: float = GAP,
    limit: int | None = None,
) -> list[Placed]:
    """Greedy placement by priority (see the module docstring): what fits, in placing order.

    `limit` caps the number of labels placed (a view full of names reads as none); a key seen
    twice is placed once (a road in several pieces carries its name once a view).
    """
    grid = BoxGrid()
    block = BoxGrid()
    for b in blocked:
        block.add(b)
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].priority, i))
    out: list[Placed] = []
    seen: set[str] = set()
    for i in order:
        c = candidates[i]
        if c.key in seen or not c.text:
            continue
        for b in positions(c):
            if b[0] < 0 or b[1] < 0 or b[2] > width or b[3] > height:
                continue
            if block.hits(b) or grid.hits(b, gap):
                continue
            grid.add(b)
            seen.add(c.key)
            out.append(Placed(c.key, c.text, c.priority, b, c.kind, c.angle))
            break
        if limit is not None and len(out) >= limit:
            break
    return out
