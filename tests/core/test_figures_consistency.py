"""One question, one answer: a county's figures are the same wherever a duty officer reads them.

For every county of the demo city and three as-of dates, the district selection's headline
(the dossier of the county), the wall's county row, `riskmap summary --format json`, the
briefing XLSX's county table and the ledger export all equal a brute-force count written here
over the raw tables (a site is the county's when its township lies in the county). The sites of
other counties whose geometry crosses the county are listed apart, and equal a brute-force
intersection of every site's geometry with the county polygon, minus the county's own sites.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
import shapely

from riskmap.brief.context import briefing_context
from riskmap.brief.tables import districts as district_table
from riskmap.brief.xlsx import write_xlsx
from riskmap.cli import main
from riskmap.core.dossier import Filters, build
from riskmap.core.presets import PRESETS
from riskmap.core.region import Region
from riskmap.core.wall import read_figures
from riskmap.io.ledger_xlsx import export_ledger

FIELDS = ("sites", "hazards", "open", "major_open", "overdue", "closed_week")


@pytest.fixture(scope="module")
def raw(demo_url: str) -> dict:
    """The tables as plain rows, read with sqlite3 (not through riskmap)."""
    con = sqlite3.connect(f"file:{demo_url.removeprefix('sqlite:///')}?mode=ro", uri=True)
    try:
        districts = {
            code: (level, parent, shapely.from_wkb(geom))
            for code, level, parent, geom in con.execute(
                "SELECT code, level, parent_code, geom FROM districts"
            )
        }
        sites = {
            sid: (layer, code, json.loads(attrs or "{}"), shapely.from_wkb(geom))
            for sid, layer, code, attrs, geom in con.execute(
                "SELECT id, layer, district_code, attrs, geom FROM sites"
            )
        }
        hazards = con.execute(
            "SELECT h.id, h.site_id, h.level, h.found_on, r.status, r.deadline, r.verified_on "
            "FROM hazards h LEFT JOIN rectifications r ON r.hazard_id = h.id"
        ).fetchall()
    finally:
        con.close()
    return {"districts": districts, "sites": sites, "hazards": hazards}


def _own(raw: dict, county: str) -> set[int]:
    """The county's sites: their township (or the county itself) lies under it."""
    out = set()
    for sid, (_layer, code, _attrs, _geom) in raw["sites"].items():
        while code and code != county:
            code = raw["districts"][code][1]
        if code == county:
            out.add(sid)
    return out


def _count(raw: dict, ids: set[int], day: dt.date) -> dict[str, int]:
    monday = day - dt.timedelta(days=day.weekday())
    out = dict.fromkeys(FIELDS, 0)
    out["sites"] = len(ids)
    iso = day.isoformat()
    for _hid, sid, level, found, status, deadline, verified_on in raw["hazards"]:
        if sid not in ids or found > iso:
            continue
        out["hazards"] += 1
        status = status or "open"
        if status != "verified":
            out["open"] += 1
            out["major_open"] += level == "major"
            out["overdue"] += deadline is not None and deadline < iso
        elif verified_on is not None and monday.isoformat() <= verified_on <= iso:
            out["closed_week"] += 1
    return out


@pytest.fixture(scope="module")
def days(demo_anchor: dt.date) -> list[dt.date]:
    return [demo_anchor, demo_anchor - dt.timedelta(days=45), demo_anchor - dt.timedelta(days=200)]


def _counties(raw: dict) -> list[str]:
    return sorted(c for c, (level, _p, _g) in raw["districts"].items() if level == "county")


