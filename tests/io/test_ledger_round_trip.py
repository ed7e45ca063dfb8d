"""Nothing lost through a spreadsheet round trip: an old copy of the exported ledger never undoes
newer work, on SQLite and on PostGIS, unless the user forces it (and the audit trail says so)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, update

from riskmap.cli import main
from riskmap.core.ledger import Ledger
from riskmap.io.ledger_xlsx import SHEET, export_ledger, import_ledger
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.schema import AuditEvent, Hazard, Meta, Rectification

LINA = Actor("lina", "editor", "李娜")
WANG = Actor("wangqiang", "editor", "王强")
ZHANG = Actor("zhangwei", "editor", "张伟")


@pytest.fixture
def store_of():
    opened: list[Any] = []

    def opener(url: str):
        st = open_store(url)
        opened.append(st)
        return st

    yield opener
    for st in opened:
        st.dispose()


def _col(ws, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def _row_of(ws, hazard_id: int) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == hazard_id)


def _in_progress(store, n: int) -> list[Rectification]:
    with store.session() as s:
        stmt = (
            select(Rectification)
            .where(Rectification.status == "in_progress")
            .order_by(Rectification.id)
            .limit(n)
        )
        return list(s.scalars(stmt))


def _rect(store, rect_id: int) -> Rectification:
    with store.session() as s:
        r = s.get(Rectification, rect_id)
        assert r is not None
        return r


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_old_copy_never_undoes_newer_work(any_demo_copy, store_of, tmp_path, capsys):
    """The tester's story: export; 李娜 edits hazard A's measures, 王强 submits rectification B;
    the old copy is imported: refused (exit 2) naming both, newer work intact; then forced."""
    url = any_demo_copy
    store = store_of(url)
    today = dt.date.today()
    old_copy = tmp_path / "台账_旧.xlsx"
    export_ledger(store, old_copy, as_of=today)
    a, b = _in_progress(store, 2)
    with Ledger(store, LINA).edit() as tx:
        tx.set_rectification(a.hazard_id, "加装可燃气体报警器并联动切断阀", a.deadline, a.unit_id,
                             a.responsible_person, a.funds)  # fmt: skip
    with Ledger(store, WANG).edit() as tx:
        tx.transition(b.id, "submit")

    code, out, err = _cli(capsys, "ledger", "import", str(old_copy), "--db", url,
                          "--user", "zhangwei")  # fmt: skip

    assert code == 2, (out, err)
    assert "在导出后已被修改" in err and "2 条隐患在导出后已被他人修改" in err
    assert f"隐患 {a.hazard_id} 的整改" in err and "李娜 于" in err
    assert "整改措施：" in err and "加装可燃气体报警器并联动切断阀" in err
    assert f"隐患 {b.hazard_id} 的整改" in err and "王强 于" in err
    assert "整改状态：整改中 → 待验收" in err
    assert "--force" in err
    assert _rect(store, a.id).measures == "加装可燃气体报警器并联动切断阀"
    kept = _rect(store, b.id)
    assert (kept.status, kept.submitted_by) == ("submitted", "wangqiang")

    with store.session() as s:
        last = s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    code, out, err = _cli(capsys, "ledger", "import", str(old_copy), "--db", url,
                          "--user", "zhangwei", "--force")  # fmt: skip

    assert code == 0, (out, err)
    assert "强制覆盖" in out and "整改状态保持「待验收」" in out
    assert _rect(store, a.id).measures == a.measures  # overwritten, on the user's word
    kept = _rect(store, b.id)
    assert (kept.status, kept.submitted_by) == ("submitted", "wangqiang")  # never moved back
    with store.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.id > last)))
    assert [(e.user, e.table, e.row_id) for e in events] == [("zhangwei", "rectifications", a.id)]
    assert events[0].note.startswith("forced spreadsheet overwrite: 台账_旧.xlsx")
    assert events[0].before["measures"] == "加装可燃气体报警器并联动切断阀"


def test_a_fresh_copy_imports_and_steps_the_workflow_as_the_importer(demo_copy, store_of, tmp_path):
    store = store_of(demo_copy)
    today = dt.date.today()
    out = tmp_path / "台账.xlsx"
    export_ledger(store, out, as_of=today)
    a, b = _in_progress(store, 2)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ra, rb = _row_of(ws, a.hazard_id), _row_of(ws, b.hazard_id)
    ws.cell(row=ra, column=_col(ws, "整改措施")).value = "更换老化电缆"
    ws.cell(row=rb, column=_col(ws, "整改状态")).value = "待验收"
    wb.save(out)

    report = import_ledger(store, ZHANG, out, today=today)

    assert report.ok and report.written, report.to_text("en")
    assert (report.updated, report.created) == (2, 0)
    assert _rect(store, a.id).measures == "更换老化电缆"
    done = _rect(store, b.id)
    assert (done.status, done.submitted_by, done.submitted_on) == ("submitted", "zhangwei", today)
    # The same file again: row A is as the file says; row B is newer than the file (it has a
    # submitter the file lacks): a conflict, though the change was the importer's own.
    again = import_ledger(store, ZHANG, out, today=today)
    assert again.blocked and not again.written
    assert [(c.row, c.table, c.row_id) for c in again.conflicts] == [(rb, "rectifications", b.id)]
    assert "张伟 于" in again.conflicts[0].text("zh")
    # Moving a rectification back is never a file's to do, even forced.
    export_ledger(store, out, as_of=today)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ws.cell(row=_row_of(ws, b.hazard_id), column=_col(ws, "整改状态")).value = "整改中"
    wb.save(out)
    back = import_ledger(store, ZHANG, out, today=today, force=True)
    assert not back.written
    assert [p.column for p in back.problems] == ["整改状态"]
    assert "不能把整改状态从「待验收」改为「整改中」" in back.problems[0].reason
    assert _rect(store, b.id).status == "submitted"


def _strip_versions(path: Path) -> None:
    """The file as a city's own 台账: no version columns, no 说明 sheet."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    for header in ("整改版本号", "隐患版本号"):
        ws.delete_cols(_col(ws, header))
    del wb["说明"]
    wb.save(path)


