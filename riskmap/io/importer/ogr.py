"""Vector files through pyogrio/GDAL: GeoPackage, Shapefile, GeoJSON, KML/KMZ, GPX, FlatGeobuf.

The layer is chosen (or must be, when several hold features), read through GDAL's Arrow stream,
and checked against the count its header claims; GDAL's warnings become notes on the source and
its errors one precise line (a GeoJSON syntax error with its line and column).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.errors
import shapely

from riskmap.io.importer.arrowcols import column, storage_type, wkb_points
from riskmap.io.importer.report import Bad, SourceError
from riskmap.io.importer.shapefile import (
    Dataset,
    check_shapefile,
    shapefile_encoding,
)
from riskmap.io.importer.source import (
    GEOGRAPHIC,
    FeatureSource,
    Geometries,
    LayerInfo,
    Progress,
    normal_crs,
)
from riskmap.messages import Note, Words

_GDAL_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.CRSError,
    RuntimeError,
)
_BATCH = 65536
KML_SUFFIXES = (".kml", ".kmz")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


# -- layers -------------------------------------------------------------------------------------


def _call(ds: Dataset, fn: Callable[[], Any], notes: list[str] | None = None) -> Any:
    """Run a pyogrio call: GDAL's warnings become notes, its errors one precise line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn()
        except _GDAL_ERRORS as exc:
            raise _explain(ds, exc) from None
    for w in caught:
        if notes is not None:
            notes.append(f"GDAL: {_first_line(w.message)}")  # type: ignore[arg-type]
    return result


def _explain(ds: Dataset, exc: BaseException) -> SourceError:
    msg = _first_line(exc)
    if ds.suffix in (".geojson", ".json"):
        syntax = _json_syntax(ds)
        if syntax:
            return syntax
    if "not recognized as being in a supported file format" in msg or "not recognized as a" in msg:
        return SourceError.of("import.unreadable", name=ds.name)
    return SourceError.of("import.gdal_failed", name=ds.name, detail=msg)


def _json_syntax(ds: Dataset) -> SourceError | None:
    """Python's JSON parser names the line and column of a syntax error; GDAL's may not."""
    try:
        raw = ds.read_part(ds.suffix, None) if ds.inner else ds.path.read_bytes()
        json.loads(raw or b"")
    except json.JSONDecodeError as exc:
        return SourceError.of(
            "import.json_syntax",
            name=ds.name,
            detail=exc.msg.lower(),
            line=exc.lineno,
            column=exc.colno,
        )
    except UnicodeDecodeError as exc:
        return SourceError.of("import.json_not_utf8", name=ds.name, byte=exc.start)
    except (OSError, RecursionError, ValueError):
        return None
    return None


def _count(n: Any) -> int | None:
    n = int(n)
    return n if n >= 0 else None


def ogr_layers(
    path: Path, ds: Dataset | None = None, encoding: str | None = None
) -> list[LayerInfo]:
    if ds is None:
        ds = Dataset(path, None)
        if ds.suffix in KML_SUFFIXES:
            from riskmap.io.importer.kml import read_layers

            return read_layers(ds.path, ds.inner)
        if ds.suffix == ".shp":
            check_shapefile(ds)
            encoding, _origin = shapefile_encoding(ds, encoding, [])
    raw = _call(ds, lambda: pyogrio.list_layers(ds.gdal_path))
    out = []
    for name, gtype in raw:
        info = _call(
            ds,
            lambda name=name: pyogrio.read_info(
                ds.gdal_path, layer=name, encoding=encoding, force_feature_count=True
            ),
        )
        out.append(LayerInfo(str(name), str(gtype or ""), _count(info["features"])))
    return out


