"""KML and KMZ, read as a stream of placemarks.

GDAL's KML drivers build the whole document in memory first: a 64 MB KML took 1.46 GB, and a
KMZ was expanded whole (a 1 MB KMZ of 1 GB exhausted memory; a ZIP64 one was refused). Here
the XML is parsed as it arrives (from the file, or straight out of the KMZ through the archive
limit) and each placemark is dropped once its name, fields and geometry are taken, so memory
stays near the size of the features themselves.

Layers are the folders (else the document) holding placemarks, as GDAL names them; fields are
the placemark's name (column "Name"), description and ExtendedData (SchemaData/SimpleData,
typed by the Schema, and Data/value). Coordinates are WGS 84 degrees, as KML defines them.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser

import numpy as np
import shapely

from riskmap.io.importer.archive import Counted, check_declared, max_expanded_bytes
from riskmap.io.importer.report import Bad, SourceError
from riskmap.io.importer.source import Geometries, LayerInfo, Progress

KML_CRS = "EPSG:4326"
_CONTAINERS = ("Document", "Folder")
_GEOMETRIES = ("Point", "LineString", "LinearRing", "Polygon", "MultiGeometry")
_UNSUPPORTED = ("Track", "MultiTrack", "Model")
_INT_TYPES = ("int", "uint", "short", "ushort")
_FLOAT_TYPES = ("float", "double")
_PROGRESS_EVERY = 4096
_CHUNK = 1 << 20
# One placemark's text (a polygon of a million vertices is about 30 MB): beyond it, a bomb.
_MAX_PLACEMARK_TEXT = 128 << 20


def _tag(e: Element) -> str:
    t = e.tag
    return t.rsplit("}", 1)[-1] if isinstance(t, str) else ""


def _child(e: Element, name: str) -> Element | None:
    for c in e:
        if _tag(c) == name:
            return c
    return None


def _text(e: Element | None) -> str | None:
    if e is None or e.text is None:
        return None
    return e.text.strip()


@dataclass
class _Layer:
    name: str
    columns: dict[str, list[Any]] = field(default_factory=dict)  # field → value per placemark
    # per placemark: (x, y) for a point (no shapely object per point), a shapely geometry,
    # None when it has none, or a Bad saying why it cannot be read
    geoms: list[Any] = field(default_factory=list)
    points_only: bool = True

    def add_row(self, row: dict[str, Any]) -> None:
        n = len(self.geoms)
        for k, v in row.items():
            col = self.columns.get(k)
            if col is None:
                col = self.columns[k] = [None] * n
            col.append(v)
        for col in self.columns.values():
            if len(col) == n:
                col.append(None)


@contextlib.contextmanager
def open_kml(path: Path, inner: str | None = None) -> Iterator[tuple[IO[bytes], str]]:
    """The KML bytes of `path` as a stream, and the name to show: a .kml file as it is, the
    main document of a KMZ (or `inner` of a ZIP) through the expanded-size limit."""
    if path.suffix.lower() != ".kmz" and inner is None:
        with open(path, "rb") as fh:
            yield fh, path.name
        return
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise SourceError.of("import.bad_zip", name=path.name) from None
    with z:
        info = _main_document(path, z, inner)
        name = f"{path.name}/{info.filename}"
        limit = max_expanded_bytes()
        check_declared(path.name, [info], limit)
        try:
            member = z.open(info)
        except (zipfile.BadZipFile, NotImplementedError, OSError) as exc:
            raise SourceError.of("import.zip_member", name=name, detail=str(exc)) from None
        with Counted(member, path.name, limit) as counted:
            yield counted, name  # type: ignore[misc]


def _main_document(path: Path, z: zipfile.ZipFile, inner: str | None) -> zipfile.ZipInfo:
    infos = [i for i in z.infolist() if not i.is_dir()]
    if inner is not None:
        return next(i for i in infos if i.filename == inner)
    kmls = [i for i in infos if PurePosixPath(i.filename).suffix.lower() == ".kml"]
    if not kmls:
        raise SourceError.of("import.kmz_no_kml", name=path.name)
    # The KMZ convention: doc.kml, else the first .kml at the top, else the first one at all.
    for test in (
        lambda i: i.filename.lower() == "doc.kml",
        lambda i: "/" not in i.filename,
        lambda i: True,
    ):
        found = [i for i in kmls if test(i)]
        if found:
            return found[0]
    raise AssertionError("unreachable")


class _Target:
    """The parser's target: builds elements for one placemark (or schema) at a time and keeps
    no other text. ElementTree's own builder would keep every run of text, such as a gigabyte
    of blanks between two elements, whole in memory."""

    def __init__(self, name: str, default_layer: str, progress: Progress | None) -> None:
        self.name = name
        self.default_layer = default_layer
        self.progress = progress
        self.layers: dict[str, _Layer] = {}
        self.schemas: dict[str, dict[str, str]] = {}  # schema id or name → field → type
        self.stack: list[str] = []
        self.names: list[str | None] = []  # the name of each open Document/Folder
        self.builder: TreeBuilder | None = None  # inside a Placemark or a Schema
        self.depth = 0  # the stack depth of the element the builder started at
        self.held = 0  # characters of text the builder holds
        self.folder_name: list[str] | None = None  # a container's <name>, being read
        self.count = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local)
        if self.builder is not None:
            self.builder.start(tag, attrib)
        elif local in ("Placemark", "Schema"):
            self.builder, self.depth, self.held = TreeBuilder(), len(self.stack), 0
            self.builder.start(tag, attrib)
        elif local in _CONTAINERS:
            self.names.append(None)
        elif local == "name" and parent in _CONTAINERS and self.names[-1] is None:
            self.folder_name = []

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.held += len(text)
            if self.held > _MAX_PLACEMARK_TEXT:
                raise SourceError.of(
                    "import.kml_placemark_text", name=self.name, mb=_MAX_PLACEMARK_TEXT >> 20
                )
            self.builder.data(text)
        elif self.folder_name is not None and sum(map(len, self.folder_name)) < 4096:
            self.folder_name.append(text)
        # anything else (blanks between elements, styles' text) is dropped as it arrives

    def end(self, tag: str) -> None:
        local = self.stack.pop()
        if self.builder is not None:
            self.builder.end(tag)
            if len(self.stack) + 1 == self.depth:
                elem = self.builder.close()
                self.builder = None
                self._done(local, elem)
        elif local in _CONTAINERS:
            self.names.pop()
        elif self.folder_name is not None and local == "name":
            self.names[-1] = "".join(self.folder_name).strip()
            self.folder_name = None

    def _done(self, local: str, elem: Element) -> None:
        if local == "Schema":
            types = {
                str(f.get("name")): (f.get("type") or "string").lower()
                for f in elem
                if _tag(f) == "SimpleField"
            }
            for key in (elem.get("id"), elem.get("name")):
                if key:
                    self.schemas[key] = types
            return
        layer_name = next((x for x in reversed(self.names) if x), self.default_layer)
        layer = self.layers.get(layer_name)
        if layer is None:
            layer = self.layers[layer_name] = _Layer(layer_name)
        _add_placemark(layer, elem, self.schemas)
        self.count += 1
        if self.progress is not None and self.count % _PROGRESS_EVERY == 0:
            self.progress(self.count, 0, "read")

    def close(self) -> None:
        return None


def parse_kml(
    stream: IO[bytes], name: str, default_layer: str, progress: Progress | None = None
) -> dict[str, _Layer]:
    """Layer name → its placemarks, reading `stream` once, front to back, in chunks."""
    target = _Target(name, default_layer, progress)
    parser = XMLParser(target=target)
    try:
        while chunk := stream.read(_CHUNK):
            parser.feed(chunk)
        parser.close()
    except ParseError as exc:
        line, col = exc.position
        raise SourceError.of("import.kml_syntax", name=name, line=line, column=col) from None
    return target.layers


def _add_placemark(layer: _Layer, pm: Element, schemas: dict[str, dict[str, str]]) -> None:
    row: dict[str, Any] = {"Name": _text(_child(pm, "name")), "description": None}
    desc = _child(pm, "description")
    if desc is not None:
        row["description"] = (desc.text or "").strip() or None
    ext = _child(pm, "ExtendedData")
    if ext is not None:
        for part in ext:
            ptag = _tag(part)
            if ptag == "SchemaData":
                types = schemas.get((part.get("schemaUrl") or "").lstrip("#"), {})
                for sd in part:
                    if _tag(sd) == "SimpleData" and sd.get("name"):
                        key = str(sd.get("name"))
                        row[key] = _typed(_text(sd), types.get(key, "string"))
            elif ptag == "Data" and part.get("name"):
                row[str(part.get("name"))] = _text(_child(part, "value"))
    geom: Any = None
    for c in pm:
        t = _tag(c)
        if t == "Point":
            try:
                xy = _coords(c)
            except ValueError:
                geom = Bad("KML几何坐标无法解析", "the KML coordinates cannot be read")
            else:
                geom = xy[0] if xy else None
            break
        if t in _GEOMETRIES:
            geom = _geometry(c)
            break
        if t in _UNSUPPORTED:
            geom = Bad(f"不支持的KML几何类型 {t}", f"KML geometry {t} is not supported")
            break
    if not (geom is None or isinstance(geom, tuple)):
        layer.points_only = False
    layer.add_row(row)
    layer.geoms.append(geom)


def _typed(text: str | None, kind: str) -> Any:
    if text is None or text == "":
        return None
    try:
        if kind in _INT_TYPES:
            return int(text)
        if kind in _FLOAT_TYPES:
            return float(text)
        if kind == "bool":
            return text.lower() in ("1", "true")
    except ValueError:
        return text  # the importer reports a value that does not fit its field
    return text


def _coords(e: Element | None) -> list[tuple[float, float]]:
    text = _text(_child(e, "coordinates")) if e is not None else None
    out = []
    for tup in (text or "").split():
        parts = tup.split(",")
        if len(parts) >= 2:
            out.append((float(parts[0]), float(parts[1])))
    return out


def _ring(boundary: Element | None) -> list[tuple[float, float]]:
    return _coords(_child(boundary, "LinearRing")) if boundary is not None else []


def _geometry(e: Element) -> Any:
    """A shapely geometry for a KML geometry element, or a Bad saying why not."""
    t = _tag(e)
    try:
        if t == "Point":
            xy = _coords(e)
            return shapely.Point(xy[0]) if xy else None
        if t in ("LineString", "LinearRing"):
            return shapely.LineString(_coords(e))
        if t == "Polygon":
            outer = _ring(_child(e, "outerBoundaryIs"))
            holes = [_ring(c) for c in e if _tag(c) == "innerBoundaryIs"]
            return shapely.Polygon(outer, [h for h in holes if h])
        parts = [_geometry(c) for c in e if _tag(c) in _GEOMETRIES]
        parts = [p for p in parts if isinstance(p, shapely.Geometry)]
        if not parts:
            return None
        kinds = {p.geom_type for p in parts}
        if kinds == {"Point"}:
            return shapely.MultiPoint(parts)
        if kinds == {"LineString"}:
            return shapely.MultiLineString(parts)
        if kinds <= {"Polygon", "MultiPolygon"}:
            return shapely.MultiPolygon(list(shapely.get_parts(parts)))
        return shapely.GeometryCollection(parts)
    except (ValueError, IndexError, shapely.errors.GEOSException):
        return Bad("KML几何坐标无法解析", "the KML coordinates cannot be read")


def layer_infos(layers: dict[str, _Layer]) -> list[LayerInfo]:
    return [
        LayerInfo(name, "Point" if lay.points_only else "Unknown", len(lay.geoms))
        for name, lay in layers.items()
    ]


def read_layers(path: Path, inner: str | None = None) -> list[LayerInfo]:
    with open_kml(path, inner) as (stream, name):
        return layer_infos(parse_kml(stream, name, _default_layer(path, inner)))


def _default_layer(path: Path, inner: str | None) -> str:
    return PurePosixPath(inner).stem if inner else path.stem


def read_kml(
    path: Path,
    inner: str | None,
    layer: str | None,
    progress: Progress | None,
    choose: Callable[[list[LayerInfo], str | None], LayerInfo],
) -> tuple[str, list[LayerInfo], dict[str, np.ndarray], Geometries]:
    """(layer, layers, columns, geometries) of the chosen layer."""
    with open_kml(path, inner) as (stream, name):
        layers = parse_kml(stream, name, _default_layer(path, inner), progress)
    infos = layer_infos(layers)
    chosen = layers[choose(infos, layer).name]
    n = len(chosen.geoms)
    columns = {}
    for k, values in chosen.columns.items():
        columns[k] = np.empty(n, dtype=object)
        columns[k][:] = values
    bad = {i: g for i, g in enumerate(chosen.geoms) if isinstance(g, Bad)}
    if chosen.points_only:
        xy = np.array([g if g is not None else (np.nan, np.nan) for g in chosen.geoms], float)
        return chosen.name, infos, columns, Geometries(xy=xy.reshape(n, 2))
    geoms = np.empty(n, dtype=object)
    geoms[:] = [
        shapely.Point(g) if isinstance(g, tuple) else None if isinstance(g, Bad) else g
        for g in chosen.geoms
    ]
    return chosen.name, infos, columns, Geometries(geoms=geoms, bad=bad)
