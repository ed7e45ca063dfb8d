"""Export: one row per hazard (with its rectification), formatted for Excel and WPS."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.core.catalog import load_catalog
from riskmap.core.dossier import STATUS_FILTERS, status_matches
from riskmap.core.ledger import is_overdue
from riskmap.errors import RiskmapError
from riskmap.io.ledger_xlsx.columns import (
    ABOUT_DATABASE,
    ABOUT_SHEET,
    COLUMNS,
    HEADERS,
    LEVEL_ZH,
    SHEET,
    STATUS_ZH,
    VERSIONS,
)
from riskmap.io.ledger_xlsx.districts import _DistrictTree
from riskmap.store.engine import Store
from riskmap.store.schema import Hazard, Rectification, Site, Unit

DATE_FORMAT = "yyyy-mm-dd"
_FILTER_ZH = {"all": "全部", "open": "未销号", "closed": "已销号", "overdue": "逾期"}


def export_ledger(
    store: Store,
    path: str | Path,
    *,
    as_of: dt.date,
    district: str | None = None,
    status: str = "all",
) -> int:
    """Write the ledger (one row per hazard) to `path` as XLSX; the number of rows written.

    `district` is a county or township code (or name): only sites in it. `status` is one of
    `riskmap.core.dossier.STATUS_FILTERS`; 是否逾期 is derived with `as_of`.
    """
    if status not in STATUS_FILTERS:
        raise RiskmapError(
            f"unknown status filter {status!r} (use one of {', '.join(STATUS_FILTERS)})"
        )
    catalog = load_catalog()
    with store.session() as s:
        tree = _DistrictTree(s)
        scope = tree.scope(district) if district else None
        rows = _ledger_rows(s, scope)
    out: list[list[Any]] = []
    overdue_rows: list[bool] = []
    for r in rows:
        st = r.status or "open"
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
            "level": LEVEL_ZH.get(r.level, r.level),
            "found_on": r.found_on,
            "found_by": r.found_by,
            "measures": r.measures,
            "deadline": r.deadline,
            "unit": r.unit_name,
            "person": r.responsible_person,
            "funds": r.funds,
            "status": STATUS_ZH.get(st, st),
            "overdue": "是" if late else "否",
            "submitted_by": r.submitted_by,
            "submitted_on": r.submitted_on,
            "verified_by": r.verified_by,
            "verified_on": r.verified_on,
            "review_note": r.review_note,
            "escalated": "是" if r.escalation else "否",
            "escalated_on": r.escalated_on,
            "days_overdue": (as_of - r.deadline).days if late and r.deadline else None,
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
        ("整改状态", _FILTER_ZH.get(status, STATUS_ZH.get(status, status))),
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


def _ledger_rows(s: Session, scope: set[str] | None) -> list[Any]:
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
            _put(ws.cell(row=i, column=j), v)
            if late:
                ws.cell(row=i, column=j).fill = late_fill
    last = get_column_letter(len(HEADERS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
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
        _put(info.cell(row=i, column=2), v)
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 80

    path.parent.mkdir(parents=True, exist_ok=True)
    # A temp file beside the target, then one rename: a failed export never leaves half a file.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise RiskmapError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _put(cell: Any, v: Any) -> None:
    if v is None or v == "":
        return
    if isinstance(v, dt.date):
        cell.value = v
        cell.number_format = DATE_FORMAT
        return
    if isinstance(v, str):
        # Control characters make the file unreadable to Excel, and so does a cell over its
        # 32,767-character limit; neither carries anything a reader would miss.
        v = _ILLEGAL_XML.sub("", v)[:32767]
        cell.value = v
        if v[:1] in ("=", "+", "-", "@"):
            # A text starting like a formula stays text (no formula injection), and unlike a
            # leading apostrophe in the value, reads back as it was written.
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    cell.value = v


def _width(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, dt.date):
        return 10
    if isinstance(v, float):
        return len(f"{v:g}")
    # CJK characters are twice as wide as Latin ones in Excel's width unit.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(v))
