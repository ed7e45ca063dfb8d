"""CSV and XLSX tables of sites with coordinate columns (or a WKT column).

Spreadsheets are read here rather than through GDAL: the user needs the spreadsheet row of a bad
cell, coordinates come as 度分秒 as often as decimals, and CSV files from Chinese offices are GBK
as often as UTF-8. The coordinate columns are found by their headers (经度/纬度, lon/lat, x/y,
经纬度 in one cell) or named by the user; a title row above the header is skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from riskmap.errors import RiskmapError
from riskmap.io.cells import unquote
from riskmap.io.importer.coords import (
    LAT_NAMES,
    LON_NAMES,
    PAIR_NAMES,
    WKT_NAMES,
    norm_header,
    parse_coordinate,
    split_pair,
)
from riskmap.io.importer.report import Bad, SourceError
from riskmap.io.importer.source import (
    GEOGRAPHIC,
    FeatureSource,
    Geometries,
    LayerInfo,
    Progress,
    check_encoding,
    crs_is_geographic,
    normal_crs,
)
from riskmap.messages import Note, os_reason

_HEADER_SCAN = 20  # rows searched for the header (units put titles and dates above it)
_CSV_FIELD_LIMIT = 1 << 24  # a WKT cell of a large polygon is far over csv's 128 KiB default
Rows = list[tuple[int, tuple[Any, ...]]]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# -- reading the cells ------------------------------------------------------------------------


def _decode_csv(
    path: Path, data: bytes, given: str | None, notes: list[str]
) -> tuple[str, str, str]:
    """(text, encoding, origin).

    A byte order mark is unambiguous, so without a given encoding it decides. A given encoding
    is the user's word and wins: a UTF-8 BOM before it is dropped (it is no text in any encoding;
    read as GBK it would become 锘 and garbage), which some tools prepend to GBK files. A byte
    that does not decode is named by its line and its offset in the file.
    """
    if given:
        enc = check_encoding(given)
        skip = 0
        if data.startswith(codecs.BOM_UTF8) and codecs.lookup(enc).name != "utf-16":
            skip = len(codecs.BOM_UTF8)
            notes.append(Note("note.bom_dropped", encoding=enc))
        return _decode(path, data, skip, enc, "import.not_encoding"), enc, "given"
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            skip = len(bom) if enc == "utf-8" else 0
            code = "import.bom_broken"
            if enc == "utf-8" and _decodes_as(data[skip:], "gb18030"):
                code = "import.bom_but_gbk"
            return _decode(path, data, skip, enc, code), enc.upper(), "file"
    for enc in ("utf-8", "gb18030"):
        if _decodes_as(data, enc):
            return data.decode(enc), enc.upper(), "detected"
    raise SourceError.of("import.encoding_unknown", name=path.name)


def _decodes_as(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
    except UnicodeDecodeError:
        return False
    return True


def _decode(path: Path, data: bytes, skip: int, enc: str, code: str) -> str:
    """`data[skip:]` decoded, or SourceError (`code`) naming the line and file offset of the bad
    byte."""
    try:
        return data[skip:].decode(enc)
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        line = data.count(b"\n", 0, at) + 1
        raise SourceError.of(
            code,
            name=path.name,
            encoding=enc.upper(),
            line=line,
            offset=at,
            hex=f"0x{data[at]:02X}",
        ) from None


def _csv_rows(path: Path, encoding: str | None, notes: list[str]) -> tuple[Rows, str, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError.of("import.cannot_read", path=path, detail=os_reason(exc)) from None
    if not data:
        raise SourceError.of("import.empty_file", name=path.name)
    if b"\0" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError.of("import.not_text", name=path.name)
    text, enc, origin = _decode_csv(path, data, encoding, notes)
    sample = text[:65536]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with contextlib.suppress(csv.Error):  # one column, or too irregular: the default
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    old = csv.field_size_limit()
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    rows: Rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        for values in reader:
            if any(not _blank(v) for v in values):
                # riskmap's own CSV put an apostrophe before a text that looks like a formula
                rows.append((start, tuple(unquote(v) for v in values)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError.of(
            "import.csv_syntax", name=path.name, line=reader.line_num + 1, detail=str(exc)
        ) from None
    finally:
        csv.field_size_limit(old)
    if not rows:
        raise SourceError.of("import.no_rows", name=path.name)
    return rows, enc, origin


def list_sheets(path: Path) -> list[LayerInfo]:
    wb = _open_workbook(path)
    try:
        return [LayerInfo(ws.title, "", None) for ws in wb.worksheets]
    finally:
        wb.close()


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    from riskmap.io.ledger_xlsx.read import _check_container

    try:
        _check_container(path)  # the ledger's checks: .xls, encrypted, .xlsb, not a ZIP …
    except RiskmapError as exc:
        raise SourceError(str(exc), code=exc.code, params=exc.params) from None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it skips (data validation, WPS extensions); the cell
            # values, all we read, are unaffected.
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise SourceError.of("import.xlsx_damaged", name=path.name, detail=str(exc)) from None


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[Rows, str, list[LayerInfo]]:
    wb = _open_workbook(path)
    try:
        sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
        layers = [LayerInfo(ws.title, "", None) for ws in sheets]
        if not sheets:
            raise SourceError.of("import.no_worksheet", name=path.name)
        if sheet is not None:
            chosen = [ws for ws in sheets if ws.title == sheet]
            if not chosen:
                names = [ws.title for ws in sheets]
                raise SourceError.of("import.no_sheet", name=path.name, sheet=sheet, sheets=names)
            candidates = chosen
        else:
            candidates = sheets
        for ws in candidates:
            ws.reset_dimensions()  # some writers store a wrong size: read what is there
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows = [
                    # a workbook from an older riskmap stored that apostrophe in the cell too
                    (n, tuple(unquote(v) if isinstance(v, str) else v for v in values))
                    for n, values in enumerate(ws.iter_rows(values_only=True), start=1)
                    if any(not _blank(v) for v in values)
                ]
            if rows:
                return rows, ws.title, layers
        if sheet:
            raise SourceError.of("import.sheet_empty", name=path.name, sheet=sheet)
        raise SourceError.of("import.sheets_empty", name=path.name)
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError.of("import.xlsx_damaged", name=path.name, detail=str(exc)) from None
    finally:
        wb.close()


# -- the header and the coordinate columns --------------------------------------------------


def _names(values: tuple[Any, ...]) -> list[str]:
    out: list[str] = []
    for j, v in enumerate(values):
        name = str(v).strip() if not _blank(v) else f"列{j + 1}"
        base, k = name, 2
        while name in out:
            name, k = f"{base}_{k}", k + 1
        out.append(name)
    return out


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    normed = [norm_header(n) for n in names]
    for w in wanted:
        if w in normed:
            return normed.index(w)
    return None


def _explicit(names: list[str], col: str, path: Path) -> int:
    for j, n in enumerate(names):
        if n == col or norm_header(n) == norm_header(col):
            return j
    raise SourceError.of("import.no_column", name=path.name, column=col, columns=names)


def _header(rows: Rows, wanted: list[str]) -> int:
    """The header row's index: the first that names the wanted columns, else the first row
    with coordinate-like headers."""
    for i, (_n, values) in enumerate(rows[:_HEADER_SCAN]):
        normed = {norm_header(v) for v in values if not _blank(v)}
        if wanted:
            if all(norm_header(w) in normed for w in wanted):
                return i
            continue
        has_lon = any(n in normed for n in LON_NAMES)
        has_lat = any(n in normed for n in LAT_NAMES)
        if (has_lon and has_lat) or any(n in normed for n in (*PAIR_NAMES, *WKT_NAMES)):
            return i
    return -1


def read_table(
    path: Path,
    *,
    sheet: str | None,
    encoding: str | None,
    crs: str | None,
    lon: str | None,
    lat: str | None,
    x: str | None,
    y: str | None,
    progress: Progress | None,
) -> FeatureSource:
    if (lon is None) != (lat is None) or (x is None) != (y is None):
        raise SourceError.of("import.coords_pair")
    if lon is not None and x is not None:
        raise SourceError.of("import.coords_both")
    xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    notes: list[str] = []
    if xlsx:
        if path.stat().st_size == 0:
            raise SourceError.of("import.empty_file", name=path.name)
        if encoding:
            notes.append(Note("note.xlsx_encoding_ignored", encoding=encoding))
        rows, layer, layers = _xlsx_rows(path, sheet)
        enc, enc_origin = None, ""
    else:
        rows, enc, enc_origin = _csv_rows(path, encoding, notes)
        layer, layers = path.stem, [LayerInfo(path.stem, "", None)]
    wanted = [c for c in (lon, lat, x, y) if c is not None]
    h = _header(rows, wanted)
    if h < 0:
        if wanted:
            raise SourceError.of(
                "import.no_header_for",
                name=path.name,
                wanted=wanted,
                first=[str(v) for v in rows[0][1] if not _blank(v)],
            )
        raise SourceError.of("import.no_coord_columns", name=path.name)
    names = _names(rows[h][1])
    data = rows[h + 1 :]
    if not data:
        raise SourceError.of("import.no_data_rows", name=path.name, row=rows[h][0])
    metres = x is not None
    if wanted:
        ci = _explicit(names, wanted[0], path)
        cj = _explicit(names, wanted[1], path)
        pair = wkt = None
    else:
        ci, cj = _find(names, LON_NAMES), _find(names, LAT_NAMES)
        pair = _find(names, PAIR_NAMES) if ci is None or cj is None else None
        wkt = _find(names, WKT_NAMES)
        if pair is None and (ci is None or cj is None):
            ci = cj = None
    coord_cols = [j for j in (ci, cj, pair, wkt) if j is not None]
    n = len(data)
    row_numbers = np.fromiter((r for r, _ in data), dtype=np.int64, count=n)
    width = len(names)
    cells = [tuple(v[j] if j < len(v) else None for j in range(width)) for _, v in data]
    xy = np.full((n, 2), np.nan)
    bad: dict[int, Bad] = {}
    for i, values in enumerate(cells):
        try:
            if ci is not None and cj is not None:
                a, b = values[ci], values[cj]
                if _blank(a) and _blank(b) and wkt is not None:
                    continue
                xy[i] = (_coord(a, "lon"), _coord(b, "lat"))
            elif pair is not None and not _blank(values[pair]):
                a, b = split_pair(values[pair])
                xy[i] = (_coord(a, "lon"), _coord(b, "lat"))
        except Bad as problem:
            bad[i] = problem
        if progress is not None and i % 65536 == 0:
            progress(i, n, "read")
    geometry = Geometries(xy=xy, bad=bad)
    if wkt is not None:
        geometry = _with_wkt(cells, wkt, geometry)
    columns: dict[str, np.ndarray] = {}
    for j, name in enumerate(names):
        if j in coord_cols:
            continue
        col = np.empty(n, dtype=object)
        col[:] = [None if _blank(v[j]) else v[j] for v in cells]
        columns[name] = col
    xy_ok = xy[np.isfinite(xy).all(axis=1)]
    looks_degrees = bool(
        len(xy_ok) and (np.abs(xy_ok[:, 0]) <= 180).all() and (np.abs(xy_ok[:, 1]) <= 90).all()
    )
    if crs is not None:
        crs_value, crs_origin = normal_crs(crs), "given"
        if metres and crs_is_geographic(crs):
            raise SourceError.of("import.xy_geographic", crs=crs)
    elif metres:
        crs_value, crs_origin = None, "none"
        notes.append(Note("note.xy_metres_need_crs"))
    else:
        named_xy = ci is not None and norm_header(names[ci]) in ("x", "xcoord", "x坐标")
        if named_xy and not looks_degrees:
            crs_value, crs_origin = None, "none"
            notes.append(Note("note.xy_not_degrees"))
        else:
            crs_value, crs_origin = GEOGRAPHIC, "assumed"
            notes.append(Note("note.degrees_as_cgcs2000"))
    return FeatureSource(
        path=path,
        format="XLSX" if xlsx else "CSV",
        layer=layer,
        layers=layers,
        columns=columns,
        geometry=geometry,
        crs=crs_value,
        crs_origin=crs_origin,
        encoding=enc,
        encoding_origin=enc_origin,
        rows=row_numbers,
        coord_columns=tuple(names[j] for j in coord_cols),
        notes=notes,
    )


def _coord(v: Any, axis: str) -> float:
    if _blank(v):
        raise Bad(
            f"{'经度' if axis == 'lon' else '纬度'}为空",
            f"{'longitude' if axis == 'lon' else 'latitude'} is empty",
        )
    return parse_coordinate(v, axis)


def _with_wkt(cells: list[tuple[Any, ...]], j: int, points: Geometries) -> Geometries:
    """Geometries from a WKT column; rows without WKT keep their lon/lat point."""
    geoms = points.shapely()
    bad = dict(points.bad)
    for i, values in enumerate(cells):
        text = values[j]
        if _blank(text):
            continue
        bad.pop(i, None)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # shapely warns on invalid WKT; we report it
                g = shapely.from_wkt(str(text), on_invalid="ignore")
        except (shapely.errors.GEOSException, ValueError):
            g = None
        if g is None:
            bad[i] = Bad(f"WKT 无法解析「{str(text)[:30]}」", f"unreadable WKT {str(text)[:30]!r}")
            geoms[i] = None
        else:
            geoms[i] = g
    return Geometries(geoms=geoms, bad=bad)
