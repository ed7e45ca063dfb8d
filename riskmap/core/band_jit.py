"""The compiled exact test for a region's boundary band (imported only with the nearest grid).

A site near a polygonal region's boundary intersects it when one of its segments meets one of
the boundary's, or, failing that, when one of its parts lies inside the region or (a polygonal
site) holds a part of the region. Every decision is a sign of an orientation determinant of
float64 vertices, evaluated in float64 with Shewchuk's error bound (ccwerrboundA): a sign the
bound cannot certify, an exact zero included (collinear, a vertex on the boundary, touching),
makes the site "undecided", and the caller asks GEOS for those few. So every answer given here
is the exact one, which is also GEOS's: GEOS decides the same predicates with robust
orientation.

The site's vertices are the nearest grid's (`NearGrid.xy`, `cont`, `site_v0`, `site_v1`): each
vertex is held once for both queries. The region's boundary segments are listed per cell of a
grid over its bbox (for the segment tests) and per row (for the ray of the inside test).
"""

from __future__ import annotations

from riskmap.core.near_grid_jit import _cell_range, njit

# Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric predicates"
# (1997): |det| above this times the sum of the products' magnitudes has a certain sign.
_EPS = 2.0**-53
_ERRBOUND = (3.0 + 16.0 * _EPS) * _EPS

NO, YES, UNDECIDED = 0, 1, 2


@njit(nogil=True, inline="always")
def _orient(ax, ay, bx, by, cx, cy):
    """+1 if c lies left of a→b, -1 right, 0 when float64 cannot certify the sign."""
    left = (ax - cx) * (by - cy)
    right = (ay - cy) * (bx - cx)
    det = left - right
    bound = _ERRBOUND * (abs(left) + abs(right))
    if det > bound:
        return 1
    if -det > bound:
        return -1
    return 0


@njit(nogil=True)
def _segments_meet(ax, ay, bx, by, cx, cy, dx, dy):
    """Closed segments ab and cd: NO, YES (a proper crossing) or UNDECIDED."""
    if max(ax, bx) < min(cx, dx) or max(cx, dx) < min(ax, bx):
        return NO
    if max(ay, by) < min(cy, dy) or max(cy, dy) < min(ay, by):
        return NO
    o1 = _orient(ax, ay, bx, by, cx, cy)
    o2 = _orient(ax, ay, bx, by, dx, dy)
    if o1 == 0 or o2 == 0:
        return UNDECIDED
    if o1 == o2:
        return NO
    o3 = _orient(cx, cy, dx, dy, ax, ay)
    o4 = _orient(cx, cy, dx, dy, bx, by)
    if o3 == 0 or o4 == 0:
        return UNDECIDED
    return NO if o3 == o4 else YES


@njit(nogil=True)
def _crossing(ax, ay, bx, by, px, py):
    """Does edge ab cross the ray from p towards +x (half-open in y)? 0 no, 1 yes, 2 undecided."""
    if (ay > py) == (by > py):
        return 0
    if ax < px and bx < px:
        return 0
    if ax > px and bx > px:
        return 1
    o = _orient(ax, ay, bx, by, px, py)
    if o == 0:
        return 2
    return 1 if (o > 0) == (by > ay) else 0


@njit(nogil=True)
def _in_region(px, py, bxy, row_start, row_seg, oy, cell, ny, x0, y0, x1, y1):
    """Even-odd over the region's boundary segments of p's row: NO, YES or UNDECIDED."""
    if px < x0 or px > x1 or py < y0 or py > y1:
        return NO
    r0, _ = _cell_range(py, py, oy, cell, ny)
    inside = False
    for t in range(row_start[r0], row_start[r0 + 1]):
        i = row_seg[t]
        c = _crossing(bxy[i, 0], bxy[i, 1], bxy[i + 1, 0], bxy[i + 1, 1], px, py)
        if c == 2:
            return UNDECIDED
        if c == 1:
            inside = not inside
    return YES if inside else NO


