"""The compiled half of riskmap.core.near_grid (imported only when a grid is built)."""

from __future__ import annotations

import math
import sys
from functools import partial

import numpy as np
from numba import njit as _njit

# Compiled code is cached beside the module; a frozen bundle ships no .py sources for numba to
# key its cache on, so there every start compiles (~2 s on a worker thread).
njit = partial(_njit, cache=not getattr(sys, "frozen", False))


@njit(nogil=True)
def _cell_range(lo: float, hi: float, o: float, cell: float, n: int) -> tuple[int, int]:
    a = int(math.floor((lo - o) / cell))  # noqa: RUF046 (numba needs the int)
    b = int(math.floor((hi - o) / cell))  # noqa: RUF046 (numba needs the int)
    # both ends clamped: a range wholly outside the grid lands on its edge cells, not nowhere
    return min(max(a, 0), n - 1), max(min(b, n - 1), 0)


@njit(nogil=True)
def register_segments(xy, cont, seg, ox, oy, cell, nx, ny):
    """CSR lists: per cell, the segments (first vertex index) whose bbox touches it."""
    counts = np.zeros(nx * ny + 1, np.int64)
    for t in range(len(seg)):
        i = seg[t]
        j = i + 1 if cont[i] else i
        x0, x1 = min(xy[i, 0], xy[j, 0]), max(xy[i, 0], xy[j, 0])
        y0, y1 = min(xy[i, 1], xy[j, 1]), max(xy[i, 1], xy[j, 1])
        a0, a1 = _cell_range(x0, x1, ox, cell, nx)
        b0, b1 = _cell_range(y0, y1, oy, cell, ny)
        for b in range(b0, b1 + 1):
            for a in range(a0, a1 + 1):
                counts[b * nx + a + 1] += 1
    start = np.cumsum(counts)
    fill = start[:-1].copy()
    out = np.empty(start[-1], np.int32)
    for t in range(len(seg)):
        i = seg[t]
        j = i + 1 if cont[i] else i
        x0, x1 = min(xy[i, 0], xy[j, 0]), max(xy[i, 0], xy[j, 0])
        y0, y1 = min(xy[i, 1], xy[j, 1]), max(xy[i, 1], xy[j, 1])
        a0, a1 = _cell_range(x0, x1, ox, cell, nx)
        b0, b1 = _cell_range(y0, y1, oy, cell, ny)
        for b in range(b0, b1 + 1):
            for a in range(a0, a1 + 1):
                c = b * nx + a
                out[fill[c]] = i
                fill[c] += 1
    return start, out


@njit(nogil=True)
def register_boxes(bounds, site, ox, oy, cell, nx, ny):
    """CSR lists: per cell, the sites whose bbox touches it."""
    counts = np.zeros(nx * ny + 1, np.int64)
    for t in range(len(site)):
        a0, a1 = _cell_range(bounds[t, 0], bounds[t, 2], ox, cell, nx)
        b0, b1 = _cell_range(bounds[t, 1], bounds[t, 3], oy, cell, ny)
        for b in range(b0, b1 + 1):
            for a in range(a0, a1 + 1):
                counts[b * nx + a + 1] += 1
    start = np.cumsum(counts)
    fill = start[:-1].copy()
    out = np.empty(start[-1], np.int32)
    for t in range(len(site)):
        a0, a1 = _cell_range(bounds[t, 0], bounds[t, 2], ox, cell, nx)
        b0, b1 = _cell_range(bounds[t, 1], bounds[t, 3], oy, cell, ny)
        for b in range(b0, b1 + 1):
            for a in range(a0, a1 + 1):
                c = b * nx + a
                out[fill[c]] = site[t]
                fill[c] += 1
    return start, out


@njit(nogil=True, inline="always")
def _segment_distance(px, py, ax, ay, bx, by):
    # GEOS's Distance::pointToSegment, operation for operation, so the answers equal
    # shapely.distance's
    if ax == bx and ay == by:
        return math.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay))
    len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay)
    r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2
    if r <= 0.0:
        return math.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay))
    if r >= 1.0:
        return math.sqrt((px - bx) * (px - bx) + (py - by) * (py - by))
    s = ((ay - py) * (bx - ax) - (ax - px) * (by - ay)) / len2
    return abs(s) * math.sqrt(len2)


@njit(nogil=True)
def _inside(xy, cont, v0, v1, px, py):
    """Even-odd over every ring of the polygon: holes and multipolygon parts alike."""
    inside = False
    for i in range(v0, v1 - 1):
        if not cont[i]:
            continue
        ax, ay = xy[i, 0], xy[i, 1]
        bx, by = xy[i + 1, 0], xy[i + 1, 1]
        if (ay > py) != (by > py) and px < (bx - ax) * (py - ay) / (by - ay) + ax:
            inside = not inside
    return inside


@njit(nogil=True, inline="always")
def _before(d1, id1, d2, id2):
    return d1 < d2 or (d1 == d2 and id1 < id2)


