"""Reading files for import: every format written by the test itself, and bad files, each of
which must get one precise message."""

from __future__ import annotations

import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely
from openpyxl import Workbook

from riskmap.errors import RiskmapError
from riskmap.io.importer import SourceError, list_layers, read_features
from riskmap.io.importer.coords import parse_coordinate
from riskmap.io.importer.report import Bad

PLANTS = ["兰州石化分公司", "青岚化肥厂", "金川化工有限公司"]
LON = [104.61, 104.62, 104.63]
LAT = [35.57, 35.58, 35.59]


def write_points(path: Path, fields: dict[str, list], *, encoding: str | None = None, **kw) -> None:
    geoms = shapely.to_wkb(shapely.points(LON[: len(next(iter(fields.values())))], LAT[:3]))
    data = [np.array(v, dtype=object if isinstance(v[0], str) else None) for v in fields.values()]
    pyogrio.raw.write(
        str(path),
        geoms,
        data,
        list(fields),
        geometry_type="Point",
        crs=kw.pop("crs", "EPSG:4490"),
        encoding=encoding,
        **kw,
    )


def gbk_shapefile(folder: Path, cpg: bool = True) -> Path:
    path = folder / "化工企业.shp"
    # .dbf field names hold 10 bytes: 5 Chinese characters in GBK.
    write_points(
        path,
        {"名称": PLANTS, "从业人数": [120, 35, 800], "等级": ["一级", "二级", "4"]},
        encoding="GBK",
    )
    if not cpg:
        path.with_suffix(".cpg").unlink()
    return path


# -- formats --------------------------------------------------------------------------------


def test_gbk_shapefile_with_cpg(tmp_path: Path) -> None:
    src = read_features(gbk_shapefile(tmp_path))
    assert (src.encoding, src.encoding_origin) == ("GBK", "file")
    assert src.fields == ["名称", "从业人数", "等级"]
    assert src.columns["名称"].tolist() == PLANTS
    assert src.count == 3 and src.claimed_count == 3
    assert src.crs == "EPSG:4490" and src.crs_origin == "file"
    assert np.allclose(src.geometry.xy, np.column_stack([LON, LAT]))
    headers, rows = src.preview(2)
    assert headers[0] == "名称" and rows[1][0] == "青岚化肥厂"


def test_gbk_shapefile_without_cpg_is_detected(tmp_path: Path) -> None:
    src = read_features(gbk_shapefile(tmp_path, cpg=False))
    assert (src.encoding, src.encoding_origin) == ("GB18030", "detected")
    assert src.fields == ["名称", "从业人数", "等级"]
    assert src.columns["名称"].tolist() == PLANTS
    assert any("no .cpg" in n for n in src.notes)


def test_a_cpg_that_lies_is_overruled(tmp_path: Path) -> None:
    path = gbk_shapefile(tmp_path)
    path.with_suffix(".cpg").write_text("UTF-8")
    src = read_features(path)
    assert src.encoding == "GB18030" and src.columns["名称"].tolist() == PLANTS
    assert any("says 'UTF-8'" in n for n in src.notes)


def test_chosen_encoding_wins(tmp_path: Path) -> None:
    src = read_features(gbk_shapefile(tmp_path, cpg=False), encoding="GBK")
    assert (src.encoding, src.encoding_origin) == ("GBK", "given")
    assert src.columns["名称"].tolist() == PLANTS


def test_zipped_shapefile(tmp_path: Path) -> None:
    gbk_shapefile(tmp_path)
    archive = tmp_path / "上报.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in tmp_path.glob("化工企业.*"):
            z.write(part, f"数据/{part.name}")
    src = read_features(archive)
    assert src.columns["名称"].tolist() == PLANTS
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(SourceError, match="damaged"):
        read_features(tmp_path / "bad.zip")


def test_kml_and_kmz(tmp_path: Path) -> None:
    kml = tmp_path / "巡查点.kml"
    write_points(
        kml,
        {"Name": PLANTS, "Description": ["危化品", "化肥", "冶炼"]},
        crs="EPSG:4326",
        driver="KML",
    )
    src = read_features(kml)
    assert src.columns["Name"].tolist() == PLANTS
    assert src.crs == "EPSG:4326"
    assert np.allclose(src.geometry.xy, np.column_stack([LON, LAT]))
    kmz = tmp_path / "巡查点.kmz"
    with zipfile.ZipFile(kmz, "w") as z:
        z.write(kml, "doc.kml")
    src = read_features(kmz)
    assert src.columns["Name"].tolist() == PLANTS


