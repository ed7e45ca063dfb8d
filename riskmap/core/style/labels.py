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


@dataclass(frozen=True)
class PlacedMark:
    """A drawn hazard mark: `index` the site it shows (the most urgent of those it stands for),
    `members` every site it counts (its badge says len(members) when more than one), `box` the
    room it takes (symbol, outer ring and badge)."""

    index: int
    members: tuple[int, ...]
    box: Box


def place_marks(
    xs: Sequence[float],
    ys: Sequence[float],
    radii: Sequence[float],
    urgency: Sequence[float],
    obstacles: Sequence[Box] = (),
    padding: float = 1.0,
) -> list[PlacedMark]:
    """Hazard marks that never overlap each other or an obstacle (a placed label).

    Marks are taken most urgent first (ties: the order given), each a square of half-side
    `radii[i]` (with room for the count badge) round its site. A mark whose square hits a
    placed mark is counted in the nearest one it hits: never drawn over another, and no site is
    lost from the counts. A mark under an obstacle (a county name placed first) is counted in
    the nearest placed mark within three of its sizes; with none there it steps just above or
    below the obstacle (at most twice its size, like a callout), and boxed in it is counted by
    the nearest mark: a major hazard is never dropped."""
    n = len(xs)
    if not n:
        return []
    order = sorted(range(n), key=lambda i: -urgency[i])
    cell = max(radii) * 4 + 2 * padding
    grid = _Grid(cell)
    for o in obstacles:
        grid.add(o)
    marks: dict[tuple[int, int], list[int]] = {}  # grid cell → placed marks there
    boxes: list[Box] = []
    reps: list[int] = []
    members: list[list[int]] = []

    def near(b: Box, reach: float) -> int | None:
        cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        best, best_d = None, math.inf
        if math.isinf(reach):
            found: Iterable[int] = range(len(boxes))
        else:
            i0, i1 = math.floor((b[0] - reach) / cell), math.floor((b[2] + reach) / cell)
            j0, j1 = math.floor((b[1] - reach) / cell), math.floor((b[3] + reach) / cell)
            found = {k for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)
                     for k in marks.get((i, j), ())}  # fmt: skip
        for k in found:
            o = boxes[k]
            if not overlaps(b, (o[0] - reach, o[1] - reach, o[2] + reach, o[3] + reach)):
                continue
            d = math.hypot((o[0] + o[2]) / 2 - cx, (o[1] + o[3]) / 2 - cy)
            if d < best_d or (d == best_d and best is not None and k < best):
                best, best_d = k, d
        return best

    def aside(b: Box, reach: float) -> Box | None:
        """`b` moved just above or below the obstacles it hits (the nearer first), if free
        and no further than `reach`."""
        hit = [o for o in obstacles if overlaps(b, o)]
        up = min(o[1] for o in hit) - b[3]
        down = max(o[3] for o in hit) - b[1]
        for dy in sorted((up, down), key=abs):
            if abs(dy) > reach:
                continue
            moved = (b[0], b[1] + dy, b[2], b[3] + dy)
            if not grid.hits(moved) and near(moved, 0.0) is None:
                return moved
        return None

    for i in order:
        r = radii[i] + padding
        b = (xs[i] - r, ys[i] - r, xs[i] + r, ys[i] + r)
        hit = near(b, 0.0)
        if hit is None and grid.hits(b):
            hit = near(b, 6 * radii[i])
            if hit is None:
                moved = aside(b, 4 * radii[i])
                if moved is None:
                    hit = near(b, math.inf)  # boxed in: counted by the nearest mark at all
                if hit is None:
                    b = moved or b
        if hit is not None:
            members[hit].append(i)
            continue
        k = len(boxes)
        boxes.append(b)
        reps.append(i)
        members.append([i])
        for key in grid._keys(b):
            marks.setdefault(key, []).append(k)
    return [
        PlacedMark(rep, tuple(m), (b[0] + padding, b[1] + padding, b[2] - padding, b[3] - padding))
        for rep, m, b in zip(reps, members, boxes, strict=True)
    ]