@njit(nogil=True)
def _consider(best_d, best_p, cnt, k, ids, p, d):
    """Offer site p at distance d to the sorted top-k; returns the new count."""
    if cnt == k and d > best_d[k - 1]:
        return cnt
    pid = ids[p]
    t = -1
    for u in range(cnt):
        if best_p[u] == p:
            t = u
            break
    if t >= 0:
        if d >= best_d[t]:
            return cnt
    elif cnt < k:
        t = cnt
        cnt += 1
    elif _before(d, pid, best_d[k - 1], ids[best_p[k - 1]]):
        t = k - 1
    else:
        return cnt
    # move slot t towards the front until the order (distance, id) holds again
    while t > 0 and _before(d, pid, best_d[t - 1], ids[best_p[t - 1]]):
        best_d[t] = best_d[t - 1]
        best_p[t] = best_p[t - 1]
        t -= 1
    best_d[t] = d
    best_p[t] = p
    return cnt


@njit(nogil=True)
def _scan_cell(
    c,
    xy,
    cont,
    vsite,
    cell_start,
    cell_seg,
    x,
    y,
    k,
    ids,
    alive,
    use_alive,
    layers,
    want,
    use_want,
    limit,
    best_d,
    best_p,
    cnt,
):
    for t in range(cell_start[c], cell_start[c + 1]):
        i = cell_seg[t]
        p = vsite[i]
        if use_alive and not alive[p]:
            continue
        if use_want and not want[layers[p]]:
            continue
        j = i + 1 if cont[i] else i
        d = _segment_distance(x, y, xy[i, 0], xy[i, 1], xy[j, 0], xy[j, 1])
        if d <= limit:
            cnt = _consider(best_d, best_p, cnt, k, ids, p, d)
    return cnt


@njit(nogil=True)
def nearest(
    xy,
    cont,
    vsite,
    cell_start,
    cell_seg,
    poly_start,
    poly_site,
    site_v0,
    site_v1,
    ox,
    oy,
    cell,
    nx,
    ny,
    x,
    y,
    ids,
    alive,
    use_alive,
    layers,
    want,
    use_want,
    limit,
    best_d,
    best_p,
    cnt,
    polys,
    max_rings,
):
    """Offer every site near (x, y) to the sorted top-k (best_d, best_p, cnt), ring by ring;
    returns (cnt, done). Not done: `max_rings` rings were searched and more might change it."""
    k = len(best_d)
    if len(xy) == 0:
        return cnt, True
    big = 2.0**40
    fx = min(max((x - ox) / cell, -big), big)
    fy = min(max((y - oy) / cell, -big), big)
    cx = int(math.floor(fx))  # noqa: RUF046 (numba needs the int)
    cy = int(math.floor(fy))  # noqa: RUF046 (numba needs the int)
    if polys and 0 <= cx < nx and 0 <= cy < ny:
        c = cy * nx + cx
        for t in range(poly_start[c], poly_start[c + 1]):
            p = poly_site[t]
            if use_alive and not alive[p]:
                continue
            if use_want and not want[layers[p]]:
                continue
            if _inside(xy, cont, site_v0[p], site_v1[p], x, y):
                cnt = _consider(best_d, best_p, cnt, k, ids, p, 0.0)
    # the first ring that reaches the grid, and the one past which every cell has been seen
    gx = 0 if 0 <= cx < nx else (cx - (nx - 1) if cx >= nx else -cx)
    gy = 0 if 0 <= cy < ny else (cy - (ny - 1) if cy >= ny else -cy)
    r = max(gx, gy)
    first = r
    last = max(abs(cx), abs(nx - 1 - cx), abs(cy), abs(ny - 1 - cy))
    while True:
        for b in range(max(cy - r, 0), min(cy + r, ny - 1) + 1):
            # the ring's cells in row b: all of an edge row, the two ends of the others
            if b == cy - r or b == cy + r:
                cols = range(max(cx - r, 0), min(cx + r, nx - 1) + 1)
            else:
                cols = range(cx - r, cx + r + 1, 2 * r)
            for a in cols:
                if 0 <= a < nx:
                    cnt = _scan_cell(
                        b * nx + a, xy, cont, vsite, cell_start, cell_seg, x, y, k, ids,
                        alive, use_alive, layers, want, use_want, limit, best_d, best_p, cnt,
                    )  # fmt: skip
        if r >= last:
            return cnt, True
        # every segment within this distance of the point touches a cell already seen
        covered = min(
            x - (ox + (cx - r) * cell),
            ox + (cx + r + 1) * cell - x,
            y - (oy + (cy - r) * cell),
            oy + (cy + r + 1) * cell - y,
        )
        if covered >= limit or (cnt == k and best_d[k - 1] < covered):
            return cnt, True
        if max_rings >= 0 and r - first >= max_rings:
            return cnt, False
        r += 1