def test_a_file_without_versions_only_adds_rows_and_fills_blanks(demo_copy, store_of, tmp_path):
    store = store_of(demo_copy)
    today = dt.date.today()
    out = tmp_path / "本单位台账.xlsx"
    export_ledger(store, out, as_of=today)
    _strip_versions(out)
    with store.session() as s:
        blank = s.scalar(
            select(Rectification)
            .where(Rectification.funds.is_(None), Rectification.status != "verified")
            .order_by(Rectification.id)
            .limit(1)
        )
        n_hazards = len(s.scalars(select(Hazard.id)).all())
    wb = load_workbook(out)
    ws = wb[SHEET]
    other = next(r for r in _in_progress(store, 3) if r.hazard_id != blank.hazard_id)
    r_fill, r_change = _row_of(ws, blank.hazard_id), _row_of(ws, other.hazard_id)
    ws.cell(row=r_fill, column=_col(ws, "整改资金（万元）")).value = 2.5
    ws.cell(row=r_change, column=_col(ws, "整改措施")).value = "别人的措施被改写"
    first = [c.value for c in ws[2]]
    ws.append([None, *first[1:]])
    wb.save(out)

    refused = import_ledger(store, ZHANG, out, today=today)

    assert not refused.written and not refused.versioned
    assert [(p.row, p.column) for p in refused.problems] == [(r_change, "整改措施")]
    assert "只能新增隐患、填写空白项" in refused.problems[0].reason
    wb = load_workbook(out)
    wb[SHEET].delete_rows(r_change)
    wb.save(out)
    report = import_ledger(store, ZHANG, out, today=today)
    assert report.ok and report.written, report.to_text("en")
    assert (report.created, report.updated) == (1, 1)
    assert _rect(store, blank.id).funds == 2.5
    assert _rect(store, other.id).measures == other.measures
    with store.session() as s:
        assert len(s.scalars(select(Hazard.id)).all()) == n_hazards + 1


