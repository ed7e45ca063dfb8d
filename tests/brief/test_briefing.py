"""Holiday briefings on the demo city: the context against independent SQL, and the three files
(HTML with nothing fetched and every text escaped, PDF pages read back, XLSX sheets)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pdftext import pdf_pages
from pypdf import PdfReader
from sqlalchemy import text

from riskmap.brief import build_briefing
from riskmap.brief.build import file_stem
from riskmap.brief.context import Briefing, briefing_context
from riskmap.brief.html import render_html, write_html
from riskmap.brief.xlsx import sheets
from riskmap.errors import RiskmapError
from riskmap.store.engine import open_store

# 清明's focus written out by hand from layers/*.toml and the meeting's words, independently of
# riskmap.core.presets: cemeteries and scenic spots, forest zones of fire class ≥ 4, mountain
# roads. A site belongs to the county of its township.
FOCUS_SQL = """
    SELECT s.id AS site_id, t.parent_code AS county
    FROM sites s JOIN districts t ON t.code = s.district_code
    WHERE (s.layer = 'dense_venues'
           AND json_extract(s.attrs, '$.kind') IN ('cemetery', 'scenic_spot'))
       OR (s.layer = 'forest_fire' AND json_extract(s.attrs, '$.fire_class') >= 4)
       OR (s.layer = 'roads' AND json_extract(s.attrs, '$.mountain') = 1)
"""
LEDGER_SQL = f"""
    SELECT f.county, h.level, r.status, r.deadline, r.unit_id
    FROM ({FOCUS_SQL}) f
    JOIN hazards h ON h.site_id = f.site_id
    LEFT JOIN rectifications r ON r.hazard_id = h.id
    WHERE h.found_on <= :as_of
"""
XSS = "<script>alert(1)</script>"
TEMPLATE = "{{ 7*7 }}{% raw %}"  # Jinja syntax: must print as typed, never be evaluated


@pytest.fixture(scope="module")
def briefing(demo_ws, demo_anchor: dt.date) -> Briefing:
    return briefing_context(demo_ws, "qingming", 2026, as_of=demo_anchor)


@pytest.fixture(scope="module")
def files(demo_ws, demo_anchor: dt.date, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("briefing")
    return build_briefing(demo_ws, "清明", 2026, out_dir=out, as_of=demo_anchor)


@pytest.fixture(scope="module")
def sql_counts(demo_ws, demo_anchor: dt.date):
    """county → [sites, open, major open, overdue]; unit id → overdue count."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    units: Counter[int] = Counter()
    day = demo_anchor.isoformat()
    with demo_ws.store.engine.connect() as c:
        for county, n in c.execute(text(f"SELECT county, COUNT(*) FROM ({FOCUS_SQL}) GROUP BY 1")):
            per[county][0] = n
        for county, level, status, deadline, unit_id in c.execute(text(LEDGER_SQL), {"as_of": day}):
            if status == "verified":
                continue
            per[county][1] += 1
            per[county][2] += level == "major"
            if deadline is not None and deadline < day:
                per[county][3] += 1
                units[unit_id] += 1
    return dict(per), units


# -- context ------------------------------------------------------------------------------------


def test_the_window_and_its_source(briefing: Briefing) -> None:
    w = briefing.window
    assert (w.start, w.end) == (dt.date(2026, 4, 4), dt.date(2026, 4, 6))
    assert w.source == "calendar" and "国务院办公厅" in briefing.window_source
    assert briefing.period_start == dt.date(2026, 3, 25)  # 10 lead days
    assert briefing.title == "青岚市2026年清明安全风险简报"
    assert [f.key for f in briefing.focus_layers] == ["forest_fire", "roads", "dense_venues"]


