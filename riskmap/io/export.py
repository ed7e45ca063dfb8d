"""Export a layer (or the sites of a dossier selection on it) for other tools and other offices.

GeoPackage, GeoJSON, Shapefile, KML and FlatGeobuf through pyogrio/GDAL; CSV and XLSX as tables
with longitude/latitude columns (and WKT for lines and polygons), chosen by the file's suffix.
Columns are the site's id, name, address and district, then the layer's fields (typed as the
layer declares them), then any other attributes a site carries, named by their Chinese names
(编号, 名称, 重大危险源等级 …) in GeoPackage, GeoJSON, FlatGeobuf, CSV and XLSX and as KML's
display names; the importer reads them back.
Yes/no fields are the text 是/否 in every format (no format's boolean type survives the trip
through ArcGIS, QGIS, Excel and the Shapefile alike). docs/exports.md says it for users.

- GeoPackage: version 1.2 unless asked (`gpkg_version`), which QGIS 3.4 and ArcGIS 10.6 open.
- GeoJSON: outer rings counter-clockwise, holes clockwise (RFC 7946).
- KML: written by riskmap.io.kml_write, one <Folder> named after the layer (危化品企业),
  styled with the layer's colours from the catalogue (per class where the layer has classes);
  each field's Chinese name is its displayName, its key its name (GDAL launders non-ASCII
  names to underscores).
- Shapefile: a .dbf holds field names of at most 10 bytes, too few for Chinese: the keys, cut
  part by part (threatened_people → threa_peop), which the importer reads back; a .cpg says
  UTF-8, and a sidecar <name>.fields.csv maps each short name to the Chinese one.

Every file is written beside the target first and moved over it, so a failed export leaves
no half-written file.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from sqlalchemy import text

from riskmap.atomic import replace_with
from riskmap.core.catalog import Catalog, LayerSpec, load_catalog
from riskmap.core.crs import GEOGRAPHIC, transformer
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.engine import Store
from riskmap.store.schema import wkb_sql

DRIVERS = {
    ".gpkg": "GPKG",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".shp": "ESRI Shapefile",
    ".kml": "KML",
    ".fgb": "FlatGeobuf",
}
TABLES = (".csv", ".xlsx")
SHAPEFILE_NAME = 10
GPKG_VERSION = "1.2"  # QGIS before 3.10 and ArcGIS before 10.8 refuse 1.3's files
FIELD_MAP_SUFFIX = ".fields.csv"
FIELD_MAP_HEADERS = ("字段", "字段名称", "字段键")
YES, NO = "是", "否"
# (key, Chinese header) of the site's own columns.
SITE_COLUMNS = (("id", "编号"), ("name", "名称"), ("address", "地址"), ("district", "行政区划代码"))
_GEOM_TYPES = {
    0: "Point",
    1: "LineString",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
}


@dataclass
class ExportResult:
    path: Path
    count: int
    columns: dict[str, str]  # field key → column name in the file
    notes: list[str] = field(default_factory=list)


@dataclass
class _Sites:
    ids: list[int]
    names: list[str]
    addresses: list[str]
    districts: list[str | None]
    geoms: np.ndarray  # in the target CRS
    attrs: list[dict[str, Any]]


def _load(store: Store, layer: str, site_ids: Any, crs: str) -> _Sites:
    with store.engine.connect() as c:
        rows = c.execute(
            text(
                f"SELECT id, name, address, district_code, {wkb_sql(c.dialect.name)}, attrs"
                " FROM sites WHERE layer = :layer ORDER BY id"
            ),
            {"layer": layer},
        ).all()
    if site_ids is not None:
        wanted = {int(i) for i in site_ids}
        rows = [r for r in rows if r[0] in wanted]
    geoms = shapely.from_wkb([bytes(r[4]) for r in rows]) if rows else np.empty(0, dtype=object)
    if len(geoms) and crs != store.crs:
        t = transformer(store.crs, crs)
        geoms = shapely.transform(geoms, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))
    return _Sites(
        ids=[int(r[0]) for r in rows],
        names=[r[1] for r in rows],
        addresses=[r[2] or "" for r in rows],
        districts=[r[3] for r in rows],
        geoms=np.asarray(geoms, dtype=object),
        attrs=[_attrs(r[5]) for r in rows],
    )


def _attrs(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value)


def short_names(keys: list[str], limit: int = SHAPEFILE_NAME) -> dict[str, str]:
    """Unique names of at most `limit` characters, each part of a long key cut in turn
    ('accidents_last_year' → 'acc_las_ye'), so the importer can tell them apart again."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys:
        name = key
        if len(key) > limit:
            parts = [p for p in key.split("_") if p]
            budget = limit - (len(parts) - 1)
            if budget < len(parts):
                name = key[:limit]
            else:
                lengths = [0] * len(parts)
                while sum(lengths) < budget:
                    grew = False
                    for j, p in enumerate(parts):
                        if sum(lengths) < budget and lengths[j] < len(p):
                            lengths[j] += 1
                            grew = True
                    if not grew:
                        break
                name = "_".join(p[:n] for p, n in zip(parts, lengths, strict=True))
        k = 1
        base = name
        while name.lower() in taken:
            suffix = str(k)
            name = base[: limit - len(suffix)] + suffix
            k += 1
        taken.add(name.lower())
        out[key] = name
    return out


