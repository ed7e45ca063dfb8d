"""A large city's index gets its vertex grid on a thread once the window's map is complete;
region answers are the same before and after, and equal a brute-force shapely test."""

from __future__ import annotations

import importlib.util

import numpy as np
import shapely

import riskmap.core.workspace as workspace_module
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store


def _brute(ws: Workspace, region: shapely.Geometry) -> np.ndarray:
    return np.sort(ws.sites.ids[shapely.intersects(ws.sites.geoms, region)])


def _regions(ws: Workspace) -> list[shapely.Geometry]:
    city = ws.city()
    assert city is not None
    c = city.geom.centroid
    corners = [(-9e3, -4e3), (2e3, -9e3), (9e3, 1e3), (-1e3, 8e3), (-6e3, 2e3)]
    return [c.buffer(8_000.0), shapely.Polygon([(c.x + dx, c.y + dy) for dx, dy in corners])]


def test_the_grid_is_built_once_on_a_thread_and_answers_stay_exact(demo_copy: str) -> None:
    ws = Workspace.load(open_store(demo_copy))
    assert len(ws.sites) < workspace_module.PREPARE_FROM
    assert ws.prepare_in_background() is None  # the demo city is too small to need it
    regions = _regions(ws)
    before = [np.sort(ws.ids_in(r)) for r in regions]
    for got, region in zip(before, regions, strict=True):
        np.testing.assert_array_equal(got, _brute(ws, region))
    thread = ws.prepare_in_background(min_sites=0)
    assert thread is not None and thread.daemon
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert ws.prepare_in_background(min_sites=0) is None  # once per index
    for got, region in zip(before, regions, strict=True):
        np.testing.assert_array_equal(np.sort(ws.ids_in(region)), got)
    ws.store.dispose()


def test_without_numba_nothing_is_started(demo_copy: str, monkeypatch) -> None:
    ws = Workspace.load(open_store(demo_copy))
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "numba" else real(name, *a)
    )
    assert ws.prepare_in_background(min_sites=0) is None
    ws.store.dispose()