def test_per_county_counts_match_independent_sql(briefing: Briefing, sql_counts, demo_ws) -> None:
    per, _ = sql_counts
    counties = {d.code: d.name for d in demo_ws.counties()}
    assert [r.code for r in briefing.districts] == sorted(counties)  # all 7, none extra
    for r in briefing.districts:
        assert r.name == counties[r.code]
        assert [r.sites, r.open, r.major_open, r.overdue] == per.get(r.code, [0, 0, 0, 0]), r.name
    t = briefing.totals
    assert [t.sites, t.open, t.major_open, t.overdue] == [
        sum(v[i] for v in per.values()) for i in range(4)
    ]
    assert t.overdue > 0 and t.major_open > 0  # the demo ledger has both: the test means something
    assert len(briefing.major) == t.major_open
    assert all(m.deadline is None or m.unit for m in briefing.major)


def test_overdue_by_unit_matches_independent_sql(briefing: Briefing, sql_counts) -> None:
    _, units = sql_counts
    got = {u.unit_id: u.count for u in briefing.overdue_by_unit}
    assert got == dict(units)
    counts = [u.count for u in briefing.overdue_by_unit]
    assert counts == sorted(counts, reverse=True)
    for u in briefing.overdue_by_unit:
        assert len(u.items) == u.count and all(i.days_overdue > 0 for i in u.items)
        assert u.major == sum(i.level == "major" for i in u.items)


def test_a_county_briefing_counts_its_townships(briefing: Briefing, demo_ws, demo_anchor) -> None:
    county = next(r for r in briefing.districts if r.sites)
    b = briefing_context(demo_ws, "qingming", 2026, district=county.name, as_of=demo_anchor)
    assert b.scope_level == "county" and b.scope_code == county.code
    assert b.title == f"青岚市{county.name}2026年清明安全风险简报"
    towns = {d.code for d in demo_ws.districts if d.parent_code == county.code}
    assert {r.code for r in b.districts} == towns
    t = b.totals
    assert [t.sites, t.open, t.major_open, t.overdue] == [
        county.sites,
        county.open,
        county.major_open,
        county.overdue,
    ]
    assert file_stem(b) == f"清明安全风险简报_2026_{county.name}"
    town = next(d for d in demo_ws.districts if d.level == "township")
    with pytest.raises(RiskmapError, match="city or one county"):
        briefing_context(demo_ws, "qingming", 2026, district=town.code, as_of=demo_anchor)


def test_deadlines_gaps_and_the_year_before(demo_ws, demo_anchor: dt.date) -> None:
    # 春节 2027 follows the demo's anchor day: its lead period holds rectification deadlines.
    b = briefing_context(demo_ws, "spring_festival", 2027, as_of=demo_anchor)
    assert b.window.source == "lunar table" and "农历" in b.window_source
    assert b.deadlines and all(b.period_start <= d.deadline <= b.window.end for d in b.deadlines)
    assert {d.phase for d in b.deadlines} <= {"lead", "holiday"}
    assert 0 < len(b.gaps) <= b.high_risk
    # The ledger starts in 2026: no 春节 2026 to compare with, and the briefing says so.
    assert not b.yoy.available and "无上年同期数据" in b.yoy.note

    # 国庆 2027 seen on 20 October 2027: 国庆 2026 is in the ledger.
    day = dt.date(2027, 10, 20)
    nd = briefing_context(demo_ws, "national_day", 2027, as_of=day)
    y = nd.yoy
    assert y.available and y.period_last == (dt.date(2026, 9, 17), dt.date(2026, 10, 7))
    ids = sorted(s.id for s in nd.sites)
    marks = ",".join("?" * len(ids))
    raw = demo_ws.store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            f"SELECT COUNT(*) FROM hazards WHERE site_id IN ({marks}) AND found_on "
            "BETWEEN '2026-09-17' AND '2026-10-07'",
            ids,
        )
        (found_last,) = cur.fetchone()
        cur.execute(
            f"SELECT COUNT(*) FROM hazards h LEFT JOIN rectifications r ON r.hazard_id = h.id "
            f"WHERE h.site_id IN ({marks}) AND h.level = 'major' AND h.found_on <= ? AND NOT "
            "(r.status = 'verified' AND (r.verified_on IS NULL OR r.verified_on <= ?))",
            [*ids, y.then.isoformat(), y.then.isoformat()],
        )
        (open_then,) = cur.fetchone()
    finally:
        raw.close()
    assert y.then == dt.date(2026, 10, 20)
    assert (y.found_last, y.found_this) == (found_last, 0) and found_last > 0
    assert y.major_open_then == open_then and y.major_open_now == nd.totals.major_open