def _columns(spec: LayerSpec, sites: _Sites, zh: bool) -> list[tuple[str, str, list[Any]]]:
    """(key, header, values) for every column, typed by the layer's fields."""
    cols: list[tuple[str, str, list[Any]]] = [
        ("id", "编号" if zh else "id", list(sites.ids)),
        ("name", "名称" if zh else "name", list(sites.names)),
        ("address", "地址" if zh else "address", list(sites.addresses)),
        ("district", "行政区划代码" if zh else "district", list(sites.districts)),
    ]
    known = {f.key for f in spec.fields}
    for f in spec.fields:
        values = [a.get(f.key) for a in sites.attrs]
        if f.type == "bool":
            values = [None if v is None else YES if v else NO for v in values]
        cols.append((f.key, f.zh if zh else f.key, values))
    extra = sorted({k for a in sites.attrs for k in a} - known)
    for k in extra:
        cols.append((k, k, [_plain(a.get(k)) for a in sites.attrs]))
    return cols


def _plain(v: Any) -> Any:
    if v is None or isinstance(v, bool | int | float | str):
        return v
    return json.dumps(v, ensure_ascii=False)


def _typed(spec: LayerSpec, key: str, values: list[Any]) -> tuple[np.ndarray, np.ndarray | None]:
    """A numpy column for GDAL with its null mask: ints stay integers even with gaps."""
    f = spec.field(key)
    kind = f.type if f is not None else None
    if (
        kind == "enum"
        and f is not None
        and f.choices
        and all(isinstance(c, int) and not isinstance(c, bool) for c in f.choices)
    ):
        kind = "int"
    mask = np.array([v is None for v in values], dtype=bool)
    has_nulls = bool(mask.any())
    try:
        if kind == "int" or (key == "id"):
            arr = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
            return arr, mask if has_nulls else None
        if kind == "float":
            arr = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
            return arr, None
    except (TypeError, ValueError):
        pass  # a value of another type in the attrs: written as text
    arr = np.empty(len(values), dtype=object)
    arr[:] = [None if v is None else str(v) if not isinstance(v, str) else v for v in values]
    return arr, None


def _store_catalog(
    store_or_ws: Store | Workspace, catalog: Catalog | None
) -> tuple[Store, Catalog]:
    if isinstance(store_or_ws, Workspace):
        return store_or_ws.store, catalog or store_or_ws.catalog
    return store_or_ws, catalog or load_catalog()


