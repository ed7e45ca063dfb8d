"""The loaded city: store + catalog + site arrays + spatial index + districts, built once per load.

Everything a region query needs at hand; `riskmap query`, the desktop client and the briefings
all go through one of these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely

from riskmap.core.catalog import Catalog, load_catalog
from riskmap.core.index import SpatialIndex
from riskmap.core.region import Region
from riskmap.store.engine import Store
from riskmap.store.load import DistrictRecord, SiteArrays, load_districts, load_sites


@dataclass
class Workspace:
    store: Store
    catalog: Catalog
    sites: SiteArrays
    index: SpatialIndex
    districts: list[DistrictRecord]
    _by_code: dict[str, DistrictRecord] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        store: Store,
        catalog: Catalog | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Workspace:
        """Load and index the city; `progress(step, steps, what)` may raise to cancel."""
        report = progress or (lambda _done, _total, _what: None)
        report(0, 4, "layers")
        catalog = catalog if catalog is not None else load_catalog()
        report(1, 4, "sites")
        sites = load_sites(store)
        report(2, 4, "index")
        index = SpatialIndex.from_sites(sites)
        report(3, 4, "districts")
        districts = load_districts(store)
        report(4, 4, "done")
        return cls(store, catalog, sites, index, districts, {d.code: d for d in districts})

    @property
    def crs(self) -> str:
        return self.store.crs

    def district(self, code: str) -> DistrictRecord | None:
        return self._by_code.get(code)

    def ancestors(self, code: str | None) -> list[str]:
        """The district and every district above it, bottom first (township, county, city)."""
        chain: list[str] = []
        while code and code not in chain:
            chain.append(code)
            rec = self._by_code.get(code)
            code = rec.parent_code if rec else None
        return chain

    def county_of(self, code: str | None) -> str | None:
        for c in self.ancestors(code):
            rec = self._by_code.get(c, None)
            if rec is not None and rec.level == "county":
                return c
        return None

    def counties(self) -> list[DistrictRecord]:
        return [d for d in self.districts if d.level == "county"]

    def city(self) -> DistrictRecord | None:
        return next((d for d in self.districts if d.level == "city"), None)

    def whole_region(self) -> Region:
        city = self.city()
        if city is not None:
            geom = city.geom
        elif len(self.sites):
            geom = shapely.box(*shapely.total_bounds(self.sites.geoms)).buffer(1.0)
        else:
            geom = shapely.box(0, 0, 1, 1)
        return Region.whole(geom, self.crs)

    def layer_codes(self, keys: list[str] | None) -> np.ndarray | None:
        """Index layer codes for catalog keys (None: all layers)."""
        if not keys:
            return None
        self.catalog.keys_checked(keys)
        return np.asarray(
            [self.sites.layer_keys.index(k) for k in keys if k in self.sites.layer_keys],
            dtype=np.int16,
        )