# -- HTML ---------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append((tag, name, value))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


def test_the_html_fetches_nothing(files: dict[str, Path], briefing: Briefing, demo_ws) -> None:
    page = files["html"].read_text(encoding="utf-8")
    tags = _parse(page)
    fetched = [(t, a, v) for t, a, v in tags.refs if t in ("script", "link", "img", "iframe")]
    assert fetched == []  # Leaflet and its CSS are inline; no jQuery, Bootstrap, fonts, tiles
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)\s*=", page)
    assert "L.map(" in page and "L.tileLayer" not in page
    assert any("Leaflet" in s[:2000] or "leaflet" in s[:2000] for s in tags.scripts)
    assert "@import" not in page and "url(http" not in page
    for r in briefing.districts:
        assert r.name in page
    assert "演示数据（虚构城市）" in page
    # The same briefing gives the same page (folium's random ids are renamed).
    assert render_html(briefing, demo_ws) == page


def test_a_script_in_a_hazard_description_comes_out_as_text(
    demo_copy: str, tmp_path, demo_anchor
) -> None:
    from riskmap.core.workspace import Workspace
    from riskmap.store.access import SYSTEM
    from riskmap.store.schema import Hazard

    store = open_store(demo_copy)
    try:
        ws = Workspace.load(store)
        b = briefing_context(ws, "qingming", 2026, as_of=demo_anchor)
        target = b.major[0]  # an open major hazard on a focus site: in the table and a popup
        with store.begin(SYSTEM) as s:
            s.get(Hazard, target.hazard_id).description = XSS + TEMPLATE
        b = briefing_context(ws, "qingming", 2026, as_of=demo_anchor)
        assert any(m.description == XSS + TEMPLATE for m in b.major)
        page = write_html(b, ws, tmp_path / "x.html").read_text(encoding="utf-8")
    finally:
        store.dispose()
    assert XSS not in page and "<script>alert" not in page
    # The table cell: shown as typed (braces as character references: see riskmap.brief.html).
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;&#123;&#123; 7*7 &#125;&#125;&#123;% raw %&#125;"
    assert shown in page and html.unescape(shown) == XSS + TEMPLATE
    # The popup: the same escaped HTML inside the map's JSON (which escapes < > & as \\u00XX).
    assert shown.replace("&", "\\u0026") in page
    tags = _parse(page)
    assert all(s.strip() != "alert(1)" for s in tags.scripts)
    assert len(tags.scripts) == page.count("<script")


# -- PDF ----------------------------------------------------------------------------------------


def _page_texts(pdf: Path) -> list[str]:
    return pdf_pages(pdf)


