"""Bulk loading of sites and districts into arrays for the spatial index and the dossier.

The hot path (a million sites) reads through the raw DBAPI cursor and parses WKB with one
vectorised shapely call; the ORM is for edits, not for this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import select

from riskmap.store.engine import Store
from riskmap.store.schema import District


@dataclass
class SiteArrays:
    """All sites as parallel arrays, in site-id order. Geometries are in the metric CRS."""

    ids: np.ndarray  # int64
    layers: np.ndarray  # int16 index into layer_keys
    layer_keys: list[str]
    district_codes: np.ndarray  # object (str | None): the township
    geoms: np.ndarray  # object: shapely geometries

    def __len__(self) -> int:
        return len(self.ids)

    def layer_mask(self, keys: list[str] | None) -> np.ndarray:
        if not keys:
            return np.ones(len(self.ids), dtype=bool)
        wanted = [self.layer_keys.index(k) for k in keys if k in self.layer_keys]
        return np.isin(self.layers, np.asarray(wanted, dtype=self.layers.dtype))

    def row_of(self, site_ids: np.ndarray) -> np.ndarray:
        """Row positions of the given site ids (ids are sorted)."""
        return np.searchsorted(self.ids, site_ids)


def load_sites(store: Store) -> SiteArrays:
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT id, layer, district_code, geom FROM sites ORDER BY id")
        rows = cur.fetchall()
        cur.close()
    finally:
        raw.close()
    n = len(rows)
    if n == 0:
        return SiteArrays(
            ids=np.zeros(0, dtype=np.int64),
            layers=np.zeros(0, dtype=np.int16),
            layer_keys=[],
            district_codes=np.zeros(0, dtype=object),
            geoms=np.zeros(0, dtype=object),
        )
    ids_col, layer_col, district_col, geom_col = zip(*rows, strict=True)
    ids = np.fromiter(ids_col, dtype=np.int64, count=n)
    layer_keys, layer_idx = np.unique(np.asarray(layer_col, dtype=object), return_inverse=True)
    districts = np.empty(n, dtype=object)
    districts[:] = district_col
    wkb = np.empty(n, dtype=object)
    wkb[:] = [bytes(g) for g in geom_col]
    geoms = shapely.from_wkb(wkb)
    return SiteArrays(
        ids=ids,
        layers=layer_idx.astype(np.int16),
        layer_keys=[str(k) for k in layer_keys],
        district_codes=districts,
        geoms=geoms,
    )


@dataclass(frozen=True)
class DistrictRecord:
    code: str
    name: str
    name_en: str
    level: str
    parent_code: str | None
    geom: shapely.Geometry  # metric CRS


def load_districts(store: Store) -> list[DistrictRecord]:
    with store.session() as s:
        return [
            DistrictRecord(d.code, d.name, d.name_en, d.level, d.parent_code, d.geom)
            for d in s.scalars(select(District).order_by(District.code))
        ]
