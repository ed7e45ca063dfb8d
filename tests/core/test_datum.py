"""GCJ-02 and BD-09: the published forward values, inverses within 0.5 m, identity outside."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from riskmap.core import datum

GEOD = Geod(ellps="WGS84")


def _metres(lon1, lat1, lon2, lat2) -> np.ndarray:
    return np.abs(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def test_forward_transforms_give_the_published_values() -> None:
    # Reference values of the widely used implementation (wandergis/coordTransform).
    lon, lat = datum.gcj02_to_bd09(116.404, 39.915)
    assert float(lon) == pytest.approx(116.41036949371029, abs=1e-12)
    assert float(lat) == pytest.approx(39.92133699351022, abs=1e-12)
    lon, lat = datum.wgs84_to_gcj02(116.404, 39.915)
    assert float(lon) == pytest.approx(116.41024449916938, abs=1e-12)
    # In Beijing GCJ-02 lies about 0.0014° north of WGS84 (Tiananmen: 39.9075 → 39.9089).
    assert 0.0010 < float(lat) - 39.915 < 0.0018
    # The published one-step inverse is approximate; ours agrees with it to a few centimetres.
    lon, lat = datum.bd09_to_gcj02(116.404, 39.915)
    assert float(lon) == pytest.approx(116.39762729119315, abs=5e-7)
    assert float(lat) == pytest.approx(39.90865673957631, abs=5e-7)


def test_the_offset_is_hundreds_of_metres_in_the_demo_city() -> None:
    lon, lat = 104.62, 35.61
    g = datum.wgs84_to_gcj02(lon, lat)
    b = datum.wgs84_to_bd09(lon, lat)
    assert 100 < _metres(lon, lat, *g) < 800
    assert 500 < _metres(lon, lat, *b) < 1500


def test_inverses_within_half_a_metre_over_china() -> None:
    lon, lat = np.meshgrid(np.linspace(74, 134, 61), np.linspace(18, 53, 36))
    lon, lat = lon.ravel(), lat.ravel()
    for fwd, inv in (
        (datum.wgs84_to_gcj02, datum.gcj02_to_wgs84),
        (datum.wgs84_to_bd09, datum.bd09_to_wgs84),
        (datum.gcj02_to_bd09, datum.bd09_to_gcj02),
    ):
        back = inv(*fwd(lon, lat))
        assert _metres(lon, lat, *back).max() < 0.5
        assert _metres(lon, lat, *back).max() < 0.001  # in fact far better


def test_identity_outside_china() -> None:
    for lon, lat in ((139.69, 35.69), (2.35, 48.86), (-74.0, 40.7), (151.2, -33.9)):
        for fn in (datum.wgs84_to_gcj02, datum.wgs84_to_bd09, datum.gcj02_to_wgs84):
            out = fn(lon, lat)
            assert (float(out[0]), float(out[1])) == (lon, lat)
    with pytest.raises(ValueError, match="unknown datum"):
        datum.to_wgs84(1.0, 2.0, "xian80")


@settings(max_examples=200, deadline=None)
@given(st.floats(73, 135), st.floats(18, 54))
def test_round_trip_anywhere_in_china(lon: float, lat: float) -> None:
    for d in ("gcj02", "bd09"):
        back = datum.to_wgs84(*datum.from_wgs84(lon, lat, d), d)
        assert _metres(lon, lat, *back) < 0.5