def test_every_surface_gives_a_county_the_same_figures(
    demo_ws, demo_url: str, raw: dict, days: list[dt.date], tmp_path: Path, capsys
) -> None:
    ws = demo_ws
    counties = _counties(raw)
    assert len(counties) >= 6
    preset = next(iter(PRESETS.values()))
    keys = {spec.key for spec in preset.layers(ws.catalog)}
    focus = {
        sid for sid, (layer, _c, attrs, _g) in raw["sites"].items()
        if layer in keys and preset.keeps(layer, attrs)
    }  # fmt: skip
    names = {d.code: d.name for d in ws.districts}
    for day in days:
        wall = read_figures(ws, day).by_county()
        argv = ["summary", "--db", demo_url, "--format", "json", "--as-of", day.isoformat()]
        assert main(argv) == 0
        summary = {c["code"]: c for c in json.loads(capsys.readouterr().out)["counties"]}
        brief = briefing_context(ws, preset, day.year, as_of=day)
        xlsx = tmp_path / f"brief_{day}.xlsx"
        write_xlsx(brief, xlsx)
        sheet = openpyxl.load_workbook(xlsx)[district_table(brief, total=False).title[:31]]
        brief_rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
        for county in counties:
            own = _own(raw, county)
            want = _count(raw, own, day)

            d = build(ws, Region.from_district(ws.districts, county, ws.crs), Filters(as_of=day))
            head = d.totals.overall
            assert {f: getattr(head, f) for f in FIELDS} == want, (county, day)

            k = wall[county]
            assert (k.open, k.major, k.overdue, k.closed_week) == (
                want["open"], want["major_open"], want["overdue"], want["closed_week"]
            )  # fmt: skip
            assert {f: summary[county][f] for f in FIELDS} == want

            fw = _count(raw, own & focus, day)
            assert brief_rows[names[county]] == (
                fw["sites"], fw["open"], fw["major_open"], fw["overdue"]
            )  # fmt: skip

            assert _export(ws.store, tmp_path, day, county) == (
                want["hazards"], want["open"], want["major_open"], want["overdue"]
            )  # fmt: skip


def _export(store, tmp_path: Path, day: dt.date, county: str) -> tuple[int, int, int, int]:
    """(rows, open, major open, overdue) of the county's ledger export, read back."""
    path = tmp_path / f"ledger_{county}_{day}.xlsx"
    rows = export_ledger(store, path, as_of=day, district=county)
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    head = [c.value for c in sheet[1]]
    col = {h: i for i, h in enumerate(head)}
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == rows
    open_ = [r for r in body if r[col["整改状态"]] != "已销号"]
    major = [r for r in open_ if r[col["隐患等级"]] == "重大隐患"]
    about = dict(wb["说明"].iter_rows(values_only=True))
    assert about["逾期条数"] == sum(r[col["是否逾期"]] == "是" for r in body)
    open_rows = export_ledger(store, tmp_path / "open.xlsx", as_of=day, district=county,
                              status="open")  # fmt: skip
    assert open_rows == len(open_)
    return rows, len(open_), len(major), about["逾期条数"]


def test_a_county_lists_the_other_counties_sites_crossing_it(
    demo_ws, raw: dict, days: list[dt.date]
) -> None:
    ws = demo_ws
    day = days[0]
    crossing_any = 0
    for county in _counties(raw):
        own = _own(raw, county)
        geom = raw["districts"][county][2]
        hit = {sid for sid, (_l, _c, _a, g) in raw["sites"].items() if shapely.intersects(g, geom)}
        want = hit - own
        d = build(ws, Region.from_district(ws.districts, county, ws.crs), Filters(as_of=day))
        assert d.basis == "district"
        assert {c.id for c in d.crossing} == want
        assert not {c.id for c in d.crossing} & {s.id for s in d.sites}
        per_site = {c.id: c.counts.open for c in d.crossing}
        for sid in want:
            assert per_site[sid] == _count(raw, {sid}, day)["open"]
        assert d.crossing_counts.open == _count(raw, want, day)["open"]
        crossing_any += len(want)
    # The demo city has roads, rivers and forests across county lines: the test checks something.
    assert crossing_any > 0


def test_a_drawn_shape_still_answers_by_geometry(demo_ws, raw: dict, days: list[dt.date]) -> None:
    ws = demo_ws
    county = _counties(raw)[0]
    geom = raw["districts"][county][2]
    d = build(ws, Region.from_polygon(geom, ws.crs), Filters(as_of=days[0]))
    hit = {sid for sid, (_l, _c, _a, g) in raw["sites"].items() if shapely.intersects(g, geom)}
    assert d.basis == "geometry" and not d.crossing
    assert {s.id for s in d.sites} == hit
    want = _count(raw, hit, days[0])
    assert {f: getattr(d.totals.overall, f) for f in FIELDS} == want


def test_sites_per_county_add_up_to_the_city(raw: dict) -> None:
    counted: dict[int, int] = defaultdict(int)
    for county in _counties(raw):
        for sid in _own(raw, county):
            counted[sid] += 1
    assert set(counted) == set(raw["sites"]) and set(counted.values()) == {1}
