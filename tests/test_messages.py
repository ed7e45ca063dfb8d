"""The message catalogue: every entry renders in both languages, the Chinese one speaks only
Chinese (codes, file names, units and product names aside) and no window text names a flag."""

from __future__ import annotations

import datetime as dt
import errno
import re
import sqlite3
from pathlib import Path

import pytest
import shapely
from sqlalchemy.exc import OperationalError

from riskmap.errors import LedgerError, RiskmapError
from riskmap.messages import CATALOGUE, Words, describe, fields, render, text

ROOT = Path(__file__).resolve().parents[1]

# Params as a Chinese user's data would fill them.
SAMPLES: dict[str, object] = {
    "road": 1340,
    "water": 104,
    "landuse": 1606,
    "old": 2619,
    "source": "路网",
    "action": Words("verify", "验收销号"),
    "allowed": Words("start", "开始整改"),
    "article": "an",
    "backend": "sqlite",
    "byte": 1234,
    "dpi": 5,
    "paper": "B5",
    "papers": "A4, A3",
    "hex": "0xC3",
    "choices": ["市", "区县", "乡镇（街道）"],
    "claimed": 1200,
    "cm": "120",
    "close": "道路",
    "code": "620102001",
    "codes": "620102",
    "column": "名称",
    "columns": ["名称", "地址", "经度", "纬度"],
    "count": 4,
    "cpg": "GBK",
    "cpg_part": "企业.cpg",
    "crs": "EPSG:4544",
    "crs_name": "CGCS2000 / 3-degree Gauss-Kruger CM 105E",
    "datum": "GCJ-02",
    "days": 40,
    "deadline": dt.date(2026, 5, 1),
    "declared": 40960,
    "declared_mb": 3000.0,
    "detail": "（原因）",
    "distance": -5.0,
    "district": "城关镇",
    "east": 109.51,
    "encoding": "GBK",
    "end": dt.date(2027, 4, 5),
    "ends": dt.date(2026, 4, 1),
    "entity": Words("hazard", "隐患"),
    "env": "RISKMAP_MAX_EXPANDED_MB",
    "example": "512345.0, 3934567.0",
    "field": "等级",
    "fields": ["名称", "等级"],
    "file": "道路.toml",
    "first": ["序号", "单位"],
    "first_year": 2020,
    "flags": ["必填", "涉及人员"],
    "folder": "/数据/图层",
    "form": "（经度, 纬度, 公里）",
    "format": "docx",
    "found": dt.date(2026, 3, 2),
    "geometry": Words("LineString", "线"),
    "given": Words("bbox and circle", "矩形范围、圆形"),
    "got": "[104.6, 35.6]",
    "held": 1100,
    "high": 20.0,
    "holiday": Words("Spring Festival", "春节"),
    "host": "127.0.0.1",
    "id": 17,
    "inner": "doc.kml",
    "k": 0,
    "key": "等级",
    "kind": Words("points", "点"),
    "km": 60.0,
    "maker": Words("Amap", "高德地图"),
    "known": [".gpkg", ".shp", ".csv", ".xlsx"],
    "last_year": 2035,
    "lat": 95.0,
    "layer": "化工企业",
    "layers": ["企业 (12)", "园区 (3)"],
    "level": Words("township", "乡镇（街道）"),
    "limit": "1e+12",
    "limit_mb": 2048.0,
    "line": 12,
    "offset": 1234,
    "longest": 31,
    "log": "/home/值班员/.local/state/riskmap/log/riskmap.log",
    "lon": 200.0,
    "low": 1.0,
    "matches": ["城关镇 (620102001)", Words("and 3 more", "等另外 3 个")],
    "max_km": 50.0,
    "maxlat": 35.5,
    "maxlon": 104.5,
    "mb": 64,
    "minlat": 35.6,
    "minlon": 104.6,
    "n": 4,
    "missing": ["{y}"],
    "name": "企业.shp",
    "suggest": "EPSG:4549",
    "total": 300,
    "names": ["企业.shp", "园区.shp"],
    "need": Words("admin", "管理员"),
    "north": 42.5,
    "on": dt.date(2026, 4, 1),
    "ours": 7,
    "part": "企业.dbf",
    "path": "/数据/企业.shp",
    "preset": "国庆",
    "probe": "安全隐患",
    "query": "城关",
    "radius": 0.0,
    "reason": "Ring Self-intersection[104.6 35.6]",
    "records": 1190,
    "region_crs": "EPSG:4326",
    "role": Words("viewer", "只读用户"),
    "row": 3,
    "searched": ["/安装目录/图层", "/数据/图层"],
    "shapes": 1200,
    "site": 12,
    "sheet": "隐患台账",
    "sheets": ["说明", "隐患台账"],
    "size": 30000,
    "south": 30.5,
    "start": dt.date(2027, 4, 3),
    "starts": dt.date(2026, 4, 3),
    "status": Words("submitted", "待验收"),
    "subdomains": "1, 2",
    "submitted": dt.date(2026, 4, 2),
    "table": Words("hazards", "隐患"),
    "target": "名称",
    "today": dt.date(2031, 2, 1),
    "type": "面",
    "unit": "青岚市应急管理局",
    "up": Words("county", "区县"),
    "url": "sqlite:////数据/风险地图.sqlite",
    "user": "张伟",
    "users": ["3 个单位", "2 个下级区划"],
    "value": "红色",
    "version": 5,
    "wanted": ["经度", "纬度"],
    "west": 100.5,
    "what": Words("code", "代码"),
    "where": Words("$RISKMAP_PDF_FONT", "环境变量 RISKMAP_PDF_FONT"),
    "who": "张伟",
    "x": "512345",
    "x0": 512345.0,
    "x1": 512345.0,
    "y": "3934567",
    "y0": 3934567.0,
    "y1": 3934999.0,
    "year": 2031,
    "max_chars": 64,
    "why": Words("the geometry is empty or missing", "几何为空或缺失"),
    "src": "EPSG:4490",
    "apart": "166",
    "levels": Words("counties", "区县"),
    "up_key": "city",
}

