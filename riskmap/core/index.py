"""One spatial index over all sites of all layers, in the metric CRS.

Built once per load from arrays (`SpatialIndex.build` / `from_sites`), then kept current through
`insert` / `update` / `delete` until the next rebuild.

How a region query stays fast at a million sites (docs/performance.md):

* Sites are Hilbert-ordered by bbox centre, so the candidates of a region sit close together in
  every per-site array and gathers stay in cache. The bbox tree is a packed Hilbert R-tree over
  the bounds in that order (riskmap.core.packed_tree: node boxes by numpy reductions, ~3 ms at
  10^6 where GEOS's STRtree took 0.5 s under the GIL); it returns the candidates in position
  order, with no sort. A layer selection under a quarter of the sites gets a tree of its own
  over its positions, still in Hilbert order.
* The tree answers bbox candidates only (those of GEOS's STRtree.query: touching counts, empty
  geometries never). Most candidates lie well inside or well outside the region, and their
  answer needs no GEOS predicate: the region's boundary is rasterised onto a grid (2-D prefix
  sums over the cells it passes), and a candidate whose bbox touches no boundary cell is wholly
  inside or wholly outside, as the grid cells under it are; the cells are labelled with one
  point-in-polygon test per run of boundary-free cells in a grid row.
* Only the boundary band gets an exact test. Once the nearest grid is built (`nearest()` or
  `prepare_nearest()`, on a worker thread), that test is compiled (riskmap.core.band_jit):
  segment crossings and ray crossings over the grid's flat vertex arrays, every sign
  certified by a float64 error bound, GEOS asked only for the few it cannot certify (exact
  zeros: collinear, touching, a vertex on the boundary) — the raster lookup, the point tests
  and the band in one pass over the candidates, split over the cores. Without the grid (the
  desktop bundle ships no numba) GEOS `intersects` decides the band, split over the cores
  (GEOS runs without the GIL), each thread on its own prepared copy because GEOS builds a
  prepared geometry's indexes lazily and without locks. Both give GEOS's answer.
* Axis-aligned rectangles skip the grid: bbox inside means hit.

Edits leave the static tree alone: a tombstone mask hides replaced and deleted sites, and a small
"delta" set, searched by brute force, holds new and changed ones until it is folded into a rebuilt
tree. Every edit swaps one immutable state object, so a query running in another thread sees the
index either before or after an edit, never half of it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from riskmap.core import index_kernels as K
from riskmap.core.index_kernels import hilbert_keys
from riskmap.core.near_grid import NearGrid, build_near_grid, grid_nearest, warm_band
from riskmap.core.packed_tree import PackedTree

__all__ = ["SpatialIndex", "hilbert_keys"]

if TYPE_CHECKING:
    from riskmap.store.load import SiteArrays

_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_DIST = np.zeros(0, dtype=np.float64)

DELTA_MAX = 4096  # edits kept beside the tree before it is rebuilt
DEAD_FRACTION = 0.25  # tombstoned share of the tree that triggers a rebuild
SUBTREE_FRACTION = 0.25  # layer selections smaller than this get a tree of their own
RANK_MASK_SHARE = 50  # hits above 1/50 of the sites: ids ascending by a mask, not a sort


@dataclass(frozen=True, eq=False)
class _Static:
    """The bulk-built part: arrays in Hilbert (= tree) order."""

    tree: PackedTree  # over `bounds`
    geoms: np.ndarray
    ids: np.ndarray
    layers: np.ndarray
    # (4, n): rows minx, miny, maxx, maxy (NaN for empty geometries); gathers along a row stay
    # contiguous, which numpy runs ~5× faster than the columns of an (n, 4) array
    bounds: np.ndarray
    is_point: np.ndarray  # bbox of zero size
    id_sorted: np.ndarray  # ids ascending …
    id_pos: np.ndarray  # … and the tree position of each
    layer_count: dict[int, int]
    max_layer: int
    extent: tuple[float, float, float, float]
    subtrees: dict[tuple[int, ...], tuple[PackedTree, np.ndarray]] = field(default_factory=dict)
    lazy: dict[str, Any] = field(default_factory=dict)

    def position(self, site_id: int) -> int:
        i = int(np.searchsorted(self.id_sorted, site_id))
        if i < len(self.id_sorted) and self.id_sorted[i] == site_id:
            return int(self.id_pos[i])
        return -1


@dataclass(frozen=True, eq=False)
class _Delta:
    """Sites inserted or changed since the last build, ascending by id."""

    ids: np.ndarray
    geoms: np.ndarray
    layers: np.ndarray
    bounds: np.ndarray

    @staticmethod
    def empty() -> _Delta:
        return _Delta(_NO_IDS, np.zeros(0, object), np.zeros(0, np.int16), np.zeros((0, 4)))

    def find(self, site_id: int) -> int:
        i = int(np.searchsorted(self.ids, site_id))
        return i if i < len(self.ids) and self.ids[i] == site_id else -1

    def without(self, i: int) -> _Delta:
        keep = np.arange(len(self.ids)) != i
        return _Delta(self.ids[keep], self.geoms[keep], self.layers[keep], self.bounds[keep])

    def with_site(self, site_id: int, geom: shapely.Geometry, layer: int) -> _Delta:
        i = int(np.searchsorted(self.ids, site_id))
        g = np.empty(1, dtype=object)
        g[0] = geom
        return _Delta(
            np.insert(self.ids, i, site_id),
            np.insert(self.geoms, i, g),
            np.insert(self.layers, i, layer),
            np.insert(self.bounds, i, shapely.bounds(geom), axis=0),
        )


@dataclass(frozen=True, eq=False)
class _State:
    static: _Static
    alive: np.ndarray | None  # None: no tombstones
    dead: int
    delta: _Delta
    cache: dict[str, Any] = field(default_factory=dict)


def _layer_lut(codes: np.ndarray | None, static: _Static) -> np.ndarray | None:
    """A lookup table over layer codes, or None for "all layers"."""
    if codes is None:
        return None
    top = max(static.max_layer, int(codes.max(initial=0))) + 1
    lut = np.zeros(top, dtype=bool)
    lut[codes[codes >= 0]] = True
    return lut


def _as_codes(layers: Sequence[int] | np.ndarray | None) -> np.ndarray | None:
    if layers is None:
        return None
    return np.unique(np.asarray(layers, dtype=np.int64).ravel())


def _as_geometry(region: Any) -> shapely.Geometry:
    geom = getattr(region, "geom", region)  # a riskmap Region or a bare geometry
    if not isinstance(geom, shapely.Geometry):
        raise TypeError(f"a region must be a shapely geometry, got {type(geom).__name__}")
    return geom


def _area(extent: tuple[float, float, float, float]) -> float:
    a = (extent[2] - extent[0]) * (extent[3] - extent[1])
    return a if math.isfinite(a) else 0.0


def _check_geometry(geom: Any) -> None:
    if not isinstance(geom, shapely.Geometry):
        raise TypeError(f"a site geometry must be a shapely geometry, got {type(geom).__name__}")


def _extent(bounds: np.ndarray) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) over (4, n) bounds, NaN rows (empty geometries) left out; all
    NaN when there is nothing to span (then hilbert_keys gets a unit box instead)."""
    valid = ~np.isnan(bounds[0])
    b = bounds if valid.all() else bounds[:, valid]
    if b.shape[1] == 0:
        return (math.nan,) * 4
    return (float(b[0].min()), float(b[1].min()), float(b[2].max()), float(b[3].max()))


