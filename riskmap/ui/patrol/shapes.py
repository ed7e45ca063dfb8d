"""A patrol area's geometry as editable vertex lists, and back (Qt-free).

The vertex editor works on plain coordinate lists: rings of a polygon (without the closing
vertex) or the vertices of a route. Vertices the user does not touch keep their float64 values
exactly, so applying a move of one vertex changes that vertex and nothing else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import shapely

XY = tuple[float, float]
MIN_RING = 3  # a polygon ring needs three distinct vertices
MIN_LINE = 2


@dataclass(frozen=True)
class Vertex:
    """Address of a vertex: path index, vertex index within the path."""

    path: int
    index: int


@dataclass
class EditShape:
    """Polygon rings (closed paths) or route lines (open paths), grouped into parts.

    `parts[k]` lists the path indices of part k: for a polygon the shell first, then its holes.
    """

    closed: bool
    paths: list[list[XY]]
    parts: list[list[int]] = field(default_factory=list)

    @classmethod
    def from_geometry(cls, geom: shapely.Geometry) -> EditShape:
        tid = shapely.get_type_id(geom)
        if tid in (3, 6):  # Polygon, MultiPolygon
            paths: list[list[XY]] = []
            parts: list[list[int]] = []
            for poly in shapely.get_parts(geom):
                ids = []
                for ring in (poly.exterior, *poly.interiors):
                    ids.append(len(paths))
                    paths.append([(float(x), float(y)) for x, y in ring.coords[:-1]])
                parts.append(ids)
            return cls(True, paths, parts)
        if tid in (1, 5):  # LineString, MultiLineString
            lines = [[(float(x), float(y)) for x, y in ln.coords] for ln in shapely.get_parts(geom)]
            return cls(False, lines, [[i] for i in range(len(lines))])
        raise ValueError(f"cannot edit a {shapely.get_type_id(geom)} geometry")

    def copy(self) -> EditShape:
        return EditShape(self.closed, [list(p) for p in self.paths], [list(p) for p in self.parts])

    # -- reading --------------------------------------------------------------------------
    def geometry(self) -> shapely.Geometry:
        if self.closed:
            polys = [
                shapely.Polygon(self.paths[ids[0]], [self.paths[i] for i in ids[1:]])
                for ids in self.parts
            ]
            return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
        lines = [shapely.LineString(self.paths[ids[0]]) for ids in self.parts]
        return lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)

    def vertices(self) -> list[tuple[Vertex, XY]]:
        return [
            (Vertex(p, i), xy) for p, path in enumerate(self.paths) for i, xy in enumerate(path)
        ]

    def segments(self) -> list[tuple[Vertex, XY, XY]]:
        """(address of the vertex an insert goes before, start, end) of every edge."""
        out = []
        for p, path in enumerate(self.paths):
            n = len(path)
            last = n if self.closed else n - 1
            for i in range(last):
                a, b = path[i], path[(i + 1) % n]
                out.append((Vertex(p, i + 1), a, b))
        return out

    def midpoints(self) -> list[tuple[Vertex, XY]]:
        return [(v, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)) for v, a, b in self.segments()]

    def minimum(self) -> int:
        return MIN_RING if self.closed else MIN_LINE

    def can_delete(self, v: Vertex) -> bool:
        return len(self.paths[v.path]) > self.minimum()

    # -- hit testing (map units) ----------------------------------------------------------
    def vertex_near(self, x: float, y: float, tol: float) -> Vertex | None:
        best, best_d = None, tol
        for v, (vx, vy) in self.vertices():
            d = math.hypot(vx - x, vy - y)
            if d <= best_d:
                best, best_d = v, d
        return best

    def midpoint_near(self, x: float, y: float, tol: float) -> tuple[Vertex, XY] | None:
        best, best_d = None, tol
        for v, (mx, my) in self.midpoints():
            d = math.hypot(mx - x, my - y)
            if d <= best_d:
                best, best_d = (v, (mx, my)), d
        return best

    def edge_near(self, x: float, y: float, tol: float) -> tuple[Vertex, XY] | None:
        """The edge within `tol` of (x, y): where an insert goes, and the foot of the
        perpendicular (the new vertex lies on the edge, so the outline does not move)."""
        best, best_d = None, tol
        for v, (ax, ay), (bx, by) in self.segments():
            dx, dy = bx - ax, by - ay
            length2 = dx * dx + dy * dy
            t = (
                0.0
                if length2 == 0
                else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length2))
            )
            px, py = ax + t * dx, ay + t * dy
            d = math.hypot(px - x, py - y)
            if d <= best_d:
                best, best_d = (v, (px, py)), d
        return best

    # -- changes --------------------------------------------------------------------------
    def move(self, v: Vertex, xy: XY) -> None:
        self.paths[v.path][v.index] = (float(xy[0]), float(xy[1]))

    def insert(self, v: Vertex, xy: XY) -> None:
        self.paths[v.path].insert(v.index, (float(xy[0]), float(xy[1])))

    def delete(self, v: Vertex) -> bool:
        """Remove the vertex; False (nothing removed) when the path would become too short."""
        if not self.can_delete(v):
            return False
        del self.paths[v.path][v.index]
        return True


def geometry_problem(geom: shapely.Geometry | None, closed: bool) -> tuple[str, str] | None:
    """Why the geometry cannot be saved as a patrol area: (code, GEOS detail), or None.

    Codes: empty, self_intersection, invalid, no_area, no_length. A self-intersecting polygon
    is refused rather than repaired: make_valid would split it into pieces the planner did not
    draw, and they would not see it happen.
    """
    if geom is None or geom.is_empty:
        return ("empty", "")
    if closed:
        if not shapely.is_valid(geom):
            reason = shapely.is_valid_reason(geom)
            return ("self_intersection" if "Self-intersection" in reason else "invalid", reason)
        if geom.area <= 0:
            return ("no_area", "")
        return None
    if geom.length <= 0:
        return ("no_length", "")
    return None


def distinct(points: list[XY], closed: bool) -> list[XY]:
    """Drop consecutive repeats (a double click adds its point twice on some platforms), and
    for a ring a last vertex on the first (the ring closes itself)."""
    out: list[XY] = []
    for p in points:
        if not out or p != out[-1]:
            out.append(p)
    if closed and len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out
