"""A PostgreSQL seat that answers from memory, as fast as a seat on a file.

PostGIS stays the truth; the seat keeps the sites and their index in memory, starting from the
local snapshot (riskmap.store.snapshot) or, without a usable one, from a cold load that then
writes it. `catch_up()` applies what other seats committed since: the sites the database's log
names after the seat's revision, re-read in one query, go into the index as edits. The window
calls it when LISTEN/NOTIFY says `sites` changed (riskmap.store.watch), so another seat's edit
is on the map and in every answer within a second.

One seat per database and process: a workspace loaded again (after an import, a notification)
catches the same seat up instead of loading the city again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from riskmap.core.index import SpatialIndex
from riskmap.store.engine import Store
from riskmap.store.load import SiteArrays, load_sites
from riskmap.store.snapshot import (
    SiteDelta,
    file_identity,
    file_marker,
    load_sites_pg,
    open_snapshot,
    read_delta,
    save_snapshot,
    seat_identity,
    snapshot_path,
)

log = logging.getLogger(__name__)

_WRITES: dict[Path, threading.Thread] = {}
_WRITES_LOCK = threading.Lock()


def _save_later(path: Path, write: Callable[[], None]) -> None:
    """Write a snapshot on a thread of its own: a cold start answers as soon as its index is
    built instead of after ~200 MB more at 10^6 sites. The thread is not a daemon, so a command
    that ends right after loading still leaves a whole snapshot (and the write is atomic
    anyway). Writes of one path run one after the other."""
    with _WRITES_LOCK:
        before = _WRITES.get(path)

        def run() -> None:
            if before is not None:
                before.join()
            try:
                write()
            except Exception as exc:  # the seat works without its snapshot
                log.warning("snapshot not written: %s", exc)

        thread = _WRITES[path] = threading.Thread(target=run, name="riskmap-snapshot")
        thread.start()


def wait_for_snapshot(path: Path | None = None) -> None:
    """Until the snapshot writes started so far (of `path`, or all) have ended."""
    with _WRITES_LOCK:
        me = threading.current_thread()
        pending = [t for p, t in _WRITES.items() if (path is None or p == path) and t is not me]
    for thread in pending:
        thread.join()
    with _WRITES_LOCK:
        for p, t in list(_WRITES.items()):
            if not t.is_alive():
                del _WRITES[p]


# Changes since the snapshot, as a share of the sites, past which a new snapshot is written.
SAVE_AFTER = 0.01
# Changes in one catch-up past which loading everything is cheaper than editing the index.
RELOAD_AFTER = 0.05

_SEATS: dict[str, CachedSeat] = {}
_SEATS_LOCK = threading.Lock()


class CachedSeat:
    """The sites of one PostgreSQL database in memory, kept current by `catch_up()`."""

    def __init__(self, store: Store, identity: str) -> None:
        self.store = store
        self.identity = identity
        self._lock = threading.RLock()
        self.sites: SiteArrays
        self.index: SpatialIndex
        self.rev = 0
        self.source = ""  # "snapshot" or "database": where the last full load came from
        self._load()

    @classmethod
    def open(cls, store: Store) -> CachedSeat:
        """This process's seat on the store's database, caught up; loaded on first use."""
        key = seat_identity(store)
        with _SEATS_LOCK:
            seat = _SEATS.get(key)
            if seat is None:
                seat = _SEATS[key] = cls(store, key)
                return seat
        seat.store = store  # the newest opener's engine: an older one may have been disposed
        seat.catch_up()
        return seat

    @staticmethod
    def forget(store: Store) -> None:
        """Drop this process's seat on the store's database (the next open loads again)."""
        key = seat_identity(store)
        with _SEATS_LOCK:
            _SEATS.pop(key, None)

    # --------------------------------------------------------------------------- loading

    def _load(self) -> None:
        path = snapshot_path(self.identity)
        wait_for_snapshot(path)  # this process's own last write of it
        got = open_snapshot(path, identity=self.identity, crs=self.store.crs)
        if got is not None:
            sites, rev = got.sites, got.rev
            self._install(sites, rev, "snapshot", got.order)
            delta = read_delta(self.store, rev, list(sites.layer_keys))
            if not delta.reset:
                self._apply(delta)
                if self._changes > SAVE_AFTER * max(len(self.sites), 1):
                    self.save()
                return
            log.info("snapshot %s is from another state of the database: loading", path)
        self._load_from_database()

    def _load_from_database(self) -> None:
        sites, rev = load_sites_pg(self.store)
        self._install(sites, rev, "database")
        _save_later(snapshot_path(self.identity), self.save)

    def _install(
        self, sites: SiteArrays, rev: int, source: str, order: np.ndarray | None = None
    ) -> None:
        self.sites = sites
        self.index = SpatialIndex.from_sites(sites, order)
        self.rev = rev
        self.source = source
        self._changes = 0

    def save(self) -> None:
        """Write the snapshot now (atomically; a failure only costs the next start time)."""
        wait_for_snapshot(snapshot_path(self.identity))
        with self._lock:
            sites, rev, index = self.sites, self.rev, self.index
        try:
            save_snapshot(
                snapshot_path(self.identity),
                sites,
                identity=self.identity,
                rev=rev,
                crs=self.store.crs,
                order=index.tree_order(sites.ids),
            )
        except Exception as exc:  # the seat works without its snapshot
            log.warning("snapshot not written: %s", exc)
            return
        self._changes = 0

    # --------------------------------------------------------------------------- deltas

    def catch_up(self) -> int:
        """Apply what the database logged since this seat's revision; returns the sites changed."""
        with self._lock:
            delta = read_delta(self.store, self.rev, list(self.sites.layer_keys))
            if delta.reset:
                self._load_from_database()
                return len(self.sites)
            return self._apply(delta)

    def _apply(self, delta: SiteDelta) -> int:
        changed, deleted = delta.changed, delta.deleted
        n = len(changed) + len(deleted)
        if n == 0:
            self.rev = delta.rev
            return 0
        if n > RELOAD_AFTER * max(len(self.sites), 1) and n > 1000:
            self._load_from_database()
            return n
        index = self.index
        for sid in deleted.tolist():
            if sid in index:
                index.delete(sid)
        for sid, geom, layer in zip(
            changed.ids.tolist(), changed.geoms, changed.layers.tolist(), strict=True
        ):
            if sid in index:
                index.update(sid, geom, layer)
            else:
                index.insert(sid, geom, layer)
        old = self.sites
        keep = ~np.isin(old.ids, np.concatenate([deleted, changed.ids]))
        ids = np.concatenate([old.ids[keep], changed.ids])
        order = np.argsort(ids, kind="stable")
        self.sites = SiteArrays(
            ids[order],
            np.concatenate([old.layers[keep], changed.layers])[order],
            changed.layer_keys,
            np.concatenate([old.geoms[keep], changed.geoms])[order],
        )
        self.rev = delta.rev
        self._changes += n
        return n


