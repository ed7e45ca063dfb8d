"""Exact k-nearest sites over a uniform grid of segments, compiled with numba.

Why a grid of segments: the distance from a point to a road is the distance to its nearest
segment, and a grid cell holds the few segments whose bbox touches it. Searching rings of
cells outwards from the query point, the first k sites found within the distance the rings
already cover are the answer; in a city of 10^6 sites that is a few hundred segment distances,
a few microseconds compiled. The STRtree + per-site lower bounds path it replaces spent its
~250 µs in numpy call overheads and GEOS distance calls, not in arithmetic
(bench/README.md).

Exactness: the point-to-segment distance is GEOS's own formula on the same float64 vertices
(absolute coordinates, not shifted), so the distances agree with `shapely.distance` to the last
bits. A polygon holding the point is at distance 0 (even-odd test over all its rings).

numba is imported only when the grid is built (on a worker thread after loading): the window
starts without it. Kernels are cached on disk (`cache=True`), so only the first run after an
install compiles (~2 s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

SEGMENTS_PER_CELL = 4.0  # mean segments registered per non-empty cell the grid is sized for
MAX_CELLS = 1 << 24  # 16 M cells: the grid's offsets stay below 130 MB whatever the extent
FINE_RINGS = 12  # rings of the fine grid searched before the coarse grid takes over
COARSE = 16  # the coarse grid's cell, in fine cells


@dataclass(frozen=True, eq=False)
class _Level:
    """One grid: per cell, the segments (first vertex index) whose bbox touches it."""

    cell_start: np.ndarray  # (nx * ny + 1,) int64
    cell_seg: np.ndarray  # int32 vertex index: the segment (i, i + 1), or the point i
    ox: float
    oy: float
    cell: float
    nx: int
    ny: int


@dataclass(frozen=True, eq=False)
class NearGrid:
    """Vertices by site (static tree order), a fine grid of segments and a coarse one.

    The fine grid answers a query in a few rings; a point far from every site (outside the
    city) would walk hundreds of empty fine rings, so past FINE_RINGS the coarse grid, COARSE
    times wider, takes over from where the fine one stopped.
    """

    xy: np.ndarray  # (v, 2) float64, absolute metric coordinates
    cont: np.ndarray  # (v,) bool: vertex i and i + 1 form a segment
    vsite: np.ndarray  # (v,) int32: static position of the vertex's site
    fine: _Level
    coarse: _Level
    poly_start: np.ndarray  # (fine nx * ny + 1,) int64
    poly_site: np.ndarray  # int32 static positions of polygons whose bbox touches the cell
    site_v0: np.ndarray  # (n,) int64: site p's vertices are site_v0[p] … site_v1[p] - 1
    site_v1: np.ndarray
    # (n,) int8: 0 lines and points, 1 polygonal, 2 other (collections: their parts' vertices
    # need not be contiguous, so the region band leaves them to GEOS)
    site_kind: np.ndarray


def _kernels() -> Any:
    """The compiled functions (numba imported here, not at module import)."""
    global _K
    if _K is None:
        from riskmap.core import near_grid_jit

        _K = near_grid_jit
    return _K


_K: Any = None


def _linework(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vertices, their site, segment continues to the next vertex), each site's contiguous.

    Single lines and points (nearly every site) are read in one pass; only multi-part lines
    and collections are split into parts, which copies them.
    """
    kinds = shapely.get_type_id(geoms)
    lines = geoms.copy()
    polygonal = (kinds == 3) | (kinds == 6)
    if polygonal.any():
        lines[polygonal] = shapely.boundary(geoms[polygonal])
    owner = np.arange(len(geoms))
    xy_parts, site_parts, cont_parts = [], [], []
    for _ in range(4):  # collections of collections: a few levels at most
        lk = shapely.get_type_id(lines)
        simple = (lk == 1) | (lk == 2)
        pointish = (lk == 0) | (lk == 4)
        for mask, joined in ((simple, True), (pointish, False)):
            rows = np.flatnonzero(mask)
            if len(rows) == 0:
                continue
            xy, vrow = shapely.get_coordinates(lines[rows], return_index=True)
            cont = np.zeros(len(xy), bool)
            if joined and len(xy) > 1:
                cont[:-1] = vrow[1:] == vrow[:-1]
            xy_parts.append(xy)
            site_parts.append(owner[rows][vrow])
            cont_parts.append(cont)
        rest = np.flatnonzero(~(simple | pointish) & (lk >= 0))
        if len(rest) == 0:
            break
        parts, prow = shapely.get_parts(lines[rest], return_index=True)
        pk = shapely.get_type_id(parts)
        poly_parts = (pk == 3) | (pk == 6)
        if poly_parts.any():
            parts[poly_parts] = shapely.boundary(parts[poly_parts])
        lines, owner = parts, owner[rest][prow]
    if not xy_parts:
        return np.zeros((0, 2)), np.zeros(0, np.int32), np.zeros(0, bool)
    return (
        np.concatenate(xy_parts),
        np.concatenate(site_parts).astype(np.int32),
        np.concatenate(cont_parts),
    )


