"""Export: one row per hazard (with its rectification), formatted for Excel and WPS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap import terms
from riskmap.atomic import atomic_path
from riskmap.core.catalog import load_catalog
from riskmap.core.figures import (
    STATUS_FILTERS,
    Territory,
    days_overdue,
    found_sql,
    is_escalated,
    is_overdue,
    status_matches,
    status_of,
)
from riskmap.errors import RiskmapError
from riskmap.io.cells import XLSX_DATE_FORMAT, put
from riskmap.io.ledger_xlsx.columns import (
    ABOUT_DATABASE,
    ABOUT_SHEET,
    COLUMNS,
    HEADERS,
    SHEET,
    VERSIONS,
)
from riskmap.io.ledger_xlsx.districts import _DistrictTree
from riskmap.io.print_setup import setup_workbook
from riskmap.messages import Words
from riskmap.store.engine import Store
from riskmap.store.schema import Hazard, Rectification, Site, Unit

DATE_FORMAT = XLSX_DATE_FORMAT


def export_ledger(
    store: Store,
    path: str | Path,
    *,
    as_of: dt.date,
    district: str | None = None,
    status: str = "all",
) -> int:
    """Write the ledger (one row per hazard) to `path` as XLSX; the number of rows written.

    `district` is a county or township code (or name): only the sites it answers for (属地, by
    their township). `status` is one of `riskmap.core.figures.STATUS_FILTERS`; only hazards found
    by `as_of` are listed, and 是否逾期 is derived with it (riskmap.core.figures' rules).
    """
    if status not in STATUS_FILTERS:
        raise RiskmapError.of(
            "ledger_file.status_filter",
            status=status,
            choices=[Words(k, terms.status_filter(k)) for k in STATUS_FILTERS],
        )
    catalog = load_catalog()
    with store.session() as s:
        tree = _DistrictTree(s)
        scope = Territory.read(store).codes_under(tree.find(district)) if district else None
        rows = _ledger_rows(s, scope, as_of)
    out: list[list[Any]] = []
    overdue_rows: list[bool] = []
    for r in rows:
        st = status_of(r.status)
        late = is_overdue(st, r.deadline, as_of)
        if not status_matches(st, late, status):
            continue
        township, county = tree.township_county(r.district_code)
        spec = catalog.get(r.layer)
        values = {
            "hazard_id": r.id,
            "site_id": r.site_id,
            "site_name": r.site_name,
            "layer": spec.name_zh if spec is not None else r.layer,
            "township": township,
            "county": county,
            "category": r.category,
            "description": r.description,
            "level": terms.level(r.level),
            "found_on": r.found_on,
            "found_by": r.found_by,
            "measures": r.measures,
            "deadline": r.deadline,
            "unit": r.unit_name,
            "person": r.responsible_person,
            "funds": r.funds,
            "status": terms.status(st),
            "overdue": "是" if late else "否",
            "submitted_by": r.submitted_by,
            "submitted_on": r.submitted_on,
            "verified_by": r.verified_by,
            "verified_on": r.verified_on,
            "review_note": r.review_note,
            "escalated": "是" if is_escalated(r.escalation) else "否",
            "escalated_on": r.escalated_on,
            "days_overdue": days_overdue(st, r.deadline, as_of),
            "unit_id": r.unit_id,
            "inspection_id": r.inspection_id,
            "hazard_version": r.hazard_version,
            "rect_version": r.rect_version,
        }
        out.append([values[c.key] for c in COLUMNS])
        overdue_rows.append(late)
    about = [
        ("城市", store.city_name),
        ("统计日期（是否逾期按此日期计算）", as_of),
        ("区域", tree.label(district) if district else "全部"),
        ("整改状态", terms.status_filter(status)),
        ("隐患条数", len(out)),
        ("逾期条数", sum(overdue_rows)),
        ("说明", "是否逾期、逾期天数为导出时计算，导入时忽略；日期为 年-月-日，资金单位为万元。"),
        (
            "再导入",
            "隐藏的“隐患版本号”“整改版本号”两列记录导出时各条记录的版本：导入时，导出后已被他人"
            "修改的记录不会被本文件覆盖（除非确认强制覆盖）。请勿删除这两列和本页。",
        ),
        (ABOUT_DATABASE, store.database_id),
    ]
    _save_xlsx(Path(path), out, overdue_rows, about)
    return len(out)


def _ledger_rows(s: Session, scope: frozenset[str] | None, as_of: dt.date) -> list[Any]:
    stmt = (
        select(
            Hazard.id,
            Hazard.site_id,
            Site.name.label("site_name"),
            Site.layer,
            Site.district_code,
            Hazard.category,
            Hazard.description,
            Hazard.level,
            Hazard.found_on,
            Hazard.found_by,
            Hazard.inspection_id,
            Hazard.escalation,
            Hazard.escalated_on,
            Hazard.version.label("hazard_version"),
            Rectification.version.label("rect_version"),
            Rectification.measures,
            Rectification.deadline,
            Rectification.unit_id,
            Unit.name.label("unit_name"),
            Rectification.responsible_person,
            Rectification.funds,
            Rectification.status,
            Rectification.submitted_by,
            Rectification.submitted_on,
            Rectification.verified_by,
            Rectification.verified_on,
            Rectification.review_note,
        )
        .join(Site, Site.id == Hazard.site_id)
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .outerjoin(Unit, Unit.id == Rectification.unit_id)
        .where(found_sql(as_of))
        .order_by(Hazard.id)
    )
    if scope is not None:
        stmt = stmt.where(Site.district_code.in_(sorted(scope)))
    return list(s.execute(stmt).all())


def _save_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    overdue: Sequence[bool],
    about: Sequence[tuple[str, Any]],
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="FFD9E1F2")
    late_fill = PatternFill("solid", fgColor="FFFFC7CE")
    center = Alignment(horizontal="center", vertical="center")
    for j, header in enumerate(HEADERS, start=1):
        c = ws.cell(row=1, column=j, value=header)
        c.font, c.fill, c.alignment = bold, head_fill, center
    for i, (values, late) in enumerate(zip(rows, overdue, strict=True), start=2):
        for j, v in enumerate(values, start=1):
            put(ws.cell(row=i, column=j), v, DATE_FORMAT)
            if late:
                ws.cell(row=i, column=j).fill = late_fill
    last = get_column_letter(len(HEADERS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for j, header in enumerate(HEADERS, start=1):
        sample = [r[j - 1] for r in rows[:1000]]
        width = max([_width(header) + 2] + [_width(v) for v in sample])
        ws.column_dimensions[get_column_letter(j)].width = max(8, min(50, width + 2))
        if COLUMNS[j - 1].key in VERSIONS:
            # Not for people, but kept by Excel and WPS when the file is edited and saved.
            ws.column_dimensions[get_column_letter(j)].hidden = True

    info = wb.create_sheet(ABOUT_SHEET)
    for i, (k, v) in enumerate(about, start=1):
        info.cell(row=i, column=1, value=k).font = bold
        put(info.cell(row=i, column=2), v, DATE_FORMAT)
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 80

    setup_workbook(wb, {ABOUT_SHEET: 0})
    # A temp file beside the target, then one rename: a failed export never leaves half a file.
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _width(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, dt.date):
        return 10
    if isinstance(v, float):
        return len(f"{v:g}")
    # CJK characters are twice as wide as Latin ones in Excel's width unit.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(v))