def test_gpx_waypoints(tmp_path: Path) -> None:
    gpx = tmp_path / "track.gpx"
    write_points(gpx, {"name": PLANTS}, crs="EPSG:4326", layer="waypoints")
    layers = {li.name: li.features for li in list_layers(gpx)}
    assert layers["waypoints"] == 3
    src = read_features(gpx)  # the only layer with features
    assert src.layer == "waypoints" and src.columns["name"].tolist() == PLANTS


def test_flatgeobuf_and_geojson_lines(tmp_path: Path) -> None:
    lines = shapely.linestrings([[[104.6, 35.5], [104.7, 35.6]], [[104.5, 35.4], [104.6, 35.3]]])
    for name in ("roads.fgb", "roads.geojson"):
        pyogrio.raw.write(
            str(tmp_path / name),
            shapely.to_wkb(lines),
            [np.array(["国道312", "县道"], dtype=object)],
            ["name"],
            geometry_type="LineString",
            crs="EPSG:4490",
        )
        src = read_features(tmp_path / name)
        assert not src.geometry.points_only
        assert shapely.equals(src.geometry.shapely(), lines).all()
        assert src.columns["name"].tolist() == ["国道312", "县道"]


def test_geopackage_with_several_layers(tmp_path: Path) -> None:
    gpkg = tmp_path / "city.gpkg"
    write_points(gpkg, {"name": PLANTS}, layer="plants")
    write_points(gpkg, {"name": ["学校"] * 3}, layer="schools", append=False)
    assert [li.name for li in list_layers(gpkg)] == ["plants", "schools"]
    with pytest.raises(SourceError, match=r"several layers with features: plants \(3\), "):
        read_features(gpkg)
    assert read_features(gpkg, layer="schools").columns["name"].tolist() == ["学校"] * 3
    with pytest.raises(SourceError, match="has no layer 'rivers'"):
        read_features(gpkg, layer="rivers")


def test_csv_in_dms_gbk_with_a_title_row(tmp_path: Path) -> None:
    path = tmp_path / "企业.csv"
    lines = [
        "青岚市危化品企业名单（2026年）,,,",
        "企业名称,经度,纬度,从业人数",
        "兰州石化分公司,104°36'36\"E,35°34'12\"N,120",
        "青岚化肥厂,东经104度37分12秒,北纬35度34分48秒,35",
        "金川化工有限公司,104:37:48,35:35:24,800",
        "",
        "坏坐标,104°61'00\"E,35.5,1",
        "颠倒,N35.5,104.6,1",
    ]
    path.write_bytes("\n".join(lines).encode("gbk"))
    src = read_features(path)
    assert src.encoding == "GB18030" and src.format == "CSV"
    assert src.crs == "EPSG:4490" and src.crs_origin == "assumed"
    assert src.coord_columns == ("经度", "纬度")
    assert src.rows.tolist() == [3, 4, 5, 7, 8]
    xy = src.geometry.xy
    assert xy[0] == pytest.approx([104.61, 35.57])
    assert xy[1] == pytest.approx([104.62, 35.58])
    assert xy[2] == pytest.approx([104.63, 35.59])
    assert "分或秒不小于 60" in src.geometry.bad[3].zh
    assert "columns swapped" in src.geometry.bad[4].en


def test_csv_with_one_coordinate_column_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("name;经纬度\nA;104.61,35.57\nB;104.62 35.58\n", encoding="utf-8-sig")
    src = read_features(path)
    assert src.geometry.xy.tolist() == [[104.61, 35.57], [104.62, 35.58]]


