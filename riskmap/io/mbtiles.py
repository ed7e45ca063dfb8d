"""Reading a local MBTiles basemap (an SQLite file of map tiles), for the map's tile layer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from riskmap.errors import RiskmapError


class MBTilesSource:
    """A local MBTiles file (SQLite; rows in TMS order, i.e. y counted from the south)."""

    def __init__(self, path: str | Path):
        path = Path(path)
        if not path.is_file():
            raise RiskmapError.of("tiles.mbtiles_missing", path=path)
        # read-only, so a basemap can never be modified by the map; cross-thread use is ours
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            meta = dict(self.con.execute("SELECT name, value FROM metadata").fetchall())
            zooms = self.con.execute(
                "SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            self.con.close()
            raise RiskmapError.of(
                "tiles.mbtiles_not_tiles", name=path.name, detail=str(exc)
            ) from None
        if zooms[0] is None:
            self.con.close()
            raise RiskmapError.of("tiles.mbtiles_empty", name=path.name)
        self.min_zoom = int(meta.get("minzoom", zooms[0]))
        self.max_zoom = int(meta.get("maxzoom", zooms[1]))
        self.name = str(meta.get("name", path.stem))

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        row = self.con.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
        return bytes(row[0]) if row else None

    def close(self) -> None:
        self.con.close()
