"""The basemap's disk cache and fetcher, against a tile server on 127.0.0.1 (no network)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tileserver import TileServer, png

from riskmap.core.tiles import BasemapConfig
from riskmap.io.tilecache import RemoteTiles, TileCache, complete_image


def _source(tile_server: TileServer, cache: TileCache, kind: str = "xyz") -> RemoteTiles:
    cfg = BasemapConfig(kind=kind, url=tile_server.url, key="0" * 32)
    return RemoteTiles(tile_server.url, "local", cfg, cache)


def test_a_tile_is_fetched_once_and_then_served_offline(tmp_path: Path, tile_server: TileServer):
    cache = TileCache(tmp_path / "tiles")
    src = _source(tile_server, cache)
    assert src.tile(14, 13_245, 6_460) == png(14, 13_245, 6_460)
    assert (tmp_path / "tiles/local/14/13245/6460.tile").read_bytes() == png(14, 13_245, 6_460)
    tile_server.stop()  # offline from here on
    again = _source(tile_server, TileCache(tmp_path / "tiles"))  # a new session, same folder
    assert again.tile(14, 13_245, 6_460) == png(14, 13_245, 6_460)
    assert tile_server.hits == Counter({"/14/13245/6460.png": 1})
    assert again.tile(14, 13_245, 6_461) is None  # never seen, no server: no tile, no error


def test_the_least_recently_used_tiles_go_when_the_cap_is_reached(tmp_path: Path, tile_server):
    size = len(png(1, 0, 0))
    assert {len(png(1, x, 0)) for x in range(4)} == {size}  # same size, so the cap is exact
    cache = TileCache(tmp_path / "tiles", max_bytes=3 * size)
    src = _source(tile_server, cache)
    for x in range(3):
        src.tile(1, x, 0)
    assert src.tile(1, 0, 0) is not None  # used again: now the newest
    src.tile(1, 3, 0)  # a fourth tile pushes out the least recently used, (1, 1, 0)
    root = tmp_path / "tiles/local/1"
    on_disk = sorted(str(p.relative_to(root)) for p in root.rglob("*.tile"))
    assert on_disk == ["0/0.tile", "2/0.tile", "3/0.tile"]
    assert cache.total_bytes == 3 * size
    # the order survives a restart (file times): the next to go is (1, 2, 0)
    reopened = TileCache(tmp_path / "tiles", max_bytes=3 * size)
    assert reopened.total_bytes == 3 * size
    reopened.get("local", 1, 0, 0)
    reopened.get("local", 1, 3, 0)
    reopened.put("local", 1, 4, 0, png(1, 4, 0))
    assert reopened.get("local", 1, 2, 0) is None
    assert reopened.get("local", 1, 0, 0) == png(1, 0, 0)


def test_a_damaged_cached_tile_is_fetched_again(tmp_path: Path, tile_server: TileServer) -> None:
    cache = TileCache(tmp_path / "tiles")
    src = _source(tile_server, cache)
    src.tile(5, 26, 12)
    path = cache.path("local", 5, 26, 12)
    path.write_bytes(path.read_bytes()[:40])  # cut off, as by a crash or a bad disk
    assert src.tile(5, 26, 12) == png(5, 26, 12)
    assert tile_server.hits["/5/26/12.png"] == 2
    assert path.read_bytes() == png(5, 26, 12)


def test_error_pages_are_not_kept_and_refusals_are_said(tmp_path: Path, tile_server) -> None:
    cache = TileCache(tmp_path / "tiles")
    tile_server.body = b"<ServiceException>invalid key</ServiceException>"
    src = _source(tile_server, cache, kind="tianditu")
    assert src.tile(3, 1, 1) is None and not cache.path("local", 3, 1, 1).exists()
    assert src.refusal is None
    tile_server.body, tile_server.status = None, 403
    assert src.tile(3, 1, 2) is None
    assert src.refusal is not None and src.refusal.code == "tiles.tianditu_refused"
    assert src.refusal.params == {"status": 403}
    other = _source(tile_server, cache)
    other.tile(3, 1, 2)
    assert other.refusal is not None and other.refusal.code == "tiles.server_refused"
    tile_server.status = 404  # no tile there is not a refusal
    quiet = _source(tile_server, cache)
    assert quiet.tile(3, 2, 2) is None and quiet.refusal is None


def test_complete_image_knows_whole_files_from_cut_ones() -> None:
    whole = png(0, 0, 0)
    assert complete_image(whole) and not complete_image(whole[:-4])
    assert complete_image(b"\xff\xd8\xff\xe0" + b"x" * 20 + b"\xff\xd9")
    assert not complete_image(b"\xff\xd8\xff\xe0" + b"x" * 20)
    assert not complete_image(b"<html>")
