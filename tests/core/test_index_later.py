"""A window's start on a large city builds the index from the snapshot on a thread once the
window is up (issue 20, `Workspace.load(index_later_from=…)`, `start_index()`): the workspace
answers exactly as one loaded with its index built, whoever asks first waits for the index
(starting the build if nobody has), and a failed build is raised to whoever asks. The demo city
stands in for a large one with a threshold of 0."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import shapely

import riskmap.core.seat as seat_module
from riskmap.core.seat import IndexBuild
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store


def _regions(ws: Workspace) -> list[shapely.Geometry]:
    x0, y0, x1, y1 = shapely.total_bounds(ws.sites.geoms)
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    return [
        shapely.Point(cx, cy).buffer(5_000.0),
        shapely.box(x0, y0, x0 + 0.3 * (x1 - x0), y0 + 0.4 * (y1 - y0)),
    ]


def _load(url: str, later_from: int | None) -> Workspace:
    return Workspace.load(open_store(url), index_later_from=later_from)


def test_the_index_built_later_answers_as_the_one_built_in_the_load(demo_copy: str) -> None:
    first = _load(demo_copy, 0)
    # read from the file: its snapshot needs the index's order, so the load builds it
    assert first.source == "database" and first._index_build is None
    seat_module.wait_for_snapshot(seat_module.snapshot_path(seat_module.file_identity(first.store)))
    later = _load(demo_copy, 0)
    assert later.source == "snapshot"
    build = later._index_build
    assert isinstance(build, IndexBuild)
    assert not build.started()  # left for the window to start once its first frame is up
    later.start_index()
    assert build.started()
    now = _load(demo_copy, None)
    assert now.source == "snapshot" and now._index_build is None
    above = _load(demo_copy, len(now.sites) + 1)  # a city smaller than the threshold
    assert above._index_build is None

    for region in _regions(now):
        expected = now.sites.ids[shapely.intersects(now.sites.geoms, region)]
        assert len(expected) > 0
        np.testing.assert_array_equal(later.ids_in(region), expected)
    assert later._index_build is None  # asked once: the built index is the workspace's now
    assert len(later.index) == len(now.sites)
    some = int(now.sites.ids[len(now.sites) // 2])
    assert later.geometry(some).equals(now.index.geometry(some))
    for ws in (first, later, now, above):
        ws.store.dispose()


def test_the_grid_waits_for_the_index_on_its_own_thread(demo_copy: str, monkeypatch) -> None:
    _load(demo_copy, None).store.dispose()
    store = open_store(demo_copy)
    seat_module.wait_for_snapshot(seat_module.snapshot_path(seat_module.file_identity(store)))
    store.dispose()
    release = threading.Event()
    real = seat_module.SpatialIndex.from_sites

    def held(*args, **kwargs):
        release.wait(timeout=60)  # the build is still running when the grid is asked for
        return real(*args, **kwargs)

    monkeypatch.setattr(seat_module.SpatialIndex, "from_sites", held)
    ws = _load(demo_copy, 0)
    build = ws._index_build
    assert build is not None and not build.started()
    prepared: list[object] = []
    monkeypatch.setattr(
        seat_module.SpatialIndex, "prepare_nearest", lambda self: prepared.append(self)
    )
    thread = ws.prepare_in_background(min_sites=0)  # returns without waiting for the build
    assert thread is not None and thread.daemon and thread.is_alive()
    assert not build.done()  # held back: the grid's thread waits for it
    assert ws.prepare_in_background(min_sites=0) is None  # once per index, built or not
    assert prepared == []
    release.set()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert prepared == [ws.index]
    assert ws.prepare_in_background(min_sites=0) is None  # the built index: started already
    ws.store.dispose()


def test_a_failed_build_is_raised_to_whoever_asks(demo_copy: str, monkeypatch) -> None:
    _load(demo_copy, None).store.dispose()
    store = open_store(demo_copy)
    seat_module.wait_for_snapshot(seat_module.snapshot_path(seat_module.file_identity(store)))
    store.dispose()

    def broken(*_args, **_kwargs):
        raise MemoryError("no room for the tree")

    monkeypatch.setattr(seat_module.SpatialIndex, "from_sites", broken)
    ws = _load(demo_copy, 0)
    with pytest.raises(MemoryError, match="no room for the tree"):
        ws.ids_in(_regions(ws)[0])
    ws.store.dispose()