def _bookmarks(pdf: Path) -> list[tuple[int, str, int]]:
    """(level, title, 0-based page) of every bookmark, in order."""
    reader = PdfReader(pdf)
    out: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def test_the_pdf_is_a_briefing_with_bookmarks_and_a_section_per_county(
    files, briefing: Briefing
) -> None:
    pages = _page_texts(files["pdf"])
    marks = _bookmarks(files["pdf"])
    assert [(lvl, t) for lvl, t, _ in marks[:5]] == [
        (0, "简报首页"), (0, "一、总体研判"), (0, "二、工作要求"), (0, "三、全市概况"),
        (0, "四、分县区情况"),
    ]  # fmt: skip
    assert [(lvl, t) for lvl, t, _ in marks[5:]] == [(1, r.name) for r in briefing.districts]
    cover = pages[0]
    assert "内部资料" in cover and "青岚市安全风险简报" in cover
    assert "青岚市安全生产委员会办公室" in cover  # the default office of a city's database
    assert "演示数据（虚构城市）" in cover and "国务院办公厅节假日安排" in cover
    assert "2026年4月4日至2026年4月6日" in cover and "2026年11月1日" in cover
    assert "目录" in cover and "一、总体研判2" in cover  # the contents, with their pages
    assessment = pages[marks[1][2]]
    assert "总体研判" in assessment and "工作要求" in "".join(pages[1:3])
    # The assessment's figures are the briefing's: its counts, written out.
    assert f"专题风险点{briefing.totals.sites}处" in assessment
    assert f"重大隐患{briefing.totals.major_open}项" in assessment
    assert f"高风险点{briefing.high_risk}处中有{len(briefing.gaps)}处尚无巡查覆盖" in assessment
    overview = pages[marks[3][2]]
    assert "全市概况" in overview and "分县区隐患与整改" in overview
    for row in briefing.districts:
        assert row.name in overview  # the map labels and the bars
    # Each county's pages run from its bookmark to the next: every list there is whole.
    starts = [p for _, _, p in marks[5:]] + [len(pages)]
    for i, row in enumerate(briefing.districts):
        text = "".join(pages[starts[i] : starts[i + 1]])
        assert row.name in text and "未销号重大隐患" in text and "逾期整改" in text
        assert "巡查覆盖缺口" in text
        code = row.code
        for g in briefing.gaps_of(code):
            assert re.sub(r"\s+", "", g.site_name) in text, (row.name, g.site_name)
        overdue = [
            i for u in briefing.overdue_by_unit for i in u.items
            if briefing.row_code(i.county_code, i.district_code) == code
        ]  # fmt: skip
        assert f"逾期整改（{len(overdue)}项" in text
    assert not any("未列出" in p for p in pages)


def test_the_pdf_is_the_same_for_the_same_briefing(briefing: Briefing, demo_ws) -> None:
    from riskmap.brief.pdf import render_pdf

    assert render_pdf(briefing, demo_ws).to_bytes() == render_pdf(briefing, demo_ws).to_bytes()


# -- XLSX and the files -------------------------------------------------------------------------


def test_the_xlsx_has_every_list_with_dates_as_dates(files, briefing: Briefing) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(files["xlsx"])
    expected = {t.title: t for t in sheets(briefing)}
    assert wb.sheetnames == ["简报信息", *expected]
    sizes = {
        "分县区统计": 7,
        "未销号重大隐患": len(briefing.major),
        "逾期整改（按责任单位）": briefing.overdue_total,
        "逾期整改责任单位": len(briefing.overdue_by_unit),
        "节前及节日期间到期整改": len(briefing.deadlines),
        "巡查覆盖缺口": len(briefing.gaps),
    }
    for title, n in sizes.items():
        ws = wb[title]
        assert ws.max_row == n + 1, title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, title
        assert [c.value for c in ws[1]] == list(expected[title].headers)
    major = wb["未销号重大隐患"]
    col = expected["未销号重大隐患"].headers.index("整改期限") + 1
    assert isinstance(major.cell(row=2, column=col).value, dt.datetime)
    assert major.cell(row=2, column=col).number_format == "yyyy-mm-dd"
    assert wb["分县区统计"]["A2"].value == briefing.districts[0].name
    assert wb["分县区统计"]["C2"].value == briefing.districts[0].open


def test_build_writes_named_files_for_the_next_holiday(
    files, demo_ws, demo_anchor, tmp_path
) -> None:
    assert {k: p.name for k, p in files.items()} == {
        "html": "清明安全风险简报_2026.html",
        "pdf": "清明安全风险简报_2026.pdf",
        "xlsx": "清明安全风险简报_2026.xlsx",
    }
    # No year: the next 清明 on or after the as-of day (1 November 2026 → 2027).
    timings: dict[str, float] = {}
    out = build_briefing(
        demo_ws, "qingming", out_dir=tmp_path, formats=("xlsx",), as_of=demo_anchor, timings=timings
    )
    assert list(out) == ["xlsx"] and out["xlsx"].name == "清明安全风险简报_2027.xlsx"
    assert set(timings) == {"context", "xlsx"}
    with pytest.raises(RiskmapError, match="unknown briefing format"):
        build_briefing(demo_ws, "qingming", out_dir=tmp_path, formats=("docx",))
    with pytest.raises(RiskmapError, match="unknown preset"):
        build_briefing(demo_ws, "christmas", out_dir=tmp_path)