@njit(nogil=True)
def _in_site(px, py, xy, cont, v0, v1):
    """Even-odd over every ring of a polygonal site: NO, YES or UNDECIDED."""
    inside = False
    for i in range(v0, v1 - 1):
        if not cont[i]:
            continue
        c = _crossing(xy[i, 0], xy[i, 1], xy[i + 1, 0], xy[i + 1, 1], px, py)
        if c == 2:
            return UNDECIDED
        if c == 1:
            inside = not inside
    return YES if inside else NO


@njit(nogil=True, inline="always")
def _any_in(csum, nx, a0, a1, b0, b1):
    """Do the cells a0…a1 × b0…b1 list any boundary segment? (2-D prefix sums)"""
    w = nx + 1
    return (
        csum[(b1 + 1) * w + a1 + 1] - csum[b0 * w + a1 + 1] - csum[(b1 + 1) * w + a0]
        + csum[b0 * w + a0]
    ) > 0  # fmt: skip


@njit(nogil=True)
def _touches(
    ax, ay, bx, by, bxy, cell_start, cell_seg, csum, ox, oy, cell, nx, ny, point
):  # fmt: skip
    """Does the closed segment ab (or the point a, when `point`) meet the boundary?"""
    a0, a1 = _cell_range(min(ax, bx), max(ax, bx), ox, cell, nx)
    b0, b1 = _cell_range(min(ay, by), max(ay, by), oy, cell, ny)
    if not _any_in(csum, nx, a0, a1, b0, b1):
        return NO
    out = NO
    for b in range(b0, b1 + 1):
        for a in range(a0, a1 + 1):
            c = b * nx + a
            for t in range(cell_start[c], cell_start[c + 1]):
                i = cell_seg[t]
                cx, cy = bxy[i, 0], bxy[i, 1]
                dx, dy = bxy[i + 1, 0], bxy[i + 1, 1]
                if point:
                    if ax < min(cx, dx) or ax > max(cx, dx) or ay < min(cy, dy) or ay > max(cy, dy):
                        continue
                    # in the segment's bbox: on it unless the orientation is certainly non-zero
                    r = UNDECIDED if _orient(cx, cy, dx, dy, ax, ay) == 0 else NO
                else:
                    r = _segments_meet(ax, ay, bx, by, cx, cy, dx, dy)
                if r == YES:
                    return YES
                if r == UNDECIDED:
                    out = UNDECIDED
    return out


@njit(nogil=True)
def _site(
    p, bounds, xy, cont, site_v0, site_v1, site_kind,
    bxy, cell_start, cell_seg, csum, row_start, row_seg, reps,
    ox, oy, cell, nx, ny, x0, y0, x1, y1,
):  # fmt: skip
    """NO / YES / UNDECIDED: does static site p intersect the region?"""
    kind = site_kind[p]
    v0, v1 = site_v0[p], site_v1[p]
    if kind == 2 or v1 <= v0:
        return UNDECIDED
    undecided = False
    # 1. a vertex inside (or on) the region: one per part, a few ray crossings each
    for i in range(v0, v1):
        if i == v0 or not cont[i - 1]:
            r = _in_region(
                xy[i, 0], xy[i, 1], bxy, row_start, row_seg, oy, cell, ny, x0, y0, x1, y1
            )
            if r == YES:
                return YES
            if r == UNDECIDED:
                undecided = True
    # 2. any segment (or lone vertex) of the site on the boundary; none near its bbox: none
    a0, a1 = _cell_range(bounds[0, p], bounds[2, p], ox, cell, nx)
    b0, b1 = _cell_range(bounds[1, p], bounds[3, p], oy, cell, ny)
    if _any_in(csum, nx, a0, a1, b0, b1):
        for i in range(v0, v1):
            if cont[i]:
                r = _touches(
                    xy[i, 0], xy[i, 1], xy[i + 1, 0], xy[i + 1, 1], bxy,
                    cell_start, cell_seg, csum, ox, oy, cell, nx, ny, False,
                )  # fmt: skip
            elif i == v0 or not cont[i - 1]:
                r = _touches(
                    xy[i, 0], xy[i, 1], xy[i, 0], xy[i, 1], bxy,
                    cell_start, cell_seg, csum, ox, oy, cell, nx, ny, True,
                )  # fmt: skip
            else:
                continue
            if r == YES:
                return YES
            if r == UNDECIDED:
                undecided = True
    # 3. no contact: a polygonal site may still hold a whole part of the region
    if kind == 1:
        for k in range(len(reps)):
            r = _in_site(reps[k, 0], reps[k, 1], xy, cont, v0, v1)
            if r == YES:
                return YES
            if r == UNDECIDED:
                undecided = True
    return UNDECIDED if undecided else NO