def _valid_order(order: np.ndarray, n: int) -> bool:
    """Whether `order` is a permutation of range(n): a stored order from a file is checked,
    not trusted (any permutation gives exact answers; the Hilbert one only keeps them fast)."""
    if order.shape != (n,) or order.dtype.kind not in "iu":
        return False
    if n == 0:
        return True
    if int(order.min()) < 0 or int(order.max()) >= n:
        return False
    seen = np.zeros(n, dtype=bool)
    seen[order] = True
    return bool(seen.all())


def _build_static(
    geoms: np.ndarray,
    ids: np.ndarray,
    layers: np.ndarray,
    order: np.ndarray | None = None,
    bounds: np.ndarray | None = None,
) -> _Static:
    # ids come sorted from the store: then the id → position map is the inverse permutation
    by_id = None if len(ids) < 2 or (ids[1:] > ids[:-1]).all() else np.argsort(ids, kind="stable")
    id_sorted = ids if by_id is None else ids[by_id]
    if by_id is not None and not (id_sorted[1:] > id_sorted[:-1]).all():
        dup = id_sorted[1:][np.diff(id_sorted) == 0][:5].tolist()
        raise ValueError(f"site ids must be unique; repeated: {dup}")
    # GEOS reads the geometries in the order they were made, which is in cache: at 10^6 ~0.1 s
    # against ~0.25 s for the same in tree order (then gathering the bounds costs ~0.03 s)
    b = np.ascontiguousarray((shapely.bounds(geoms) if bounds is None else bounds).T)
    if order is None or not _valid_order(order, len(ids)):  # else a stored order: no sort
        cx = (b[0] + b[2]) * 0.5
        cy = (b[1] + b[3]) * 0.5
        e = _extent(b)
        order = np.argsort(hilbert_keys(cx, cy, (0, 0, 1, 1) if math.isnan(e[0]) else e))
    geoms = geoms[order]
    # (4, n) rows gathered: ~3× faster than gathering (n, 4) rows and transposing them
    bounds = b.take(order, axis=1)
    extent = _extent(bounds)
    ids = ids[order]
    layers = layers[order]
    geoms.flags.writeable = False
    where = np.empty(len(order), dtype=np.int64)
    where[order] = np.arange(len(order))
    id_pos = where if by_id is None else where[by_id]
    low = int(layers.min(initial=0))
    counts = np.bincount(layers.astype(np.int64) - low)
    codes = np.flatnonzero(counts) + low
    counts = counts[counts > 0]
    return _Static(
        tree=PackedTree(bounds),
        geoms=geoms,
        ids=ids,
        layers=layers,
        bounds=bounds,
        # a zero-size bbox: a point, or a line or multipoint collapsed onto one; either way
        # intersects_xy at that point is the exact answer, and no GEOS type query is needed
        is_point=(bounds[0] == bounds[2]) & (bounds[1] == bounds[3]),
        id_sorted=id_sorted,
        id_pos=id_pos,
        layer_count=dict(zip(codes.tolist(), counts.tolist(), strict=True)),
        max_layer=int(codes.max(initial=0)),
        extent=extent,
    )


