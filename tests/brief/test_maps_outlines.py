"""District outlines are simplified once per outline and tolerance, and never stand in for
another outline (riskmap.brief.maps)."""

from __future__ import annotations

import math

import shapely

from riskmap.brief import maps


def _ring(n: int, r: float) -> shapely.Polygon:
    # A many-sided polygon with a wobble: simplifying it removes vertices.
    pts = [
        ((r + (5.0 if i % 2 else 0.0)) * math.cos(2 * math.pi * i / n),
         (r + (5.0 if i % 2 else 0.0)) * math.sin(2 * math.pi * i / n))
        for i in range(n)
    ]  # fmt: skip
    return shapely.Polygon(pts)


def test_an_outline_is_simplified_once_and_as_shapely_would() -> None:
    outline = _ring(400, 1000.0)
    first = maps._outlines([outline], 20.0)[0]
    assert first.equals_exact(shapely.simplify(outline, 20.0, preserve_topology=True), 0.0)
    assert len(shapely.get_coordinates(first)) < 401
    assert maps._outlines([outline], 20.0)[0] is first  # the second map reuses it
    other_tolerance = maps._outlines([outline], 2.0)[0]
    assert other_tolerance.equals_exact(shapely.simplify(outline, 2.0, preserve_topology=True), 0.0)


def test_a_new_outline_gets_its_own_simplification() -> None:
    old = _ring(400, 1000.0)
    before = maps._outlines([old], 20.0)[0]
    new = _ring(300, 2000.0)  # the districts imported again: other objects, other shapes
    after = maps._outlines([new, old], 20.0)
    assert after[0].equals_exact(shapely.simplify(new, 20.0, preserve_topology=True), 0.0)
    assert not after[0].equals(before)
    assert after[1] is before
