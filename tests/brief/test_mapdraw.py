"""The printed map's drawing rules, observed through a Surface that records what is drawn:
at city scale the symbols are bounded and the choropleth counts are the dossier's; labels
never overlap each other or the map's furniture."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from contextlib import contextmanager

import pytest

from riskmap.brief.mapdraw import (
    Frame,
    MapOptions,
    MapPainter,
    area_counts,
    draw_map,
    place_map_labels,
)
from riskmap.brief.printmap import print_data
from riskmap.core import style
from riskmap.core.dossier import Filters, build
from riskmap.core.region import Region


class Recorder:
    """A Surface that keeps what it is asked to draw; text widths of a 0.5 em per character
    font (labels only need a consistent measure)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []

    def polygon(self, rings, fill, stroke, width=0.2, dash=()):  # type: ignore[no-untyped-def]
        self.calls.append(("polygon", (len(rings), fill, stroke)))

    def polyline(self, pts, stroke, width, dash=()):  # type: ignore[no-untyped-def]
        self.calls.append(("polyline", (len(pts), stroke)))

    def circle(self, x, y, r, fill, stroke, width=0.2):  # type: ignore[no-untyped-def]
        self.calls.append(("circle", (x, y, r, fill, stroke)))

    def text(self, x, y, text, size, color, *, bold=False, halo=None, align="L"):  # type: ignore[no-untyped-def]
        self.calls.append(("text", (x, y, text)))

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        return len(text) * size * 0.3528

    @contextmanager
    def clipped(self, x, y, w, h):  # type: ignore[no-untyped-def]
        yield


POINTS = ("chemical_plants", "dense_venues", "geohazards", "mines", "gas")


@pytest.fixture(scope="module")
def city(demo_ws, demo_anchor: dt.date):
    specs = [demo_ws.catalog[k] for k in POINTS]
    return specs, print_data(demo_ws, demo_ws.whole_region(), specs, demo_anchor)


def test_city_scale_draws_only_urgent_symbols_and_the_dossiers_counts(
    demo_ws, demo_anchor: dt.date, city
) -> None:
    specs, data = city
    frame = Frame(10, 20, 220, 170)
    p = MapPainter(frame, data.bounds)
    assert p.denominator > 250_000  # beyond every point layer's symbol scale
    rec = Recorder()
    draw_map(rec, frame, data, specs, MapOptions(labels=False, legend=False))
    urgent = [
        f for f in data.features
        if f.site.hazards and (f.site.level == "major" or f.site.overdue)
    ]  # fmt: skip
    symbols = [c for c in rec.calls if c[0] in ("polygon", "circle")]
    # Each urgent site: its symbol and its rings; nothing for the thousands of others.
    assert len(data.features) > 10 * len(urgent)
    assert len(symbols) <= 3 * len(urgent) + 2 * len(data.areas) + 10
    # The choropleth counts what the dossier of each county counts: its open hazards.
    counts = area_counts(data, set(POINTS))
    for county in demo_ws.counties():
        region = Region.from_district(demo_ws.districts, county.code, demo_ws.crs)
        d = build(demo_ws, region, Filters(layers=POINTS, as_of=demo_anchor))
        assert counts[county.code] == sum(h.is_open for h in d.hazards), county.name


def test_labels_never_overlap_each_other_or_the_furniture(demo_ws, demo_anchor: dt.date) -> None:
    towns = [d for d in demo_ws.districts if d.level == "township"]
    dense = {d.code: len(demo_ws.ids_in(d.geom, list(POINTS))) / d.geom.area for d in towns}
    town = max(towns, key=lambda d: (dense[d.code], d.code))
    region = Region.from_district(demo_ws.districts, town.code, demo_ws.crs)
    specs = [demo_ws.catalog[k] for k in (*POINTS, "roads", "waterways")]
    data = print_data(demo_ws, region, specs, demo_anchor)
    # A small frame: a denser page than any real one, so many labels compete.
    frame = Frame(0, 0, 120, 90)
    p = MapPainter(frame, data.bounds)
    obstacle = (20.0, 15.0, 45.0, 35.0)  # off the centre, where the township is named
    placed = place_map_labels(Recorder(), p, data, specs, 5000.0, [obstacle], MapOptions())
    assert len(placed) > 15
    kinds = Counter(key[0] for key in (lab.key for lab in placed))
    assert kinds["site"] > 0 and kinds["area"] > 0
    for a, b in itertools.combinations(placed, 2):
        assert not style.overlaps(a.box, b.box), (a.text, b.text)
    for lab in placed:
        assert not style.overlaps(lab.box, obstacle)
        x0, y0, x1, y1 = lab.box
        assert x0 >= 0 and x1 <= 120 and y0 >= 0 and y1 <= 90
