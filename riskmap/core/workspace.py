"""The loaded city: store + catalog + site arrays + spatial index + districts, built once per load.

Everything a region query needs at hand; `riskmap query`, the desktop client and the briefings
all go through one of these. On PostGIS the spatial questions (which sites a region holds, what
lies within a distance, what is nearest) are asked of the database, and a city larger than
LAZY_SITES is not loaded at all: the map asks for what its viewport shows.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely

from riskmap.core.catalog import Catalog, load_catalog
from riskmap.core.figures import Territory
from riskmap.core.index import SpatialIndex
from riskmap.core.region import Region
from riskmap.core.seat import CachedSeat, IndexBuild, load_file_seat
from riskmap.store.engine import Store
from riskmap.store.load import DistrictRecord, SiteArrays, load_districts, load_sites
from riskmap.store.snapshot import has_site_log
from riskmap.store.spatial import PostGISSpatial

# Above this many sites a PostGIS workspace loads no geometry up front (about 0.5 GB of memory
# per million sites): queries go to the database, the map loads its viewport. Below it the seat
# holds the city in memory (riskmap.core.seat) and answers like a seat on a file.
LAZY_SITES = 3_000_000

# From this many sites a window builds the index's vertex grid on a thread once its map is
# complete: region queries then decide their boundary band with the compiled exact test
# (0.35–0.45 of GEOS's time at 10^6 sites, bench/README.md) and nearest() is ready. Below it
# GEOS answers a region in a few milliseconds, and the grid would cost more than it saves.
PREPARE_FROM = 100_000

# From this many sites the window's start builds a file's index (from the local snapshot) on a
# thread once the window is up (issue 20): ~0.5–0.9 s at 10^6 sites that the first frame, drawn
# from counts, does not need. Below it the build takes milliseconds inside the load.
INDEX_LATER_FROM = 100_000

log = logging.getLogger(__name__)
_PREPARING: weakref.WeakKeyDictionary[SpatialIndex | IndexBuild, threading.Thread] = (
    weakref.WeakKeyDictionary()
)
_PREPARING_LOCK = threading.Lock()


@dataclass
class Workspace:
    store: Store
    catalog: Catalog
    sites: SiteArrays
    _index: SpatialIndex | None  # `index`: None while `_index_build` makes it
    districts: list[DistrictRecord]
    _by_code: dict[str, DistrictRecord] = field(default_factory=dict, repr=False)
    # PostGIS: the database answers the spatial questions (pushdown).
    spatial: PostGISSpatial | None = None
    # PostGIS at scale: `sites` and `index` are empty; ask `spatial` for geometries.
    lazy: bool = False
    # PostGIS in memory: the seat that keeps `sites` and `index` current (`catch_up`).
    seat: CachedSeat | None = None
    # where the sites came from: "snapshot" (the local one) or "database"
    source: str = "database"
    _territory: Territory | None = field(default=None, repr=False)
    # the index still being built (`load(index_later_from=…)`); `index` waits for it
    _index_build: IndexBuild | None = field(default=None, repr=False)

    @property
    def index(self) -> SpatialIndex:
        """The sites' spatial index; while a start still builds it, whoever asks waits."""
        build = self._index_build
        if build is not None:
            self._index = build.result()
            self._index_build = None
        assert self._index is not None
        return self._index

    @index.setter
    def index(self, index: SpatialIndex) -> None:
        self._index_build = None
        self._index = index

    def start_index(self) -> None:
        """Start building the index the load left for later (`index_later_from`) on its thread;
        nothing when it is built. The window calls it once its first frame is up."""
        build = self._index_build
        if build is not None:
            build.start()

    @classmethod
    def load(
        cls,
        store: Store,
        catalog: Catalog | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        *,
        pushdown: bool = False,
        index_later_from: int | None = None,
    ) -> Workspace:
        """Load and index the city; `progress(step, steps, what)` may raise to cancel.

        PostGIS: the seat answers from memory, kept current by the database's change log,
        unless `pushdown` (every spatial question asked of the database) or the city is larger
        than LAZY_SITES. `index_later_from`: a file's snapshot of at least that many sites
        returns with its index to be built on a thread, from `start_index()` or the first
        question that needs it (`index` waits for it).
        """
        report = progress or (lambda _done, _total, _what: None)
        report(0, 4, "layers")
        catalog = catalog if catalog is not None else load_catalog()
        report(1, 4, "sites")
        spatial = PostGISSpatial(store) if store.is_postgis else None
        lazy = spatial is not None and spatial.more_than(LAZY_SITES)
        seat = None
        source = "database"
        if spatial is not None and not lazy and not pushdown and has_site_log(store):
            # answers from memory; the database's log keeps them current
            seat = CachedSeat.open(store)
            sites, index, spatial, source = seat.sites, seat.index, None, seat.source
            report(2, 4, "index")
        elif spatial is None:
            sites, index, source = load_file_seat(store, index_later_from=index_later_from)
            report(2, 4, "index")
        else:
            sites = load_sites(store, geometry=not lazy)
            report(2, 4, "index")
            index = SpatialIndex.from_sites(sites)
        report(3, 4, "districts")
        districts = load_districts(store)
        report(4, 4, "done")
        by_code = {d.code: d for d in districts}
        build = index if isinstance(index, IndexBuild) else None
        return cls(
            store,
            catalog,
            sites,
            None if build is not None else index,
            districts,
            by_code,
            spatial,
            lazy,
            seat=seat,
            source=source,
            _index_build=build,
        )

    def catch_up(self) -> int:
        """A PostGIS seat in memory: apply what other seats committed (sites changed; 0
        elsewhere, where the file or the database answers directly)."""
        if self.seat is None:
            return 0
        n = self.seat.catch_up()
        self.sites, self.index = self.seat.sites, self.seat.index
        return n

    def prepare_in_background(self, min_sites: int | None = None) -> threading.Thread | None:
        """Build the index's vertex grid (`SpatialIndex.prepare_nearest`) on a thread of its
        own, once per index; None when the city has fewer than `min_sites` (default
        PREPARE_FROM) sites, is lazy, is prepared or being prepared, or when numba is not
        installed (the desktop bundle leaves it out: GEOS then decides every boundary, with the
        same answers)."""
        # An index the start still builds: the grid's thread waits for it, not the caller (the
        # window's GUI thread).
        build = self._index_build
        index: SpatialIndex | IndexBuild = build if build is not None else self.index
        size = len(self.sites) if build is not None else len(self.index)
        least = PREPARE_FROM if min_sites is None else min_sites
        if self.lazy or size < least or importlib.util.find_spec("numba") is None:
            return None
        with _PREPARING_LOCK:
            if index in _PREPARING:
                return None
            thread = _PREPARING[index] = threading.Thread(
                target=_prepare, args=(index,), name="riskmap-grid", daemon=True
            )
        thread.start()
        return thread

    @property
    def crs(self) -> str:
        return self.store.crs

    def district(self, code: str) -> DistrictRecord | None:
        return self._by_code.get(code)

    @property
    def territory(self) -> Territory:
        """The district tree: which sites each district answers for (属地)."""
        if self._territory is None:
            self._territory = Territory(self.districts)
        return self._territory

    def ancestors(self, code: str | None) -> list[str]:
        """The district and every district above it, bottom first (township, county, city)."""
        return self.territory.ancestors(code)

    def county_of(self, code: str | None) -> str | None:
        return self.territory.county_of(code)

    def counties(self) -> list[DistrictRecord]:
        return [d for d in self.districts if d.level == "county"]

    def city(self) -> DistrictRecord | None:
        return next((d for d in self.districts if d.level == "city"), None)

    def whole_region(self) -> Region:
        city = self.city()
        if city is not None:
            geom = city.geom
        elif len(self.sites) and not self.lazy:
            geom = shapely.box(*shapely.total_bounds(self.sites.geoms)).buffer(1.0)
        else:
            geom = shapely.box(0, 0, 1, 1)
        return Region.whole(geom, self.crs)

    # -- spatial questions, answered by PostGIS or by the in-memory index ------------------

    def ids_in(self, geom: shapely.Geometry, layers: list[str] | None = None) -> np.ndarray:
        """Sorted ids of the sites intersecting `geom` (metric CRS), on the given layers."""
        codes = self.layer_codes(layers)
        if self.spatial is not None:
            return self.spatial.intersecting(geom, list(layers) if layers else None)
        return self.index.query(geom, codes)

    def geometry(self, site_id: int) -> shapely.Geometry:
        """A site's geometry; KeyError when there is no such site."""
        if self.lazy and self.spatial is not None:
            return self.spatial.geometries([site_id])[site_id]
        return self.index.geometry(site_id)

    def geometries(self, ids: list[int]) -> dict[int, shapely.Geometry]:
        """The geometries of those of `ids` that exist."""
        if self.lazy and self.spatial is not None:
            return self.spatial.geometries(ids)
        return {i: self.index.geometry(i) for i in ids if i in self.index}

    def has_site(self, site_id: int) -> bool:
        if self.lazy and self.spatial is not None:
            return bool(self.spatial.geometries([site_id]))
        return site_id in self.index

    def layer_codes(self, keys: list[str] | None) -> np.ndarray | None:
        """Index layer codes for catalog keys (None: all layers)."""
        if not keys:
            return None
        self.catalog.keys_checked(keys)
        return np.asarray(
            [self.sites.layer_keys.index(k) for k in keys if k in self.sites.layer_keys],
            dtype=np.int16,
        )


def _prepare(index: SpatialIndex | IndexBuild) -> None:
    try:
        if isinstance(index, IndexBuild):
            index = index.result()
            with _PREPARING_LOCK:
                if index in _PREPARING:  # asked again once built, and started there
                    return
                _PREPARING[index] = threading.current_thread()
        index.prepare_nearest()
    except Exception:  # queries keep GEOS's boundary test; nearest() builds it when asked
        log.exception("the index's vertex grid was not built")
