"""Labels: what a feature's label says, how it ranks, and where it may go without covering a
more important label or a selected feature.

Placement follows QGIS's labeling engine in its simplest exact form: candidates are placed in
priority order, each at the first of its candidate positions whose box collides with nothing
already placed and no obstacle; a label that fits nowhere is left out (never drawn over
another). Point labels try the eight cartographic positions around the symbol, right first
(QGIS's "cartographic" order: right, left, above, below, then the diagonals); area and line
labels only their anchor. Boxes live in the renderer's own units (pixels, millimetres) with y
growing downwards. A uniform grid keeps the collision test near O(1) per candidate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskmap.core.catalog import NAME_FIELD, LayerSpec

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# A major hazard's label outranks any plain label of any layer, an overdue one outranks that.
MAJOR_BOOST = 200
OVERDUE_BOOST = 100
# Administrative names rank with the most important layers: a county name is how the room
# finds its way on the map.
COUNTY_PRIORITY = 250
TOWNSHIP_PRIORITY = 120


def label_text(spec: LayerSpec, name: str, attrs: Mapping[str, Any] | None = None) -> str | None:
    """The text of a feature's label: its name or the value of `[style.label] field`; None when
    the layer has no labels or the value is empty."""
    ls = spec.style.label
    if ls is None:
        return None
    if ls.field == NAME_FIELD:
        value: Any = name
    else:
        value = (attrs or {}).get(ls.field)
    text = "" if value is None else str(value).strip()
    return text or None


def label_priority(spec: LayerSpec, level: str | None = None, overdue: bool = False) -> float:
    """The rank of a feature's label: the layer's `[style.label] priority`, raised for an open
    major hazard and again for an overdue rectification."""
    ls = spec.style.label
    p = float(ls.priority if ls is not None else 0)
    if level == "major":
        p += MAJOR_BOOST
    if overdue:
        p += OVERDUE_BOOST
    return p


@dataclass(frozen=True)
class LabelCandidate:
    """A label to place: anchor (x, y), text box size (w, h), `priority` (higher first),
    `offset` gap from a point symbol (0 for area/line labels: centred on the anchor), `key`
    the caller's id."""

    key: Any
    text: str
    x: float
    y: float
    w: float
    h: float
    priority: float
    offset: float = 0.0


@dataclass(frozen=True)
class PlacedLabel:
    key: Any
    text: str
    box: Box
    position: int  # index into POSITIONS (0 for centred labels)


# (dx, dy) of the box's centre in multiples of (w/2 + offset, h/2 + offset), cartographic order.
POSITIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1e-6)
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, b: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(b[0] / c), math.floor(b[2] / c) + 1):
            for j in range(math.floor(b[1] / c), math.floor(b[3] / c) + 1):
                yield i, j

    def hits(self, b: Box) -> bool:
        return any(overlaps(b, o) for k in self._keys(b) for o in self.cells.get(k, ()))

    def add(self, b: Box) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)


def candidate_boxes(c: LabelCandidate) -> list[Box]:
    """The boxes `c` may take, in order of preference."""
    if c.offset <= 0:
        return [(c.x - c.w / 2, c.y - c.h / 2, c.x + c.w / 2, c.y + c.h / 2)]
    out = []
    for dx, dy in POSITIONS:
        cx = c.x + dx * (c.w / 2 + c.offset)
        cy = c.y + dy * (c.h / 2 + c.offset)
        out.append((cx - c.w / 2, cy - c.h / 2, cx + c.w / 2, cy + c.h / 2))
    return out


def place_labels(
    candidates: Sequence[LabelCandidate],
    obstacles: Iterable[Box] = (),
    bounds: Box | None = None,
    padding: float = 0.0,
) -> list[PlacedLabel]:
    """Place `candidates` highest priority first (ties: the order given); each takes its first
    free position or is dropped. `obstacles` (selected features, the legend, a previously
    placed label layer) are never covered; `bounds` keeps labels inside the frame; `padding`
    is the clear margin kept round every label (its halo)."""
    if not candidates:
        return []
    typical = sorted(c.w for c in candidates)[len(candidates) // 2]
    grid = _Grid(max(typical, max(c.h for c in candidates)) * 2)
    for o in obstacles:
        grid.add(o)
    placed: list[PlacedLabel] = []
    order = sorted(range(len(candidates)), key=lambda i: -candidates[i].priority)
    for i in order:
        c = candidates[i]
        for pos, box in enumerate(candidate_boxes(c)):
            padded = (box[0] - padding, box[1] - padding, box[2] + padding, box[3] + padding)
            if bounds is not None and not (
                bounds[0] <= box[0]
                and box[2] <= bounds[2]
                and bounds[1] <= box[1]
                and box[3] <= bounds[3]
            ):
                continue
            if grid.hits(padded):
                continue
            grid.add(padded)
            placed.append(PlacedLabel(c.key, c.text, box, pos))
            break
    return placed
