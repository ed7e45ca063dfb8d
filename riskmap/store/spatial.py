"""Spatial queries pushed down to PostGIS: ST_Intersects, ST_DWithin and `<->` KNN on GiST.

The same questions the in-memory `riskmap.core.index.SpatialIndex` answers, asked of the database
instead, so that a seat needs neither every geometry in memory nor a rebuilt index after another
seat's edit. Regions travel as EWKB in the database's SRID; all values are bound parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import bindparam, text
from sqlalchemy.types import LargeBinary

from riskmap.store.engine import Store, srid_of

_NO_IDS = np.zeros(0, dtype=np.int64)


@dataclass
class ViewportSites:
    """The sites a viewport shows, simplified for its scale; geometries in the metric CRS."""

    ids: np.ndarray  # int64
    layers: list[str]
    geoms: np.ndarray  # object: shapely geometries


class PostGISSpatial:
    """Spatial queries on a PostGIS store (never loads more than the answer)."""

    def __init__(self, store: Store) -> None:
        if not store.is_postgis:
            raise ValueError("PostGISSpatial needs a PostgreSQL store")
        self.store = store
        self.srid = srid_of(store.crs)

    def _geom(self, geom: shapely.Geometry) -> bytes:
        return shapely.to_wkb(shapely.set_srid(geom, self.srid), include_srid=True)

    @staticmethod
    def _layer_sql(layers: Sequence[str] | None) -> str:
        return "" if layers is None else " AND layer IN :layers"

    def _run(self, sql: str, params: dict[str, object], layers: Sequence[str] | None) -> list:
        stmt = text(sql)
        if ":g" in sql:
            stmt = stmt.bindparams(bindparam("g", type_=LargeBinary))
        if layers is not None:
            stmt = stmt.bindparams(bindparam("layers", expanding=True))
            params = {**params, "layers": list(layers)}
        with self.store.engine.connect() as c:
            return c.execute(stmt, params).all()

    def intersecting(
        self, region: shapely.Geometry, layers: Sequence[str] | None = None
    ) -> np.ndarray:
        """Sorted ids of the sites whose geometry intersects `region` (ST_Intersects)."""
        if shapely.is_empty(region) or (layers is not None and not layers):
            return _NO_IDS
        rows = self._run(
            "SELECT id FROM sites WHERE ST_Intersects(geom, ST_GeomFromEWKB(:g))"
            f"{self._layer_sql(layers)} ORDER BY id",
            {"g": self._geom(region)},
            layers,
        )
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def within(
        self, geom: shapely.Geometry, distance: float, layers: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(ids, exact distances, layers) of the sites within `distance` of `geom` (ST_DWithin)."""
        if layers is not None and not layers:
            return _NO_IDS, np.zeros(0), []
        rows = self._run(
            "SELECT id, ST_Distance(geom, ST_GeomFromEWKB(:g)), layer FROM sites"
            " WHERE ST_DWithin(geom, ST_GeomFromEWKB(:g), :d)"
            f"{self._layer_sql(layers)} ORDER BY id",
            {"g": self._geom(geom), "d": float(distance)},
            layers,
        )
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        dist = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
        return ids, dist, [r[2] for r in rows]

    def nearest(
        self, x: float, y: float, k: int = 10, layers: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `k` sites nearest to (x, y): KNN (`<->`) on the GiST index, ties by id."""
        if k < 1 or (layers is not None and not layers):
            return _NO_IDS, np.zeros(0)
        # The index orders by distance; the outer query breaks exact ties by id, as the
        # in-memory index does. A few spare rows make sure a tie at the k-th place is seen.
        rows = self._run(
            "SELECT id, d FROM (SELECT id, geom <-> ST_GeomFromEWKB(:g) AS d FROM sites"
            f" WHERE true{self._layer_sql(layers)}"
            " ORDER BY geom <-> ST_GeomFromEWKB(:g) LIMIT :k) AS near ORDER BY d, id LIMIT :keep",
            {"g": self._geom(shapely.Point(x, y)), "k": int(k) + 8, "keep": int(k)},
            layers,
        )
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        dist = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
        return ids, dist

    def nearest_resources(self, x: float, y: float, kinds: Sequence[str], k: int) -> list[tuple]:
        """The `k` nearest resources of each kind: (site id, kind, distance), KNN per kind."""
        if not kinds or k < 1:
            return []
        stmt = text(
            "SELECT near.site_id, kinds.kind, near.d FROM unnest(CAST(:kinds AS text[]))"
            " AS kinds(kind) CROSS JOIN LATERAL (SELECT r.site_id,"
            " s.geom <-> ST_GeomFromEWKB(:g) AS d FROM resources r JOIN sites s"
            " ON s.id = r.site_id WHERE r.kind = kinds.kind"
            " ORDER BY s.geom <-> ST_GeomFromEWKB(:g), r.site_id LIMIT :k) AS near"
            " ORDER BY kinds.kind, near.d, near.site_id"
        ).bindparams(bindparam("g", type_=LargeBinary))
        params = {"g": self._geom(shapely.Point(x, y)), "k": int(k), "kinds": list(kinds)}
        with self.store.engine.connect() as c:
            return [tuple(r) for r in c.execute(stmt, params)]

    def geometries(self, ids: Sequence[int]) -> dict[int, shapely.Geometry]:
        """The geometries of the given sites (those that still exist)."""
        if not len(ids):
            return {}
        stmt = text("SELECT id, ST_AsBinary(geom) FROM sites WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        out: dict[int, shapely.Geometry] = {}
        with self.store.engine.connect() as c:
            for k in range(0, len(ids), 10_000):
                chunk = [int(i) for i in ids[k : k + 10_000]]
                for sid, wkb in c.execute(stmt, {"ids": chunk}):
                    out[int(sid)] = shapely.from_wkb(bytes(wkb))
        return out

    def viewport(
        self,
        bbox: tuple[float, float, float, float],
        tolerance: float = 0.0,
        layers: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> ViewportSites:
        """The sites whose bbox meets `bbox` (`&&` on the GiST index), simplified to `tolerance`
        metres in the database (about a pixel), so a wide view sends little over the wire."""
        if layers is not None and not layers:
            return ViewportSites(_NO_IDS, [], np.zeros(0, dtype=object))
        x0, y0, x1, y1 = bbox
        geom = (
            "ST_AsBinary(geom)"
            if tolerance <= 0
            else "ST_AsBinary(CASE WHEN GeometryType(geom) = 'POINT' THEN geom"
            " ELSE ST_SimplifyPreserveTopology(geom, :tol) END)"
        )
        rows = self._run(
            f"SELECT id, layer, {geom} FROM sites"
            f" WHERE geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, {self.srid})"
            f"{self._layer_sql(layers)} ORDER BY id" + (" LIMIT :limit" if limit else ""),
            {
                "x0": x0,
                "y0": y0,
                "x1": x1,
                "y1": y1,
                "tol": float(tolerance),
                "limit": limit,
            },
            layers,
        )
        n = len(rows)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        wkb = np.empty(n, dtype=object)
        wkb[:] = [bytes(r[2]) for r in rows]
        return ViewportSites(ids, [r[1] for r in rows], shapely.from_wkb(wkb))

    def count(self) -> int:
        with self.store.engine.connect() as c:
            return int(c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one())

    def more_than(self, limit: int) -> bool:
        """Whether there are more than `limit` sites. A count scans the table (~50 ms at 10^6,
        on every start); the planner's estimate (rows per page at the last ANALYZE times the
        pages the table has now, as PostgreSQL plans with) answers when it is at least twice
        or at most half the limit, the count when closer or never analysed."""
        with self.store.engine.connect() as c:
            tuples, pages, now = c.execute(
                text(
                    "SELECT reltuples, relpages, pg_relation_size(oid)"
                    " / current_setting('block_size')::int FROM pg_class"
                    " WHERE oid = to_regclass('sites')"
                )
            ).one()
            if tuples > 0 and pages > 0:
                estimate = tuples / pages * now
                if estimate >= 2 * limit or 2 * estimate <= limit:
                    return estimate > limit
            return int(c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one()) > limit
