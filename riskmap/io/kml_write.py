"""KML 2.2 written with xml.etree: the parts the layer export and the patrol export share.

GDAL's KML driver writes one style per feature (from OGR style strings) and its LIBKML driver a
schema of its own; Google Earth, Ovi/奥维 and the phones' map apps want one shared <Style> per
kind, placemarks in <Folder>s with readable names, and ExtendedData they show as a table.
xml.etree escapes every text by construction. Coordinates are lon/lat degrees with nine
decimals (about 0.1 mm).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import shapely

KML_NS = "http://www.opengis.net/kml/2.2"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
DECIMALS = 9


def k(tag: str) -> str:
    """The KML-namespaced name of `tag`."""
    return f"{{{KML_NS}}}{tag}"


def text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    """A child element `tag` of `parent` holding `value`."""
    el = ET.SubElement(parent, k(tag))
    el.text = value
    return el


def document(name: str) -> tuple[ET.Element, ET.Element]:
    """A <kml> root and its <Document>, named `name`."""
    ET.register_namespace("", KML_NS)
    kml = ET.Element(k("kml"))
    doc = ET.SubElement(kml, k("Document"))
    text(doc, "name", name)
    return kml, doc


def folder(parent: ET.Element, name: str) -> ET.Element:
    """A <Folder> named `name` in `parent`."""
    f = ET.SubElement(parent, k("Folder"))
    text(f, "name", name)
    return f


def placemark(parent: ET.Element, name: str, style_id: str) -> ET.Element:
    """A <Placemark> in `parent` named `name`, drawn with the shared style `style_id`."""
    pm = ET.SubElement(parent, k("Placemark"))
    text(pm, "name", name)
    text(pm, "styleUrl", f"#{style_id}")
    return pm


def kml_colour(hex_colour: str, alpha: int | None = None) -> str:
    """'#rrggbb' or '#rrggbbaa' (the catalogue's colours) as KML's aabbggrr; `alpha` (0–255)
    overrides the colour's own."""
    h = hex_colour.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    a = h[6:8] if len(h) == 8 else "ff"
    if alpha is not None:
        a = f"{alpha:02x}"
    return f"{a}{b}{g}{r}".lower()


def style(
    parent: ET.Element,
    style_id: str,
    *,
    line: str,
    width: float,
    poly: str | None,
    icon: str | None = None,
    scale: float = 1.0,
) -> ET.Element:
    """A shared <Style>: line colour and width, polygon fill (None: outline only), and for
    points an icon colour and scale. Colours in KML's aabbggrr."""
    st = ET.SubElement(parent, k("Style"), id=style_id)
    if icon is not None:
        ic = ET.SubElement(st, k("IconStyle"))
        text(ic, "color", icon)
        text(ic, "scale", f"{scale:g}")
    ls = ET.SubElement(st, k("LineStyle"))
    text(ls, "color", line)
    text(ls, "width", f"{width:g}")
    ps = ET.SubElement(st, k("PolyStyle"))
    if poly is None:
        text(ps, "fill", "0")
    else:
        text(ps, "color", poly)
    return st


def extended_data(
    parent: ET.Element, values: list[tuple[str, str]], labels: dict[str, str] | None = None
) -> None:
    """<ExtendedData> with one <Data name=…><value> per (name, value), and the <displayName>
    `labels` gives a name (what Google Earth and the phones' apps show in the table)."""
    data = ET.SubElement(parent, k("ExtendedData"))
    for name, value in values:
        d = ET.SubElement(data, k("Data"), name=name)
        if labels and name in labels:
            text(d, "displayName", labels[name])
        text(d, "value", value)


def geometry(parent: ET.Element, geom: shapely.Geometry) -> None:
    """`geom` (lon/lat) as KML geometry in `parent`; multi-parts as a <MultiGeometry>."""
    kind = geom.geom_type
    if kind == "Point":
        text(ET.SubElement(parent, k("Point")), "coordinates", _coords(geom.coords))
    elif kind in ("LineString", "LinearRing"):
        line = ET.SubElement(parent, k("LineString"))
        text(line, "tessellate", "1")  # follow the ground, not a straight chord through it
        text(line, "coordinates", _coords(geom.coords))
    elif kind == "Polygon":
        poly = ET.SubElement(parent, k("Polygon"))
        text(poly, "tessellate", "1")
        for tag, ring in _rings(geom):
            boundary = ET.SubElement(poly, k(tag))
            lr = ET.SubElement(boundary, k("LinearRing"))
            text(lr, "coordinates", _coords(ring.coords))
    else:  # Multi* and collections
        multi = ET.SubElement(parent, k("MultiGeometry"))
        for part in shapely.get_parts(geom):
            geometry(multi, part)


def to_bytes(kml: ET.Element) -> bytes:
    """The document as UTF-8 bytes with its XML declaration, indented."""
    ET.indent(kml, space=" ")
    body = ET.tostring(kml, encoding="unicode")
    return f"{XML_DECLARATION}\n{body}\n".encode()


def _rings(poly: shapely.Polygon) -> Iterator[tuple[str, Any]]:
    yield "outerBoundaryIs", poly.exterior
    for hole in poly.interiors:
        yield "innerBoundaryIs", hole


def _coords(coords: Any) -> str:
    return " ".join(f"{x:.{DECIMALS}f},{y:.{DECIMALS}f}" for x, y, *_ in coords)
