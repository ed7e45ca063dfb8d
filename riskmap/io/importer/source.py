"""A file's features as read, before they meet a layer: columns, geometries, CRS, encoding.

`read_features` reads any supported file into a `FeatureSource`; the Import dialog shows its
layers, CRS, datum, encoding, count and first rows, and the user's choices (another CRS, a
datum) make a changed copy with `with_crs` / `with_datum`. Reading checks the file as a whole
(missing parts, damage, a header that claims more than the file holds); per-feature problems
wait for the import, which reports them all at once.
"""

from __future__ import annotations

import codecs
import dataclasses
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely

from riskmap.core.datum import DATUMS
from riskmap.io.importer.report import Bad, SourceError

Progress = Callable[[int, int, str], None]

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
GEOGRAPHIC = "EPSG:4490"
DATUM_NAMES = {"wgs84": "WGS84", "cgcs2000": "CGCS2000", "gcj02": "GCJ-02", "bd09": "BD-09"}


@dataclass(frozen=True)
class LayerInfo:
    """One layer (or sheet) of a file, for the dialog's layer choice."""

    name: str
    geometry_type: str  # as GDAL names it ("Point", "MultiPolygon", …; "" for a sheet)
    features: int | None  # None when the format cannot tell without reading


@dataclass
class Geometries:
    """The geometries of a source, in its own CRS.

    Point-only sources keep plain coordinates (`xy`, NaN where missing): a million points then
    never become a million shapely objects on the way into the database. Anything else is an
    object array of shapely geometries (None where missing).
    """

    xy: np.ndarray | None = None  # (n, 2) float64
    geoms: np.ndarray | None = None  # (n,) object
    bad: dict[int, Bad] = field(default_factory=dict)  # index → why it could not be read

    def __len__(self) -> int:
        if self.xy is not None:
            return len(self.xy)
        return 0 if self.geoms is None else len(self.geoms)

    @property
    def points_only(self) -> bool:
        return self.xy is not None

    def shapely(self) -> np.ndarray:
        """Every geometry as a shapely object (None where missing)."""
        if self.geoms is not None:
            return self.geoms
        assert self.xy is not None
        out = np.full(len(self.xy), None, dtype=object)
        ok = np.isfinite(self.xy).all(axis=1)
        out[ok] = shapely.points(self.xy[ok])
        return out

    def sample_xy(self, limit: int = 2000) -> np.ndarray:
        """Up to `limit` representative coordinates (for CRS guesses and offset checks)."""
        if self.xy is not None:
            xy = self.xy[np.isfinite(self.xy).all(axis=1)]
        else:
            g = self.shapely()
            g = g[~shapely.is_missing(g) & ~shapely.is_empty(g)]
            step = max(1, len(g) // limit)
            with np.errstate(invalid="ignore"):  # NaN coordinates are dropped just below
                xy = shapely.get_coordinates(shapely.point_on_surface(g[::step]))
            xy = xy[np.isfinite(xy).all(axis=1)]
        step = max(1, len(xy) // limit)
        return xy[::step][:limit]

    def type_counts(self) -> dict[str, int]:
        if self.xy is not None:
            ok = int(np.isfinite(self.xy).all(axis=1).sum())
            return {"Point": ok} if ok else {}
        g = self.shapely()
        names = shapely.get_type_id(g)
        labels = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint"}
        labels |= {5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
        return dict(Counter(labels.get(int(t), "other") for t in names if t >= 0))


@dataclass
class FeatureSource:
    """Features read from one layer or sheet of a file."""

    path: Path
    format: str  # GDAL driver name, or "CSV" / "XLSX" for our own spreadsheet reader
    layer: str
    layers: list[LayerInfo]
    columns: dict[str, np.ndarray]  # attribute columns in file order (object or numeric)
    geometry: Geometries
    crs: str | None  # None: unknown (the import then asks for one)
    crs_origin: str  # "file", "given", "assumed" or "none"
    datum: str | None = None  # None: as the CRS says; "gcj02"/"bd09": offset lon/lat
    encoding: str | None = None
    encoding_origin: str = ""  # "file", "given", "detected" or "" (format is always UTF-8)
    claimed_count: int | None = None  # what the header said, when the format has one
    rows: np.ndarray | None = None  # spreadsheet row numbers (CSV/XLSX)
    coord_columns: tuple[str, ...] = ()  # the columns the geometry came from (CSV/XLSX)
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.geometry)

    @property
    def fields(self) -> list[str]:
        return list(self.columns)

    @property
    def geographic(self) -> bool | None:
        """Whether the CRS is lon/lat degrees (None when the CRS is unknown)."""
        return None if self.crs is None else crs_is_geographic(self.crs)

    def row_of(self, i: int) -> int | None:
        return None if self.rows is None else int(self.rows[i])

    def with_crs(self, crs: str) -> FeatureSource:
        """The same features declared in another CRS (the user knows better than the file)."""
        check_crs(crs)
        note = f"coordinate system set to {crs} (the file said {self.crs or 'nothing'})"
        return dataclasses.replace(self, crs=crs, crs_origin="given", notes=[*self.notes, note])

    def with_datum(self, datum: str | None) -> FeatureSource:
        """The same features read as offset coordinates (GCJ-02, BD-09) or as they are."""
        check_datum(datum)
        return dataclasses.replace(self, datum=datum)

    def preview(self, n: int = 20) -> tuple[list[str], list[list[Any]]]:
        """The first `n` features for a table: the columns, then the geometry as text."""
        headers = [*self.columns, "几何 / geometry"]
        geoms = self.geometry
        rows: list[list[Any]] = []
        for i in range(min(n, self.count)):
            values = [_plain(col[i]) for col in self.columns.values()]
            rows.append([*values, _geom_text(geoms, i)])
        return headers, rows

    def describe(self) -> str:
        """One paragraph for the dialog and `riskmap import --dry-run`."""
        types = ", ".join(f"{k} {v}" for k, v in self.geometry.type_counts().items()) or "none"
        crs = describe_crs(self.crs) if self.crs else "unknown"
        parts = [
            f"{self.path.name}: {self.format}, layer {self.layer!r}, {self.count} features "
            f"({types})",
            f"CRS {crs} ({self.crs_origin})",
        ]
        if self.datum:
            parts.append(f"datum {self.datum}")
        if self.encoding:
            parts.append(f"encoding {self.encoding} ({self.encoding_origin or 'format'})")
        return "; ".join(parts)


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


def _geom_text(geoms: Geometries, i: int) -> str:
    if i in geoms.bad:
        return f"({geoms.bad[i].en})"
    if geoms.xy is not None:
        x, y = geoms.xy[i]
        return "" if not (math.isfinite(x) and math.isfinite(y)) else f"{x:.6f}, {y:.6f}"
    g = geoms.geoms[i] if geoms.geoms is not None else None
    if g is None:
        return ""
    text = shapely.to_wkt(g, rounding_precision=6)
    return text if len(text) <= 80 else text[:77] + "…"


@lru_cache(maxsize=64)
def _parse_crs(crs: str) -> pyproj.CRS:
    return pyproj.CRS.from_user_input(crs)


def check_crs(crs: str) -> pyproj.CRS:
    try:
        return _parse_crs(crs)
    except pyproj.exceptions.CRSError:
        raise SourceError.of("import.unknown_crs", crs=crs) from None


def check_datum(datum: str | None) -> None:
    if datum is not None and datum not in DATUMS:
        raise SourceError.of("import.unknown_datum", datum=datum, choices=list(DATUMS))


def check_encoding(encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SourceError.of("import.unknown_encoding", encoding=encoding) from None
    return encoding


def crs_is_geographic(crs: str) -> bool:
    return bool(check_crs(crs).is_geographic)


def normal_crs(crs: str | None) -> str | None:
    """'EPSG:n' when PROJ recognises the CRS as an EPSG code, else the text as given."""
    if crs is None:
        return None
    parsed = check_crs(crs)
    code = parsed.to_epsg(min_confidence=70)
    return f"EPSG:{code}" if code else crs


def describe_crs(crs: str) -> str:
    parsed = check_crs(crs)
    code = parsed.to_epsg(min_confidence=70)
    return f"EPSG:{code} {parsed.name}" if code else parsed.name


def list_layers(path: str | Path) -> list[LayerInfo]:
    """The layers of a vector file, or the sheets of a workbook, with their feature counts."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from riskmap.io.importer.sheet import list_sheets

        return list_sheets(path)
    if suffix in (".csv", ".tsv", ".txt"):
        return [LayerInfo(path.stem, "", None)]
    from riskmap.io.importer.ogr import ogr_layers

    return ogr_layers(path)


def read_features(
    path: str | Path,
    *,
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    datum: str | None = None,
    lon: str | None = None,
    lat: str | None = None,
    x: str | None = None,
    y: str | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> FeatureSource:
    """Read one layer of a vector file, or one sheet of a CSV/XLSX table, into memory.

    `layer` picks the layer (needed when a file has several with features); `encoding` the
    text encoding of a shapefile or CSV (default: the file's .cpg, else detected); `crs`
    declares the coordinates' CRS when the file has none or the wrong one; `datum` says that
    lon/lat are GCJ-02 (Amap, Tencent) or BD-09 (Baidu). For tables, `lon`/`lat` (degrees,
    decimal or 度分秒) or `x`/`y` (metres, with `crs`) name the coordinate columns; without them
    the columns are found by their headers. SourceError (one line) when the file cannot be read.
    """
    path = Path(path)
    check_datum(datum)
    if crs is not None:
        check_crs(crs)
    if not path.exists():
        raise SourceError.of("import.no_file", path=path)
    if path.is_dir():
        raise SourceError.of("import.is_folder", path=path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        from riskmap.io.importer.sheet import read_table

        src = read_table(
            path,
            sheet=sheet or layer,
            encoding=encoding,
            crs=crs,
            lon=lon,
            lat=lat,
            x=x,
            y=y,
            progress=progress,
        )
    else:
        if any(v is not None for v in (lon, lat, x, y, sheet)):
            raise SourceError.of("import.table_options", name=path.name)
        from riskmap.io.importer.ogr import read_ogr

        src = read_ogr(path, layer=layer, encoding=encoding, crs=crs, progress=progress)
    src.datum = datum
    if datum in ("gcj02", "bd09") and src.crs is not None and not crs_is_geographic(src.crs):
        raise SourceError.of(
            "import.datum_projected", name=path.name, datum=DATUM_NAMES[datum], crs=src.crs
        )
    return src