class SpatialIndex:
    """All sites of all layers; exact region queries, k-nearest, and edits between rebuilds."""

    def __init__(self, state: _State) -> None:
        self._state = state
        self._lock = threading.RLock()

    # ----------------------------------------------------------------- building

    @classmethod
    def build(
        cls,
        geoms: np.ndarray,
        ids: np.ndarray,
        layers: np.ndarray | None = None,
        order: np.ndarray | None = None,
        bounds: np.ndarray | None = None,
    ) -> SpatialIndex:
        """Index `geoms` (metric CRS) under site `ids` (int64) with layer codes (int16).

        `order`: the tree order of an earlier build of the same sites (`tree_order()`, kept in
        a snapshot), which skips the Hilbert sort; one that is not a permutation is ignored.
        `bounds`: `shapely.bounds(geoms)` when the caller has it already (the column read).
        """
        g = np.asarray(geoms, dtype=object).ravel()
        i = np.asarray(ids, dtype=np.int64).ravel()
        lay = np.zeros(len(g), np.int16) if layers is None else np.asarray(layers, np.int16)
        if not (len(g) == len(i) == len(lay.ravel())):
            raise ValueError(
                f"geoms, ids and layers differ in length: {len(g)}, {len(i)}, {len(lay)}"
            )
        o = None if order is None else np.asarray(order).ravel()
        b = None if bounds is None or np.shape(bounds) != (len(g), 4) else np.asarray(bounds)
        return cls(_State(_build_static(g, i, lay.ravel(), o, b), None, 0, _Delta.empty()))

    @classmethod
    def from_sites(cls, arrays: SiteArrays, order: np.ndarray | None = None) -> SpatialIndex:
        return cls.build(arrays.geoms, arrays.ids, arrays.layers, order, arrays.bounds)

    def tree_order(self, ids: np.ndarray) -> np.ndarray | None:
        """The build's order as rows of `ids` (ascending), for `build(order=…)` next time; None
        unless the index holds exactly `ids` and has had no edit since it was built."""
        st = self._state
        s = st.static
        if st.alive is not None or len(st.delta.ids) or not np.array_equal(s.id_sorted, ids):
            return None
        order = np.empty(len(ids), dtype=np.int64)
        order[s.id_pos] = np.arange(len(ids))
        return order

    # ------------------------------------------------------------------ queries

    def query(
        self, region: shapely.Geometry, layers: Sequence[int] | np.ndarray | None = None
    ) -> np.ndarray:
        """Sorted ids of the sites whose geometry intersects `region` (shapely semantics).

        `layers`: layer codes to keep; None keeps all, an empty sequence keeps none.
        """
        geom = _as_geometry(region)
        st = self._state
        codes = _as_codes(layers)
        if shapely.is_empty(geom) or (codes is not None and codes.size == 0):
            return _NO_IDS
        lut = _layer_lut(codes, st.static)
        pos = self._query_static(st, geom, codes, lut)
        found = self._ids_ascending(st.static, pos)
        if len(st.delta.ids):
            d = st.delta
            m = K.bbox_hits(d.bounds, shapely.bounds(geom))
            if lut is not None:
                m &= K.lut_take(lut, d.layers)
            if m.any():
                more = d.ids[m][shapely.intersects(geom, d.geoms[m])]
                found = np.sort(np.concatenate([found, more]))
        return found

    def query_bbox(
        self,
        minx: float,
        miny: float,
        maxx: float,
        maxy: float,
        layers: Sequence[int] | np.ndarray | None = None,
    ) -> np.ndarray:
        """Sorted ids of the sites whose bbox intersects the box (viewport culling)."""
        if not (minx <= maxx and miny <= maxy):
            raise ValueError(f"empty box: ({minx}, {miny}, {maxx}, {maxy})")
        st = self._state
        codes = _as_codes(layers)
        if codes is not None and codes.size == 0:
            return _NO_IDS
        lut = _layer_lut(codes, st.static)
        pos = self._candidates(st, (minx, miny, maxx, maxy), codes, lut)
        found = st.static.ids[pos]
        if len(st.delta.ids):
            d = st.delta
            m = K.bbox_hits(d.bounds, np.array([minx, miny, maxx, maxy]))
            if lut is not None:
                m &= K.lut_take(lut, d.layers)
            found = np.concatenate([found, d.ids[m]])
        return np.sort(found)

    def nearest(
        self,
        x: float,
        y: float,
        k: int = 10,
        layers: Sequence[int] | np.ndarray | None = None,
        max_distance: float | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `k` sites nearest to (x, y) by exact distance to their geometry, ties by id.

        Returns (ids, distances in metres), nearest first; fewer than k when the index (or the
        `max_distance` radius) holds fewer.
        """
        st = self._state
        s = st.static
        codes = _as_codes(layers)
        if k <= 0 or (codes is not None and codes.size == 0):
            return _NO_IDS, _NO_DIST
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"nearest: coordinates must be finite, got {x}, {y}")
        limit = math.inf if max_distance is None else float(max_distance)
        if limit < 0:
            return _NO_IDS, _NO_DIST
        lut = _layer_lut(codes, s)
        pos, dist = grid_nearest(self._near_grid(s), x, y, k, s.ids, st.alive, s.layers, lut, limit)
        ids = s.ids.take(pos)
        d = st.delta
        if len(d.ids):
            # edits since the build: a bbox lower bound leaves few exact distances to compute
            dm = np.ones(len(d.ids), bool) if lut is None else K.lut_take(lut, d.layers)
            kth = dist[k - 1] if len(dist) == k else math.inf
            lower, _upper = K.bbox_distances(d.bounds, x, y)
            dm &= lower <= min(kth, limit)
            if dm.any():
                more = shapely.distance(d.geoms[dm], shapely.Point(x, y))
                keep = more <= limit
                ids = np.concatenate([ids, d.ids[dm][keep]])
                dist = np.concatenate([dist, more[keep]])
                order = np.lexsort((ids, dist))[:k]
                ids, dist = ids.take(order), dist.take(order)
        return ids, dist

    def prepare_nearest(self) -> None:
        """Build what nearest() needs now rather than on its first call (a worker thread's job
        after loading: ~1–2 s at 10^6 sites, the first run after an install compiling too).

        The same tables (every site's vertices) let region queries decide their boundary band
        with a compiled exact test instead of GEOS; until they exist, GEOS decides it."""
        self._near_grid(self._state.static)

    # -------------------------------------------------------------------- edits

    def insert(self, site_id: int, geom: shapely.Geometry, layer: int = 0) -> None:
        """Add a site; KeyError if the id is taken."""
        _check_geometry(geom)
        with self._lock:
            st = self._state
            if self._exists(st, site_id):
                raise KeyError(f"site {site_id} is already in the index")
            self._commit(st.static, st.alive, st.dead, st.delta.with_site(site_id, geom, layer))

    def update(self, site_id: int, geom: shapely.Geometry, layer: int | None = None) -> None:
        """Replace a site's geometry (and layer, unless None); KeyError if unknown."""
        _check_geometry(geom)
        with self._lock:
            st = self._state
            alive, dead, delta = st.alive, st.dead, st.delta
            i = delta.find(site_id)
            if i >= 0:
                old_layer = int(delta.layers[i])
                delta = delta.without(i)
            else:
                p = st.static.position(site_id)
                if p < 0 or (alive is not None and not alive[p]):
                    raise KeyError(f"site {site_id} is not in the index")
                old_layer = int(st.static.layers[p])
                alive, dead = self._kill(st, p)
            layer = old_layer if layer is None else layer
            self._commit(st.static, alive, dead, delta.with_site(site_id, geom, layer))

    def delete(self, site_id: int) -> None:
        """Remove a site; KeyError if unknown."""
        with self._lock:
            st = self._state
            i = st.delta.find(site_id)
            if i >= 0:
                self._commit(st.static, st.alive, st.dead, st.delta.without(i))
                return
            p = st.static.position(site_id)
            if p < 0 or (st.alive is not None and not st.alive[p]):
                raise KeyError(f"site {site_id} is not in the index")
            alive, dead = self._kill(st, p)
            self._commit(st.static, alive, dead, st.delta)

    def compact(self) -> None:
        """Fold the edits into a freshly built tree (done on its own past a threshold)."""
        with self._lock:
            st = self._state
            s = st.static
            keep = slice(None) if st.alive is None else st.alive
            geoms = np.concatenate([s.geoms[keep], st.delta.geoms])
            ids = np.concatenate([s.ids[keep], st.delta.ids])
            layers = np.concatenate([s.layers[keep], st.delta.layers.astype(np.int16)])
            self._state = _State(_build_static(geoms, ids, layers), None, 0, _Delta.empty())

    # --------------------------------------------------------------- inspection

    def __len__(self) -> int:
        st = self._state
        return len(st.static.ids) - st.dead + len(st.delta.ids)

    def __contains__(self, site_id: object) -> bool:
        return isinstance(site_id, int | np.integer) and self._exists(self._state, int(site_id))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Total bounds (minx, miny, maxx, maxy) of the live sites; NaNs when there are none."""
        st = self._state
        if "bounds" not in st.cache:
            b = st.static.bounds.T if st.alive is None else st.static.bounds.T[st.alive]
            b = np.concatenate([b, st.delta.bounds])
            b = b[~np.isnan(b[:, 0])]
            st.cache["bounds"] = (
                tuple(float(v) for v in (*b[:, :2].min(0), *b[:, 2:].max(0)))
                if len(b)
                else (math.nan,) * 4
            )
        return st.cache["bounds"]

    def geometry(self, site_id: int) -> shapely.Geometry:
        st = self._state
        i = st.delta.find(site_id)
        if i >= 0:
            return st.delta.geoms[i]
        return st.static.geoms[self._live_position(st, site_id)]

    def layer_of(self, site_id: int) -> int:
        st = self._state
        i = st.delta.find(site_id)
        if i >= 0:
            return int(st.delta.layers[i])
        return int(st.static.layers[self._live_position(st, site_id)])

    def bounds_of_built(self, ids: np.ndarray) -> np.ndarray | None:
        """(n, 4) bounding boxes (minx, miny, maxx, maxy) of `ids`, in their order, read from
        the build; None unless the index holds exactly `ids` (ascending) and has had no edit
        since it was built (the caller then computes them from the geometries)."""
        st = self._state
        s = st.static
        if st.alive is not None or len(st.delta.ids):
            return None
        if s.bounds.shape != (4, len(ids)) or not np.array_equal(s.id_sorted, ids):
            return None
        # rows of (n, 4) gather ~5× faster than the columns of (4, n) at random positions
        return np.take(np.ascontiguousarray(s.bounds.T), s.id_pos, axis=0)

    # ---------------------------------------------------------------- internals

    @staticmethod
    def _exists(st: _State, site_id: int) -> bool:
        if st.delta.find(site_id) >= 0:
            return True
        p = st.static.position(site_id)
        return p >= 0 and (st.alive is None or bool(st.alive[p]))

    @staticmethod
    def _live_position(st: _State, site_id: int) -> int:
        p = st.static.position(site_id)
        if p < 0 or (st.alive is not None and not st.alive[p]):
            raise KeyError(f"site {site_id} is not in the index")
        return p

    @staticmethod
    def _kill(st: _State, p: int) -> tuple[np.ndarray, int]:
        # copy-on-write: a query in another thread keeps the mask it started with
        alive = np.ones(len(st.static.ids), bool) if st.alive is None else st.alive.copy()
        alive[p] = False
        return alive, st.dead + 1

    def _commit(self, static: _Static, alive: np.ndarray | None, dead: int, delta: _Delta) -> None:
        self._state = _State(static, alive, dead, delta)
        if len(delta.ids) > DELTA_MAX or dead > DEAD_FRACTION * max(len(static.ids), 1):
            self.compact()

    def _near_grid(self, s: _Static) -> NearGrid:
        grid = s.lazy.get("grid")
        if grid is None:
            with self._lock:
                grid = s.lazy.get("grid")
                if grid is None:
                    grid = build_near_grid(s.geoms, s.extent)
                    warm_band(grid)  # compiled here, not in the first region query
                    rank = np.empty(len(s.ids), dtype=np.int32)
                    rank[s.id_pos] = np.arange(len(s.ids), dtype=np.int32)
                    s.lazy["rank"] = rank
                    s.lazy["grid"] = grid
        return grid

    @staticmethod
    def _ids_ascending(s: _Static, pos: np.ndarray) -> np.ndarray:
        """The ids at static positions `pos`, ascending."""
        rank = s.lazy.get("rank")  # position → index in id_sorted (prepare_nearest builds it)
        if rank is None or len(pos) * RANK_MASK_SHARE < len(s.ids):
            return np.sort(s.ids[pos])
        # many hits: marking their ranks and reading the marks back in order beats sorting
        mark = np.zeros(len(s.ids), dtype=bool)
        mark[rank[pos]] = True
        return s.id_sorted[np.flatnonzero(mark)]

    @staticmethod
    def _count(s: _Static, codes: np.ndarray) -> int:
        return sum(s.layer_count.get(int(c), 0) for c in codes)

    def _view(
        self, s: _Static, codes: np.ndarray | None
    ) -> tuple[PackedTree, np.ndarray | None, bool]:
        """(tree, tree → static positions or None, already filtered by layer)."""
        if codes is None or self._count(s, codes) > SUBTREE_FRACTION * len(s.ids):
            return s.tree, None, codes is None
        key = tuple(codes.tolist())
        sub = s.subtrees.get(key)
        if sub is None:
            with self._lock:
                sub = s.subtrees.get(key)
                if sub is None:
                    pos = np.flatnonzero(np.isin(s.layers, codes))
                    # positions ascending: the subset keeps the Hilbert order
                    sub = (PackedTree(np.ascontiguousarray(s.bounds[:, pos])), pos)
                    if len(s.subtrees) >= 16:
                        s.subtrees.pop(next(iter(s.subtrees)))
                    s.subtrees[key] = sub
        return sub[0], sub[1], True

    def _candidates(
        self,
        st: _State,
        box: tuple[float, float, float, float] | np.ndarray,
        codes: np.ndarray | None,
        lut: np.ndarray | None,
    ) -> np.ndarray:
        """Live static positions whose bbox intersects `box` (minx, miny, maxx, maxy),
        ascending (gathers in cache)."""
        s = st.static
        tree, tree_pos, filtered = self._view(s, codes)
        cand = tree.query(box)
        if tree_pos is not None:
            cand = tree_pos[cand]
        if not filtered and lut is not None:
            cand = cand[K.lut_take(lut, s.layers[cand])]
        if st.alive is not None:
            cand = cand[st.alive[cand]]
        return cand

    def _query_static(
        self, st: _State, geom: shapely.Geometry, codes: np.ndarray | None, lut: np.ndarray | None
    ) -> np.ndarray:
        s = st.static
        rect = K.axis_rect(geom)
        raster = None
        grid = s.lazy.get("grid")  # built by nearest() or prepare_nearest(), never here
        rb = shapely.bounds(geom)
        if rect is None and shapely.get_type_id(geom) in (3, 6):
            # the boundary raster needs only the region: build it on the other core while
            # this one walks the tree (both mostly outside the GIL)
            prepared = K.private_copy(geom)
            share = (rb[2] - rb[0]) * (rb[3] - rb[1]) / max(_area(s.extent), 1.0)
            n_cand = int(len(s.ids) * min(share, 1))
            raster = K.executor().submit(K.raster, prepared, rb, n_cand, grid is not None)
        cand = self._candidates(st, rb, codes, lut)
        if len(cand) == 0:
            return cand
        if raster is not None:
            r = raster.result()
            if r.boundary is not None and grid is not None:  # one compiled pass, no gathers
                hit = K.classify_compiled(
                    prepared, r, r.boundary, s.is_point, s.geoms, cand, grid, s.bounds
                )
                return cand[hit]
        b = s.bounds.take(cand, axis=1)
        if rect is not None:
            inside = (b[0] >= rect[0]) & (b[1] >= rect[1])
            inside &= (b[2] <= rect[2]) & (b[3] <= rect[3])
            band = np.flatnonzero(~inside)
            hit = inside
            if len(band):
                hit[band] = K.exact_intersects(K.private_copy(geom), s.geoms[cand[band]])
            return cand[hit]
        if raster is None:  # not polygonal: no inside to speak of
            return cand[K.exact_intersects(K.private_copy(geom), s.geoms[cand])]
        hit = K.classify(prepared, raster.result(), b, s.is_point[cand], s.geoms, cand)
        return cand[hit]
