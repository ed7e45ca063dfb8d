"""Basemap tile maths, the GCJ-02 placement of a tile and the user's basemap choice."""

from __future__ import annotations

import math

import numpy as np
import pytest

from riskmap.core.datum import wgs84_to_gcj02
from riskmap.core.tiles import BasemapConfig, looks_gcj02, tile_corners, tile_range, tile_url
from riskmap.errors import RiskmapError
from riskmap.messages import render

R_EARTH = 6371008.8


def _metres(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    """Haversine distance: independent of the code under test."""
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dp, dl = p1 - p0, math.radians(lon1 - lon0)
    a = math.sin(dp / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * R_EARTH * math.asin(math.sqrt(a))


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lat_of_merc_y(my: float) -> float:
    return math.degrees(2 * math.atan(math.exp(my)) - math.pi / 2)


def test_tile_range_finds_the_tiles_of_known_places() -> None:
    # Tiananmen at z 10 is tile 843/388 (the OSM wiki's slippy-map formula)
    assert tile_range(116.397, 39.909, 116.397, 39.909, 10) == (843, 388, 843, 388)
    # the whole world at z 1 is 2 × 2 tiles; boxes past the poles clamp to the grid
    assert tile_range(-180, -89, 179.9, 89, 1) == (0, 0, 1, 1)
    # a box spanning two columns and rows at z 2: lon -10…10 straddles x 1|2
    assert tile_range(-10, -10, 10, 10, 2) == (1, 1, 2, 2)


def test_tile_corners_of_the_world_tile() -> None:
    c = tile_corners(0, 0, 0)
    assert c[:, 0].tolist() == [-180.0, 180.0, 180.0, -180.0]
    assert c[0, 1] == pytest.approx(85.0511287798, abs=1e-9)
    assert c[2, 1] == pytest.approx(-85.0511287798, abs=1e-9)


def _placed(c: np.ndarray, u: float, v: float) -> tuple[float, float]:
    """Where the map draws pixel (u, v) of a tile whose corners sit at `c`: bilinear in Web
    Mercator, as the tile is drawn (its projective transform differs by far less here)."""
    m = [(lon, _merc_y(lat)) for lon, lat in c]  # top-left, top-right, bottom-right, bottom-left
    w = [(1 - u) * (1 - v), u * (1 - v), u * v, (1 - u) * v]
    return sum(wi * p[0] for wi, p in zip(w, m, strict=True)), _lat_of_merc_y(
        sum(wi * p[1] for wi, p in zip(w, m, strict=True))
    )


@pytest.mark.parametrize(
    ("lon", "lat", "z", "tolerance_m"),
    [
        (116.397, 39.909, 18, 0.05),  # Beijing, street level
        (121.4737, 31.2304, 16, 0.1),  # Shanghai
        (113.2644, 23.1291, 15, 0.3),  # Guangzhou
        (104.0665, 30.5728, 14, 1.0),  # Chengdu, city scale
        (87.6168, 43.8256, 12, 10.0),  # Ürümqi, a whole city in a few tiles: < 1/3 pixel
    ],
)
def test_a_gcj02_tile_lands_where_the_wgs84_position_is(
    lon: float, lat: float, z: int, tolerance_m: float
) -> None:
    # The GCJ-02 tile server draws what is at WGS84 (lon, lat) at its GCJ-02 coordinates.
    glon, glat = (float(v) for v in wgs84_to_gcj02(lon, lat))
    n = 1 << z
    fx = (glon + 180.0) / 360.0 * n
    fy = (1 - _merc_y(glat) / math.pi) / 2 * n
    x, y = int(fx), int(fy)
    u, v = fx - x, fy - y  # where in the tile that pixel is (0…1)
    err = _metres(*_placed(tile_corners(z, x, y, datum="gcj02"), u, v), lon, lat)
    assert err < tolerance_m, err
    # and without the correction it would sit hundreds of metres away
    assert 100 < _metres(*_placed(tile_corners(z, x, y), u, v), lon, lat) < 1000


def test_gcj02_tiles_stay_seamless() -> None:
    # neighbours share their corners, so no gap or overlap opens between shifted tiles
    z, x, y = 14, 13_245, 6_460
    here = tile_corners(z, x, y, "gcj02")
    right = tile_corners(z, x + 1, y, "gcj02")
    below = tile_corners(z, x, y + 1, "gcj02")
    np.testing.assert_allclose(here[1], right[0], atol=1e-12)
    np.testing.assert_allclose(here[2], right[3], atol=1e-12)
    np.testing.assert_allclose(here[3], below[0], atol=1e-12)
    # and the shift itself is GCJ-02's: a few hundred metres in China
    shift = _metres(*here[0], *tile_corners(z, x, y)[0])
    assert 100 < shift < 1000, shift


KEY = "0123456789abcdef0123456789ABCDEF"


def test_tianditu_urls_carry_the_users_key_on_web_mercator_endpoints() -> None:
    cfg = BasemapConfig(kind="tianditu", key=KEY).validated()
    (vec, vec_cache), (cva, cva_cache) = cfg.layers()
    assert (vec_cache, cva_cache) == ("tianditu-vec", "tianditu-cva")
    # (843 + 388) % 8 = 7: the subdomain is fixed per tile, t0–t7
    assert tile_url(vec, 10, 843, 388, cfg.subdomain_chars) == (
        "https://t7.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        f"&TILEMATRIX=10&TILEROW=388&TILECOL=843&tk={KEY}"
    )
    assert tile_url(cva, 3, 6, 2, cfg.subdomain_chars).startswith(
        "https://t0.tianditu.gov.cn/cva_w/wmts?"
    )
    img = BasemapConfig(kind="tianditu", key=KEY, layer="img").layers()
    assert [name for _t, name in img] == ["tianditu-img", "tianditu-cia"]
    assert "LAYER=cia&" in img[1][0] and f"tk={KEY}" in img[1][0]
    assert cfg.tile_datum == "wgs84"


def test_a_bad_key_or_url_is_refused_in_chinese() -> None:
    with pytest.raises(RiskmapError) as bad_key:
        BasemapConfig(kind="tianditu", key="abc").validated()
    assert bad_key.value.code == "tiles.tianditu_key_format"
    assert "32 位" in render(bad_key.value.code, bad_key.value.params, "zh")
    with pytest.raises(RiskmapError) as no_y:
        BasemapConfig(kind="xyz", url="https://tiles.example.cn/{z}/{x}.png").validated()
    assert render(no_y.value.code, no_y.value.params, "zh").startswith("瓦片地址缺少 {y}")
    with pytest.raises(RiskmapError) as scheme:
        BasemapConfig(kind="xyz", url="tiles.example.cn/{z}/{x}/{y}.png").validated()
    assert "须以 http:// 或 https:// 开头" in render(scheme.value.code, scheme.value.params, "zh")
    with pytest.raises(RiskmapError) as no_file:
        BasemapConfig(kind="mbtiles", path="  ").validated()
    assert render(no_file.value.code, no_file.value.params, "zh") == "请选择一个 MBTiles 文件"


def test_xyz_urls_fill_placeholders_and_keep_their_datum() -> None:
    cfg = BasemapConfig(
        kind="xyz",
        url=" https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z} ",
        datum="gcj02",
        subdomains="1234",
    ).validated()
    ((template, cache_name),) = cfg.layers()
    assert tile_url(template, 15, 26_000, 12_000, cfg.subdomain_chars) == (
        "https://webrd01.is.autonavi.com/appmaptile?style=8&x=26000&y=12000&z=15"
    )
    assert cache_name.startswith("webrd0_s_.is.autonavi.com-") and cfg.tile_datum == "gcj02"
    assert looks_gcj02(template) and looks_gcj02("https://rt1.map.gtimg.com/{z}/{x}/{y}.png")
    assert not looks_gcj02("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert not looks_gcj02("https://notautonavi.com.example.org/{z}/{x}/{y}")


def test_the_setting_round_trips_and_junk_means_no_basemap() -> None:
    cfg = BasemapConfig(kind="tianditu", key=KEY, layer="img")
    assert BasemapConfig.from_dict(cfg.to_dict()) == cfg
    assert not BasemapConfig.from_dict(None).active
    assert not BasemapConfig.from_dict({"kind": "ftp"}).active
    assert not BasemapConfig.from_dict(["x"]).active
    # an older setting was a bare path or URL
    assert BasemapConfig.from_dict("/data/city.mbtiles") == BasemapConfig(
        kind="mbtiles", path="/data/city.mbtiles"
    )
    assert BasemapConfig.from_dict("https://a/{z}/{x}/{y}.png").kind == "xyz"