def test_csv_xy_metres_need_the_crs(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("名称,x,y\n井口,512345.6,3937654.3\n", encoding="utf-8")
    assert read_features(path).crs is None
    src = read_features(path, x="x", y="y", crs="EPSG:4544")
    assert src.crs == "EPSG:4544" and src.geometry.xy.tolist() == [[512345.6, 3937654.3]]
    with pytest.raises(SourceError, match="no header row names the columns east, y"):
        read_features(path, x="east", y="y", crs="EPSG:4544")


def test_xlsx_with_sheets(tmp_path: Path) -> None:
    path = tmp_path / "企业.xlsx"
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由区应急局填报"])
    ws = wb.create_sheet("企业")
    ws.append(["单位名称", "经度", "纬度"])
    for name, x, y in zip(PLANTS, LON, LAT, strict=True):
        ws.append([name, x, y])
    wb.save(path)
    src = read_features(path, sheet="企业")
    assert src.rows.tolist() == [2, 3, 4] and src.columns["单位名称"].tolist() == PLANTS
    assert [li.name for li in list_layers(path)] == ["说明", "企业"]
    with pytest.raises(SourceError, match="no coordinate columns"):
        read_features(path, sheet="说明")


# -- bad files ------------------------------------------------------------------------------


def test_shapefile_missing_its_dbf(tmp_path: Path) -> None:
    path = gbk_shapefile(tmp_path)
    path.with_suffix(".dbf").unlink()
    with pytest.raises(SourceError, match=r"attribute table 化工企业\.dbf is missing"):
        read_features(path)


def test_shapefile_missing_its_shx(tmp_path: Path) -> None:
    path = gbk_shapefile(tmp_path)
    path.with_suffix(".shx").unlink()
    with pytest.raises(SourceError, match=r"shape index 化工企业\.shx is missing"):
        read_features(path)


def test_dbf_header_claiming_more_records(tmp_path: Path) -> None:
    path = gbk_shapefile(tmp_path)
    with path.with_suffix(".dbf").open("r+b") as fh:
        fh.seek(4)
        fh.write(struct.pack("<I", 100_000))
    with pytest.raises(
        SourceError, match=r"\.dbf: its header claims 100,000 records but the file holds 3"
    ):
        read_features(path)


def test_shx_header_claiming_more_shapes(tmp_path: Path) -> None:
    path = gbk_shapefile(tmp_path)
    with path.with_suffix(".shx").open("r+b") as fh:
        fh.seek(24)
        fh.write(struct.pack(">i", (100 + 8 * 100_000) // 2))
    with pytest.raises(
        SourceError, match=r"\.shx: its header claims 100,000 shapes but the file holds 3"
    ):
        read_features(path)


def test_geopackage_claiming_more_features(tmp_path: Path) -> None:
    gpkg = tmp_path / "plants.gpkg"
    write_points(gpkg, {"name": PLANTS}, layer="plants")
    con = sqlite3.connect(gpkg)
    with con:
        con.execute("UPDATE gpkg_ogr_contents SET feature_count = 500000")
    con.close()
    with pytest.raises(
        SourceError, match=r"header claims 500,000 features but the file holds 3; it is truncated"
    ):
        read_features(gpkg)


def test_geojson_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [\n'
        '  {"type": "Feature", "properties": {"name": "A"},\n'
        '   "geometry": {"type": "Point", "coordinates": [104.6, 35.5]}},\n'
        "]}\n"
    )
    with pytest.raises(
        SourceError, match=r"bad\.geojson is not valid JSON: .* at line 4, column 1"
    ):
        read_features(path)


@pytest.mark.parametrize(
    "name", ["empty.geojson", "empty.shp", "empty.gpkg", "empty.csv", "empty.xlsx", "empty.kml"]
)
def test_empty_files(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(SourceError, match=r"is empty \(0 bytes\)"):
        read_features(tmp_path / name)


def test_geojson_without_features(tmp_path: Path) -> None:
    path = tmp_path / "none.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    with pytest.raises(SourceError, match="has no features"):
        read_features(path)


def test_not_a_data_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("meeting notes, not a GeoPackage")
    with pytest.raises(SourceError, match="is not a file riskmap can read"):
        read_features(path)
    with pytest.raises(SourceError, match="no such file"):
        read_features(tmp_path / "missing.shp")


def test_csv_encoding_that_is_neither(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("名称,经度,纬度\n".encode() + b"\xff\xfe\x80\x81,104,35\n")
    with pytest.raises(SourceError, match="cannot tell the text encoding"):
        read_features(path)


def test_gbk_csv_behind_a_utf8_bom(tmp_path: Path) -> None:
    """Some tools prepend a UTF-8 BOM to a GBK file. The BOM decides unless the user gives the
    encoding; given GBK, the BOM is dropped and the rest read as GBK."""
    text = "名称,经度,纬度\n青岚化肥厂,104.62,35.58\n金川化工,104.63,35.59\n"
    path = tmp_path / "bom_gbk.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("gbk"))
    src = read_features(path, encoding="GBK")
    assert (src.encoding, src.encoding_origin) == ("GBK", "given")
    assert src.columns["名称"].tolist() == ["青岚化肥厂", "金川化工"]
    assert any("byte order mark" in n for n in src.notes)
    # Without an encoding the BOM says UTF-8; the first byte that is not UTF-8 is named by its
    # line and its offset in the file (3 bytes of BOM, then 名 in GBK: C3 FB, not UTF-8).
    with pytest.raises(SourceError) as err:
        read_features(path)
    msg = str(err.value)
    assert "UTF-8 byte order mark" in msg and "line 1, offset 3 of the file (byte 0xC3)" in msg
    assert "GBK" in msg
    # A bad byte further down: its line, counted from 1, and its offset.
    bad = tmp_path / "bad_line3.csv"
    body = "名称,经度,纬度\nA,104.62,35.58\n".encode("gbk")
    bad.write_bytes(b"\xef\xbb\xbf" + body + b"\x81\x20,104,35\n")
    with pytest.raises(
        SourceError, match=rf"line 3, offset {3 + len(body):,} of the file \(byte 0x81\)"
    ):
        read_features(bad, encoding="GBK")
    # A UTF-8 file with a BOM read as the UTF-8 the user gives: the BOM is no part of the header.
    utf = tmp_path / "bom_utf8.csv"
    utf.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert read_features(utf, encoding="utf-8").columns["名称"].tolist() == [
        "青岚化肥厂",
        "金川化工",
    ]


def test_csv_binary_content(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    with pytest.raises(SourceError, match="not a text file"):
        read_features(path)


def test_xls_and_broken_xlsx(tmp_path: Path) -> None:
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(RiskmapError, match=r"Excel 97-2003"):
        read_features(old)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(SourceError, match="damaged"):
        read_features(broken)


def test_datum_and_crs_are_checked(tmp_path: Path) -> None:
    path = gbk_shapefile(tmp_path)
    with pytest.raises(SourceError, match="unknown datum 'mars'"):
        read_features(path, datum="mars")
    with pytest.raises(SourceError, match="unknown coordinate system"):
        read_features(path, crs="EPSG:999999")
    with pytest.raises(SourceError, match="unknown text encoding 'klingon'"):
        read_features(path, encoding="klingon")


# -- coordinates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "axis", "degrees"),
    [
        ("104.62", "lon", 104.62),
        ("104°37'12.5\"E", "lon", 104 + 37 / 60 + 12.5 / 3600),
        ("104°37′12.5″", "lon", 104 + 37 / 60 + 12.5 / 3600),
        ("104度37分12.5秒", "lon", 104 + 37 / 60 + 12.5 / 3600),
        ("东经104度37分12.5秒", "lon", 104 + 37 / 60 + 12.5 / 3600),
        ("104:37:12.5", "lon", 104 + 37 / 60 + 12.5 / 3600),
        ("104 37 12.5", "lon", 104 + 37 / 60 + 12.5 / 3600),
        ("104°37.5'", "lon", 104.625),
        ("N35°34′56.7″", "lat", 35 + 34 / 60 + 56.7 / 3600),
        ("南纬12.5", "lat", -12.5),
        ("W 73.5", "lon", -73.5),
        ("１０４．６２", "lon", 104.62),
        (104.5, "lon", 104.5),
    ],
)
def test_coordinate_forms(text: object, axis: str, degrees: float) -> None:
    assert parse_coordinate(text, axis) == pytest.approx(degrees, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "axis", "words"),
    [
        ("N35.5", "lon", "columns swapped"),
        ("104°60'", "lon", "60 or more"),
        ("abc", "lat", "cannot read latitude"),
        ("nan", "lon", "not a finite number"),
        (True, "lon", "not a number"),
    ],
)
def test_bad_coordinates(text: object, axis: str, words: str) -> None:
    with pytest.raises(Bad, match=words):
        parse_coordinate(text, axis)