def export_layer(
    store_or_ws: Store | Workspace,
    path: str | Path,
    layer_key: str,
    site_ids: Any = None,
    crs: str = GEOGRAPHIC,
    *,
    catalog: Catalog | None = None,
    gpkg_version: str = GPKG_VERSION,
) -> ExportResult:
    """Write the sites of `layer_key` (only `site_ids`, when given) to `path`; the format is
    chosen by the suffix (.gpkg .geojson .shp .kml .fgb .csv .xlsx). Coordinates in `crs`
    (default CGCS2000 degrees; KML and GeoJSON are always lon/lat). A GeoPackage is written
    as `gpkg_version` (1.2, 1.3 or 1.4)."""
    store, cat = _store_catalog(store_or_ws, catalog)
    spec = cat[layer_key]
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DRIVERS and suffix not in TABLES:
        known = [*DRIVERS, *TABLES]
        raise RiskmapError.of("export.suffix", name=path.name, known=known)
    if suffix in (".kml", ".geojson", ".json"):
        crs = GEOGRAPHIC  # both formats are lon/lat by definition
    try:
        import pyproj

        pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        raise RiskmapError.of("export.unknown_crs", crs=crs) from None
    sites = _load(store, layer_key, site_ids, crs)
    if not sites.ids:
        if site_ids is not None:
            raise RiskmapError.of("export.none_selected", layer=layer_key)
        raise RiskmapError.of("export.empty_layer", layer=layer_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in TABLES:
        return _write_table(spec, sites, path, crs)
    if suffix == ".kml":
        return _write_kml(spec, sites, path)
    return _write_vector(spec, sites, path, crs, DRIVERS[suffix], gpkg_version)


def _write_table(spec: LayerSpec, sites: _Sites, path: Path, crs: str) -> ExportResult:
    from riskmap.io.tables import write_csv, write_xlsx

    cols = _columns(spec, sites, zh=True)
    geographic = crs == GEOGRAPHIC or _geographic(crs)
    rp = shapely.get_coordinates(
        np.where(
            shapely.get_type_id(sites.geoms) == 0,
            sites.geoms,
            shapely.point_on_surface(sites.geoms),
        )
    )
    hx, hy = ("经度", "纬度") if geographic else ("X", "Y")
    headers = [h for _k, h, _v in cols] + [hx, hy]
    points_only = bool((shapely.get_type_id(sites.geoms) == 0).all())
    digits = 9 if geographic else 3
    wkt: list[str] = []
    if not points_only:
        headers.append("WKT")
        wkt = shapely.to_wkt(sites.geoms, rounding_precision=digits).tolist()
        if path.suffix.lower() == ".xlsx" and max(map(len, wkt)) > 32767:
            raise RiskmapError.of("export.xlsx_cell", layer=spec.key)
    rows = []
    for i in range(len(sites.ids)):
        row = [v[i] for _k, _h, v in cols] + [float(rp[i, 0]), float(rp[i, 1])]
        if wkt:
            row.append(wkt[i])
        rows.append(row)
    if path.suffix.lower() == ".csv":
        write_csv(path, headers, rows)
    else:
        write_xlsx(path, {spec.name_zh: (headers, rows)})
    return ExportResult(path, len(rows), {k: h for k, h, _v in cols})


def _geographic(crs: str) -> bool:
    import pyproj

    return bool(pyproj.CRS.from_user_input(crs).is_geographic)


def _write_vector(
    spec: LayerSpec, sites: _Sites, path: Path, crs: str, driver: str, gpkg_version: str
) -> ExportResult:
    cols = _columns(spec, sites, zh=True)
    notes: list[str] = []
    names = {k: h for k, h, _v in cols}
    if driver == "ESRI Shapefile":
        names = short_names([k for k, _h, _v in cols])
    geoms = sites.geoms
    if driver == "GeoJSON":
        geoms = shapely.orient_polygons(geoms)  # RFC 7946 §3.1.6
    types = shapely.get_type_id(sites.geoms)
    dims = {0 if t in (0, 4) else 1 if t in (1, 5) else 2 for t in types.tolist()}
    if driver == "ESRI Shapefile" and len(dims) > 1:
        raise RiskmapError.of("export.mixed_types", layer=spec.key)
    present = sorted(set(types.tolist()))
    gtype = _GEOM_TYPES.get(present[0], "Unknown") if len(present) == 1 else "Unknown"
    if len(present) == 2 and present[1] == present[0] + 4:
        gtype = _GEOM_TYPES[present[1]]  # Point + MultiPoint → MultiPoint
    data, masks, fields = [], [], []
    for key, _h, values in cols:
        arr, mask = _typed(spec, key, values)
        data.append(arr)
        masks.append(mask)
        fields.append(names[key])
    options: dict[str, Any] = {}
    if driver == "GeoJSON":
        options["layer_options"] = {"COORDINATE_PRECISION": "9", "WRITE_NAME": "NO"}
    if driver == "ESRI Shapefile":
        options["encoding"] = "UTF-8"
    if driver == "GPKG":
        if gpkg_version not in ("1.2", "1.3", "1.4"):
            raise RiskmapError.of("export.gpkg_version", version=gpkg_version)
        options["dataset_options"] = {"VERSION": gpkg_version}
    import pyogrio.errors  # here: pyogrio imports geopandas, a third of a second
    import pyogrio.raw

    tmpdir = Path(tempfile.mkdtemp(prefix=f".{path.stem}.", dir=path.parent))
    try:
        tmp = tmpdir / path.name
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pyogrio.raw.write(
                str(tmp),
                shapely.to_wkb(geoms),
                data,
                fields,
                field_mask=masks,
                layer=spec.key,
                driver=driver,
                geometry_type=gtype,
                crs=crs,
                promote_to_multi=gtype.startswith("Multi") or None,
                **options,
            )
        notes += [f"GDAL: {str(w.message).splitlines()[0]}" for w in caught]
        if driver == "ESRI Shapefile":
            _write_field_map(tmpdir / (path.stem + FIELD_MAP_SUFFIX), cols, names)
        for part in tmpdir.iterdir():
            replace_with(part, path.parent / part.name, reset_mode=True)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        RuntimeError,
        OSError,
    ) as exc:
        raise RiskmapError.of("export.cannot_write", path=path.name, detail=exc) from None
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return ExportResult(path, len(sites.ids), names, notes)