@njit(nogil=True)
def band(
    sites, bounds, xy, cont, site_v0, site_v1, site_kind,
    bxy, cell_start, cell_seg, csum, row_start, row_seg, reps,
    ox, oy, cell, nx, ny, x0, y0, x1, y1, out,
):  # fmt: skip
    """out[j] = NO / YES / UNDECIDED: does static site `sites[j]` intersect the region?

    `bounds`: (4, n) the sites' bboxes (rows minx, miny, maxx, maxy); `csum`: 2-D prefix sums
    of the boundary segments listed per cell, (ny + 1) × (nx + 1), flat; `site_kind`: 0 lines
    and points, 1 polygonal, 2 anything else (always UNDECIDED); `reps`: one vertex of every
    ring of the region (with no boundary contact, a polygonal site intersecting a part of the
    region holds all of it, so holds that part's vertex).
    """
    for j in range(len(sites)):
        out[j] = _site(
            sites[j], bounds, xy, cont, site_v0, site_v1, site_kind,
            bxy, cell_start, cell_seg, csum, row_start, row_seg, reps,
            ox, oy, cell, nx, ny, x0, y0, x1, y1,
        )  # fmt: skip


@njit(nogil=True)
def classify(
    cand, is_point, sums, label, gx0, gy0, gcell, gnx, gny,
    bounds, xy, cont, site_v0, site_v1, site_kind,
    bxy, cell_start, cell_seg, csum, row_start, row_seg, reps,
    ox, oy, cell, nx, ny, x0, y0, x1, y1, out,
):  # fmt: skip
    """index_kernels.classify's numpy passes and the band test in one pass over `cand`:
    out[j] = NO / YES / UNDECIDED (GEOS decides those).

    `sums`, `label`, `gx0` … `gny`: the boundary raster (index_kernels.Raster), read with its
    own arithmetic (truncation, clipping, a bbox widened by one cell), so a candidate with no
    boundary cell near its bbox takes its cell's label exactly as there.
    """
    w = gnx + 1
    for j in range(len(cand)):
        p = cand[j]
        ix0 = int((bounds[0, p] - gx0) / gcell)
        iy0 = int((bounds[1, p] - gy0) / gcell)
        ix1 = int((bounds[2, p] - gx0) / gcell)
        iy1 = int((bounds[3, p] - gy0) / gcell)
        lo_x = min(max(ix0 - 1, 0), gnx - 1)
        hi_x = min(max(ix1 + 2, 1), gnx)
        row0 = min(max(iy0 - 1, 0), gny - 1) * w
        row1 = min(max(iy1 + 2, 1), gny) * w
        touched = sums[row1 + hi_x] - sums[row0 + hi_x] - sums[row1 + lo_x] + sums[row0 + lo_x]
        if touched == 0:
            out[j] = label[min(max(iy0, 0), gny - 1) * gnx + min(max(ix0, 0), gnx - 1)]
        elif is_point[p]:
            px = (bounds[0, p] + bounds[2, p]) * 0.5
            py = (bounds[1, p] + bounds[3, p]) * 0.5
            r = _touches(
                px, py, px, py, bxy, cell_start, cell_seg, csum, ox, oy, cell, nx, ny, True
            )
            if r == NO:
                r = _in_region(px, py, bxy, row_start, row_seg, oy, cell, ny, x0, y0, x1, y1)
            out[j] = r
        else:
            out[j] = _site(
                p, bounds, xy, cont, site_v0, site_v1, site_kind,
                bxy, cell_start, cell_seg, csum, row_start, row_seg, reps,
                ox, oy, cell, nx, ny, x0, y0, x1, y1,
            )  # fmt: skip
