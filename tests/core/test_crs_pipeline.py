"""One transformation pipeline, and the metric CRS a city may have (riskmap.core.crs)."""

from __future__ import annotations

import pyproj
import pytest

from riskmap.core.crs import (
    check_metric_crs,
    metric_crs_for,
    scale_factor,
    transformer,
    utm_zone_crs,
)
from riskmap.errors import RiskmapError


@pytest.mark.parametrize(
    ("lon", "lat", "want"),
    [
        (104.6, 35.6, "EPSG:4544"),  # CM 105°E
        (121.47, 31.23, "EPSG:4549"),  # CM 120°E
        (126.6, 45.75, "EPSG:4551"),  # CM 126°E
        (87.6, 43.8, "EPSG:4538"),  # CM 87°E
        (9.5, 47.4, "EPSG:32632"),  # outside China: UTM 32N
        (24.94, 60.17, "EPSG:32635"),  # Helsinki: UTM 35N
        (-58.4, -34.6, "EPSG:32721"),  # Buenos Aires: UTM 21S
        (129.0, 35.1, "EPSG:32652"),  # Busan: in the GCJ-02 box, not in China
        (126.98, 37.57, "EPSG:32652"),  # Seoul
        (105.85, 21.03, "EPSG:32648"),  # Hanoi
        (106.9, 47.9, "EPSG:32648"),  # Ulaanbaatar
    ],
)
def test_the_outline_centre_picks_the_zone(lon: float, lat: float, want: str) -> None:
    assert metric_crs_for((lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1)) == want


def test_utm_zone_edges() -> None:
    assert utm_zone_crs(-180.0, 1.0) == "EPSG:32601"
    assert utm_zone_crs(180.0, -1.0) == "EPSG:32760"
    assert utm_zone_crs(5.99, 50.0) == "EPSG:32631"


def test_a_foreign_datum_goes_through_wgs84_degrees() -> None:
    """A file in CH1903+ into a WGS84 UTM city lands where PROJ's WGS84 route puts it, not where
    the ballpark route from CGCS2000 would (100+ m off)."""
    e, n = 2683000.0, 1248000.0  # Zürich in EPSG:2056
    via_wgs84 = pyproj.Transformer.from_crs("EPSG:2056", "EPSG:4326", always_xy=True)
    utm = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32632", always_xy=True)
    want = utm.transform(*via_wgs84.transform(e, n))
    got = transformer("EPSG:2056", "EPSG:32632").transform(e, n)
    assert got == pytest.approx(want, abs=1e-3)
    ballpark = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:2056", always_xy=True)
    lon, lat = via_wgs84.transform(e, n)
    x, y = ballpark.transform(lon, lat)
    assert abs(x - e) + abs(y - n) > 50  # the other route really is another answer


def test_a_city_crs_on_another_datum_is_refused_with_the_metres() -> None:
    with pytest.raises(RiskmapError) as err:
        check_metric_crs("EPSG:2056", (8.5, 47.4))
    assert err.value.code == "crs.foreign_datum"
    assert 100 <= float(err.value.params["apart"]) <= 250
    assert err.value.params["suggest"] == "EPSG:32632"
    with pytest.raises(RiskmapError) as err:
        check_metric_crs("EPSG:27700", (-1.5, 52.5))  # OSGB36
    assert err.value.code == "crs.foreign_datum"


@pytest.mark.parametrize(
    ("crs", "code"),
    [
        ("EPSG:4490", "store.crs_not_metric"),
        ("EPSG:99999999", "store.unknown_crs"),
        ("EPSG:3035", "crs.ambiguous"),  # ETRS89 LAEA: two routes of different accuracy
    ],
)
def test_other_refusals(crs: str, code: str) -> None:
    with pytest.raises(RiskmapError) as err:
        check_metric_crs(crs)
    assert err.value.code == code


@pytest.mark.parametrize("crs", ["EPSG:4544", "EPSG:4549", "EPSG:32650", "EPSG:3067"])
def test_city_crss_that_are_one_answer(crs: str) -> None:
    assert check_metric_crs(crs).is_projected


def test_scale_factor_is_the_projections() -> None:
    # UTM: k0 = 0.9996 on the central meridian (9°E for zone 32)
    x, y = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32632", always_xy=True).transform(9, 47)
    assert scale_factor("EPSG:32632", x, y) == pytest.approx(0.9996, abs=1e-9)
    # Gauss-Krüger: 1 on the central meridian, 1 + (Δλ·cos φ)²/2 … off it (first order)
    gk = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4544", always_xy=True)
    assert scale_factor("EPSG:4544", *gk.transform(105, 30)) == pytest.approx(1.0, abs=1e-9)
    import math

    dl = math.radians(3.0) * math.cos(math.radians(30.0))
    assert scale_factor("EPSG:4544", *gk.transform(108, 30)) == pytest.approx(
        1 + dl * dl / 2, rel=2e-5
    )
