"""The ledger (隐患台账) as XLSX: export formatting, import all-or-nothing, the round trip."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from riskmap.core.ledger import Ledger
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.io.ledger_xlsx import HEADERS, SHEET, export_ledger, import_ledger
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin", "系统管理员")
EDITOR = Actor("zhangwei", "editor", "张伟")
VIEWER = Actor("wall", "viewer", "指挥中心大屏")

# The columns units exchange, in the order units expect them.
UNIT_COLUMNS = (
    "隐患编号",
    "风险点编号",
    "风险点名称",
    "所属图层",
    "所属镇办",
    "所属县区",
    "隐患类别",
    "隐患名称",
    "隐患等级",
    "发现日期",
    "发现人",
    "整改措施",
    "整改期限",
    "责任单位",
    "责任人",
    "整改资金（万元）",
    "整改状态",
    "是否逾期",
    "提交人",
    "提交日期",
    "验收人",
    "验收日期",
    "验收意见",
    "提级督办",
    "提级日期",
)


# -- helpers -------------------------------------------------------------------------------------


def _file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(_file(url))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def _counts(url: str) -> tuple[int, int, int]:
    (row,) = _sql(
        url,
        "SELECT (SELECT count(*) FROM hazards), (SELECT count(*) FROM rectifications),"
        " (SELECT count(*) FROM audit_events)",
    )
    return row


def _rows(url: str, table: str) -> list[tuple[Any, ...]]:
    """Every column of every row but `version`, in id order."""
    cols = [c[1] for c in _sql(url, f"PRAGMA table_info({table})") if c[1] != "version"]
    return _sql(url, f"SELECT {', '.join(cols)} FROM {table} ORDER BY id")


def _empty_ledger_copy(url: str, tmp_path: Path, name: str = "empty.sqlite") -> str:
    """Another copy of the city with no hazards and no rectifications (sites and units stay)."""
    dst = tmp_path / name
    shutil.copyfile(_file(url), dst)
    con = sqlite3.connect(dst)
    try:
        con.execute("DELETE FROM rectifications")
        con.execute("DELETE FROM hazards")
        con.commit()
    finally:
        con.close()
    return f"sqlite:///{dst}"


@pytest.fixture
def stores():
    """Open a database once per test, dispose of it after."""
    opened: dict[str, Any] = {}

    def opener(url: str):
        if url not in opened:
            opened[url] = open_store(url)
        return opened[url]

    yield opener
    for s in opened.values():
        s.dispose()


def _import(stores, url: str, path: Path, today: dt.date, actor: Actor = ADMIN, **kw: Any):
    return import_ledger(stores(url), actor, path, today=today, **kw)


def _col(ws, header: str) -> int:
    """1-based index of `header` in row 1."""
    return [c.value for c in ws[1]].index(header) + 1


def _write_sheet(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


# -- export --------------------------------------------------------------------------------------


def test_export_is_formatted_for_excel_and_wps(demo_copy, stores, tmp_path, demo_anchor):
    store = stores(demo_copy)
    with Ledger(store, ADMIN, today=demo_anchor).edit() as tx:
        tx.update_hazard(1, {"description": '=HYPERLINK("http://x") 消防通道堵塞'})
    out = tmp_path / "ledger.xlsx"
    n = export_ledger(store, out, as_of=demo_anchor)
    (total,) = _sql(demo_copy, "SELECT count(*) FROM hazards")[0]
    assert n == total and total > 1000
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ledger.xlsx")]

    wb = load_workbook(out)
    ws = wb[SHEET]
    assert wb.sheetnames[0] == SHEET
    headers = [c.value for c in ws[1]]
    assert tuple(headers[: len(UNIT_COLUMNS)]) == UNIT_COLUMNS
    assert tuple(headers) == HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    last = ws.cell(row=1, column=len(HEADERS)).column_letter
    assert ws.auto_filter.ref == f"A1:{last}{n + 1}"
    assert ws.max_row == n + 1

    row = {h: ws.cell(row=2, column=i + 1) for i, h in enumerate(headers)}
    assert row["隐患编号"].value == 1
    assert row["隐患名称"].value.startswith("=HYPERLINK")
    assert row["隐患名称"].data_type == "s"  # text, not a formula
    for h in ("发现日期", "整改期限"):
        assert isinstance(row[h].value, dt.datetime)
        assert "yyyy" in row[h].number_format
    assert row["所属图层"].value == "河流水域"
    assert row["隐患等级"].value in ("一般隐患", "重大隐患")
    funds = [ws.cell(row=r, column=_col(ws, "整改资金（万元）")).value for r in range(2, n + 2)]
    assert all(isinstance(f, int | float) for f in funds if f is not None)
    assert any(isinstance(f, float) for f in funds)
    # Wide enough for Chinese text, not for a whole paragraph.
    desc_width = ws.column_dimensions[row["隐患名称"].column_letter].width
    assert 20 <= desc_width <= 60

    late_col = _col(ws, "是否逾期")
    late_rows = [r for r in range(2, n + 2) if ws.cell(row=r, column=late_col).value == "是"]
    assert late_rows
    assert ws.cell(row=late_rows[0], column=1).fill.fgColor.rgb.endswith("FFC7CE")
    (overdue,) = _sql(
        demo_copy,
        "SELECT count(*) FROM rectifications WHERE status != 'verified' AND deadline < ?",
        demo_anchor.isoformat(),
    )[0]
    assert len(late_rows) == overdue > 0
    wb.close()


def test_export_filters_by_district_and_status(demo_copy, stores, tmp_path, demo_anchor):
    store = stores(demo_copy)
    county, county_name = _sql(
        demo_copy, "SELECT code, name FROM districts WHERE level = 'county' ORDER BY code"
    )[0]
    (in_county,) = _sql(
        demo_copy,
        "SELECT count(*) FROM hazards h JOIN sites s ON s.id = h.site_id"
        " JOIN districts d ON d.code = s.district_code WHERE d.parent_code = ?",
        county,
    )[0]
    out = tmp_path / "county.xlsx"
    assert export_ledger(store, out, as_of=demo_anchor, district=county) == in_county > 0
    wb = load_workbook(out, read_only=True)
    counties = {
        r[HEADERS.index("所属县区")] for r in wb[SHEET].iter_rows(min_row=2, values_only=True)
    }
    wb.close()
    assert counties == {county_name}

    township, n_town = _sql(
        demo_copy,
        "SELECT s.district_code, count(*) FROM hazards h JOIN sites s ON s.id = h.site_id"
        " GROUP BY s.district_code ORDER BY count(*) DESC",
    )[0]
    assert export_ledger(store, out, as_of=demo_anchor, district=township) == n_town

    expected = {
        "closed": "status = 'verified'",
        "open": "status != 'verified'",
        "in_progress": "status = 'in_progress'",
        "overdue": f"status != 'verified' AND deadline < '{demo_anchor.isoformat()}'",
    }
    for status, where in expected.items():
        (count,) = _sql(demo_copy, f"SELECT count(*) FROM rectifications WHERE {where}")[0]
        assert export_ledger(store, out, as_of=demo_anchor, status=status) == count, status

    with pytest.raises(RiskmapError, match="unknown status filter"):
        export_ledger(store, out, as_of=demo_anchor, status="late")
    with pytest.raises(RiskmapError, match="no district"):
        export_ledger(store, out, as_of=demo_anchor, district="999999")


# -- the round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("unit_ids", [True, False], ids=["with-unit-ids", "unit-names-only"])
def test_round_trip_into_an_empty_ledger(demo_copy, stores, tmp_path, demo_anchor, unit_ids):
    out = tmp_path / "ledger.xlsx"
    n = export_ledger(stores(demo_copy), out, as_of=demo_anchor)
    assert [(n,)] == _sql(demo_copy, "SELECT count(*) FROM hazards")
    if not unit_ids:
        # Units share names (three 城关镇人民政府, twin mining companies): the import tells them
        # apart by the site's duties and district.
        wb = load_workbook(out)
        wb[SHEET].delete_cols(_col(wb[SHEET], "责任单位编号"))
        wb.save(out)
    empty = _empty_ledger_copy(demo_copy, tmp_path)
    assert _counts(empty)[:2] == (0, 0)
    events_before = _counts(empty)[2]

    report = _import(stores, empty, out, demo_anchor)

    assert report.problems == [], report.to_text("en")
    assert (report.created, report.updated, report.unchanged) == (n, 0, 0)
    assert report.written
    for table in ("hazards", "rectifications"):
        assert _rows(empty, table) == _rows(demo_copy, table), table
    # One audit event per row written, by the importer, in the same transaction.
    assert _counts(empty)[2] - events_before == 2 * n
    assert _sql(
        empty, "SELECT DISTINCT user, action FROM audit_events WHERE id > ?", events_before
    ) == [("admin", "create")]

    # The same file again changes nothing and leaves no events.
    again = _import(stores, empty, out, demo_anchor)
    assert (again.created, again.updated, again.unchanged) == (0, 0, n)
    assert _counts(empty)[2] - events_before == 2 * n


def test_import_updates_existing_rows_through_the_ledger(demo_copy, stores, tmp_path, demo_anchor):
    out = tmp_path / "ledger.xlsx"
    export_ledger(stores(demo_copy), out, as_of=demo_anchor)
    wb = load_workbook(out)
    ws = wb[SHEET]
    status_c, sub_by, sub_on = _col(ws, "整改状态"), _col(ws, "提交人"), _col(ws, "提交日期")
    rows = [
        r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=status_c).value == "整改中"
    ]
    changed = rows[:5]
    for r in changed:
        ws.cell(row=r, column=status_c).value = "待验收"
        ws.cell(row=r, column=sub_by).value = "李娜"
        ws.cell(row=r, column=sub_on).value = "2026年10月31日"
    ids = [ws.cell(row=r, column=1).value for r in changed]
    # 10 new rows without an id, copies of the first row.
    first = [c.value for c in ws[2]]
    for _ in range(10):
        ws.append([None, *first[1:]])
    wb.save(out)
    events = _counts(demo_copy)[2]

    # A file submits as the one who imports it: not in 李娜's name.
    refused = _import(stores, demo_copy, out, demo_anchor, actor=EDITOR, dry_run=True)
    assert {(p.row, p.column) for p in refused.problems} == {(r, "提交人") for r in changed}
    assert "不能填写为「李娜」" in refused.problems[0].reason
    wb = load_workbook(out)
    for r in changed:
        wb[SHEET].cell(row=r, column=sub_by).value = "张伟"  # the importer, by display name
    wb.save(out)

    dry = _import(stores, demo_copy, out, demo_anchor, actor=EDITOR, dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged) == (10, 5, 1599)
    assert not dry.written and _counts(demo_copy)[2] == events

    report = _import(stores, demo_copy, out, demo_anchor, actor=EDITOR)
    assert (report.created, report.updated, report.unchanged) == (10, 5, 1599)
    q = "SELECT status, submitted_by, submitted_on FROM rectifications WHERE hazard_id = ?"
    for hid in ids:
        assert _sql(demo_copy, q, hid) == [("submitted", "zhangwei", "2026-10-31")]
    assert _counts(demo_copy)[0] == 1614
    new = _sql(
        demo_copy, 'SELECT user, action, "table" FROM audit_events WHERE id > ? ORDER BY id', events
    )
    assert new.count(("zhangwei", "update", "rectifications")) == 5
    assert new.count(("zhangwei", "create", "hazards")) == 10
    assert len(new) == 5 + 20


# -- all or nothing ------------------------------------------------------------------------------


def test_500_rows_with_3_bad_rows_write_nothing(demo_copy, stores, tmp_path, demo_anchor):
    out = tmp_path / "ledger.xlsx"
    export_ledger(stores(demo_copy), out, as_of=demo_anchor)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ws.delete_rows(502, ws.max_row)
    assert ws.max_row == 501
    status_c, sub_by, ver_by = _col(ws, "整改状态"), _col(ws, "提交人"), _col(ws, "验收人")
    closed = next(r for r in range(300, 502) if ws.cell(row=r, column=status_c).value == "已销号")
    bad_site, bad_date = 17, 230
    ws.cell(row=bad_site, column=_col(ws, "风险点编号")).value = 987654
    ws.cell(row=bad_date, column=_col(ws, "发现日期")).value = "2026-02-30"
    submitter = ws.cell(row=closed, column=sub_by).value
    assert submitter
    ws.cell(row=closed, column=ver_by).value = submitter
    wb.save(out)

    empty = _empty_ledger_copy(demo_copy, tmp_path)
    before = _counts(empty)
    report = _import(stores, empty, out, demo_anchor)

    assert _counts(empty) == before
    assert not report.written and report.created == 0
    assert report.rows == 500
    assert {p.row for p in report.problems} == {bad_site, bad_date, closed}
    by_row = {p.row: p for p in report.problems}
    assert by_row[bad_site].column == "风险点编号"
    assert "987654" in by_row[bad_site].reason
    assert by_row[bad_date].column == "发现日期"
    assert "无效日期" in by_row[bad_date].reason
    assert by_row[closed].column == "验收人"
    assert "验收人不能是提交人" in by_row[closed].reason
    assert submitter in by_row[closed].reason_en
    text = report.to_text("zh")
    assert "未写入任何数据" in text and f"第 {bad_date} 行「发现日期」" in text
    assert "nothing was written" in report.to_text("en")

    # The report saved for the user, as CSV and as XLSX.
    report.write(tmp_path / "problems.csv")
    with (tmp_path / "problems.csv").open(encoding="utf-8-sig", newline="") as fh:
        saved = list(csv.reader(fh))
    assert saved[0] == ["行号", "列", "问题", "Problem"]
    assert sorted(int(r[0]) for r in saved[1:]) == sorted([bad_site, bad_date, closed])
    report.write(tmp_path / "problems.xlsx")
    wb2 = load_workbook(tmp_path / "problems.xlsx", read_only=True)
    assert len(list(wb2.active.iter_rows(min_row=2))) == 3
    wb2.close()
    with pytest.raises(RiskmapError, match=r"\.csv or \.xlsx"):
        report.write(tmp_path / "problems.txt")

    # Without the three, the other 497 go in.
    wb = load_workbook(out)
    for r in sorted((bad_site, bad_date, closed), reverse=True):
        wb[SHEET].delete_rows(r)
    wb.save(out)
    ok = _import(stores, empty, out, demo_anchor)
    assert ok.problems == [] and ok.created == 497
    assert _counts(empty)[:2] == (497, 497)


def test_every_kind_of_problem_is_reported_per_row(demo_copy, stores, tmp_path, demo_anchor):
    out = tmp_path / "ledger.xlsx"
    export_ledger(stores(demo_copy), out, as_of=demo_anchor)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ws.delete_rows(30, ws.max_row)

    def put(r: int, header: str, value: Any) -> None:
        ws.cell(row=r, column=_col(ws, header)).value = value

    put(2, "责任单位编号", None)
    put(2, "责任单位", "不存在的单位")
    put(3, "整改期限", dt.date(2026, 1, 1))
    put(4, "隐患等级", "特大")
    put(5, "整改状态", "完成了")
    put(6, "整改措施", None)
    put(7, "隐患名称", None)
    put(8, "隐患编号", ws.cell(row=9, column=1).value)
    status_c = _col(ws, "整改状态")
    closed = next(r for r in range(10, 30) if ws.cell(row=r, column=status_c).value == "已销号")
    put(closed, "验收日期", None)
    funds_row = next(r for r in range(10, 30) if r != closed)
    put(funds_row, "整改资金（万元）", "-3")
    wb.save(out)
    before = _counts(demo_copy)

    report = _import(stores, demo_copy, out, demo_anchor)

    assert _counts(demo_copy) == before
    got = {(p.row, p.column) for p in report.problems}
    assert (2, "责任单位") in got
    assert (3, "整改期限") in got
    assert (4, "隐患等级") in got
    assert (5, "整改状态") in got
    assert (6, "整改措施") in got
    assert (7, "隐患名称") in got
    assert (9, "隐患编号") in got  # row 8 took row 9's hazard id: the second is reported
    assert (closed, "验收日期") in got
    assert (funds_row, "整改资金（万元）") in got
    reasons = {p.row: p.reason for p in report.problems}
    assert "没有名为「不存在的单位」的责任单位" in reasons[2]
    assert "早于发现日期" in reasons[3]
    assert "第 8 行重复" in reasons[9]
    # A closed rectification cannot be changed by an import.
    wb = load_workbook(out)
    ws = wb[SHEET]
    ws.delete_rows(2, ws.max_row)
    export_ledger(stores(demo_copy), tmp_path / "fresh.xlsx", as_of=demo_anchor)
    fresh = load_workbook(tmp_path / "fresh.xlsx")[SHEET]
    row = next(
        r for r in fresh.iter_rows(min_row=2, values_only=True) if r[status_c - 1] == "已销号"
    )
    ws.append([*row[: _col(ws, "整改措施") - 1], "改过的措施", *row[_col(ws, "整改措施") :]])
    wb.save(out)
    closed_report = _import(stores, demo_copy, out, demo_anchor)
    assert [p.column for p in closed_report.problems] == ["整改状态"]
    assert "已销号" in closed_report.problems[0].reason
    assert _counts(demo_copy) == before


def test_a_submission_before_the_hazard_was_found_is_reported(
    demo_copy, stores, tmp_path, demo_anchor
):
    out = tmp_path / "ledger.xlsx"
    export_ledger(stores(demo_copy), out, as_of=demo_anchor)
    wb = load_workbook(out)
    ws = wb[SHEET]
    # A rectification awaiting verification (a closed one cannot change at all), alone on row 2.
    status_c = _col(ws, "整改状态")
    pending = next(
        r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=status_c).value == "待验收"
    )
    ws.delete_rows(pending + 1, ws.max_row)
    ws.delete_rows(2, pending - 2)
    row = 2
    found = ws.cell(row=row, column=_col(ws, "发现日期")).value.date()
    early = found - dt.timedelta(days=1)
    ws.cell(row=row, column=_col(ws, "提交日期")).value = early
    wb.save(out)
    before = _counts(demo_copy)

    report = _import(stores, demo_copy, out, demo_anchor)

    assert _counts(demo_copy) == before
    assert not report.written
    assert [(p.row, p.column) for p in report.problems] == [(row, "提交日期")]
    assert report.problems[0].reason == f"提交日期 {early} 早于发现日期 {found}"
    assert f"before the hazard was found ({found})" in report.problems[0].reason_en


# -- units' own files ----------------------------------------------------------------------------


def _unique_sites(url: str, n: int) -> list[tuple[int, str, str, str]]:
    """(id, name, township name, layer) of sites whose name is unique in the city."""
    return _sql(
        url,
        "SELECT s.id, s.name, d.name, s.layer FROM sites s JOIN districts d"
        " ON d.code = s.district_code WHERE s.name IN"
        " (SELECT name FROM sites GROUP BY name HAVING count(*) = 1)"
        " AND s.layer != 'resources' ORDER BY s.id LIMIT ?",
        n,
    )


def _unique_unit(url: str) -> tuple[int, str]:
    return _sql(
        url,
        "SELECT id, name FROM units WHERE name IN"
        " (SELECT name FROM units GROUP BY name HAVING count(*) = 1) ORDER BY id LIMIT 1",
    )[0]


def test_title_row_synonym_headers_and_chinese_dates(demo_copy, stores, tmp_path, demo_anchor):
    sites = _unique_sites(demo_copy, 5)
    unit_id, unit = _unique_unit(demo_copy)
    header = [
        "序号",
        "风险点名称",
        "所属镇办",
        "隐患内容",
        "隐患级别",
        "排查日期",
        "整改要求",
        "整改时限",
        "整改责任单位",
        "整改责任人",
        "状态",
        "备注",
    ]
    found = ["2026年10月8日", "2026/10/9", "2026.10.10", 46306, dt.datetime(2026, 10, 12)]
    deadlines = ["2026-11-30", "2026年12月1日", "2026/12/2", "20261203", dt.date(2026, 12, 4)]
    levels = ["一般", "重大隐患", "general", "MAJOR", "一般事故隐患"]
    statuses = ["待整改", "整改中", "in_progress", "open", None]
    rows: list[list[Any]] = [
        ["青岚市 2026 年第四季度安全隐患排查整治台账"],
        ["填报单位：市应急管理局", None, None, "填报日期：2026年10月31日"],
        header,
    ]
    for i, (_sid, name, township, _layer) in enumerate(sites):
        rows.append(
            [
                i + 1,
                name,
                township,
                f"  隐患 {i}：安全出口堵塞  ",
                levels[i],
                found[i],
                "立即清理安全出口",
                deadlines[i],
                unit,
                "王五",
                statuses[i],
                "备注",
            ]
        )
    rows.append([None] * len(header))  # blank line
    rows.append(["合计", None, None, None, None, None, None, None, None, None, None, "5 条"])
    path = _write_sheet(tmp_path / "unit.xlsx", rows, title="四季度")
    before = _counts(demo_copy)[0]
    [(last_id,)] = _sql(demo_copy, "SELECT max(id) FROM hazards")

    report = _import(stores, demo_copy, path, demo_anchor, actor=EDITOR)

    assert report.problems == [], report.to_text("en")
    assert report.header_row == 3
    assert report.sheet == "四季度"
    assert report.rows == 5
    assert report.ignored_columns == ["序号", "备注"]
    assert report.created == 5
    got = _sql(
        demo_copy,
        "SELECT h.site_id, h.description, h.level, h.found_on, r.deadline, r.unit_id,"
        " r.responsible_person, r.status FROM hazards h"
        " JOIN rectifications r ON r.hazard_id = h.id WHERE h.id > ? ORDER BY h.id",
        last_id,
    )
    assert _counts(demo_copy)[0] == before + 5
    assert [g[0] for g in got] == [s[0] for s in sites]
    assert [g[1] for g in got] == [f"隐患 {i}：安全出口堵塞" for i in range(5)]
    assert [g[2] for g in got] == ["general", "major", "general", "major", "general"]
    assert [g[3] for g in got] == [f"2026-10-{d:02d}" for d in range(8, 13)]
    assert [g[4] for g in got] == [
        f"2026-{m}" for m in ("11-30", "12-01", "12-02", "12-03", "12-04")
    ]
    assert {g[5] for g in got} == {unit_id}
    assert [g[7] for g in got] == ["open", "in_progress", "in_progress", "open", "open"]


def test_mapping_reads_columns_the_importer_does_not_know(demo_copy, stores, tmp_path, demo_anchor):
    (sid, _name, _town, layer) = _unique_sites(demo_copy, 1)[0]
    header = [
        "风险点编号",
        "问题及隐患",
        "隐患等级",
        "发现日期",
        "整改措施",
        "要求完成日期",
        "图层",
    ]
    row = [sid, "配电箱未接地", "一般隐患", "2026-10-01", "接地改造", "2026-11-15", layer]
    path = _write_sheet(tmp_path / "mapped.xlsx", [header, row])
    before = _counts(demo_copy)
    [(last_id,)] = _sql(demo_copy, "SELECT max(id) FROM hazards")

    plain = _import(stores, demo_copy, path, demo_anchor)
    assert set(plain.ignored_columns) == {"问题及隐患", "要求完成日期"}
    assert {(p.column, p.reason) for p in plain.problems} == {
        ("隐患名称", "缺少隐患名称（隐患内容）"),
        ("整改期限", "缺少整改期限"),
    }
    assert _counts(demo_copy) == before

    mapping = {"问题及隐患": "description", "要求完成日期": "整改期限"}
    report = _import(stores, demo_copy, path, demo_anchor, mapping=mapping)
    assert report.problems == [] and report.created == 1 and report.ignored_columns == []
    assert _sql(
        demo_copy,
        "SELECT h.description, r.deadline FROM hazards h JOIN rectifications r"
        " ON r.hazard_id = h.id WHERE h.site_id = ? AND h.id > ?",
        sid,
        last_id,
    ) == [("配电箱未接地", "2026-11-15")]

    # A known column is checked (a layer that does not exist); "ignore" leaves it out.
    wrong_layer = _write_sheet(tmp_path / "layer.xlsx", [header, [*row[:-1], "不是图层"]])
    bad = _import(stores, demo_copy, wrong_layer, demo_anchor, mapping=mapping)
    assert [p.column for p in bad.problems] == ["图层"]
    skip = _import(
        stores,
        demo_copy,
        wrong_layer,
        demo_anchor,
        mapping={**mapping, "图层": "ignore"},
        dry_run=True,
    )
    assert skip.problems == [] and skip.ignored_columns == ["图层"]
    with pytest.raises(RiskmapError, match="unknown field"):
        _import(stores, demo_copy, path, demo_anchor, mapping={"问题及隐患": "problem"})
    with pytest.raises(RiskmapError, match="header row does not have"):
        _import(stores, demo_copy, path, demo_anchor, mapping={"隐患说明": "description"})


# -- who, and which files ------------------------------------------------------------------------


def test_a_viewer_cannot_import(demo_copy, stores, tmp_path, demo_anchor):
    out = tmp_path / "ledger.xlsx"
    export_ledger(stores(demo_copy), out, as_of=demo_anchor)
    empty = _empty_ledger_copy(demo_copy, tmp_path)
    before = _counts(empty)
    with pytest.raises(PermissionDenied, match="viewer"):
        _import(stores, empty, out, demo_anchor, actor=VIEWER)
    with pytest.raises(PermissionDenied):
        _import(stores, empty, out, demo_anchor, actor=VIEWER, dry_run=True)
    assert _counts(empty) == before


def test_unreadable_files_say_why_in_one_line(demo_copy, stores, tmp_path, demo_anchor):
    def refused(path: Path, match: str) -> None:
        with pytest.raises(RiskmapError, match=match) as info:
            _import(stores, demo_copy, path, demo_anchor)
        assert "\n" not in str(info.value)

    before = _counts(demo_copy)
    text = tmp_path / "ledger.xlsx"
    text.write_text("隐患编号,风险点编号\n1,2\n", encoding="utf-8")
    refused(text, "not an XLSX workbook")
    empty_file = tmp_path / "zero.xlsx"
    empty_file.write_bytes(b"")
    refused(empty_file, "empty")
    refused(tmp_path / "missing.xlsx", "no such file")
    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    refused(docx, "not an XLSX workbook")
    ole = tmp_path / "locked.xlsx"
    ole.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le")
    )
    refused(ole, "password-protected")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)
    refused(xls, r"\.xls")

    real = tmp_path / "real.xlsx"
    export_ledger(stores(demo_copy), real, as_of=demo_anchor)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(real.read_bytes()[: real.stat().st_size // 2])
    refused(cut, "damaged")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 3]
            dst.writestr(item, data)
    refused(broken, "damaged")

    blank = tmp_path / "blank.xlsx"
    Workbook().save(blank)
    refused(blank, "empty")
    title_only = _write_sheet(tmp_path / "title.xlsx", [["隐患台账"], ["2026年"]])
    refused(title_only, "no header row")
    header_only = _write_sheet(tmp_path / "header.xlsx", [["隐患编号", "风险点编号", "隐患名称"]])
    refused(header_only, "no rows")
    assert _counts(demo_copy) == before


# -- any cell value ------------------------------------------------------------------------------

_HEADER = [
    "隐患编号",
    "风险点编号",
    "隐患名称",
    "隐患等级",
    "发现日期",
    "整改措施",
    "整改期限",
    "责任单位",
    "整改资金（万元）",
    "整改状态",
    "提交人",
    "提交日期",
    "验收人",
    "验收日期",
    "提级督办",
]
# Valid rows on the demo city (site 1, hazards 1-3 at it, unit 岚城区水务局): a few random cells
# dropped into them make rows that sometimes pass and get written, and sometimes fail.
_TEMPLATES = [
    [None, 1, "消防通道堵塞", "一般隐患", "2026-10-01", "清理通道", "2026-11-30", "岚城区水务局",
     3.5, "整改中", None, None, None, None, "否"],
    [None, 2, "堤防管涌", "重大隐患", dt.date(2026, 10, 5), "抢险加固", dt.date(2026, 10, 20),
     None, None, "待验收", "张三", "2026年10月18日", None, None, "是"],
    [2, 1, "河道采砂超范围作业", "一般", "2026/8/23", "责令停止超范围采砂，恢复河床",
     "2026-09-24", "岚城区水务局", 2.7, "待验收", "蒋生春", "2026-09-04", None, None, None],
    [3, 1, "渡口渡船无救生设备", "一般隐患", "2026.10.6", "为渡船配齐救生衣", "2026-12-01",
     None, None, "已销号", "张三", "2026-10-20", "李四", "2026-10-25", "否"],
]  # fmt: skip
_text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn")), max_size=12)
_junk = st.one_of(
    st.none(),
    _text,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 12, 31)),
    st.booleans(),
)
# Values that are right for some column, wrong for most.
_plausible = st.sampled_from(
    [1, 2, 1604, 1605, 5000, "消防通道堵塞", "一般隐患", "重大", "2026-10-01", "2026年10月2日",
     "2026/11/30", dt.date(2026, 10, 20), "已销号", "待验收", "整改中", "待整改", "张三", "李四",
     "是", "否", 3.5, "岚城区水务局", "2026-02-30"]
)  # fmt: skip


@st.composite
def _sheets(draw: st.DrawFn) -> list[list[Any]]:
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        row = list(draw(st.sampled_from(_TEMPLATES)))
        for _ in range(draw(st.integers(0, 3))):
            row[draw(st.integers(0, len(_HEADER) - 1))] = draw(st.one_of(_junk, _plausible))
        rows.append(row)
    return rows


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=_sheets())
def test_any_cells_import_fully_or_not_at_all(demo_copy, stores, tmp_path, demo_anchor, cells):
    path = _write_sheet(tmp_path / "random.xlsx", [_HEADER, *cells])
    before = _counts(demo_copy)
    try:
        report = _import(stores, demo_copy, path, demo_anchor)
    except RiskmapError:
        event("refused")
        assert _counts(demo_copy) == before
        return
    after = _counts(demo_copy)
    if report.problems:
        event("problems")
        assert not report.written
        assert after == before
    else:
        event("written")
        assert report.written
        assert report.created + report.updated + report.unchanged == report.rows
        assert after[0] == before[0] + report.created
        assert after[1] >= before[1]
        changed = report.created + report.updated
        assert after[2] - before[2] >= changed