def _choose_layer(ds: Dataset, layers: list[LayerInfo], layer: str | None) -> LayerInfo:
    listing = ", ".join(
        f"{li.name} ({li.features if li.features is not None else '?'})" for li in layers
    )
    if layer is not None:
        for li in layers:
            if li.name == layer:
                return li
        raise SourceError.of("import.no_layer", name=ds.name, layer=layer, layers=listing)
    candidates = [li for li in layers if li.features != 0]
    if not candidates:
        raise SourceError.of(
            "import.no_features", name=ds.name, layers=listing or Words("none", "无")
        )
    if len(candidates) > 1:
        raise SourceError.of("import.several_layers", name=ds.name, layers=listing)
    return candidates[0]


# -- reading --------------------------------------------------------------------------------


def read_ogr(
    path: Path,
    *,
    layer: str | None,
    encoding: str | None,
    crs: str | None,
    progress: Progress | None,
) -> FeatureSource:
    ds = Dataset(path, layer)
    notes: list[str] = []
    claimed: int | None = None
    enc_origin = ""
    if ds.suffix == ".shp":
        claimed = check_shapefile(ds)
        encoding, enc_origin = shapefile_encoding(ds, encoding, notes)
    elif encoding:
        notes.append(Note("note.utf8_format", format=ds.suffix or "GDAL", encoding=encoding))
        encoding = None
    if ds.suffix in KML_SUFFIXES:
        return _read_kml(ds, layer, crs, progress, notes)
    layers = ogr_layers(path, ds, encoding)
    chosen = _choose_layer(ds, layers, layer)
    info = _call(ds, lambda: pyogrio.read_info(ds.gdal_path, layer=chosen.name, encoding=encoding))
    if claimed is None:
        claimed = _count(info["features"])
    columns, geometry, n = _read_arrow(ds, chosen.name, encoding, claimed, progress, notes)
    if n == 0:
        raise SourceError.of("import.layer_empty", name=ds.name, layer=chosen.name)
    if claimed is not None and n < claimed:
        raise SourceError.of("import.truncated", name=ds.name, claimed=claimed, held=n)
    file_crs = normal_crs(info.get("crs"))
    src = FeatureSource(
        path=path,
        format=str(info.get("driver") or ""),
        layer=chosen.name,
        layers=layers,
        columns=columns,
        geometry=geometry,
        crs=file_crs,
        crs_origin="file" if file_crs else "none",
        encoding=encoding or ("UTF-8" if ds.suffix == ".shp" else None),
        encoding_origin=enc_origin,
        claimed_count=claimed,
        notes=notes,
    )
    if crs is not None:
        src = src.with_crs(crs)
    elif src.crs is None:
        _guess_crs(src)
    return src


def _read_kml(
    ds: Dataset, layer: str | None, crs: str | None, progress: Progress | None, notes: list[str]
) -> FeatureSource:
    """KML/KMZ through the streaming reader (GDAL's drivers hold the whole document)."""
    from riskmap.io.importer.kml import KML_CRS, read_kml

    name, layers, columns, geometry = read_kml(
        ds.path, ds.inner, layer, progress, lambda infos, wanted: _choose_layer(ds, infos, wanted)
    )
    if len(geometry) == 0:
        raise SourceError.of("import.layer_empty", name=ds.name, layer=name)
    src = FeatureSource(
        path=ds.path,
        format="KMZ" if ds.path.suffix.lower() == ".kmz" else "KML",
        layer=name,
        layers=layers,
        columns=columns,
        geometry=geometry,
        crs=KML_CRS,
        crs_origin="file",
        notes=notes,
    )
    return src.with_crs(crs) if crs is not None else src