def _level(
    k: Any, xy: np.ndarray, cont: np.ndarray, seg: np.ndarray, box: tuple, cell: float
) -> _Level:
    ox, oy, w, h = box
    nx = int(w // cell) + 1
    ny = int(h // cell) + 1
    start, cells = k.register_segments(xy, cont, seg, ox, oy, cell, nx, ny)
    return _Level(start, cells, ox, oy, cell, nx, ny)


def build_near_grid(geoms: np.ndarray, extent: tuple[float, float, float, float]) -> NearGrid:
    """The grids for `geoms` (static tree order)."""
    k = _kernels()
    n = len(geoms)
    xy, vsite, cont = _linework(geoms)
    if len(xy) == 0 or math.isnan(extent[0]):
        box = (0.0, 0.0, 1.0, 1.0)
    else:
        ox, oy = float(xy[:, 0].min()), float(xy[:, 1].min())
        box = (
            ox,
            oy,
            max(float(xy[:, 0].max()) - ox, 1.0),
            max(float(xy[:, 1].max()) - oy, 1.0),
        )
    # each segment's own vertex stands for it; isolated points (no segment) count once
    seg = np.flatnonzero(cont | ~np.concatenate([[False], cont[:-1]])).astype(np.int64)
    area = box[2] * box[3]
    cell = math.sqrt(area * SEGMENTS_PER_CELL / max(len(seg), 1))
    cell = max(cell, math.sqrt(area / MAX_CELLS), 1e-3)
    fine = _level(k, xy, cont, seg, box, cell)
    coarse = _level(k, xy, cont, seg, box, cell * COARSE)
    # polygons: their bbox cells (for the point-in-polygon test) and their vertex run
    kinds = shapely.get_type_id(geoms)
    poly = np.flatnonzero((kinds == 3) | (kinds == 6)).astype(np.int64)
    pb = shapely.bounds(geoms[poly]) if len(poly) else np.zeros((0, 4))
    poly_start, poly_site = k.register_boxes(pb, poly, fine.ox, fine.oy, cell, fine.nx, fine.ny)
    v0 = np.zeros(n, np.int64)
    v1 = np.zeros(n, np.int64)
    if len(vsite):
        cut = np.flatnonzero(vsite[1:] != vsite[:-1]) + 1
        starts = np.concatenate([[0], cut])
        ends = np.concatenate([cut, [len(vsite)]])
        v0[vsite[starts]] = starts
        v1[vsite[starts]] = ends
    site_kind = np.where((kinds == 3) | (kinds == 6), 1, 0).astype(np.int8)
    site_kind[(kinds < 0) | (kinds == 7)] = 2
    return NearGrid(xy, cont, vsite, fine, coarse, poly_start, poly_site, v0, v1, site_kind)


def grid_nearest(
    g: NearGrid,
    x: float,
    y: float,
    k: int,
    ids: np.ndarray,
    ok_site: np.ndarray | None,
    layers: np.ndarray,
    lut: np.ndarray | None,
    limit: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Static positions and exact distances of the k nearest live sites, ties by id.

    `ok_site`: the tree's alive mask (None: all alive); `lut`: layer code → wanted (None: all).
    """
    kern = _kernels()
    alive = _ALL if ok_site is None else ok_site
    want = _ALL if lut is None else lut
    best_d = np.full(k, np.inf)
    best_p = np.full(k, -1, np.int64)
    cnt = 0
    for lv, rings, polys in ((g.fine, FINE_RINGS, True), (g.coarse, -1, False)):
        cnt, done = kern.nearest(
            g.xy,
            g.cont,
            g.vsite,
            lv.cell_start,
            lv.cell_seg,
            g.poly_start,
            g.poly_site,
            g.site_v0,
            g.site_v1,
            lv.ox,
            lv.oy,
            lv.cell,
            lv.nx,
            lv.ny,
            x,
            y,
            ids,
            alive,
            ok_site is not None,
            layers,
            want,
            lut is not None,
            limit,
            best_d,
            best_p,
            cnt,
            polys,
            rings,
        )
        if done:
            break
    return best_p[:cnt], best_d[:cnt]


_ALL = np.ones(1, dtype=bool)


# ---------------------------------------------------------------- a region's boundary band

# cells of the boundary's segment grid along the region's longer side: ~8 √segments (a 256-gon
# circle gets 128, a 12-gon ~28: long edges prefer big cells, short ones small), within bounds
BAND_CELLS = (16, 256)


@dataclass(frozen=True, eq=False)
class Boundary:
    """A polygonal region's boundary segments, per cell of a grid over its bbox and per row."""

    xy: np.ndarray  # (v, 2): the rings' vertices; segment i is (i, i + 1) where cont[i]
    cell_start: np.ndarray
    cell_seg: np.ndarray
    csum: np.ndarray  # flat (ny + 1) × (nx + 1) prefix sums of the segments listed per cell
    row_start: np.ndarray
    row_seg: np.ndarray
    reps: np.ndarray  # (r, 2): the first vertex of every ring
    ox: float
    oy: float
    cell: float
    nx: int
    ny: int
    bounds: tuple[float, float, float, float]


def region_boundary(region: shapely.Geometry) -> Boundary:
    """The tables `band_intersects` needs for a valid polygonal region."""
    k = _kernels()
    xy, _vsite, cont = _linework(np.array([region], dtype=object))
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    cells = min(max(8.0 * math.sqrt(max(int(cont.sum()), 1)), BAND_CELLS[0]), BAND_CELLS[1])
    cell = max(max(x1 - x0, y1 - y0) / cells, 1e-3)
    nx = int((x1 - x0) // cell) + 1
    ny = int((y1 - y0) // cell) + 1
    seg = np.flatnonzero(cont).astype(np.int64)
    cell_start, cell_seg = k.register_segments(xy, cont, seg, x0, y0, cell, nx, ny)
    # rows: the same grid one cell wide (x pinned to it), for the inside test's ray
    rows_xy = np.column_stack([np.zeros(len(xy)), xy[:, 1]])
    row_start, row_seg = k.register_segments(rows_xy, cont, seg, 0.0, y0, cell, 1, ny)
    csum = np.zeros((ny + 1, nx + 1), np.int64)
    per_cell = np.diff(cell_start).reshape(ny, nx)
    np.cumsum(np.cumsum(per_cell, axis=0), axis=1, out=csum[1:, 1:])
    first = np.concatenate([[True], ~cont[:-1]])
    return Boundary(
        xy,
        cell_start,
        cell_seg,
        csum.ravel(),
        row_start,
        row_seg,
        np.ascontiguousarray(xy[first]),
        float(x0),
        float(y0),
        float(cell),
        nx,
        ny,
        (float(x0), float(y0), float(x1), float(y1)),
    )


def band_intersects(g: NearGrid, b: Boundary, sites: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Per static position in `sites` (bboxes `bounds`, (4, n) by static position): 0 disjoint,
    1 intersects, 2 undecided (ask GEOS)."""
    from riskmap.core import band_jit

    out = np.empty(len(sites), np.int8)
    band_jit.band(
        sites, bounds, g.xy, g.cont, g.site_v0, g.site_v1, g.site_kind,
        b.xy, b.cell_start, b.cell_seg, b.csum, b.row_start, b.row_seg, b.reps,
        b.ox, b.oy, b.cell, b.nx, b.ny, *b.bounds, out,
    )  # fmt: skip
    return out


def classify_band(
    g: NearGrid,
    b: Boundary,
    raster: Any,
    cand: np.ndarray,
    is_point: np.ndarray,
    bounds: np.ndarray,
) -> np.ndarray:
    """Per static position in `cand`: 0 disjoint, 1 intersects, 2 undecided (ask GEOS), read
    from the boundary `raster` (index_kernels.Raster) where it knows, else decided exactly.
    `is_point`, `bounds`: every site's, by static position."""
    from riskmap.core import band_jit

    out = np.empty(len(cand), np.int8)
    band_jit.classify(
        cand, is_point, raster.sums.ravel(), raster.label,
        raster.gx0, raster.gy0, raster.cell, raster.nx, raster.ny,
        bounds, g.xy, g.cont, g.site_v0, g.site_v1, g.site_kind,
        b.xy, b.cell_start, b.cell_seg, b.csum, b.row_start, b.row_seg, b.reps,
        b.ox, b.oy, b.cell, b.nx, b.ny, *b.bounds, out,
    )  # fmt: skip
    return out


def warm_band(g: NearGrid) -> None:
    """Compile (or load from numba's cache) the band kernel for the types queries pass."""
    from riskmap.core.index_kernels import raster

    box = shapely.box(0.0, 0.0, 1.0, 1.0)
    shapely.prepare(box)
    r = raster(box, np.array([0.0, 0.0, 1.0, 1.0]), 1, True)
    none, bounds = np.zeros(0, np.int64), np.zeros((4, 0))
    band_intersects(g, r.boundary, none, bounds)
    classify_band(g, r.boundary, r, none, np.zeros(0, bool), bounds)
