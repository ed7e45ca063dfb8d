from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from riskmap.errors import RiskmapError
from riskmap.io.mbtiles import MBTilesSource


def _mbtiles(path: Path, meta: dict[str, str], tiles: list[tuple[int, int, int, bytes]]) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute(
        "CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)"
    )
    con.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    con.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", tiles)
    con.commit()
    con.close()
    return path


def test_reads_zooms_name_and_tiles_in_xyz_order(tmp_path: Path) -> None:
    # zoom 3 has 8 rows: XYZ row 2 is TMS row 8 - 1 - 2 = 5
    path = _mbtiles(tmp_path / "a.mbtiles", {"name": "城区"}, [(3, 6, 5, b"png"), (5, 1, 1, b"x")])
    src = MBTilesSource(path)
    try:
        assert (src.min_zoom, src.max_zoom, src.name) == (3, 5, "城区")
        assert src.tile(3, 6, 2) == b"png"
        assert src.tile(3, 6, 5) is None
    finally:
        src.close()


def test_metadata_zooms_win_and_the_name_defaults_to_the_file(tmp_path: Path) -> None:
    meta = {"minzoom": "1", "maxzoom": "9"}
    src = MBTilesSource(_mbtiles(tmp_path / "b.mbtiles", meta, [(4, 0, 0, b"t")]))
    try:
        assert (src.min_zoom, src.max_zoom, src.name) == (1, 9, "b")
    finally:
        src.close()


def test_refuses_what_is_not_a_tile_file(tmp_path: Path) -> None:
    with pytest.raises(RiskmapError, match="no such MBTiles file"):
        MBTilesSource(tmp_path / "missing.mbtiles")
    empty = _mbtiles(tmp_path / "empty.mbtiles", {}, [])
    with pytest.raises(RiskmapError, match="holds no tiles"):
        MBTilesSource(empty)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (a)").connection.close()
    with pytest.raises(RiskmapError, match="not an MBTiles file"):
        MBTilesSource(other)
