"""PostgreSQL's binary COPY of (id bigint, layer smallint, wkb bytea) rows, parsed compiled.

One pass counts the rows, a second copies the ids, the layer codes and every geometry's WKB
into one WKB GeometryCollection (a collection's members are plain WKB one after another), so
shapely parses a million geometries in one call and no Python object is made per row.
"""

from __future__ import annotations

import sys
from functools import partial

import numpy as np
from numba import njit as _njit

njit = partial(_njit, cache=not getattr(sys, "frozen", False), nogil=True)

_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


@njit
def _be(buf, pos, size):
    v = 0
    for i in range(size):
        v = (v << 8) | buf[pos + i]
    return v


@njit
def _parse(buf):
    pos = 19 + _be(buf, 15, 4)  # signature, flags, header extension
    n = 0
    total = 0
    p = pos
    while True:
        fields = _be(buf, p, 2)
        p += 2
        if fields == 0xFFFF:
            break
        for f in range(fields):
            size = _be(buf, p, 4)
            p += 4
            if size != 0xFFFFFFFF:
                p += size
                if f == 2:
                    total += size
        n += 1
    ids = np.empty(n, np.int64)
    layers = np.empty(n, np.int16)
    out = np.empty(9 + total, np.uint8)
    out[0] = 1  # little-endian GeometryCollection of n members
    out[1], out[2], out[3], out[4] = 7, 0, 0, 0
    for b in range(4):
        out[5 + b] = (n >> (8 * b)) & 0xFF
    q = 9
    p = pos
    for r in range(n):
        p += 2
        p += 4
        ids[r] = _be(buf, p, 8)  # int64 arithmetic wraps: the top byte's sign comes through
        p += 8
        p += 4
        v = _be(buf, p, 2)
        layers[r] = v - 65536 if v >= 32768 else v
        p += 2
        size = _be(buf, p, 4)
        p += 4
        out[q : q + size] = buf[p : p + size]
        q += size
        p += size
    return ids, layers, out


def parse_sites_copy(data: bytes | memoryview) -> tuple[np.ndarray, np.ndarray, bytes]:
    """(ids, layer codes, one WKB collection of the geometries) from a binary COPY."""
    buf = np.frombuffer(data, np.uint8)
    if bytes(buf[:11]) != _SIGNATURE:
        raise ValueError("not a PostgreSQL binary COPY")
    ids, layers, wkb = _parse(buf)
    return ids, layers, wkb.tobytes()
