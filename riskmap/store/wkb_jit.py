"""The compiled half of riskmap.store.columns: runs of WKB walked without the GIL.

Imported only where numba is installed (the desktop bundle has none: there the sites are read
row by row and parsed by GEOS, with the same result).

`scan_wkb` walks a run of WKB geometries laid end to end and splits it into what shapely can
build from arrays (points, lines, polygons) and what it hands back to GEOS's own WKB reader
("other": multi-geometries, anything with a NaN coordinate (empty points), lines of fewer
than 2 vertices, rings that are short or not closed). Only 2D little-endian WKB of types 1–6
is walked; anything else (3D, SRID prefixes, big-endian, collections) makes the whole run
"not mine", and the caller reads it the old way. So a geometry built here is always the one
GEOS would have read.
"""

from __future__ import annotations

import sys
from functools import partial

import numpy as np
from numba import njit as _njit

# Compiled code is cached beside the module; a frozen bundle ships no .py sources for numba to
# key its cache on (and has no numba anyway).
njit = partial(_njit, cache=not getattr(sys, "frozen", False))

POINT, LINE, POLYGON, OTHER = 0, 1, 2, 3


@njit(nogil=True, inline="always")
def _u32(buf, p):
    return (
        np.int64(buf[p])
        | (np.int64(buf[p + 1]) << 8)
        | (np.int64(buf[p + 2]) << 16)
        | (np.int64(buf[p + 3]) << 24)
    )


@njit(nogil=True, inline="always")
def _is_nan(buf, p):
    """Whether the little-endian float64 at p is a NaN (exponent all ones, mantissa not 0)."""
    hi = _u32(buf, p + 4)
    lo = _u32(buf, p)
    return (hi & 0x7FF00000) == 0x7FF00000 and ((hi & 0xFFFFF) != 0 or lo != 0)


@njit(nogil=True)
def _any_nan(buf, p, m):
    """Whether one of the m vertices (x, y float64) from p has a NaN: GEOS is left to decide
    what such a geometry is (and its bounds)."""
    for v in range(2 * m):  # noqa: SIM110 (numba compiles no generator in any())
        if _is_nan(buf, p + 8 * v):
            return True
    return False


@njit(nogil=True, inline="always")
def _same16(buf, a, b):
    for k in range(16):  # noqa: SIM110 (numba compiles no generator in all())
        if buf[a + k] != buf[b + k]:
            return False
    return True


@njit(nogil=True)
def _walk(buf, p, want):
    """(end, kind, coordinates, rings) of the WKB geometry at p; end -1: not one this walks.
    `want`: the type the geometry must have (parts of a multi-geometry), 0 for any."""
    n = len(buf)
    if p + 9 > n or buf[p] != 1:
        return -1, OTHER, 0, 0
    t = _u32(buf, p + 1)
    if want != 0 and t != want:
        return -1, OTHER, 0, 0
    if t == 1:
        if p + 21 > n:
            return -1, OTHER, 0, 0
        if _is_nan(buf, p + 5) or _is_nan(buf, p + 13):
            return p + 21, OTHER, 0, 0
        return p + 21, POINT, 1, 0
    m = _u32(buf, p + 5)
    q = p + 9
    if t == 2:
        end = q + 16 * m
        if end > n:
            return -1, OTHER, 0, 0
        return end, (LINE if m >= 2 and not _any_nan(buf, q, m) else OTHER), m, 0
    if t == 3:
        kind = POLYGON if m >= 1 else OTHER
        coords = 0
        for _ in range(m):
            if q + 4 > n:
                return -1, OTHER, 0, 0
            k = _u32(buf, q)
            q += 4
            if q + 16 * k > n:
                return -1, OTHER, 0, 0
            # closed when the first and last vertex are the same bytes and not NaN; anything
            # else (-0.0 against 0.0 included) is left to GEOS, which decides it as it will
            if k < 4 or not _same16(buf, q, q + 16 * (k - 1)) or _is_nan(buf, q):
                kind = OTHER
            if _any_nan(buf, q, k):
                kind = OTHER
            q += 16 * k
            coords += k
        return q, kind, coords, m
    if 4 <= t <= 6:
        for _ in range(m):
            end, _kind, _c, _r = _walk_part(buf, q, t - 3)
            if end < 0:
                return -1, OTHER, 0, 0
            q = end
        return q, OTHER, 0, 0
    return -1, OTHER, 0, 0


@njit(nogil=True)
def _walk_part(buf, p, want):
    """`_walk` for one part of a multi-geometry: its end only (numba compiles no recursion
    through a tuple-returning function here, and a part's kind does not matter)."""
    n = len(buf)
    if p + 9 > n or buf[p] != 1 or _u32(buf, p + 1) != want:
        return -1, OTHER, 0, 0
    if want == 1:
        return (p + 21 if p + 21 <= n else -1), OTHER, 0, 0
    m = _u32(buf, p + 5)
    q = p + 9
    if want == 2:
        end = q + 16 * m
        return (end if end <= n else -1), OTHER, 0, 0
    for _ in range(m):
        if q + 4 > n:
            return -1, OTHER, 0, 0
        q += 4 + 16 * _u32(buf, q)
        if q > n:
            return -1, OTHER, 0, 0
    return q, OTHER, 0, 0