def _guess_crs(src: FeatureSource) -> None:
    """No CRS in the file: degrees-looking coordinates are taken as CGCS2000; others wait for
    the user to name the CRS."""
    xy = src.geometry.sample_xy()
    if len(xy) and (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all():
        src.crs, src.crs_origin = GEOGRAPHIC, "assumed"
        src.notes.append(Note("note.no_crs_degrees"))
    else:
        src.notes.append(Note("note.no_crs_not_degrees"))


def _read_arrow(
    ds: Dataset,
    layer: str,
    encoding: str | None,
    claimed: int | None,
    progress: Progress | None,
    notes: list[str],
) -> tuple[dict[str, np.ndarray], Geometries, int]:
    parts: dict[str, list[np.ndarray]] = {}
    xy_parts: list[np.ndarray | None] = []
    wkb_parts: list[np.ndarray | None] = []
    n = 0

    def read() -> None:
        nonlocal n
        import nanoarrow as na

        with pyogrio.raw.open_arrow(
            ds.gdal_path,
            layer=layer,
            encoding=encoding,
            datetime_as_string=True,
            batch_size=_BATCH,
            use_pyarrow=False,
        ) as (meta, stream):
            arrays = na.ArrayStream(stream)
            schema = arrays.schema
            gname = _geometry_column(schema, meta)
            for batch in arrays:
                for i in range(schema.n_fields):
                    f = schema.field(i)
                    child = batch.child(i)
                    if f.name == gname:
                        xy = wkb_points(child, f)
                        xy_parts.append(xy)
                        wkb_parts.append(column(child, f) if xy is None else None)
                    else:
                        parts.setdefault(f.name, []).append(column(child, f))
                if gname is None:
                    xy_parts.append(np.full((len(batch), 2), np.nan))
                    wkb_parts.append(None)
                n += len(batch)
                if progress is not None:
                    progress(n, claimed or 0, "read")

    _call(ds, read, notes)
    columns = {k: _concat(v) for k, v in parts.items()}
    return columns, _geometries(xy_parts, wkb_parts), n


def _geometry_column(schema: Any, meta: dict[str, Any]) -> str | None:
    wanted = meta.get("geometry_name") or "wkb_geometry"
    names = [schema.field(i).name for i in range(schema.n_fields)]
    if wanted in names:
        return str(wanted)
    for i in range(schema.n_fields):
        f = schema.field(i)
        if f.type.name == "EXTENSION" and "wkb" in str(f.extension.name).lower():
            return str(f.name)
    for i in range(schema.n_fields):
        f = schema.field(i)
        if f.name in ("geometry", "wkb_geometry", "geom") and "BINARY" in storage_type(f).name:
            return str(f.name)
    return None


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    if len(parts) == 1:
        return parts[0]
    if all(p.dtype != object for p in parts) and len({p.dtype for p in parts}) == 1:
        return np.concatenate(parts)
    return np.concatenate([p.astype(object) for p in parts])


def _geometries(
    xy_parts: list[np.ndarray | None], wkb_parts: list[np.ndarray | None]
) -> Geometries:
    if all(p is not None for p in xy_parts):
        xy = np.vstack(xy_parts) if xy_parts else np.empty((0, 2))  # type: ignore[arg-type]
        return Geometries(xy=xy)
    geoms: list[np.ndarray] = []
    bad: dict[int, Bad] = {}
    offset = 0
    for xy, wkb in zip(xy_parts, wkb_parts, strict=True):
        if xy is not None:
            g = np.full(len(xy), None, dtype=object)
            ok = np.isfinite(xy).all(axis=1)
            g[ok] = shapely.points(xy[ok])
        else:
            assert wkb is not None
            present = np.array([v is not None for v in wkb], dtype=bool)
            # The site table is 2D; GDAL's Arrow path cannot drop Z/M itself.
            with np.errstate(invalid="ignore"):  # NaN coordinates: rejected per feature later
                g = shapely.force_2d(shapely.from_wkb(wkb, on_invalid="ignore"))
            for j in np.flatnonzero(present & shapely.is_missing(g)):
                bad[offset + int(j)] = Bad(
                    "几何无法解析（可能是曲线等不支持的类型）",
                    "the geometry cannot be read (a curve or another unsupported type?)",
                )
        geoms.append(g)
        offset += len(g)
    return Geometries(geoms=np.concatenate(geoms) if geoms else np.empty(0, dtype=object), bad=bad)