class IndexBuild:
    """A spatial index built on a thread of its own, from `start()` on; `result()` waits for it
    (starting it if nobody has) and raises what the build raised. The window's start shows a
    large city's map before its index is built (issue 20): the first frame draws from counts,
    the build starts once it is up (a build under way holds the GIL through GEOS calls, which
    would slow the window's construction), and any question that needs the index waits here."""

    def __init__(self, build: Callable[[], SpatialIndex]) -> None:
        self._build = build
        self._index: SpatialIndex | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._started = False
        self._finished = threading.Event()
        # Not a daemon: a window closed at once still ends with its index built, not killed
        # in the middle of GEOS.
        self._thread = threading.Thread(target=self._run, name="riskmap-index")

    def _run(self) -> None:
        try:
            self._index = self._build()
        except BaseException as exc:  # handed to whoever waits for the index
            self._error = exc
        finally:
            self._finished.set()

    def start(self) -> None:
        """Start the build (once)."""
        with self._lock:
            if not self._started:
                self._started = True
                self._thread.start()

    def started(self) -> bool:
        return self._started

    def done(self) -> bool:
        return self._finished.is_set()

    def result(self) -> SpatialIndex:
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._index is not None
        return self._index


def load_file_seat(
    store: Store, *, index_later_from: int | None = None
) -> tuple[SiteArrays, SpatialIndex | IndexBuild, str]:
    """A SQLite file's sites and index, and where they came from: "snapshot" when the local
    snapshot holds the file's sites as they are now (the same change mark, r0012), otherwise
    "database", read from the file and the snapshot written for the next start.

    `index_later_from`: a snapshot of at least that many sites returns its index to be built
    (an IndexBuild, not started); a load from the database builds it here, since the snapshot
    it writes needs the index's order."""
    # the mark comes first: an edit after it changes it (cleared, or renewed at riskmap's
    # commit), so a snapshot of sites read below is at worst discarded next time, never taken
    # for a state it does not hold
    mark = file_marker(store)
    if mark is None:
        sites = load_sites(store)
        return sites, SpatialIndex.from_sites(sites), "database"
    identity = file_identity(store)
    path = snapshot_path(identity)
    wait_for_snapshot(path)  # this process's own last write of it
    got = open_snapshot(path, identity=identity, crs=store.crs)
    if got is not None and got.stamp == mark:
        sites, order = got.sites, got.order
        if index_later_from is not None and len(sites) >= index_later_from:
            return sites, IndexBuild(lambda: SpatialIndex.from_sites(sites, order)), "snapshot"
        return sites, SpatialIndex.from_sites(sites, order), "snapshot"
    if got is not None:
        log.info("snapshot %s is from another state of the file: loading", path)
    sites = load_sites(store)
    index = SpatialIndex.from_sites(sites)
    order = index.tree_order(sites.ids)
    _save_later(
        path,
        lambda: save_snapshot(
            path, sites, identity=identity, rev=0, crs=store.crs, stamp=mark, order=order
        ),
    )
    return sites, index, "database"