@njit(nogil=True)
def scan_wkb(buf, count):
    """Split `count` WKB geometries laid end to end in `buf` (uint8); count -1: as many as
    the bytes hold.

    Returns ok, kind (int8 per geometry), start (int64, count + 1: geometry i is
    buf[start[i]:start[i + 1]]), and, each in the geometries' order within its kind: the
    points' xy (as bytes, 16 a point), the lines' vertices (bytes) and vertex offsets, the
    polygons' vertices (bytes), ring offsets and the polygons' ring offsets; then every
    geometry's bounds (minx, miny, maxx, maxy; NaN for "other"). ok is False when
    the run holds something not walked here or not exactly `count` geometries.
    """
    cap = count if count >= 0 else len(buf) // 9  # no WKB is shorter than 9 bytes
    kind = np.full(cap, OTHER, np.int8)
    start = np.zeros(cap + 1, np.int64)
    ncoord = np.zeros(cap, np.int64)
    nring = np.zeros(cap, np.int64)
    empty = np.zeros(0, np.uint8)
    none = np.zeros(1, np.int64)
    nobox = np.zeros((0, 4))
    p = 0
    i = 0
    while p < len(buf) and i < cap:
        start[i] = p
        end, k, c, r = _walk(buf, p, 0)
        if end < 0:
            return False, kind, start, empty, empty, none, empty, none, none, nobox
        kind[i] = k
        ncoord[i] = c
        nring[i] = r
        p = end
        i += 1
    if p != len(buf) or (count >= 0 and i != count):
        return False, kind, start, empty, empty, none, empty, none, none, nobox
    count = i
    kind = kind[:count].copy()
    start = start[: count + 1].copy()
    start[count] = p
    n_pt = n_ln = n_pg = c_ln = c_pg = r_pg = 0
    for i in range(count):
        if kind[i] == POINT:
            n_pt += 1
        elif kind[i] == LINE:
            n_ln += 1
            c_ln += ncoord[i]
        elif kind[i] == POLYGON:
            n_pg += 1
            c_pg += ncoord[i]
            r_pg += nring[i]
    pt = np.empty(16 * n_pt, np.uint8)
    ln = np.empty(16 * c_ln, np.uint8)
    ln_off = np.zeros(n_ln + 1, np.int64)
    pg = np.empty(16 * c_pg, np.uint8)
    ring_off = np.zeros(r_pg + 1, np.int64)
    pg_off = np.zeros(n_pg + 1, np.int64)
    bounds = np.full((count, 4), np.nan)
    ln_xy = ln.view(np.float64)
    pg_xy = pg.view(np.float64)
    a = b = c = 0  # points, lines, polygons so far
    vl = vp = rp = 0  # line vertices, polygon vertices, rings so far
    for i in range(count):
        s = start[i]
        k = kind[i]
        if k == POINT:
            pt[16 * a : 16 * a + 16] = buf[s + 5 : s + 21]
            a += 1
        elif k == LINE:
            m = ncoord[i]
            ln[16 * vl : 16 * (vl + m)] = buf[s + 9 : s + 9 + 16 * m]
            _envelope(ln_xy, vl, vl + m, bounds[i])
            vl += m
            b += 1
            ln_off[b] = vl
        elif k == POLYGON:
            q = s + 9
            for r in range(nring[i]):
                m = _u32(buf, q)
                q += 4
                pg[16 * vp : 16 * (vp + m)] = buf[q : q + 16 * m]
                if r == 0:  # a polygon's envelope is its shell's (GEOS's rule)
                    _envelope(pg_xy, vp, vp + m, bounds[i])
                q += 16 * m
                vp += m
                rp += 1
                ring_off[rp] = vp
            c += 1
            pg_off[c] = rp
    xy = pt.view(np.float64)
    a = 0
    for i in range(count):
        if kind[i] == POINT:
            bounds[i, 0] = bounds[i, 2] = xy[2 * a]
            bounds[i, 1] = bounds[i, 3] = xy[2 * a + 1]
            a += 1
    return True, kind, start, pt, ln, ln_off, pg, ring_off, pg_off, bounds


@njit(nogil=True)
def _envelope(xy, v0, v1, out):
    """(minx, miny, maxx, maxy) of vertices v0 … v1 - 1 as GEOS grows an envelope: from the
    first vertex, a bound moves only for a coordinate strictly beyond it (so shapely.bounds'
    very numbers, signed zeros included)."""
    x0 = x1 = xy[2 * v0]
    y0 = y1 = xy[2 * v0 + 1]
    for v in range(v0 + 1, v1):
        x = xy[2 * v]
        y = xy[2 * v + 1]
        if x < x0:
            x0 = x
        if x > x1:
            x1 = x
        if y < y0:
            y0 = y
        if y > y1:
            y1 = y
    out[0] = x0
    out[1] = y0
    out[2] = x1
    out[3] = y1
