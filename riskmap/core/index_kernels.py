"""Numeric kernels of the spatial index: Hilbert keys, the boundary raster, exact batches split
over the cores, and the per-site tables behind nearest(). Private to riskmap.core.index."""

from __future__ import annotations

import itertools
import math
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import shapely

from riskmap.core.near_grid import Boundary, NearGrid, classify_band, region_boundary

GRID_CELLS = 512  # most cells of the boundary raster along the region's longer side
PARALLEL_MIN = 1500  # below this many exact tests a second thread costs more than it saves
CLASSIFY_PARALLEL_MIN = 8000  # the same for the compiled pass over the candidates

_CPUS = os.cpu_count() or 1
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            workers = max(1, _CPUS - 1)
            _pool = ThreadPoolExecutor(workers, thread_name_prefix="riskmap-index")
        return _pool


def hilbert_keys(
    x: np.ndarray, y: np.ndarray, extent: Sequence[float], bits: int = 12
) -> np.ndarray:
    """Hilbert curve distance of points (x, y) on a 2**bits grid over `extent` (NaN: last cell).

    12 bits put a cell at ~35 m over a 150 km city: finer adds build time, not locality.
    """
    n = 1 << bits
    x0, y0, x1, y1 = extent
    sx = (n - 1) / max(x1 - x0, 1e-9)
    sy = (n - 1) / max(y1 - y0, 1e-9)
    dt = np.uint32 if bits <= 16 else np.uint64
    xi = np.clip(np.nan_to_num((x - x0) * sx, nan=n - 1), 0, n - 1).astype(dt)
    yi = np.clip(np.nan_to_num((y - y0) * sy, nan=n - 1), 0, n - 1).astype(dt)
    d = np.zeros(len(xi), dtype=dt)
    # the curve's orientation below each level is one of the Klein four-group (swap the axes,
    # mirror both): two bit flags per point instead of rewriting the coordinates every level
    swap = np.zeros(len(xi), dtype=np.uint8)
    flip = np.zeros(len(xi), dtype=np.uint8)
    for level in range(bits - 1, -1, -1):
        bx = ((xi >> dt(level)) & dt(1)).astype(np.uint8)
        by = ((yi >> dt(level)) & dt(1)).astype(np.uint8)
        cross = (bx ^ by) & swap
        rx = bx ^ cross ^ flip
        ry = by ^ cross ^ flip
        d <<= dt(2)
        d |= ((rx * np.uint8(3)) ^ ry).astype(dt)
        turn = ry ^ np.uint8(1)
        swap ^= turn
        flip ^= turn & rx
    return d


def private_copy(geom: shapely.Geometry) -> shapely.Geometry:
    """A prepared copy nobody else holds (WKB keeps every coordinate bit for bit)."""
    g = shapely.from_wkb(shapely.to_wkb(geom))
    shapely.prepare(g)
    return g


def _intersects_batch(region: shapely.Geometry, geoms: np.ndarray) -> np.ndarray:
    return shapely.intersects(region, geoms)


