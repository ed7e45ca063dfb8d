"""Fuzz the CSV, XLSX and GeoJSON readers (and a dry-run import of whatever they accept):
whatever the file holds, the result is a source or a RiskmapError, never another exception."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from riskmap.core.catalog import load_catalog
from riskmap.errors import RiskmapError
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin")
CATALOG = load_catalog()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = [
    "名称",
    "经度",
    "纬度",
    "lon",
    "lat",
    "x",
    "y",
    "经纬度",
    "WKT",
    "类型",
    "容纳人数",
    "编号",
    "地址",
    "",
    "名称",
]
COORDS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.sampled_from(
        [
            "104°37'12.5\"E",
            "35度34分",
            "104:37:12",
            "N35.5",
            "E104 N35",
            "东经",
            "104°61'",
            "1e400",
            "-",
            "NaN",
            "104,5",
            "POINT (1 2)",
        ]
    ),
    st.text(max_size=12),
)
CELLS = st.one_of(COORDS, st.none(), st.booleans(), st.sampled_from(["学校", "是", "一级", ""]))


@pytest.fixture(scope="module")
def store(demo_url: str):
    s = open_store(demo_url)
    yield s
    s.dispose()


def _exercise(path: Path, store) -> None:
    try:
        src = read_features(path)
        src.preview(5)
        src.describe()
        plan = plan_import(src, CATALOG, "dense_venues", None)
        if plan.ok:
            import_features(store, ADMIN, src, plan, dry_run=True)
    except RiskmapError:
        pass


@FUZZ
@given(data=st.binary(max_size=400))
def test_csv_bytes(store, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "f.csv"
        path.write_bytes(data)
        _exercise(path, store)


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=6),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-8-sig", "utf-16"]),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_csv_tables(store, header, rows, encoding: str, sep: str) -> None:
    lines = [sep.join(header)] + [sep.join("" if v is None else str(v) for v in r) for r in rows]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.csv"
        path.write_bytes("\n".join(lines).encode(encoding, "replace"))
        _exercise(path, store)


@FUZZ
@given(
    title=st.booleans(),
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=6),
)
def test_xlsx_tables(store, title: bool, header, rows) -> None:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["青岚市重点场所名单"])
    ws.append(header)
    for r in rows:
        ws.append([_cell(v) for v in r])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.xlsx"
        wb.save(path)
        _exercise(path, store)


def _cell(v: object) -> object:
    """What a spreadsheet can hold: no control characters, no inf/NaN numbers."""
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub("", v)
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return v


@FUZZ
@given(data=st.binary(max_size=300))
def test_xlsx_bytes(store, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "t.xlsx"
        path.write_bytes(b"PK\x03\x04" + data if data[:1] == b"\0" else data)
        _exercise(path, store)


NUMBER = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.integers(-(10**9), 10**9)
)
POSITION = st.lists(NUMBER, min_size=0, max_size=3)
GEOMETRY = st.one_of(
    st.none(),
    st.fixed_dictionaries({"type": st.just("Point"), "coordinates": POSITION}),
    st.fixed_dictionaries(
        {"type": st.just("LineString"), "coordinates": st.lists(POSITION, max_size=4)}
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("Polygon"),
            "coordinates": st.lists(st.lists(POSITION, max_size=6), max_size=2),
        }
    ),
    st.fixed_dictionaries({"type": st.sampled_from(["Curve", "GeometryCollection", 7])}),
)
PROPS = st.dictionaries(
    st.sampled_from(["name", "名称", "kind", "类型", "capacity", "id", "x"]),
    st.one_of(
        st.none(), st.booleans(), NUMBER, st.text(max_size=8), st.lists(st.integers(), max_size=2)
    ),
    max_size=4,
)
FEATURE = st.fixed_dictionaries(
    {"type": st.just("Feature"), "geometry": GEOMETRY, "properties": st.one_of(st.none(), PROPS)}
)


@FUZZ
@given(features=st.lists(FEATURE, max_size=6), cut=st.integers(0, 400))
def test_geojson(store, features, cut: int) -> None:
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as d:
        whole = Path(d) / "f.geojson"
        whole.write_text(text, encoding="utf-8")
        _exercise(whole, store)
        broken = Path(d) / "g.geojson"  # the same text cut short: a syntax error
        broken.write_text(text[:cut], encoding="utf-8")
        _exercise(broken, store)