def test_a_file_from_another_database_is_refused_unless_forced(demo_copy, store_of, tmp_path):
    store = store_of(demo_copy)
    today = dt.date.today()
    out = tmp_path / "台账.xlsx"
    export_ledger(store, out, as_of=today)
    (a,) = _in_progress(store, 1)
    wb = load_workbook(out)
    ws = wb[SHEET]
    ws.cell(row=_row_of(ws, a.hazard_id), column=_col(ws, "整改措施")).value = "另一库的措施"
    info = wb["说明"]
    key_row = next(r for r in range(1, info.max_row + 1) if info.cell(r, 1).value == "数据库标识")
    info.cell(key_row, 2).value = "0" * 32
    wb.save(out)

    refused = import_ledger(store, ZHANG, out, today=today)
    assert refused.blocked and refused.foreign == "0" * 32 and not refused.written
    assert "不是从当前数据库导出的" in refused.summary("zh")
    assert _rect(store, a.id).measures == a.measures

    forced = import_ledger(store, ZHANG, out, today=today, force=True)
    assert forced.written and forced.updated == 1
    assert _rect(store, a.id).measures == "另一库的措施"
    with store.session() as s:
        note = s.scalar(
            select(AuditEvent.note)
            .where(AuditEvent.table == "rectifications", AuditEvent.row_id == a.id)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
    assert note.startswith("forced spreadsheet overwrite") and "another database" in note


def test_a_deleted_hazard_is_not_brought_back_by_an_old_copy(demo_copy, store_of, tmp_path):
    store = store_of(demo_copy)
    today = dt.date.today()
    out = tmp_path / "台账.xlsx"
    export_ledger(store, out, as_of=today)
    (a,) = _in_progress(store, 1)
    with Ledger(store, LINA).edit() as tx:
        tx.delete_hazard(a.hazard_id)
    report = import_ledger(store, ZHANG, out, today=today)
    assert report.blocked and not report.written
    (c,) = report.conflicts
    assert (c.table, c.hazard_id) == ("hazards", a.hazard_id)
    assert "李娜 于" in c.text("zh") and "删除" in c.text("zh")
    with store.session() as s:
        assert s.get(Hazard, a.hazard_id) is None


def _formula_ledger(tmp_path: Path, store, cached: dict[str, str] | None = None) -> Path:
    """A one-row ledger whose 整改期限 and 整改资金 are formulas, saved by a tool that did not
    compute them (openpyxl), or with the values `cached` by cell as Excel would save them."""
    (a,) = _in_progress(store, 1)
    with store.session() as s:
        h = s.get(Hazard, a.hazard_id)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["隐患编号", "风险点编号", "隐患名称", "隐患等级", "发现日期", "整改措施",
               "整改期限", "整改资金（万元）", "整改状态"])  # fmt: skip
    ws.append([None, h.site_id, "配电箱无防护罩", "一般隐患", h.found_on, "加装防护罩",
               "=DATE(2026,12,31)", "=1+2", "待整改"])  # fmt: skip
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    if cached:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for ref, value in cached.items():
            start = xml.index(f'<c r="{ref}"')
            end = xml.index("</c>", start)
            xml = xml[:start] + xml[start:end].replace("<v />", f"<v>{value}</v>") + xml[end:]
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_formula_cells_use_their_saved_value_or_are_refused(demo_copy, store_of, tmp_path):
    store = store_of(demo_copy)
    today = dt.date.today()
    bare = _formula_ledger(tmp_path, store)
    report = import_ledger(store, ZHANG, bare, today=today)
    assert not report.written
    got = {p.column: p.reason for p in report.problems}
    assert set(got) == {"整改期限", "整改资金（万元）"}
    assert "单元格 G2 是公式（=DATE(2026,12,31)），文件中没有它的计算结果" in got["整改期限"]
    assert "单元格 H2 是公式（=1+2）" in got["整改资金（万元）"]

    # As Excel saves it: the computed values beside the formulas (46387 is 2026-12-31).
    saved = _formula_ledger(tmp_path, store, {"G2": "46387", "H2": "3"})
    report = import_ledger(store, ZHANG, saved, today=today)
    assert report.ok and report.created == 1, report.to_text("en")
    with store.session() as s:
        made = s.scalar(select(Rectification).order_by(Rectification.id.desc()).limit(1))
    assert (made.deadline, made.funds) == (dt.date(2026, 12, 31), 3.0)


def test_versions_and_identity_are_in_the_export(demo_copy, store_of, tmp_path):
    store = store_of(demo_copy)
    out = tmp_path / "台账.xlsx"
    export_ledger(store, out, as_of=dt.date.today())
    wb = load_workbook(out)
    ws = wb[SHEET]
    hv, rv = _col(ws, "隐患版本号"), _col(ws, "整改版本号")
    letters = {ws.cell(row=1, column=c).column_letter for c in (hv, rv)}
    assert all(ws.column_dimensions[x].hidden for x in letters)
    (a,) = _in_progress(store, 1)
    r = _row_of(ws, a.hazard_id)
    assert ws.cell(row=r, column=rv).value == a.version
    info = {row[0]: row[1] for row in wb["说明"].iter_rows(values_only=True)}
    with store.session() as s:
        assert info["数据库标识"] == s.get(Meta, "database_id").value
    # Bumped in the database afterwards by a direct write: the column keeps the exported one.
    with store.begin(Actor("admin", "admin")) as s:
        s.execute(update(Rectification).where(Rectification.id == a.id).values(version=99))
    assert load_workbook(out)[SHEET].cell(row=r, column=rv).value == a.version