# ASCII a Chinese message may hold: formats, codes, product names, parts of files.
ALLOWED_WORDS = {
    "EPSG", "CGCS2000", "WGS84", "GCJ", "BD", "UTF", "GBK", "GB18030", "JSON", "GeoJSON",
    "GeoPackage", "Shapefile", "KML", "KMZ", "GPX", "FlatGeobuf", "CSV", "XLSX", "ZIP", "SQLite",
    "PostgreSQL", "PostGIS", "dBASE", "WKT", "X", "Y", "shp", "shx", "dbf", "cpg", "txt", "csv",
    "xlsx", "sqlite", "docx", "HTML", "PDF", "kml", "geojson", "gpkg", "TOML", "toml", "XML",
    "PNG", "MB", "Excel", "WPS", "xls", "xlsb", "A4", "A3", "MBTiles",
    # OpenStreetMap and its tag keys: the column names of an OSM extract, as the file has them
    "OSM", "highway", "waterway", "natural", "landuse",
}  # fmt: skip
# Removed before the word check: CRS names, URLs, file names, EPSG codes, one SQL statement, and
# the environment variables an administrator sets.
ALLOWED_SPANS = re.compile(
    r"CGCS2000 / 3-degree Gauss-Kruger CM 105E"
    r"|[a-z][a-z0-9+]*://\S*"
    r"|[^\s（）()：:，,、“”]+\.(shp|shx|dbf|cpg|prj|gpkg|geojson|json|kml|kmz|gpx|fgb|zip|csv"
    r"|xlsx|txt|log|sqlite|pdf|html|toml|otf|ttf|ttc|otc)\b"
    r"|EPSG:\d+"
    r"|\b0x[0-9A-F]{2}\b"  # a byte that does not decode, as hex editors show it
    r"|CREATE EXTENSION postgis"
    r"|RISKMAP_[A-Z_]+"
    r"|\{[a-z]\}"  # a tile URL's placeholders, as the user types them
)
FLAG = re.compile(r"(?<![\w-])--[a-z]|riskmap (db|demo|import|user)\b")


def foreign_words(message: str) -> list[str]:
    """ASCII words in a Chinese message that are not on the allow-list."""
    rest = ALLOWED_SPANS.sub(" ", message)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", rest) if w not in ALLOWED_WORDS]


def _params(code: str) -> dict[str, object]:
    tpl = CATALOGUE[code]
    names = fields(tpl.en) | fields(tpl.zh) | fields(tpl.cli)
    missing = names - SAMPLES.keys()
    assert not missing, f"{code}: add sample params {sorted(missing)} to SAMPLES"
    return {n: SAMPLES[n] for n in names}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_entry_renders_and_the_chinese_speaks_chinese(code: str) -> None:
    params = _params(code)
    zh, en, cli = (render(code, params, lang) for lang in ("zh", "en", "cli"))
    assert zh and en and cli and "\n" not in zh + en + cli
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert not foreign_words(zh), (code, foreign_words(zh), zh)
    # The window's texts never name a command-line flag or command; the CLI's may.
    assert not FLAG.search(zh) and not FLAG.search(en), (zh, en)