def _write_field_map(
    target: Path, cols: list[tuple[str, str, list[Any]]], names: dict[str, str]
) -> None:
    """The Shapefile's sidecar: each short field name with its Chinese name and its key."""
    from riskmap.io.tables import write_csv

    write_csv(target, FIELD_MAP_HEADERS, [[names[k], h, k] for k, h, _v in cols])


def _write_kml(spec: LayerSpec, sites: _Sites, path: Path) -> ExportResult:
    from riskmap.atomic import write_bytes_atomic
    from riskmap.io import kml_write as kw

    cols = _columns(spec, sites, zh=True)
    st = spec.style
    kml, doc = kw.document(spec.name_zh)
    fill_alpha = 0x66  # a fill that leaves the basemap readable, unless the layer gives one

    def add_style(style_id: str, colour: str) -> None:
        fill = st.fill if st.fill and colour == st.color else colour
        alpha = None if st.fill and colour == st.color else fill_alpha
        kw.style(
            doc,
            style_id,
            line=kw.kml_colour(colour, 0xFF),
            width=max(1.0, st.width * 2),
            poly=kw.kml_colour(fill, alpha),
            icon=kw.kml_colour(colour, 0xFF),
            scale=st.size / 10,
        )

    add_style("layer", st.color)
    classes = dict(st.classes) if st.class_field else {}
    for cls, colour in classes.items():
        add_style(f"class-{cls}", colour)
    folder = kw.folder(doc, spec.name_zh)
    # The Chinese names as each field's displayName, the keys as its name: GDAL (QGIS, ArcGIS)
    # launders a non-ASCII Data name to underscores, while Google Earth shows the displayName.
    labels = {k: h for k, h, _v in cols}
    for i in range(len(sites.ids)):
        cls = str(sites.attrs[i].get(st.class_field)) if st.class_field else None
        pm = kw.placemark(folder, sites.names[i], f"class-{cls}" if cls in classes else "layer")
        data = [(k, _kml_value(v[i])) for k, _h, v in cols if k != "name" and v[i] is not None]
        kw.extended_data(pm, data, labels)
        kw.geometry(pm, sites.geoms[i])
    try:
        write_bytes_atomic(path, kw.to_bytes(kml))
    except OSError as exc:
        raise RiskmapError.of("export.cannot_write", path=path.name, detail=exc) from None
    names = {k: k for k, _h, _v in cols}
    names["name"] = "Name"  # <name>, which GDAL and the importer read as the column Name
    return ExportResult(path, len(sites.ids), names)


def _kml_value(v: Any) -> str:
    if isinstance(v, float):
        return repr(v)
    return str(v)
