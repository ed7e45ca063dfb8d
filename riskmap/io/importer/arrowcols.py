"""GDAL's Arrow stream (through pyogrio and nanoarrow) as numpy columns.

pyogrio's Arrow path reads a GeoPackage about four times faster than its row-by-row path (1.0 s
against 4.5 s for 10^6 points here). Its own `read_arrow` needs pyarrow (170 MB installed);
nanoarrow (3 MB) hands us the same buffers, and the few Arrow types GDAL emits are decoded here
with numpy: numbers and booleans without copies, strings with one decode per value, and WKB
points straight into an (n, 2) coordinate array.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import nanoarrow as na
import numpy as np

_NUMERIC = {
    na.Type.INT8: np.int8,
    na.Type.INT16: np.int16,
    na.Type.INT32: np.int32,
    na.Type.INT64: np.int64,
    na.Type.UINT8: np.uint8,
    na.Type.UINT16: np.uint16,
    na.Type.UINT32: np.uint32,
    na.Type.UINT64: np.uint64,
    na.Type.FLOAT: np.float32,
    na.Type.DOUBLE: np.float64,
}
_STRINGS = {na.Type.STRING: np.int32, na.Type.LARGE_STRING: np.int64}
_BINARIES = {na.Type.BINARY: np.int32, na.Type.LARGE_BINARY: np.int64}
_POINT_WKB = 21  # byte order (1), type (4), x and y (8 + 8)


def _bits(buf: Any, offset: int, n: int) -> np.ndarray:
    raw = np.frombuffer(buf, dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[offset : offset + n].astype(bool)


def _valid(arr: Any, n: int) -> np.ndarray | None:
    """The validity mask, or None when every value is present."""
    buf = arr.buffers[0]
    if len(buf) == 0:
        return None
    mask = _bits(buf, arr.offset, n)
    return None if mask.all() else mask


def storage_type(schema: Any) -> Any:
    """The Arrow type under an extension type (GDAL tags WKB columns 'geoarrow.wkb')."""
    if schema.type == na.Type.EXTENSION:
        return schema.extension.storage.type
    return schema.type


def _offsets(arr: Any, dtype: Any, n: int) -> np.ndarray:
    return np.frombuffer(arr.buffers[1], dtype=dtype)[arr.offset : arr.offset + n + 1]


def _strings(buf: Any, off: np.ndarray) -> list[str]:
    """Arrow UTF-8 values as str: the buffer decoded once and sliced at character offsets
    (byte offsets less the continuation bytes before them), twice as fast as one decode per
    value for 10^6 names."""
    raw = np.frombuffer(buf, dtype=np.uint8)[off[0] : off[-1]]
    try:
        text = raw.tobytes().decode("utf-8")
    except UnicodeDecodeError:  # GDAL let a bad byte through: decode value by value
        data = raw.tobytes()
        start = int(off[0])
        return [
            data[a - start : b - start].decode("utf-8", "replace")
            for a, b in pairwise(off.tolist())
        ]
    cont = np.concatenate([[0], np.cumsum((raw & 0xC0) == 0x80)])
    rel = off - off[0]
    chars = (rel - cont[rel]).tolist()
    return [text[a:b] for a, b in pairwise(chars)]


def column(arr: Any, schema: Any) -> np.ndarray:
    """One Arrow array as numpy: numeric without nulls stays numeric; all else is object
    (str, bool, bytes, None for nulls)."""
    n = len(arr)
    kind = storage_type(schema)
    valid = _valid(arr, n)
    if kind in _NUMERIC:
        values = np.frombuffer(arr.buffers[1], dtype=_NUMERIC[kind])[arr.offset : arr.offset + n]
        if valid is None:
            return values.copy()
        out = values.astype(object)
        out[~valid] = None
        return out
    if kind == na.Type.BOOL:
        values = _bits(arr.buffers[1], arr.offset, n).astype(object)
        if valid is not None:
            values[~valid] = None
        return values
    if kind in _STRINGS or kind in _BINARIES:
        off = _offsets(arr, _STRINGS.get(kind) or _BINARIES[kind], n)
        if kind in _STRINGS:
            items = _strings(arr.buffers[2], off)
        else:
            data = bytes(arr.buffers[2])
            items = [data[a:b] for a, b in pairwise(off.tolist())]
        out = np.empty(n, dtype=object)
        out[:] = items
        if valid is not None:
            out[~valid] = None
        return out
    if kind == na.Type.NULL:
        return np.full(n, None, dtype=object)
    # Anything else GDAL might emit (lists, decimals, dates when not asked as strings):
    # nanoarrow's own conversion, slower but general.
    out = np.empty(n, dtype=object)
    out[:] = arr.to_pylist()  # element-wise: lists of equal length must not become a 2D array
    return out


def wkb_points(arr: Any, schema: Any) -> np.ndarray | None:
    """(n, 2) coordinates when every value is a 2D little-endian WKB Point (NaN for nulls);
    None otherwise, and the caller parses the WKB in full."""
    n = len(arr)
    kind = storage_type(schema)
    if kind not in _BINARIES:
        return None
    off = _offsets(arr, _BINARIES[kind], n)
    if n == 0:
        return np.empty((0, 2))
    valid = _valid(arr, n)
    lengths = np.diff(off)
    present = np.ones(n, dtype=bool) if valid is None else valid
    if not (lengths[present] == _POINT_WKB).all():
        return None
    data = np.frombuffer(arr.buffers[2], dtype=np.uint8)
    starts = off[:-1][present].astype(np.int64)
    head = data[starts[:, None] + np.arange(5)]
    # Byte order 1 (little endian), geometry type 1 (Point): anything else takes the slow path.
    if not ((head[:, 0] == 1) & (head[:, 1] == 1) & (head[:, 2:] == 0).all(axis=1)).all():
        return None
    xy = np.full((n, 2), np.nan)
    body = data[starts[:, None] + np.arange(5, 21)]
    xy[present] = np.ascontiguousarray(body).view("<f8").reshape(-1, 2)
    return xy
