"""Archives and large KML: a zip bomb is refused at the limit (named, with how to raise it),
lying headers too, ZIP64 is read, and a large KML is read in memory near its own size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import shapely

from riskmap.io.importer import SourceError, list_layers, read_features

PLANTS = ["兰州石化分公司", "青岚化肥厂", "金川化工有限公司"]
LON = [104.61, 104.62, 104.63]
LAT = [35.57, 35.58, 35.59]
MB = 1 << 20


def kml_text(n: int = 3, folder: str = "巡查点", pad: str = "") -> str:
    marks = "".join(
        f"<Placemark><name>{PLANTS[i % 3]}{i // 3 or ''}</name>"
        f'<ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="employees">{i}</SimpleData>'
        f'<SimpleData name="chemicals">液氯{pad}</SimpleData></SchemaData></ExtendedData>'
        f"<Point><coordinates>{LON[i % 3]},{LAT[i % 3]},0</coordinates></Point></Placemark>\n"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
        '<Document><name>doc</name><Schema name="s" id="s">'
        '<SimpleField name="employees" type="int"/><SimpleField name="chemicals" type="string"/>'
        f"</Schema><Folder><name>{folder}</name>\n{marks}</Folder></Document></kml>\n"
    )


def bomb(path: Path, expanded_mb: int, *, zip64: bool = False) -> Path:
    """A valid KML start, then `expanded_mb` MB of zeros written in chunks: tiny compressed."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("doc.kml", "w", force_zip64=zip64) as f,
    ):
        f.write(kml_text().encode()[:200])
        zeros = bytes(MB)
        for _ in range(expanded_mb):
            f.write(zeros)
    return path


def test_kmz_bomb_is_refused_at_the_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RISKMAP_MAX_EXPANDED_MB", "16")
    kmz = bomb(tmp_path / "炸弹.kmz", 64)
    assert kmz.stat().st_size < MB // 2
    with pytest.raises(SourceError) as err:
        read_features(kmz)
    msg = str(err.value)
    assert "炸弹.kmz" in msg and "16 MB" in msg and "RISKMAP_MAX_EXPANDED_MB" in msg
    assert "\n" not in msg


def test_headers_that_lie_are_caught_while_reading(tmp_path: Path, monkeypatch) -> None:
    """The sizes in the headers say 1 KB; the data expands to 64 MB."""
    monkeypatch.setenv("RISKMAP_MAX_EXPANDED_MB", "16")
    kmz = bomb(tmp_path / "lies.kmz", 64)
    raw = bytearray(kmz.read_bytes())
    real = (64 * MB + 200).to_bytes(4, "little")
    for at in range(len(raw) - 4):
        if raw[at : at + 4] == real:  # the uncompressed size, in the local and central headers
            raw[at : at + 4] = (1024).to_bytes(4, "little")
    kmz.write_bytes(bytes(raw))
    with zipfile.ZipFile(kmz) as z:
        assert z.infolist()[0].file_size == 1024
    with pytest.raises(SourceError, match=r"lies\.kmz is damaged"):
        read_features(kmz)