def test_the_allow_list_catches_english() -> None:
    assert foreign_words("无法读取 企业.shp（EPSG:4544, CGCS2000）") == []
    assert foreign_words("give the CRS: --crs EPSG:4544") == ["give", "the", "CRS", "crs"]
    assert FLAG.search("请指定（--encoding GBK）")


def test_every_code_raised_in_the_source_is_in_the_catalogue() -> None:
    raised: set[str] = set()
    for path in (ROOT / "riskmap").rglob("*.py"):
        text = path.read_text("utf-8")
        raised |= set(re.findall(r"\.of\(\s*\"([a-z_]+\.[a-z_]+)\"", text))
        raised |= set(re.findall(r"\bNote\(\s*\"([a-z_]+\.[a-z_]+)\"", text))  # notes, too
    assert len(raised) > 100  # the scan found the conversions
    assert raised - CATALOGUE.keys() == set()


def test_an_error_keeps_its_english_sentence_and_words_itself_in_chinese() -> None:
    err = LedgerError.of("ledger.future", on=dt.date(2030, 1, 2))
    assert str(err) == "2030-01-02 is in the future"
    assert err.code == "ledger.future" and err.params == {"on": dt.date(2030, 1, 2)}
    assert text(err, "zh") == "2030-01-02 是将来的日期"
    # A flag for the command line only.
    err = RiskmapError.of("import.several_layers", name="a.gpkg", layers=["x (1)", "y (2)"])
    assert str(err).endswith("choose one (--layer NAME)")
    assert text(err, "en") == "a.gpkg has several layers with features: x (1), y (2); choose one"
    assert text(err, "zh") == "a.gpkg 有多个含要素的图层：x (1)、y (2)。请在“图层”中选择一个"
    # Not converted: the English sentence, as before.
    assert text(RiskmapError("plain words"), "zh") == "plain words"


def test_environment_failures_are_known_and_bugs_are_not(tmp_path: Path) -> None:
    con = sqlite3.connect(f"file:{tmp_path / 'x.sqlite'}?mode=rwc", uri=True)
    con.execute("CREATE TABLE t (a)")
    con.execute("PRAGMA query_only=ON")
    with pytest.raises(sqlite3.OperationalError) as raised:
        con.execute("INSERT INTO t VALUES (1)")
    con.close()
    wrapped = OperationalError("INSERT", {}, raised.value)
    assert describe(wrapped) == ("env.db_read_only", {})
    assert text(wrapped, "zh").startswith("数据库是只读的")
    full = OSError(errno.ENOSPC, "No space left on device", "/mnt/u/报告.pdf")
    assert text(full, "zh") == "磁盘已满（/mnt/u/报告.pdf），未写入任何数据；请清理出空间后重试"
    assert describe(OSError(errno.EROFS, "Read-only file system", "/x"))[0] == "env.read_only_fs"
    assert describe(OSError(errno.EACCES, "Permission denied", "/x"))[0] == "env.no_permission"
    with pytest.raises(shapely.errors.GEOSException) as geos:
        shapely.from_wkt("POLYGON ((0 0, 1")
    assert describe(geos.value)[0] == "env.geometry"
    assert describe(KeyError("bug")) is None
    line = text(KeyError("bug"), "zh", "/tmp/riskmap.log")
    assert line == "发生了意外错误（KeyError: 'bug'），详细信息已记录在日志文件 /tmp/riskmap.log"


def test_no_refusal_below_the_command_line_is_a_plain_sentence() -> None:
    # A window can show anything the Qt-free layers raise: each such refusal names a code (the
    # command line's own modules may word their flag errors in English only).
    plain = re.compile(
        r"raise (RiskmapError|CatalogError|RegionError|StoreError|PermissionDenied|LedgerError"
        r"|ConflictError|SourceError)\(\s*f?[\"']"
    )
    found = []
    for path in sorted((ROOT / "riskmap").rglob("*.py")):
        if path.name.startswith("cli") and path.parent.name == "riskmap":
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if plain.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert found == []
