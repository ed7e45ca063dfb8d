"""Which township each imported site lies in (point-in-polygon against the districts table)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import Connection, text

from riskmap.store.engine import Store
from riskmap.store.schema import wkb_sql

# A site drawn a few metres outside the city's edge still belongs to the nearest township.
EDGE_TOLERANCE_M = 500.0
# Large imports are settled cell by cell first: a point in a grid cell that no boundary crosses
# lies where the cell's centre lies. Only points in boundary cells are tested one by one.
GRID_FROM = 20_000
GRID_CELLS = 256
GRID_MIN_M = 50.0


@dataclass
class Townships:
    codes: list[str]
    geoms: np.ndarray  # metric CRS
    city_bounds: tuple[float, float, float, float] | None

    @classmethod
    def load(cls, store: Store) -> Townships:
        """The lowest admin level present (townships, else counties, else the city)."""
        with store.engine.connect() as c:
            return cls.from_connection(c)

    @classmethod
    def from_connection(cls, c: Connection) -> Townships:
        geom = wkb_sql(c.dialect.name)
        rows = c.execute(text(f"SELECT code, level, {geom} FROM districts ORDER BY code")).all()
        by_level: dict[str, list[tuple[str, bytes]]] = {}
        for code, level, geom in rows:
            if geom is not None:
                by_level.setdefault(level, []).append((code, bytes(geom)))
        bounds = None
        everything = [g for items in by_level.values() for _, g in items]
        if everything:
            bounds = tuple(shapely.total_bounds(shapely.from_wkb(everything)).tolist())
        for level in ("township", "county", "city"):
            items = by_level.get(level)
            if items:
                geoms = shapely.from_wkb([g for _, g in items])
                return cls([c for c, _ in items], geoms, bounds)  # type: ignore[arg-type]
        return cls([], np.empty(0, dtype=object), bounds)  # type: ignore[arg-type]

    def assign(self, xy: np.ndarray) -> list[str | None]:
        """The code holding each point (lowest code on a shared boundary; the nearest within
        EDGE_TOLERANCE_M for a point just outside; None further out or for NaN)."""
        n = len(xy)
        if not self.codes or n == 0:
            return [None] * n
        finite = np.isfinite(xy).all(axis=1)
        out = np.full(n, -1, dtype=np.int64)
        todo = finite
        if n >= GRID_FROM:
            todo = self._by_grid(xy, finite, out)
        self._exact(xy, todo, out)
        miss = np.flatnonzero((out < 0) & finite)
        if len(miss):
            tree = shapely.STRtree(self.geoms)
            pi, ti = tree.query_nearest(
                shapely.points(xy[miss]), max_distance=EDGE_TOLERANCE_M, all_matches=False
            )
            out[miss[pi]] = ti
        codes = self.codes
        return [codes[k] if k >= 0 else None for k in out.tolist()]

    def _by_grid(self, xy: np.ndarray, finite: np.ndarray, out: np.ndarray) -> np.ndarray:
        """Settle the points of grid cells that no boundary crosses by the cell's centre alone;
        the mask of the points (in cells on a boundary) still to test one by one."""
        x, y = xy[:, 0], xy[:, 1]
        x0, y0 = x[finite].min(), y[finite].min()
        size = max(GRID_MIN_M, max(x[finite].max() - x0, y[finite].max() - y0) / GRID_CELLS)
        ix = np.zeros(len(xy), dtype=np.int64)
        iy = np.zeros(len(xy), dtype=np.int64)
        ix[finite] = ((x[finite] - x0) // size).astype(np.int64)
        iy[finite] = ((y[finite] - y0) // size).astype(np.int64)
        cell = iy * (GRID_CELLS + 2) + ix
        used, inverse = np.unique(cell[finite], return_inverse=True)
        ux = x0 + (used % (GRID_CELLS + 2)) * size
        uy = y0 + (used // (GRID_CELLS + 2)) * size
        boxes = shapely.box(ux, uy, ux + size, uy + size)
        edges = shapely.multilinestrings(shapely.get_parts(shapely.boundary(self.geoms)))
        shapely.prepare(edges)
        crossed = shapely.intersects(edges, boxes)
        centres = np.column_stack([ux + size / 2, uy + size / 2])
        per_cell = np.full(len(used), -1, dtype=np.int64)
        self._exact(centres, ~crossed, per_cell)
        idx = np.flatnonzero(finite)
        settled = ~crossed[inverse]
        out[idx[settled]] = per_cell[inverse[settled]]
        todo = np.zeros(len(xy), dtype=bool)
        todo[idx[~settled]] = True
        return todo

    def _exact(self, xy: np.ndarray, todo: np.ndarray, out: np.ndarray) -> None:
        """Point in polygon for the points of `todo` (finite), lowest code first."""
        x, y = xy[:, 0], xy[:, 1]
        # One prepared polygon at a time, asked only about the points in its bounding box, found
        # by binary search in the points sorted by x: far cheaper than a tree query of raw
        # polygons, or a full scan per polygon, for 10^6 points.
        order = np.flatnonzero(todo)
        order = order[np.argsort(x[order], kind="stable")]
        xs = x[order]
        for k, g in enumerate(self.geoms):
            minx, miny, maxx, maxy = shapely.bounds(g)
            lo, hi = np.searchsorted(xs, minx, "left"), np.searchsorted(xs, maxx, "right")
            cand = order[lo:hi]
            cand = cand[(y[cand] >= miny) & (y[cand] <= maxy) & (out[cand] < 0)]
            if not len(cand):
                continue
            shapely.prepare(g)
            out[cand[shapely.intersects_xy(g, x[cand], y[cand])]] = k