def exact_intersects(prepared: shapely.Geometry, geoms: np.ndarray) -> np.ndarray:
    """shapely.intersects(prepared, geoms), split over the cores when the batch is big."""
    n = len(geoms)
    parts = min(_CPUS, n // PARALLEL_MIN)
    if parts < 2:
        return shapely.intersects(prepared, geoms)
    edges = np.linspace(0, n, parts + 1).astype(np.int64)
    pool = executor()
    futures = [
        pool.submit(_intersects_batch, private_copy(prepared), geoms[a:b])
        for a, b in itertools.pairwise(edges[1:])
    ]
    first = shapely.intersects(prepared, geoms[: edges[1]])
    return np.concatenate([first, *(f.result() for f in futures)])


def axis_rect(geom: shapely.Geometry) -> tuple[float, float, float, float] | None:
    """The bounds of `geom` when it is exactly an axis-aligned rectangle, else None."""
    if shapely.get_type_id(geom) != 3 or shapely.get_num_interior_rings(geom) != 0:
        return None
    xy = shapely.get_coordinates(geom)
    if len(xy) != 5:
        return None
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    if not (x0 < x1 and y0 < y1):
        return None
    on_x = (xy[:, 0] == x0) | (xy[:, 0] == x1)
    on_y = (xy[:, 1] == y0) | (xy[:, 1] == y1)
    step = np.diff(xy, axis=0) == 0
    # every edge moves along exactly one axis: rules out the bow-tie orders of the four corners
    if on_x.all() and on_y.all() and (step[:, 0] != step[:, 1]).all():
        return float(x0), float(y0), float(x1), float(y1)
    return None


@dataclass(frozen=True, eq=False)
class Raster:
    """The region's boundary on a grid over its bbox.

    `sums`: 2-D prefix sums of the cells holding a boundary vertex, shape (ny + 1, nx + 1).
    `label`: per cell (row-major) 1 inside, 0 outside, 2 unknown (near the boundary).
    """

    gx0: float
    gy0: float
    cell: float
    nx: int
    ny: int
    sums: np.ndarray
    label: np.ndarray
    boundary: Boundary | None  # for the compiled band test; None: GEOS decides the band


def raster(prepared: shapely.Geometry, rb: np.ndarray, n_cand: int, band: bool) -> Raster:
    """The region's boundary raster; with `band` (the nearest grid is built) also its segment
    tables, unless the region is invalid: a self-crossing ring's inside is GEOS's to say."""
    # finer cells narrow the band of exact tests, but the grid's own numpy passes cost
    # ~10 ns a cell: scale the grid with the candidates it has to sort out
    cells = int(min(max(math.sqrt(n_cand), 32), GRID_CELLS))
    span = max(rb[2] - rb[0], rb[3] - rb[1])
    cell = span / cells if span > 0 else 1.0
    nx = int((rb[2] - rb[0]) / cell) + 2
    ny = int((rb[3] - rb[1]) / cell) + 2
    # vertices no further apart than 0.99 cell: every boundary point is then in a cell within
    # one of a marked one, which the candidate test covers by widening each bbox by one cell
    ring = shapely.segmentize(shapely.boundary(prepared), cell * 0.99)
    xy = shapely.get_coordinates(ring)
    ix = np.clip(((xy[:, 0] - rb[0]) / cell).astype(np.int64), 0, nx - 1)
    iy = np.clip(((xy[:, 1] - rb[1]) / cell).astype(np.int64), 0, ny - 1)
    marked = np.zeros((ny + 2, nx + 2), dtype=bool)
    marked[iy + 1, ix + 1] = True
    sums = np.zeros((ny + 1, nx + 1), dtype=np.int32)
    np.cumsum(np.cumsum(marked[1:-1, 1:-1], axis=0, dtype=np.int32), axis=1, out=sums[1:, 1:])
    # cells one away from a marked one may hold boundary too; the rest of a row splits into
    # runs free of boundary, each wholly inside or outside: one point test per run
    near = marked[:, :-2] | marked[:, 1:-1] | marked[:, 2:]
    near = near[:-2] | near[1:-1] | near[2:]
    free = ~near
    start = free.copy()
    start[:, 1:] &= near[:, :-1]
    sy, sx = np.nonzero(start)
    label = np.full(nx * ny, 2, dtype=np.int8)
    if len(sx):
        inside = shapely.intersects_xy(
            prepared, rb[0] + (sx + 0.5) * cell, rb[1] + (sy + 0.5) * cell
        )
        run = np.cumsum(start.ravel()) - 1
        f = free.ravel()
        label[f] = inside[run[f]]
    boundary = region_boundary(prepared) if band and shapely.is_valid(prepared) else None
    return Raster(float(rb[0]), float(rb[1]), cell, nx, ny, sums, label, boundary)


def classify(
    prepared: shapely.Geometry,
    g: Raster,
    b: np.ndarray,
    is_point: np.ndarray,
    geoms: np.ndarray,
    cand: np.ndarray,
) -> np.ndarray:
    """Which candidates intersect the polygonal region: a mask over `cand` (positions in
    `geoms`), given the region's raster `g`, their bboxes `b` (rows minx, miny, maxx, maxy)
    and point flags. GEOS decides the band (classify_compiled: the compiled test)."""
    nx, ny = g.nx, g.ny
    # the same arithmetic as the marking, so a shared coordinate lands in the same cell
    # (truncation instead of floor only differs left of the grid, where all is clipped to 0)
    ix0 = ((b[0] - g.gx0) / g.cell).astype(np.int64)
    iy0 = ((b[1] - g.gy0) / g.cell).astype(np.int64)
    ix1 = ((b[2] - g.gx0) / g.cell).astype(np.int64)
    iy1 = ((b[3] - g.gy0) / g.cell).astype(np.int64)
    first = np.clip(iy0, 0, ny - 1) * nx + np.clip(ix0, 0, nx - 1)  # bbox's first grid cell
    w = nx + 1
    lo_x = np.clip(ix0 - 1, 0, nx - 1)
    hi_x = np.clip(ix1 + 2, 1, nx)
    row0 = np.clip(iy0 - 1, 0, ny - 1) * w
    row1 = np.clip(iy1 + 2, 1, ny) * w
    s = g.sums.ravel()
    touched = s[row1 + hi_x] - s[row0 + hi_x] - s[row1 + lo_x] + s[row0 + lo_x]
    # no boundary near the bbox: the geometry is wholly on the side of any cell of its bbox;
    # a point's bbox is the point, so that is the exact answer for points too
    label = g.label[first]
    label[touched > 0] = 2
    hit = label == 1
    hard = (touched > 0) & ~is_point
    ask = np.flatnonzero((label == 2) & ~hard)  # points near the boundary
    if len(ask):
        ba = b[:, ask]
        hit[ask] = shapely.intersects_xy(prepared, (ba[0] + ba[2]) * 0.5, (ba[1] + ba[3]) * 0.5)
    hard = np.flatnonzero(hard)
    if len(hard):
        hit[hard] = exact_intersects(prepared, geoms[cand[hard]])
    return hit


def classify_compiled(
    prepared: shapely.Geometry,
    g: Raster,
    boundary: Boundary,
    is_point: np.ndarray,
    geoms: np.ndarray,
    cand: np.ndarray,
    grid: NearGrid,
    bounds: np.ndarray,
) -> np.ndarray:
    """classify() in one compiled pass over the candidates, split over the cores: the raster's
    answer where it has one, else the exact band test over the nearest `grid`'s vertices
    (`is_point`, `bounds`: flags and (4, n) bboxes of every site, by static position); GEOS
    decides only what float64 cannot certify."""
    n = len(cand)
    if _CPUS < 2 or n < CLASSIFY_PARALLEL_MIN:
        got = classify_band(grid, boundary, g, cand, is_point, bounds)
    else:
        half = n // 2
        other = executor().submit(classify_band, grid, boundary, g, cand[half:], is_point, bounds)
        first = classify_band(grid, boundary, g, cand[:half], is_point, bounds)
        got = np.concatenate([first, other.result()])
    hit = got == 1
    ask = np.flatnonzero(got == 2)
    if len(ask):
        point = is_point[cand[ask]]
        pts = ask[point]
        if len(pts):
            b = bounds[:, cand[pts]]
            hit[pts] = shapely.intersects_xy(prepared, (b[0] + b[2]) * 0.5, (b[1] + b[3]) * 0.5)
        rest = ask[~point]
        if len(rest):
            hit[rest] = exact_intersects(prepared, geoms[cand[rest]])
    return hit


def bbox_distances(b: np.ndarray, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the distance from (x, y) to geometries with bboxes `b`.

    Lower: the distance to the bbox. Upper: MINMAXDIST (Roussopoulos et al. 1995) — each face of
    a geometry's own bbox holds a point of the geometry, so the nearest face's far end bounds it.
    """
    ax0 = np.abs(b[:, 0] - x)
    ax1 = np.abs(b[:, 2] - x)
    ay0 = np.abs(b[:, 1] - y)
    ay1 = np.abs(b[:, 3] - y)
    near_x = np.minimum(ax0, ax1)
    far_x = np.maximum(ax0, ax1)
    near_y = np.minimum(ay0, ay1)
    far_y = np.maximum(ay0, ay1)
    # inside the bbox span along an axis, that axis adds nothing to the lower bound
    dx = np.where((b[:, 0] <= x) & (x <= b[:, 2]), 0.0, near_x)
    dy = np.where((b[:, 1] <= y) & (y <= b[:, 3]), 0.0, near_y)
    near_x *= near_x
    near_y *= near_y
    far_x *= far_x
    far_y *= far_y
    lower = np.sqrt(dx * dx + dy * dy)
    upper = np.sqrt(np.minimum(near_x + far_y, near_y + far_x))
    return lower, upper


def bbox_hits(bounds: np.ndarray, box: np.ndarray) -> np.ndarray:
    return (
        (bounds[:, 0] <= box[2])
        & (bounds[:, 2] >= box[0])
        & (bounds[:, 1] <= box[3])
        & (bounds[:, 3] >= box[1])
    )


def gather(static: np.ndarray, delta: np.ndarray, sel: np.ndarray) -> np.ndarray:
    """Values for static positions (>= 0) and delta rows (encoded as -1 - row)."""
    if delta.size == 0:
        return static[sel]
    out = np.empty(len(sel), dtype=static.dtype)
    mine = sel >= 0
    out[mine] = static[sel[mine]]
    out[~mine] = delta[-1 - sel[~mine]]
    return out


def lut_take(lut: np.ndarray, layers: np.ndarray) -> np.ndarray:
    inside = (layers >= 0) & (layers < len(lut))
    return np.where(inside, lut[np.clip(layers, 0, len(lut) - 1)], False)