def test_zipped_shapefile_bomb(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RISKMAP_MAX_EXPANDED_MB", "8")
    archive = tmp_path / "上报.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for ext in (".shp", ".shx", ".dbf"):
            with z.open(f"plants{ext}", "w") as f:
                for _ in range(4):
                    f.write(bytes(MB))
    with pytest.raises(SourceError, match=r"上报\.zip would expand to 12 MB; the limit is 8 MB"):
        read_features(archive)


def test_zip64_kmz_is_read(tmp_path: Path) -> None:
    kmz = tmp_path / "巡查点.kmz"
    with (
        zipfile.ZipFile(kmz, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("doc.kml", "w", force_zip64=True) as f,
    ):
        f.write(kml_text().encode())
    assert kmz.read_bytes()[18:26] == b"\xff" * 8  # sizes in the ZIP64 extra field
    src = read_features(kmz)
    assert src.columns["Name"].tolist() == PLANTS
    assert src.columns["employees"].tolist() == [0, 1, 2]
    assert np.allclose(src.geometry.xy, np.column_stack([LON, LAT]))
    assert src.crs == "EPSG:4326" and src.layer == "巡查点"
    assert [(li.name, li.features) for li in list_layers(kmz)] == [("巡查点", 3)]


def test_a_kmz_within_the_limit_reads(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RISKMAP_MAX_EXPANDED_MB", "1")
    kmz = tmp_path / "ok.kmz"
    with zipfile.ZipFile(kmz, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("files/icon.png", b"\x89PNG")
        z.writestr("doc.kml", kml_text(30))
    assert read_features(kmz).count == 30
    monkeypatch.setenv("RISKMAP_MAX_EXPANDED_MB", "lots")
    with pytest.raises(SourceError, match="must be a positive number of megabytes"):
        read_features(kmz)


def test_kml_lines_polygons_and_bad_coordinates(tmp_path: Path) -> None:
    kml = tmp_path / "mixed.kml"
    kml.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>d</name>'
        "<Placemark><name>路</name><LineString><coordinates>104.6,35.5 104.7,35.6"
        "</coordinates></LineString></Placemark>"
        "<Placemark><name>区</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
        "104,35 105,35 105,36 104,35</coordinates></LinearRing></outerBoundaryIs>"
        "<innerBoundaryIs><LinearRing><coordinates>104.5,35.2 104.6,35.2 104.6,35.3 "
        "104.5,35.2</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>"
        "<Placemark><name>坏</name><Point><coordinates>x,y</coordinates></Point></Placemark>"
        "</Document></kml>",
        encoding="utf-8",
    )
    src = read_features(kml)
    g = src.geometry
    assert src.layer == "d" and src.columns["Name"].tolist() == ["路", "区", "坏"]
    assert g.geoms[0].equals(shapely.LineString([(104.6, 35.5), (104.7, 35.6)]))
    assert len(g.geoms[1].interiors) == 1 and g.geoms[1].area == pytest.approx(0.5 - 0.005)
    assert 2 in g.bad and g.geoms[2] is None


def test_broken_kml_is_one_line(tmp_path: Path) -> None:
    kml = tmp_path / "bad.kml"
    kml.write_text(kml_text()[:300], encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad\.kml is not valid KML \(XML error at line"):
        read_features(kml)


PEAK = """
import resource, sys
from riskmap.io.importer import read_features
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
src = read_features(sys.argv[1])
print(src.count, base * 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def test_large_kml_memory_stays_near_its_size(tmp_path: Path) -> None:
    kml = tmp_path / "big.kml"
    kml.write_text(kml_text(60_000, pad="、甲醇" * 20), encoding="utf-8")
    size = kml.stat().st_size
    assert size > 20 * MB
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, str(kml)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert proc.returncode == 0, proc.stderr
    n, before, peak = map(int, proc.stdout.split())
    assert n == 60_000
    # GDAL's LIBKML driver took about 8.5 times the file's size on top; the stream, under 3.
    assert peak - before < 3 * size, json.dumps({"size": size, "grew": peak - before})


def test_blanks_between_elements_are_not_kept(tmp_path: Path) -> None:
    """160 MB of blanks inside a KMZ (1 MB compressed): read through, never held."""
    text = kml_text()
    head, tail = text[: text.index("</Folder>")], text[text.index("</Folder>") :]
    kmz = tmp_path / "blanks.kmz"
    with (
        zipfile.ZipFile(kmz, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("doc.kml", "w") as f,
    ):
        f.write(head.encode())
        for _ in range(160):
            f.write(b" " * MB)
        f.write(tail.encode())
    proc = subprocess.run(
        [sys.executable, "-c", PEAK, str(kmz)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert proc.returncode == 0, proc.stderr
    n, before, peak = map(int, proc.stdout.split())
    assert n == 3 and peak - before < 80 * MB, peak - before


def test_a_placemark_of_too_much_text(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("riskmap.io.importer.kml._MAX_PLACEMARK_TEXT", 1000)
    kml = tmp_path / "long.kml"
    kml.write_text(kml_text(pad="甲醇" * 600), encoding="utf-8")
    with pytest.raises(SourceError, match=r"long\.kml: a placemark holds more than"):
        read_features(kml)


def test_kml_folders_are_layers(tmp_path: Path) -> None:
    one, two = kml_text(2, folder="学校"), kml_text(3, folder="医院")
    body = one[one.index("<Folder>") : one.index("</Document>")]
    kml = tmp_path / "two.kml"
    kml.write_text(two.replace("</Document>", body + "</Document>"), encoding="utf-8")
    assert [(li.name, li.features) for li in list_layers(kml)] == [("医院", 3), ("学校", 2)]
    with pytest.raises(SourceError, match="several layers with features"):
        read_features(kml)
    src = read_features(kml, layer="学校", encoding="GBK")
    assert src.count == 2 and src.columns["Name"].tolist() == PLANTS[:2]
    assert any("encoding GBK ignored" in n for n in src.notes)
