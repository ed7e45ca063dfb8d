"""The responsibility lists as XLSX: export, import (all or nothing), row-numbered reasons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from riskmap.core.ledger import resolve_actor
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.io.duties_xlsx import (
    H_CREDIT,
    H_DISTRICT,
    H_DISTRICT_CODE,
    H_LAYER,
    H_ROLE,
    H_SITE_ID,
    H_UNIT,
    HEADERS,
    SHEET_DEPARTMENT,
    SHEET_ENTERPRISE,
    export_duties,
    import_duties,
)
from riskmap.store.engine import Store, open_store
from riskmap.store.schema import AuditEvent, Duty, Unit


@pytest.fixture
def store(demo_copy: str):
    s = open_store(demo_copy)
    yield s
    s.dispose()


def _duty_set(store: Store) -> list[tuple]:
    with store.session() as s:
        rows = s.execute(
            select(Duty.unit_id, Duty.role, Duty.layer, Duty.site_id, Duty.district_code, Duty.note)
        ).all()
    return sorted((tuple(r) for r in rows), key=repr)


def _audit_count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _delete_all_duties(url: str) -> None:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    with con:
        con.execute("DELETE FROM duties")
    con.close()


def test_export_writes_two_sheets_with_chinese_headers(store, tmp_path: Path) -> None:
    path = tmp_path / "duties.xlsx"
    n = export_duties(store, path)
    assert n == len(_duty_set(store)) > 1000
    wb = load_workbook(path)
    assert wb.sheetnames == [SHEET_DEPARTMENT, SHEET_ENTERPRISE, "说明"]
    for name, kind in ((SHEET_DEPARTMENT, "department"), (SHEET_ENTERPRISE, "enterprise")):
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        # The people's columns, then each duty's id and version, hidden (for the re-import).
        assert headers == [*HEADERS[kind], "条目编号", "版本号"]
        for j in (len(headers) - 1, len(headers)):
            assert ws.column_dimensions[ws.cell(1, j).column_letter].hidden
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(headers)).column_letter}{ws.max_row}"
        assert ws.column_dimensions["A"].width > 10
    dept = [dict(zip(HEADERS["department"], r, strict=False)) for r in _data(wb[SHEET_DEPARTMENT])]
    forest = next(r for r in dept if r[H_UNIT] == "青岚市林业和草原局")
    assert (forest[H_ROLE], forest[H_LAYER], forest[H_DISTRICT]) == ("主管", "森林防火区", "青岚市")
    # Townships are written with their county, so the three 城关镇 stay apart.
    towns = {r[H_DISTRICT] for r in dept if r[H_ROLE] == "属地"}
    assert {"北塬县城关镇", "云台县城关镇", "河西县城关镇"} <= towns
    assert sum(1 for r in dept if r[H_ROLE] == "监管" and r[H_LAYER] == "全部") == 8
    ent = wb[SHEET_ENTERPRISE]
    assert all(isinstance(r[HEADERS["enterprise"].index(H_SITE_ID)], int) for r in _data(ent))


def _data(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=2, values_only=True)]


def test_round_trip_into_a_city_without_duties(store, demo_copy: str, tmp_path: Path) -> None:
    before = _duty_set(store)
    path = tmp_path / "duties.xlsx"
    export_duties(store, path)
    _delete_all_duties(demo_copy)
    assert _duty_set(store) == []
    events = _audit_count(store)

    admin = resolve_actor(store, "admin")
    dry = import_duties(store, admin, path, dry_run=True)
    assert dry.ok and not dry.written and dry.created == len(before)
    assert _duty_set(store) == []

    report = import_duties(store, admin, path)
    assert report.ok and report.written, report.errors[:3]
    assert report.kinds == ("department", "enterprise")
    assert report.created == report.rows == len(before) and not report.skipped
    assert _duty_set(store) == before
    assert _audit_count(store) == events + len(before)  # one audit event per created duty

    # Importing the same file again adds nothing: every row is already there.
    again = import_duties(store, admin, path)
    assert again.ok and again.created == 0 and len(again.skipped) == len(before)
    assert _duty_set(store) == before


def test_two_bad_rows_import_nothing_and_are_both_named(store, tmp_path: Path) -> None:
    path = tmp_path / "duties.xlsx"
    export_duties(store, path)
    wb = load_workbook(path)
    dept, ent = wb[SHEET_DEPARTMENT], wb[SHEET_ENTERPRISE]
    unit_col = HEADERS["department"].index(H_UNIT) + 1
    credit_col = HEADERS["department"].index(H_CREDIT) + 1
    dept.cell(7, unit_col).value = "青岚市不存在局"
    dept.cell(7, credit_col).value = None
    site_col = HEADERS["enterprise"].index(H_SITE_ID) + 1
    ent.cell(40, site_col).value = 999999
    wb.save(path)
    before, events = _duty_set(store), _audit_count(store)

    report = import_duties(store, resolve_actor(store, "admin"), path, replace=True)
    assert not report.ok and not report.written
    assert [(e.sheet, e.row) for e in report.errors] == [
        (SHEET_DEPARTMENT, 7),
        (SHEET_ENTERPRISE, 40),
    ]
    assert "未知的责任单位“青岚市不存在局”" in report.errors[0].reason
    assert "未知的风险点编号999999" in report.errors[1].reason
    assert str(report.errors[0]).startswith(f"{SHEET_DEPARTMENT} 第7行：")
    assert "未导入" in report.summary()
    assert _duty_set(store) == before and _audit_count(store) == events


def _workbook(path: Path, dept_rows: list[dict], ent_rows: list[dict] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, kind, rows in (
        (SHEET_DEPARTMENT, "department", dept_rows),
        (SHEET_ENTERPRISE, "enterprise", ent_rows),
    ):
        if rows is None:
            continue
        ws = wb.create_sheet(name)
        ws.append(["青岚市安全生产责任清单"])  # a title row above the header
        ws.append(list(HEADERS[kind]))
        for r in rows:
            ws.append([r.get(h) for h in HEADERS[kind]])
    wb.save(path)
    return path


def test_every_kind_of_bad_cell_has_a_reason(store, tmp_path: Path) -> None:
    ok = {H_UNIT: "青岚市应急管理局", H_ROLE: "监管", H_DISTRICT: "青岚市"}
    with store.session() as s:
        shared = s.scalars(select(Unit.credit_code).where(Unit.name == ok[H_UNIT])).one()
    # Data from before the core refused a shared credit code may still hold one.
    with store.engine.begin() as c:
        c.execute(
            Unit.__table__.insert(),
            {"name": "青岚市应急管理局（旧）", "kind": "regulator", "credit_code": shared},
        )
    rows = [
        ok,
        {**ok, H_ROLE: "负责"},
        {**ok, H_LAYER: "火山"},
        {**ok, H_DISTRICT: "城关镇"},  # three townships have that name
        {**ok, H_DISTRICT: "北塬县/城关镇"},  # qualified: fine
        {**ok, H_DISTRICT: "月球"},
        {**ok, H_DISTRICT: "全市", H_LAYER: "全部"},
        {**ok, H_UNIT: "城关镇人民政府"},  # three units have that name
        {**ok, H_DISTRICT_CODE: "628821"},  # 东川县, not 青岚市
        {**ok, H_UNIT: "", H_CREDIT: shared},
    ]
    ent = [{H_UNIT: "青岚市应急管理局", H_ROLE: "监管", H_SITE_ID: "abc"}]
    path = _workbook(tmp_path / "bad.xlsx", rows, ent)
    report = import_duties(store, resolve_actor(store, "wall"), path, dry_run=True)
    reasons = {(e.sheet, e.row): e.reason for e in report.errors}
    d = SHEET_DEPARTMENT
    wrong = {(d, n) for n in (4, 5, 6, 8, 9, 10, 11, 12)} | {(SHEET_ENTERPRISE, 3)}
    assert set(reasons) == wrong
    assert "未知的责任类型“负责”" in reasons[(d, 4)]
    assert "未知的图层“火山”" in reasons[(d, 5)]
    assert "不唯一" in reasons[(d, 6)] and "北塬县城关镇" in reasons[(d, 6)]
    assert "未知的区域“月球”" in reasons[(d, 8)]
    assert "须指定图层或区域" in reasons[(d, 9)]
    assert "统一社会信用代码" in reasons[(d, 10)]
    assert "不符" in reasons[(d, 11)]
    assert "属于2个单位" in reasons[(d, 12)]
    assert "不是数字" in reasons[(SHEET_ENTERPRISE, 3)]


def test_replace_swaps_one_list_and_keeps_the_other(store, tmp_path: Path) -> None:
    before = _duty_set(store)
    enterprise_before = [d for d in before if d[3] is not None]
    rows = [{H_UNIT: "青岚市应急管理局", H_ROLE: "监管", H_LAYER: "道路", H_DISTRICT: "全市"}]
    path = _workbook(tmp_path / "dept.xlsx", rows)
    report = import_duties(store, resolve_actor(store, "admin"), path, replace=True)
    assert report.ok and report.kinds == ("department",)
    assert report.created == 1 and report.deleted == len(before) - len(enterprise_before)
    after = _duty_set(store)
    assert [d for d in after if d[3] is not None] == enterprise_before
    assert [d[1:] for d in after if d[3] is None] == [("supervisor", "roads", None, None, "")]


def test_only_an_admin_may_import(store, tmp_path: Path) -> None:
    path = tmp_path / "duties.xlsx"
    export_duties(store, path)
    with pytest.raises(PermissionDenied):
        import_duties(store, resolve_actor(store, "zhangwei"), path)


def test_a_file_that_is_not_a_workbook_is_refused(store, tmp_path: Path) -> None:
    bad = tmp_path / "duties.xlsx"
    bad.write_text("责任单位,责任类型\n", encoding="utf-8")
    with pytest.raises(RiskmapError, match="not a readable XLSX"):
        import_duties(store, resolve_actor(store, "admin"), bad)
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(RiskmapError, match="no sheet named"):
        import_duties(store, resolve_actor(store, "admin"), tmp_path / "other.xlsx")


def test_an_old_copy_never_undoes_newer_duties(store, tmp_path: Path) -> None:
    """Export; another admin edits one duty's note, adds one and deletes one; the old copy is
    imported: refused, naming them; forced, it writes and the audit trail says so."""
    from riskmap.core.ledger import Ledger
    from riskmap.store.access import Actor

    path = tmp_path / "old.xlsx"
    export_duties(store, path)
    with store.session() as s:
        first, second = s.scalars(
            select(Duty).where(Duty.site_id.is_(None)).order_by(Duty.id).limit(2)
        ).all()
    other = Actor("chen", "admin", "陈静")
    with Ledger(store, other).edit() as tx:
        tx.update_duty(first.id, {"note": "每季度检查一次"})
        added = tx.create_duty(
            unit_id=first.unit_id, role="supervisor", layer="roads", district_code=None,
            site_id=None, note="导出后新增",
        )  # fmt: skip
        tx.delete_duty(second.id)
    admin = resolve_actor(store, "admin")
    before, events = _duty_set(store), _audit_count(store)

    refused = import_duties(store, admin, path, replace=True)
    assert refused.blocked and not refused.written and refused.errors == []
    text = "\n".join(refused.conflicts)
    assert f"条目 {first.id} 在导出后已被修改（chen 于 " in text
    assert f"修改：说明：{first.note} → 每季度检查一次）" in text
    assert f"条目 {added}（部门监管责任清单）在导出后才新增（chen 于 " in text
    assert f"条目 {second.id} 在导出后已被删除（chen 于 " in text
    assert len(refused.conflicts) == 3
    assert "已被他人修改" in refused.summary()
    # Without replacing, only the deleted duty would come back: still a conflict.
    adding = import_duties(store, admin, path)
    assert len(adding.conflicts) == 1
    assert f"条目 {second.id} 在导出后已被删除" in adding.conflicts[0]
    assert _duty_set(store) == before and _audit_count(store) == events

    forced = import_duties(store, admin, path, replace=True, force=True)
    assert forced.ok and forced.written
    with store.session() as s:
        notes = set(s.scalars(select(AuditEvent.note).where(AuditEvent.id > events)))
    assert notes == {"forced spreadsheet overwrite: old.xlsx"}
    assert ("每季度检查一次" in {d[5] for d in _duty_set(store)}) is False


def test_a_duties_file_from_another_database_is_refused(store, tmp_path: Path) -> None:
    path = tmp_path / "duties.xlsx"
    export_duties(store, path)
    wb = load_workbook(path)
    info = wb["说明"]
    for row in info.iter_rows():
        if row[0].value == "数据库标识":
            row[1].value = "f" * 32
    wb.save(path)
    report = import_duties(store, resolve_actor(store, "admin"), path, replace=True)
    assert report.blocked and report.foreign == "f" * 32
    assert "不是从当前数据库导出的文件" in report.summary()
